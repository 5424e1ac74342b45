"""Refitting a bundle's entropy model alone, for a cheaper hyper-decoder on the receiving side.

The scale hyperprior only decides how many bits each quantised latent value costs: the latent is ``round(y)``
whatever the scales are, so the task heads, the RGB decoder and every accuracy figure stay exactly as they were.
The analysis transform and the heads are frozen; the hyper-encoder and the z model start from the bundle's, the new
hyper-decoder from scratch, and all three learn the rate of the frozen latents of the training frames.
"""

from __future__ import annotations

import copy
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import torch

from .data import CityscapesFrames
from .frame_codec import Z_STRIDE
from .models.entropy import bits_from_likelihoods
from .models.networks import LayeredCodec
from .train import LR_DROP_AT, LR_DROP_FACTOR, seed_everything, step_with_aux

log = logging.getLogger(__name__)
ENTROPY_PREFIX = "entropy."
NEW_HYPER_SYNTHESIS_PREFIX = "entropy.hyper_synthesis."
FRAMES_PER_ANALYSIS_BATCH = 16
# The rate before and after a refit is reported on this many training frames' whole latents.
REPORT_FRAMES = 64


@dataclass
class RefitSettings:
    hyper_synthesis: str = "half_resolution"
    steps: int = 16000
    batch_size: int = 16
    learning_rate: float = 1e-3
    seed: int = 1


def frozen_latents(model: LayeredCodec, data_root: Path, split: str, frame_size, stride: int) -> torch.Tensor:
    """y of whole frames, (N, C, H/stride, W/stride): the analysis runs once, the refit reads crops of its output."""
    dataset = CityscapesFrames(data_root, split, frame_size, stride)
    count = len(dataset)
    chunks = []
    with torch.no_grad():
        for start in range(0, count, FRAMES_PER_ANALYSIS_BATCH):
            images = torch.stack([dataset[i]["image"] for i in range(start, min(count, start + FRAMES_PER_ANALYSIS_BATCH))])
            chunks.append(model.analysis(images))
    return torch.cat(chunks)


def latent_crops(latents: torch.Tensor, crop_cells, batch_size: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """Random crops of random frames' latents; crop sides are whole z cells so the hyperprior sees whole blocks."""
    n, _, h, w = latents.shape
    ch, cw = crop_cells
    while True:
        frames = torch.randint(0, n, (batch_size,), generator=generator)
        tops = torch.randint(0, (h - ch) // Z_STRIDE + 1, (batch_size,), generator=generator) * Z_STRIDE
        lefts = torch.randint(0, (w - cw) // Z_STRIDE + 1, (batch_size,), generator=generator) * Z_STRIDE
        yield torch.stack([latents[f, :, t:t + ch, l:l + cw] for f, t, l in zip(frames.tolist(), tops.tolist(),
                                                                             lefts.tolist())])


def bits_per_latent_value(model: LayeredCodec, y: torch.Tensor, training: bool) -> torch.Tensor:
    """All layers' bits with the side information, per latent value (the refit's loss and its report)."""
    out = model.entropy(y, training)
    return (bits_from_likelihoods(out["y_likelihoods"]) + out["side_bits"]) / y.numel()


def refitted_model(source: LayeredCodec, refit_cfg) -> LayeredCodec:
    """A codec of ``refit_cfg`` with the source's weights except a new, untrained hyper-decoder."""
    model = LayeredCodec(refit_cfg.model)
    kept = {k: v for k, v in source.state_dict().items() if not k.startswith(NEW_HYPER_SYNTHESIS_PREFIX)}
    missing, unexpected = model.load_state_dict(kept, strict=False)
    if unexpected or any(not k.startswith(NEW_HYPER_SYNTHESIS_PREFIX) for k in missing):
        raise ValueError(f"refit cannot carry the weights over: missing {missing}, unexpected {unexpected}")
    return model


def refit_codec(cfg, source: LayeredCodec, data_root: Path, settings: RefitSettings):
    """The source codec with its entropy model refitted: ``(refitted config, refitted codec, what was done)``."""
    if cfg.model.entropy_model != "hyperprior":
        raise ValueError(f"a {cfg.model.entropy_model} entropy model has no hyper-decoder to refit")
    refit_cfg = copy.deepcopy(cfg)
    refit_cfg.model.hyper_synthesis = settings.hyper_synthesis
    refit_cfg.validate()
    seed_everything(settings.seed)
    model = refitted_model(source, refit_cfg)
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith(ENTROPY_PREFIX)
    trained = [p for n, p in model.named_parameters() if n.startswith(ENTROPY_PREFIX) and not n.endswith("quantiles")]
    quantiles = [p for n, p in model.named_parameters() if n.endswith("quantiles")]
    optimizer = torch.optim.Adam(trained, lr=settings.learning_rate)
    aux_optimizer = torch.optim.Adam(quantiles, lr=cfg.train.aux_learning_rate)

    started = time.monotonic()
    latents = frozen_latents(source, data_root, "train", cfg.train.frame_size, cfg.model.stride)
    log.info("refit: %d training frames analysed in %.0f s", len(latents), time.monotonic() - started)
    crop_cells = tuple(s // cfg.model.stride for s in cfg.train.crop_size)
    crops = latent_crops(latents, crop_cells, settings.batch_size, torch.Generator().manual_seed(settings.seed))
    with torch.no_grad():
        before = float(bits_per_latent_value(source.eval(), latents[:REPORT_FRAMES], training=False))
    model.train()
    for step in range(1, settings.steps + 1):
        if step == int(LR_DROP_AT * settings.steps):
            for group in optimizer.param_groups:
                group["lr"] *= LR_DROP_FACTOR
        loss = bits_per_latent_value(model, next(crops), training=True)
        aux = step_with_aux(model, loss, optimizer, aux_optimizer)
        if step % 500 == 0 or step == settings.steps:
            log.info("refit step %d/%d bits/value %.4f aux %.4f", step, settings.steps, float(loss), float(aux))
    model.eval()
    for parameter in model.parameters():
        parameter.requires_grad = True
    with torch.no_grad():
        after = float(bits_per_latent_value(model, latents[:REPORT_FRAMES], training=False))
    log.info("refit: %.4f -> %.4f bits per latent value on the first %d training frames", before, after,
             REPORT_FRAMES)
    record = {"from_hyper_synthesis": cfg.model.hyper_synthesis, "hyper_synthesis": settings.hyper_synthesis,
              "steps": settings.steps, "batch_size": settings.batch_size, "learning_rate": settings.learning_rate,
              "seed": settings.seed, "seconds": round(time.monotonic() - started, 1),
              "train_bits_per_value_before": round(before, 5), "train_bits_per_value_after": round(after, 5)}
    return refit_cfg, model, record

"""Training loops: the layered codec jointly with its task heads (Torfason), and the uncompressed-RGB baseline."""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import Config
from .data import CityscapesFrames
from .losses import task_losses
from .models.networks import LayeredCodec, RgbTaskNetwork

log = logging.getLogger(__name__)
LR_DROP_AT, LR_DROP_FACTOR = 0.8, 0.1


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def pick_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def training_batches(cfg: Config, data_root: Path, seed: int, device: torch.device) -> Iterator[Dict[str, torch.Tensor]]:
    dataset = CityscapesFrames(data_root, "train", cfg.train.frame_size, cfg.model.stride, cfg.train.crop_size,
                               seed=seed, hflip=True)
    generator = torch.Generator().manual_seed(seed)
    while True:
        order = torch.randperm(len(dataset), generator=generator).tolist()
        # small data sets repeat frames within a batch rather than yielding fewer, smaller batches
        while len(order) < cfg.train.batch_size:
            order += order
        for start in range(0, len(order) - cfg.train.batch_size + 1, cfg.train.batch_size):
            samples = [dataset[i] for i in order[start:start + cfg.train.batch_size]]
            yield {k: torch.stack([s[k] for s in samples]).to(device) for k in samples[0]}


def weighted_task_loss(cfg: Config, losses: Dict[str, torch.Tensor]) -> torch.Tensor:
    w = cfg.loss
    return (w.seg_weight * losses["seg"] + w.heatmap_weight * losses["heatmap"] + w.size_weight * losses["size"]
            + w.offset_weight * losses["offset"])


def weighted_mean_over_counts(cfg: Config, counts: List[int],
                              per_count: List[Dict[str, torch.Tensor]]) -> Dict[str, torch.Tensor]:
    """Each task loss averaged over the trained layer counts, weighted by ``loss.layer_count_weights``."""
    weights = [cfg.loss.layer_count_weights[c - 1] if cfg.loss.layer_count_weights else 1.0 for c in counts]
    total = sum(weights)
    return {k: sum(w * t[k] for w, t in zip(weights, per_count)) / total for k in per_count[0]}


def cumulative_bpp(layer_bits: List[torch.Tensor], pixels: int) -> List[torch.Tensor]:
    total, result = 0.0, []
    for bits in layer_bits:
        total = total + bits
        result.append(total / pixels)
    return result


def rate_loss(cfg: Config, bpp_per_count: List[torch.Tensor]) -> torch.Tensor:
    """Torfason's hinge max(R - R_target, 0) for every sent prefix, plus a small plain rate term."""
    hinge = sum(F.relu(bpp - target) for bpp, target in zip(bpp_per_count, cfg.loss.target_bpp))
    if cfg.loss.rate_term == "full_stream":
        plain = bpp_per_count[-1]
    else:
        plain = sum(bpp_per_count) / len(bpp_per_count)
    return cfg.loss.rate_hinge_weight * hinge + cfg.loss.rate_weight * plain


def step_with_aux(model: nn.Module, loss: torch.Tensor, optimizer: torch.optim.Optimizer,
                  aux_optimizer: torch.optim.Optimizer) -> torch.Tensor:
    """One step on ``loss``, then one on the entropy models' quantile loss (CompressAI's aux loss); returns that."""
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    aux = model.aux_loss()
    aux_optimizer.zero_grad()
    aux.backward()
    aux_optimizer.step()
    return aux


@dataclass
class TrainResult:
    steps: int
    seconds: float
    last_losses: Dict[str, float]


def _run_steps(cfg: Config, steps: int, max_minutes: float, step_fn: Callable[[int], Dict[str, float]],
               optimizers: List[torch.optim.Optimizer], name: str) -> TrainResult:
    started = time.monotonic()
    deadline = started + max_minutes * 60
    losses: Dict[str, float] = {}
    step = 0
    dropped = False
    for step in range(1, steps + 1):
        # progress is whichever budget, steps or wall-clock time, runs out first
        progress = max((step - 1) / steps, (time.monotonic() - started) / (max_minutes * 60))
        if not dropped and progress >= LR_DROP_AT:
            dropped = True
            log.info("%s: learning rate x%g from step %d", name, LR_DROP_FACTOR, step)
            for optimizer in optimizers:
                for group in optimizer.param_groups:
                    group["lr"] *= LR_DROP_FACTOR
        losses = step_fn(step)
        if step % cfg.train.log_every == 0 or step == steps:
            rate = step / (time.monotonic() - started)
            log.info("%s step %d/%d %.2f steps/s %s", name, step, steps, rate,
                     " ".join(f"{k}={v:.4f}" for k, v in losses.items()))
        if time.monotonic() > deadline:
            log.warning("%s stopped at step %d: time budget of %.0f min spent", name, step, max_minutes)
            break
    return TrainResult(step, time.monotonic() - started, losses)


def train_codec(cfg: Config, data_root: Path, device: torch.device) -> Tuple[LayeredCodec, TrainResult]:
    seed_everything(cfg.train.seed)
    model = LayeredCodec(cfg.model).to(device)
    main_params = [p for n, p in model.named_parameters() if not n.endswith("quantiles")]
    aux_params = [p for n, p in model.named_parameters() if n.endswith("quantiles")]
    optimizer = torch.optim.Adam(main_params, lr=cfg.train.learning_rate)
    aux_optimizer = torch.optim.Adam(aux_params, lr=cfg.train.aux_learning_rate)
    batches = training_batches(cfg, data_root, cfg.train.seed, device)
    layer_rng = random.Random(cfg.train.seed)
    layer_count = model.num_layers

    def step(_: int) -> Dict[str, float]:
        batch = next(batches)
        # random layer truncation: every prefix of layers must be a usable code for its head
        if layer_rng.random() < cfg.train.full_layers_probability:
            num_layers = layer_count
        else:
            num_layers = layer_rng.randint(1, layer_count)
        model.train()
        encoded = model.encode(batch["image"], training=True)
        n, _, h, w = batch["image"].shape
        # the rate of every prefix counts, whatever the step's layer count: each is an operating point
        bpp = cumulative_bpp(model.layer_bits(encoded, layer_count), n * h * w)
        head_counts = list(range(1, layer_count + 1)) if cfg.train.heads_every_step else [num_layers]
        per_count = [task_losses(model.tasks(encoded["y_hat"], c), batch) for c in head_counts]
        tasks = weighted_mean_over_counts(cfg, head_counts, per_count)
        distortion = F.mse_loss(model.reconstruct(encoded["y_hat"], num_layers), batch["image"])
        loss = rate_loss(cfg, bpp) + cfg.loss.distortion_weight * distortion + weighted_task_loss(cfg, tasks)
        aux = step_with_aux(model, loss, optimizer, aux_optimizer)
        return {"loss": float(loss), "layers": float(num_layers), "bpp": float(bpp[-1]), "mse": float(distortion),
                **{k: float(v) for k, v in tasks.items()}, "aux": float(aux)}

    result = _run_steps(cfg, cfg.train.steps, cfg.train.max_minutes, step, [optimizer], f"codec[{cfg.id}]")
    return model.eval(), result


def train_rgb_baseline(cfg: Config, data_root: Path, device: torch.device) -> Tuple[RgbTaskNetwork, TrainResult]:
    seed_everything(cfg.train.seed + 1)
    model = RgbTaskNetwork(cfg.model).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.train.learning_rate)
    batches = training_batches(cfg, data_root, cfg.train.seed + 1, device)

    def step(_: int) -> Dict[str, float]:
        batch = next(batches)
        model.train()
        tasks = task_losses(model(batch["image"]), batch)
        loss = weighted_task_loss(cfg, tasks)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return {"loss": float(loss), **{k: float(v) for k, v in tasks.items()}}

    result = _run_steps(cfg, cfg.train.baseline_steps, cfg.train.baseline_max_minutes, step, [optimizer], "rgb-baseline")
    return model.eval(), result

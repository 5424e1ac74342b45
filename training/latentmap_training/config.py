"""Typed training configuration, loaded from JSON; every field has a default so configs state only what differs."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Tuple

BUNDLE_KINDS = ("latent", "feature")
ENTROPY_MODELS = ("hyperprior", "factorized")
HYPER_SYNTHESES = ("full_resolution", "half_resolution")
RATE_TERMS = ("mean_over_layer_counts", "full_stream")


@dataclass
class HeadRange:
    """A task-head set used for frames that arrive with ``min_layers``..``max_layers`` layers (inclusive)."""

    min_layers: int
    max_layers: int


@dataclass
class ModelConfig:
    kind: str = "latent"
    # Channels per layer, layer 0 = base; the latent has sum(layers) channels at stride 8.
    layers: List[int] = field(default_factory=lambda: [4, 8, 20])
    entropy_model: str = "hyperprior"
    analysis_width: int = 64
    synthesis_width: int = 64
    hyper_channels: int = 8  # z channels per layer
    hyper_width: int = 32
    # Where the hyper-decoder does its work: "full_resolution" ends in a 3x3 convolution at the latent's own size;
    # "half_resolution" keeps every 3x3 convolution at half of it and ends in a 1x1 convolution whose outputs a
    # pixel shuffle spreads over 2x2 latent cells (a fifth of the multiply-adds at width 32).
    hyper_synthesis: str = "full_resolution"
    head_width: int = 48
    head_ranges: List[HeadRange] = field(default_factory=lambda: [HeadRange(1, 1), HeadRange(2, 3)])
    # feature bundles: edge backbone width and the backbone stage that runs on the server
    backbone_width: int = 48
    stride: int = 8
    rans_lanes: int = 2  # interleaved rANS states the edge encoder writes (formats.md 1.4)


@dataclass
class LossConfig:
    # Rate: hinge on each cumulative layer-count bpp above its target (Torfason's max(H - H_t, 0)), plus a small
    # everywhere-on rate weight so that channels carry no bits they do not need.
    target_bpp: List[float] = field(default_factory=lambda: [0.08, 0.2, 0.45])
    rate_hinge_weight: float = 20.0
    rate_weight: float = 0.5
    # Which rate the plain term weighs. "mean_over_layer_counts": the mean of every prefix's rate, like the task
    # term, which is the mean over layer counts; then a bit of layer k costs what it earns, (layers-k+1)/layers of
    # the task weight, as a single-rate bundle's bit does. "full_stream": the rate of all layers alone, which charges
    # the top layers' bits as much as the base layer's although only the top layer counts use them.
    rate_term: str = "mean_over_layer_counts"
    # Relative weight of each layer count's task losses (empty: all equal, Yuan et al.'s average over layer counts).
    # The base layer's head can be weighted up: its channels serve every layer count, its head only the first.
    layer_count_weights: List[float] = field(default_factory=list)
    distortion_weight: float = 30.0  # on MSE of [0,1] RGB; latent bundles only
    seg_weight: float = 1.0
    heatmap_weight: float = 1.0
    size_weight: float = 0.1
    offset_weight: float = 1.0


@dataclass
class TrainConfig:
    seed: int = 1
    frame_size: Tuple[int, int] = (256, 512)
    crop_size: Tuple[int, int] = (128, 256)
    batch_size: int = 8
    steps: int = 3000
    baseline_steps: int = 1500
    learning_rate: float = 1e-3
    aux_learning_rate: float = 5e-3
    threads: int = 2
    log_every: int = 50
    # Every step trains the heads of every layer count on the same latent (Yuan et al.: optimise the average over
    # layer counts), and reconstructs RGB from one random prefix: all layers with this probability, else a uniform
    # random count. With heads_every_step false, the heads of that random count alone train in that step.
    heads_every_step: bool = True
    full_layers_probability: float = 0.25
    # After the joint training, refit the hyperprior alone for this many steps (0: no refit) with a hyper-decoder of
    # this kind: the latent and the heads stay as trained, the receiver's hyper-decoder gets cheaper (refit.py).
    entropy_refit_steps: int = 0
    entropy_refit_hyper_synthesis: str = "half_resolution"
    # wall-clock budgets: together with evaluation they keep one bundle under an hour on 2 CPU cores
    max_minutes: float = 40.0
    baseline_max_minutes: float = 10.0


@dataclass
class EvalConfig:
    jpeg_qualities: List[int] = field(default_factory=lambda: [1, 3, 5, 10, 20, 30, 50, 70, 90])
    max_val_frames: int = 100
    golden_frames: int = 2
    detection_score_threshold: float = 0.05
    detection_top_k: int = 100


@dataclass
class Config:
    id: str = "latent-scalable"
    model: ModelConfig = field(default_factory=ModelConfig)
    loss: LossConfig = field(default_factory=LossConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    eval: EvalConfig = field(default_factory=EvalConfig)

    def validate(self) -> "Config":
        m = self.model
        if m.kind not in BUNDLE_KINDS:
            raise ValueError(f"model.kind {m.kind!r} not in {BUNDLE_KINDS}")
        if m.entropy_model not in ENTROPY_MODELS:
            raise ValueError(f"model.entropy_model {m.entropy_model!r} not in {ENTROPY_MODELS}")
        if not m.layers or any(c <= 0 for c in m.layers):
            raise ValueError(f"model.layers must be positive channel counts, got {m.layers}")
        covered = sorted(n for r in m.head_ranges for n in range(r.min_layers, r.max_layers + 1))
        if covered != list(range(1, len(m.layers) + 1)):
            raise ValueError(f"head_ranges must cover layer counts 1..{len(m.layers)} exactly once, got {covered}")
        if m.hyper_synthesis not in HYPER_SYNTHESES:
            raise ValueError(f"model.hyper_synthesis {m.hyper_synthesis!r} not in {HYPER_SYNTHESES}")
        if self.train.entropy_refit_steps and (m.entropy_model != "hyperprior"
                                               or self.train.entropy_refit_hyper_synthesis not in HYPER_SYNTHESES):
            raise ValueError("train.entropy_refit_steps needs a hyperprior and entropy_refit_hyper_synthesis in "
                             f"{HYPER_SYNTHESES}")
        if m.rans_lanes not in (1, 2, 4):
            raise ValueError(f"model.rans_lanes must be 1, 2 or 4, got {m.rans_lanes}")
        if self.loss.rate_term not in RATE_TERMS:
            raise ValueError(f"loss.rate_term {self.loss.rate_term!r} not in {RATE_TERMS}")
        weights = self.loss.layer_count_weights
        if weights and (len(weights) != len(m.layers) or min(weights) < 0 or sum(weights) <= 0):
            raise ValueError(f"loss.layer_count_weights needs one non-negative weight per layer count, got {weights}")
        if len(self.loss.target_bpp) != len(m.layers):
            raise ValueError("loss.target_bpp needs one target per layer count")
        for size in (self.train.frame_size, self.train.crop_size):
            if any(s % 32 for s in size):
                raise ValueError(f"frame and crop sizes must be multiples of 32 (hyperprior stride), got {size}")
        return self

    def to_dict(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)


def _build(cls, data: Dict[str, Any]):
    if not isinstance(data, dict):
        raise ValueError(f"expected an object for {cls.__name__}, got {data!r}")
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise ValueError(f"unknown {cls.__name__} keys: {sorted(unknown)}")
    values = {}
    for name, value in data.items():
        default = getattr(cls(), name) if name not in ("min_layers", "max_layers") else None
        if dataclasses.is_dataclass(default):
            values[name] = _build(type(default), value)
        elif name == "head_ranges":
            values[name] = [_build(HeadRange, r) for r in value]
        elif isinstance(default, tuple):
            values[name] = tuple(value)
        else:
            values[name] = value
    return cls(**values)


def load_config(path: Path) -> Config:
    return config_from_dict(json.loads(Path(path).read_text()))


def config_from_dict(data: Dict[str, Any]) -> Config:
    return _build(Config, data).validate()

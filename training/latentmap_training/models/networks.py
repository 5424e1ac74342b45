"""The networks of a bundle: analysis/synthesis transforms, per-layer hyperpriors, task heads, RGB baseline.

All upsampling is Conv2d + PixelShuffle (ConvTranspose2d has no fast CPU path on the PyTorch we train with) and
every network is fully convolutional: trained on crops, run on whole frames.
"""

from __future__ import annotations

from typing import Dict, List

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..config import ModelConfig
from ..labels import NUM_DET_CLASSES, NUM_SEG_CLASSES
from .entropy import EntropyBottleneck, GaussianConditional, bits_from_likelihoods

HEATMAP_PRIOR_BIAS = -2.19  # sigmoid(-2.19) ~ 0.1: CenterNet's initial heatmap so the focal loss starts stable
GDN_GAMMA_INIT = 0.1
GDN_PEDESTAL = 1e-6


def conv(cin: int, cout: int, kernel: int = 3, stride: int = 1, dilation: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, kernel, stride=stride, padding=dilation * (kernel // 2), dilation=dilation)


class GDN(nn.Module):
    """Generalized divisive normalization (Ballé 2016); ``inverse`` multiplies instead (IGDN, synthesis side)."""

    def __init__(self, channels: int, inverse: bool = False):
        super().__init__()
        self.inverse = inverse
        self.beta = nn.Parameter(torch.ones(channels))
        self.gamma = nn.Parameter(GDN_GAMMA_INIT * torch.eye(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        beta = self.beta.abs() + GDN_PEDESTAL
        gamma = self.gamma.abs()
        norm = F.conv2d(x * x, gamma[:, :, None, None], beta)
        return x * torch.sqrt(norm) if self.inverse else x * torch.rsqrt(norm)


class Upsample2x(nn.Sequential):
    def __init__(self, cin: int, cout: int):
        super().__init__(conv(cin, cout * 4), nn.PixelShuffle(2))


class LatentAnalysis(nn.Sequential):
    """Image (N,3,H,W) in [0,1] -> latent (N,C,H/8,W/8): the learned image codec's encoder (Ballé-style, GDN)."""

    def __init__(self, channels: int, width: int):
        super().__init__(
            conv(3, width, 5, stride=2), GDN(width),
            conv(width, width, 3, stride=2), GDN(width),
            conv(width, channels, 3, stride=2),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x - 0.5)


class RgbStem(nn.Module):
    """Early stages of the RGB task network: stride 2 and stride 4 feature maps."""

    def __init__(self, width: int):
        super().__init__()
        self.stage1 = nn.Sequential(conv(3, width // 2, 5, stride=2), nn.ReLU(inplace=True))
        self.stage2 = nn.Sequential(conv(width // 2, width, 3, stride=2), nn.ReLU(inplace=True))
        self.out_channels = width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.stage2(self.stage1(x - 0.5))


class FeatureAnalysis(nn.Module):
    """Split computing edge part: the RGB backbone's early stages, then a learned spatial and channel reduction."""

    def __init__(self, channels: int, width: int):
        super().__init__()
        self.stem = RgbStem(width)
        self.reduction = conv(width, channels, 3, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.reduction(self.stem(x))


class Synthesis(nn.Sequential):
    """Latent (N,C,h,w) -> RGB (N,3,8h,8w): for visualisation and the decode-then-infer baseline only."""

    def __init__(self, channels: int, width: int):
        super().__init__(
            conv(channels, width), GDN(width, inverse=True),
            Upsample2x(width, width), GDN(width, inverse=True),
            Upsample2x(width, width // 2), GDN(width // 2, inverse=True),
            Upsample2x(width // 2, 3),
        )

    def forward(self, y: torch.Tensor) -> torch.Tensor:
        return super().forward(y) + 0.5


class HyperAnalysis(nn.Sequential):
    def __init__(self, channels: int, width: int, z_channels: int):
        super().__init__(
            conv(channels, width), nn.ReLU(inplace=True),
            conv(width, width, stride=2), nn.ReLU(inplace=True),
            conv(width, z_channels, stride=2),
        )

    def forward(self, y: torch.Tensor) -> torch.Tensor:
        return super().forward(torch.abs(y))


class HyperSynthesis(nn.Sequential):
    """z_hat (N,Cz,h/4,w/4) -> Gaussian scales (N,C,h,w) of one layer."""

    def __init__(self, channels: int, width: int, z_channels: int):
        super().__init__(
            Upsample2x(z_channels, width), nn.ReLU(inplace=True),
            Upsample2x(width, width), nn.ReLU(inplace=True),
            conv(width, channels), nn.ReLU(inplace=True),
        )


class HalfResolutionHyperSynthesis(nn.Sequential):
    """z_hat (N,Cz,h/4,w/4) -> Gaussian scales (N,C,h,w), every 3x3 convolution at (h/2,w/2) or below.

    The receiver runs the hyper-decoder on every frame before it can entropy-decode a symbol; scales vary slowly
    over the latent, so a 1x1 convolution that predicts each 2x2 block's four scales does the last step.
    """

    def __init__(self, channels: int, width: int, z_channels: int):
        super().__init__(
            Upsample2x(z_channels, width), nn.ReLU(inplace=True),
            conv(width, width), nn.ReLU(inplace=True),
            conv(width, channels * 4, kernel=1), nn.PixelShuffle(2), nn.ReLU(inplace=True),
        )


class TensorEntropyModel(nn.Module):
    """Entropy model of the whole layered tensor (formats.md section 2).

    Hyperprior: one z for all channels (it travels in layer 0), whose hyper-decoder predicts the scale of every y
    channel, so any prefix of layers decodes once layer 0 has arrived. Factorized: one learned CDF per channel.
    """

    def __init__(self, channels: int, cfg: ModelConfig):
        super().__init__()
        self.hyperprior = cfg.entropy_model == "hyperprior"
        if self.hyperprior:
            self.hyper_analysis = HyperAnalysis(channels, cfg.hyper_width, cfg.hyper_channels)
            synthesis = HalfResolutionHyperSynthesis if cfg.hyper_synthesis == "half_resolution" else HyperSynthesis
            self.hyper_synthesis = synthesis(channels, cfg.hyper_width, cfg.hyper_channels)
            self.z_bottleneck = EntropyBottleneck(cfg.hyper_channels)
            self.gaussian = GaussianConditional()
        else:
            self.y_bottleneck = EntropyBottleneck(channels)

    def forward(self, y: torch.Tensor, training: bool) -> Dict[str, torch.Tensor]:
        """y_hat as the decoder sees it, per-element y likelihoods, and the side information's bits."""
        if self.hyperprior:
            z_hat, z_likelihoods = self.z_bottleneck(self.hyper_analysis(y), training)
            scales = self.hyper_synthesis(z_hat)
            y_hat, y_likelihoods = self.gaussian(y, scales, training)
            return {"y_hat": y_hat, "y_likelihoods": y_likelihoods, "side_bits": bits_from_likelihoods(z_likelihoods),
                    "scales": scales, "z_hat": z_hat}
        y_hat, y_likelihoods = self.y_bottleneck(y, training)
        return {"y_hat": y_hat, "y_likelihoods": y_likelihoods, "side_bits": y.new_zeros(())}

    def aux_loss(self) -> torch.Tensor:
        return (self.z_bottleneck if self.hyperprior else self.y_bottleneck).aux_loss()


class ResidualDilated(nn.Module):
    def __init__(self, width: int, dilation: int):
        super().__init__()
        self.conv = conv(width, width, dilation=dilation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(x + self.conv(x))


class TaskHeads(nn.Module):
    """Segmentation (ASPP-lite, DeepLab-style dilated context) and CenterNet detection on a stride-8 tensor.

    Outputs stay on the stride-8 grid: ``seg_logits`` (N,19,h,w), ``heatmap`` (N,K,h,w) after the sigmoid,
    ``size`` (N,2,h,w) box width/height in grid cells, ``offset`` (N,2,h,w) sub-cell centre offset.
    """

    OUTPUT_NAMES = ("seg_logits", "heatmap", "size", "offset")

    def __init__(self, in_channels: int, width: int):
        super().__init__()
        half = width // 2
        self.stem = nn.Sequential(conv(in_channels, width), nn.ReLU(inplace=True))
        self.context = nn.Sequential(ResidualDilated(width, 2), ResidualDilated(width, 4))
        self.aspp = nn.ModuleList(conv(width, half, dilation=d) for d in (1, 3, 6))
        self.aspp_pool = nn.Conv2d(width, width, 1)
        self.aspp_project = nn.Conv2d(3 * half, width, 1)
        self.seg_classifier = nn.Conv2d(width, NUM_SEG_CLASSES, 1)
        self.det_trunk = nn.Sequential(conv(width, width), nn.ReLU(inplace=True))
        self.heatmap = nn.Conv2d(width, NUM_DET_CLASSES, 1)
        self.size = nn.Conv2d(width, 2, 1)
        self.offset = nn.Conv2d(width, 2, 1)
        nn.init.constant_(self.heatmap.bias, HEATMAP_PRIOR_BIAS)

    def forward(self, features: torch.Tensor) -> Dict[str, torch.Tensor]:
        x = self.context(self.stem(features))
        branches = torch.cat([F.relu(branch(x)) for branch in self.aspp], dim=1)
        pooled = self.aspp_pool(x.mean(dim=(2, 3), keepdim=True))
        seg = self.seg_classifier(F.relu(self.aspp_project(branches) + pooled))
        det = self.det_trunk(x)
        return {
            "seg_logits": seg,
            "heatmap": torch.sigmoid(self.heatmap(det)),
            "size": F.relu(self.size(det)),
            "offset": self.offset(det),
        }


class LayeredCodec(nn.Module):
    """A bundle's networks: encoder to a layered stride-8 tensor, its entropy model, heads, RGB synthesis."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.layer_channels: List[int] = list(cfg.layers)
        self.channels = sum(cfg.layers)
        if cfg.kind == "latent":
            self.analysis = LatentAnalysis(self.channels, cfg.analysis_width)
        else:
            self.analysis = FeatureAnalysis(self.channels, cfg.backbone_width)
        self.entropy = TensorEntropyModel(self.channels, cfg)
        self.heads = nn.ModuleList(TaskHeads(self.channel_end(r.max_layers), cfg.head_width) for r in cfg.head_ranges)
        self.synthesis = Synthesis(self.channels, cfg.synthesis_width)

    @property
    def num_layers(self) -> int:
        return len(self.layer_channels)

    def channel_end(self, num_layers: int) -> int:
        """Exclusive end channel of the first ``num_layers`` layers."""
        return sum(self.layer_channels[:num_layers])

    def layer_bounds(self, layer: int) -> slice:
        return slice(self.channel_end(layer), self.channel_end(layer + 1))

    def head_index(self, num_layers: int) -> int:
        for index, head_range in enumerate(self.cfg.head_ranges):
            if head_range.min_layers <= num_layers <= head_range.max_layers:
                return index
        raise ValueError(f"no head for {num_layers} layers")

    def head_input(self, y_hat: torch.Tensor, num_layers: int) -> torch.Tensor:
        """Received channels, zero-padded up to the head's input width (formats.md 5.2 "Head input")."""
        head_range = self.cfg.head_ranges[self.head_index(num_layers)]
        received = y_hat[:, : self.channel_end(num_layers)]
        return pad_channels(received, self.channel_end(head_range.max_layers))

    def layer_bits(self, entropy_out: Dict[str, torch.Tensor], num_layers: int) -> List[torch.Tensor]:
        """Estimated bits of each sent layer; the side information travels in layer 0."""
        likelihoods = entropy_out["y_likelihoods"]
        bits = [bits_from_likelihoods(likelihoods[:, self.layer_bounds(l)]) for l in range(num_layers)]
        bits[0] = bits[0] + entropy_out["side_bits"]
        return bits

    def encode(self, image: torch.Tensor, training: bool) -> Dict[str, torch.Tensor]:
        """Analysis and entropy model: y, y_hat (all channels), likelihoods and side bits."""
        y = self.analysis(image)
        return {"y": y, **self.entropy(y, training)}

    def tasks(self, y_hat: torch.Tensor, num_layers: int) -> Dict[str, torch.Tensor]:
        """The head outputs for a frame that arrived with ``num_layers`` layers."""
        return self.heads[self.head_index(num_layers)](self.head_input(y_hat, num_layers))

    def truncate(self, y_hat: torch.Tensor, num_layers: int) -> torch.Tensor:
        return pad_channels(y_hat[:, : self.channel_end(num_layers)], self.channels)

    def reconstruct(self, y_hat: torch.Tensor, num_layers: int) -> torch.Tensor:
        truncated = self.truncate(y_hat, num_layers)
        # Split-computing features are shaped by the task alone; their RGB reconstruction is only for looking at.
        return self.synthesis(truncated.detach() if self.cfg.kind == "feature" else truncated)

    def forward(self, image: torch.Tensor, num_layers: int, training: bool) -> Dict[str, object]:
        encoded = self.encode(image, training)
        y_hat = encoded["y_hat"]
        return {"y": encoded["y"], "y_hat": self.truncate(y_hat, num_layers),
                "layer_bits": self.layer_bits(encoded, num_layers), "tasks": self.tasks(y_hat, num_layers),
                "x_hat": self.reconstruct(y_hat, num_layers)}

    def aux_loss(self) -> torch.Tensor:
        return self.entropy.aux_loss()


def pad_channels(x: torch.Tensor, channels: int) -> torch.Tensor:
    missing = channels - x.shape[1]
    if missing <= 0:
        return x
    n, _, h, w = x.shape
    return torch.cat([x, x.new_zeros(n, missing, h, w)], dim=1)


class RgbTaskNetwork(nn.Module):
    """The baseline: the same head family on uncompressed RGB through a stride-8 convolutional stem."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.stem = RgbStem(cfg.backbone_width)
        self.stage3 = nn.Sequential(conv(cfg.backbone_width, sum(cfg.layers), stride=2), nn.ReLU(inplace=True))
        self.heads = TaskHeads(sum(cfg.layers), cfg.head_width)

    def forward(self, image: torch.Tensor) -> Dict[str, torch.Tensor]:
        return self.heads(self.stage3(self.stem(image)))

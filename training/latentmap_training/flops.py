"""Multiply-accumulate counts of convolutional networks at a given input size, by forward hooks."""

from __future__ import annotations

from typing import Dict

import torch
import torch.nn as nn

from .models.networks import GDN


def count_macs(module: nn.Module, *inputs: torch.Tensor) -> int:
    """MACs of one forward pass: convolutions, 1x1 GDN normalisations and linear layers (activations are free)."""
    total = [0]

    def conv_hook(layer: nn.Conv2d, _inputs, output: torch.Tensor) -> None:
        kh, kw = layer.kernel_size
        total[0] += output.numel() * (layer.in_channels // layer.groups) * kh * kw

    def gdn_hook(layer: GDN, _inputs, output: torch.Tensor) -> None:
        total[0] += output.numel() * layer.gamma.shape[1]

    def linear_hook(layer: nn.Linear, _inputs, output: torch.Tensor) -> None:
        total[0] += output.numel() * layer.in_features

    handles = []
    for sub in module.modules():
        if isinstance(sub, nn.Conv2d):
            handles.append(sub.register_forward_hook(conv_hook))
        elif isinstance(sub, GDN):
            handles.append(sub.register_forward_hook(gdn_hook))
        elif isinstance(sub, nn.Linear):
            handles.append(sub.register_forward_hook(linear_hook))
    try:
        with torch.no_grad():
            module(*inputs)
    finally:
        for handle in handles:
            handle.remove()
    return total[0]


def gflops(macs: int) -> float:
    """GFLOPs with a multiply-add counted as 2 FLOPs (formats.md metrics.flops)."""
    return 2.0 * macs / 1e9


def parameter_count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def describe(macs_by_network: Dict[str, int]) -> Dict[str, float]:
    return {name: round(gflops(macs), 4) for name, macs in macs_by_network.items()}

"""Entropy models with CompressAI semantics, implemented here: a factorized prior (Ballé et al. 2017/2018) and a
zero-mean Gaussian conditional driven by a scale hyperprior (Ballé et al. 2018).

Both give likelihoods for the rate term during training (additive uniform noise stands in for rounding) and build
the quantised CDF tables the rANS coder uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from ..coding.cdf import DEFAULT_PRECISION, pmf_to_quantized_cdf

LIKELIHOOD_BOUND = 1e-9
DEFAULT_TAIL_MASS = 1e-9
SCALE_BOUND = 0.11
SCALE_TABLE_MIN, SCALE_TABLE_MAX, SCALE_TABLE_LEVELS = 0.11, 256.0, 64
# formats.md 2.3: cdf_length = pmf_length + 2 <= 8192; values beyond a clamped table are escape-coded
MAX_HALF_PMF_LENGTH = (8192 - 3) // 2


@dataclass
class CdfTables:
    """Quantised CDFs, one row per distribution: row i holds ``lengths[i]`` entries, the last being the escape."""

    cdfs: List[List[int]]
    offsets: List[int]  # symbol value of table entry 0
    precision: int

    @property
    def lengths(self) -> List[int]:
        return [len(c) for c in self.cdfs]


class _LowerBound(torch.autograd.Function):
    """max(x, bound) whose gradient still pushes values below the bound upwards (CompressAI's LowerBound)."""

    @staticmethod
    def forward(ctx, x, bound):
        ctx.save_for_backward(x, bound)
        return torch.max(x, bound)

    @staticmethod
    def backward(ctx, grad):
        x, bound = ctx.saved_tensors
        pass_through = (x >= bound) | (grad < 0)
        return pass_through.type(grad.dtype) * grad, None


def lower_bound(x: torch.Tensor, bound: float) -> torch.Tensor:
    return _LowerBound.apply(x, torch.tensor(bound, dtype=x.dtype, device=x.device))


def quantize_noise(x: torch.Tensor) -> torch.Tensor:
    return x + torch.empty_like(x).uniform_(-0.5, 0.5)


def round_ste(x: torch.Tensor) -> torch.Tensor:
    """Rounding with a straight-through gradient: what the decoder sees during training is what it sees at test."""
    return x + (torch.round(x) - x).detach()


def _pmfs_to_tables(pmf: torch.Tensor, tail_mass: torch.Tensor, lengths: torch.Tensor, offsets: Sequence[int],
                    precision: int) -> CdfTables:
    cdfs = []
    for row, length in enumerate(lengths.tolist()):
        probabilities = pmf[row, :length].tolist() + [float(tail_mass[row])]
        cdfs.append(pmf_to_quantized_cdf(probabilities, precision))
    return CdfTables(cdfs, [int(o) for o in offsets], precision)


class EntropyBottleneck(nn.Module):
    """Factorized prior: a learned, per-channel monotone CDF (a small MLP per channel, Ballé 2018 appendix 6.1).

    Symbols are round(x - median) per channel; the decoded value is symbol + median.
    """

    def __init__(self, channels: int, filters: Tuple[int, ...] = (3, 3, 3, 3), init_scale: float = 10.0,
                 tail_mass: float = DEFAULT_TAIL_MASS):
        super().__init__()
        self.channels, self.tail_mass = channels, tail_mass
        widths = (1,) + tuple(filters) + (1,)
        scale = init_scale ** (1 / (len(filters) + 1))
        self.matrices = nn.ParameterList()
        self.biases = nn.ParameterList()
        self.factors = nn.ParameterList()
        for i in range(len(filters) + 1):
            init = math.log(math.expm1(1 / scale / widths[i + 1]))
            self.matrices.append(nn.Parameter(torch.full((channels, widths[i + 1], widths[i]), init)))
            self.biases.append(nn.Parameter(torch.empty(channels, widths[i + 1], 1).uniform_(-0.5, 0.5)))
            if i < len(filters):
                self.factors.append(nn.Parameter(torch.zeros(channels, widths[i + 1], 1)))
        self.quantiles = nn.Parameter(torch.tensor([-init_scale, 0.0, init_scale]).repeat(channels, 1, 1))
        target = math.log(2 / tail_mass - 1)
        self.register_buffer("quantile_target", torch.tensor([-target, 0.0, target]))

    def _logits_cumulative(self, x: torch.Tensor, stop_gradient: bool) -> torch.Tensor:
        logits = x  # channels x 1 x points
        for i, (matrix, bias) in enumerate(zip(self.matrices, self.biases)):
            if stop_gradient:
                matrix, bias = matrix.detach(), bias.detach()
            logits = torch.matmul(F.softplus(matrix), logits) + bias
            if i < len(self.factors):
                factor = self.factors[i].detach() if stop_gradient else self.factors[i]
                logits = logits + torch.tanh(factor) * torch.tanh(logits)
        return logits

    def medians(self) -> torch.Tensor:
        return self.quantiles[:, 0, 1]

    def aux_loss(self) -> torch.Tensor:
        """Fits the quantiles so the tables cover all but ``tail_mass`` of every channel's density."""
        logits = self._logits_cumulative(self.quantiles, stop_gradient=True)
        return torch.abs(logits - self.quantile_target).sum()

    def likelihood(self, values: torch.Tensor) -> torch.Tensor:
        """values: N x C x H x W -> probability mass of the unit bin around each value."""
        n, c, h, w = values.shape
        points = values.permute(1, 0, 2, 3).reshape(c, 1, -1)
        lower = self._logits_cumulative(points - 0.5, stop_gradient=False)
        upper = self._logits_cumulative(points + 0.5, stop_gradient=False)
        sign = -torch.sign(lower + upper).detach()
        mass = torch.abs(torch.sigmoid(sign * upper) - torch.sigmoid(sign * lower))
        mass = lower_bound(mass, LIKELIHOOD_BOUND)
        return mass.reshape(c, n, h, w).permute(1, 0, 2, 3)

    def forward(self, x: torch.Tensor, training: bool) -> Tuple[torch.Tensor, torch.Tensor]:
        """Returns (quantised values as the decoder sees them, likelihoods for the rate)."""
        medians = self.medians().detach().view(1, -1, 1, 1)
        if training:
            noisy = quantize_noise(x)
            return medians + round_ste(x - medians), self.likelihood(noisy)
        hat = torch.round(x - medians) + medians
        return hat, self.likelihood(hat)

    def symbols(self, x: torch.Tensor) -> torch.Tensor:
        return torch.round(x - self.medians().view(1, -1, 1, 1)).to(torch.int32)

    def dequantize(self, symbols: torch.Tensor) -> torch.Tensor:
        return symbols.float() + self.medians().view(1, -1, 1, 1)

    @torch.no_grad()
    def build_tables(self, precision: int = DEFAULT_PRECISION) -> CdfTables:
        """One CDF per channel over symbols [-minima, maxima] around that channel's median."""
        medians = self.quantiles[:, 0, 1]
        minima = torch.ceil(medians - self.quantiles[:, 0, 0]).int().clamp(0, MAX_HALF_PMF_LENGTH)
        maxima = torch.ceil(self.quantiles[:, 0, 2] - medians).int().clamp(0, MAX_HALF_PMF_LENGTH)
        pmf_start = medians - minima
        lengths = maxima + minima + 1
        max_length = int(lengths.max())
        samples = torch.arange(max_length, device=medians.device)[None, :] + pmf_start[:, None]
        samples = samples[:, None, :]
        lower = self._logits_cumulative(samples - 0.5, stop_gradient=True)
        upper = self._logits_cumulative(samples + 0.5, stop_gradient=True)
        sign = -torch.sign(lower + upper)
        pmf = torch.abs(torch.sigmoid(sign * upper) - torch.sigmoid(sign * lower))[:, 0, :]
        tail_mass = torch.sigmoid(lower[:, 0, :1]) + torch.sigmoid(-upper[:, 0, -1:])
        return _pmfs_to_tables(pmf, tail_mass[:, 0], lengths, (-minima).tolist(), precision)


def scale_table() -> torch.Tensor:
    return torch.exp(torch.linspace(math.log(SCALE_TABLE_MIN), math.log(SCALE_TABLE_MAX), SCALE_TABLE_LEVELS))


def standardized_cumulative(x: torch.Tensor) -> torch.Tensor:
    return 0.5 * torch.erfc(-x * (2 ** -0.5))


class GaussianConditional(nn.Module):
    """Zero-mean Gaussian convolved with a unit box; the scale of every element comes from the hyper-decoder.

    Coding uses one CDF per entry of a fixed log-spaced scale table; an element uses the first table scale that is
    >= its own scale (CompressAI's build_indexes).
    """

    def __init__(self, tail_mass: float = DEFAULT_TAIL_MASS):
        super().__init__()
        self.tail_mass = tail_mass
        self.register_buffer("scale_table", scale_table())

    def likelihood(self, values: torch.Tensor, scales: torch.Tensor) -> torch.Tensor:
        scales = lower_bound(scales, SCALE_BOUND)
        values = torch.abs(values)
        upper = standardized_cumulative((0.5 - values) / scales)
        lower = standardized_cumulative((-0.5 - values) / scales)
        return lower_bound(upper - lower, LIKELIHOOD_BOUND)

    def forward(self, y: torch.Tensor, scales: torch.Tensor, training: bool) -> Tuple[torch.Tensor, torch.Tensor]:
        if training:
            return round_ste(y), self.likelihood(quantize_noise(y), scales)
        hat = torch.round(y)
        return hat, self.likelihood(hat, scales)

    def indexes(self, scales: torch.Tensor) -> torch.Tensor:
        scales = torch.clamp(scales, min=SCALE_BOUND)
        indexes = torch.full(scales.shape, len(self.scale_table) - 1, dtype=torch.int32, device=scales.device)
        for s in self.scale_table[:-1]:
            indexes -= (scales <= s).int()
        return indexes

    @torch.no_grad()
    def build_tables(self, precision: int = DEFAULT_PRECISION) -> CdfTables:
        table = self.scale_table
        multiplier = -float(np.float32(_normal_ppf(self.tail_mass / 2)))
        pmf_center = torch.ceil(table * multiplier).int()
        lengths = 2 * pmf_center + 1
        max_length = int(lengths.max())
        samples = torch.abs(torch.arange(max_length, device=table.device).int() - pmf_center[:, None]).float()
        upper = standardized_cumulative((0.5 - samples) / table[:, None])
        lower = standardized_cumulative((-0.5 - samples) / table[:, None])
        pmf = upper - lower
        tail_mass = 2 * lower[:, 0]
        return _pmfs_to_tables(pmf, tail_mass, lengths, (-pmf_center).tolist(), precision)


def _normal_ppf(quantile: float) -> float:
    """Inverse of the standard normal CDF (bisection on erfc; only used once per table build)."""
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if 0.5 * math.erfc(-mid / math.sqrt(2)) < quantile:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def bits_from_likelihoods(likelihoods: torch.Tensor) -> torch.Tensor:
    return -torch.log2(likelihoods).sum()

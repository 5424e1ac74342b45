"""Quantised CDF tables with CompressAI's ``pmf_to_quantized_cdf`` semantics.

The last table entry of every CDF is the escape symbol, whose probability is the tail mass the pmf leaves out;
values outside the table are coded as escape + bypass bits.
"""

from __future__ import annotations

import math
from typing import List, Sequence

DEFAULT_PRECISION = 16


def _round_half_away_from_zero(value: float) -> int:
    # C++ std::round, which CompressAI uses; Python's round() would round half to even.
    return int(math.floor(value + 0.5)) if value >= 0 else -int(math.floor(-value + 0.5))


def pmf_to_quantized_cdf(pmf: Sequence[float], precision: int = DEFAULT_PRECISION) -> List[int]:
    """Integer CDF of len(pmf)+1 entries from 0 to 2**precision where every symbol keeps a frequency >= 1."""
    if not 1 <= precision <= 24:
        raise ValueError(f"precision {precision} outside 1..24")
    if len(pmf) == 0:
        raise ValueError("empty pmf")
    total_scale = 1 << precision
    freqs = [_round_half_away_from_zero(float(p) * total_scale) for p in pmf]
    if any(f < 0 for f in freqs):
        raise ValueError("negative probability in pmf")
    total = sum(freqs)
    if total == 0:
        raise ValueError("pmf has zero total mass at this precision")
    cdf = [0] * (len(pmf) + 1)
    for i, f in enumerate(freqs):
        cdf[i + 1] = cdf[i] + (total_scale * f) // total
    cdf[-1] = total_scale
    for i in range(len(cdf) - 1):
        if cdf[i] == cdf[i + 1]:
            # Steal one count from the symbol with the lowest frequency that can spare it (first such symbol).
            best_freq, best_steal = None, -1
            for j in range(len(cdf) - 1):
                freq = cdf[j + 1] - cdf[j]
                if freq > 1 and (best_freq is None or freq < best_freq):
                    best_freq, best_steal = freq, j
            if best_steal < 0:
                raise ValueError("cannot give every symbol a non-zero frequency at this precision")
            if best_steal < i:
                for j in range(best_steal + 1, i + 1):
                    cdf[j] -= 1
            else:
                for j in range(i + 1, best_steal + 1):
                    cdf[j] += 1
    return cdf

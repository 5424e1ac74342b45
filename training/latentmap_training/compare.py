"""Scalable versus single-rate bundles: the issue's "within 1 mIoU point at >= 3 rate points" figure.

A single-rate bundle is matched to the scalable bundle's layer count with the same number of channels; that gap is
the figure. Matched bundles need not land on the same bpp, so each row also carries the gap at equal rate: the
single-rate bundles' mIoU interpolated (linearly in bpp) at the scalable point's bpp, where that bpp lies between
two single-rate bundles; outside their range there is no equal-rate gap (no extrapolation).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from .plot import rate_accuracy_plot

MAX_MIOU_GAP = 0.01


def compare_bundles(scalable: Path, single_rate: Sequence[Path]) -> List[dict]:
    manifest = json.loads((scalable / "manifest.json").read_text())
    channels_per_count = {k + 1: layer["channels"][1] for k, layer in enumerate(manifest["layers"])}
    rows = []
    for path in single_rate:
        single = json.loads((path / "manifest.json").read_text())
        if len(single["layers"]) != 1:
            raise ValueError(f"{path} is not a single-rate bundle ({len(single['layers'])} layers)")
        channels = single["layers"][0]["channels"][1]
        matches = [n for n, c in channels_per_count.items() if c == channels]
        if not matches:
            raise ValueError(f"{path}: no layer count of {scalable.name} has {channels} channels")
        scalable_row = manifest["metrics"]["layers"][matches[0] - 1]
        single_row = single["metrics"]["layers"][0]
        rows.append({"single_rate": single["id"], "layers": matches[0], "channels": channels,
                     "scalable_bpp": scalable_row["bpp"], "scalable_miou": scalable_row["miou"],
                     "single_bpp": single_row["bpp"], "single_miou": single_row["miou"],
                     "gap": single_row["miou"] - scalable_row["miou"],
                     "met": single_row["miou"] - scalable_row["miou"] <= MAX_MIOU_GAP})
    curve = sorted((row["single_bpp"], row["single_miou"]) for row in rows)
    for row in rows:
        at_rate = interpolate(curve, row["scalable_bpp"])
        row["equal_rate_gap"] = None if at_rate is None else at_rate - row["scalable_miou"]
    return rows


def interpolate(curve: List[Tuple[float, float]], bpp: float) -> Optional[float]:
    """mIoU of a (bpp, mIoU) curve sorted by bpp at ``bpp``, linear between its points; None outside them."""
    for (x0, y0), (x1, y1) in zip(curve, curve[1:]):
        if x0 <= bpp <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (bpp - x0) / (x1 - x0)
    return None


def format_rows(scalable: str, rows: List[dict]) -> List[str]:
    lines = []
    for row in rows:
        prefix = f"{scalable}.vs.{row['single_rate']}"
        lines += [f"{prefix}.scalable_bpp {row['scalable_bpp']:.4f} bpp",
                  f"{prefix}.single_bpp {row['single_bpp']:.4f} bpp",
                  f"{prefix}.scalable_miou {100 * row['scalable_miou']:.2f} %",
                  f"{prefix}.single_miou {100 * row['single_miou']:.2f} %",
                  f"{prefix}.miou_gap {100 * row['gap']:.2f} points"]
        if row["equal_rate_gap"] is not None:
            lines.append(f"{prefix}.miou_gap_at_equal_rate {100 * row['equal_rate_gap']:.2f} points")
    met = sum(row["met"] for row in rows)
    lines.append(f"{scalable}.rate_points_within_1_point {met} count")
    return lines


def plot_rows(path: Path, scalable: str, rows: List[dict]) -> None:
    """The scalable bundle's matched layer counts beside the single-rate bundles, on the rate-accuracy axes."""
    rate_accuracy_plot(path, f"{scalable} (one bitstream, truncated) vs bundles trained for one rate", [
        (f"{scalable}", [(row["scalable_bpp"], row["scalable_miou"]) for row in rows]),
        ("single-rate bundles", [(row["single_bpp"], row["single_miou"]) for row in rows]),
    ])

"""Scalable versus single-rate bundles: the issue's "within 1 mIoU point at >= 3 rate points" figure.

A single-rate bundle is matched to the scalable bundle's layer count with the same number of channels; that gap is
the figure. Matched bundles need not land on the same bpp, so each row also carries the gap at equal rate: the
single-rate bundles' mIoU interpolated (linearly in bpp) at the scalable point's bpp, where that bpp lies between
two single-rate bundles; outside their range there is no equal-rate gap (no extrapolation).

One training run is one noisy sample of its recipe: identical runs that differ only in their seed land 1-2 mIoU
points apart, so the gap between two runs mostly measures the seeds. Given several runs of each recipe,
`compare_seeds` compares the recipes: the gap between their mean mIoUs, with its standard error.
"""

from __future__ import annotations

import json
from pathlib import Path
import statistics
from typing import Dict, List, Optional, Sequence, Tuple

from .plot import rate_accuracy_plot

MAX_MIOU_GAP = 0.01


def compare_bundles(scalable: Path, single_rate: Sequence[Path]) -> List[dict]:
    return _matched_rows(scalable, _manifest(scalable), [(path, _manifest(path)) for path in single_rate])


def _manifest(bundle: Path) -> dict:
    return json.loads((bundle / "manifest.json").read_text())


def _matched_rows(scalable: Path, manifest: dict, singles: Sequence[Tuple[Path, dict]]) -> List[dict]:
    channels_per_count = {k + 1: layer["channels"][1] for k, layer in enumerate(manifest["layers"])}
    rows = []
    for path, single in singles:
        if len(single["layers"]) != 1:
            raise ValueError(f"{path} is not a single-rate bundle ({len(single['layers'])} layers)")
        channels = single["layers"][0]["channels"][1]
        matches = [n for n, c in channels_per_count.items() if c == channels]
        if not matches:
            raise ValueError(f"{path}: no layer count of {scalable.name} has {channels} channels")
        scalable_row = manifest["metrics"]["layers"][matches[0] - 1]
        single_row = single["metrics"]["layers"][0]
        rows.append({"single_rate": single["id"], "single_path": str(path), "layers": matches[0], "channels": channels,
                     "scalable_bpp": scalable_row["bpp"], "scalable_miou": scalable_row["miou"],
                     "single_bpp": single_row["bpp"], "single_miou": single_row["miou"],
                     "gap": single_row["miou"] - scalable_row["miou"],
                     "met": single_row["miou"] - scalable_row["miou"] <= MAX_MIOU_GAP})
    curve = sorted((row["single_bpp"], row["single_miou"]) for row in rows)
    for row in rows:
        at_rate = interpolate(curve, row["scalable_bpp"])
        row["equal_rate_gap"] = None if at_rate is None else at_rate - row["scalable_miou"]
    return rows


def compare_seeds(scalables: Sequence[Path], single_rate: Sequence[Path]) -> List[dict]:
    """Runs of the scalable recipe against runs of each single-rate recipe (matched by channels as in
    `compare_bundles`), one row per layer count: both recipes' mean and standard deviation of mIoU over their runs,
    the gap of the means and its standard error (zero when a recipe has one run: nothing to estimate it from)."""
    singles = [(path, _manifest(path)) for path in single_rate]
    groups: Dict[int, dict] = {}
    for scalable in scalables:
        for row in _matched_rows(scalable, _manifest(scalable), singles):
            group = groups.setdefault(row["layers"], {"channels": row["channels"], "scalable": {}, "single": {}})
            group["scalable"][str(scalable)] = (row["scalable_bpp"], row["scalable_miou"])
            group["single"][row["single_path"]] = (row["single_bpp"], row["single_miou"])
    rows = []
    for layers in sorted(groups):
        group = groups[layers]
        recipes = {name: _spread(list(group[name].values())) for name in ("scalable", "single")}
        gap = recipes["single"]["miou_mean"] - recipes["scalable"]["miou_mean"]
        standard_error = (recipes["single"]["miou_sd"] ** 2 / recipes["single"]["runs"]
                          + recipes["scalable"]["miou_sd"] ** 2 / recipes["scalable"]["runs"]) ** 0.5
        rows.append({"layers": layers, "channels": group["channels"], "scalable": recipes["scalable"],
                     "single": recipes["single"], "scalable_runs": list(group["scalable"].values()),
                     "single_runs": list(group["single"].values()), "gap": gap, "gap_standard_error": standard_error,
                     "met": gap <= MAX_MIOU_GAP})
    return rows


def _spread(runs: List[Tuple[float, float]]) -> dict:
    mious = [miou for _, miou in runs]
    return {"runs": len(runs), "bpp_mean": statistics.fmean(bpp for bpp, _ in runs),
            "miou_mean": statistics.fmean(mious), "miou_sd": statistics.stdev(mious) if len(mious) > 1 else 0.0}


def format_seed_rows(scalable: str, rows: List[dict]) -> List[str]:
    lines = []
    for row in rows:
        prefix = f"{scalable}.seeds.layers{row['layers']}"
        for name in ("scalable", "single"):
            recipe = row[name]
            lines += [f"{prefix}.{name}_runs {recipe['runs']} count",
                      f"{prefix}.{name}_bpp_mean {recipe['bpp_mean']:.4f} bpp",
                      f"{prefix}.{name}_miou_mean {100 * recipe['miou_mean']:.2f} %",
                      f"{prefix}.{name}_miou_sd {100 * recipe['miou_sd']:.2f} points"]
        lines += [f"{prefix}.miou_gap_of_means {100 * row['gap']:.2f} points",
                  f"{prefix}.miou_gap_standard_error {100 * row['gap_standard_error']:.2f} points"]
    lines.append(f"{scalable}.seeds.rate_points_within_1_point {sum(row['met'] for row in rows)} count")
    return lines


def plot_seed_rows(path: Path, scalable: str, rows: List[dict]) -> None:
    """Both recipes' means as curves, every run as a dot."""
    scalable_runs, single_runs = f"{scalable} runs", "single-rate runs"
    rate_accuracy_plot(path, f"{scalable} vs single-rate bundles: mean of each recipe's runs", [
        (f"{scalable} (mean)", [(row["scalable"]["bpp_mean"], row["scalable"]["miou_mean"]) for row in rows]),
        ("single-rate (mean)", [(row["single"]["bpp_mean"], row["single"]["miou_mean"]) for row in rows]),
        (scalable_runs, [run for row in rows for run in row["scalable_runs"]]),
        (single_runs, [run for row in rows for run in row["single_runs"]]),
    ], unconnected=(scalable_runs, single_runs))


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

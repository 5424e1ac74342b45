"""One command from data to a loadable bundle: train, export, evaluate, report, manifest, golden vectors."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import torch

from .coding.tables import write_tables
from .config import Config, config_from_dict
from .evaluate import evaluate_bundle
from .export import (BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_ID_PATTERN, INPUT_MEAN, INPUT_STD, TABLES_FILE,
                     UNCOMPRESSED_BPP, classes_section, detection_format_doc, export_networks, file_entry,
                     flops_summary, is_golden, write_golden)
from .frame_codec import Z_STRIDE, FrameCodec
from .labels import DETECTION_CLASSES, train_class_names
from .models.networks import LayeredCodec, RgbTaskNetwork
from .plot import rate_accuracy_plot
from .refit import REPORT_FRAMES, RefitSettings, refit_codec
from .train import pick_device, train_codec, train_rgb_baseline

log = logging.getLogger(__name__)

CHECKPOINT_FILE = "checkpoint.pt"
REPORT_FILE = "REPORT.md"
PLOT_FILE = "rate_accuracy.png"
MANIFEST_FILE = "manifest.json"
# Figures of issue 4
BASE_LAYER_MAX_BPP = 0.10
TOP_LAYER_MAX_MIOU_GAP = 0.05
JPEG_MIN_BITS_FACTOR = 4.0
FLOPS_MAX_RATIO = 1 / 3


def bundle_id_for(out: Path) -> str:
    bundle_id = out.name
    if not BUNDLE_ID_PATTERN.fullmatch(bundle_id):
        raise ValueError(f"bundle folder name {bundle_id!r} is not a valid bundle id {BUNDLE_ID_PATTERN.pattern}")
    return bundle_id


def jpeg_bpp_for_miou(jpeg: List[dict], miou: float) -> Optional[float]:
    """Smallest JPEG bpp reaching ``miou``, interpolated linearly in log-bpp along the quality ladder."""
    curve = sorted((p["bpp"], p["miou"]) for p in jpeg)
    for (b0, m0), (b1, m1) in zip([(curve[0][0], -1.0)] + curve[:-1], curve):
        if m1 >= miou:
            if m0 < 0 or m1 == m0:
                return b1
            t = (miou - m0) / (m1 - m0)
            return math.exp(math.log(b0) + t * (math.log(b1) - math.log(b0)))
    return None


def figures(metrics: Dict[str, object], flops: Dict[str, float]) -> List[Tuple[str, bool, str]]:
    """(figure, met, measured) for each figure of the issue that one bundle can show."""
    layers, rgb, jpeg = metrics["layers"], metrics["rgb"], metrics["jpeg"]
    base, top = layers[0], layers[-1]
    rows = [(f"lowest layer count bpp <= {BASE_LAYER_MAX_BPP}", base["bpp"] <= BASE_LAYER_MAX_BPP,
             f"{base['bpp']:.4f} bpp")]
    if metrics["decode_then_infer"]:
        dti = metrics["decode_then_infer"][0]
        rows.append(("compressed-domain mIoU >= decode-then-infer mIoU at the base layer", base["miou"] >= dti["miou"],
                     f"{base['miou']:.4f} vs {dti['miou']:.4f} at {base['bpp']:.4f} bpp"))
    gap = rgb["miou"] - top["miou"]
    rows.append((f"top layer count mIoU within {TOP_LAYER_MAX_MIOU_GAP * 100:.0f} points of uncompressed RGB",
                 gap <= TOP_LAYER_MAX_MIOU_GAP, f"{top['miou']:.4f} vs {rgb['miou']:.4f} (gap {gap * 100:.2f} points)"))
    jpeg_bpp = jpeg_bpp_for_miou(jpeg, base["miou"])
    if jpeg_bpp is None:
        rows.append((f"JPEG needs >= {JPEG_MIN_BITS_FACTOR:g}x the base layer's bits for its mIoU", True,
                     f"no JPEG quality reaches mIoU {base['miou']:.4f} (best {max(p['miou'] for p in jpeg):.4f})"))
    else:
        factor = jpeg_bpp / base["bpp"] if base["bpp"] > 0 else float("inf")
        lowest = min(jpeg, key=lambda p: p["bpp"])
        if jpeg_bpp == lowest["bpp"]:
            # the lowest quality already reaches the base layer's mIoU: the true crossing may lie lower still
            rows.append((f"JPEG needs >= {JPEG_MIN_BITS_FACTOR:g}x the base layer's bits for its mIoU", False,
                         f"at most {jpeg_bpp:.4f} bpp = {factor:.2f}x (JPEG q={lowest['quality']} already reaches "
                         f"mIoU {lowest['miou']:.4f})"))
        else:
            rows.append((f"JPEG needs >= {JPEG_MIN_BITS_FACTOR:g}x the base layer's bits for its mIoU",
                         factor >= JPEG_MIN_BITS_FACTOR, f"{jpeg_bpp:.4f} bpp = {factor:.2f}x"))
    cost = flops["rgb_decoder"] + flops["rgb_network"]
    rows.append(("heads-on-latent FLOPs <= 1/3 of RGB decoder + RGB network", flops["heads_on_latent"] <= cost * FLOPS_MAX_RATIO,
                 f"{flops['heads_on_latent']:.3f} vs {cost:.3f} GFLOPs (ratio {flops['heads_on_latent'] / cost:.3f})"))
    return rows


def training_line(timings: Dict[str, object]) -> str:
    if "codec_steps" not in timings:
        return "Training: timings not recorded in the checkpoint."
    line = (f"Training: codec {timings['codec_steps']} steps in {timings['codec_seconds']:.0f} s, RGB baseline "
            f"{timings['baseline_steps']} steps in {timings['baseline_seconds']:.0f} s on {timings['device']}.")
    refit = timings.get("entropy_refit")
    if refit:
        # Bundles refitted before the command was recorded were all made by `refit-entropy`.
        command = refit.get("command", "`refit-entropy`")
        line += (f" Entropy model refitted ({command}: the latent, heads and RGB decoder as trained) with a "
                 f"{refit['hyper_synthesis']} instead of a {refit['from_hyper_synthesis']} hyper-decoder: "
                 f"{refit['steps']} steps in {refit['seconds']:.0f} s, {refit['train_bits_per_value_before']:.4f} -> "
                 f"{refit['train_bits_per_value_after']:.4f} bits per latent value on {REPORT_FRAMES} training frames.")
    return line


def _pct(value: Optional[float]) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{100 * value:.1f}"


def write_report(out: Path, cfg: Config, metrics: Dict[str, object], exported: Dict[str, object],
                 flops: Dict[str, float], timings: Dict[str, float], data_root: Path) -> None:
    layers = metrics["layers"]
    lines = [f"# Bundle `{out.name}` ({cfg.model.kind}, {cfg.model.entropy_model})", "",
             f"Validation: {metrics['frames']} frames of `{data_root}` split `val` at "
             f"{cfg.train.frame_size[0]}x{cfg.train.frame_size[1]}; bpp = actual layer-message bytes (formats.md 4.4).",
             training_line(timings), "",
             "## Per layer count", "", "| layers | channels | bpp | mIoU % | mAP@0.5 % |", "| --- | --- | --- | --- | --- |"]
    for row in layers:
        lines.append(f"| {row['layers']} | {sum(cfg.model.layers[:row['layers']])} | {row['bpp']:.4f} | "
                     f"{_pct(row['miou'])} | {_pct(row['map50'])} |")
    lines += ["", "## Baselines (same validation frames)", "", "| baseline | bpp | mIoU % | mAP@0.5 % |",
              "| --- | --- | --- | --- |",
              f"| uncompressed RGB | {UNCOMPRESSED_BPP:g} | {_pct(metrics['rgb']['miou'])} | {_pct(metrics['rgb']['map50'])} |"]
    for row in metrics["decode_then_infer"]:
        lines.append(f"| decode-then-infer, {row['layers']} layers | {row['bpp']:.4f} | {_pct(row['miou'])} | "
                     f"{_pct(row['map50'])} |")
    for row in metrics["jpeg"]:
        lines.append(f"| JPEG q={row['quality']} | {row['bpp']:.4f} | {_pct(row['miou'])} | {_pct(row['map50'])} |")
    names = train_class_names()
    header = "| class | " + " | ".join(f"{r['layers']} layers" for r in layers) + " | RGB |"
    lines += ["", "## Per-class IoU %", "", header, "|" + " --- |" * (len(layers) + 2)]
    for c, name in enumerate(names):
        values = [r["per_class_iou"][c] for r in layers] + [metrics["rgb"]["per_class_iou"][c]]
        lines.append(f"| {name} | " + " | ".join(_pct(v) for v in values) + " |")
    lines += ["", "## Per-class AP@0.5 %", "", header, "|" + " --- |" * (len(layers) + 2)]
    for c, det in enumerate(DETECTION_CLASSES):
        values = [r["per_class_ap50"][c] for r in layers] + [metrics["rgb"]["per_class_ap50"][c]]
        lines.append(f"| {det.name} | " + " | ".join(_pct(v) for v in values) + " |")
    lines += ["", f"## Networks at {cfg.train.frame_size[0]}x{cfg.train.frame_size[1]}", "",
              "| network | GFLOPs (2 per MAC) | parameters | ONNX bytes |", "| --- | --- | --- | --- |"]
    for role, macs in exported["macs"].items():
        size = (out / f"{role}.onnx").stat().st_size
        lines.append(f"| {role} | {flops[role]:.3f} | {exported['params'][role]:,} | {size:,} |")
    lines += ["", "## Figures of issue 4", "", "| figure | met | measured |", "| --- | --- | --- |"]
    for name, met, measured in figures(metrics, flops):
        lines.append(f"| {name} | {'yes' if met else 'MISSED'} | {measured} |")
    lines += ["| scalable within 1 mIoU point of single-rate bundles at >= 3 rates | see `compare` | "
              "`python3 -m latentmap_training compare` with the single-rate bundles |", "",
              f"![rate-accuracy]({PLOT_FILE})", ""]
    (out / REPORT_FILE).write_text("\n".join(lines))
    series = [("compressed domain", [(r["bpp"], r["miou"]) for r in layers]),
              ("JPEG + RGB network", [(r["bpp"], r["miou"]) for r in metrics["jpeg"]])]
    if metrics["decode_then_infer"]:
        series.insert(1, ("decode-then-infer", [(r["bpp"], r["miou"]) for r in metrics["decode_then_infer"]]))
    rate_accuracy_plot(out / PLOT_FILE, f"{out.name}: rate vs mIoU", series,
                       [("uncompressed RGB", metrics["rgb"]["miou"])])


def manifest_metrics(metrics: Dict[str, object], flops: Dict[str, float]) -> Dict[str, object]:
    def short(row: dict) -> dict:
        return {"bpp": round(row["bpp"], 6), "miou": round(row["miou"], 6), "map50": round(row["map50"], 6)}

    baselines = [{"name": "rgb_baseline", "bpp": UNCOMPRESSED_BPP, "miou": round(metrics["rgb"]["miou"], 6),
                  "map50": round(metrics["rgb"]["map50"], 6)}]
    baselines += [{"name": f"jpeg-q{r['quality']}+rgb_baseline", **short(r)} for r in metrics["jpeg"]]
    baselines += [{"name": f"decode-then-infer-l{r['layers']}+rgb_baseline", **short(r)}
                  for r in metrics["decode_then_infer"]]
    return {
        "layers": [{"layers": r["layers"], **short(r), "per_class_iou": r["per_class_iou"],
                    "per_class_ap50": r["per_class_ap50"]} for r in metrics["layers"]],
        # formats.md 5.2 shape (a list); the grouped shape follows under baselines_summary
        "baselines": baselines,
        "baselines_summary": {
            "rgb": {"miou": metrics["rgb"]["miou"], "map50": metrics["rgb"]["map50"]},
            "decode_then_infer": [{"bpp": r["bpp"], "miou": r["miou"]} for r in metrics["decode_then_infer"]],
            "jpeg": [{"bpp": r["bpp"], "miou": r["miou"], "quality": r["quality"]} for r in metrics["jpeg"]],
        },
        "flops": flops,
        "validation_frames": metrics["frames"],
    }


def build_manifest(cfg: Config, model, out: Path, exported: Dict[str, object], metrics: Dict[str, object],
                   flops: Dict[str, float], timings: Dict[str, float]) -> Dict[str, object]:
    h, w = cfg.train.frame_size
    stride = cfg.model.stride
    entropy_model: Dict[str, object] = {"type": cfg.model.entropy_model, "precision_bits": 16,
                                        "rans_lanes": cfg.model.rans_lanes, "tables": TABLES_FILE}
    if cfg.model.entropy_model == "hyperprior":
        entropy_model["z"] = {"channels": cfg.model.hyper_channels, "stride": Z_STRIDE}
    listed = sorted(relative for relative in (p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
                    if relative != MANIFEST_FILE and not is_golden(relative))
    return {
        "format": BUNDLE_FORMAT, "format_version": BUNDLE_FORMAT_VERSION,
        "id": out.name, "kind": cfg.model.kind,
        "description": f"{cfg.model.kind} bundle, {len(cfg.model.layers)} layers, trained by latentmap_training",
        "input": {"height": h, "width": w, "channels": 3, "normalization": {"mean": INPUT_MEAN, "std": INPUT_STD}},
        "tensor": {"channels": model.channels, "stride": stride, "height": math.ceil(h / stride),
                   "width": math.ceil(w / stride)},
        "layers": [{"channels": [model.channel_end(k), model.channel_end(k + 1)]} for k in range(model.num_layers)],
        "entropy_model": entropy_model,
        "networks": exported["networks"],
        "heads": exported["heads"],
        "detection_format": detection_format_doc(),
        "classes": classes_section(),
        "files": [file_entry(out, p) for p in listed],
        "metrics": manifest_metrics(metrics, flops),
        "training": {"config": cfg.to_dict(), "timings": timings},
    }


def load_checkpoint(bundle: Path) -> Tuple[Config, LayeredCodec, RgbTaskNetwork]:
    """The trained networks of a bundle folder, from its checkpoint (to re-export, re-evaluate or decode)."""
    return _load_checkpoint_and_timings(bundle)[:3]


def _load_checkpoint_and_timings(bundle: Path) -> Tuple[Config, LayeredCodec, RgbTaskNetwork, Dict[str, object]]:
    checkpoint = torch.load(bundle / CHECKPOINT_FILE, map_location="cpu")
    cfg = config_from_dict(checkpoint["config"])
    model, rgb_network = LayeredCodec(cfg.model), RgbTaskNetwork(cfg.model)
    model.load_state_dict(checkpoint["codec"])
    rgb_network.load_state_dict(checkpoint["rgb_baseline"])
    return cfg, model.eval(), rgb_network.eval(), dict(checkpoint.get("timings", {}))


def _save_checkpoint(out: Path, cfg: Config, model: LayeredCodec, rgb_network: RgbTaskNetwork,
                     timings: Dict[str, object]) -> None:
    torch.save({"config": cfg.to_dict(), "codec": model.state_dict(), "rgb_baseline": rgb_network.state_dict(),
                "timings": timings}, out / CHECKPOINT_FILE)


def _make_empty_folder(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: remove it, or rewrite it from its checkpoint with `export`")
    out.mkdir(parents=True, exist_ok=True)


def build_bundle(cfg: Config, data_root: Path, out: Path, checkpoint_only: bool = False) -> Optional[Dict[str, object]]:
    """Trains a bundle into ``out``; with ``checkpoint_only`` it stops at checkpoint.pt (train on a GPU machine,
    export and evaluate with `export` where the bundles are made, so that every ONNX graph and golden vector
    comes from one toolchain)."""
    bundle_id_for(out)
    _make_empty_folder(out)
    device = pick_device()
    log.info("training %s on %s with data %s", out.name, device, data_root)
    model, codec_result = train_codec(cfg, data_root, device)
    rgb_network, baseline_result = train_rgb_baseline(cfg, data_root, device)
    timings = {"device": str(device), "codec_steps": codec_result.steps, "codec_seconds": round(codec_result.seconds, 1),
               "baseline_steps": baseline_result.steps, "baseline_seconds": round(baseline_result.seconds, 1)}
    model, rgb_network = model.cpu().eval(), rgb_network.cpu().eval()
    if cfg.train.entropy_refit_steps:
        cfg, model, refit = refit_codec(cfg, model, data_root, RefitSettings(
            hyper_synthesis=cfg.train.entropy_refit_hyper_synthesis, steps=cfg.train.entropy_refit_steps,
            seed=cfg.train.seed))
        timings["entropy_refit"] = {**refit, "command": "`train`, after the joint training"}
    _save_checkpoint(out, cfg, model, rgb_network, timings)
    if checkpoint_only:
        return None
    return export_bundle(cfg, data_root, out, model, rgb_network, timings)


def refit_bundle(bundle: Path, data_root: Path, out: Path, settings: RefitSettings) -> Dict[str, object]:
    """Refits ``bundle``'s entropy model (`refit.py`) into the bundle folder ``out`` (same id) and exports it there."""
    if bundle_id_for(out) != bundle_id_for(bundle):
        raise ValueError(f"the refitted bundle keeps its id: {out.name} is not {bundle.name}")
    _make_empty_folder(out)
    cfg, source, rgb_network, timings = _load_checkpoint_and_timings(bundle)
    refit_cfg, model, refit = refit_codec(cfg, source, data_root, settings)
    timings["entropy_refit"] = {**refit, "command": "`refit-entropy`"}
    _save_checkpoint(out, refit_cfg, model, rgb_network, timings)
    return export_bundle(refit_cfg, data_root, out, model, rgb_network, timings)


def reexport_bundle(bundle: Path, data_root: Path, max_val_frames: Optional[int] = None) -> Dict[str, object]:
    """Re-evaluates and rewrites every bundle file from its checkpoint (after a format or evaluation change)."""
    cfg, model, rgb_network, timings = _load_checkpoint_and_timings(bundle)
    if max_val_frames is not None:
        cfg.eval.max_val_frames = max_val_frames
    for stale in [p for p in bundle.rglob("*") if p.is_file() and p.name != CHECKPOINT_FILE]:
        stale.unlink()
    return export_bundle(cfg, data_root, bundle, model, rgb_network, timings)


def export_bundle(cfg: Config, data_root: Path, out: Path, model: LayeredCodec, rgb_network: RgbTaskNetwork,
                  timings: Dict[str, object]) -> Dict[str, object]:
    """Everything after training: ONNX, tables, evaluation, report, manifest, golden vectors."""
    timings = dict(timings)
    started = time.monotonic()
    exported = export_networks(cfg, model, rgb_network, out)
    flops = flops_summary(exported["macs"], exported["heads"])
    codec = FrameCodec(model, cfg.model.rans_lanes)
    (out / TABLES_FILE).write_bytes(write_tables(codec.table_sets()))
    metrics = evaluate_bundle(cfg, data_root, model, rgb_network, codec)
    timings["evaluation_seconds"] = round(time.monotonic() - started, 1)
    write_report(out, cfg, metrics, exported, flops, timings, data_root)
    manifest = build_manifest(cfg, model, out, exported, metrics, flops, timings)
    manifest_bytes = json.dumps(manifest, indent=2).encode("utf-8")
    (out / MANIFEST_FILE).write_bytes(manifest_bytes)
    codec.hash_prefix = hashlib.sha256(manifest_bytes).digest()[:8]
    write_golden(cfg, codec, data_root, out)
    log.info("bundle %s written: %s", out.name, json.dumps(manifest["metrics"]["layers"]))
    return manifest

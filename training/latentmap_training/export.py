"""Bundle export (formats.md section 5/6): ONNX networks, entropy tables, manifest with hashes and metrics, golden
vectors, REPORT.md and the rate-accuracy plot."""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import re
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
import torch
import torch.nn as nn

from .config import Config
from .data import CityscapesFrames
from .flops import count_macs, gflops, parameter_count
from .frame_codec import FrameCodec
from .labels import DETECTION_CLASSES, LABEL_BY_NAME, NUM_DET_CLASSES, train_class_names
from .models.networks import LayeredCodec, RgbTaskNetwork

log = logging.getLogger(__name__)

ONNX_OPSET = 13
BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION = "latentmap-bundle", 1
BUNDLE_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
TABLES_FILE = "entropy.lmet"
DETECTION_FORMAT = "centernet-v1"
# The network input is pixel / 255; the networks centre it themselves, so the manifest's normalisation is identity.
INPUT_MEAN, INPUT_STD = [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]
UNCOMPRESSED_BPP = 24.0


class HeadsForExport(nn.Module):
    """Task heads (or the RGB baseline, which ends in the same heads) with the CenterNet maps concatenated into one
    ``detection`` output (format centernet-v1)."""

    def __init__(self, heads: nn.Module):
        super().__init__()
        self.heads = heads

    def forward(self, y_hat: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        out = self.heads(y_hat)
        return out["seg_logits"], torch.cat([out["heatmap"], out["size"], out["offset"]], dim=1)


# PyTorch 2.9+ exports through dynamo by default; the bundles are made by the TorchScript exporter everywhere
# (PyTorch 1.13 on the CPU machines has no such switch), so that a GPU-trained bundle has the same graphs.
TORCHSCRIPT_EXPORTER = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}


def export_onnx(module: nn.Module, example: torch.Tensor, path: Path, input_name: str, output_names: Sequence[str]) -> None:
    module = module.eval()
    dynamic = {name: {0: "N"} for name in [input_name, *output_names]}
    torch.onnx.export(module, (example,), str(path), opset_version=ONNX_OPSET, input_names=[input_name],
                      output_names=list(output_names), dynamic_axes=dynamic, do_constant_folding=True,
                      **TORCHSCRIPT_EXPORTER)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_entry(root: Path, relative: str) -> Dict[str, object]:
    path = root / relative
    return {"path": relative, "sha256": sha256_file(path), "bytes": path.stat().st_size}


def export_networks(cfg: Config, model: LayeredCodec, rgb_network: RgbTaskNetwork, out: Path) -> Dict[str, object]:
    """Writes every ONNX file; returns manifest ``networks``, ``heads``, and FLOPs/parameters per network."""
    model, rgb_network = model.cpu().eval(), rgb_network.cpu().eval()
    h, w = cfg.train.frame_size
    image = torch.rand(1, 3, h, w)
    with torch.no_grad():
        y = model.analysis(image)
    networks: Dict[str, str] = {}
    macs: Dict[str, int] = {}
    params: Dict[str, int] = {}

    def add(role: str, module: nn.Module, example: torch.Tensor, input_name: str, outputs: Sequence[str]) -> str:
        filename = f"{role}.onnx"
        export_onnx(module, example, out / filename, input_name, outputs)
        macs[role] = count_macs(module, example)
        params[role] = parameter_count(module)
        return filename

    networks["edge_encoder"] = add("edge_encoder", model.analysis, image, "image", ["y"])
    if model.entropy.hyperprior:
        with torch.no_grad():
            z = model.entropy.hyper_analysis(y)
        networks["hyper_encoder"] = add("hyper_encoder", model.entropy.hyper_analysis, y, "y", ["z"])
        networks["hyper_decoder"] = add("hyper_decoder", model.entropy.hyper_synthesis, torch.round(z), "z_hat",
                                        ["scales"])
    networks["rgb_decoder"] = add("rgb_decoder", model.synthesis, y, "y_hat", ["image"])
    networks["rgb_baseline"] = add("rgb_baseline", HeadsForExport(rgb_network), image, "image",
                                   ["seg_logits", "detection"])
    heads = []
    for head_range, head in zip(cfg.model.head_ranges, model.heads):
        role = f"head_l{head_range.max_layers}"
        example = y[:, : model.channel_end(head_range.max_layers)]
        path = add(role, HeadsForExport(head), example, "y_hat", ["seg_logits", "detection"])
        heads.append({"min_layers": head_range.min_layers, "max_layers": head_range.max_layers, "path": path,
                      "input_channels": model.channel_end(head_range.max_layers),
                      "outputs": {"segmentation": "seg_logits", "detection": "detection"},
                      "detection_format": DETECTION_FORMAT})
    return {"networks": networks, "heads": heads, "macs": macs, "params": params}


def flops_summary(macs: Dict[str, int], heads: List[dict]) -> Dict[str, float]:
    flops = {role: round(gflops(m), 4) for role, m in macs.items()}
    head_roles = [f"head_l{h['max_layers']}" for h in heads]
    # figures the issue names: the most expensive head set a frame can need, against decode-then-infer's networks
    flops["heads_on_latent"] = max(flops[r] for r in head_roles)
    flops["rgb_network"] = flops["rgb_baseline"]
    return flops


GOLDEN_DIR = "golden"
GOLDEN_CASES = "golden/cases.json"
# Golden frames of hyperprior bundles should keep every predicted scale this far (relative) from a scale-table
# boundary, so that ONNX Runtime's float rounding cannot pick another table than PyTorch did: measured differences
# between the two runtimes' scales reach 1.7e-6 relative (and flipped one index in 14 frames).
GOLDEN_SCALE_MARGIN = 4e-6
# frames searched for the largest margins
GOLDEN_CANDIDATE_FRAMES = 24


def is_golden(relative: str) -> bool:
    """golden/ sits outside manifest.files: its layer messages carry the manifest's own hash (formats.md 5.1)."""
    return relative.split("/", 1)[0] == GOLDEN_DIR


def _golden_candidates(cfg: Config, codec: FrameCodec, dataset: CityscapesFrames) -> list:
    """(frame, image, encoded, scale margin) of the golden frames: those whose scales sit farthest from a
    table boundary, so that another runtime reproduces the table indexes (any frames for factorized bundles)."""
    candidates = []
    for frame in range(min(len(dataset), GOLDEN_CANDIDATE_FRAMES)):
        image = dataset[frame]["image"][None]
        encoded = codec.encode(image)
        margin = codec.scale_margin(encoded.scales) if encoded.scales is not None else None
        candidates.append((frame, image, encoded, margin))
        if margin is None and len(candidates) == cfg.eval.golden_frames:
            break
    candidates.sort(key=lambda c: (-(c[3] or 0.0), c[0]))
    chosen = sorted(candidates[: cfg.eval.golden_frames], key=lambda c: c[0])
    thin = [c[0] for c in chosen if c[3] is not None and c[3] < GOLDEN_SCALE_MARGIN]
    if thin:
        log.warning("golden frames %s have predicted scales closer than %.0e to a table boundary: another runtime "
                    "may pick another table there; the golden scale_index stays exact", thin, GOLDEN_SCALE_MARGIN)
    return chosen


def write_golden(cfg: Config, codec: FrameCodec, data_root: Path, out: Path) -> Dict[str, object]:
    """golden/ per formats.md section 6, written after the manifest: the codec's hash prefix must be the bundle's."""
    dataset = CityscapesFrames(data_root, "val", cfg.train.frame_size, cfg.model.stride)
    cases, files = [], []
    for index, (frame, image, encoded, margin) in enumerate(_golden_candidates(cfg, codec, dataset)):
        name = f"case{index}"
        (out / GOLDEN_DIR / name).mkdir(parents=True, exist_ok=True)
        decoded = codec.decode(encoded.messages)
        if not np.array_equal(decoded["q"], encoded.q):
            raise AssertionError(f"golden {name}: the reference decoder does not reproduce q")
        arrays = {"image": image[0].numpy().astype("<f4"), "y": encoded.y.astype("<f4"), "q": encoded.q.astype("<i4")}
        if encoded.z_q is not None:
            arrays["z_q"] = encoded.z_q.astype("<i4")
            arrays["scale_index"] = encoded.scale_index.astype("<i4")
        case: Dict[str, object] = {"name": name, "frame": dataset.frames[frame].stem}
        if margin is not None:
            case["scale_margin"] = margin
        for key, array in arrays.items():
            relative = f"{GOLDEN_DIR}/{name}/{key}.{'f32' if array.dtype.kind == 'f' else 'i32'}"
            (out / relative).write_bytes(array.tobytes())
            case[key] = relative
            case[f"{key}_shape"] = list(array.shape)
            files.append(relative)
        case["layers"] = []
        for k, message in enumerate(encoded.messages):
            relative = f"{GOLDEN_DIR}/{name}/layer{k}.bin"
            (out / relative).write_bytes(message)
            case["layers"].append(relative)
            files.append(relative)
        cases.append(case)
    document = {"bundle_hash_prefix": codec.hash_prefix.hex(), "rans_lanes": codec.lanes, "cases": cases,
                "files": [file_entry(out, p) for p in files]}
    (out / GOLDEN_CASES).write_text(json.dumps(document, indent=2))
    return document


def classes_section() -> Dict[str, object]:
    segmentation = [{"train_id": i, "name": n} for i, n in enumerate(train_class_names())]
    detection = [{"train_id": LABEL_BY_NAME[d.label_names[0]].train_id, "name": d.name,
                  "label_ids": [LABEL_BY_NAME[n].label_id for n in d.label_names]} for d in DETECTION_CLASSES]
    return {"segmentation": segmentation, "detection": detection}


def detection_format_doc() -> Dict[str, object]:
    k = NUM_DET_CLASSES
    return {
        "name": DETECTION_FORMAT,
        "channels": {"heatmap": [0, k], "size": [k, k + 2], "offset": [k + 2, k + 4]},
        "description": "stride-grid maps: heatmap = per-class centre probability (after sigmoid, peaks by 3x3 "
                       "max-pool); size = box width, height in grid cells; offset = sub-cell centre (x, y); "
                       "box centre in pixels = (cell + offset) * stride",
    }

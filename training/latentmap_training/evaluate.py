"""Validation: compressed-domain inference per layer count with actually coded bits, and the baselines
(uncompressed RGB, JPEG-decoded RGB at a quality ladder, decode-then-infer on the codec's own reconstruction)."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Tuple

import numpy as np
import torch
from PIL import Image

from .config import Config
from .data import CityscapesFrames
from .frame_codec import FrameCodec
from .metrics import DetectionScore, SegmentationScore, decode_centernet
from .models.networks import LayeredCodec, RgbTaskNetwork, pad_channels

log = logging.getLogger(__name__)


@dataclass
class Scores:
    bits: int = 0
    frames: int = 0
    seg: SegmentationScore = field(default_factory=SegmentationScore)
    det: DetectionScore = field(default_factory=DetectionScore)

    def add(self, outputs: Dict[str, torch.Tensor], seg_labels: torch.Tensor, boxes, cfg: Config, bits: int = 0) -> None:
        self.bits += bits
        self.frames += 1
        self.seg.add(outputs["seg_logits"], seg_labels)
        self.det.add(decode_centernet(outputs, cfg.model.stride, cfg.eval.detection_top_k,
                                      cfg.eval.detection_score_threshold)[0], boxes)

    def summary(self, pixels: int) -> Dict[str, object]:
        return {
            "bpp": self.bits / (self.frames * pixels) if self.frames else 0.0,
            "miou": self.seg.miou(),
            "map50": self.det.map50(),
            "per_class_iou": [None if np.isnan(v) else round(float(v), 4) for v in self.seg.per_class_iou()],
            "per_class_ap50": [None if np.isnan(v) else round(float(v), 4) for v in self.det.per_class_ap()],
        }


def jpeg_round_trip(image: torch.Tensor, quality: int) -> Tuple[torch.Tensor, int]:
    """(1,3,H,W) [0,1] -> the PIL JPEG-decoded image and the JPEG file size in bits (4:2:0, optimised Huffman
    tables, so that the baseline pays no more header than it must)."""
    pixels = (image[0].permute(1, 2, 0).numpy() * 255.0 + 0.5).clip(0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=quality, optimize=True)
    decoded = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    return torch.from_numpy(decoded.copy()).permute(2, 0, 1)[None].float() / 255.0, 8 * len(buffer.getvalue())


@torch.no_grad()
def evaluate_bundle(cfg: Config, data_root: Path, model: LayeredCodec, rgb_network: RgbTaskNetwork,
                    codec: FrameCodec) -> Dict[str, object]:
    model, rgb_network = model.cpu().eval(), rgb_network.cpu().eval()
    dataset = CityscapesFrames(data_root, "val", cfg.train.frame_size, cfg.model.stride)
    frames = min(len(dataset), cfg.eval.max_val_frames)
    h, w = cfg.train.frame_size
    pixels = h * w
    layers = [Scores() for _ in range(model.num_layers)]
    decode_then_infer = [Scores() for _ in range(model.num_layers)]
    rgb = Scores()
    jpeg = {q: Scores() for q in cfg.eval.jpeg_qualities}
    for index in range(frames):
        sample = dataset[index]
        image, labels, boxes = sample["image"][None], sample["seg"][None], dataset.boxes(index)
        encoded = codec.encode(image)
        y_hat = codec.dequantize(encoded.q)
        for n in range(1, model.num_layers + 1):
            bits = 8 * encoded.bytes_for_layers(n)
            head = model.heads[model.head_index(n)]
            layers[n - 1].add(head(model.head_input(y_hat, n)), labels, boxes, cfg, bits)
            if cfg.model.kind == "latent":
                reconstruction = model.synthesis(pad_channels(y_hat[:, : model.channel_end(n)], model.channels))
                decode_then_infer[n - 1].add(rgb_network(reconstruction.clamp(0, 1)), labels, boxes, cfg, bits)
        rgb.add(rgb_network(image), labels, boxes, cfg)
        for quality, scores in jpeg.items():
            decoded, bits = jpeg_round_trip(image, quality)
            scores.add(rgb_network(decoded), labels, boxes, cfg, bits)
        if (index + 1) % 10 == 0:
            log.info("evaluated %d/%d validation frames", index + 1, frames)
    result = {
        "frames": frames,
        "layers": [{"layers": n + 1, **s.summary(pixels)} for n, s in enumerate(layers)],
        "rgb": rgb.summary(pixels),
        "jpeg": [{"quality": q, **s.summary(pixels)} for q, s in jpeg.items()],
        "decode_then_infer": [{"layers": n + 1, **s.summary(pixels)} for n, s in enumerate(decode_then_infer)]
        if cfg.model.kind == "latent" else [],
    }
    return result

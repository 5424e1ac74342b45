"""Evaluation metrics: segmentation confusion/mIoU at full resolution and CenterNet detection mAP@0.5 (VOC-style)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from .data import Box
from .labels import IGNORE_INDEX, NUM_DET_CLASSES, NUM_SEG_CLASSES
from .losses import upsample_logits

IOU_THRESHOLD = 0.5


class SegmentationScore:
    def __init__(self) -> None:
        self.confusion = np.zeros((NUM_SEG_CLASSES, NUM_SEG_CLASSES), np.int64)

    def add(self, logits: torch.Tensor, labels: torch.Tensor) -> None:
        """logits (N,19,h,w) at any stride, labels (N,H,W) trainIds; compares at label resolution."""
        predicted = upsample_logits(logits, labels.shape[-2:]).argmax(1).reshape(-1).numpy()
        truth = labels.reshape(-1).numpy()
        valid = truth != IGNORE_INDEX
        self.confusion += np.bincount(truth[valid] * NUM_SEG_CLASSES + predicted[valid],
                                      minlength=NUM_SEG_CLASSES ** 2).reshape(NUM_SEG_CLASSES, NUM_SEG_CLASSES)

    def per_class_iou(self) -> List[float]:
        """IoU per trainId; NaN for classes absent from both truth and prediction."""
        tp = np.diag(self.confusion).astype(np.float64)
        union = self.confusion.sum(0) + self.confusion.sum(1) - tp
        with np.errstate(invalid="ignore", divide="ignore"):
            return list(np.where(union > 0, tp / union, np.nan))

    def miou(self) -> float:
        """Mean over the classes present in the ground truth (Cityscapes convention for evaluated classes)."""
        present = self.confusion.sum(1) > 0
        if not present.any():
            raise ValueError("no labelled pixels evaluated")
        return float(np.nanmean(np.asarray(self.per_class_iou())[present]))


@dataclass
class Detection:
    det_class: int
    score: float
    box: Tuple[float, float, float, float]


def decode_centernet(outputs: Dict[str, torch.Tensor], stride: int, top_k: int, threshold: float) -> List[List[Detection]]:
    """Peaks of the heatmap (3x3 max-pool NMS), boxes from size and offset, in input pixels."""
    heatmap = outputs["heatmap"]
    peaks = heatmap * (F.max_pool2d(heatmap, 3, stride=1, padding=1) == heatmap).float()
    n, k, h, w = heatmap.shape
    results = []
    for b in range(n):
        scores, flat = peaks[b].reshape(-1).topk(min(top_k, k * h * w))
        detections = []
        for score, index in zip(scores.tolist(), flat.tolist()):
            if score < threshold:
                break
            cls, rest = divmod(index, h * w)
            y, x = divmod(rest, w)
            bw, bh = outputs["size"][b, :, y, x].tolist()
            ox, oy = outputs["offset"][b, :, y, x].tolist()
            cx, cy = (x + ox) * stride, (y + oy) * stride
            detections.append(Detection(cls, score, (cx - bw * stride / 2, cy - bh * stride / 2,
                                                     cx + bw * stride / 2, cy + bh * stride / 2)))
        results.append(detections)
    return results


def box_iou(a: Sequence[float], b: Sequence[float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


@dataclass
class DetectionScore:
    # per class: (score, matched a ground-truth box) of every detection on every frame
    detections: List[List[Tuple[float, bool]]] = field(default_factory=lambda: [[] for _ in range(NUM_DET_CLASSES)])
    ground_truth: List[int] = field(default_factory=lambda: [0] * NUM_DET_CLASSES)

    def add(self, detections: List[Detection], truth: List[Box]) -> None:
        for cls in range(NUM_DET_CLASSES):
            gts = [(b.x0, b.y0, b.x1, b.y1) for b in truth if b.det_class == cls]
            self.ground_truth[cls] += len(gts)
            matched = [False] * len(gts)
            for det in sorted((d for d in detections if d.det_class == cls), key=lambda d: -d.score):
                best, best_iou = -1, IOU_THRESHOLD
                for g, gt in enumerate(gts):
                    iou = box_iou(det.box, gt)
                    if not matched[g] and iou >= best_iou:
                        best, best_iou = g, iou
                if best >= 0:
                    matched[best] = True
                self.detections[cls].append((det.score, best >= 0))

    def average_precision(self, cls: int) -> float:
        """All-point interpolated AP (VOC 2010+); NaN when the class has no ground truth."""
        if self.ground_truth[cls] == 0:
            return float("nan")
        ranked = sorted(self.detections[cls], key=lambda d: -d[0])
        hits = np.array([hit for _, hit in ranked], dtype=np.float64)
        if hits.size == 0:
            return 0.0
        tp = np.cumsum(hits)
        precision = tp / np.arange(1, hits.size + 1)
        recall = tp / self.ground_truth[cls]
        precision = np.concatenate([[0.0], precision, [0.0]])
        recall = np.concatenate([[0.0], recall, [recall[-1]]])
        for i in range(precision.size - 2, -1, -1):
            precision[i] = max(precision[i], precision[i + 1])
        steps = np.nonzero(recall[1:] != recall[:-1])[0]
        return float(np.sum((recall[steps + 1] - recall[steps]) * precision[steps + 1]))

    def per_class_ap(self) -> List[float]:
        return [self.average_precision(c) for c in range(NUM_DET_CLASSES)]

    def map50(self) -> float:
        aps = [ap for ap in self.per_class_ap() if not np.isnan(ap)]
        return float(np.mean(aps)) if aps else 0.0

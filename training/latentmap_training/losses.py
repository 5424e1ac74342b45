"""Task losses: segmentation cross-entropy and CenterNet's focal heatmap loss with L1 size/offset regression."""

from __future__ import annotations

from typing import Dict

import torch
import torch.nn.functional as F

from .labels import IGNORE_INDEX

FOCAL_ALPHA, FOCAL_BETA = 2.0, 4.0
HEATMAP_CLAMP = 1e-4


def upsample_logits(logits: torch.Tensor, size) -> torch.Tensor:
    return F.interpolate(logits, size=size, mode="bilinear", align_corners=False)


def segmentation_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(upsample_logits(logits, labels.shape[-2:]), labels, ignore_index=IGNORE_INDEX)


def focal_heatmap_loss(predicted: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """CenterNet (Zhou et al. 2019) penalty-reduced focal loss, normalised by the number of objects."""
    p = predicted.clamp(HEATMAP_CLAMP, 1 - HEATMAP_CLAMP)
    positive = target.eq(1).float()
    positive_loss = torch.log(p) * (1 - p) ** FOCAL_ALPHA * positive
    negative_loss = torch.log(1 - p) * p ** FOCAL_ALPHA * (1 - target) ** FOCAL_BETA * (1 - positive)
    count = positive.sum().clamp(min=1.0)
    return -(positive_loss.sum() + negative_loss.sum()) / count


def masked_l1(predicted: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return (torch.abs(predicted - target) * mask).sum() / (mask.sum() * predicted.shape[1]).clamp(min=1.0)


def task_losses(outputs: Dict[str, torch.Tensor], batch: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    return {
        "seg": segmentation_loss(outputs["seg_logits"], batch["seg"]),
        "heatmap": focal_heatmap_loss(outputs["heatmap"], batch["heatmap"]),
        "size": masked_l1(outputs["size"], batch["size"], batch["reg_mask"]),
        "offset": masked_l1(outputs["offset"], batch["offset"], batch["reg_mask"]),
    }

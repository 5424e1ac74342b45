"""Cityscapes-layout data set: frames, trainId segmentation labels and CenterNet detection targets."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
from PIL import Image

from .labels import (
    DETECTION_CLASSES,
    LABEL_BY_NAME,
    NUM_DET_CLASSES,
    detection_class_of_label_id,
    label_id_to_train_id_lut,
)

IMAGE_SUFFIX = "_leftImg8bit.png"
INSTANCE_ID_MULTIPLIER = 1000
# Boxes smaller than this (in input pixels, either side) are noise from resizing and are not detection targets.
MIN_BOX_SIDE_PX = 2.0
# A cropped box keeps its target only if this share of its area stays inside the crop.
MIN_VISIBLE_FRACTION = 0.5


@dataclass(frozen=True)
class FrameFiles:
    city: str
    stem: str
    image: Path
    label_ids: Path
    instance_ids: Optional[Path]
    camera: Optional[Path]
    vehicle: Optional[Path]


@dataclass
class Box:
    det_class: int
    x0: float
    y0: float
    x1: float
    y1: float


def index_split(root: Path, split: str) -> List[FrameFiles]:
    """Lists every frame of a split that has both an image and a labelIds file, sorted for reproducibility."""
    image_dir = root / "leftImg8bit" / split
    if not image_dir.is_dir():
        raise FileNotFoundError(f"no Cityscapes split directory {image_dir}")
    frames = []
    for image in sorted(image_dir.glob(f"*/*{IMAGE_SUFFIX}")):
        city = image.parent.name
        stem = image.name[: -len(IMAGE_SUFFIX)]

        def sibling(kind: str, suffix: str) -> Path:
            return root / kind / split / city / f"{stem}{suffix}"

        label_ids = sibling("gtFine", "_gtFine_labelIds.png")
        if not label_ids.is_file():
            raise FileNotFoundError(f"frame {image} has no labels at {label_ids}")
        optional = {
            "instance_ids": sibling("gtFine", "_gtFine_instanceIds.png"),
            "camera": sibling("camera", "_camera.json"),
            "vehicle": sibling("vehicle", "_vehicle.json"),
        }
        frames.append(
            FrameFiles(city, stem, image, label_ids, **{k: (p if p.is_file() else None) for k, p in optional.items()})
        )
    if not frames:
        raise FileNotFoundError(f"no *{IMAGE_SUFFIX} frames under {image_dir}")
    return frames


def read_camera(frame: FrameFiles) -> Optional[dict]:
    return json.loads(frame.camera.read_text()) if frame.camera else None


def connected_components(mask: np.ndarray) -> np.ndarray:
    """4-connected component labels (0 = background, components numbered from 1), by union with pointer jumping."""
    h, w = mask.shape
    flat = mask.reshape(-1)
    parent = np.arange(flat.size, dtype=np.int64)
    idx = np.arange(flat.size).reshape(h, w)
    right = (mask[:, :-1] & mask[:, 1:])
    down = (mask[:-1, :] & mask[1:, :])
    a = np.concatenate([idx[:, :-1][right], idx[:-1, :][down]])
    b = np.concatenate([idx[:, 1:][right], idx[1:, :][down]])
    while a.size:
        pa, pb = parent[a], parent[b]
        if np.array_equal(pa, pb):
            break
        np.minimum.at(parent, np.maximum(pa, pb), np.minimum(pa, pb))
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    labels = np.zeros(flat.size, dtype=np.int32)
    _, inverse = np.unique(parent[flat], return_inverse=True)
    labels[flat] = inverse + 1
    return labels.reshape(h, w)


def boxes_from_annotations(label_ids: np.ndarray, instance_ids: Optional[np.ndarray]) -> List[Box]:
    """Detection boxes: instances for classes that have them, connected components for poles, signs and lights."""
    class_of_label = detection_class_of_label_id()
    boxes: List[Box] = []

    def add(mask: np.ndarray, det_class: int) -> None:
        ys, xs = np.nonzero(mask)
        if ys.size == 0:
            return
        box = Box(det_class, float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1))
        if box.x1 - box.x0 >= MIN_BOX_SIDE_PX and box.y1 - box.y0 >= MIN_BOX_SIDE_PX:
            boxes.append(box)

    for det_class, det in enumerate(DETECTION_CLASSES):
        for name in det.label_names:
            label_id = LABEL_BY_NAME[name].label_id
            if det.from_components or instance_ids is None:
                components = connected_components(label_ids == label_id)
                for component in range(1, int(components.max()) + 1):
                    add(components == component, det_class)
            else:
                for instance in np.unique(instance_ids[instance_ids >= INSTANCE_ID_MULTIPLIER]):
                    if instance // INSTANCE_ID_MULTIPLIER == label_id and class_of_label.get(label_id) == det_class:
                        add(instance_ids == instance, det_class)
    return boxes


def gaussian_radius(height: float, width: float, min_overlap: float = 0.7) -> float:
    """CenterNet's radius: the largest centre shift that keeps IoU >= min_overlap with the true box."""
    a1, b1 = 1.0, height + width
    c1 = width * height * (1 - min_overlap) / (1 + min_overlap)
    r1 = (b1 + math.sqrt(b1 ** 2 - 4 * a1 * c1)) / 2
    a2, b2 = 4.0, 2 * (height + width)
    c2 = (1 - min_overlap) * width * height
    r2 = (b2 + math.sqrt(b2 ** 2 - 4 * a2 * c2)) / 2
    a3, b3 = 4 * min_overlap, -2 * min_overlap * (height + width)
    c3 = (min_overlap - 1) * width * height
    r3 = (b3 + math.sqrt(b3 ** 2 - 4 * a3 * c3)) / 2
    return min(r1, r2, r3)


def centernet_targets(boxes: List[Box], height: int, width: int, stride: int) -> Dict[str, np.ndarray]:
    """Dense CenterNet targets on the stride grid: class heatmaps, box size (in grid cells), sub-cell offset, mask."""
    gh, gw = height // stride, width // stride
    heatmap = np.zeros((NUM_DET_CLASSES, gh, gw), np.float32)
    size = np.zeros((2, gh, gw), np.float32)
    offset = np.zeros((2, gh, gw), np.float32)
    mask = np.zeros((1, gh, gw), np.float32)
    ys, xs = np.mgrid[0:gh, 0:gw]
    for box in boxes:
        bw, bh = (box.x1 - box.x0) / stride, (box.y1 - box.y0) / stride
        cx, cy = (box.x0 + box.x1) / 2 / stride, (box.y0 + box.y1) / 2 / stride
        ix, iy = min(int(cx), gw - 1), min(int(cy), gh - 1)
        radius = max(0, int(gaussian_radius(bh, bw)))
        sigma = (2 * radius + 1) / 6
        blob = np.exp(-((xs - ix) ** 2 + (ys - iy) ** 2) / (2 * sigma * sigma))
        blob[np.abs(xs - ix) > radius] = 0
        blob[np.abs(ys - iy) > radius] = 0
        np.maximum(heatmap[box.det_class], blob, out=heatmap[box.det_class])
        size[:, iy, ix] = (bw, bh)
        offset[:, iy, ix] = (cx - ix, cy - iy)
        mask[0, iy, ix] = 1.0
    return {"heatmap": heatmap, "size": size, "offset": offset, "reg_mask": mask}


def crop_boxes(boxes: List[Box], top: int, left: int, height: int, width: int) -> List[Box]:
    kept = []
    for box in boxes:
        x0, y0 = max(box.x0 - left, 0.0), max(box.y0 - top, 0.0)
        x1, y1 = min(box.x1 - left, float(width)), min(box.y1 - top, float(height))
        if x1 <= x0 or y1 <= y0:
            continue
        visible = (x1 - x0) * (y1 - y0) / ((box.x1 - box.x0) * (box.y1 - box.y0))
        if visible >= MIN_VISIBLE_FRACTION and min(x1 - x0, y1 - y0) >= MIN_BOX_SIDE_PX:
            kept.append(Box(box.det_class, x0, y0, x1, y1))
    return kept


@dataclass
class LoadedFrame:
    image: np.ndarray  # H x W x 3 uint8
    train_ids: np.ndarray  # H x W uint8
    boxes: List[Box]


class CityscapesFrames(torch.utils.data.Dataset):
    """Frames resized to ``frame_size`` (H, W); random crops of ``crop_size`` when given, else whole frames.

    Decoded frames are cached in memory: the synthetic export is small and PNG decoding dominates otherwise.
    """

    def __init__(self, root: Path, split: str, frame_size: Tuple[int, int], stride: int,
                 crop_size: Optional[Tuple[int, int]] = None, seed: int = 0, hflip: bool = False):
        self.frames = index_split(Path(root), split)
        self.frame_size, self.stride, self.crop_size, self.hflip = tuple(frame_size), stride, crop_size, hflip
        if any(s % stride for s in self.frame_size) or (crop_size and any(s % stride for s in crop_size)):
            raise ValueError(f"frame {frame_size} and crop {crop_size} sizes must be multiples of stride {stride}")
        self.lut = label_id_to_train_id_lut()
        self.rng = np.random.default_rng(seed)
        self._cache: Dict[int, LoadedFrame] = {}

    def __len__(self) -> int:
        return len(self.frames)

    def load(self, index: int) -> LoadedFrame:
        if index not in self._cache:
            files = self.frames[index]
            h, w = self.frame_size
            image = np.array(Image.open(files.image).convert("RGB").resize((w, h), Image.BILINEAR))
            label_ids = np.asarray(Image.open(files.label_ids).resize((w, h), Image.NEAREST))
            instance_ids = None
            if files.instance_ids:
                instance_ids = np.asarray(Image.open(files.instance_ids).resize((w, h), Image.NEAREST)).astype(np.int64)
            self._cache[index] = LoadedFrame(image, self.lut[label_ids], boxes_from_annotations(label_ids, instance_ids))
        return self._cache[index]

    def __getitem__(self, index: int) -> Dict[str, torch.Tensor]:
        frame = self.load(index)
        image, train_ids, boxes = frame.image, frame.train_ids, frame.boxes
        h, w = self.frame_size
        if self.crop_size:
            ch, cw = self.crop_size
            top = int(self.rng.integers(0, h - ch + 1))
            left = int(self.rng.integers(0, w - cw + 1))
            image = image[top:top + ch, left:left + cw]
            train_ids = train_ids[top:top + ch, left:left + cw]
            boxes = crop_boxes(boxes, top, left, ch, cw)
            h, w = ch, cw
        if self.hflip and self.rng.random() < 0.5:
            image, train_ids = image[:, ::-1], train_ids[:, ::-1]
            boxes = [Box(b.det_class, w - b.x1, b.y0, w - b.x0, b.y1) for b in boxes]
        targets = centernet_targets(boxes, h, w, self.stride)
        sample = {
            "image": torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1).float() / 255.0,
            "seg": torch.from_numpy(np.ascontiguousarray(train_ids)).long(),
        }
        sample.update({k: torch.from_numpy(v) for k, v in targets.items()})
        return sample

    def boxes(self, index: int) -> List[Box]:
        return self.load(index).boxes


"""Cityscapes label table (official labelId -> trainId mapping) and the detection class grouping."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import Dict, List, Tuple

import numpy as np

IGNORE_INDEX = 255
NUM_SEG_CLASSES = 19
LABELS_RESOURCE = "cityscapes-labels.csv"


@dataclass(frozen=True)
class Label:
    name: str
    label_id: int
    train_id: int
    category: str
    has_instances: bool
    ignore_in_eval: bool
    color: Tuple[int, int, int]


def load_labels() -> List[Label]:
    text = resources.files(__package__).joinpath("resources", LABELS_RESOURCE).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return [
        Label(
            name=row["name"],
            label_id=int(row["id"]),
            train_id=int(row["trainId"]),
            category=row["category"],
            has_instances=row["hasInstances"] == "true",
            ignore_in_eval=row["ignoreInEval"] == "true",
            color=(int(row["r"]), int(row["g"]), int(row["b"])),
        )
        for row in rows
    ]


LABELS: List[Label] = load_labels()
LABEL_BY_NAME: Dict[str, Label] = {label.name: label for label in LABELS}


def label_id_to_train_id_lut() -> np.ndarray:
    """256-entry lookup table; every labelId not in the table maps to the ignore index."""
    lut = np.full(256, IGNORE_INDEX, dtype=np.uint8)
    for label in LABELS:
        if label.label_id >= 0:
            lut[label.label_id] = label.train_id
    return lut


def train_class_names() -> List[str]:
    names = [""] * NUM_SEG_CLASSES
    for label in LABELS:
        if 0 <= label.train_id < NUM_SEG_CLASSES:
            names[label.train_id] = label.name
    return names


def train_id_colors() -> np.ndarray:
    colors = np.zeros((256, 3), dtype=np.uint8)
    for label in LABELS:
        if 0 <= label.train_id < NUM_SEG_CLASSES:
            colors[label.train_id] = label.color
    return colors


@dataclass(frozen=True)
class DetectionClass:
    """A CenterNet class: one or more Cityscapes labels grouped together."""

    name: str
    label_names: Tuple[str, ...]
    # Cityscapes has no instance ids for these; boxes come from connected components of the label mask.
    from_components: bool


# Landmarks for the HD map first (their order is part of the bundle manifest), then the dynamic road users, grouped
# so that rare classes (truck, bus, train; motorcycle, bicycle) still get enough examples on a small training set.
DETECTION_CLASSES: Tuple[DetectionClass, ...] = (
    DetectionClass("traffic sign", ("traffic sign",), True),
    DetectionClass("traffic light", ("traffic light",), True),
    DetectionClass("pole", ("pole",), True),
    DetectionClass("person", ("person", "rider"), False),
    DetectionClass("car", ("car",), False),
    DetectionClass("large vehicle", ("truck", "bus", "train"), False),
    DetectionClass("two-wheeler", ("motorcycle", "bicycle"), False),
)
NUM_DET_CLASSES = len(DETECTION_CLASSES)


def detection_class_of_label_id() -> Dict[int, int]:
    mapping = {}
    for index, det in enumerate(DETECTION_CLASSES):
        for name in det.label_names:
            mapping[LABEL_BY_NAME[name].label_id] = index
    return mapping

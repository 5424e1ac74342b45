"""Writes small synthetic street scenes in the Cityscapes directory layout, for tests and smoke runs.

The scenes are crude but structured like Cityscapes frames (sky on top, road at the bottom, buildings, poles with
signs and lights, cars and pedestrians with instance ids), so every stage of training, evaluation and export runs on
them exactly as on the real data set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Sequence

import numpy as np
from PIL import Image

from .labels import LABEL_BY_NAME

INSTANCE_ID_MULTIPLIER = 1000  # Cityscapes: instanceId = labelId * 1000 + index for classes with instances


@dataclass(frozen=True)
class FixtureSpec:
    height: int = 256
    width: int = 512
    train_cities: Sequence[str] = ("aachen", "bremen")
    val_cities: Sequence[str] = ("frankfurt",)
    frames_per_city: int = 3
    seed: int = 7


class _Scene:
    def __init__(self, height: int, width: int, rng: np.random.Generator):
        self.h, self.w, self.rng = height, width, rng
        self.label = np.zeros((height, width), np.uint8)
        self.instance = np.zeros((height, width), np.int32)
        self.instance_counts: Dict[int, int] = {}

    def fill(self, name: str, rows: slice, cols: slice, instance: bool = False) -> None:
        label_id = LABEL_BY_NAME[name].label_id
        self.label[rows, cols] = label_id
        if instance:
            index = self.instance_counts.get(label_id, 0)
            self.instance_counts[label_id] = index + 1
            self.instance[rows, cols] = label_id * INSTANCE_ID_MULTIPLIER + index
        else:
            self.instance[rows, cols] = label_id

    def rows(self, top: float, bottom: float) -> slice:
        return slice(int(top * self.h), max(int(top * self.h) + 1, int(bottom * self.h)))

    def cols(self, left: float, right: float) -> slice:
        return slice(int(left * self.w), max(int(left * self.w) + 1, int(right * self.w)))


def _draw_scene(height: int, width: int, rng: np.random.Generator) -> _Scene:
    s = _Scene(height, width, rng)
    horizon = rng.uniform(0.38, 0.48)
    s.fill("sky", s.rows(0, horizon), s.cols(0, 1))
    # buildings along both sides, with random skyline
    x = 0.0
    while x < 1.0:
        w = rng.uniform(0.08, 0.2)
        top = rng.uniform(0.05, horizon - 0.05)
        s.fill(rng.choice(["building", "building", "vegetation", "wall"]), s.rows(top, horizon + 0.1), s.cols(x, x + w))
        x += w
    s.fill("sidewalk", s.rows(horizon + 0.1, 1), s.cols(0, 1))
    road_left, road_right = rng.uniform(0.1, 0.25), rng.uniform(0.75, 0.9)
    s.fill("road", s.rows(horizon + 0.12, 1), s.cols(road_left, road_right))
    s.fill("terrain", s.rows(horizon + 0.1, horizon + 0.16), s.cols(0, road_left * 0.8))
    s.fill("fence", s.rows(horizon + 0.02, horizon + 0.1), s.cols(road_right, 1))
    for _ in range(rng.integers(1, 4)):
        px = rng.uniform(0.02, 0.95)
        top = rng.uniform(0.15, horizon)
        s.fill("pole", s.rows(top, horizon + 0.14), s.cols(px, px + 0.008))
        kind = rng.choice(["traffic sign", "traffic light"])
        if kind == "traffic sign":
            s.fill(kind, s.rows(top - 0.06, top), s.cols(px - 0.012, px + 0.02))
        else:
            s.fill(kind, s.rows(top - 0.09, top), s.cols(px - 0.006, px + 0.014))
    for _ in range(rng.integers(1, 5)):
        cx = rng.uniform(road_left, road_right - 0.1)
        bottom = rng.uniform(horizon + 0.2, 0.98)
        size = (bottom - horizon) * 0.9
        name = rng.choice(["car", "car", "car", "truck", "bus"])
        s.fill(name, s.rows(bottom - size * 0.6, bottom), s.cols(cx, cx + size * 0.6), instance=True)
    for _ in range(rng.integers(0, 4)):
        cx = rng.choice([rng.uniform(0.0, road_left), rng.uniform(road_right, 0.98)])
        bottom = rng.uniform(horizon + 0.15, 0.95)
        size = (bottom - horizon) * 0.9
        name = rng.choice(["person", "person", "rider", "bicycle"])
        s.fill(name, s.rows(bottom - size, bottom), s.cols(cx, cx + size * 0.25), instance=True)
    return s


def _render_rgb(scene: _Scene, rng: np.random.Generator) -> np.ndarray:
    palette = np.zeros((256, 3), np.float32)
    for label in LABEL_BY_NAME.values():
        palette[label.label_id] = label.color
    rgb = palette[scene.label]
    # per-class brightness shading and texture noise so that the task is not a colour lookup
    shade = np.linspace(0.8, 1.1, scene.h, dtype=np.float32)[:, None, None]
    noise = rng.normal(0.0, 12.0, size=rgb.shape).astype(np.float32)
    return np.clip(rgb * shade + noise, 0, 255).astype(np.uint8)


def _camera_json() -> dict:
    return {
        "extrinsic": {"baseline": 0.209, "pitch": 0.038, "roll": 0.0, "x": 1.7, "y": 0.0, "yaw": -0.0195, "z": 1.22},
        "intrinsic": {"fx": 2262.52 / 4, "fy": 2265.3 / 4, "u0": 1096.98 / 4, "v0": 513.137 / 4},
    }


def _vehicle_json(rng: np.random.Generator) -> dict:
    return {
        "gpsHeading": float(rng.uniform(0, 360)),
        "gpsLatitude": float(48.0 + rng.uniform(0, 0.01)),
        "gpsLongitude": float(11.0 + rng.uniform(0, 0.01)),
        "outsideTemperature": 12.5,
        "speed": float(rng.uniform(0, 14)),
        "yawRate": 0.0,
    }


def write_fixture(root: Path, spec: FixtureSpec = FixtureSpec()) -> Path:
    """Writes the fixture under ``root`` and returns it; the same seed always writes the same files."""
    rng = np.random.default_rng(spec.seed)
    for split, cities in (("train", spec.train_cities), ("val", spec.val_cities)):
        for city in cities:
            for index in range(spec.frames_per_city):
                stem = f"{city}_{0:06d}_{index:06d}"
                scene = _draw_scene(spec.height, spec.width, rng)
                paths = {
                    "leftImg8bit": root / "leftImg8bit" / split / city / f"{stem}_leftImg8bit.png",
                    "labelIds": root / "gtFine" / split / city / f"{stem}_gtFine_labelIds.png",
                    "instanceIds": root / "gtFine" / split / city / f"{stem}_gtFine_instanceIds.png",
                    "camera": root / "camera" / split / city / f"{stem}_camera.json",
                    "vehicle": root / "vehicle" / split / city / f"{stem}_vehicle.json",
                }
                for path in paths.values():
                    path.parent.mkdir(parents=True, exist_ok=True)
                Image.fromarray(_render_rgb(scene, rng)).save(paths["leftImg8bit"])
                Image.fromarray(scene.label).save(paths["labelIds"])
                Image.fromarray(scene.instance.astype(np.uint16)).save(paths["instanceIds"])
                paths["camera"].write_text(json.dumps(_camera_json(), indent=2))
                paths["vehicle"].write_text(json.dumps(_vehicle_json(rng), indent=2))
    return root

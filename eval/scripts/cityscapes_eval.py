#!/usr/bin/python3
"""Independent pixel-level semantic labelling evaluator following cityscapesScripts' evalPixelLevelSemanticLabeling.

The official package (pip `cityscapesscripts`) cannot be installed here, so this re-implements its class and
category IoU from the same definitions, with only numpy and PIL:

- predictions: one 8-bit PNG of Cityscapes label ids per ground-truth frame, found anywhere under the results
  folder by the frame's `<city>_<seq>_<frame>` prefix (`<prefix>*.png`; two matches for one frame are an error);
- ground truth: `gtFine/<split>/*/*_gtFine_labelIds.png`; sizes must be equal, every ground-truth id must be a
  label of the table below (ids >= 0), every predicted id too;
- one confusion matrix over label ids, summed over all pixels of all frames (ignored ground truth included);
- IoU of an evaluated class l: tp = C[l,l]; fn = row sum of l minus tp (any prediction); fp = predictions of l on
  pixels whose truth is another non-ignored label; NaN when tp + fp + fn = 0; the class average is the mean of the
  non-NaN IoUs of the 19 classes (so a class predicted but absent from the truth counts with 0);
- category IoU likewise, with the non-ignored labels of a category merged.

Instance-level iIoU is not computed. Output: `name value unit` lines (IoU in [0, 1]) and, with --json, a file with
the official result file's keys (classScores, categoryScores, averageScoreClasses, averageScoreCategories).
"""

import argparse
import fnmatch
import json
import math
import os
import sys

import numpy as np
from PIL import Image

# cityscapesScripts helpers/labels.py: name, id, trainId, category, hasInstances, ignoreInEval
# ('license plate', id -1, is not an evaluation label and never appears in labelIds images).
LABELS = [
    ("unlabeled", 0, 255, "void", False, True),
    ("ego vehicle", 1, 255, "void", False, True),
    ("rectification border", 2, 255, "void", False, True),
    ("out of roi", 3, 255, "void", False, True),
    ("static", 4, 255, "void", False, True),
    ("dynamic", 5, 255, "void", False, True),
    ("ground", 6, 255, "void", False, True),
    ("road", 7, 0, "flat", False, False),
    ("sidewalk", 8, 1, "flat", False, False),
    ("parking", 9, 255, "flat", False, True),
    ("rail track", 10, 255, "flat", False, True),
    ("building", 11, 2, "construction", False, False),
    ("wall", 12, 3, "construction", False, False),
    ("fence", 13, 4, "construction", False, False),
    ("guard rail", 14, 255, "construction", False, True),
    ("bridge", 15, 255, "construction", False, True),
    ("tunnel", 16, 255, "construction", False, True),
    ("pole", 17, 5, "object", False, False),
    ("polegroup", 18, 255, "object", False, True),
    ("traffic light", 19, 6, "object", False, False),
    ("traffic sign", 20, 7, "object", False, False),
    ("vegetation", 21, 8, "nature", False, False),
    ("terrain", 22, 9, "nature", False, False),
    ("sky", 23, 10, "sky", False, False),
    ("person", 24, 11, "human", True, False),
    ("rider", 25, 12, "human", True, False),
    ("car", 26, 13, "vehicle", True, False),
    ("truck", 27, 14, "vehicle", True, False),
    ("bus", 28, 15, "vehicle", True, False),
    ("caravan", 29, 255, "vehicle", True, True),
    ("trailer", 30, 255, "vehicle", True, True),
    ("train", 31, 16, "vehicle", True, False),
    ("motorcycle", 32, 17, "vehicle", True, False),
    ("bicycle", 33, 18, "vehicle", True, False),
]
NAME, ID, TRAIN_ID, CATEGORY, HAS_INSTANCES, IGNORE = range(6)
EVAL_LABELS = [label[ID] for label in LABELS if label[ID] >= 0]
BY_ID = {label[ID]: label for label in LABELS}
GT_SUFFIX = "_gtFine_labelIds.png"


def frame_prefix(gt_file):
    """'berlin_000123_000019_gtFine_labelIds.png' -> 'berlin_000123_000019'."""
    parts = os.path.basename(gt_file).split("_")
    if len(parts) < 4:
        raise ValueError(f"not a Cityscapes file name: {gt_file}")
    return "_".join(parts[:3])


def ground_truth_files(root, split):
    folder = os.path.join(root, "gtFine", split)
    files = []
    for city in sorted(os.listdir(folder)):
        city_dir = os.path.join(folder, city)
        if os.path.isdir(city_dir):
            files += [os.path.join(city_dir, f) for f in sorted(os.listdir(city_dir)) if f.endswith(GT_SUFFIX)]
    if not files:
        raise SystemExit(f"no *{GT_SUFFIX} under {folder}")
    return files


def find_predictions(results, prefixes):
    """prefix -> prediction file; two predictions for one frame are an error, as in the official getPrediction."""
    found = {}
    for directory, _, names in os.walk(results):
        for prefix in prefixes:
            for name in fnmatch.filter(names, prefix + "*.png"):
                if prefix in found:
                    raise SystemExit(f"multiple predictions for {prefix}: {found[prefix]}, {name}")
                found[prefix] = os.path.join(directory, name)
    return found


def add_pair(confusion, prediction_file, gt_file):
    prediction = np.array(Image.open(prediction_file))
    truth = np.array(Image.open(gt_file))
    if prediction.shape != truth.shape:
        raise SystemExit(f"{prediction_file} is {prediction.shape[::-1]}, its ground truth {truth.shape[::-1]}")
    if prediction.ndim != 2:
        raise SystemExit(f"{prediction_file} has several channels")
    size = confusion.shape[0]
    for name, ids in (("ground truth", truth), ("prediction", prediction)):
        unknown = np.setdiff1d(np.unique(ids), EVAL_LABELS)
        if unknown.size:
            raise SystemExit(f"unknown label id(s) {unknown.tolist()} in {name} of {gt_file}")
    encoded = truth.astype(np.int64) * size + prediction.astype(np.int64)
    confusion += np.bincount(encoded.ravel(), minlength=size * size).reshape(size, size)


def class_iou(label_id, confusion):
    if BY_ID[label_id][IGNORE]:
        return float("nan")
    tp = int(confusion[label_id, label_id])
    fn = int(confusion[label_id, :].sum()) - tp
    not_ignored = [l for l in EVAL_LABELS if not BY_ID[l][IGNORE] and l != label_id]
    fp = int(confusion[not_ignored, label_id].sum())
    denominator = tp + fp + fn
    return float("nan") if denominator == 0 else tp / denominator


def category_iou(category, confusion):
    ids = [l for l in EVAL_LABELS if BY_ID[l][CATEGORY] == category and not BY_ID[l][IGNORE]]
    if not ids:
        return float("nan")
    tp = int(confusion[np.ix_(ids, ids)].sum())
    fn = int(confusion[ids, :].sum()) - tp
    others = [l for l in EVAL_LABELS if not BY_ID[l][IGNORE] and BY_ID[l][CATEGORY] != category]
    fp = int(confusion[np.ix_(others, ids)].sum())
    denominator = tp + fp + fn
    return float("nan") if denominator == 0 else tp / denominator


def average(scores):
    valid = [v for v in scores.values() if not math.isnan(v)]
    return sum(valid) / len(valid) if valid else float("nan")


def evaluate(gt_root, split, results, only_predicted=False):
    gts = ground_truth_files(gt_root, split)
    prefixes = [frame_prefix(f) for f in gts]
    predictions = find_predictions(results, prefixes)
    missing = [p for p in prefixes if p not in predictions]
    if missing and not only_predicted:
        raise SystemExit(f"{len(missing)} ground-truth frames have no prediction under {results}, e.g. {missing[0]}")
    confusion = np.zeros((max(EVAL_LABELS) + 1, max(EVAL_LABELS) + 1), np.int64)
    frames = 0
    for gt_file, prefix in zip(gts, prefixes):
        if prefix in predictions:
            add_pair(confusion, predictions[prefix], gt_file)
            frames += 1
    if frames == 0:
        raise SystemExit(f"no prediction under {results} matches a ground-truth frame of split {split}")
    classes = {BY_ID[l][NAME]: class_iou(l, confusion) for l in EVAL_LABELS if not BY_ID[l][IGNORE]}
    categories = {}
    for label in LABELS:
        if label[CATEGORY] not in categories and not all(
                l[IGNORE] for l in LABELS if l[CATEGORY] == label[CATEGORY]):
            categories[label[CATEGORY]] = category_iou(label[CATEGORY], confusion)
    return {
        "frames": frames,
        "classScores": classes,
        "categoryScores": categories,
        "averageScoreClasses": average(classes),
        "averageScoreCategories": average(categories),
    }


def without_nan(value):
    """JSON has no NaN: undefined scores become null."""
    if isinstance(value, dict):
        return {k: without_nan(v) for k, v in value.items()}
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gt", required=True, help="Cityscapes-layout root holding gtFine/<split>/")
    parser.add_argument("--split", default="val")
    parser.add_argument("--results", required=True, help="folder of *_labelIds.png predictions")
    parser.add_argument("--only-predicted", action="store_true",
                        help="evaluate the ground-truth frames that have a prediction (the official tool requires all)")
    parser.add_argument("--json", help="write the scores here")
    args = parser.parse_args(argv)
    result = evaluate(args.gt, args.split, args.results, args.only_predicted)
    print(f"cityscapes.frames {result['frames']} frames")
    print(f"cityscapes.class_iou_average {result['averageScoreClasses']:.6f} ratio")
    print(f"cityscapes.category_iou_average {result['averageScoreCategories']:.6f} ratio")
    for name, value in result["classScores"].items():
        print(f"cityscapes.class_iou.{name.replace(' ', '_')} {value:.6f} ratio")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(without_nan(result), f, indent=2, allow_nan=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

import unittest

import numpy as np

from latentmap_training.data import (Box, CityscapesFrames, boxes_from_annotations, centernet_targets,
                                     connected_components, crop_boxes, index_split)
from latentmap_training.labels import DETECTION_CLASSES, LABEL_BY_NAME, label_id_to_train_id_lut

from .helpers import fixture_root

POLE = LABEL_BY_NAME["pole"].label_id
CAR = LABEL_BY_NAME["car"].label_id


class LabelTableTest(unittest.TestCase):
    def test_official_train_ids(self):
        lut = label_id_to_train_id_lut()
        self.assertEqual(lut[LABEL_BY_NAME["road"].label_id], 0)
        self.assertEqual(lut[LABEL_BY_NAME["bicycle"].label_id], 18)
        self.assertEqual(lut[LABEL_BY_NAME["parking"].label_id], 255)
        self.assertEqual(lut[200], 255)


class AnnotationTest(unittest.TestCase):
    def test_connected_components_separate_touching_diagonals(self):
        mask = np.zeros((5, 6), bool)
        mask[0, 0:3] = mask[1, 2] = True
        mask[3:5, 4:6] = True
        mask[4, 0] = True
        mask[2, 3] = True  # touches (1,2) only diagonally
        labels = connected_components(mask)
        self.assertEqual(len(np.unique(labels[mask])), 4)
        self.assertEqual(labels[0, 0], labels[1, 2])

    def test_pole_boxes_from_components_and_car_boxes_from_instances(self):
        label_ids = np.zeros((40, 60), np.uint8)
        instance_ids = np.zeros((40, 60), np.int64)
        label_ids[5:30, 10:12] = POLE
        label_ids[5:30, 40:43] = POLE
        label_ids[20:30, 20:35] = CAR
        instance_ids[20:30, 20:27] = CAR * 1000
        instance_ids[20:30, 27:35] = CAR * 1000 + 1
        boxes = boxes_from_annotations(label_ids, instance_ids)
        pole = [i for i, d in enumerate(DETECTION_CLASSES) if d.name == "pole"][0]
        car = [i for i, d in enumerate(DETECTION_CLASSES) if d.name == "car"][0]
        self.assertEqual(sorted((b.x0, b.x1) for b in boxes if b.det_class == pole), [(10, 12), (40, 43)])
        self.assertEqual(sorted((b.x0, b.x1) for b in boxes if b.det_class == car), [(20, 27), (27, 35)])

    def test_centernet_targets_peak_at_box_centre(self):
        targets = centernet_targets([Box(2, 16.0, 8.0, 48.0, 40.0)], 64, 128, 8)
        self.assertEqual(targets["heatmap"][2, 3, 4], 1.0)
        self.assertEqual(targets["heatmap"].sum(axis=(1, 2)).nonzero()[0].tolist(), [2])
        self.assertEqual(targets["size"][:, 3, 4].tolist(), [4.0, 4.0])
        self.assertEqual(targets["reg_mask"].sum(), 1.0)

    def test_crop_drops_mostly_hidden_boxes(self):
        boxes = [Box(0, 0, 0, 10, 10), Box(1, 90, 0, 110, 10)]
        kept = crop_boxes(boxes, 0, 0, 20, 100)
        self.assertEqual([(b.det_class, b.x1) for b in kept], [(0, 10.0), (1, 100.0)])
        self.assertEqual(crop_boxes(boxes, 0, 0, 20, 95)[1:], [])


class DatasetTest(unittest.TestCase):
    def test_fixture_frames_load_with_targets(self):
        root = fixture_root()
        self.assertEqual(len(index_split(root, "train")), 4)
        crops = CityscapesFrames(root, "train", (256, 512), 8, crop_size=(128, 256), seed=3)
        sample = crops[0]
        self.assertEqual(tuple(sample["image"].shape), (3, 128, 256))
        self.assertEqual(tuple(sample["heatmap"].shape), (len(DETECTION_CLASSES), 16, 32))
        self.assertTrue(0.0 <= float(sample["image"].min()) and float(sample["image"].max()) <= 1.0)
        full = CityscapesFrames(root, "val", (256, 512), 8)
        self.assertEqual(tuple(full[0]["seg"].shape), (256, 512))
        self.assertGreater(len(full.boxes(0)), 0)
        self.assertTrue(set(np.unique(full[0]["seg"].numpy())) <= set(range(19)) | {255})

    def test_missing_split_is_reported(self):
        with self.assertRaises(FileNotFoundError):
            index_split(fixture_root(), "test")


if __name__ == "__main__":
    unittest.main()

import math
import unittest

import torch

from latentmap_training.bundle import jpeg_bpp_for_miou
from latentmap_training.data import Box, centernet_targets
from latentmap_training.metrics import DetectionScore, SegmentationScore, decode_centernet


class SegmentationScoreTest(unittest.TestCase):
    def test_perfect_and_half_wrong_predictions(self):
        labels = torch.zeros(1, 16, 16, dtype=torch.long)
        labels[:, :, 8:] = 2
        labels[:, 0, 0] = 255
        logits = torch.zeros(1, 19, 2, 2)
        logits[:, 0, :, 0] = 5
        logits[:, 2, :, 1] = 5
        perfect = SegmentationScore()
        perfect.add(logits, labels)
        self.assertAlmostEqual(perfect.miou(), 1.0)
        wrong = SegmentationScore()
        wrong.add(torch.zeros(1, 19, 2, 2).index_fill_(1, torch.tensor([0]), 5.0), labels)
        self.assertAlmostEqual(wrong.miou(), (127 / 255 + 0) / 2, places=5)
        self.assertTrue(math.isnan(wrong.per_class_iou()[5]))


class DetectionScoreTest(unittest.TestCase):
    def test_targets_decode_back_to_their_boxes_with_full_ap(self):
        boxes = [Box(0, 16, 16, 48, 40), Box(4, 64, 8, 120, 56)]
        targets = centernet_targets(boxes, 64, 128, 8)
        outputs = {k: torch.from_numpy(targets[k])[None] for k in ("heatmap", "size", "offset")}
        detections = decode_centernet(outputs, 8, 10, 0.5)[0]
        self.assertEqual(sorted(d.det_class for d in detections), [0, 4])
        score = DetectionScore()
        score.add(detections, boxes)
        self.assertAlmostEqual(score.map50(), 1.0)

    def test_false_positive_ranked_first_halves_precision(self):
        score = DetectionScore()
        from latentmap_training.metrics import Detection
        score.add([Detection(1, 0.9, (0, 0, 5, 5)), Detection(1, 0.5, (20, 20, 30, 30))], [Box(1, 20, 20, 30, 30)])
        self.assertAlmostEqual(score.average_precision(1), 0.5)
        self.assertTrue(math.isnan(score.average_precision(2)))


class JpegCurveTest(unittest.TestCase):
    def test_interpolates_in_log_bpp(self):
        curve = [{"bpp": 0.1, "miou": 0.2}, {"bpp": 1.0, "miou": 0.4}]
        self.assertAlmostEqual(jpeg_bpp_for_miou(curve, 0.3), math.sqrt(0.1))
        self.assertEqual(jpeg_bpp_for_miou(curve, 0.1), 0.1)
        self.assertIsNone(jpeg_bpp_for_miou(curve, 0.5))


if __name__ == "__main__":
    unittest.main()

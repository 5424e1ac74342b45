import json
import tempfile
import unittest
from pathlib import Path

from PIL import Image

from latentmap_training.compare import compare_bundles, format_rows, plot_rows


def write_manifest(folder: Path, bundle_id: str, channel_ends, rows) -> Path:
    folder.mkdir(parents=True)
    layers = [{"index": k, "channels": [0 if k == 0 else channel_ends[k - 1], end]}
              for k, end in enumerate(channel_ends)]
    manifest = {"id": bundle_id, "layers": layers,
                "metrics": {"layers": [{"layers": k + 1, "bpp": bpp, "miou": miou, "map50": 0.0}
                                       for k, (bpp, miou) in enumerate(rows)]}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


class CompareTest(unittest.TestCase):
    def test_single_rate_bundles_meet_the_layer_count_with_their_channels(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            scalable = write_manifest(root / "scalable", "scalable", [4, 12, 32],
                                      [(0.07, 0.20), (0.15, 0.24), (0.16, 0.25)])
            mid = write_manifest(root / "mid", "mid", [12], [(0.14, 0.245)])
            base = write_manifest(root / "base", "base", [4], [(0.07, 0.23)])

            rows = compare_bundles(scalable, [base, mid])

            self.assertEqual([r["layers"] for r in rows], [1, 2])
            self.assertAlmostEqual(rows[0]["gap"], 0.03)
            self.assertFalse(rows[0]["met"])
            self.assertTrue(rows[1]["met"])
            self.assertIn("scalable.rate_points_within_1_point 1 count", format_rows("scalable", rows))
            plot = root / "compare.png"
            plot_rows(plot, "scalable", rows)
            self.assertEqual(Image.open(plot).size[0], 720)

    def test_a_bundle_of_several_layers_or_unmatched_channels_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            scalable = write_manifest(root / "scalable", "scalable", [4, 12], [(0.07, 0.2), (0.15, 0.24)])
            odd = write_manifest(root / "odd", "odd", [8], [(0.1, 0.2)])
            with self.assertRaisesRegex(ValueError, "no layer count"):
                compare_bundles(scalable, [odd])
            with self.assertRaisesRegex(ValueError, "not a single-rate bundle"):
                compare_bundles(scalable, [scalable])


if __name__ == "__main__":
    unittest.main()

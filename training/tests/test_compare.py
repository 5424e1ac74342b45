import json
import tempfile
import unittest
from pathlib import Path

from PIL import Image

from latentmap_training.compare import compare_bundles, compare_seeds, format_rows, format_seed_rows, plot_rows, plot_seed_rows


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
            # at equal rate: the base point sits on the single-rate curve's first point, mid's 0.15 bpp beyond its end
            self.assertAlmostEqual(rows[0]["equal_rate_gap"], 0.03)
            self.assertIsNone(rows[1]["equal_rate_gap"])
            plot = root / "compare.png"
            plot_rows(plot, "scalable", rows)
            self.assertEqual(Image.open(plot).size[0], 720)

    def test_equal_rate_gap_interpolates_between_single_rate_bundles(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            scalable = write_manifest(root / "scalable", "scalable", [4, 12, 32],
                                      [(0.07, 0.20), (0.12, 0.24), (0.16, 0.25)])
            base = write_manifest(root / "base", "base", [4], [(0.06, 0.22)])
            mid = write_manifest(root / "mid", "mid", [12], [(0.14, 0.26)])
            top = write_manifest(root / "top", "top", [32], [(0.18, 0.27)])

            rows = {r["layers"]: r for r in compare_bundles(scalable, [base, mid, top])}

            self.assertAlmostEqual(rows[1]["equal_rate_gap"], 0.225 - 0.20)  # 1/8 of the way from base to mid
            self.assertAlmostEqual(rows[2]["equal_rate_gap"], 0.25 - 0.24)
            self.assertAlmostEqual(rows[3]["equal_rate_gap"], 0.265 - 0.25)
            self.assertIn("scalable.vs.mid.miou_gap_at_equal_rate 1.00 points", format_rows("scalable", list(rows.values())))

    def test_a_bundle_of_several_layers_or_unmatched_channels_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            scalable = write_manifest(root / "scalable", "scalable", [4, 12], [(0.07, 0.2), (0.15, 0.24)])
            odd = write_manifest(root / "odd", "odd", [8], [(0.1, 0.2)])
            with self.assertRaisesRegex(ValueError, "no layer count"):
                compare_bundles(scalable, [odd])
            with self.assertRaisesRegex(ValueError, "not a single-rate bundle"):
                compare_bundles(scalable, [scalable])

    def test_runs_of_each_recipe_are_compared_by_their_means(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            scalables = [write_manifest(root / f"seed{n}" / "scalable", "scalable", [4, 12],
                                        [(0.07, base), (0.15, 0.25)]) for n, base in enumerate([0.20, 0.24], 1)]
            singles = [write_manifest(root / f"seed{n}" / "base", "base", [4], [(0.06 + n / 100, miou)])
                       for n, miou in enumerate([0.22, 0.23, 0.24], 1)]
            singles.append(write_manifest(root / "seed1" / "mid", "mid", [12], [(0.14, 0.29)]))

            rows = {r["layers"]: r for r in compare_seeds(scalables, singles)}

            # base: single-rate runs 22/23/24 % (mean 23, sd 1) against scalable runs 20/24 % (mean 22, sd 2.83)
            self.assertEqual((rows[1]["scalable"]["runs"], rows[1]["single"]["runs"]), (2, 3))
            self.assertAlmostEqual(rows[1]["gap"], 0.01)
            self.assertAlmostEqual(rows[1]["single"]["miou_sd"], 0.01)
            self.assertAlmostEqual(rows[1]["gap_standard_error"], (0.01 ** 2 / 3 + 0.0008 / 2) ** 0.5)
            self.assertAlmostEqual(rows[1]["single"]["bpp_mean"], 0.08)
            self.assertTrue(rows[1]["met"])
            # mid: one single-rate run, two identical scalable runs: gap 4 points, no spread to estimate an error from
            self.assertAlmostEqual(rows[2]["gap"], 0.04)
            self.assertEqual(rows[2]["gap_standard_error"], 0.0)
            self.assertFalse(rows[2]["met"])
            lines = format_seed_rows("scalable", list(rows.values()))
            self.assertIn("scalable.seeds.layers1.miou_gap_of_means 1.00 points", lines)
            self.assertIn("scalable.seeds.rate_points_within_1_point 1 count", lines)
            plot = root / "seeds.png"
            plot_seed_rows(plot, "scalable", list(rows.values()))
            self.assertEqual(Image.open(plot).size[0], 720)


if __name__ == "__main__":
    unittest.main()

import hashlib
import json
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx

from latentmap_training.__main__ import main
from latentmap_training.bundle import load_checkpoint
from latentmap_training.frame_codec import FrameCodec
from latentmap_training.onnx_check import find_ort_jar, run_with_onnx_runtime
from latentmap_training.coding import bitstream
from latentmap_training.coding.tables import read_tables

from .helpers import fixture_root, train_fixture_bundle

CONFIG = {
    "id": "bundle-test",
    "model": {"layers": [2, 3, 5], "analysis_width": 16, "synthesis_width": 16, "hyper_width": 8,
              "hyper_channels": 4, "head_width": 16, "backbone_width": 16},
    "train": {"steps": 2, "baseline_steps": 2, "batch_size": 2, "threads": 1},
    "eval": {"max_val_frames": 1, "golden_frames": 1, "jpeg_qualities": [20, 80]},
}


class TrainCommandTest(unittest.TestCase):
    """The one entry point, end to end on fixture data, writes a bundle that satisfies formats.md 5 and 6."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = train_fixture_bundle(Path(cls.tmp.name), CONFIG)
        cls.manifest_bytes = (cls.out / "manifest.json").read_bytes()
        cls.manifest = json.loads(cls.manifest_bytes)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_listed_file_matches_its_hash_and_every_file_is_listed(self):
        listed = {f["path"] for f in self.manifest["files"]}
        for entry in self.manifest["files"]:
            data = (self.out / entry["path"]).read_bytes()
            self.assertEqual(hashlib.sha256(data).hexdigest(), entry["sha256"], entry["path"])
            self.assertEqual(len(data), entry["bytes"])
        on_disk = {p.relative_to(self.out).as_posix() for p in self.out.rglob("*") if p.is_file()}
        golden = {p for p in on_disk if p.startswith("golden/")}
        self.assertEqual(len(golden), 1 + 8)  # cases.json, 5 arrays and 3 layer messages of one case
        self.assertEqual(on_disk - golden - {"manifest.json"}, listed)

    def test_manifest_describes_networks_layers_and_metrics(self):
        m = self.manifest
        self.assertEqual((m["format"], m["format_version"], m["id"]), ("latentmap-bundle", 1, "bundle-test"))
        self.assertEqual([l["channels"] for l in m["layers"]], [[0, 2], [2, 5], [5, 10]])
        self.assertEqual(m["tensor"], {"channels": 10, "stride": 8, "height": 32, "width": 64})
        for path in list(m["networks"].values()) + [h["path"] for h in m["heads"]]:
            onnx.checker.check_model(onnx.load(str(self.out / path)))
        self.assertEqual([(r["layers"]) for r in m["metrics"]["layers"]], [1, 2, 3])
        bpps = [r["bpp"] for r in m["metrics"]["layers"]]
        self.assertTrue(all(0 < a < b for a, b in zip(bpps, bpps[1:])), bpps)
        self.assertIn("heads_on_latent", m["metrics"]["flops"])
        self.assertTrue((self.out / "REPORT.md").read_text().startswith("# Bundle `bundle-test`"))
        self.assertEqual(len(read_tables((self.out / m["entropy_model"]["tables"]).read_bytes())), 2)

    def test_golden_messages_carry_the_bundle_hash_and_match_the_symbols(self):
        cases = json.loads((self.out / "golden" / "cases.json").read_text())
        prefix = hashlib.sha256(self.manifest_bytes).digest()[:8]
        self.assertEqual(cases["bundle_hash_prefix"], prefix.hex())
        case = cases["cases"][0]
        q = np.frombuffer((self.out / case["q"]).read_bytes(), "<i4").reshape(case["q_shape"])
        named = {case[k] for k in ("image", "y", "q", "z_q", "scale_index")} | set(case["layers"])
        self.assertEqual({f["path"] for f in cases["files"]}, named)
        for entry in cases["files"]:
            self.assertEqual(hashlib.sha256((self.out / entry["path"]).read_bytes()).hexdigest(), entry["sha256"])
        for k, path in enumerate(case["layers"]):
            message = bitstream.read_layer_message((self.out / path).read_bytes())
            self.assertEqual((message.bundle_hash_prefix, message.layer_index), (prefix, k))
            self.assertEqual([message.channel_start, message.channel_end], self.manifest["layers"][k]["channels"])
        self.assertEqual(q.shape, (10, 32, 64))

    def test_training_into_a_used_folder_is_refused(self):
        with self.assertRaises(FileExistsError):
            main(["train", "--config", str(Path(self.tmp.name) / "config.json"), "--data", str(fixture_root()),
                  "--out", str(self.out)])

    def test_checkpoint_decodes_the_golden_messages(self):
        cfg, model, _ = load_checkpoint(self.out)
        codec = FrameCodec(model, cfg.model.rans_lanes)
        case = json.loads((self.out / "golden" / "cases.json").read_text())["cases"][0]
        q = np.frombuffer((self.out / case["q"]).read_bytes(), "<i4").reshape(case["q_shape"])
        decoded = codec.decode([(self.out / p).read_bytes() for p in case["layers"]])
        np.testing.assert_array_equal(decoded["q"], q)
        z_q = np.frombuffer((self.out / case["z_q"]).read_bytes(), "<i4").reshape(case["z_q_shape"])
        np.testing.assert_array_equal(decoded["z_q"], z_q)

    def test_onnx_runtime_edge_encoder_reproduces_golden_y(self):
        jar = find_ort_jar()
        if jar is None:
            self.skipTest("ONNX Runtime Java jar not found: set LATENTMAP_ORT_JAR or run through Maven")
        case = json.loads((self.out / "golden" / "cases.json").read_text())["cases"][0]
        image = np.frombuffer((self.out / case["image"]).read_bytes(), "<f4").reshape(case["image_shape"])
        y = np.frombuffer((self.out / case["y"]).read_bytes(), "<f4").reshape(case["y_shape"])
        model = self.out / self.manifest["networks"]["edge_encoder"]
        (outputs,) = run_with_onnx_runtime([(model, "image", image[None])], jar)
        np.testing.assert_allclose(outputs["y"][0], y, atol=1e-4, rtol=1e-4)


if __name__ == "__main__":
    unittest.main()

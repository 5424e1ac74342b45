import json
import tempfile
import unittest
from pathlib import Path

import torch

from latentmap_training.__main__ import main
from latentmap_training.bundle import load_checkpoint, refit_bundle
from latentmap_training.flops import count_macs
from latentmap_training.refit import RefitSettings

from .helpers import fixture_root, train_fixture_bundle
from .test_bundle import CONFIG


class RefitEntropyTest(unittest.TestCase):
    """A refit changes the hyperprior alone: the latent, the heads and so every accuracy figure stay as they were."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = Path(cls.tmp.name)
        cls.source = train_fixture_bundle(root, CONFIG)
        cls.refitted = root / "refit" / "bundle-test"
        main(["refit-entropy", "--bundle", str(cls.source), "--data", str(fixture_root()), "--out", str(cls.refitted),
              "--steps", "20", "--threads", "1"])
        cls.before = json.loads((cls.source / "manifest.json").read_text())
        cls.after = json.loads((cls.refitted / "manifest.json").read_text())

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_only_the_entropy_model_changes(self):
        _, source, source_rgb = load_checkpoint(self.source)
        cfg, refitted, refitted_rgb = load_checkpoint(self.refitted)
        self.assertEqual(cfg.model.hyper_synthesis, "half_resolution")
        kept = {k: v for k, v in source.state_dict().items() if not k.startswith("entropy.")}
        self.assertTrue(kept)
        for name, value in refitted.state_dict().items():
            if not name.startswith("entropy."):
                self.assertTrue(torch.equal(value, kept.pop(name)), name)
        self.assertEqual(kept, {})
        for name, value in refitted_rgb.state_dict().items():
            self.assertTrue(torch.equal(value, source_rgb.state_dict()[name]), name)
        changed = [n for n, v in refitted.state_dict().items()
                   if n.startswith("entropy.hyper_") and (n not in source.state_dict() or not torch.equal(v, source.state_dict()[n]))]
        self.assertTrue(changed)

    def test_accuracy_figures_are_the_source_bundles_and_only_the_rates_are_new(self):
        for old, new in zip(self.before["metrics"]["layers"], self.after["metrics"]["layers"]):
            self.assertEqual(old["miou"], new["miou"])
            self.assertEqual(old["map50"], new["map50"])
            self.assertGreater(new["bpp"], 0)
        refit = self.after["training"]["timings"]["entropy_refit"]
        self.assertEqual((refit["from_hyper_synthesis"], refit["hyper_synthesis"], refit["steps"]),
                         ("full_resolution", "half_resolution", 20))
        self.assertIn("refitted (`refit-entropy`:", (self.refitted / "REPORT.md").read_text())

    def test_the_new_hyper_decoder_costs_less(self):
        _, source, _ = load_checkpoint(self.source)
        _, refitted, _ = load_checkpoint(self.refitted)
        z = torch.zeros(1, 4, 8, 16)
        self.assertLess(count_macs(refitted.entropy.hyper_synthesis, z), count_macs(source.entropy.hyper_synthesis, z))
        self.assertEqual(refitted.entropy.hyper_synthesis(z).shape, source.entropy.hyper_synthesis(z).shape)

    def test_a_refit_keeps_the_bundle_id(self):
        with self.assertRaises(ValueError):
            refit_bundle(self.source, fixture_root(), Path(self.tmp.name) / "other" / "renamed", RefitSettings(steps=1))


class TrainWithRefitTest(unittest.TestCase):
    """``train.entropy_refit_steps`` makes one `train` command do the joint training and then the refit."""

    def test_the_trained_bundle_carries_the_refitted_hyper_decoder(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = train_fixture_bundle(Path(tmp), {**CONFIG, "train": {**CONFIG["train"], "entropy_refit_steps": 5}})
            manifest = json.loads((out / "manifest.json").read_text())
            self.assertEqual(manifest["training"]["config"]["model"]["hyper_synthesis"], "half_resolution")
            self.assertEqual(manifest["training"]["timings"]["entropy_refit"]["steps"], 5)
            # The report names the command that ran the refit: here `train`, not `refit-entropy`.
            report = (out / "REPORT.md").read_text()
            self.assertIn("refitted (`train`, after the joint training:", report)
            self.assertNotIn("`refit-entropy`", report)
            cfg, model, _ = load_checkpoint(out)
            self.assertEqual(type(model.entropy.hyper_synthesis).__name__, "HalfResolutionHyperSynthesis")


if __name__ == "__main__":
    unittest.main()

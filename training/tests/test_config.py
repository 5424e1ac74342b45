import json
import unittest
from pathlib import Path

from latentmap_training.config import config_from_dict, load_config

CONFIGS = Path(__file__).resolve().parent.parent / "configs"


class ConfigTest(unittest.TestCase):
    def test_shipped_configs_are_valid(self):
        paths = sorted(CONFIGS.glob("*.json"))
        self.assertGreaterEqual(len(paths), 5)
        for path in paths:
            cfg = load_config(path)
            self.assertEqual(cfg.id, json.loads(path.read_text())["id"])
            self.assertEqual(len(cfg.loss.target_bpp), len(cfg.model.layers))

    def test_unknown_keys_and_bad_head_ranges_are_refused(self):
        with self.assertRaisesRegex(ValueError, "unknown ModelConfig keys"):
            config_from_dict({"model": {"layerz": [4]}})
        with self.assertRaisesRegex(ValueError, "head_ranges"):
            config_from_dict({"model": {"layers": [4, 8], "head_ranges": [{"min_layers": 1, "max_layers": 1}]},
                              "loss": {"target_bpp": [0.1, 0.2]}})
        with self.assertRaisesRegex(ValueError, "multiples of 32"):
            config_from_dict({"train": {"crop_size": [100, 256]}})
        with self.assertRaisesRegex(ValueError, "rate_term"):
            config_from_dict({"loss": {"rate_term": "top_only"}})
        with self.assertRaisesRegex(ValueError, "hyper_synthesis"):
            config_from_dict({"model": {"hyper_synthesis": "quarter_resolution"}})
        with self.assertRaisesRegex(ValueError, "entropy_refit_steps needs a hyperprior"):
            config_from_dict({"model": {"entropy_model": "factorized"}, "train": {"entropy_refit_steps": 100}})


if __name__ == "__main__":
    unittest.main()

import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
import torch

from latentmap_training.export import HeadsForExport, export_onnx
from latentmap_training.models.networks import LayeredCodec, RgbTaskNetwork
from latentmap_training.onnx_check import find_ort_jar, run_with_onnx_runtime

from .helpers import small_config

TOLERANCE = 1e-4


class OnnxExportTest(unittest.TestCase):
    """Every network exports with a dynamic batch and ONNX Runtime (Java, as the job runs it) matches PyTorch."""

    @classmethod
    def setUpClass(cls):
        torch.manual_seed(11)
        cls.model = LayeredCodec(small_config().model).eval()
        cls.rgb = RgbTaskNetwork(small_config().model).eval()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        image = torch.rand(2, 3, 64, 128)
        with torch.no_grad():
            y = cls.model.analysis(image)
            z = cls.model.entropy.hyper_analysis(y)
        cls.cases = {
            "edge_encoder": (cls.model.analysis, image, "image", ["y"]),
            "hyper_encoder": (cls.model.entropy.hyper_analysis, y, "y", ["z"]),
            "hyper_decoder": (cls.model.entropy.hyper_synthesis, torch.round(z), "z_hat", ["scales"]),
            "head_l1": (HeadsForExport(cls.model.heads[0]), torch.round(y[:, :2]), "y_hat", ["seg_logits", "detection"]),
            "rgb_decoder": (cls.model.synthesis, torch.round(y), "y_hat", ["image"]),
            "rgb_baseline": (HeadsForExport(cls.rgb), image, "image", ["seg_logits", "detection"]),
        }
        for name, (module, example, input_name, outputs) in cls.cases.items():
            export_onnx(module, example[:1], cls.dir / f"{name}.onnx", input_name, outputs)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def torch_outputs(self, name):
        module, example, _, outputs = self.cases[name]
        with torch.no_grad():
            result = module(example)
        result = result if isinstance(result, tuple) else (result,)
        return dict(zip(outputs, (r.numpy() for r in result)))

    def test_models_are_valid_onnx_with_dynamic_batch(self):
        for name, (_, _, input_name, _) in self.cases.items():
            model = onnx.load(str(self.dir / f"{name}.onnx"))
            onnx.checker.check_model(model)
            self.assertGreaterEqual(model.opset_import[0].version, 13)
            batch = model.graph.input[0].type.tensor_type.shape.dim[0]
            self.assertEqual(batch.dim_param, "N", name)

    def test_onnx_runtime_matches_pytorch_at_batch_two(self):
        jar = find_ort_jar()
        if jar is None:
            self.skipTest("ONNX Runtime Java jar not found: set LATENTMAP_ORT_JAR or run through Maven")
        names = list(self.cases)
        results = run_with_onnx_runtime(
            [(self.dir / f"{n}.onnx", self.cases[n][2], self.cases[n][1].numpy()) for n in names], jar)
        for name, ort_outputs in zip(names, results):
            expected = self.torch_outputs(name)
            self.assertEqual(set(ort_outputs), set(expected), name)
            for output, value in expected.items():
                scale = max(1.0, float(np.abs(value).max()))
                np.testing.assert_allclose(ort_outputs[output], value, atol=TOLERANCE * scale, rtol=0,
                                           err_msg=f"{name}.{output}")


if __name__ == "__main__":
    unittest.main()

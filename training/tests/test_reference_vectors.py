"""The codec module's known-answer vectors (written by its independent reference implementation of formats.md,
and reproduced by the Java codec) must come out of this package's coder byte for byte."""

import json
import os
import unittest
from pathlib import Path

from latentmap_training.coding import bitstream, rans
from latentmap_training.coding.bitstream import LayerMessage
from latentmap_training.coding.tables import read_tables, write_tables

VECTORS_ENV = "LATENTMAP_REFERENCE_VECTORS"
REPO_VECTORS = (Path(__file__).resolve().parents[2] / "codec" / "src" / "test" / "resources" / "io" / "latentmap"
                / "codec" / "reference")
MODELS = {"factorized": bitstream.ENTROPY_FACTORIZED, "hyperprior": bitstream.ENTROPY_HYPERPRIOR}


def vectors_dir() -> Path:
    return Path(os.environ.get(VECTORS_ENV, REPO_VECTORS))


class ReferenceVectorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = vectors_dir()
        if not (cls.dir / "case.json").is_file():
            raise unittest.SkipTest(f"no reference vectors at {cls.dir} (set {VECTORS_ENV})")
        cls.case = json.loads((cls.dir / "case.json").read_text())

    def test_tables_files_round_trip_byte_for_byte(self):
        for model in MODELS:
            data = (self.dir / f"{model}.lmet").read_bytes()
            self.assertEqual(write_tables(read_tables(data)), data, model)

    def test_layer_messages_for_every_lane_count(self):
        c = self.case
        plane = c["height"] * c["width"]
        hz = -(-c["height"] // c["z_stride"])
        wz = -(-c["width"] // c["z_stride"])
        for model, code in MODELS.items():
            sets = read_tables((self.dir / f"{model}.lmet").read_bytes())
            y_set = sets[-1]
            q = c["q_factorized"] if model == "factorized" else c["q_hyperprior"]
            for lanes in (1, 2, 4):
                names = c["messages"][f"{model}_lanes{lanes}"]
                for k, (c0, c1) in enumerate(c["layers"]):
                    values = q[c0 * plane:c1 * plane]
                    if model == "factorized":
                        indexes = [c0 + i // plane for i in range(len(values))]
                    else:
                        indexes = c["scale_index"][c0 * plane:c1 * plane]
                    streams = [(bitstream.STREAM_Y, rans.encode(values, indexes, y_set.cdfs, y_set.offsets, lanes))]
                    if model == "hyperprior" and k == 0:
                        z_set = sets[0]
                        z_indexes = [i // (hz * wz) for i in range(len(c["z_q"]))]
                        z_stream = rans.encode(c["z_q"], z_indexes, z_set.cdfs, z_set.offsets, lanes)
                        streams.insert(0, (bitstream.STREAM_Z, z_stream))
                        self.assertEqual(rans.decode(z_stream, z_indexes, z_set.cdfs, z_set.offsets, lanes), c["z_q"])
                    message = bitstream.write_layer_message(LayerMessage(
                        code, lanes, bytes.fromhex(c["hash_prefix"]), k, c0, c1, c["height"], c["width"], streams))
                    expected = (self.dir / names[k]).read_bytes()
                    self.assertEqual(message, expected, f"{model} lanes={lanes} layer {k}")
                    parsed = bitstream.read_layer_message(expected)
                    decoded = rans.decode(dict(parsed.streams)[bitstream.STREAM_Y], indexes, y_set.cdfs,
                                          y_set.offsets, lanes)
                    self.assertEqual(decoded, values)


if __name__ == "__main__":
    unittest.main()

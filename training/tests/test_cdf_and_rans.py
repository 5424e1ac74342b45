import random
import struct
import unittest

from latentmap_training.coding import rans
from latentmap_training.coding.cdf import pmf_to_quantized_cdf


class QuantizedCdfTest(unittest.TestCase):
    def test_cdf_spans_full_scale_and_every_symbol_keeps_a_frequency(self):
        cdf = pmf_to_quantized_cdf([0.5, 0.5 - 1e-9, 0.0, 1e-9])
        self.assertEqual(cdf[0], 0)
        self.assertEqual(cdf[-1], 1 << 16)
        self.assertTrue(all(b > a for a, b in zip(cdf, cdf[1:])), cdf)

    def test_rounding_is_half_away_from_zero_like_std_round(self):
        # 2.5 counts: std::round gives 3 (total stays 65536); Python's round() would give 2, then 2 after rescaling
        cdf = pmf_to_quantized_cdf([2.5 / 65536, 65533 / 65536])
        self.assertEqual(cdf, [0, 3, 65536])

    def test_known_table(self):
        self.assertEqual(pmf_to_quantized_cdf([0.25, 0.25, 0.5]), [0, 16384, 32768, 65536])

    def test_zero_mass_is_refused(self):
        with self.assertRaises(ValueError):
            pmf_to_quantized_cdf([0.0, 0.0])


class RansTest(unittest.TestCase):
    CDFS = [pmf_to_quantized_cdf([0.1, 0.2, 0.4, 0.2, 0.099, 0.001]), pmf_to_quantized_cdf([0.5, 0.4999, 1e-4])]
    OFFSETS = [-2, 0]

    def random_values(self, seed, count=3000):
        rng = random.Random(seed)
        values = [rng.choice([-2, -1, 0, 0, 1, 2, 3, -3, -70, 1 << 20, -(1 << 29)]) for _ in range(count)]
        return values, [rng.randrange(2) for _ in values]

    def test_round_trip_with_escapes_for_every_lane_count(self):
        for lanes in rans.ALLOWED_LANES:
            values, indexes = self.random_values(lanes)
            data = rans.encode(values, indexes, self.CDFS, self.OFFSETS, lanes)
            self.assertEqual(rans.decode(data, indexes, self.CDFS, self.OFFSETS, lanes), values)

    def test_encoding_is_deterministic(self):
        values, indexes = self.random_values(5)
        self.assertEqual(rans.encode(values, indexes, self.CDFS, self.OFFSETS, 2),
                         rans.encode(list(values), list(indexes), self.CDFS, self.OFFSETS, 2))

    def test_single_symbol_stream_bytes(self):
        # x = 2^31 -> ((2^31 // 32768) << 16) + 0 = 2^32: flushed low word 0, high word 1 (formats.md 1.3)
        data = rans.encode([0], [0], [[0, 32768, 65535, 65536]], [0], 1)
        self.assertEqual(data, struct.pack("<II", 0, 1))

    def test_empty_stream_is_the_initial_state_per_lane(self):
        self.assertEqual(rans.encode([], [], self.CDFS, self.OFFSETS, 2), struct.pack("<4I", 1 << 31, 0, 1 << 31, 0))

    def test_coded_size_stays_close_to_model_cost(self):
        values, indexes = self.random_values(9, 20000)
        data = rans.encode(values, indexes, self.CDFS, self.OFFSETS, 2)
        cost = rans.model_cost_bits(values, indexes, self.CDFS, self.OFFSETS)
        self.assertLessEqual(len(data), 1.01 * cost / 8 + 16)
        self.assertGreaterEqual(len(data), cost / 8)

    def test_truncated_or_padded_stream_is_refused(self):
        values, indexes = self.random_values(3)
        data = rans.encode(values, indexes, self.CDFS, self.OFFSETS, 1)
        with self.assertRaises(rans.RansError):
            rans.decode(data[:-8], indexes, self.CDFS, self.OFFSETS, 1)
        with self.assertRaises(rans.RansError):
            rans.decode(data + bytes(4), indexes, self.CDFS, self.OFFSETS, 1)

    def test_value_too_far_for_escape_is_refused(self):
        with self.assertRaises(rans.RansError):
            rans.encode([1 << 31], [1], self.CDFS, self.OFFSETS, 1)


if __name__ == "__main__":
    unittest.main()

import unittest

from latentmap_training.coding import bitstream
from latentmap_training.coding.bitstream import LayerMessage
from latentmap_training.coding.crc32c import crc32c
from latentmap_training.coding.tables import (KIND_FACTORIZED, KIND_GAUSSIAN, ROLE_Y, ROLE_Z, TableSet,
                                               TablesFormatError, read_tables, write_tables)


class Crc32cTest(unittest.TestCase):
    def test_check_value(self):
        self.assertEqual(crc32c(b"123456789"), 0xE3069283)


class TablesFileTest(unittest.TestCase):
    def sets(self):
        return [TableSet(KIND_FACTORIZED, ROLE_Z, 1e-9, [0.25, -1.5], [-3, -1], [[0, 10, 65000, 65536], [0, 1, 65536]]),
                TableSet(KIND_GAUSSIAN, ROLE_Y, 1e-9, [0.11, 0.2], [-1, -2], [[0, 5, 65535, 65536], [0, 9, 99, 65535, 65536]])]

    def test_round_trip_and_layout(self):
        data = write_tables(self.sets())
        self.assertEqual(data[:4], b"LMET")
        self.assertEqual(data[4:8], bytes([1, 0, 16, 2]))
        read = read_tables(data)
        self.assertEqual([s.cdfs for s in read], [s.cdfs for s in self.sets()])
        self.assertEqual(read[0].offsets, [-3, -1])
        self.assertAlmostEqual(read[0].parameters[1], -1.5)

    def test_corruption_and_trailing_bytes_are_refused(self):
        data = bytearray(write_tables(self.sets()))
        data[20] ^= 1
        with self.assertRaisesRegex(TablesFormatError, "CRC32C"):
            read_tables(bytes(data))
        with self.assertRaises(TablesFormatError):
            read_tables(write_tables(self.sets()) + b"\0")

    def test_non_increasing_cdf_is_refused_on_write(self):
        bad = TableSet(KIND_FACTORIZED, ROLE_Y, 1e-9, [0.0], [0], [[0, 7, 7, 65536]])
        with self.assertRaises(TablesFormatError):
            write_tables([bad])


class LayerMessageTest(unittest.TestCase):
    def message(self):
        return LayerMessage(bitstream.ENTROPY_HYPERPRIOR, 2, bytes(range(8)), 0, 0, 4, 32, 64,
                            [(bitstream.STREAM_Z, bytes(16)), (bitstream.STREAM_Y, bytes(range(24)))])

    def test_header_layout_and_round_trip(self):
        data = bitstream.write_layer_message(self.message())
        self.assertEqual(data[:4], b"LMTL")
        self.assertEqual(data[4:8], bytes([1, 2, 2, 0]))
        self.assertEqual(len(data), 28 + 2 * 8 + 16 + 24 + 4)
        parsed = bitstream.read_layer_message(data)
        self.assertEqual(parsed, self.message())

    def test_corrupt_message_is_refused(self):
        data = bytearray(bitstream.write_layer_message(self.message()))
        data[40] ^= 0x80
        with self.assertRaisesRegex(bitstream.BitstreamFormatError, "CRC32C"):
            bitstream.read_layer_message(bytes(data))
        with self.assertRaises(bitstream.BitstreamFormatError):
            bitstream.read_layer_message(bytes(data[:20]))


if __name__ == "__main__":
    unittest.main()

"""Layer messages (formats.md section 4): one message per layer, carrying its rANS streams."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import List, Tuple

from .crc32c import crc32c

MAGIC = b"LMTL"
FORMAT_VERSION = 1
ENTROPY_FACTORIZED, ENTROPY_HYPERPRIOR = 1, 2
STREAM_Y, STREAM_Z = 1, 2
HASH_PREFIX_BYTES = 8
_HEADER = struct.Struct("<4sBBBB8sHHHHHBB")
_DESCRIPTOR = struct.Struct("<BBHI")
CRC_BYTES = 4
HEADER_BYTES = _HEADER.size  # 28


class BitstreamFormatError(ValueError):
    pass


@dataclass
class LayerMessage:
    entropy_model: int
    lanes: int
    bundle_hash_prefix: bytes
    layer_index: int
    channel_start: int
    channel_end: int
    height: int
    width: int
    streams: List[Tuple[int, bytes]]  # (stream kind, rANS payload), in message order


def write_layer_message(message: LayerMessage) -> bytes:
    if len(message.bundle_hash_prefix) != HASH_PREFIX_BYTES:
        raise BitstreamFormatError("bundle hash prefix must be 8 bytes")
    out = bytearray(_HEADER.pack(
        MAGIC, FORMAT_VERSION, message.entropy_model, message.lanes, 0, message.bundle_hash_prefix,
        message.layer_index, message.channel_start, message.channel_end, message.height, message.width,
        len(message.streams), 0))
    for kind, payload in message.streams:
        if len(payload) % 4 or len(payload) < 8 * message.lanes:
            raise BitstreamFormatError(f"payload of {len(payload)} bytes is not a valid rANS stream")
        out += _DESCRIPTOR.pack(kind, 0, 0, len(payload))
    for _, payload in message.streams:
        out += payload
    out += struct.pack("<I", crc32c(bytes(out)))
    return bytes(out)


def read_layer_message(data: bytes) -> LayerMessage:
    """Parses and checks framing (magic, version, flags, lengths, CRC); semantic checks belong to the decoder."""
    if len(data) < HEADER_BYTES + CRC_BYTES:
        raise BitstreamFormatError(f"layer message of {len(data)} bytes is shorter than its header")
    (magic, version, entropy_model, lanes, flags, prefix, layer, c0, c1, h, w, stream_count,
     _reserved) = _HEADER.unpack_from(data, 0)
    if magic != MAGIC or version != FORMAT_VERSION or flags != 0:
        raise BitstreamFormatError("bad layer message magic, version or flags")
    if struct.unpack_from("<I", data, len(data) - CRC_BYTES)[0] != crc32c(data[:-CRC_BYTES]):
        raise BitstreamFormatError("layer message CRC32C mismatch")
    position = HEADER_BYTES
    descriptors = []
    for _ in range(stream_count):
        if position + _DESCRIPTOR.size > len(data) - CRC_BYTES:
            raise BitstreamFormatError("stream descriptors truncated")
        kind, _, _, length = _DESCRIPTOR.unpack_from(data, position)
        descriptors.append((kind, length))
        position += _DESCRIPTOR.size
    if position + sum(length for _, length in descriptors) + CRC_BYTES != len(data):
        raise BitstreamFormatError("stream lengths do not add up to the message length")
    streams = []
    for kind, length in descriptors:
        streams.append((kind, bytes(data[position:position + length])))
        position += length
    return LayerMessage(entropy_model, lanes, prefix, layer, c0, c1, h, w, streams)

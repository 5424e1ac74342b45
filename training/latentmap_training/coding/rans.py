"""rANS streams exactly as formats.md section 1 (ryg_rans rans64; CompressAI RansEncoder for one lane).

The encoder is the reference the Java codec must match byte for byte; the decoder is the Python reference used by
tests and by evaluation to prove every stream decodes back to its values.
"""

from __future__ import annotations

import math
import struct
from typing import List, Sequence

PROB_BITS = 16
PROB_SCALE = 1 << PROB_BITS
RANS_L = 1 << 31
WORD_MASK = 0xFFFFFFFF
BYPASS_BITS = 4
BYPASS_MAX = (1 << BYPASS_BITS) - 1
MAX_ESCAPE_NIBBLES = 8
MAX_RAW = 1 << 31
ALLOWED_LANES = (1, 2, 4)


class RansError(ValueError):
    """A value that cannot be coded, or a stream that is not a valid rANS stream for the given tables."""


def _check_lanes(lanes: int) -> None:
    if lanes not in ALLOWED_LANES:
        raise RansError(f"rANS lanes must be one of {ALLOWED_LANES}, got {lanes}")


def _value_pieces(value: int, cdf: Sequence[int], offset: int) -> List[tuple]:
    """Coding steps of one value in decode order: (start, freq) for table symbols, (nibble, None) for bypass."""
    max_symbol = len(cdf) - 2
    s = value - offset
    raw = None
    if s < 0:
        raw, s = -2 * s - 1, max_symbol
    elif s >= max_symbol:
        raw, s = 2 * (s - max_symbol), max_symbol
    pieces = [(cdf[s], cdf[s + 1] - cdf[s])]
    if s == max_symbol:  # the escape: raw was set above
        if raw >= MAX_RAW:
            raise RansError(f"value {value} too far from offset {offset} to escape-code")
        n = 0
        while (raw >> (BYPASS_BITS * n)) != 0:
            n += 1
        m = n
        while m >= BYPASS_MAX:
            pieces.append((BYPASS_MAX, None))
            m -= BYPASS_MAX
        pieces.append((m, None))
        for j in range(n):
            pieces.append(((raw >> (BYPASS_BITS * j)) & BYPASS_MAX, None))
    return pieces


def encode(values: Sequence[int], indexes: Sequence[int], cdfs: Sequence[Sequence[int]], offsets: Sequence[int],
           lanes: int = 1) -> bytes:
    """Codes ``values[i]`` with table ``indexes[i]``; returns the stream bytes (formats.md 1.3)."""
    _check_lanes(lanes)
    if len(values) != len(indexes):
        raise RansError(f"{len(values)} values but {len(indexes)} table indexes")
    states = [RANS_L] * lanes
    stack: List[int] = []
    push = stack.append
    for i in range(len(values) - 1, -1, -1):
        table = indexes[i]
        lane = i % lanes
        x = states[lane]
        for start, freq in reversed(_value_pieces(int(values[i]), cdfs[table], offsets[table])):
            if freq is None:
                if x >= (RANS_L >> BYPASS_BITS) << 32:
                    push(x & WORD_MASK)
                    x >>= 32
                x = (x << BYPASS_BITS) | start
            else:
                if x >= ((RANS_L >> PROB_BITS) << 32) * freq:
                    push(x & WORD_MASK)
                    x >>= 32
                x = ((x // freq) << PROB_BITS) + (x % freq) + start
        states[lane] = x
    for lane in range(lanes - 1, -1, -1):
        push(states[lane] >> 32)
        push(states[lane] & WORD_MASK)
    stack.reverse()
    return struct.pack(f"<{len(stack)}I", *stack)


class _WordReader:
    def __init__(self, data: bytes):
        if len(data) % 4:
            raise RansError(f"stream length {len(data)} is not a multiple of 4")
        self.words = struct.unpack(f"<{len(data) // 4}I", data)
        self.position = 0

    def read(self) -> int:
        if self.position >= len(self.words):
            raise RansError("rANS stream ended early")
        word = self.words[self.position]
        self.position += 1
        return word


def decode(data: bytes, indexes: Sequence[int], cdfs: Sequence[Sequence[int]], offsets: Sequence[int],
           lanes: int = 1) -> List[int]:
    """Inverse of :func:`encode`; checks the final states and that every word was consumed (formats.md 7)."""
    _check_lanes(lanes)
    reader = _WordReader(data)
    states = []
    for _ in range(lanes):
        lo, hi = reader.read(), reader.read()
        x = lo | (hi << 32)
        if not RANS_L <= x < (RANS_L << 32):
            raise RansError(f"initial rANS state {x:#x} outside [2^31, 2^63)")
        states.append(x)

    def get_bits(lane: int) -> int:
        x = states[lane]
        value = x & BYPASS_MAX
        x >>= BYPASS_BITS
        if x < RANS_L:
            x = (x << 32) | reader.read()
        states[lane] = x
        return value

    values = []
    for i, table in enumerate(indexes):
        lane = i % lanes
        cdf, offset = cdfs[table], offsets[table]
        max_symbol = len(cdf) - 2
        x = states[lane]
        slot = x & (PROB_SCALE - 1)
        s = 0
        while cdf[s + 1] <= slot:
            s += 1
        start, freq = cdf[s], cdf[s + 1] - cdf[s]
        x = freq * (x >> PROB_BITS) + slot - start
        if x < RANS_L:
            x = (x << 32) | reader.read()
        states[lane] = x
        if s == max_symbol:
            m = get_bits(lane)
            n = m
            while m == BYPASS_MAX:
                m = get_bits(lane)
                n += m
            if n > MAX_ESCAPE_NIBBLES:
                raise RansError(f"escape with {n} nibbles (at most {MAX_ESCAPE_NIBBLES})")
            raw = 0
            for j in range(n):
                raw |= get_bits(lane) << (BYPASS_BITS * j)
            s = (raw >> 1) + max_symbol if raw % 2 == 0 else -(raw >> 1) - 1
        value = s + offset
        if not -(1 << 31) <= value < (1 << 31):
            raise RansError(f"decoded value {value} outside i32")
        values.append(value)
    if any(x != RANS_L for x in states) or reader.position != len(reader.words):
        raise RansError("rANS stream has trailing data or does not end in the initial state")
    return values


def model_cost_bits(values: Sequence[int], indexes: Sequence[int], cdfs: Sequence[Sequence[int]],
                    offsets: Sequence[int]) -> float:
    """The model's cost of the values (formats.md 1.6): table symbol bits plus 4 bits per bypass nibble."""
    bits = 0.0
    for value, table in zip(values, indexes):
        for start, freq in _value_pieces(int(value), cdfs[table], offsets[table]):
            bits += BYPASS_BITS if freq is None else PROB_BITS - math.log2(freq)
    return bits

"""An independent, deliberately plain Python implementation of docs/formats.md (sections 1, 3 and 4).

It writes known-answer vectors that the Java codec must reproduce byte for byte
(io.latentmap.codec.ReferenceVectorsTest), which checks that the specification is complete enough to implement
from the text alone. The training code may port it; it uses only the standard library.

    /usr/bin/python3 codec/scripts/reference_codec.py     # rewrites codec/src/test/resources/.../reference/
"""
import json
import math
import os
import random
import struct

PROB_BITS = 16
PROB_SCALE = 1 << PROB_BITS
RANS_L = 1 << 31
BYPASS_BITS = 4
BYPASS_MAX = 15
WORD_MASK = 0xFFFFFFFF

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                       "io", "latentmap", "codec", "reference")


# ------------------------------------------------------------------------------------------------ CRC32C

def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283


# ------------------------------------------------------------------------------------------------ rANS (section 1)

def value_pieces(value, cdf, offset):
    """The coding steps of one value in DECODE order: its table symbol, then (escape) the bypass nibbles."""
    max_symbol = len(cdf) - 2
    s = value - offset
    raw = None
    if s < 0:
        raw = -2 * s - 1
        s = max_symbol
    elif s >= max_symbol:
        raw = 2 * (s - max_symbol)
        s = max_symbol
    pieces = [("symbol", cdf[s], cdf[s + 1] - cdf[s])]
    if s == max_symbol:
        assert raw < (1 << 31), "value too far outside its table"
        n = 0
        while (raw >> (BYPASS_BITS * n)) != 0:
            n += 1
        m = n
        while m >= BYPASS_MAX:
            pieces.append(("bits", BYPASS_MAX))
            m -= BYPASS_MAX
        pieces.append(("bits", m))
        for j in range(n):
            pieces.append(("bits", (raw >> (BYPASS_BITS * j)) & BYPASS_MAX))
    return pieces


def rans_encode(values, table_of_value, tables, lanes):
    """values: ints; table_of_value(i) -> table number; tables: list of (cdf, offset)."""
    states = [RANS_L] * lanes
    emitted = []
    for i in reversed(range(len(values))):
        cdf, offset = tables[table_of_value(i)]
        x = states[i % lanes]
        for piece in reversed(value_pieces(values[i], cdf, offset)):
            if piece[0] == "symbol":
                _, start, freq = piece
                if x >= ((RANS_L >> PROB_BITS) << 32) * freq:
                    emitted.append(x & WORD_MASK)
                    x >>= 32
                x = ((x // freq) << PROB_BITS) + (x % freq) + start
            else:
                if x >= (RANS_L >> BYPASS_BITS) << 32:
                    emitted.append(x & WORD_MASK)
                    x >>= 32
                x = (x << BYPASS_BITS) | piece[1]
        states[i % lanes] = x
    out = bytearray()
    for x in states:
        out += struct.pack("<II", x & WORD_MASK, x >> 32)
    for word in reversed(emitted):
        out += struct.pack("<I", word)
    return bytes(out)


# ------------------------------------------------------------------------------------------------ tables (3)

def laplace_table(scale, tail_mass):
    """A quantised CDF for a zero-centred discretised Laplacian; integer frequencies, >= 1 each, sum 65536."""
    reach = max(1, int(math.ceil(scale * math.log(1 / tail_mass))))
    probs = []
    for k in range(-reach, reach + 1):
        cdf = lambda x: 0.5 * math.exp(x / scale) if x < 0 else 1 - 0.5 * math.exp(-x / scale)
        probs.append(cdf(k + 0.5) - cdf(k - 0.5))
    probs.append(tail_mass)
    freqs = [max(1, int(p * PROB_SCALE)) for p in probs]
    freqs[reach] += PROB_SCALE - sum(freqs)  # the mode absorbs the rounding
    cdf = [0]
    for f in freqs:
        cdf.append(cdf[-1] + f)
    assert cdf[-1] == PROB_SCALE and all(b > a for a, b in zip(cdf, cdf[1:]))
    return cdf, -reach


def table_set(kind, role, tail_mass, params, tables):
    out = bytearray(struct.pack("<BBHIf", kind, role, 0, len(tables), tail_mass))
    out += struct.pack("<%df" % len(params), *params)
    out += struct.pack("<%di" % len(tables), *[offset for _, offset in tables])
    out += struct.pack("<%dI" % len(tables), *[len(cdf) for cdf, _ in tables])
    for cdf, _ in tables:
        out += struct.pack("<%dI" % len(cdf), *cdf)
    return bytes(out)


def tables_file(sets):
    body = b"LMET" + struct.pack("<HBB", 1, PROB_BITS, len(sets)) + b"".join(sets)
    return body + struct.pack("<I", crc32c(body))


# ------------------------------------------------------------------------------------------------ layers (4)

def layer_message(model_code, lanes, hash_prefix, layer, c0, c1, height, width, streams):
    """streams: list of (kind, payload) in descriptor order (z before y)."""
    out = bytearray(b"LMTL")
    out += struct.pack("<BBBB", 1, model_code, lanes, 0)
    out += hash_prefix
    out += struct.pack("<HHHHHBB", layer, c0, c1, height, width, len(streams), 0)
    for kind, payload in streams:
        out += struct.pack("<BBHI", kind, 0, 0, len(payload))
    for _, payload in streams:
        out += payload
    return bytes(out + struct.pack("<I", crc32c(bytes(out))))


# ------------------------------------------------------------------------------------------------ the vectors

def sample(rng, cdf, offset):
    """A value drawn from the table; escapes land far outside it."""
    slot = rng.randrange(PROB_SCALE)
    s = next(i for i in range(len(cdf) - 1) if cdf[i] <= slot < cdf[i + 1])
    if s == len(cdf) - 2:
        return offset + s + rng.randrange(1 << 20) if rng.random() < 0.5 else offset - 1 - rng.randrange(1 << 20)
    return offset + s


def main():
    rng = random.Random(20261126)
    os.makedirs(OUT_DIR, exist_ok=True)
    hash_prefix = bytes(range(0xA0, 0xA8))
    channels, height, width = 6, 5, 7
    layers = [[0, 2], [2, 5], [5, 6]]
    z_channels, z_stride = 3, 2
    z_height, z_width = (height + z_stride - 1) // z_stride, (width + z_stride - 1) // z_stride
    plane, z_plane = height * width, z_height * z_width
    tail = 1e-3

    y_scales = [0.3 + 0.5 * c for c in range(channels)]
    y_tables = [laplace_table(s, tail) for s in y_scales]
    y_medians = [0.25 * c - 0.5 for c in range(channels)]
    z_tables = [laplace_table(1.0 + c, tail) for c in range(z_channels)]
    z_medians = [0.0, 0.5, -0.5]
    scale_table = [0.11 * (2.0 ** i) for i in range(8)]
    gaussian_tables = [laplace_table(s, tail) for s in scale_table]

    with open(os.path.join(OUT_DIR, "factorized.lmet"), "wb") as f:
        f.write(tables_file([table_set(1, 1, tail, y_medians, y_tables)]))
    with open(os.path.join(OUT_DIR, "hyperprior.lmet"), "wb") as f:
        f.write(tables_file([table_set(1, 2, tail, z_medians, z_tables),
                             table_set(2, 1, tail, scale_table, gaussian_tables)]))

    q_factorized = [sample(rng, *y_tables[i // plane]) for i in range(channels * plane)]
    zq = [sample(rng, *z_tables[i // z_plane]) for i in range(z_channels * z_plane)]
    indexes = [rng.randrange(len(scale_table)) for _ in range(channels * plane)]
    q_gaussian = [sample(rng, *gaussian_tables[indexes[i]]) for i in range(channels * plane)]
    for values in (q_factorized, zq, q_gaussian):
        for _ in range(4):  # far escapes, both sides, up to the format's limit
            values[rng.randrange(len(values))] = rng.choice([-1, 1]) * rng.randrange(1 << 29)

    case = {"channels": channels, "height": height, "width": width, "layers": layers,
            "z_channels": z_channels, "z_stride": z_stride, "hash_prefix": hash_prefix.hex(),
            "q_factorized": q_factorized, "z_q": zq, "scale_index": indexes, "q_hyperprior": q_gaussian,
            "messages": {}}
    for lanes in (1, 2, 4):
        for model in ("factorized", "hyperprior"):
            names = []
            for k, (c0, c1) in enumerate(layers):
                lo, hi = c0 * plane, c1 * plane
                if model == "factorized":
                    y = rans_encode(q_factorized[lo:hi], lambda i, c0=c0: c0 + i // plane, y_tables, lanes)
                    streams = [(1, y)]
                else:
                    y = rans_encode(q_gaussian[lo:hi], lambda i, lo=lo: indexes[lo + i], gaussian_tables, lanes)
                    streams = [(1, y)]
                    if k == 0:
                        z = rans_encode(zq, lambda i: i // z_plane, z_tables, lanes)
                        streams = [(2, z), (1, y)]
                message = layer_message(1 if model == "factorized" else 2, lanes, hash_prefix, k, c0, c1, height,
                                        width, streams)
                name = "%s_lanes%d_layer%d.bin" % (model, lanes, k)
                with open(os.path.join(OUT_DIR, name), "wb") as f:
                    f.write(message)
                names.append(name)
            case["messages"]["%s_lanes%d" % (model, lanes)] = names
    with open(os.path.join(OUT_DIR, "case.json"), "w") as f:
        json.dump(case, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

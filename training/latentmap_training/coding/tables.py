"""Entropy tables file ``entropy.lmet`` (formats.md section 3): writer and a checking reader."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import List, Sequence

from .crc32c import crc32c
from .rans import PROB_BITS, PROB_SCALE

MAGIC = b"LMET"
FILE_VERSION = 1
KIND_FACTORIZED, KIND_GAUSSIAN = 1, 2
ROLE_Y, ROLE_Z = 1, 2
MAX_TABLES = 4096
MIN_CDF_LENGTH, MAX_CDF_LENGTH = 3, 8192
MAX_OFFSET = 1 << 20
MAX_FILE_BYTES = 64 << 20


class TablesFormatError(ValueError):
    pass


@dataclass
class TableSet:
    kind: int
    role: int
    tail_mass: float
    parameters: List[float]  # factorized: medians; gaussian: scale table
    offsets: List[int]
    cdfs: List[List[int]]

    def validate(self) -> "TableSet":
        n = len(self.cdfs)
        if not 1 <= n <= MAX_TABLES or len(self.parameters) != n or len(self.offsets) != n:
            raise TablesFormatError(f"table set needs 1..{MAX_TABLES} tables with one parameter and offset each")
        if self.kind not in (KIND_FACTORIZED, KIND_GAUSSIAN) or self.role not in (ROLE_Y, ROLE_Z):
            raise TablesFormatError(f"bad kind {self.kind} or role {self.role}")
        if not 0 < self.tail_mass < 1:
            raise TablesFormatError(f"tail mass {self.tail_mass} outside (0, 1)")
        if self.kind == KIND_GAUSSIAN and any(b <= a for a, b in zip(self.parameters, self.parameters[1:])):
            raise TablesFormatError("scale table must be strictly increasing")
        for i, (cdf, offset) in enumerate(zip(self.cdfs, self.offsets)):
            if not MIN_CDF_LENGTH <= len(cdf) <= MAX_CDF_LENGTH:
                raise TablesFormatError(f"table {i}: cdf length {len(cdf)} outside {MIN_CDF_LENGTH}..{MAX_CDF_LENGTH}")
            if cdf[0] != 0 or cdf[-1] != PROB_SCALE or any(b <= a for a, b in zip(cdf, cdf[1:])):
                raise TablesFormatError(f"table {i}: cdf must rise strictly from 0 to {PROB_SCALE}")
            if abs(offset) > MAX_OFFSET:
                raise TablesFormatError(f"table {i}: offset {offset} beyond 2^20")
        return self


def write_tables(sets: Sequence[TableSet]) -> bytes:
    body = bytearray(MAGIC)
    body += struct.pack("<HBB", FILE_VERSION, PROB_BITS, len(sets))
    for table_set in sets:
        table_set.validate()
        n = len(table_set.cdfs)
        body += struct.pack("<BBHIf", table_set.kind, table_set.role, 0, n, table_set.tail_mass)
        body += struct.pack(f"<{n}f", *table_set.parameters)
        body += struct.pack(f"<{n}i", *table_set.offsets)
        body += struct.pack(f"<{n}I", *(len(c) for c in table_set.cdfs))
        for cdf in table_set.cdfs:
            body += struct.pack(f"<{len(cdf)}I", *cdf)
    body += struct.pack("<I", crc32c(bytes(body)))
    return bytes(body)


def read_tables(data: bytes) -> List[TableSet]:
    if len(data) > MAX_FILE_BYTES:
        raise TablesFormatError(f"tables file of {len(data)} bytes exceeds {MAX_FILE_BYTES}")
    if len(data) < 12 or data[:4] != MAGIC:
        raise TablesFormatError("not an LMET entropy tables file")
    if struct.unpack_from("<I", data, len(data) - 4)[0] != crc32c(data[:-4]):
        raise TablesFormatError("entropy tables CRC32C mismatch")
    version, precision, count = struct.unpack_from("<HBB", data, 4)
    if version != FILE_VERSION or precision != PROB_BITS:
        raise TablesFormatError(f"unsupported tables version {version} / precision {precision}")
    position, end = 8, len(data) - 4
    sets = []

    def take(fmt: str, count_: int = 1):
        nonlocal position
        size = struct.calcsize(f"<{count_}{fmt}")
        if position + size > end:
            raise TablesFormatError("tables file truncated")
        values = struct.unpack_from(f"<{count_}{fmt}", data, position)
        position += size
        return list(values)

    for _ in range(count):
        kind, role, _reserved = take("B")[0], take("B")[0], take("H")[0]
        n = take("I")[0]
        if not 1 <= n <= MAX_TABLES:
            raise TablesFormatError(f"table count {n} outside 1..{MAX_TABLES}")
        tail_mass = take("f")[0]
        parameters, offsets, lengths = take("f", n), take("i", n), take("I", n)
        if any(not MIN_CDF_LENGTH <= length <= MAX_CDF_LENGTH for length in lengths):
            raise TablesFormatError("cdf length out of range")
        cdfs = [take("I", length) for length in lengths]
        sets.append(TableSet(kind, role, tail_mass, parameters, offsets, cdfs).validate())
    if position != end:
        raise TablesFormatError("trailing bytes after the last table set")
    return sets

"""Encode a minimal resources.arsc: one package (0x7f), one type (`string`), default
configuration. Enough for manifests whose label or versionName is `@string/NAME`, which
real apps use and which aapt and the platform resolve through this table.

Ids are 0x7f01NNNN in the order the names are given.
"""

from __future__ import annotations

import struct

from axml_encode import StringPool

PACKAGE_ID = 0x7F
TYPE_STRING_ID = 1


def resource_ids(strings: dict[str, str]) -> dict[str, int]:
    return {f"@string/{name}": (PACKAGE_ID << 24) | (TYPE_STRING_ID << 16) | i for i, name in enumerate(strings)}


def _pool(items: list[str]) -> bytes:
    pool = StringPool()
    for s in items:
        pool.add(s)
    return pool.encode()


def encode(package: str, strings: dict[str, str]) -> bytes:
    names = list(strings)
    values = _pool([strings[n] for n in names])
    type_strings = _pool(["string"])
    key_strings = _pool(names)
    n = len(names)
    spec = struct.pack("<HHIBBHI", 0x0202, 16, 16 + 4 * n, TYPE_STRING_ID, 0, 0, n) + b"\x00" * (4 * n)
    config = struct.pack("<I", 64) + b"\x00" * 60
    header_size = 20 + len(config)
    entries = b""
    offsets = []
    for i in range(n):
        offsets.append(len(entries))
        entries += struct.pack("<HHI", 8, 0, i) + struct.pack("<HBBI", 8, 0, 0x03, i)
    entries_start = header_size + 4 * n
    type_chunk = (struct.pack("<HHIBBHII", 0x0201, header_size, entries_start + len(entries), TYPE_STRING_ID, 0, 0,
                              n, entries_start) + config + struct.pack(f"<{n}I", *offsets) + entries)
    name16 = package.encode("utf-16-le")[:254].ljust(256, b"\x00")
    pkg_header = 288
    type_off = pkg_header
    key_off = type_off + len(type_strings)
    body = type_strings + key_strings + spec + type_chunk
    pkg = struct.pack("<HHII", 0x0200, pkg_header, pkg_header + len(body), PACKAGE_ID) + name16 + struct.pack(
        "<IIIII", type_off, 1, key_off, n, 0) + body
    return struct.pack("<HHII", 0x0002, 12, 12 + len(values) + len(pkg), 1) + values + pkg

"""A direct reader of DEX tables (header, strings, types, class defs).

androguard's DEX object graph costs seconds and hundreds of megabytes on a large
app; listing classes only needs four tables whose layout is fixed by the public
format (source.android.com/docs/core/runtime/dex-format). The reader keeps the
raw bytes and decodes strings on demand, so later stages (method ids, code items)
can reuse it.
"""

from __future__ import annotations

import struct
from array import array

from auditor.errors import InputError

HEADER_SIZE = 0x70
ENDIAN_CONSTANT = 0x12345678
_HEADER = struct.Struct("<8s I 20s I I I I I I I I I I I I I I I I I I I I")


class DexError(InputError):
    pass


def _u32_table(data: bytes, off: int, count: int, width: int, name: str, dex: str) -> array:
    end = off + count * width * 4
    if count and (off < HEADER_SIZE or end > len(data)):
        raise DexError(f"{dex}: {name} table lies outside the file (offset {off}, {count} entries)")
    table = array("I")
    table.frombytes(data[off:end])
    if table.itemsize != 4:  # pragma: no cover - every supported platform has 4-byte I
        raise RuntimeError("array('I') is not 32-bit here")
    return table


def decode_mutf8(raw: bytes) -> str:
    """Decode Modified UTF-8 (NUL as C0 80, supplementary characters as surrogate pairs)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class DexFile:
    """Tables of one classes*.dex. Raises DexError on anything structurally wrong."""

    def __init__(self, data: bytes, name: str = "classes.dex") -> None:
        self.name = name
        self.data = data
        if len(data) < HEADER_SIZE:
            raise DexError(f"{name}: truncated DEX ({len(data)} bytes, header needs {HEADER_SIZE})")
        if data[:4] != b"dex\n" or data[7] != 0:
            raise DexError(f"{name}: not a DEX file (bad magic)")
        (magic, _checksum, _sig, file_size, header_size, endian, _link_size, _link_off,
         _map_off, string_ids_size, string_ids_off, type_ids_size, type_ids_off,
         proto_ids_size, proto_ids_off, field_ids_size, field_ids_off, method_ids_size,
         method_ids_off, class_defs_size, class_defs_off, data_size, data_off) = _HEADER.unpack_from(data, 0)
        self.version = magic[4:7].decode("ascii", "replace")
        if endian != ENDIAN_CONSTANT:
            raise DexError(f"{name}: unsupported byte order (endian tag {endian:#x})")
        if header_size < HEADER_SIZE:
            raise DexError(f"{name}: header size {header_size} is too small")
        if file_size > len(data):
            raise DexError(f"{name}: truncated DEX (header says {file_size} bytes, have {len(data)})")
        self.string_ids = _u32_table(data, string_ids_off, string_ids_size, 1, "string_ids", name)
        self.type_ids = _u32_table(data, type_ids_off, type_ids_size, 1, "type_ids", name)
        self.proto_ids_off, self.proto_ids_size = proto_ids_off, proto_ids_size
        self.field_ids_off, self.field_ids_size = field_ids_off, field_ids_size
        self.method_ids_off, self.method_ids_size = method_ids_off, method_ids_size
        if method_ids_size and method_ids_off + method_ids_size * 8 > len(data):
            raise DexError(f"{name}: method_ids table lies outside the file")
        self.class_defs = _u32_table(data, class_defs_off, class_defs_size, 8, "class_defs", name)
        self.class_count = class_defs_size
        self._strings: dict[int, str] = {}

    def string(self, idx: int) -> str:
        cached = self._strings.get(idx)
        if cached is not None:
            return cached
        if idx >= len(self.string_ids):
            raise DexError(f"{self.name}: string index {idx} out of range")
        off = self.string_ids[idx]
        data = self.data
        if off >= len(data):
            raise DexError(f"{self.name}: string {idx} lies outside the file")
        # skip the uleb128 utf16 length
        pos = off
        while pos < len(data) and data[pos] & 0x80:
            pos += 1
        pos += 1
        end = data.find(b"\x00", pos)
        if end < 0:
            raise DexError(f"{self.name}: string {idx} is not terminated")
        text = decode_mutf8(data[pos:end])
        self._strings[idx] = text
        return text

    def type_descriptor(self, type_idx: int) -> str:
        if type_idx >= len(self.type_ids):
            raise DexError(f"{self.name}: type index {type_idx} out of range")
        return self.string(self.type_ids[type_idx])

    def class_descriptors(self) -> list[str]:
        """Descriptors (Lcom/example/Foo;) of every class defined in this file."""
        defs = self.class_defs
        return [self.type_descriptor(defs[i * 8]) for i in range(self.class_count)]


def descriptor_to_java(desc: str) -> str:
    """Lcom/example/Foo$Bar; -> com.example.Foo$Bar"""
    if desc.startswith("L") and desc.endswith(";"):
        return desc[1:-1].replace("/", ".")
    return desc

"""A direct reader of DEX tables (header, strings, types, class defs).

androguard's DEX object graph costs seconds and hundreds of megabytes on a large
app; listing classes only needs four tables whose layout is fixed by the public
format (source.android.com/docs/core/runtime/dex-format). The reader keeps the
raw bytes and decodes strings on demand, so later stages (method ids, code items)
can reuse it.
"""

from __future__ import annotations

import bisect
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
    try:
        text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:  # not even MUTF-8: keep what can be read, mark the rest
        return raw.decode("utf-8", "replace")
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

    def find_string(self, text: str) -> int | None:
        """Index of an exact string, by binary search over the sorted string table."""
        i = self._lower_bound(text)
        return i if i < len(self.string_ids) and self.string(i) == text else None

    def _lower_bound(self, text: str) -> int:
        lo, hi = 0, len(self.string_ids)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.string(mid) < text:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def strings_with_prefix(self, prefix: str, limit: int | None = None) -> list[int]:
        """Indices of every string starting with prefix (the table is sorted), at most limit."""
        lo = self._lower_bound(prefix)
        out = []
        n = len(self.string_ids)
        while lo < n and self.string(lo).startswith(prefix) and (limit is None or len(out) < limit):
            out.append(lo)
            lo += 1
        return out

    def type_descriptor(self, type_idx: int) -> str:
        if type_idx >= len(self.type_ids):
            raise DexError(f"{self.name}: type index {type_idx} out of range")
        return self.string(self.type_ids[type_idx])

    def static_string(self, class_desc: str, field: str) -> str | None:
        """The constant value of a static String field (from the class's static values),
        e.g. BuildConfig.VERSION_NAME; None when the class, field or value is absent."""
        with structural_errors(self.name):
            ci = self._class_index(class_desc)
            if ci is None:
                return None
            data_off, values_off = self.class_defs[ci * 8 + 6], self.class_defs[ci * 8 + 7]
            if not data_off or not values_off:
                return None
            d = self.data
            n_static, pos = _uleb(d, data_off)
            _, pos = _uleb(d, pos)
            _, pos = _uleb(d, pos)
            _, pos = _uleb(d, pos)
            fidx = 0
            wanted = -1
            for k in range(n_static):
                diff, pos = _uleb(d, pos)
                _, pos = _uleb(d, pos)
                fidx += diff
                name_idx = struct.unpack_from("<I", d, self.field_ids_off + 8 * fidx + 4)[0]
                if self.string(name_idx) == field:
                    wanted = k
                    break
            if wanted < 0:
                return None
            count, pos = _uleb(d, values_off)
            for k in range(min(count, wanted + 1)):
                head = d[pos]
                typ, arg = head & 0x1F, head >> 5
                pos += 1
                if k == wanted:
                    if typ != 0x17:
                        return None
                    return self.string(int.from_bytes(d[pos:pos + arg + 1], "little"))
                pos = _skip_value(d, pos, typ, arg)
            return None

    def _class_index(self, class_desc: str) -> int | None:
        si = self.find_string(class_desc)
        if si is None:
            return None
        types = self.type_ids
        lo = bisect.bisect_left(types, si)  # type_ids are sorted by string index
        if lo >= len(types) or types[lo] != si:
            return None
        try:
            return self.class_defs[0::8].index(lo)
        except ValueError:
            return None

    def class_strings(self, class_desc: str) -> list[str]:
        """String constants loaded by the code of one class (const-string in its methods), in order;
        [] when the class is not defined here. Decodes only that class's methods."""
        with structural_errors(self.name):
            ci = self._class_index(class_desc)
            if ci is None:
                return []
            data_off = self.class_defs[ci * 8 + 6]
            if not data_off:
                return []
            d = self.data
            dm, vm, pos = _methods_of_class_data(d, data_off)
            out: list[str] = []
            for _ in range(dm + vm):
                _, pos = _uleb(d, pos)
                _, pos = _uleb(d, pos)
                code_off, pos = _uleb(d, pos)
                if code_off and code_off + 16 <= len(d):
                    insns = struct.unpack_from("<I", d, code_off + 12)[0]
                    start = code_off + 16
                    out.extend(self.string(idx) for _pc, op, idx in decode_refs(d, start, start + 2 * insns)
                               if op in (0x1A, 0x1B))
            return out

    def class_descriptors(self) -> list[str]:
        """Descriptors (Lcom/example/Foo;) of every class defined in this file."""
        defs = self.class_defs
        with structural_errors(self.name):
            return [self.type_descriptor(defs[i * 8]) for i in range(self.class_count)]


class structural_errors:
    """Turn a read past a table or section of a damaged DEX file into a one-line DexError."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self):
        return self

    def __exit__(self, typ, exc, tb):
        if typ is not None and issubclass(typ, (IndexError, struct.error, ValueError, OverflowError)) \
                and not issubclass(typ, DexError):
            raise DexError(f"{self.name}: damaged DEX structure ({exc})") from None
        return False


def descriptor_to_java(desc: str) -> str:
    """Lcom/example/Foo$Bar; -> com.example.Foo$Bar"""
    if desc.startswith("L") and desc.endswith(";"):
        return desc[1:-1].replace("/", ".")
    return desc


# ---- method / field / proto tables and code items (used by the code scanner) ----------

_METHOD_ID = struct.Struct("<HHI")
_CODE_HEADER = struct.Struct("<HHHHII")


def _uleb(data: bytes, pos: int) -> tuple[int, int]:
    result = data[pos]
    pos += 1
    if result < 0x80:
        return result, pos
    result &= 0x7F
    shift = 7
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7
        if shift > 35:
            raise DexError("malformed uleb128")


def _methods_of_class_data(d, off: int) -> tuple[int, int, int]:
    """(direct method count, virtual method count, offset of the first method) of the
    class_data_item at `off`: its header read and its field entries skipped."""
    sf, pos = _uleb(d, off)
    inf, pos = _uleb(d, pos)
    dm, pos = _uleb(d, pos)
    vm, pos = _uleb(d, pos)
    for _ in range(2 * (sf + inf)):  # each field: field_idx_diff, access_flags
        _, pos = _uleb(d, pos)
    return dm, vm, pos



def _skip_value(d: bytes, pos: int, typ: int, arg: int) -> int:
    """Skip one encoded_value body (its header byte already read)."""
    if typ in (0x1E, 0x1F):  # null, boolean
        return pos
    if typ == 0x1C:  # array
        n, pos = _uleb(d, pos)
        for _ in range(n):
            head = d[pos]
            pos = _skip_value(d, pos + 1, head & 0x1F, head >> 5)
        return pos
    if typ == 0x1D:  # annotation
        _, pos = _uleb(d, pos)
        n, pos = _uleb(d, pos)
        for _ in range(n):
            _, pos = _uleb(d, pos)
            head = d[pos]
            pos = _skip_value(d, pos + 1, head & 0x1F, head >> 5)
        return pos
    return pos + arg + 1


class CodeTables:
    """Lazily decoded method/field/proto tables and the code items of one DexFile."""

    def __init__(self, dex: DexFile) -> None:
        self.dex = dex
        d = dex.data
        mv = memoryview(d)
        self.method_ids = list(_METHOD_ID.iter_unpack(mv[dex.method_ids_off: dex.method_ids_off + 8 * dex.method_ids_size]))
        end = dex.field_ids_off + 8 * dex.field_ids_size
        if dex.field_ids_size and end > len(d):
            raise DexError(f"{dex.name}: field_ids table lies outside the file")
        self.field_ids = list(_METHOD_ID.iter_unpack(mv[dex.field_ids_off:end]))
        pend = dex.proto_ids_off + 12 * dex.proto_ids_size
        if dex.proto_ids_size and pend > len(d):
            raise DexError(f"{dex.name}: proto_ids table lies outside the file")
        self._protos: dict[int, str] = {}
        self._code: list[tuple[int, int, int]] | None = None  # (insns_start, insns_end, method_idx)

    @classmethod
    def of(cls, dex: DexFile) -> "CodeTables":
        """One CodeTables per DexFile, so later stages (start-up analysis) reuse what the scanner decoded."""
        t = dex.__dict__.get("_code_tables")
        if t is None:
            t = dex.__dict__["_code_tables"] = cls(dex)
        return t

    # strings -------------------------------------------------------------------------
    def find_string(self, text: str) -> int | None:
        return self.dex.find_string(text)

    def strings_with_prefix(self, prefix: str) -> list[int]:
        return self.dex.strings_with_prefix(prefix)

    # references ----------------------------------------------------------------------
    def proto(self, idx: int) -> str:
        cached = self._protos.get(idx)
        if cached is not None:
            return cached
        d = self.dex.data
        _shorty, ret, params_off = struct.unpack_from("<III", d, self.dex.proto_ids_off + 12 * idx)
        params = ""
        if params_off:
            (n,) = struct.unpack_from("<I", d, params_off)
            types = struct.unpack_from(f"<{n}H", d, params_off + 4)
            params = "".join(self.dex.type_descriptor(t) for t in types)
        text = f"({params}){self.dex.type_descriptor(ret)}"
        self._protos[idx] = text
        return text

    def method_smali(self, idx: int) -> str:
        cls, proto, name = self.method_ids[idx]
        return f"{self.dex.type_descriptor(cls)}->{self.dex.string(name)}{self.proto(proto)}"

    def field_smali(self, idx: int) -> str:
        cls, typ, name = self.field_ids[idx]
        return f"{self.dex.type_descriptor(cls)}->{self.dex.string(name)}:{self.dex.type_descriptor(typ)}"

    # code items ----------------------------------------------------------------------
    def code_items(self) -> list[tuple[int, int, int]]:
        """(insns_start, insns_end, method_idx) of every method with code, sorted by offset."""
        if self._code is not None:
            return self._code
        d = self.dex.data
        n = len(d)
        out: list[tuple[int, int, int]] = []
        defs = self.dex.class_defs
        for i in range(self.dex.class_count):
            off = defs[i * 8 + 6]
            if not off:
                continue
            if off >= n:
                raise DexError(f"{self.dex.name}: class_data offset out of range")
            dm, vm, pos = _methods_of_class_data(d, off)
            for count in (dm, vm):
                midx = 0
                for _ in range(count):
                    diff, pos = _uleb(d, pos)
                    _, pos = _uleb(d, pos)
                    code_off, pos = _uleb(d, pos)
                    midx += diff
                    if code_off:
                        if code_off + 16 > n:
                            raise DexError(f"{self.dex.name}: code item out of range")
                        insns = struct.unpack_from("<I", d, code_off + 12)[0]
                        start = code_off + 16
                        out.append((start, start + 2 * insns, midx))
        out.sort()
        self._code = out
        return out


# Instruction sizes in 16-bit code units, by opcode (DEX bytecode formats).
_SIZES = bytearray(256)
for _op in range(256):
    _SIZES[_op] = 1
for _ops, _n in (
    ((0x02, 0x05, 0x08, 0x13, 0x15, 0x16, 0x19, 0x1a, 0x1c, 0x1f, 0x20, 0x22, 0x23, 0x29, 0xfe, 0xff), 2),
    ((0x03, 0x06, 0x09, 0x14, 0x17, 0x1b, 0x24, 0x25, 0x26, 0x2a, 0x2b, 0x2c, 0xfc, 0xfd), 3),
    ((0x18,), 5), ((0xfa, 0xfb), 4),
):
    for _op in _ops:
        _SIZES[_op] = _n
for _lo, _hi, _n in ((0x2d, 0x3d, 2), (0x44, 0x6d, 2), (0x6e, 0x72, 3), (0x74, 0x78, 3), (0x90, 0xaf, 2), (0xd0, 0xe2, 2)):
    for _op in range(_lo, _hi + 1):
        _SIZES[_op] = _n

INVOKE_OPS = frozenset(list(range(0x6E, 0x73)) + list(range(0x74, 0x79)))
SGET_OPS = frozenset(range(0x60, 0x67))


def decode_refs(data: bytes, start: int, end: int):
    """Walk the instructions of one method; yield (offset, opcode, index) for invokes,
    static-field reads and string constants. Payload pseudo-instructions are skipped."""
    pc = start
    while pc < end:
        op = data[pc]
        if op == 0 and pc + 1 < end and data[pc + 1] in (1, 2, 3):
            kind = data[pc + 1]
            if kind == 1:  # packed-switch payload
                size = struct.unpack_from("<H", data, pc + 2)[0]
                pc += 2 * (4 + 2 * size)
            elif kind == 2:  # sparse-switch payload
                size = struct.unpack_from("<H", data, pc + 2)[0]
                pc += 2 * (2 + 4 * size)
            else:  # fill-array-data payload
                width, count = struct.unpack_from("<HI", data, pc + 2)
                pc += 2 * (4 + (width * count + 1) // 2)
            continue
        if op in INVOKE_OPS or op in SGET_OPS or op == 0x1A:
            yield pc, op, struct.unpack_from("<H", data, pc + 2)[0]
        elif op == 0x1B:
            yield pc, op, struct.unpack_from("<I", data, pc + 2)[0]
        pc += 2 * _SIZES[op]


def _uleb_bytes(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def strings_only_dex(strings, name: str = "classes.dex") -> DexFile:
    """A DEX file holding only a (sorted) string table: for signature examples and benchmarks
    of the string signals, where a full dex would need an assembler."""
    items = sorted(set(strings))
    ids_off = HEADER_SIZE
    data_off = ids_off + 4 * len(items)
    offsets = []
    blob = bytearray()
    for text in items:
        offsets.append(data_off + len(blob))
        raw = text.encode("utf-8")
        blob += _uleb_bytes(len(text)) + raw + b"\x00"
    size = data_off + len(blob)
    header = _HEADER.pack(b"dex\n035\x00", 0, b"\0" * 20, size, HEADER_SIZE, ENDIAN_CONSTANT, 0, 0, 0,
                          len(items), ids_off if items else 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, len(blob), data_off)
    data = header + struct.pack(f"<{len(offsets)}I", *offsets) + bytes(blob)
    return DexFile(data, name)

"""Android App Bundles (.aab): modules as app parts, the protobuf manifest as a tree.

A bundle (what `bundleRelease` produces) is a zip of modules: `base/` and one
directory per feature module or asset pack, each with `manifest/AndroidManifest.xml`
in aapt2's protobuf XML format, `dex/classes*.dex`, `lib/<abi>/*.so`, `assets/`,
`res/` and `resources.pb`; `BundleConfig.pb` holds bundletool's settings.

The protobuf decoding is written here from the public wire format (varint, 64-bit,
length-delimited, 32-bit fields) and the field numbers of aapt2's Resources.proto
messages used below (facts, listed next to each reader; no .proto file is copied):

- XmlNode: 1 element, 2 text.  XmlElement: 1 namespace declarations, 2 namespace uri,
  3 name, 4 attributes, 5 children.  XmlAttribute: 1 namespace uri, 2 name, 3 value,
  5 resource id, 6 compiled item.
- Item: 1 ref, 2 str, 3 raw_str, 7 prim.  Reference: 2 id.  String/RawString: 1 value.
  Primitive: 6 int decimal, 7 int hexadecimal, 8 boolean.
- ResourceTable: 2 packages.  Package: 1 package id {1 id}, 3 types.  Type: 1 type id
  {1 id}, 3 entries.  Entry: 1 entry id {1 id}, 6 config values.  ConfigValue: 2 value.
  Value: 4 item.

The tree built from the protobuf manifest has the same shape the binary-XML reader
produces (android attributes as `{namespace}name`, references as `@XXXXXXXX`,
integers in decimal, hex flags as `0x...`, booleans as `true`/`false`), so the
manifest builder does not know which format it came from.
"""

from __future__ import annotations

import struct

from lxml import etree

from auditor.apk.container import AppPart, Budget
from auditor.apk.zipread import AndroidZip
from auditor.errors import InputError
from auditor.model import Incomplete

MAX_DEPTH = 512
MAX_NODES = 500_000


class ProtoError(ValueError):
    pass


def fields(buf: bytes, start: int = 0, end: int | None = None):
    """Yield (field number, wire type, value) of one message; value is an int for varint and
    fixed-width fields, a (start, end) span into `buf` for length-delimited ones."""
    pos, end = start, len(buf) if end is None else end
    while pos < end:
        key, pos = _varint(buf, pos, end)
        num, wt = key >> 3, key & 7
        if num == 0:
            raise ProtoError("field number 0")
        if wt == 0:
            val, pos = _varint(buf, pos, end)
        elif wt == 1:
            if pos + 8 > end:
                raise ProtoError("truncated 64-bit field")
            val = struct.unpack_from("<Q", buf, pos)[0]
            pos += 8
        elif wt == 2:
            n, pos = _varint(buf, pos, end)
            if pos + n > end:
                raise ProtoError("length-delimited field runs past its message")
            val = (pos, pos + n)
            pos += n
        elif wt == 5:
            if pos + 4 > end:
                raise ProtoError("truncated 32-bit field")
            val = struct.unpack_from("<I", buf, pos)[0]
            pos += 4
        else:
            raise ProtoError(f"unsupported wire type {wt}")
        yield num, wt, val


def _varint(buf: bytes, pos: int, end: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= end or shift > 63:
            raise ProtoError("truncated or overlong varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def _text(buf: bytes, span) -> str:
    return bytes(buf[span[0]:span[1]]).decode("utf-8", "replace")


def _sub(buf: bytes, span, wanted: int):
    """The first length-delimited field `wanted` inside the message at `span`, or None."""
    if not isinstance(span, tuple):
        return None
    for num, wt, val in fields(buf, *span):
        if num == wanted and wt == 2:
            return val
    return None


def _item_value(buf: bytes, span) -> str | None:
    """A compiled Item as the binary-XML reader would print it."""
    for num, wt, val in fields(buf, *span):
        if wt != 2:
            continue
        if num == 1:  # Reference
            for n2, w2, v2 in fields(buf, *val):
                if n2 == 2 and w2 == 0 and v2:
                    return f"@{v2:08X}"
        elif num in (2, 3):  # String / RawString
            inner = _sub(buf, val, 1)
            return _text(buf, inner) if inner else ""
        elif num == 7:  # Primitive
            for n2, w2, v2 in fields(buf, *val):
                if n2 == 6 and w2 == 0:
                    return str(struct.unpack("<i", struct.pack("<I", v2 & 0xFFFFFFFF))[0])
                if n2 == 7 and w2 == 0:
                    return f"0x{v2 & 0xFFFFFFFF:08x}"
                if n2 == 8 and w2 == 0:
                    return "true" if v2 else "false"
    return None


def manifest_tree(data: bytes, where: str) -> etree._Element:
    """aapt2 protobuf XML (an XmlNode) -> lxml element. Raises InputError when broken."""
    if not data:
        raise InputError(f"{where}: empty manifest")
    try:
        root_el = None
        for num, wt, val in fields(data):
            if num == 1 and wt == 2:
                root_el = val
        if root_el is None:
            raise ProtoError("no root element")
        count = [0]
        # iterative walk: (element span, parent lxml element or None, depth)
        todo = [(root_el, None, 1)]
        root = None
        while todo:
            span, parent, depth = todo.pop()
            if depth > MAX_DEPTH:
                raise InputError(f"{where}: manifest elements nest more than {MAX_DEPTH} deep "
                                 "(no real manifest does; refused to bound the scan time)")
            count[0] += 1
            if count[0] > MAX_NODES:
                raise InputError(f"{where}: manifest has more than {MAX_NODES} elements (refused to bound "
                                 "the scan time)")
            name, ns_uri, attrs, children = "", "", [], []
            for num, wt, val in fields(data, *span):
                if wt != 2:
                    continue
                if num == 3:
                    name = _text(data, val)
                elif num == 2:
                    ns_uri = _text(data, val)
                elif num == 4:
                    attrs.append(val)
                elif num == 5:
                    el = _sub(data, val, 1)
                    if el is not None:
                        children.append(el)
            if not name or not _xml_name(name):
                raise ProtoError(f"element without a valid name ({name!r})")
            tag = f"{{{ns_uri}}}{name}" if ns_uri else name
            el = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
            if root is None:
                root = el
            for a in attrs:
                _attribute(data, a, el)
            for child in reversed(children):
                todo.append((child, el, depth + 1))
        return root
    except ProtoError as exc:
        raise InputError(f"{where}: broken protobuf manifest ({exc})") from None


def _xml_name(name: str) -> bool:
    try:
        etree.QName(name)
        return True
    except ValueError:
        return False


def _attribute(data: bytes, span, el: etree._Element) -> None:
    ns_uri = name = value = ""
    compiled = None
    for num, wt, val in fields(data, *span):
        if wt != 2:
            continue
        if num == 1:
            ns_uri = _text(data, val)
        elif num == 2:
            name = _text(data, val)
        elif num == 3:
            value = _text(data, val)
        elif num == 6:
            compiled = _item_value(data, val)
    if not name or not _xml_name(name):
        return
    key = f"{{{ns_uri}}}{name}" if ns_uri else name
    el.set(key, _xml_safe(compiled if compiled is not None else value))


def _xml_safe(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff")


def resource_strings(data: bytes) -> dict[int, str]:
    """resources.pb -> {resource id: first string/primitive value among its configurations}."""
    out: dict[int, str] = {}
    for num, wt, pkg in fields(data):
        if num != 2 or wt != 2:
            continue
        pid = 0x7F
        types = []
        for n2, w2, v2 in fields(data, *pkg):
            if n2 == 1 and w2 == 2:
                pid = next((v for n, w, v in fields(data, *v2) if n == 1 and w == 0), pid)
            elif n2 == 3 and w2 == 2:
                types.append(v2)
        for t in types:
            tid, entries = 0, []
            for n3, w3, v3 in fields(data, *t):
                if n3 == 1 and w3 == 2:
                    tid = next((v for n, w, v in fields(data, *v3) if n == 1 and w == 0), 0)
                elif n3 == 3 and w3 == 2:
                    entries.append(v3)
            for e in entries:
                eid, value = 0, None
                for n4, w4, v4 in fields(data, *e):
                    if n4 == 1 and w4 == 2:
                        eid = next((v for n, w, v in fields(data, *v4) if n == 1 and w == 0), 0)
                    elif n4 == 6 and w4 == 2 and value is None:
                        val = _sub(data, v4, 2)
                        item = _sub(data, val, 4) if val else None
                        if item:
                            value = _item_value(data, item)
                if value is not None:
                    out[(pid << 24) | (tid << 16) | eid] = value
    return out


def proto_resolver(part: AppPart):
    state: dict[str, object] = {}

    def resolve(value: str) -> str:
        if not (value and value.startswith("@") and len(value) == 9):
            return value
        try:
            rid = int(value[1:], 16)
        except ValueError:
            return value
        if "table" not in state:
            path = part.resources_path()
            state["table"] = {}
            if path:
                try:
                    state["table"] = resource_strings(part.read(path))
                except (ProtoError, InputError) as exc:
                    part.incomplete.append(Incomplete(path, f"resource table cannot be read ({exc}); "
                                                            "references are shown unresolved"))
        return state["table"].get(rid, value)

    return resolve


def aab_parts(top: AndroidZip, budget: Budget) -> list[AppPart]:
    """One part per module directory holding manifest/AndroidManifest.xml, base first."""
    modules = sorted({n.split("/", 1)[0] for n in top.names if n.endswith("/manifest/AndroidManifest.xml")
                      and n.count("/") == 2}, key=lambda m: (m != "base", m))
    return [AppPart(top, m, budget, root=f"{m}/", manifest_path=f"{m}/manifest/AndroidManifest.xml",
                    dex_dir="dex/", manifest_format="proto", module=m) for m in modules]

"""Encode a plain-text AndroidManifest.xml as binary AXML, as aapt would.

Used by samples/build.py so the project's sample APKs can carry any manifest
attribute (including API 31+ ones the Debian android.jar does not know) and so the
tests can craft damaged manifests. Attribute resource ids come from androguard's
copy of the framework's public.xml plus the few newer ids listed below.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from lxml import etree

ANDROID_NS = "http://schemas.android.com/apk/res/android"
NEWER_ATTR_IDS = {
    "compileSdkVersion": 0x01010572,
    "compileSdkVersionCodename": 0x01010573,
    "usesPermissionFlags": 0x01010644,
}
INT_ATTRS = {"versionCode", "minSdkVersion", "targetSdkVersion", "maxSdkVersion", "compileSdkVersion"}
BOOL_ATTRS = {"exported", "enabled", "debuggable", "allowBackup", "usesCleartextTraffic", "required",
              "testOnly", "grantUriPermissions", "hasCode", "directBootAware"}
PROTECTION = {"normal": 0, "dangerous": 1, "signature": 2, "signatureOrSystem": 3, "privileged": 0x10,
              "development": 0x20, "appop": 0x40, "pre23": 0x80, "installer": 0x100}
PERMISSION_FLAGS = {"neverForLocation": 0x10000}

TYPE_STRING, TYPE_INT_DEC, TYPE_INT_HEX, TYPE_INT_BOOLEAN = 0x03, 0x10, 0x11, 0x12
NO_INDEX = 0xFFFFFFFF


def _attr_ids() -> dict[str, int]:
    import androguard.core.resources as res

    tree = etree.parse(str(Path(res.__file__).parent / "public.xml"))
    ids = {el.get("name"): int(el.get("id"), 16) for el in tree.iter("public") if el.get("type") == "attr"}
    ids.update(NEWER_ATTR_IDS)
    return ids


class StringPool:
    def __init__(self) -> None:
        self.strings: list[str] = []
        self.index: dict[str, int] = {}

    def add(self, s: str) -> int:
        if s not in self.index:
            self.index[s] = len(self.strings)
            self.strings.append(s)
        return self.index[s]

    def encode(self) -> bytes:
        offsets, data = [], b""
        for s in self.strings:
            offsets.append(len(data))
            units = s.encode("utf-16-le")
            n = len(units) // 2
            if n > 0x7FFF:
                data += struct.pack("<HH", 0x8000 | (n >> 16), n & 0xFFFF)
            else:
                data += struct.pack("<H", n)
            data += units + b"\x00\x00"
        while len(data) % 4:
            data += b"\x00"
        header_size = 0x1C
        strings_start = header_size + 4 * len(self.strings)
        body = struct.pack(f"<{len(offsets)}I", *offsets) + data
        size = header_size + len(body)
        head = struct.pack("<HHIIIIII", 0x0001, header_size, size, len(self.strings), 0, 0, strings_start, 0)
        return head + body


TYPE_REFERENCE = 0x01


def encode(xml: bytes, references: dict[str, int] | None = None) -> bytes:
    """`references` maps "@string/name" to resource ids (from arsc_encode.resource_ids)."""
    references = references or {}
    root = etree.fromstring(xml, etree.XMLParser(remove_comments=True, remove_blank_text=True))
    ids = _attr_ids()
    pool = StringPool()
    # Attribute names that have resource ids must come first, in resource-map order.
    res_names: list[str] = []
    for el in root.iter():
        for key in el.attrib:
            q = etree.QName(key)
            if q.namespace == ANDROID_NS and q.localname in ids and q.localname not in res_names:
                res_names.append(q.localname)
    res_names.sort(key=lambda n: ids[n])
    for n in res_names:
        pool.add(n)
    pool.add("android")
    pool.add(ANDROID_NS)

    chunks: list[bytes] = []
    line = [1]

    def value_of(local: str, text: str) -> tuple[int, int, int]:
        if text in references:
            return NO_INDEX, TYPE_REFERENCE, references[text]
        if local in BOOL_ATTRS:
            return NO_INDEX, TYPE_INT_BOOLEAN, 0xFFFFFFFF if text == "true" else 0
        if local in INT_ATTRS and text.lstrip("-").isdigit():
            return NO_INDEX, TYPE_INT_DEC, int(text) & 0xFFFFFFFF
        if local == "protectionLevel":
            return NO_INDEX, TYPE_INT_HEX, sum(PROTECTION[p] for p in text.split("|"))
        if local == "usesPermissionFlags":
            return NO_INDEX, TYPE_INT_HEX, sum(PERMISSION_FLAGS[p] for p in text.split("|"))
        idx = pool.add(text)
        return idx, TYPE_STRING, idx

    def emit(el: etree._Element) -> None:
        attrs = []
        for key, text in el.attrib.items():
            q = etree.QName(key)
            ns = pool.add(ANDROID_NS) if q.namespace == ANDROID_NS else NO_INDEX
            name = pool.add(q.localname)
            raw, typ, data = value_of(q.localname, text)
            rid = ids.get(q.localname, 0xFFFFFFFF) if ns != NO_INDEX else 0xFFFFFFFF
            attrs.append((rid, ns, name, raw, typ, data))
        attrs.sort(key=lambda a: a[0])
        body = struct.pack("<IIHHHHHH", NO_INDEX, pool.add(el.tag), 0x14, 0x14, len(attrs), 0, 0, 0)
        for _rid, ns, name, raw, typ, data in attrs:
            body += struct.pack("<IIIHBBI", ns, name, raw, 8, 0, typ, data)
        chunks.append(struct.pack("<HHIII", 0x0102, 0x10, 16 + len(body), line[0], NO_INDEX) + body)
        line[0] += 1
        for child in el:
            emit(child)
        chunks.append(struct.pack("<HHIIIII", 0x0103, 0x10, 0x18, line[0], NO_INDEX, NO_INDEX, pool.add(el.tag)))
        line[0] += 1

    emit(root)
    ns_start = struct.pack("<HHIIIII", 0x0100, 0x10, 0x18, 1, NO_INDEX, pool.add("android"), pool.add(ANDROID_NS))
    ns_end = struct.pack("<HHIIIII", 0x0101, 0x10, 0x18, line[0], NO_INDEX, pool.add("android"), pool.add(ANDROID_NS))
    resmap = struct.pack("<HHI", 0x0180, 8, 8 + 4 * len(res_names)) + struct.pack(
        f"<{len(res_names)}I", *(ids[n] for n in res_names))
    body = pool.encode() + resmap + ns_start + b"".join(chunks) + ns_end
    return struct.pack("<HHI", 0x0003, 8, 8 + len(body)) + body


if __name__ == "__main__":
    sys.stdout.buffer.write(encode(Path(sys.argv[1]).read_bytes()))

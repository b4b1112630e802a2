"""Encode a plain-text AndroidManifest.xml as aapt2's protobuf XML (an XmlNode), and a
minimal resources.pb, as they sit in an Android App Bundle module.

Written from the protobuf wire format and the field numbers of aapt2's messages
(listed in auditor/apk/bundle.py); values are compiled the same way axml_encode types
them for binary XML (booleans, decimal integers, hex flags, @string references), so
the bundle and the APK built from the same sources carry the same manifest.
"""

from __future__ import annotations

from lxml import etree

from axml_encode import ANDROID_NS, BOOL_ATTRS, INT_ATTRS, PERMISSION_FLAGS, PROTECTION, _attr_ids


def varint(n: int) -> bytes:
    n &= 0xFFFFFFFFFFFFFFFF
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(num: int, wire: int) -> bytes:
    return varint(num << 3 | wire)


def vfield(num: int, value: int) -> bytes:
    return key(num, 0) + varint(value)


def lfield(num: int, payload: bytes | str) -> bytes:
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return key(num, 2) + varint(len(payload)) + payload


def _compiled(local: str, text: str, references: dict[str, int]) -> bytes | None:
    """Item message for a value, or None for a plain string attribute."""
    if text in references:
        return lfield(1, vfield(1, 1) + vfield(2, references[text]))  # ref {type REF, id}
    if local in BOOL_ATTRS:
        return lfield(7, vfield(8, 1 if text == "true" else 0))  # prim {boolean_value}
    if local in INT_ATTRS and text.lstrip("-").isdigit():
        return lfield(7, vfield(6, int(text) & 0xFFFFFFFF))  # prim {int_decimal_value}
    if local == "protectionLevel":
        return lfield(7, vfield(7, sum(PROTECTION[p] for p in text.split("|"))))
    if local == "usesPermissionFlags":
        return lfield(7, vfield(7, sum(PERMISSION_FLAGS[p] for p in text.split("|"))))
    return None


def encode_manifest(xml: bytes, references: dict[str, int] | None = None) -> bytes:
    references = references or {}
    root = etree.fromstring(xml, etree.XMLParser(remove_comments=True, remove_blank_text=True))
    ids = _attr_ids()

    def element(el: etree._Element, top: bool) -> bytes:
        body = b""
        if top:
            body += lfield(1, lfield(1, "android") + lfield(2, ANDROID_NS))  # namespace declaration
        body += lfield(3, el.tag)
        for k, text in el.attrib.items():
            q = etree.QName(k)
            attr = b""
            if q.namespace:
                attr += lfield(1, q.namespace)
            attr += lfield(2, q.localname) + lfield(3, text)
            if q.namespace == ANDROID_NS and q.localname in ids:
                attr += vfield(5, ids[q.localname])
            item = _compiled(q.localname, text, references) if q.namespace == ANDROID_NS else None
            if item is not None:
                attr += lfield(6, item)
            body += lfield(4, attr)
        for child in el:
            body += lfield(5, lfield(1, element(child, False)))
        return body

    return lfield(1, element(root, True))


def encode_resources(package: str, strings: dict[str, str]) -> bytes:
    """ResourceTable with one package (0x7f) and one `string` type (id 1), default configuration."""
    entries = b""
    for i, (name, value) in enumerate(strings.items()):
        item = lfield(2, lfield(1, value))  # Item.str {value}
        config_value = lfield(1, b"") + lfield(2, lfield(4, item))  # config {}, value {item}
        entries += lfield(3, lfield(1, vfield(1, i)) + lfield(2, name) + lfield(6, config_value))
    typ = lfield(1, vfield(1, 1)) + lfield(2, "string") + entries
    pkg = lfield(1, vfield(1, 0x7F)) + lfield(2, package) + lfield(3, typ)
    return lfield(2, pkg)


def encode_bundle_config(version: str = "1.15.6") -> bytes:
    """BundleConfig {bundletool {version}}: what bundletool writes at the top of a bundle."""
    return lfield(1, lfield(2, version))


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    sys.stdout.buffer.write(encode_manifest(open(sys.argv[1], "rb").read()))

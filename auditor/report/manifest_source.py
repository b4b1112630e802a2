"""Where an element is in a plain-text AndroidManifest.xml (the app's sources, --source-root):
1-based line and column of each start tag and of its android: attributes, so that SARIF
results land on the <uses-permission>, component, <meta-data>, <uses-sdk> or <application>
attribute they concern. A small tokenizer over the text (comments and CDATA blanked out,
offsets kept), because an XML parser reports no columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_TAG = re.compile(r"<(?P<tag>[A-Za-z_][\w:.-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR = re.compile(r"(?P<name>[A-Za-z_][\w:.-]*)\s*=\s*(?:\"(?P<v1>[^\"]*)\"|'(?P<v2>[^']*)')")
_BLANK = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
COMPONENTS = ("activity", "activity-alias", "service", "receiver", "provider")
PERMISSION_TAGS = ("uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m")
MAX_MANIFEST = 8 * 1024 * 1024


@dataclass(frozen=True)
class Element:
    tag: str
    line: int
    column: int
    end_line: int
    end_column: int
    attrs: dict  # attribute name (e.g. "android:name") -> (value, line, column)
    source: str = ""  # the start tag's text

    def region(self, attr: str | None = None) -> dict:
        if attr and attr in self.attrs:
            value, line, col = self.attrs[attr]
            text = f'{attr}="{value}"'
            return {"startLine": line, "startColumn": col, "endLine": line, "endColumn": col + len(text),
                    "snippet": {"text": text}}
        snippet = self.source if len(self.source) <= 500 else self.source[:499] + "…"
        return {"startLine": self.line, "startColumn": self.column, "endLine": self.end_line,
                "endColumn": self.end_column, "snippet": {"text": snippet}}


class ManifestSource:
    def __init__(self, root: Path, path: Path, text: str, package: str | None = None):
        self.root = root
        self.uri = path.relative_to(root).as_posix()
        self.elements = _elements(text)
        manifest = next((e for e in self.elements if e.tag == "manifest"), None)
        self.package = (manifest.attrs.get("package", (None,))[0] if manifest else None) or package or ""

    def _full(self, name: str) -> str:
        if name.startswith("."):
            return self.package + name
        if "." not in name and self.package:
            return f"{self.package}.{name}"
        return name

    def find(self, tags: tuple[str, ...], name: str | None = None) -> Element | None:
        for e in self.elements:
            if e.tag not in tags:
                continue
            if name is None:
                return e
            value = e.attrs.get("android:name", (None,))[0]
            if value is not None and (value == name or (e.tag in COMPONENTS and self._full(value) == name)):
                return e
        return None

    def with_attribute(self, attr: str) -> Element | None:
        return next((e for e in self.elements if f"android:{attr}" in e.attrs), None)

    def fallback(self) -> dict:
        e = self.find(("application",)) or self.find(("manifest",))
        return e.region() if e else {"startLine": 1, "startColumn": 1}

    def region_for(self, f: dict, sdk_signals: dict, category_permissions: dict) -> dict:
        """The region of the element a finding (JSON form) concerns."""
        kind, sid = f["subject"]["kind"], f["subject"]["id"]
        if kind == "app":
            e = self.with_attribute(sid)
            if e is not None:
                return e.region(f"android:{sid}")
        if kind == "permission":
            e = self.find(PERMISSION_TAGS, sid)
            if e is not None:
                return e.region()
        for ev in f["evidence"]:  # the manifest element the evidence names (components guarded by a permission...)
            loc = ev.get("location") or {}
            if ev.get("side") == "app" and loc.get("element"):
                tag = loc["element"]
                e = self.find((tag,) if tag not in PERMISSION_TAGS else PERMISSION_TAGS, loc.get("name"))
                if e is not None:
                    return e.region()
        if kind == "sdk":  # the first element (in the file) among those that prove the SDK
            found = [e for signal, value in sdk_signals.get(sid, []) if (e := self._signal(signal, value))]
            if found:
                return min(found, key=lambda e: (e.line, e.column)).region()
        if kind == "category":
            for perm in category_permissions.get(sid, []):
                e = self.find(PERMISSION_TAGS, perm)
                if e is not None:
                    return e.region()
        return self.fallback()

    def _signal(self, signal: str, value: str) -> Element | None:
        if signal == "component":
            return self.find(COMPONENTS, value)
        if signal == "component_suffix":
            for e in self.elements:
                if e.tag in COMPONENTS and self._full(e.attrs.get("android:name", ("",))[0]).endswith(value):
                    return e
            return None
        if signal == "meta_data":
            return self.find(("meta-data",), value)
        if signal == "action":
            return self.find(("action",), value)
        return None


def _elements(text: str) -> list[Element]:
    clean = _BLANK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    starts = [0] + [i + 1 for i, ch in enumerate(clean) if ch == "\n"]

    def pos(offset: int) -> tuple[int, int]:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - starts[lo] + 1

    out = []
    for m in _TAG.finditer(clean):
        line, col = pos(m.start())
        end_line, end_col = pos(m.end())
        attrs = {}
        base = m.start("attrs")
        for a in _ATTR.finditer(m.group("attrs")):
            aline, acol = pos(base + a.start())
            attrs.setdefault(a.group("name"), (a.group("v1") if a.group("v1") is not None else a.group("v2"), aline, acol))
        out.append(Element(m.group("tag"), line, col, end_line, end_col, attrs, text[m.start():m.end()]))
    return out


def find_manifest(root: Path, package: str | None = None) -> ManifestSource | None:
    """The app's AndroidManifest.xml under root: root itself, app/src/main, or any src/main."""
    root = Path(root)
    candidates = [root / "AndroidManifest.xml", root / "app" / "src" / "main" / "AndroidManifest.xml",
                  *sorted(root.glob("**/src/main/AndroidManifest.xml"))]
    for c in candidates:
        try:
            if c.is_file() and c.stat().st_size <= MAX_MANIFEST:
                return ManifestSource(root, c, c.read_text(encoding="utf-8", errors="replace"), package)
        except OSError:
            continue
    return None

"""Catalogues as data: privacy categories and the permission knowledge base.

Everything here is read from files beside this module, loaded once per process and
returned as immutable values, so a scan stays a pure function of its inputs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


PERMISSION_GROUPS = (
    "LOCATION", "CAMERA", "MICROPHONE", "PHONE", "READ_MEDIA_VISUAL", "READ_MEDIA_AURAL",
    "STORAGE", "CONTACTS", "SMS", "CALL_LOG", "CALENDAR", "SENSORS", "ACTIVITY_RECOGNITION",
    "NEARBY_DEVICES", "NOTIFICATIONS",
)


def read_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def load_toml_text(text: str) -> dict[str, Any]:
    from auditor.compiled import parse_toml  # tomllib is imported only when some TOML is parsed

    return parse_toml(text)


def load_packaged_toml(name: str) -> dict[str, Any]:
    """A TOML file of this package, from its compiled JSON copy when one matches its text
    (auditor.compiled: parsing TOML is most of a small scan's start-up)."""
    from auditor.compiled import compiled_toml

    return compiled_toml(read_text(name), "knowledge")[0]


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    zh: str
    description: str
    sensitive: bool


@lru_cache(maxsize=None)
def categories() -> dict[str, Category]:
    raw = load_packaged_toml("categories.toml")["category"]
    return {
        cid: Category(cid, v["name"], v["zh"], v["description"], bool(v["sensitive"]))
        for cid, v in raw.items()
    }


@dataclass(frozen=True)
class PermissionInfo:
    """What the knowledge base says of one permission name."""

    name: str
    known: bool
    origin: str  # "platform" | "vendor" | "unknown"
    protection_level: str | None  # base level: normal, dangerous, signature, ...
    protection_flags: tuple[str, ...]
    runtime: bool
    special: bool
    introduced: int | None
    removed_after: int | None
    group: str | None
    categories: tuple[str, ...]
    zh_name: str | None
    vendor: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Split:
    source: str
    targets: tuple[str, ...]
    target_below: int


@dataclass(frozen=True)
class PermissionBase:
    entries: dict[str, PermissionInfo]
    splits: tuple[Split, ...]
    api_levels: tuple[int, ...]

    def lookup(self, name: str) -> PermissionInfo:
        info = self.entries.get(name)
        if info is not None:
            return info
        return PermissionInfo(
            name=name, known=False, origin="unknown", protection_level=None,
            protection_flags=(), runtime=False, special=False, introduced=None,
            removed_after=None, group=None, categories=(), zh_name=None,
        )


def _split_protection(level: str) -> tuple[str, tuple[str, ...]]:
    parts = [p for p in level.split("|") if p]
    if not parts:
        return "normal", ()
    return parts[0], tuple(parts[1:])


@lru_cache(maxsize=None)
def permission_base() -> PermissionBase:
    aosp = json.loads(read_text("aosp_permissions.json"))
    curated = load_packaged_toml("permissions.toml")
    platform = curated.get("platform", {})
    entries: dict[str, PermissionInfo] = {}
    for name, rec in aosp["permissions"].items():
        base, flags = _split_protection(rec["protection"])
        extra = platform.get(name, {})
        entries[name] = PermissionInfo(
            name=name, known=True, origin="platform", protection_level=base,
            protection_flags=flags, runtime=base == "dangerous",
            special=bool(extra.get("special", False)), introduced=rec["introduced"],
            removed_after=rec.get("removed_after"), group=extra.get("group"),
            categories=tuple(extra.get("categories", ())), zh_name=extra.get("zh"),
        )
    for name, rec in curated.get("vendor", {}).items():
        base, flags = _split_protection(rec.get("protection", "normal"))
        entries[name] = PermissionInfo(
            name=name, known=True, origin="vendor", protection_level=base,
            protection_flags=flags, runtime=False, special=False, introduced=None,
            removed_after=None, group=None, categories=tuple(rec.get("categories", ())),
            zh_name=rec.get("zh"), vendor=rec["vendor"], description=rec.get("description"),
        )
    splits = tuple(
        Split(s["from"], tuple(s["to"]), int(s["target_below"])) for s in curated.get("split", ())
    )
    return PermissionBase(entries, splits, tuple(aosp["api_levels"]))


@dataclass(frozen=True)
class ApiEntry:
    kind: str  # method | field | uri
    cls: str  # Java form ("" for uri)
    names: tuple[str, ...]  # method/field names, or the URI prefix
    category: str
    permissions: tuple[str, ...]
    label: str
    immutable: bool = False
    requires_string: str | None = None

    @property
    def descriptor(self) -> str:
        return "L" + self.cls.replace(".", "/") + ";"


def _perm(name: str) -> str:
    return name if "." in name else f"android.permission.{name}"


@lru_cache(maxsize=None)
def api_catalogue() -> tuple[ApiEntry, ...]:
    raw = load_packaged_toml("sensitive_apis.toml")
    out: list[ApiEntry] = []
    for m in raw.get("method", ()):
        out.append(ApiEntry("method", m["class"], tuple(m["methods"]), m["category"],
                            tuple(_perm(p) for p in m.get("permissions", ())), m["label"],
                            bool(m.get("immutable", False)), m.get("requires_string")))
    for f in raw.get("field", ()):
        out.append(ApiEntry("field", f["class"], tuple(f["names"]), f["category"],
                            tuple(_perm(p) for p in f.get("permissions", ())), f["label"],
                            bool(f.get("immutable", False))))
    for u in raw.get("uri", ()):
        out.append(ApiEntry("uri", "", (u["prefix"],), u["category"],
                            tuple(_perm(p) for p in u.get("permissions", ())), u["label"]))
    return tuple(out)


@lru_cache(maxsize=None)
def libraries() -> dict[str, str]:
    """Package prefix -> library name, for code that acts on the app's behalf."""
    return dict(load_packaged_toml("libraries.toml")["library"])

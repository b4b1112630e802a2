"""Requested permissions + knowledge base -> permission records with effective status.

Pure functions over the manifest model; no I/O beyond the packaged knowledge files.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.knowledge import PermissionInfo, permission_base
from auditor.model import Manifest, UsesPermission

P = "android.permission."


def short_permission(name: str) -> str:
    """android.permission.CAMERA -> CAMERA; other names unchanged."""
    return name[len(P):] if name.startswith(P) else name
_STORAGE_LEGACY = {P + "READ_EXTERNAL_STORAGE", P + "WRITE_EXTERNAL_STORAGE"}


@dataclass(frozen=True)
class PermissionRecord:
    name: str
    source: str
    max_sdk_version: int | None
    flags: tuple[str, ...]
    implied_reason: str | None
    origin: str  # platform | vendor | app-defined | unknown
    known: bool
    protection_level: str | None
    runtime: bool
    special: bool
    group: str | None
    categories: tuple[str, ...]
    zh_name: str | None
    introduced_api: int | None
    min_api: int
    max_api: int | None
    applies: bool
    notes: tuple[str, ...]
    also_grants: tuple[str, ...]
    split: str = ""

    @property
    def dangerous(self) -> bool:
        return self.protection_level == "dangerous"


def _notes(up: UsesPermission, info: PermissionInfo, m: Manifest) -> tuple[list[str], int, int | None, bool]:
    notes: list[str] = []
    min_api = max(m.min_sdk, 23) if up.source == "uses-permission-sdk-23" else m.min_sdk
    max_api = up.max_sdk_version
    applies = True
    if up.source == "uses-permission-sdk-23":
        notes.append("requested only on Android 6.0 (API 23) and newer")
    if max_api is not None:
        if max_api < min_api:
            applies = False
            notes.append(f"maxSdkVersion {max_api} is below the app's minimum API {min_api}: never requested")
        elif max_api < m.target_sdk:
            notes.append(
                f"still requested on devices running API {max_api} or older, "
                f"although the app targets API {m.target_sdk}"
            )
        else:
            notes.append(f"requested on devices running API {max_api} or older")
    if up.name in _STORAGE_LEGACY and m.target_sdk >= 33 and (max_api is None or max_api >= 33):
        notes.append("has no effect on Android 13+ for an app targeting 33+ (replaced by READ_MEDIA_*)")
    if up.name == P + "WRITE_EXTERNAL_STORAGE" and m.target_sdk >= 30 and (max_api is None or max_api >= 30):
        notes.append("grants no write access to shared storage on Android 11+ (scoped storage)")
    if up.name == P + "READ_PHONE_STATE" and m.target_sdk >= 29:
        notes.append("no longer gives access to IMEI/serial on Android 10+ (needs a privileged permission)")
    if info.removed_after is not None:
        notes.append(f"removed from the platform after API {info.removed_after}")
    if up.flags and "neverForLocation" in up.flags:
        notes.append("declared neverForLocation: scan results are not used to derive location")
    return notes, min_api, max_api, applies


def permission_records(manifest: Manifest, extra: tuple[Manifest, ...] = ()) -> list[PermissionRecord]:
    base = permission_base()
    defined = {d.name: d for m in (manifest, *extra) for d in m.defined_permissions}
    requested = [(up, "") for up in manifest.uses_permissions]
    for split_manifest in extra:
        # Each Manifest mirrors aapt for its own file, so a split (no <uses-sdk>, default
        # targetSdk 1) carries aapt's targetSdk<4 implied permissions. Installed as part of a
        # bundle it runs with the base's SDK levels: those implied entries do not apply.
        requested += [(up, split_manifest.split or "split") for up in split_manifest.uses_permissions
                      if up.source != "implied"]
    names = {up.name for up, _ in requested}
    out: list[PermissionRecord] = []
    for up, split in requested:
        info = base.lookup(up.name)
        origin = info.origin
        protection = info.protection_level
        if not info.known and up.name in defined:
            origin = "app-defined"
            protection = defined[up.name].protection_level.split("|")[0]
        notes, min_api, max_api, applies = _notes(up, info, manifest)
        grants: list[str] = []
        for sp in base.splits:
            if sp.source == up.name and manifest.target_sdk < sp.target_below:
                new = [t for t in sp.targets if t not in names]
                if new and sp.target_below < 10000:
                    grants += new
                    short = ", ".join(t.rsplit(".", 1)[-1] for t in new)
                    notes.append(
                        f"targetSdk {manifest.target_sdk} < {sp.target_below}: the platform also grants {short}"
                    )
        out.append(PermissionRecord(
            name=up.name, source=up.source, max_sdk_version=up.max_sdk_version, flags=up.flags,
            implied_reason=up.implied_reason, origin=origin,
            known=info.known or origin == "app-defined", protection_level=protection,
            runtime=info.runtime, special=info.special, group=info.group,
            categories=info.categories, zh_name=info.zh_name, introduced_api=info.introduced,
            min_api=min_api, max_api=max_api, applies=applies, notes=tuple(notes),
            also_grants=tuple(grants), split=split,
        ))
    return out

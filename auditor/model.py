"""Value types shared by every stage. All frozen, all plain data.

A scan produces these from bytes; reports and later stages only read them. `to_dict`
helpers live with the JSON renderer, so the types stay free of presentation.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class UsesPermission:
    name: str
    source: str  # "uses-permission" | "uses-permission-sdk-23" | "implied"
    max_sdk_version: int | None = None
    flags: tuple[str, ...] = ()  # usesPermissionFlags, e.g. ("neverForLocation",)
    implied_reason: str | None = None
    split: str = ""  # name of the split APK that declared it ("" for the base)


@dataclass(frozen=True)
class DefinedPermission:
    name: str
    protection_level: str
    group: str | None = None


@dataclass(frozen=True)
class IntentFilter:
    actions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    kind: str  # activity | activity-alias | service | receiver | provider
    name: str
    exported: bool
    exported_reason: str  # "explicit" | "intent-filter" | "provider-default" | "default"
    permission: str | None = None
    read_permission: str | None = None
    write_permission: str | None = None
    enabled: bool = True
    intent_filters: tuple[IntentFilter, ...] = ()
    authorities: tuple[str, ...] = ()
    target_activity: str | None = None
    process: str | None = None
    meta_data: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Queries:
    packages: tuple[str, ...] = ()
    intent_actions: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppFlags:
    debuggable: bool = False
    allow_backup: bool = True
    uses_cleartext_traffic: bool | None = None
    network_security_config: str | None = None
    test_only: bool = False
    application_class: str | None = None


@dataclass(frozen=True)
class Manifest:
    package: str
    version_code: int | None
    version_name: str | None
    min_sdk: int
    target_sdk: int
    compile_sdk: int | None
    max_sdk: int | None
    label: str | None
    uses_permissions: tuple[UsesPermission, ...]
    defined_permissions: tuple[DefinedPermission, ...]
    components: tuple[Component, ...]
    meta_data: tuple[tuple[str, str], ...]
    queries: Queries
    flags: AppFlags
    split: str | None = None  # the manifest's `split` attribute (a config or feature split)


@dataclass(frozen=True)
class DexInfo:
    name: str  # "classes.dex" or "split_config.arm64_v8a.apk!classes.dex"
    class_count: int
    size: int


@dataclass(frozen=True)
class NativeLib:
    abi: str
    name: str
    path: str


@dataclass(frozen=True)
class CodeInventory:
    dex_files: tuple[DexInfo, ...]
    classes: tuple[str, ...]  # every defined class, dotted Java form, sorted
    native_libs: tuple[NativeLib, ...]
    assets: tuple[str, ...]

    @property
    def class_count(self) -> int:
        return sum(d.class_count for d in self.dex_files)


@dataclass(frozen=True)
class InputInfo:
    name: str
    kind: str  # "apk" | "apks" | "xapk" | "apkm" | "bundle"
    sha256: str
    size: int
    parts: tuple[str, ...] = ()  # APK entries inside a bundle, base first


@dataclass(frozen=True)
class ArchiveAnomaly:
    """A zip field Android ignores or tolerates but that disagrees with the data (a tampered archive)."""

    part: str  # "" for the input itself, else the APK/module inside a bundle
    entry: str  # entry name ("" for the archive as a whole)
    kind: str  # bad-method | size-mismatch | fake-encryption | header-mismatch | data-between-entries | ...
    field: str  # the header field concerned
    detail: str


@dataclass(frozen=True)
class Incomplete:
    """A file whose content could not be analysed: the verdict it would feed is incomplete."""

    file: str
    reason: str


@dataclass(frozen=True)
class AppFacts:
    """Everything read from the app itself: the output of auditor/apk/."""

    input: InputInfo
    manifest: Manifest
    code: CodeInventory
    split_manifests: tuple[Manifest, ...] = field(default=())
    anomalies: tuple[ArchiveAnomaly, ...] = ()  # tampered archive fields (AUD701)
    incomplete: tuple[Incomplete, ...] = ()  # DEX/split/resources that could not be read (AUD702)

"""Read an APK or split bundle into AppFacts. The only package that touches androguard."""

from __future__ import annotations

import hashlib

from auditor.apk.container import MANIFEST, ApkZip, Limits, open_input
from auditor.apk.dex import DexFile, descriptor_to_java
from auditor.apk.manifest import build_manifest, make_resolver, parse_axml
from auditor.errors import InputError
from auditor.model import AppFacts, CodeInventory, DexInfo, InputInfo, Manifest, NativeLib

__all__ = ["Limits", "read_app", "read_dex_files"]


def _manifest_of(apk: ApkZip) -> Manifest:
    where = apk.where(MANIFEST)
    root = parse_axml(apk.read(MANIFEST), where)
    arsc = (lambda: apk.read("resources.arsc")) if "resources.arsc" in apk.names else None
    return build_manifest(root, make_resolver(arsc), where)


def _pick_base(apks: list[ApkZip], manifests: list[Manifest]) -> int:
    for i, apk in enumerate(apks):
        if apk.label.rsplit("!", 1)[-1] == "base.apk":
            return i
    bases = [i for i, m in enumerate(manifests) if not m.split]
    if not bases:
        raise InputError("bundle has no base APK (every APK inside is a split)")
    return bases[0]


def read_dex_files(apks: list[ApkZip]):
    """Yield (apk, DexFile) for every classes*.dex of every APK, base first."""
    for apk in apks:
        for entry in apk.dex_names():
            yield apk, DexFile(apk.read(entry), apk.where(entry))


def _inventory(apks: list[ApkZip]) -> tuple[CodeInventory, list[DexFile]]:
    dex_infos: list[DexInfo] = []
    classes: set[str] = set()
    dexes: list[DexFile] = []
    native: list[NativeLib] = []
    assets: list[str] = []
    for apk, dex in read_dex_files(apks):
        dexes.append(dex)
        dex_infos.append(DexInfo(dex.name, dex.class_count, len(dex.data)))
        classes.update(descriptor_to_java(d) for d in dex.class_descriptors())
    for apk in apks:
        for n in apk.names:
            parts = n.split("/")
            if len(parts) == 3 and parts[0] == "lib" and parts[2]:
                native.append(NativeLib(parts[1], parts[2], apk.where(n)))
            elif parts[0] == "assets" and len(parts) > 1:
                assets.append(n[len("assets/"):])
    inv = CodeInventory(
        dex_files=tuple(dex_infos),
        classes=tuple(sorted(classes)),
        native_libs=tuple(sorted(native, key=lambda x: (x.abi, x.name, x.path))),
        assets=tuple(sorted(set(assets))),
    )
    return inv, dexes


def read_app(data: bytes, name: str, limits: Limits | None = None) -> tuple[AppFacts, list[DexFile]]:
    """Bytes of an APK or bundle -> (AppFacts, the parsed DEX files for later stages)."""
    limits = limits or Limits()
    opened = open_input(data, name, limits)
    apks = opened.apks
    manifests = [_manifest_of(a) for a in apks]
    base = _pick_base(apks, manifests) if len(apks) > 1 else 0
    order = [base] + [i for i in range(len(apks)) if i != base]
    apks = [apks[i] for i in order]
    manifests = [manifests[i] for i in order]
    inv, dexes = _inventory(apks)
    info = InputInfo(
        name=name,
        kind=opened.kind,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        parts=tuple(a.label for a in apks if a.label),
    )
    return AppFacts(info, manifests[0], inv, tuple(manifests[1:])), dexes

"""Read an APK, split bundle or App Bundle into AppFacts. The only package that touches androguard.

Everything goes through app *parts* (`container.AppPart`): the base APK or module
gives the identity, every part contributes permissions, code, libraries and assets.
What cannot be read in a part other than the base manifest (a DEX, a split, the
resource table) is recorded in `AppFacts.incomplete` and the rest is still reported.
"""

from __future__ import annotations


from auditor.apk.container import MANIFEST, AppPart, Limits, open_input
from auditor.apk.dex import DexFile, descriptor_to_java
from auditor.source import sha256_hex
from auditor.apk.manifest import build_manifest, make_resolver, parse_axml
from auditor.errors import InputError
from auditor.model import AppFacts, CodeInventory, DexInfo, Incomplete, InputInfo, Manifest, NativeLib

__all__ = ["Limits", "read_app", "read_dex_files", "AppPart"]


def _manifest_of(part: AppPart) -> Manifest:
    where = part.where(part.manifest_path)
    if part.manifest_format == "proto":
        from auditor.apk.bundle import manifest_tree, proto_resolver

        root = manifest_tree(part.manifest_bytes(), where)
        resolve = proto_resolver(part)
    else:
        root = parse_axml(part.manifest_bytes(), where)
        arsc_path = part.resources_path()
        resolve = make_resolver((lambda: part.read(arsc_path)) if arsc_path else None,
                                on_error=lambda why: part.incomplete.append(Incomplete(part.where(arsc_path), why)))
    return build_manifest(root, resolve, where, module=part.module)


def _pick_base(parts: list[AppPart], manifests: list[Manifest | None]) -> int:
    for i, part in enumerate(parts):
        if manifests[i] is not None and (part.label.rsplit("!", 1)[-1] == "base.apk" or part.module == "base"):
            return i
    bases = [i for i, m in enumerate(manifests) if m is not None and not m.split]
    if not bases:
        raise InputError("bundle has no readable base APK (every APK inside is a split or unreadable)")
    return bases[0]


def read_dex_files(parts: list[AppPart]):
    """Yield (part, DexFile) for every readable classes*.dex of every part, base first.
    Unreadable ones are recorded in their part's `incomplete` list."""
    from auditor.apk.dex import DexError

    for part in parts:
        for entry in part.dex_names():
            data = part.read_dex(entry)
            if data is None:
                continue
            try:
                yield part, DexFile(data, part.where(entry))
            except DexError as exc:
                part.budget.code += len(data)
                part.incomplete.append(Incomplete(part.where(entry), _reason(str(exc), part.where(entry))))


def _reason(msg: str, where: str) -> str:
    return msg[len(where) + 2:] if msg.startswith(where + ": ") else msg


def _inventory(parts: list[AppPart]) -> tuple[CodeInventory, list[DexFile]]:
    dex_infos: list[DexInfo] = []
    classes: set[str] = set()
    dexes: list[DexFile] = []
    native: list[NativeLib] = []
    assets: list[str] = []
    for part, dex in read_dex_files(parts):
        try:
            names = [descriptor_to_java(d) for d in dex.class_descriptors()]
        except InputError as exc:
            part.incomplete.append(Incomplete(dex.name, _reason(str(exc), dex.name)))
            continue
        dexes.append(dex)
        dex_infos.append(DexInfo(dex.name, dex.class_count, len(dex.data)))
        classes.update(names)
    for part in parts:
        native += [NativeLib(abi, name, path) for abi, name, path in part.native_libs()]
        assets += part.assets()
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
    parts = opened.parts
    incomplete: list[Incomplete] = list(opened.incomplete)
    if len(parts) == 1:
        manifests: list[Manifest | None] = [_manifest_of(parts[0])]
        base = 0
    else:
        manifests = []
        for part in parts:
            try:
                manifests.append(_manifest_of(part))
            except InputError as exc:  # a split whose manifest is unreadable: keep the rest
                manifests.append(None)
                incomplete.append(Incomplete(part.label or part.manifest_path, str(exc)))
        base = _pick_base(parts, manifests)
        if manifests[base] is None:
            raise InputError(incomplete[-1].reason)
    order = [base] + [i for i in range(len(parts)) if i != base and manifests[i] is not None]
    parts = [parts[i] for i in order]
    manifests = [manifests[i] for i in order]
    inv, dexes = _inventory(parts)
    for part in parts:
        incomplete += part.incomplete
    anomalies = []
    for z in opened.zips:
        anomalies += [a for a in z.anomalies if a not in anomalies]
    info = InputInfo(
        name=name,
        kind=opened.kind,
        sha256=sha256_hex(data),
        size=len(data),
        parts=tuple(p.label for p in parts if p.label),
    )
    facts = AppFacts(info, manifests[0], inv, tuple(manifests[1:]), tuple(anomalies), tuple(incomplete))
    return facts, dexes


__all__ += ["MANIFEST"]

"""Open an input's bytes as app *parts*: an APK, the APKs of a split bundle
(.apks/.xapk/.apkm), or the modules of an Android App Bundle (.aab).

The kind is decided by content, not by file name: a zip with AndroidManifest.xml at
its root is an APK; one with `base/manifest/AndroidManifest.xml` is an App Bundle; a
zip holding *.apk entries is a split bundle, opened to a bounded depth. Archives are
read the way Android reads them (`zipread.AndroidZip`); inflation is bounded per entry
and in total while it happens, so a zip bomb costs at most the limit.

A part (`AppPart`) yields its manifest tree, a resource resolver, its DEX entries,
native libraries and assets; the manifest builder, SDK matcher and code scanner only
see parts, never where the bytes came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.apk.zipread import AndroidZip, EntryError
from auditor.errors import InputError
from auditor.model import ArchiveAnomaly, Incomplete

MANIFEST = "AndroidManifest.xml"
AAB_MANIFEST = "base/manifest/AndroidManifest.xml"
DEX_RE = re.compile(r"^classes(\d*)\.dex$")


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 2 * 1024**3
    max_entry_bytes: int = 256 * 1024**2  # manifest, resources, a nested APK
    max_total_bytes: int = 2 * 1024**3  # everything inflated, checked while inflating
    max_dex_bytes: int = 64 * 1024**2  # one DEX (the 64K-method format keeps real ones near 10 MB)
    max_code_bytes: int = 256 * 1024**2  # DEX bytes held at once for the code stage
    max_depth: int = 2
    max_entries: int = 200_000


class Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = [limits.max_total_bytes]
        self.code = limits.max_code_bytes


def open_zip(data, where: str, limits: Limits, part: str | None = None) -> AndroidZip:
    if not len(data):
        raise InputError(f"{where}: empty file")
    if bytes(data[:2]) != b"PK":
        raise InputError(f"{where}: not a zip archive (an APK or bundle is a zip file)")
    return AndroidZip(data, where, limits.max_entries, part)


@dataclass
class AppPart:
    """One APK, split APK or bundle module inside the input.

    `root` is the directory of the part inside its zip ("" for an APK, "base/" or
    "feature1/" for a bundle module); `manifest_format` is "axml" or "proto".
    """

    zip: AndroidZip
    label: str  # "" for a plain APK; the split's entry or the module's name otherwise
    budget: Budget
    root: str = ""
    manifest_path: str = MANIFEST
    dex_dir: str = ""
    manifest_format: str = "axml"
    module: str = ""  # bundle module name ("" outside an .aab)
    incomplete: list[Incomplete] = field(default_factory=list)

    def where(self, entry: str) -> str:
        if not self.label:
            return entry
        if self.module:
            return entry  # module paths already carry the module directory
        return f"{self.label}!{entry}"

    @property
    def names(self) -> list[str]:
        return self.zip.names

    def read(self, entry: str, limit: int | None = None) -> bytes:
        try:
            return self.zip.read(entry, limit or self.budget.limits.max_entry_bytes, self.budget.total)
        except EntryError as exc:
            raise InputError(str(exc)) from None

    def manifest_bytes(self) -> bytes:
        """The manifest; for binary XML only the size its header declares is inflated (bytes after
        it are padding the platform never parses, reported as an anomaly)."""
        entry = self.manifest_path
        if self.manifest_format == "axml":
            try:
                head = self.zip.read_prefix(entry, 8)
            except EntryError as exc:
                raise InputError(str(exc)) from None
            if len(head) == 8 and head[:2] == b"\x03\x00":
                declared = int.from_bytes(head[4:8], "little")
                size = self.zip.entries[entry].usize
                if 8 <= declared < size:
                    try:
                        data = self.zip.read(entry, declared, self.budget.total, want=declared)
                    except EntryError as exc:
                        raise InputError(str(exc)) from None
                    self.zip.note("manifest-padding", entry, "uncompressed size",
                                  f"entry holds {size} bytes, its binary XML header declares {declared}")
                    return data
        return self.read(entry)

    def resources_path(self) -> str | None:
        name = self.root + ("resources.pb" if self.manifest_format == "proto" else "resources.arsc")
        return name if name in self.zip.entries else None

    def dex_names(self) -> list[str]:
        pre = self.root + self.dex_dir
        found = [n for n in self.zip.names if n.startswith(pre) and DEX_RE.match(n[len(pre):])]
        return sorted(found, key=lambda n: int(DEX_RE.match(n[len(pre):]).group(1) or 1))

    def read_dex(self, entry: str) -> bytes | None:
        """The DEX bytes, or None with the reason recorded in `incomplete` (never raises).

        Only the size the DEX header declares is inflated: bytes an entry holds after that
        are padding no runtime reads (a padded DEX costs nothing); a header declaring more
        than one DEX may hold, or more than the code budget left, is not read at all."""
        from auditor.apk.dex import HEADER_SIZE

        lim = self.budget.limits
        try:
            head = self.zip.read_prefix(entry, HEADER_SIZE)
            declared = int.from_bytes(head[0x20:0x24], "little") if len(head) >= 0x24 else 0
            if head[:4] == b"dex\n" and declared >= HEADER_SIZE:
                if declared > lim.max_dex_bytes:
                    raise EntryError(f"header declares {declared} bytes, over the {lim.max_dex_bytes}-byte "
                                     "limit for one DEX")
                if declared > self.budget.code:
                    raise EntryError(f"not read: the code stage already holds {lim.max_code_bytes - self.budget.code}"
                                     f" bytes of DEX and this one declares {declared} (limit {lim.max_code_bytes})")
                data = self.zip.read(entry, declared, self.budget.total, want=declared)
                size = self.zip.entries[entry].usize
                if size > declared:
                    self.zip.note("dex-padding", entry, "uncompressed size",
                                  f"entry holds {size} bytes, its DEX header declares {declared}; the rest was not read")
            else:  # not a DEX header: read it (bounded) so the DEX reader can say what is wrong
                data = self.zip.read(entry, min(lim.max_dex_bytes, self.budget.code), self.budget.total)
        except EntryError as exc:
            self.incomplete.append(Incomplete(self.where(entry), _strip_where(str(exc), self.where(entry), entry)))
            return None
        self.budget.code -= len(data)
        return data

    def native_libs(self) -> list[tuple[str, str, str]]:
        out = []
        pre = self.root + "lib/"
        for n in self.zip.names:
            if not n.startswith(pre):
                continue
            parts = n[len(pre):].split("/")
            if len(parts) == 2 and parts[1]:
                out.append((parts[0], parts[1], self.where(n)))
        return out

    def assets(self) -> list[str]:
        pre = self.root + "assets/"
        return [n[len(pre):] for n in self.zip.names if n.startswith(pre) and len(n) > len(pre)]

    def anomalies(self) -> list[ArchiveAnomaly]:
        return list(self.zip.anomalies)


def _strip_where(msg: str, *prefixes: str) -> str:
    for p in prefixes:
        if p and msg.startswith(p + ": "):
            return msg[len(p) + 2:]
    return msg


@dataclass
class Opened:
    kind: str
    parts: list[AppPart]  # every part found (base not yet decided for split bundles)
    zips: list[AndroidZip] = field(default_factory=list)  # every archive opened (for anomalies)
    incomplete: list[Incomplete] = field(default_factory=list)


def _kind_from_name(name: str) -> str:
    lower = name.lower()
    for ext in ("apks", "xapk", "apkm"):
        if lower.endswith("." + ext):
            return ext
    return "bundle"


def open_input(data, name: str, limits: Limits) -> Opened:
    if len(data) > limits.max_input_bytes:
        raise InputError(f"{name}: {len(data)} bytes exceed the input limit of {limits.max_input_bytes}")
    budget = Budget(limits)
    top = open_zip(data, name, limits, part="")
    if MANIFEST in top.entries:
        return Opened("apk", [AppPart(top, "", budget)], [top])
    if AAB_MANIFEST in top.entries:
        from auditor.apk.bundle import aab_parts

        return Opened("aab", aab_parts(top, budget), [top])
    opened = Opened(_kind_from_name(name), [], [top])
    _collect(top, "", limits, budget, 1, opened)
    if not opened.parts:
        if opened.incomplete:
            raise InputError(f"{name}: no readable APK in the bundle ({opened.incomplete[0].reason})")
        raise InputError(f"{name}: zip archive without AndroidManifest.xml or APK entries (not an APK)")
    return opened


def _collect(container: AndroidZip, prefix: str, limits: Limits, budget: Budget, depth: int,
             out: Opened) -> None:
    for entry in container.names:
        lower = entry.lower()
        if not (lower.endswith(".apk") or lower.endswith(".apks") or lower.endswith(".xapk")):
            continue
        label = f"{prefix}{entry}"
        if depth > limits.max_depth:
            raise InputError(f"{label}: archives nested deeper than {limits.max_depth} levels")
        try:
            blob = container.read(entry, limits.max_entry_bytes, budget.total)
            inner = open_zip(blob, label, limits)
        except EntryError as exc:
            out.incomplete.append(Incomplete(label, _strip_where(str(exc), label, entry)))
            continue
        except InputError as exc:
            if "Android would refuse" in str(exc):
                raise
            out.incomplete.append(Incomplete(label, _strip_where(str(exc), label)))
            continue
        out.zips.append(inner)
        if MANIFEST in inner.entries:
            out.parts.append(AppPart(inner, label, budget))
        else:
            _collect(inner, label + "!", limits, budget, depth + 1, out)

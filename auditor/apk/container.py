"""Open an input's bytes as one APK or a bundle of APKs (.apks/.xapk/.apkm).

The kind is decided by content, not by file name: a zip with AndroidManifest.xml at
its root is an APK; a zip holding *.apk entries is a bundle, opened to a bounded
depth. Sizes are checked before anything is inflated, so a zip bomb is refused
rather than read.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from auditor.errors import InputError

MANIFEST = "AndroidManifest.xml"
DEX_RE = re.compile(r"^classes(\d*)\.dex$")


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 2 * 1024**3
    max_entry_bytes: int = 512 * 1024**2
    max_total_bytes: int = 4 * 1024**3
    max_depth: int = 2
    max_entries: int = 200_000


class ApkZip:
    """One APK: a zip with a manifest. `label` names it inside a bundle."""

    def __init__(self, zf: zipfile.ZipFile, label: str, limits: Limits, budget: list[int]) -> None:
        self.zf = zf
        self.label = label
        self.limits = limits
        self._budget = budget
        self.names = [i.filename for i in zf.infolist() if not i.is_dir()]

    def where(self, entry: str) -> str:
        return f"{self.label}!{entry}" if self.label else entry

    def read(self, entry: str) -> bytes:
        try:
            info = self.zf.getinfo(entry)
        except KeyError:
            raise InputError(f"{self.where(entry)}: entry not found") from None
        if info.file_size > self.limits.max_entry_bytes:
            raise InputError(
                f"{self.where(entry)}: entry of {info.file_size} bytes exceeds the "
                f"{self.limits.max_entry_bytes}-byte limit"
            )
        self._budget[0] -= info.file_size
        if self._budget[0] < 0:
            raise InputError("archive inflates beyond the total size limit (zip bomb?)")
        try:
            with self.zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError, RuntimeError) as exc:
            raise InputError(f"{self.where(entry)}: cannot be decompressed ({exc})") from None
        except Exception as exc:  # zlib.error and friends
            raise InputError(f"{self.where(entry)}: cannot be decompressed ({exc})") from None
        if len(data) != info.file_size:
            raise InputError(f"{self.where(entry)}: size does not match its zip header")
        return data

    def dex_names(self) -> list[str]:
        found = [n for n in self.names if DEX_RE.match(n)]
        return sorted(found, key=lambda n: int(DEX_RE.match(n).group(1) or 1))


@dataclass
class Opened:
    kind: str
    apks: list[ApkZip]  # every APK found (base not yet decided)


def _open_zip(data: bytes, where: str, limits: Limits) -> zipfile.ZipFile:
    if not data:
        raise InputError(f"{where}: empty file")
    if not data.startswith(b"PK"):
        raise InputError(f"{where}: not a zip archive (an APK or bundle is a zip file)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{where}: corrupt or truncated zip archive ({exc})") from None
    if len(zf.infolist()) > limits.max_entries:
        raise InputError(f"{where}: {len(zf.infolist())} zip entries exceed the limit of {limits.max_entries}")
    return zf


def _kind_from_name(name: str) -> str:
    lower = name.lower()
    for ext in ("apks", "xapk", "apkm"):
        if lower.endswith("." + ext):
            return ext
    return "bundle"


def open_input(data: bytes, name: str, limits: Limits) -> Opened:
    if len(data) > limits.max_input_bytes:
        raise InputError(f"{name}: {len(data)} bytes exceed the input limit of {limits.max_input_bytes}")
    budget = [limits.max_total_bytes]
    zf = _open_zip(data, name, limits)
    top = ApkZip(zf, "", limits, budget)
    if MANIFEST in top.names:
        return Opened("apk", [top])
    if any(n.endswith(".pb") for n in top.names) and "base/manifest/AndroidManifest.xml" in top.names:
        raise InputError(f"{name}: Android App Bundle (.aab) input is not supported yet")
    apks: list[ApkZip] = []
    _collect(top, "", limits, budget, depth=1, out=apks)
    if not apks:
        raise InputError(f"{name}: zip archive without AndroidManifest.xml or APK entries (not an APK)")
    return Opened(_kind_from_name(name), apks)


def _collect(container: ApkZip, prefix: str, limits: Limits, budget: list[int], depth: int,
             out: list[ApkZip]) -> None:
    for entry in container.names:
        lower = entry.lower()
        if not (lower.endswith(".apk") or lower.endswith(".apks") or lower.endswith(".xapk")):
            continue
        label = f"{prefix}{entry}"
        if depth > limits.max_depth:
            raise InputError(f"{label}: archives nested deeper than {limits.max_depth} levels")
        inner = _open_zip(container.read(entry), label, limits)
        apk = ApkZip(inner, label, limits, budget)
        if MANIFEST in apk.names:
            out.append(apk)
        else:
            _collect(apk, label + "!", limits, budget, depth + 1, out)

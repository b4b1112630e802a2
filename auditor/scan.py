"""A scan: a pure function of (input bytes, settings) returning plain values.

Nothing here reads files or prints; the CLI (or a batch worker on another machine)
passes bytes in and serialises the result with auditor.report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor import __version__
from auditor.apk import Limits, read_app
from auditor.model import AppFacts
from auditor.permissions import PermissionRecord, permission_records


@dataclass(frozen=True)
class ScanSettings:
    code: bool = True  # False: manifest-only (--no-code)
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class ScanResult:
    tool_version: str
    facts: AppFacts
    permissions: tuple[PermissionRecord, ...]


def scan_bytes(data: bytes, name: str, settings: ScanSettings | None = None) -> ScanResult:
    settings = settings or ScanSettings()
    facts, _dexes = read_app(data, name, settings.limits)
    perms = permission_records(facts.manifest, facts.split_manifests)
    return ScanResult(tool_version=__version__, facts=facts, permissions=tuple(perms))

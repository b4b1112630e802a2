"""A scan: a pure function of (input bytes, settings) returning plain values.

Nothing here reads files or prints; the CLI (or a batch worker on another machine)
passes bytes in and serialises the result with auditor.report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor import __version__
from auditor.apk import Limits, read_app
from auditor.evidence import CodeEvidence, build_evidence
from auditor.model import AppFacts
from auditor.permissions import PermissionRecord, permission_records
from auditor.sdk import SdkHit, default_matcher
from auditor.sdk.matcher import ConfiguredSdk


@dataclass(frozen=True)
class ScanSettings:
    code: bool = True  # False: manifest-only (--no-code)
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class DatabaseInfo:
    version: str
    sha256: str
    count: int


@dataclass(frozen=True)
class ScanResult:
    tool_version: str
    facts: AppFacts
    permissions: tuple[PermissionRecord, ...]
    sdks: tuple[SdkHit, ...] = ()
    signature_db: DatabaseInfo | None = None
    needed_by: dict[str, tuple[str, ...]] = field(default_factory=dict)  # permission -> detected SDK ids
    code: CodeEvidence | None = None  # None when the code stage was skipped (--no-code)
    configured: tuple[ConfiguredSdk, ...] = ()  # configured in the manifest, no code or files inside


def scan_bytes(data: bytes, name: str, settings: ScanSettings | None = None) -> ScanResult:
    settings = settings or ScanSettings()
    facts, dexes = read_app(data, name, settings.limits)
    perms = permission_records(facts.manifest, facts.split_manifests)
    matcher = default_matcher()
    found, configured = matcher.match_all(facts, dexes)
    hits = tuple(found)
    db = matcher.db
    needed_by: dict[str, tuple[str, ...]] = {}
    for p in perms:
        users = tuple(h.id for h in hits if p.name in db.entries[h.id].permissions)
        if users:
            needed_by[p.name] = users
    code = None
    if settings.code:
        from auditor.apk.code import scan_dexes

        requested = {p.name for p in perms if p.applies}
        dangerous = {p.name for p in perms if p.applies and p.protection_level == "dangerous"}
        code = build_evidence(scan_dexes(dexes), facts.manifest.package, list(hits), matcher, requested, dangerous,
                              dexes=dexes, classes=facts.code.classes)
    return ScanResult(
        tool_version=__version__, facts=facts, permissions=tuple(perms), sdks=hits,
        signature_db=DatabaseInfo(db.version, db.sha256, len(db)), needed_by=needed_by, code=code,
        configured=tuple(configured),
    )

"""A scan: a pure function of (input bytes, settings) returning plain values.

Nothing here reads files or prints; the CLI (or a batch worker on another machine)
passes bytes in and serialises the result with auditor.report.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from auditor import __version__
from auditor.apk import Limits, read_app
from auditor.evidence import CodeEvidence, build_evidence
from auditor.model import AppFacts, Incomplete
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
    startup: object | None = None  # auditor.startup.StartupResult; None when the code stage was skipped
    configured: tuple[ConfiguredSdk, ...] = ()  # configured in the manifest, no code or files inside


def scan_bytes(data: bytes, name: str, settings: ScanSettings | None = None, catalogues=None) -> ScanResult:
    """`catalogues` (auditor.catalogues.Catalogues) pins the signature database and API
    catalogue; None means the packaged ones."""
    settings = settings or ScanSettings()
    facts, dexes = read_app(data, name, settings.limits)
    perms = permission_records(facts.manifest, facts.split_manifests)
    matcher = catalogues.matcher if catalogues is not None else default_matcher()
    apis = catalogues.apis if catalogues is not None else None
    found, configured = matcher.match_all(facts, dexes, code_complete=not facts.incomplete)
    hits = tuple(found)
    db = matcher.db
    code = startup = None
    if settings.code:
        from auditor.apk.code import scan_dexes

        requested = {p.name for p in perms if p.applies}
        dangerous = {p.name for p in perms if p.applies and p.protection_level == "dangerous"}
        failures: list[tuple[str, str]] = []
        sites = scan_dexes(dexes, apis, failures=failures)
        if failures:  # the rest of the report stands; the code verdict is marked incomplete
            facts = replace(facts, incomplete=facts.incomplete + tuple(Incomplete(f, r) for f, r in failures))
        failed = {f for f, _ in failures}
        readable = [d for d in dexes if d.name not in failed]
        if failures and configured:  # unread code may hold them: not "configured but not embedded"
            found, configured = matcher.match_all(facts, readable, code_complete=False)
            hits = tuple(found)
        code = build_evidence(sites, facts.manifest.package, list(hits), matcher, requested, dangerous,
                              dexes=readable, apis=apis, classes=facts.code.classes)
        from auditor.startup import analyse

        startup = analyse(facts, readable, code.calls, hits, matcher)
    needed_by: dict[str, tuple[str, ...]] = {}
    for p in perms:
        users = tuple(h.id for h in hits if p.name in db.entries[h.id].permissions)
        if users:
            needed_by[p.name] = users
    return ScanResult(
        tool_version=__version__, facts=facts, permissions=tuple(perms), sdks=hits,
        signature_db=DatabaseInfo(db.version, db.sha256, len(db)), needed_by=needed_by, code=code,
        startup=startup, configured=tuple(configured),
    )

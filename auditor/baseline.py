"""Baselines: the fingerprints of accepted findings, so that only new ones count.

A baseline file (schema_version 1, schema `auditor/schemas/baseline.json`) records the tool
and signature-database versions it was made with. Loading one from another schema version is
a usage error (exit 2); one made with a different signature database loads with a warning,
because SDKs the database learned since then can surface as new findings.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from auditor import __version__
from auditor.errors import UsageError

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Baseline:
    fingerprints: frozenset[str]
    warnings: tuple[str, ...] = ()
    signature_db: str | None = None  # database version the baseline was made with


def baseline_document(result, created: datetime.datetime | None = None) -> dict[str, Any]:
    """The baseline file for an audit result: every finding, whatever its status."""
    created = created or datetime.datetime.now(datetime.timezone.utc)
    db = result.scan.signature_db
    m = result.scan.facts.manifest
    return {
        "schema_version": SCHEMA_VERSION, "tool": {"name": "auditor", "version": __version__},
        "signature_db": None if db is None else {"version": db.version, "sha256": db.sha256},
        "created": created.isoformat(timespec="seconds"),
        "app": {"package": m.package, "version_code": m.version_code, "sha256": result.scan.facts.input.sha256},
        "policy": None if result.policy is None else {"name": result.policy.name, "sha256": result.policy.sha256},
        "findings": [{"fingerprint": f.fingerprint, "rule_id": f.rule_id,
                      "subject": {"kind": f.subject_kind, "id": f.subject_id}} for f in result.findings],
    }


def _version_key(v: str) -> tuple:
    return tuple(int(x) if x.isdigit() else x for x in v.replace("-", ".").split("."))


def load_baseline(data: bytes | str, where: str, current_db: str | None = None) -> Baseline:
    """Parse a baseline file. Raises UsageError (exit 2) when it is not a baseline of this schema."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"{where}: not an auditor baseline (not JSON: {exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise UsageError(f"{where}: not an auditor baseline (no findings list)")
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        raise UsageError(f"{where}: baseline schema_version {version!r} is not supported (this auditor "
                         f"{__version__} reads {SCHEMA_VERSION}); recreate it with `auditor baseline create`")
    try:
        fingerprints = frozenset(f["fingerprint"] for f in doc["findings"])
    except (KeyError, TypeError) as exc:
        raise UsageError(f"{where}: not an auditor baseline (finding without {exc})") from None
    warnings = []
    recorded = (doc.get("signature_db") or {}).get("version")
    if current_db and recorded and recorded != current_db:
        try:
            older = _version_key(recorded) < _version_key(current_db)
        except TypeError:
            older = True
        if older:
            warnings.append(f"{where} was made with signature database {recorded}, older than {current_db}: "
                            "SDKs detected since then show up as new findings")
        else:
            warnings.append(f"{where} was made with signature database {recorded}, newer than {current_db}")
    return Baseline(fingerprints, tuple(warnings), recorded)

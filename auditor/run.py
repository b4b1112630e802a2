"""One worker function for every command: `audit_file(app, policy, settings)`.

`auditor scan`, `diff`, `baseline create` and `auditor batch` workers all call it. It
reads the inputs (a path, or bytes already in memory), scans, reads the policy, audits,
and returns either an `Audited` (the full result, with timings) or a `Skipped` (the
input's sha256 when it could be read, and a one-line reason: what the CLI prints and
what a batch stores as an error row). It never prints and never exits.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from auditor.audit import AuditResult, AuditSettings
from auditor.errors import EXIT_INPUT, EXIT_USAGE, AuditorError, PolicyUnavailable
from auditor.scan import ScanSettings
from auditor.source import Source, read_source, sha256_hex  # noqa: F401  (read_source: public here too)


@dataclass(frozen=True)
class Settings:
    """Everything a result depends on besides the input bytes."""

    scan: ScanSettings = field(default_factory=ScanSettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    catalogues: object | None = None  # auditor.catalogues.Catalogues; None: the packaged ones
    # combine the English policy reading with the learned sentence model: True (--learned), False
    # (--no-learned), None: the model file's own default (off since session 27; on in session 26)
    policy_learned: bool | None = None

    def policy_model(self):
        """The sentence model the English policy reading is combined with, None when it is off
        (read_policy's own choice: auditor.policy.learned.chosen_model)."""
        if self.policy_learned is False:
            return None  # (without loading the catalogues)
        from auditor.policy.learned import chosen_model

        return chosen_model(self.cat, self.policy_learned)

    @property
    def cat(self):
        from auditor.catalogues import default_catalogues

        return self.catalogues if self.catalogues is not None else default_catalogues()

    def digest(self) -> str:
        """Hash of the settings that shape the result document, catalogues excluded
        (they have their own hash): part of a batch store's key."""
        a = self.audit
        view = {
            "code": self.scan.code, "limits": vars(self.scan.limits),
            "fail_on": a.fail_on.name, "disabled": sorted(a.disabled),
            "suppressions": sorted([s.rule, s.subject or "", s.reason] for s in a.suppressions),
            "baseline": sorted(a.baseline),
        }
        model = self.policy_model()
        if model is not None:  # only when on, so the keys of stores written without it do not move
            # ... and which model: a retrained one reads policies differently, and so does one that
            # reads context features (named only when set, so the keys of the other models stay)
            shape = [model.weights, model.bias, model.t_low, model.t_high, sorted(model.categories)]
            view["policy_learned"] = hashlib.sha256(json.dumps(
                shape + (["context"] if model.context else []), sort_keys=True).encode()).hexdigest()
        return hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Audited:
    name: str
    sha256: str
    result: AuditResult
    timings: dict[str, float]  # seconds: read, scan, policy, audit

    def document(self) -> dict:
        from auditor.report.jsonfmt import audit_document

        return audit_document(self.result)


@dataclass(frozen=True)
class Skipped:
    """An input that produced no result: why, in one line (printed as `auditor: error: <reason>`)."""

    name: str
    sha256: str | None  # None when the bytes could not be read at all
    reason: str
    exit_code: int = EXIT_INPUT
    kind: str = "input"  # input | memory | usage | policy (its policy could not be fetched)


def _name(src: Source | None, name: str | None) -> str:
    if name:
        return name
    return Path(src).name if isinstance(src, (str, Path)) else "input.apk"


def audit_file(app: Source, policy: Source | Callable[[str], Source | None] | None = None,
               settings: Settings | None = None, *, name: str | None = None,
               policy_name: str | None = None) -> Audited | Skipped:
    """Scan `app` (an .apk or split bundle) and audit it against `policy` when given.
    `policy` may be a function of the app's package name (a batch manifest keyed by package)."""
    from auditor.audit import audit
    from auditor.scan import scan_bytes

    settings = settings or Settings()
    cat = settings.cat
    app_name = _name(app, name)
    t0 = time.perf_counter()
    sha = data = None
    try:
        data = read_source(app, app_name, map_large=True)
        by_package = callable(policy)
        pol_bytes = read_source(policy, _name(policy, policy_name)) if policy is not None and not by_package else None
        t1 = time.perf_counter()
        scanned = scan_bytes(data, app_name, settings.scan, cat)
        sha = scanned.facts.input.sha256  # hashed once, by the reader
        data = None
        if by_package:
            policy = policy(scanned.facts.manifest.package)
            policy_name = None
            pol_bytes = read_source(policy, _name(policy, None)) if policy is not None else None
        t2 = time.perf_counter()
        pol = None
        if pol_bytes is not None:
            from auditor.policy import read_policy  # a scan without a policy never imports the reader

            pol = read_policy(pol_bytes, _name(policy, policy_name), cat, learned=settings.policy_learned)
        t3 = time.perf_counter()
        result = audit(scanned, pol, settings.audit, cat)
        t4 = time.perf_counter()
    except AuditorError as err:
        if sha is None and data is not None:
            sha = sha256_hex(data)
        kind = "policy" if isinstance(err, PolicyUnavailable) else "usage" if err.exit_code == EXIT_USAGE else "input"
        return Skipped(app_name, sha, str(err), err.exit_code, kind)
    except MemoryError:
        data = None
        return Skipped(app_name, sha, f"{app_name}: too large to scan in memory", EXIT_INPUT, "memory")
    timings = {"read": round(t1 - t0, 6), "scan": round(t2 - t1, 6), "policy": round(t3 - t2, 6),
               "audit": round(t4 - t3, 6)}
    return Audited(app_name, sha, result, timings)

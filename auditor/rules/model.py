"""Findings and rule metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    info = 0
    low = 1
    medium = 2
    high = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.lower()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (info, low, medium, high)") from None


class Confidence(IntEnum):
    low = 0
    medium = 1
    high = 2


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    confidence: Confidence
    needs_policy: bool
    summary: str
    rationale: str
    references: tuple[str, ...]
    fix: str


@dataclass(frozen=True)
class Item:
    """One piece of evidence. side: app | policy; kind: manifest | sdk | call_site | quote | searched | statement."""

    side: str
    kind: str
    text: str
    location: tuple[tuple[str, object], ...] = ()

    def loc(self) -> dict:
        return dict(self.location)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    name: str
    severity: Severity
    confidence: Confidence
    subject_kind: str  # permission | sdk | category | app
    subject_id: str
    message: str
    evidence: tuple[Item, ...]
    fingerprint: str
    status: str = "new"  # new | baselined | suppressed
    suppression_reason: str | None = None


def fingerprint(rule_id: str, package: str, subject_kind: str, subject_id: str) -> str:
    """Identity of a finding: rule and subject, never a line number or offset."""
    raw = "\x1f".join((rule_id, package, subject_kind, subject_id)).encode()
    return hashlib.sha256(raw).hexdigest()[:32]


@dataclass
class Collector:
    package: str
    rule: Rule | None = None
    found: list[Finding] = field(default_factory=list)

    def add(self, subject_kind: str, subject_id: str, message: str, evidence, *,
            severity: Severity | None = None, confidence: Confidence | None = None) -> None:
        r = self.rule
        assert r is not None
        self.found.append(Finding(
            r.id, r.name, severity if severity is not None else r.severity,
            confidence if confidence is not None else r.confidence, subject_kind, subject_id, message,
            tuple(evidence), fingerprint(r.id, self.package, subject_kind, subject_id)))

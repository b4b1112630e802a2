"""Plain-data views of an audit result shared by every renderer."""

from __future__ import annotations

from typing import Any

from auditor.rules.model import Severity

SEVERITY_ORDER = [Severity.high, Severity.medium, Severity.low, Severity.info]


def finding_dict(f) -> dict[str, Any]:
    d = {
        "rule_id": f.rule_id, "name": f.name, "severity": f.severity.name, "confidence": f.confidence.name,
        "subject": {"kind": f.subject_kind, "id": f.subject_id}, "message": f.message,
        "evidence": [{"side": e.side, "kind": e.kind, "text": e.text, "location": e.loc()} for e in f.evidence],
        "fingerprint": f.fingerprint, "status": f.status,
    }
    if f.suppression_reason:
        d["suppression_reason"] = f.suppression_reason
    return d


def checklist_dict(row) -> dict[str, Any]:
    return {"sdk_id": row.sdk_id, "name": row.name, "vendor": row.vendor, "purpose": row.purpose,
            "data": list(row.data), "data_observed_in_code": list(row.data_observed),
            "permissions": list(row.permissions), "privacy_policy": row.privacy_policy, "in_policy": row.in_policy}


def summary_dict(result) -> dict[str, Any]:
    return {
        "counts": result.counts(),
        "baselined": sum(1 for f in result.findings if f.status == "baselined"),
        "suppressed": sum(1 for f in result.findings if f.status == "suppressed"),
        "fail_on": result.settings.fail_on.name,
        "failed": result.failed,
        "policy_read": result.policy is not None,
    }


def views(result):
    """The shared views computed with the audit (`auditor.views`); built here only for a result made
    without them (an AuditResult constructed by hand)."""
    if getattr(result, "views", None) is not None:
        return result.views
    from auditor.rules.context import AuditContext
    from auditor.views import build_views

    return build_views(AuditContext(result.scan, result.policy))


def matrix(result) -> tuple[list[str], list[dict[str, Any]]]:
    """Permission x SDK x category rows (computed once with the audit, see `auditor.views`)."""
    rows = [{"permission": r.permission, "categories": list(r.categories), "sdks": list(r.sdks),
             "accessed_by": list(r.accessed_by), "policy": r.policy} for r in views(result).matrix]
    return ["permission", "categories", "sdks", "accessed_by", "policy"], rows

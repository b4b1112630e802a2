"""The scan JSON document (schema_version 1). Key names are a public interface:
add keys, never rename or remove them. Documented in docs/json-schema.md."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_VERSION = 1


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _component(c) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "name": c.name,
        "exported": c.exported,
        "exported_reason": c.exported_reason,
        "enabled": c.enabled,
        "permission": c.permission,
        "read_permission": c.read_permission,
        "write_permission": c.write_permission,
        "actions": sorted({a for f in c.intent_filters for a in f.actions}),
        "authorities": list(c.authorities),
        "target_activity": c.target_activity,
        "meta_data": [{"name": n, "value": v} for n, v in c.meta_data],
    }


def sdk_hit(h) -> dict[str, Any]:
    return {
        "id": h.id,
        "name": h.name,
        "vendor": h.vendor,
        "vendor_zh": h.vendor_zh,
        "category": h.category,
        "market": h.market,
        "confidence": h.confidence,
        "score": h.score,
        "evidence": [{"kind": e.kind, "value": e.value, "count": e.count, "shared": e.shared} for e in h.evidence],
        "bundled_in": h.bundled_in,
        "version": h.version,
        "version_source": h.version_source,
        "version_notes": list(h.version_notes),
    }


def configured_sdk(c) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "vendor": c.vendor, "vendor_zh": c.vendor_zh, "category": c.category,
            "market": c.market,
            "evidence": [{"kind": e.kind, "value": e.value, "count": e.count, "shared": e.shared} for e in c.evidence]}


def _permission(p, needed_by=()) -> dict[str, Any]:
    return {
        "name": p.name,
        "source": p.source,
        "max_sdk_version": p.max_sdk_version,
        "protection_level": p.protection_level,
        "runtime": p.runtime,
        "group": p.group,
        "categories": list(p.categories),
        "zh_name": p.zh_name,
        "known": p.known,
        "origin": p.origin,
        "special": p.special,
        "flags": list(p.flags),
        "implied_reason": p.implied_reason,
        "introduced_api": p.introduced_api,
        "effective": {"applies": p.applies, "min_api": p.min_api, "max_api": p.max_api,
                      "notes": list(p.notes), "also_grants": list(p.also_grants)},
        "split": p.split or None,
        "needed_by_sdks": list(needed_by),
    }


def package_tree(classes, depth: int = 3, limit: int = 50) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for cls in classes:
        parts = cls.split(".")[:-1]
        key = ".".join(parts[:depth]) or "(default package)"
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{"package": k, "class_count": v} for k, v in ranked]


def api_call(c) -> dict[str, Any]:
    s = c.site
    return {
        "api": s.api, "category": s.category, "caller": s.caller, "sdk": c.sdk, "strength": s.strength,
        "party": c.party, "accessor": c.accessor, "attribution": c.attribution, "kind": s.kind, "label": s.label,
        "permissions": list(s.permissions), "immutable": s.immutable, "dex": s.dex,
    }


def code_evidence(code) -> dict[str, Any] | None:
    if code is None:
        return None
    return {
        "accessors": {cat: [{"accessor": a, "party": p, "count": n} for a, p, n in rows]
                      for cat, rows in code.accessors.items()},
        "unguarded": [{"category": u.category, "api": u.api, "accessor": u.accessor,
                       "permissions": list(u.permissions)} for u in code.unguarded],
        "unused_permissions": list(code.unused_permissions),
    }


def startup_doc(st) -> dict[str, Any] | None:
    """The start-up / collection-before-consent section (auditor/startup/)."""
    if st is None:
        return None

    def reach(x) -> dict[str, Any]:
        return {"timing": x.timing, "path": list(x.path), "edges": list(x.edges), "entry": x.entry or None}

    return {
        "entry_points": [{"kind": e.kind, "component": e.component, "method": e.method, "timing": e.timing,
                          "path": [e.method]} for e in st.entry_points],
        "sdk_inits": [{"sdk": i.sdk, "api": i.api, "caller": i.caller, "kind": i.kind, "party": i.party, **reach(i)}
                      for i in st.sdk_inits],
        "sensitive_calls": [{"category": s.category, "label": s.label, "api": s.api, "caller": s.caller,
                             "accessor": s.accessor, "party": s.party, "immutable": s.immutable, **reach(s)}
                            for s in st.sensitive_calls],
        "sdk_switches": [{"sdk": w.sdk, "name": w.name, "value": w.value, "opt_out": w.opt_out,
                          "opted_out": w.opted_out, "scope": w.scope or None, "timing": w.timing,
                          "path": list(w.path)} for w in st.sdk_switches],
        "compliance_calls": [{"sdk": c.sdk, "api": c.api, "caller": c.caller, "kind": c.kind,
                              "before_init": c.before_init, "required": c.required, **reach(c)}
                             for c in st.compliance_calls],
        "stats": {"methods_reached": st.methods_reached, "methods_decoded": st.methods_decoded,
                  "truncated": st.truncated, "undecodable": getattr(st, "undecodable", 0)},
    }


def scan_document(result) -> dict[str, Any]:
    f = result.facts
    m = f.manifest
    code = f.code
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": result.tool_version},
        "signature_db": None if result.signature_db is None else {
            "version": result.signature_db.version, "sha256": result.signature_db.sha256,
            "count": result.signature_db.count},
        "input": {"name": f.input.name, "kind": f.input.kind, "size": f.input.size,
                  "sha256": f.input.sha256, "parts": list(f.input.parts)},
        "app": {
            "package": m.package,
            "version_code": m.version_code,
            "version_name": m.version_name,
            "min_sdk": m.min_sdk,
            "target_sdk": m.target_sdk,
            "compile_sdk": m.compile_sdk,
            "sha256": f.input.sha256,
            "label": m.label,
            "flags": {
                "debuggable": m.flags.debuggable,
                "allow_backup": m.flags.allow_backup,
                "uses_cleartext_traffic": m.flags.uses_cleartext_traffic,
                "network_security_config": m.flags.network_security_config,
                "test_only": m.flags.test_only,
            },
        },
        "permissions": [_permission(p, result.needed_by.get(p.name, ())) for p in result.permissions],
        "sdks": [sdk_hit(h) for h in result.sdks],
        "configured_sdks": [configured_sdk(c) for c in getattr(result, "configured", ())],
        "api_calls": [] if result.code is None else [api_call(c) for c in result.code.calls],
        "code_evidence": code_evidence(result.code),
        "startup": startup_doc(getattr(result, "startup", None)),
        "defined_permissions": [
            {"name": d.name, "protection_level": d.protection_level, "group": d.group}
            for d in m.defined_permissions
        ],
        "components": [_component(c) for c in m.components],
        "meta_data": [{"name": n, "value": v} for n, v in m.meta_data],
        "queries": {"packages": list(m.queries.packages), "intent_actions": list(m.queries.intent_actions),
                    "providers": list(m.queries.providers)},
        "code": {
            "class_count": code.class_count,
            "dex_files": [{"name": d.name, "class_count": d.class_count, "size": d.size} for d in code.dex_files],
            "packages": package_tree(code.classes),
            "native_libs": [{"abi": n.abi, "name": n.name, "path": n.path} for n in code.native_libs],
            "assets": list(code.assets),
            "incomplete": [{"file": g.file, "reason": g.reason} for g in f.incomplete],
        },
        "archive_anomalies": [{"part": a.part, "entry": a.entry, "kind": a.kind, "field": a.field,
                               "detail": a.detail} for a in f.anomalies],
    }


def audit_document(result) -> dict[str, Any]:
    """The scan document plus `policy`, `findings`, `summary` and `checklist`."""
    from auditor.report.findings import checklist_dict, finding_dict, summary_dict
    from auditor.report.policyfmt import policy_document

    doc = scan_document(result.scan)
    doc["policy"] = None if result.policy is None else policy_document(result.policy)
    doc["findings"] = [finding_dict(f) for f in result.findings]
    doc["summary"] = summary_dict(result)
    doc["checklist"] = [checklist_dict(r) for r in result.checklist]
    return doc

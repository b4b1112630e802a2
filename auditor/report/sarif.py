"""SARIF 2.1.0: one run per invocation, in the shape code-scanning services accept.

The APK (and the policy) are artifacts with their SHA-256; manifest elements, SDK packages
and API methods are logical locations (each listed once per result). An APK is binary, so
no text region is claimed on it; with --source-root, every result is anchored to the line
and column of the manifest element it concerns in the project's AndroidManifest.xml
(`auditor.report.manifest_source`). Rules carry their documentation in help.text and
help.markdown; no relative helpUri (services reject them). runAutomationDetails.id keeps
two uploads for one commit (two flavours, two variants) apart.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.rules import all_rules
from auditor.rules.model import Severity

LEVEL = {Severity.high: "error", Severity.medium: "warning", Severity.low: "note", Severity.info: "note"}
SECURITY_SEVERITY = {Severity.high: "8.0", Severity.medium: "5.5", Severity.low: "3.0", Severity.info: "1.0"}
# SARIF informationUri: the absolute URL of the project's public home page. The project has
# none yet (no [project.urls] in pyproject.toml); a made-up address would be a false link, so
# the key is left out until this is set (a test checks it is absolute when present).
INFORMATION_URI: str | None = None


def _logical(f: dict) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    kind, sid = f["subject"]["kind"], f["subject"]["id"]
    if kind == "permission":
        out.append({"name": sid, "fullyQualifiedName": f"AndroidManifest.xml/uses-permission[{sid}]", "kind": "element"})
    elif kind == "sdk":
        pkgs = [e["location"].get("value") for e in f["evidence"]
                if e["kind"] == "sdk" and e["location"].get("signal") == "package"]
        out.append({"name": sid, "fullyQualifiedName": pkgs[0] if pkgs else sid, "kind": "namespace"})
    elif kind == "app":
        out.append({"name": sid, "fullyQualifiedName": f"AndroidManifest.xml/{sid}", "kind": "attribute"})
    for e in f["evidence"]:
        api = e["location"].get("api") if e["kind"] == "call_site" else None
        if api:
            out.append({"name": api.split("->")[-1].split("(")[0], "fullyQualifiedName": api, "kind": "function"})
    if not out:
        out.append({"name": sid, "kind": "object"})
    unique, seen = [], set()
    for loc in out:  # SARIF arrays of locations must not repeat an element (JSON1020)
        key = (loc.get("fullyQualifiedName"), loc["name"], loc["kind"])
        if key not in seen:
            seen.add(key)
            unique.append(loc)
        if len(unique) >= 6:
            break
    return unique


def _help(r) -> dict[str, str]:
    refs = "\n".join(f"- {x}" for x in r.references)
    text = (f"{r.summary}\n\nWhy it matters: {r.rationale}\n\nRequirements:\n{refs}\n\nHow to fix: {r.fix}\n\n"
            f"Suppress in .auditor.toml: [[suppress]] rule = \"{r.id}\" reason = \"...\"")
    md = (f"**{r.summary}**\n\n## Why it matters\n\n{r.rationale}\n\n## Requirements\n\n{refs}\n\n"
          f"## How to fix\n\n{r.fix}\n\n## Suppressing\n\n```toml\n[[suppress]]\nrule = \"{r.id}\"\n"
          f"subject = \"...\"  # optional\nreason = \"why this is acceptable\"\n```\n")
    return {"text": text, "markdown": md}


def automation_id(category: str | None, package: str | None, variant: str | None) -> str:
    """runAutomationDetails.id. The trailing "/" makes the whole string the category (SARIF
    3.17.4: the part after the last "/" would be an instance id), so uploads for two variants
    of one package are two categories and do not replace each other."""
    if category:
        return category if category.endswith("/") else category + "/"
    safe = lambda s: re.sub(r"[^A-Za-z0-9._-]+", "-", s or "unknown").strip("-") or "unknown"  # noqa: E731
    return f"auditor/{safe(package)}/{safe(variant)}/"


def sarif_from_findings(findings: list[dict], app_input: dict, policy_input: dict | None, signature_db: dict | None,
                        source_root: Path | None = None, category: str | None = None, app: dict | None = None,
                        sdk_signals: dict[str, list[tuple[str, str]]] | None = None,
                        category_permissions: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """SARIF for finding dicts (the JSON form): used by scan and, for new findings only, by diff.
    `sdk_signals` (SDK id -> [(signal kind, value)]) and `category_permissions` (category id ->
    requested permissions) let --source-root anchor SDK and category findings to their elements."""
    from auditor.report.manifest_source import find_manifest

    rules = all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    artifacts = [{"location": {"uri": app_input["name"]}, "hashes": {"sha-256": app_input["sha256"]},
                  "mimeType": "application/vnd.android.package-archive", "roles": ["analysisTarget"]}]
    if app_input.get("size") is not None:
        artifacts[0]["length"] = app_input["size"]
    if policy_input is not None:
        artifacts.append({"location": {"uri": policy_input["name"]}, "hashes": {"sha-256": policy_input["sha256"]},
                          "roles": ["referencedOnCommandLine"]})
    source = find_manifest(source_root, (app or {}).get("package")) if source_root is not None else None
    if source is not None:
        artifacts.append({"location": {"uri": source.uri, "uriBaseId": "SRCROOT"}, "roles": ["analysisTarget"],
                          "mimeType": "text/xml", "sourceLanguage": "xml"})
    results = []
    for f in findings:
        sev = Severity[f["severity"]]
        if source is not None:
            region = source.region_for(f, sdk_signals or {}, category_permissions or {})
            physical = {"artifactLocation": {"uri": source.uri, "uriBaseId": "SRCROOT", "index": len(artifacts) - 1},
                        "region": region}
        else:
            physical = {"artifactLocation": {"uri": app_input["name"], "index": 0}}
        r: dict[str, Any] = {
            "ruleId": f["rule_id"], "ruleIndex": index[f["rule_id"]], "level": LEVEL[sev],
            "message": {"text": f["message"]},
            "locations": [{"physicalLocation": physical, "logicalLocations": _logical(f)}],
            "partialFingerprints": {"auditorFinding/v1": f["fingerprint"]},
            "properties": {"severity": f["severity"], "confidence": f["confidence"], "subject": f["subject"],
                           "evidence": [e["text"] for e in f["evidence"]]},
        }
        status = f.get("status", "new")
        if status == "suppressed":
            r["suppressions"] = [{"kind": "external", "justification": f.get("suppression_reason") or ""}]
        else:
            r["baselineState"] = "unchanged" if status == "baselined" else "new"
        results.append(r)
    driver: dict[str, Any] = {
        "name": "auditor", "version": __version__, "semanticVersion": __version__,
        "rules": [{
            "id": r.id, "name": r.name, "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.rationale},
            "help": _help(r),
            "defaultConfiguration": {"level": LEVEL[r.severity]},
            "properties": {"precision": r.confidence.name, "security-severity": SECURITY_SEVERITY[r.severity],
                           "tags": ["privacy", "android"] + (["policy"] if r.needs_policy else [])},
        } for r in rules],
    }
    if INFORMATION_URI:
        driver["informationUri"] = INFORMATION_URI
    variant = re.sub(r"\.(apk|apks|xapk|apkm|aab|json)$", "", app_input["name"], flags=re.I)
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": automation_id(category, (app or {}).get("package"), variant)},
        "artifacts": artifacts,
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"signatureDatabase": signature_db},
    }
    if source is not None:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": source.root.resolve().as_uri() + "/"}}
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def sarif_document(result, source_root: Path | None = None, category: str | None = None) -> dict[str, Any]:
    from auditor.report.findings import finding_dict

    facts = result.scan.facts
    db = result.scan.signature_db
    policy = None if result.policy is None else {"name": result.policy.name, "sha256": result.policy.sha256}
    signals = {h.id: [(e.kind, e.value) for e in h.evidence] for h in result.scan.sdks}
    cat_perms: dict[str, list[str]] = {}
    for p in result.scan.permissions:
        for c in p.categories:
            cat_perms.setdefault(c, []).append(p.name)
    return sarif_from_findings([finding_dict(f) for f in result.findings],
                               {"name": facts.input.name, "sha256": facts.input.sha256, "size": facts.input.size},
                               policy, None if db is None else {"version": db.version, "sha256": db.sha256},
                               source_root, category, {"package": facts.manifest.package}, signals, cat_perms)


def sarif_inputs_from_document(doc: dict) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    """SDK signals and category permissions from a scan JSON document (for the diff's SARIF)."""
    signals = {s["id"]: [(e["kind"], e["value"]) for e in s.get("evidence", [])] for s in doc.get("sdks", [])}
    cat_perms: dict[str, list[str]] = {}
    for p in doc.get("permissions", []):
        for c in p.get("categories", []):
            cat_perms.setdefault(c, []).append(p["name"])
    return signals, cat_perms

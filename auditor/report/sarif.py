"""SARIF 2.1.0: one run per invocation. The APK (and the policy) are artifacts with their
SHA-256; manifest elements, SDK packages and API methods are logical locations. An APK is
binary, so no text region is claimed on it; with --source-root, findings are anchored to
lines of the project's AndroidManifest.xml (region.startLine), the physical location
code-scanning services ask for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.rules import all_rules
from auditor.rules.model import Severity

LEVEL = {Severity.high: "error", Severity.medium: "warning", Severity.low: "note", Severity.info: "note"}
SECURITY_SEVERITY = {Severity.high: "8.0", Severity.medium: "5.5", Severity.low: "3.0", Severity.info: "1.0"}


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
        if len(out) >= 6:
            break
    if not out:
        out.append({"name": sid, "kind": "object"})
    return out


def _manifest_lines(root: Path | None) -> tuple[str | None, dict[str, int]]:
    if root is None:
        return None, {}
    candidates = [root / "AndroidManifest.xml", *sorted(root.glob("**/src/main/AndroidManifest.xml"))]
    for c in candidates:
        if c.is_file():
            lines = {}
            for i, line in enumerate(c.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                m = re.search(r'android:name="([^"]+)"', line)
                if m and m.group(1) not in lines:
                    lines[m.group(1)] = i
            return c.relative_to(root).as_posix(), lines
    return None, {}


def sarif_from_findings(findings: list[dict], app_input: dict, policy_input: dict | None, signature_db: dict | None,
                        source_root: Path | None = None) -> dict[str, Any]:
    """SARIF for finding dicts (the JSON form): used by scan and, for new findings only, by diff."""
    rules = all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    artifacts = [{"location": {"uri": app_input["name"]}, "hashes": {"sha-256": app_input["sha256"]},
                  "mimeType": "application/vnd.android.package-archive", "roles": ["analysisTarget"]}]
    if app_input.get("size") is not None:
        artifacts[0]["length"] = app_input["size"]
    if policy_input is not None:
        artifacts.append({"location": {"uri": policy_input["name"]}, "hashes": {"sha-256": policy_input["sha256"]},
                          "roles": ["referencedOnCommandLine"]})
    manifest_uri, lines = _manifest_lines(source_root)
    if manifest_uri:
        artifacts.append({"location": {"uri": manifest_uri, "uriBaseId": "SRCROOT"}, "roles": ["analysisTarget"]})
    results = []
    for f in findings:
        sev = Severity[f["severity"]]
        if manifest_uri:
            physical = {"artifactLocation": {"uri": manifest_uri, "uriBaseId": "SRCROOT", "index": len(artifacts) - 1},
                        "region": {"startLine": lines.get(f["subject"]["id"], 1)}}
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
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "auditor", "version": __version__, "semanticVersion": __version__,
            "rules": [{
                "id": r.id, "name": r.name, "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.rationale},
                "help": {"text": f"{r.summary} {r.fix}", "markdown": f"**{r.summary}**\n\n{r.rationale}\n\nFix: {r.fix}"},
                "helpUri": f"docs/rules/{r.id}.md",
                "defaultConfiguration": {"level": LEVEL[r.severity]},
                "properties": {"precision": r.confidence.name, "security-severity": SECURITY_SEVERITY[r.severity],
                               "tags": ["privacy", "android"] + (["policy"] if r.needs_policy else [])},
            } for r in rules],
        }},
        "artifacts": artifacts,
        "invocations": [{"executionSuccessful": True}],
        "results": results,
        "properties": {"signatureDatabase": signature_db},
    }
    if manifest_uri:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": source_root.resolve().as_uri() + "/"}}
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def sarif_document(result, source_root: Path | None = None) -> dict[str, Any]:
    from auditor.report.findings import finding_dict

    facts = result.scan.facts
    db = result.scan.signature_db
    policy = None if result.policy is None else {"name": result.policy.name, "sha256": result.policy.sha256}
    return sarif_from_findings([finding_dict(f) for f in result.findings],
                               {"name": facts.input.name, "sha256": facts.input.sha256, "size": facts.input.size},
                               policy, None if db is None else {"version": db.version, "sha256": db.sha256},
                               source_root)

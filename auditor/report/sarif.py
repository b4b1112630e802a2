"""SARIF 2.1.0: one run per invocation. The APK (and the policy) are artifacts with their
SHA-256; manifest elements, SDK packages and API methods are logical locations. An APK is
binary, so no text region is claimed on it; with --source-root, findings are anchored to
lines of the project's AndroidManifest.xml so code-scanning services can show them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.rules import all_rules
from auditor.rules.model import Severity

LEVEL = {Severity.high: "error", Severity.medium: "warning", Severity.low: "note", Severity.info: "note"}
SECURITY_SEVERITY = {Severity.high: "8.0", Severity.medium: "5.5", Severity.low: "3.0", Severity.info: "1.0"}


def _logical(f) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if f.subject_kind == "permission":
        out.append({"name": f.subject_id, "fullyQualifiedName": f"AndroidManifest.xml/uses-permission[{f.subject_id}]",
                    "kind": "element"})
    elif f.subject_kind == "sdk":
        pkgs = [e.loc().get("value") for e in f.evidence if e.kind == "sdk" and e.loc().get("signal") == "package"]
        out.append({"name": f.subject_id, "fullyQualifiedName": pkgs[0] if pkgs else f.subject_id, "kind": "namespace"})
    elif f.subject_kind == "app":
        out.append({"name": f.subject_id, "fullyQualifiedName": f"AndroidManifest.xml/{f.subject_id}", "kind": "attribute"})
    for e in f.evidence:
        if e.kind == "call_site" and e.loc().get("api"):
            out.append({"name": e.loc()["api"].split("->")[-1].split("(")[0], "fullyQualifiedName": e.loc()["api"],
                        "kind": "function"})
        if len(out) >= 6:
            break
    if not out:
        out.append({"name": f.subject_id, "kind": "object"})
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


def sarif_document(result, source_root: Path | None = None) -> dict[str, Any]:
    rules = all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    facts = result.scan.facts
    artifacts = [{"location": {"uri": facts.input.name}, "hashes": {"sha-256": facts.input.sha256},
                  "length": facts.input.size, "mimeType": "application/vnd.android.package-archive",
                  "roles": ["analysisTarget"]}]
    if result.policy is not None:
        artifacts.append({"location": {"uri": result.policy.name}, "hashes": {"sha-256": result.policy.sha256},
                          "roles": ["referencedOnCommandLine"]})
    manifest_uri, lines = _manifest_lines(source_root)
    if manifest_uri:
        artifacts.append({"location": {"uri": manifest_uri, "uriBaseId": "SRCROOT"}, "roles": ["analysisTarget"]})
    results = []
    for f in result.findings:
        if manifest_uri:
            line = lines.get(f.subject_id, 1)
            physical = {"artifactLocation": {"uri": manifest_uri, "uriBaseId": "SRCROOT", "index": len(artifacts) - 1},
                        "region": {"startLine": line}}
        else:
            physical = {"artifactLocation": {"uri": facts.input.name, "index": 0}}
        r: dict[str, Any] = {
            "ruleId": f.rule_id, "ruleIndex": index[f.rule_id], "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": physical, "logicalLocations": _logical(f)}],
            "partialFingerprints": {"auditorFinding/v1": f.fingerprint},
            "properties": {"severity": f.severity.name, "confidence": f.confidence.name,
                           "subject": {"kind": f.subject_kind, "id": f.subject_id},
                           "evidence": [e.text for e in f.evidence]},
        }
        if f.status == "suppressed":
            r["suppressions"] = [{"kind": "external", "justification": f.suppression_reason or ""}]
        elif f.status == "baselined":
            r["baselineState"] = "unchanged"
        else:
            r["baselineState"] = "new"
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
        "properties": {"signatureDatabase": None if result.scan.signature_db is None else {
            "version": result.scan.signature_db.version, "sha256": result.scan.signature_db.sha256}},
    }
    if manifest_uri:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": source_root.resolve().as_uri() + "/"}}
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}

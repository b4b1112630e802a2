"""Markdown report: for a merge request or a ticket."""

from __future__ import annotations

from auditor.report.findings import SEVERITY_ORDER, matrix


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(result) -> str:
    f = result.scan.facts
    m = f.manifest
    out = [f"# Privacy audit: {m.package} {m.version_name or ''} ({m.version_code})", ""]
    out.append(f"- app: `{f.input.name}` (sha256 `{f.input.sha256[:16]}…`), targetSdk {m.target_sdk}")
    out.append(f"- policy: `{result.policy.name}` ({result.policy.language})" if result.policy else "- policy: none given")
    counts = result.counts()
    out.append(f"- findings: " + ", ".join(f"{n} {s}" for s, n in counts.items())
               + f"; fail on {result.settings.fail_on.name}: **{'FAIL' if result.failed else 'pass'}**")
    out.append("")
    for sev in SEVERITY_ORDER:
        group = [x for x in result.findings if x.severity == sev and x.status == "new"]
        if not group:
            continue
        out.append(f"## {sev.name.capitalize()} ({len(group)})")
        out.append("")
        for x in group:
            out.append(f"- **{x.rule_id} {x.name}** ({x.confidence.name} confidence): {x.message}")
            for e in x.evidence:
                label = "app" if e.side == "app" else "policy"
                out.append(f"  - {label}: {_cell(e.text)}")
        out.append("")
    hidden = [x for x in result.findings if x.status != "new"]
    if hidden:
        out.append(f"_{len(hidden)} finding(s) baselined or suppressed are not shown._")
        out.append("")
    if result.checklist:
        out.append("## SDK disclosure checklist")
        out.append("")
        out.append("| SDK | vendor | purpose | data collected | permissions | privacy policy | in policy |")
        out.append("|---|---|---|---|---|---|---|")
        for r in result.checklist:
            perms = ", ".join(p.replace("android.permission.", "") for p in r.permissions)
            out.append(f"| {_cell(r.name)} | {_cell(r.vendor)} | {_cell(r.purpose)} | {_cell('; '.join(r.data))} | "
                       f"{_cell(perms)} | {_cell(r.privacy_policy)} | {r.in_policy} |")
        out.append("")
    cols, rows = matrix(result)
    if rows:
        out.append("## Permissions, SDKs and data")
        out.append("")
        out.append("| permission | categories | SDKs that need it | accessed in code by | policy |")
        out.append("|---|---|---|---|---|")
        for r in rows:
            out.append(f"| {r['permission'].replace('android.permission.', '')} | {', '.join(r['categories'])} | "
                       f"{', '.join(r['sdks']) or '-'} | {', '.join(r['accessed_by']) or '-'} | {r['policy']} |")
        out.append("")
    return "\n".join(out)

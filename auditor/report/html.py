"""A single self-contained HTML page a compliance reviewer can open and send: summary
counts, findings with app evidence and policy quotes side by side, the permission x SDK
x category matrix and the SDK disclosure checklist. No scripts, no external resources."""

from __future__ import annotations

from html import escape

from auditor.report.findings import SEVERITY_ORDER, matrix

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans SC",sans-serif;margin:2rem;color:#1f2328;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #d0d7de;padding:.35rem .5rem;
vertical-align:top;text-align:left}th{background:#f6f8fa}.sev{font-weight:600;border-radius:4px;padding:0 .4rem}
.high{background:#ffebe9;color:#a40e26}.medium{background:#fff8c5;color:#7d4e00}.low{background:#ddf4ff;color:#0a3069}
.info{background:#f6f8fa;color:#57606a}.counts span{margin-right:1rem}.q{font-style:italic}.fail{color:#a40e26;font-weight:700}
.pass{color:#1a7f37;font-weight:700}code{font-size:.85em}#findings td:nth-child(3){min-width:14rem}ul{margin:.2rem 0;padding-left:1.1rem}
"""


def _ul(items) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>" if items else "<em>none</em>"


def render_html(result) -> str:
    f = result.scan.facts
    m = f.manifest
    counts = result.counts()
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Privacy audit: {escape(m.package)}</title><style>{CSS}</style></head><body>",
             f"<h1>Privacy audit: {escape(m.package)} {escape(m.version_name or '')} ({m.version_code})</h1>",
             f"<p>App <code>{escape(f.input.name)}</code>, sha256 <code>{f.input.sha256}</code>, targetSdk {m.target_sdk}. "
             + (f"Policy <code>{escape(result.policy.name)}</code> ({escape(result.policy.language)})."
                if result.policy else "No policy given: app-only checks.") + "</p>",
             '<p class="counts" id="summary">' + "".join(
                 f'<span class="sev {s}">{n} {s}</span>' for s, n in counts.items())
             + f' <span class="{"fail" if result.failed else "pass"}">'
               f'{"FAIL" if result.failed else "PASS"} (fail on {result.settings.fail_on.name})</span></p>',
             "<h2>Findings</h2>",
             '<table id="findings"><thead><tr><th>severity</th><th>rule</th><th>finding</th>'
             "<th>app evidence</th><th>policy evidence</th></tr></thead><tbody>"]
    for sev in SEVERITY_ORDER:
        for x in (y for y in result.findings if y.severity == sev and y.status == "new"):
            app = [escape(e.text) for e in x.evidence if e.side == "app"]
            pol = [(f'<span class="q">“{escape(e.text)}”</span>' + (f" <small>[{escape(str(e.loc().get('section')))}]</small>"
                    if e.loc().get("section") else "")) if e.kind == "quote" else escape(e.text)
                   for e in x.evidence if e.side == "policy"]
            parts.append(f'<tr data-rule="{x.rule_id}" data-severity="{sev.name}"><td><span class="sev {sev.name}">'
                         f"{sev.name}</span><br><small>{x.confidence.name} confidence</small></td>"
                         f"<td><code>{x.rule_id}</code><br>{escape(x.name)}</td><td>{escape(x.message)}</td>"
                         f"<td>{_ul(app)}</td><td>{_ul(pol)}</td></tr>")
    parts.append("</tbody></table>")
    hidden = [x for x in result.findings if x.status != "new"]
    if hidden:
        parts.append(f"<p>{len(hidden)} finding(s) baselined or suppressed are not shown.</p>")
    cols, rows = matrix(result)
    parts.append('<h2>Permissions × SDKs × data</h2><table id="matrix"><thead><tr><th>permission</th><th>categories</th>'
                 "<th>SDKs that need it</th><th>accessed in code by</th><th>policy</th></tr></thead><tbody>")
    for r in rows:
        parts.append(f"<tr><td><code>{escape(r['permission'])}</code></td><td>{escape(', '.join(r['categories']))}</td>"
                     f"<td>{escape(', '.join(r['sdks']) or '-')}</td><td>{escape(', '.join(r['accessed_by']) or '-')}</td>"
                     f"<td>{escape(r['policy'])}</td></tr>")
    parts.append("</tbody></table>")
    parts.append('<h2>SDK disclosure checklist</h2><p>The table the policy should contain, derived from what was '
                 'detected.</p><table id="checklist"><thead><tr><th>SDK</th><th>vendor</th><th>purpose</th>'
                 "<th>data collected</th><th>permissions</th><th>privacy policy</th><th>in policy</th></tr></thead><tbody>")
    for r in result.checklist:
        parts.append(f"<tr><td>{escape(r.name)}</td><td>{escape(r.vendor)}</td><td>{escape(r.purpose)}</td>"
                     f"<td>{escape('; '.join(r.data))}</td>"
                     f"<td>{escape(', '.join(p.replace('android.permission.', '') for p in r.permissions))}</td>"
                     f"<td>{escape(r.privacy_policy)}</td><td>{escape(r.in_policy)}</td></tr>")
    parts.append("</tbody></table>")
    db = result.scan.signature_db
    parts.append(f"<p><small>auditor {escape(result.scan.tool_version)}; signature database "
                 f"{escape(db.version if db else '-')} ({escape(db.sha256[:12] if db else '-')})</small></p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

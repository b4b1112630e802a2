"""`auditor batch report`: one self-contained HTML dashboard over a store (inline SVG
bar charts, no scripts, no external resources), plus one small HTML page per app built
from its stored JSON document, linked from the dashboard."""

from __future__ import annotations

from html import escape
from pathlib import Path

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans SC",sans-serif;margin:2rem;color:#1f2328;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f6f8fa}.tiles{display:flex;gap:1rem;flex-wrap:wrap}
.tile{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;min-width:8rem}.tile b{display:block;font-size:1.6rem}
.fail{color:#a40e26;font-weight:700}.pass{color:#1a7f37;font-weight:700}.err{color:#7d4e00}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:1rem}svg text{font-size:12px;font-family:inherit}
"""


def _bars(title: str, items: list[tuple[str, int]], total: int, color: str = "#0969da", limit: int = 15) -> str:
    """A horizontal bar chart as inline SVG: label, bar, count (and share of `total`)."""
    items = items[:limit]
    if not items:
        return f"<div><h3>{escape(title)}</h3><p><em>none</em></p></div>"
    w, lw, row = 560, 210, 20
    h = row * len(items) + 6
    top = max(n for _, n in items) or 1
    out = [f'<div><h3>{escape(title)}</h3><svg role="img" aria-label="{escape(title)}" width="{w}" height="{h}" '
           f'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n) in enumerate(items):
        y = i * row + 3
        bw = max(1, int((w - lw - 90) * n / top))
        share = f" ({100 * n / total:.0f}%)" if total else ""
        out.append(f'<text x="{lw - 6}" y="{y + 13}" text-anchor="end">{escape(label[:32])}</text>'
                   f'<rect x="{lw}" y="{y}" width="{bw}" height="{row - 6}" fill="{color}"><title>{escape(label)}: '
                   f'{n}</title></rect><text x="{lw + bw + 4}" y="{y + 13}">{n}{share}</text>')
    out.append("</svg></div>")
    return "".join(out)


def _app_page(doc: dict, row) -> str:
    app = doc.get("app") or {}
    summ = doc.get("summary") or {}
    counts = summ.get("counts") or {}
    pol = (doc.get("policy") or {}).get("input") or {}
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{escape(str(app.get('package')))}</title><style>{CSS}</style></head><body>",
             '<p><a href="../' + escape(row["dashboard"]) + '">&larr; dashboard</a></p>',
             f"<h1>{escape(str(app.get('package')))} {escape(str(app.get('version_name') or ''))} "
             f"({app.get('version_code')})</h1>",
             f"<p>Input <code>{escape(row['input_path'] or '')}</code>, sha256 <code>{escape(row['input_sha256'])}</code>, "
             f"targetSdk {app.get('target_sdk')}; policy: {escape(pol.get('name') or 'none')}.</p>",
             "<p>" + " ".join(f"{n} {s}" for s, n in counts.items())
             + f' <span class="{"fail" if summ.get("failed") else "pass"}">'
               f'{"FAIL" if summ.get("failed") else "PASS"} (fail on {escape(str(summ.get("fail_on")))})</span></p>',
             "<h2>Findings</h2><table><thead><tr><th>severity</th><th>rule</th><th>finding</th><th>evidence</th>"
             "</tr></thead><tbody>"]
    for f in doc.get("findings", []):
        if f.get("status", "new") != "new":
            continue
        ev = "<br>".join(f"[{escape(e['side'])}] {escape(e['text'])}" for e in f.get("evidence", [])[:6])
        parts.append(f"<tr><td>{escape(f['severity'])}</td><td><code>{escape(f['rule_id'])}</code></td>"
                     f"<td>{escape(f['message'])}</td><td>{ev}</td></tr>")
    parts.append("</tbody></table><h2>SDKs</h2><table><thead><tr><th>SDK</th><th>vendor</th><th>category</th>"
                 "<th>confidence</th></tr></thead><tbody>")
    for s in doc.get("sdks", []):
        parts.append(f"<tr><td>{escape(s['name'])}</td><td>{escape(s.get('vendor') or '')}</td>"
                     f"<td>{escape(s.get('category') or '')}</td><td>{escape(str(s.get('confidence')))}</td></tr>")
    parts.append("</tbody></table><h2>Dangerous permissions</h2><ul>")
    for p in doc.get("permissions", []):
        if p.get("protection_level") == "dangerous":
            parts.append(f"<li><code>{escape(p['name'])}</code></li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"


def write_dashboard(store, output: Path, app_reports: bool = True) -> int:
    db = store.db
    rows = [dict(r) for r in store.rows()]
    total = len(rows)
    ok = [r for r in rows if r["status"] == "ok"]
    bad = [r for r in rows if r["status"] != "ok"]
    failing = sum(1 for r in ok if r["failed"])
    folder = output.with_name(output.stem + "-apps")
    links: dict[int, str] = {}
    if app_reports and ok:
        folder.mkdir(parents=True, exist_ok=True)
        for r in ok:
            doc = store.document(r["id"])
            if doc is None:
                continue
            name = f"{r['input_sha256'][:16]}-{r['id']}.html"
            (folder / name).write_text(_app_page(doc, {**r, "dashboard": output.name}), encoding="utf-8")
            links[r["id"]] = f"{folder.name}/{name}"
    n_ok = len(ok) or 1

    def q(sql: str) -> list[tuple[str, int]]:
        return [(str(a), int(b)) for a, b in db.execute(sql)]

    by_rule = q("SELECT f.rule_id, count(DISTINCT f.audit_id) n FROM audit_findings f JOIN audits a ON a.id=f.audit_id "
                "WHERE f.status='new' GROUP BY f.rule_id ORDER BY n DESC, f.rule_id")
    by_sdk = q("SELECT sdk_id, count(DISTINCT audit_id) n FROM audit_sdks GROUP BY sdk_id ORDER BY n DESC, sdk_id")
    by_vendor = q("SELECT coalesce(vendor,'?'), count(DISTINCT audit_id) n FROM audit_sdks GROUP BY vendor "
                  "ORDER BY n DESC, vendor")
    by_cat = q("SELECT coalesce(category,'?'), count(DISTINCT audit_id) n FROM audit_sdks GROUP BY category "
               "ORDER BY n DESC, category")
    by_perm = q("SELECT replace(permission,'android.permission.',''), count(DISTINCT audit_id) n FROM audit_permissions "
                "WHERE dangerous=1 GROUP BY permission ORDER BY n DESC, permission")
    slow = sorted((r for r in rows if r["seconds"] is not None), key=lambda r: -r["seconds"])[:10]
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>auditor batch: {total} apps</title><style>{CSS}</style></head><body>",
             f"<h1>auditor batch dashboard: {escape(store.path.name)}</h1>",
             '<div class="tiles" id="totals">'
             f'<div class="tile">inputs<b>{total}</b></div><div class="tile">audited<b>{len(ok)}</b></div>'
             f'<div class="tile">failing audit<b class="fail">{failing}</b>{100 * failing / n_ok:.1f}% of audited</div>'
             f'<div class="tile">not audited<b class="err">{len(bad)}</b>'
             f'failure rate {100 * len(bad) / (total or 1):.1f}%</div></div>',
             '<h2>Findings by rule</h2><div class="charts">'
             + _bars("apps with a new finding, by rule", by_rule, len(ok), "#cf222e") + "</div>",
             '<h2>SDK prevalence</h2><div class="charts">' + _bars("by SDK", by_sdk, len(ok))
             + _bars("by vendor", by_vendor, len(ok)) + _bars("by category", by_cat, len(ok)) + "</div>",
             '<h2>Dangerous-permission prevalence</h2><div class="charts">'
             + _bars("apps requesting it", by_perm, len(ok), "#8250df") + "</div>",
             '<h2>Slowest inputs</h2><table id="slowest"><thead><tr><th>seconds</th><th>peak RSS (MiB)</th>'
             "<th>input</th><th>status</th></tr></thead><tbody>"]
    for r in slow:
        parts.append(f"<tr><td>{r['seconds']:.2f}</td><td>{(r['peak_rss'] or 0) / 2**20:.0f}</td>"
                     f"<td>{escape(r['input_path'] or '')}</td><td>{r['status']}</td></tr>")
    parts.append('</tbody></table><h2>Inputs not audited</h2><table id="failed"><thead><tr><th>status</th>'
                 "<th>input</th><th>reason</th></tr></thead><tbody>")
    for r in bad:
        parts.append(f"<tr><td class=\"err\">{r['status']}</td><td>{escape(r['input_path'] or '')}</td>"
                     f"<td>{escape(r['reason'] or '')}</td></tr>")
    parts.append('</tbody></table><h2>Apps</h2><table id="apps"><thead><tr><th>package</th><th>version</th>'
                 "<th>verdict</th><th>high</th><th>medium</th><th>low</th><th>input</th></tr></thead><tbody>")
    for r in ok:
        pkg = escape(r["package"] or "?")
        cell = f'<a href="{escape(links[r["id"]])}">{pkg}</a>' if r["id"] in links else pkg
        parts.append(f"<tr><td>{cell}</td><td>{escape(str(r['version_name'] or ''))} ({r['version_code']})</td>"
                     f'<td class="{"fail" if r["failed"] else "pass"}">{"FAIL" if r["failed"] else "pass"}</td>'
                     f"<td>{r['high']}</td><td>{r['medium']}</td><td>{r['low']}</td>"
                     f"<td>{escape(r['input_path'] or '')}</td></tr>")
    parts.append("</tbody></table></body></html>")
    output.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return total

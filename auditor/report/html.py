"""A single self-contained HTML page a compliance reviewer can open and send: app identity
and flags, an inline SVG summary, findings with app evidence and policy quotes side by
side, every permission with its data categories, exported components, SDKs, data access
with call sites in Java form (smali on demand), the permission x SDK x category matrix and
the SDK disclosure checklist. No scripts, no external resources, no network fonts; the
font stack names a CJK face present on each desktop system; the page fits 1280 px.
Labels in English or Chinese (`lang`, default: the policy's language)."""

from __future__ import annotations

import re
from html import escape

from auditor.report.findings import SEVERITY_ORDER, views

# CJK-capable faces by platform (macOS: PingFang / Hiragino; Windows: Microsoft YaHei;
# Linux: Noto Sans CJK (Debian/Ubuntu fonts-noto-cjk), Source Han Sans, WenQuanYi), after
# the Latin UI faces, so Latin text keeps the system look and Han characters never fall
# through to a box.
FONT_STACK = ('system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB",'
              '"Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei",'
              '"Droid Sans Fallback",sans-serif')
MONO_STACK = 'ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","Noto Sans Mono CJK SC",monospace'

CSS = f"""
*{{box-sizing:border-box}}
body{{font-family:{FONT_STACK};margin:0 auto;padding:1.5rem;color:#1f2328;max-width:1240px;line-height:1.45}}
code,pre{{font-family:{MONO_STACK};font-size:.85em;overflow-wrap:anywhere;word-break:break-word}}
h1{{font-size:1.5rem;margin:.2rem 0 1rem}}h2{{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}}
table{{border-collapse:collapse;width:100%;font-size:.86rem;table-layout:fixed}}
td,th{{border:1px solid #d0d7de;padding:.3rem .45rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}}
th{{background:#f6f8fa}}.sev{{font-weight:600;border-radius:4px;padding:0 .4rem;white-space:nowrap}}
.high{{background:#ffebe9;color:#a40e26}}.medium{{background:#fff8c5;color:#7d4e00}}.low{{background:#ddf4ff;color:#0a3069}}
.info{{background:#f6f8fa;color:#57606a}}.counts span{{margin-right:1rem}}.q{{font-style:italic}}
.fail{{color:#a40e26;font-weight:700}}.pass{{color:#1a7f37;font-weight:700}}
ul{{margin:.2rem 0;padding-left:1.1rem}}details summary{{cursor:pointer;color:#57606a;font-size:.8em}}
#identity{{width:auto;min-width:50%}}#identity th{{width:14rem}}svg{{max-width:100%;height:auto;display:block}}
.charts{{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}}.yes{{color:#a40e26;font-weight:600}}
"""

LABELS = {
    "en": {
        "title": "Privacy audit", "identity": "App", "package": "package", "label": "label", "version": "version",
        "sdk_levels": "SDK levels", "flags": "flags", "input": "input", "policy": "policy", "signatures": "signatures",
        "no_policy": "none given: app-only checks", "summary": "Summary", "findings": "Findings",
        "severity": "severity", "rule": "rule", "finding": "finding", "app_evidence": "app evidence",
        "policy_evidence": "policy evidence", "confidence": "confidence", "hidden": "finding(s) baselined or suppressed are not shown.",
        "permissions": "Permissions", "permission": "permission", "zh_name": "Chinese name", "protection": "protection",
        "categories": "data categories", "source": "declared by", "notes": "notes", "needed_by": "SDKs that need it",
        "components": "Exported components", "kind": "kind", "name": "name", "why": "why exported",
        "guard": "permission guard", "actions": "intent actions", "sdks": "Third-party SDKs", "vendor": "vendor",
        "category": "category", "evidence": "evidence", "privacy_policy": "privacy policy", "data": "Data access in code",
        "accessor": "accessed by", "calls": "call sites", "matrix": "Permissions × SDKs × data",
        "accessed_by": "accessed in code by", "checklist": "SDK disclosure checklist",
        "checklist_intro": "The table the policy should contain, derived from what was detected.",
        "purpose": "purpose", "data_collected": "data collected", "in_policy": "in policy", "none": "none",
        "chart_severity": "Findings by severity", "chart_data": "Data categories by who accesses them",
        "app_code": "app code", "unknown": "unknown third party", "library": "library", "yes": "yes", "no": "no",
        "smali": "smali", "debuggable": "debuggable", "allow_backup": "allowBackup", "cleartext": "cleartext traffic",
        "nsc": "network security config", "test_only": "testOnly", "no_code": "Code was not scanned (--no-code).",
        "incomplete": "not analysed (verdict incomplete)",
        "sev": {"high": "high", "medium": "medium", "low": "low", "info": "info"},
    },
    "zh": {
        "title": "隐私合规审计", "identity": "应用信息", "package": "包名", "label": "应用名称", "version": "版本",
        "sdk_levels": "SDK 版本", "flags": "安全标志", "input": "安装包", "policy": "隐私政策", "signatures": "SDK 特征库",
        "no_policy": "未提供：仅检查应用本身", "summary": "概览", "findings": "发现的问题", "severity": "严重程度",
        "rule": "规则", "finding": "问题", "app_evidence": "应用侧证据", "policy_evidence": "隐私政策侧证据",
        "confidence": "置信度", "hidden": "条已列入基线或已豁免的问题未显示。", "permissions": "权限",
        "permission": "权限", "zh_name": "中文名称", "protection": "保护级别", "categories": "个人信息类别",
        "source": "声明方式", "notes": "说明", "needed_by": "需要该权限的 SDK", "components": "导出的组件",
        "kind": "类型", "name": "名称", "why": "导出原因", "guard": "权限保护", "actions": "Intent 动作",
        "sdks": "第三方 SDK", "vendor": "第三方主体", "category": "类型", "evidence": "识别依据",
        "privacy_policy": "隐私政策链接", "data": "代码中的个人信息访问", "accessor": "访问方", "calls": "调用位置",
        "matrix": "权限 × SDK × 个人信息", "accessed_by": "代码中的访问方", "checklist": "SDK 披露核对清单",
        "checklist_intro": "根据检测结果，隐私政策应包含的第三方 SDK 列表。", "purpose": "使用目的",
        "data_collected": "收集的个人信息", "in_policy": "政策中的披露", "none": "无",
        "chart_severity": "按严重程度统计的问题", "chart_data": "各类个人信息的访问方", "app_code": "应用自身代码",
        "unknown": "未识别的第三方", "library": "通用库", "yes": "是", "no": "否", "smali": "smali 形式",
        "debuggable": "可调试 (debuggable)", "allow_backup": "允许备份 (allowBackup)",
        "cleartext": "明文流量 (cleartext)", "nsc": "网络安全配置", "test_only": "仅测试 (testOnly)",
        "no_code": "未扫描代码（--no-code）。", "incomplete": "未能分析（结论不完整）",
        "sev": {"high": "高", "medium": "中", "low": "低", "info": "提示"},
    },
}

SEV_COLOURS = {"high": "#cf222e", "medium": "#bf8700", "low": "#0969da", "info": "#8c959f"}
PALETTE = ["#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#1b7c83", "#953800", "#57606a"]
_URL = re.compile(r"https?://[^\s<>\"'“”）)，,；;]+")


def linked(text) -> str:
    """Escape text and turn every http(s) URL in it into a link."""
    s = "" if text is None else str(text)
    out, pos = [], 0
    for m in _URL.finditer(s):
        url = m.group(0).rstrip(".")
        out.append(escape(s[pos:m.start()]))
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        pos = m.start() + len(url)
    out.append(escape(s[pos:]))
    return "".join(out)


def _ul(items, none: str) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>" if items else f"<em>{none}</em>"


def _call(api: str, api_java: str, caller: str, caller_java: str, t, who: str = "") -> str:
    """A call site in Java form, its smali form (API and caller) one click away."""
    smali = [x for x, j in ((api, api_java), (caller, caller_java)) if x and x != j]
    return (f"<code>{escape(api_java)}</code> in <code>{escape(caller_java)}</code>"
            + (f" <small>[{escape(who)}]</small>" if who else "")
            + (f'<details><summary>{t["smali"]}</summary>' + "<br>".join(f"<code>{escape(x)}</code>" for x in smali)
               + "</details>" if smali else ""))


def _evidence(e, t) -> str:
    from auditor.views import java_form

    loc = e.loc()
    if e.kind == "call_site" and loc.get("api"):
        who = e.text[e.text.rfind("[") + 1:-1] if e.text.endswith("]") else ""
        caller = loc.get("caller") or ""
        return _call(loc["api"], java_form(loc["api"]), caller, java_form(caller, qualified=True), t, who)
    if e.kind == "manifest":
        return f"<code>{escape(e.text)}</code>"
    if e.kind == "quote":
        sec = loc.get("section")
        return f'<span class="q">“{linked(e.text)}”</span>' + (f" <small>[{escape(str(sec))}]</small>" if sec else "")
    return linked(e.text)


def _bar_chart(title: str, rows: list[tuple[str, list[tuple[str, int, str]]]], svg_id: str, width: int = 560) -> str:
    """Horizontal (stacked) bars: rows of (label, [(segment name, value, colour)]). Text is escaped."""
    label_w, bar_h, gap = 190, 18, 8
    total_max = max([sum(v for _n, v, _c in segs) for _l, segs in rows] + [1])
    scale = (width - label_w - 40) / total_max
    height = 28 + len(rows) * (bar_h + gap)
    parts = [f'<svg id="{svg_id}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f'<text x="0" y="16" font-size="14" font-weight="600" fill="#1f2328">{escape(title)}</text>']
    y = 28
    for label, segs in rows:
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" font-size="12" text-anchor="end" fill="#1f2328">'
                     f"{escape(label)}</text>")
        x = float(label_w)
        for name, value, colour in segs:
            w = max(value * scale, 1.0)
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" '
                         f'data-segment="{escape(name)}" data-value="{value}"><title>{escape(name)}: {value}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="12" fill="#57606a">'
                     f"{sum(v for _n, v, _c in segs)}</text>")
        y += bar_h + gap
    parts.append("</svg>")
    return "".join(parts)


def _charts(result, v, t) -> str:
    counts = result.counts()
    sev_rows = [(t["sev"][s], [(t["sev"][s], n, SEV_COLOURS[s])]) for s, n in counts.items()]
    out = [_bar_chart(t["chart_severity"], sev_rows, "chart-severity", 420)]
    accessed = [d for d in v.data if d.accessors]
    if accessed:
        colours: dict[str, str] = {}

        def who(a):
            if a.party == "app":
                return t["app_code"], "#1a7f37"
            if a.party == "third_party":
                return f"{t['unknown']} {a.id}", "#cf222e"
            if a.party == "library":
                return f"{t['library']} {a.id}", "#8c959f"
            if a.name not in colours:
                colours[a.name] = [c for c in PALETTE if c not in ("#1a7f37", "#cf222e")][len(colours) % 7]
            return a.name, colours[a.name]

        rows = []
        for d in accessed:
            segs = []
            for a in d.accessors:
                name, colour = who(a)
                segs.append((name, a.count, colour))
            rows.append((d.zh if t is LABELS["zh"] else d.name, segs))
        legend = {}
        for _l, segs in rows:
            for name, _v, colour in segs:
                legend.setdefault(name, colour)
        chart = _bar_chart(t["chart_data"], rows, "chart-data", 640)
        keys = "".join(f'<span style="margin-right:1rem"><span style="display:inline-block;width:.8rem;height:.8rem;'
                       f'background:{c};margin-right:.3rem"></span>{escape(n)}</span>' for n, c in legend.items())
        out.append(f'<div style="max-width:660px">{chart}<p><small>{keys}</small></p></div>')
    return '<div class="charts">' + "".join(out) + "</div>"


def pick_lang(result, lang: str | None) -> str:
    if lang in LABELS:
        return lang
    pol = getattr(result.policy, "language", None) if result.policy is not None else None
    return "zh" if pol == "zh" else "en"


def _table(tid: str, headers: list[str], rows: list[list[str]], widths: list[str] | None = None) -> str:
    cols = "<colgroup>" + "".join(f'<col style="width:{w}">' for w in widths) + "</colgroup>" if widths else ""
    return (f'<table id="{tid}">{cols}<thead><tr>' + "".join(f"<th>{h}</th>" for h in headers) + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</tbody></table>")


def render_html(result, lang: str | None = None) -> str:
    from auditor.knowledge import categories
    from auditor.sdk import load_database

    lang = pick_lang(result, lang)
    t = LABELS[lang]
    cats = categories()
    cname = lambda c: (cats[c].zh if lang == "zh" else cats[c].name) if c in cats else c  # noqa: E731
    f = result.scan.facts
    m = f.manifest
    v = views(result)
    counts = result.counts()
    yes = lambda b: f'<span class="yes">{t["yes"]}</span>' if b else t["no"]  # noqa: E731
    fl = m.flags
    version = " ".join(x for x in (m.version_name, f"(versionCode {m.version_code})" if m.version_code is not None else "") if x)
    db = result.scan.signature_db
    identity = [
        [t["package"], f"<code>{escape(m.package)}</code>"],
        *([[t["label"], escape(m.label)]] if m.label else []),
        [t["version"], escape(version or "–")],
        [t["sdk_levels"], escape(f"min {m.min_sdk}, target {m.target_sdk}" + (f", compile {m.compile_sdk}" if m.compile_sdk else ""))],
        [t["flags"], "<br>".join([f"{t['debuggable']}: {yes(fl.debuggable)}", f"{t['allow_backup']}: {yes(fl.allow_backup)}",
                                  f"{t['cleartext']}: {yes(fl.uses_cleartext_traffic) if fl.uses_cleartext_traffic is not None else '–'}",
                                  f"{t['nsc']}: {escape(fl.network_security_config or '–')}", f"{t['test_only']}: {yes(fl.test_only)}"])],
        [t["input"], f"<code>{escape(f.input.name)}</code> ({escape(f.input.kind)}, {f.input.size} bytes)<br>"
                     f"sha256 <code>{f.input.sha256}</code>"],
        [t["policy"], (f"<code>{linked(result.policy.name)}</code> ({escape(result.policy.language)})" if result.policy
                       else t["no_policy"])],
        [t["signatures"], escape(f"{db.version} ({db.count} SDKs, {db.sha256[:12]})") if db else "–"],
    ]
    gaps = getattr(f, "incomplete", ())
    if gaps:
        identity.append([t["incomplete"], '<span class="yes">' + "<br>".join(
            f"<code>{escape(g.file)}</code>: {escape(g.reason)}" for g in gaps) + "</span>"])
    title = f"{t['title']}: {m.package}"
    parts = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
             f"<h1>{escape(title)} {escape(m.version_name or '')}</h1>",
             f"<h2>{t['identity']}</h2>",
             '<table id="identity"><tbody>' + "".join(f"<tr><th>{k}</th><td>{val}</td></tr>" for k, val in identity)
             + "</tbody></table>",
             f"<h2>{t['summary']}</h2>",
             '<p class="counts" id="summary">' + "".join(
                 f'<span class="sev {s}">{n} {t["sev"][s]}</span>' for s, n in counts.items())
             + f' <span class="{"fail" if result.failed else "pass"}">'
               f'{"FAIL" if result.failed else "PASS"} (fail on {result.settings.fail_on.name})</span></p>',
             _charts(result, v, t),
             f"<h2>{t['findings']}</h2>"]
    frows = []
    for sev in SEVERITY_ORDER:
        for x in (y for y in result.findings if y.severity == sev and y.status == "new"):
            app = [_evidence(e, t) for e in x.evidence if e.side == "app"]
            pol = [_evidence(e, t) for e in x.evidence if e.side == "policy"]
            frows.append(f'<tr data-rule="{x.rule_id}" data-severity="{sev.name}"><td><span class="sev {sev.name}">'
                         f'{t["sev"][sev.name]}</span><br><small>{t["sev"].get(x.confidence.name, x.confidence.name)} {t["confidence"]}</small></td>'
                         f"<td><code>{x.rule_id}</code><br>{escape(x.name)}</td><td>{linked(x.message)}</td>"
                         f"<td>{_ul(app, t['none'])}</td><td>{_ul(pol, t['none'])}</td></tr>")
    parts.append('<table id="findings"><colgroup><col style="width:7rem"><col style="width:10rem"><col style="width:24%">'
                 '<col><col style="width:24%"></colgroup><thead><tr>'
                 + "".join(f"<th>{t[k]}</th>" for k in ("severity", "rule", "finding", "app_evidence", "policy_evidence"))
                 + "</tr></thead><tbody>" + "".join(frows) + "</tbody></table>")
    hidden = [x for x in result.findings if x.status != "new"]
    if hidden:
        parts.append(f"<p>{len(hidden)} {t['hidden']}</p>")

    prow = []
    for p in result.scan.permissions:
        mark = [x for x in (p.source if p.source != "uses-permission" else "",
                            f"maxSdkVersion {p.max_sdk_version}" if p.max_sdk_version is not None else "",
                            f"split {p.split}" if p.split else "", "special" if p.special else "") if x]
        prow.append([f"<code>{escape(p.name)}</code>", escape(p.zh_name or "–"),
                     escape(p.protection_level or "unknown") + ("" if p.known else " (unknown)"),
                     escape(", ".join(cname(c) for c in p.categories) or "–"),
                     escape("; ".join(mark + list(p.notes)) or "–"),
                     escape(", ".join(result.scan.needed_by.get(p.name, ())) or "–")])
    parts.append(f"<h2>{t['permissions']} ({len(prow)})</h2>")
    parts.append(_table("permissions", [t[k] for k in ("permission", "zh_name", "protection", "categories", "notes", "needed_by")],
                        prow, ["28%", "12%", "10%", "16%", "20%", "14%"]))

    exported = [c for c in m.components if c.exported]
    parts.append(f"<h2>{t['components']} ({len(exported)} / {len(m.components)})</h2>")
    parts.append(_table("components", [t[k] for k in ("kind", "name", "why", "guard", "actions")], [
        [escape(c.kind), f"<code>{escape(c.name)}</code>", escape(c.exported_reason),
         escape(c.permission or c.read_permission or "–"),
         escape(", ".join(sorted({a for flt in c.intent_filters for a in flt.actions})) or "–")] for c in exported],
        ["9%", "38%", "12%", "16%", "25%"]))

    sdb = load_database()
    srow = []
    for h in result.scan.sdks:
        sig = sdb.entries.get(h.id)
        url = (sig.privacy_policy or sig.website) if sig else None
        ev = ", ".join(f"{e.kind} {e.value}" for e in h.evidence[:4])
        srow.append([escape(h.name + (f" (in {h.bundled_in})" if h.bundled_in else "")),
                     escape(" / ".join(x for x in (h.vendor_zh, h.vendor) if x)), escape(h.category),
                     escape(h.confidence), f"<code>{escape(ev)}</code>", linked(url) if url else "–"])
    parts.append(f"<h2>{t['sdks']} ({len(srow)})</h2>")
    parts.append(_table("sdks", [t[k] for k in ("name", "vendor", "category", "confidence", "evidence", "privacy_policy")],
                        srow, ["16%", "18%", "10%", "8%", "26%", "22%"]))

    parts.append(f"<h2>{t['data']}</h2>")
    if result.scan.code is None:
        parts.append(f"<p>{t['no_code']}</p>")
    drow = []
    for d in v.data:
        for a in d.accessors:
            who = {"app": t["app_code"], "third_party": f"{a.id} ({t['unknown']})",
                   "library": f"{a.id} ({t['library']})"}.get(a.party, a.name)
            sites = [_call(s.api, s.api_java, s.caller, s.caller_java, t) for s in a.sites]
            drow.append([escape(cname(d.id)), escape(f"{who} ×{a.count}"), _ul(sites, t["none"])])
    parts.append(_table("data", [t["category"], t["accessor"], t["calls"]], drow, ["18%", "20%", "62%"]))

    parts.append(f"<h2>{t['matrix']}</h2>")
    parts.append(_table("matrix", [t[k] for k in ("permission", "categories", "needed_by", "accessed_by", "policy")], [
        [f"<code>{escape(r.permission)}</code>", escape(", ".join(cname(c) for c in r.categories)),
         escape(", ".join(r.sdks) or "–"), escape(", ".join(t["app_code"] if a == "app" else a for a in r.accessed_by) or "–"),
         escape(r.policy)] for r in v.matrix], ["30%", "20%", "16%", "20%", "14%"]))

    parts.append(f"<h2>{t['checklist']}</h2><p>{t['checklist_intro']}</p>")
    parts.append(_table("checklist", [t[k] for k in ("name", "vendor", "purpose", "data_collected", "permission",
                                                    "privacy_policy", "in_policy")], [
        [escape(r.name), escape(r.vendor), escape(r.purpose), escape("; ".join(r.data)),
         escape(", ".join(p.replace("android.permission.", "") for p in r.permissions) or "–"),
         linked(r.privacy_policy) if r.privacy_policy else "–", escape(r.in_policy)] for r in result.checklist],
        ["12%", "14%", "14%", "20%", "14%", "16%", "10%"]))
    parts.append(f"<p><small>auditor {escape(result.scan.tool_version)}; signature database "
                 f"{escape(db.version if db else '-')} ({escape(db.sha256[:12] if db else '-')})</small></p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

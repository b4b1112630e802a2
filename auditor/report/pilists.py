"""China's two published lists, drafted from evidence (`--format pi-lists` Markdown,
`--format pi-lists-html` one HTML page), Chinese with English alongside:

- 个人信息收集清单 / personal information collection list: one row per data category and
  collector (this app, each SDK, unidentified third-party code): purpose, scenario, who
  collects it, evidence (permissions, API call sites);
- 第三方共享清单 / third-party sharing list: each embedded SDK with its vendor, purpose,
  data, permissions and privacy-policy link.

Purposes come from the policy's permission statements when it gives one, or from the SDK's
documented purpose; otherwise the cell says it is to be completed (never invented).
"""

from __future__ import annotations

from html import escape

from auditor.report.findings import views

TODO = "待补充 / to be completed"
APP = "本应用 / this app"

COLLECTION_HEADERS = ["个人信息类别 / Category", "使用目的 / Purpose", "使用场景 / Scenario",
                      "收集方 / Collected by", "依据 / Evidence"]
SHARING_HEADERS = ["第三方名称 / SDK", "第三方主体 / Vendor", "使用目的 / Purpose", "共享的个人信息 / Data",
                   "所需权限 / Permissions", "隐私政策 / Privacy policy"]


def _zh_names(result) -> dict[str, str]:
    return {p.name: p.zh_name for p in result.scan.permissions if p.zh_name}


def collection_rows(result) -> list[list[str]]:
    """[category, purpose, scenario, collector, evidence] as plain text."""
    from auditor.audit import PURPOSE

    zh = _zh_names(result)
    pname = lambda p: f"{zh[p]} {p.replace('android.permission.', '')}" if p in zh else p.replace("android.permission.", "")  # noqa: E731
    hits = {h.id: h for h in result.scan.sdks}
    stated: dict[str, list[str]] = {}
    for pc in (result.policy.permissions if result.policy else ()):
        if pc.purpose:
            for c in pc.categories:
                stated.setdefault(c, []).append(pc.purpose)
    from auditor.report.datasafety import form

    not_data = set(form()["not_data"])
    rows = []
    for d in views(result).data:
        if d.id in not_data:
            continue
        label = f"{d.zh} / {d.name}"
        app_purpose = "; ".join(dict.fromkeys(stated.get(d.id, []))) or TODO
        app_sites = [s for a in d.accessors if a.party in ("app", "library") for s in a.sites]
        perms = d.primary_permissions
        if perms or app_sites:
            scen = "; ".join(dict.fromkeys(s.caller_java.split("(")[0] for s in app_sites[:3])) or (
                "授予权限后 / once granted: " + ", ".join(pname(p) for p in perms))
            ev = ["权限 / permission: " + ", ".join(pname(p) for p in perms)] if perms else []
            ev += [f"调用 / calls {s.api_java}" for s in app_sites[:3]]
            rows.append([label, app_purpose, scen, APP, "; ".join(ev)])
        sdk_ids = [a.id for a in d.accessors if a.party == "sdk"]
        for sid in dict.fromkeys(sdk_ids + [s for s in d.documented_by if s not in sdk_ids]):
            h = hits.get(sid)
            if h is None:
                continue
            acc = next((a for a in d.accessors if a.id == sid), None)
            ev = [f"调用 / calls {s.api_java}" for s in (acc.sites[:3] if acc else ())]
            if sid in d.documented_by:
                ev.append("SDK 文档说明收集 / documented by the vendor")
            scen = ("; ".join(dict.fromkeys(s.caller_java.split("(")[0] for s in acc.sites[:2])) if acc
                    else "SDK 运行时 / while the SDK runs")
            rows.append([label, PURPOSE.get(h.category) or TODO, scen,
                         f"{h.name}（{h.vendor_zh or h.vendor}）" if h.vendor_zh else f"{h.name} ({h.vendor})", "; ".join(ev)])
        for a in d.accessors:
            if a.party == "third_party":
                rows.append([label, TODO, "; ".join(dict.fromkeys(s.caller_java.split("(")[0] for s in a.sites[:2])),
                             f"未识别的第三方代码 / unidentified third-party code {a.id}",
                             "; ".join(f"调用 / calls {s.api_java}" for s in a.sites[:3])])
    return rows


def sharing_rows(result) -> list[list[str]]:
    from auditor.sdk import load_database

    db = load_database()
    zh = _zh_names(result)
    rows = []
    for r in result.checklist:
        sig = db.entries.get(r.sdk_id)
        vendor = " / ".join(x for x in ((sig.vendor_zh, sig.vendor_en) if sig else (r.vendor,)) if x)
        perms = ", ".join(f"{zh[p]} {p.replace('android.permission.', '')}" if p in zh else p.replace("android.permission.", "")
                          for p in r.permissions)
        rows.append([r.name, vendor, r.purpose or TODO, "; ".join(r.data) or "–", perms or "–", r.privacy_policy or "–"])
    return rows


def _title(result) -> tuple[str, str]:
    m = result.scan.facts.manifest
    return (f"{m.label or m.package} 个人信息收集清单与第三方共享清单 / Personal information lists",
            f"{m.package} {m.version_name or ''}".strip())


def render_pilists_markdown(result) -> str:
    from auditor.report.markdown import md_link, md_table, md_text

    title, app = _title(result)
    out = [f"# {md_text(title)}", "", f"应用 / App: {md_text(app)}. 由 auditor 根据安装包与隐私政策生成的草稿，"
           "请人工核对后发布 / A draft generated by auditor from the APK and the policy: review before publishing.", ""]
    out += ["## 个人信息收集清单 / Personal information collection list", ""]
    out += md_table(COLLECTION_HEADERS, [[md_text(c) for c in r] for r in collection_rows(result)])
    out += ["## 第三方共享清单 / Third-party sharing list", ""]
    out += md_table(SHARING_HEADERS, [[md_text(c) for c in r[:5]] + [md_link(r[5] if r[5] != "–" else None)]
                                      for r in sharing_rows(result)])
    return "\n".join(out)


def _link(url: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{escape(url)}">{escape(url)}</a>'
    return escape(url)


def render_pilists_html(result) -> str:
    from auditor.report.html import FONT_STACK

    title, app = _title(result)

    def table(tid, headers, rows, link_col=None):
        body = "".join("<tr>" + "".join(f"<td>{_link(c) if i == link_col else escape(c)}</td>" for i, c in enumerate(r))
                       + "</tr>" for r in rows)
        return (f'<table id="{tid}"><thead><tr>' + "".join(f"<th>{escape(h)}</th>" for h in headers)
                + f"</tr></thead><tbody>{body}</tbody></table>")

    css = (f"body{{font-family:{FONT_STACK};margin:1.5rem;color:#1f2328;max-width:1200px}}"
           "table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.85rem}"
           "td,th{border:1px solid #d0d7de;padding:.3rem .45rem;vertical-align:top;text-align:left;"
           "overflow-wrap:anywhere}th{background:#f6f8fa}h2{margin-top:2rem}")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{css}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>应用 / App: <code>{escape(app)}</code>. 由 auditor 根据安装包与隐私政策生成的草稿，请人工核对后发布 / "
        "A draft generated by auditor from the APK and the policy: review before publishing.</p>",
        "<h2>个人信息收集清单 / Personal information collection list</h2>",
        table("collection", COLLECTION_HEADERS, collection_rows(result)),
        "<h2>第三方共享清单 / Third-party sharing list</h2>",
        table("sharing", SHARING_HEADERS, sharing_rows(result), link_col=5),
        "</body></html>", ""])

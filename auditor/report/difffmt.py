"""Renderers for `auditor diff`: table, JSON, Markdown, SARIF (new findings only)."""

from __future__ import annotations

from auditor.report.text import clip as _clip, heading as _heading, short as _short, wrap as _wrap


def _sev(r) -> str:
    return f"[{r['severity']}]"


def _lines(d) -> list[tuple[str, list[str]]]:
    """(section title, lines) shared by table and markdown."""
    o, n = d["old"], d["new"]
    out = []
    app = [f"{k}: {v['old']} -> {v['new']}" for k, v in d["app"]["changed"].items()]
    if not d["app"]["same_package"]:
        app.insert(0, "WARNING: the two sides are different apps")
    app += d["app"]["target_sdk_effects"]
    out.append(("App", app))
    p = d["permissions"]
    perms = [f"+ {_short(x['name'])} ({x['protection_level'] or 'unknown'}; {', '.join(x['categories']) or '-'})"
             + (f"; needed by {', '.join(x['needed_by_sdks'])}" if x["needed_by_sdks"] else "") + f" {_sev(x)}"
             for x in p["added"]]
    perms += [f"- {_short(x['name'])}" for x in p["removed"]]
    perms += [f"~ {_short(x['name'])}: " + ", ".join(f"{k} {v['old']} -> {v['new']}" for k, v in x["changes"].items())
              + f" {_sev(x)}" for x in p["changed"]]
    out.append(("Permissions", perms))
    s = d["sdks"]
    sdks = [f"+ {x['name']} [{x['id']}] — {x['vendor']} ({x['category']})" + (f", inside {x['bundled_in']}" if x["bundled_in"] else "")
            + f" {_sev(x)}" for x in s["added"]]
    sdks += [f"- {x['name']} [{x['id']}]" for x in s["removed"]]
    sdks += [f"~ {x['name']}: " + "; ".join(
        f"{k}: +{len(v['added'])} -{len(v['removed'])}" if k == "signals" else f"{k} {v['old']} -> {v['new']}"
        for k, v in x["changes"].items()) for x in s["changed"]]
    out.append(("SDKs", sdks))
    c = d["categories"]
    cats = [f"+ {x['category']} accessed by {', '.join(x['accessors'])} {_sev(x)}" for x in c["added"]]
    cats += [f"- {x['category']} (was {', '.join(x['accessors'])})" for x in c["removed"]]
    cats += [f"~ {x['category']}: " + ", ".join([f"now also {a}" for a in x["new_accessors"]] +
                                               [f"no longer {a}" for a in x["gone_accessors"]]) + f" {_sev(x)}"
             for x in c["changed"]]
    if not c["compared"]:
        cats = ["not compared (one side was scanned with --no-code)"]
    out.append(("Data accessed in code", cats))
    comp = d["components"]
    comps = [f"+ exported {x['kind']} {x['name']} ({x['exported_reason']}) {_sev(x)}" for x in comp["newly_exported"]]
    comps += [f"- no longer exported: {x['kind']} {x['name']}" for x in comp["no_longer_exported"]]
    comps += [f"+ {x['kind']} {x['name']}" for x in comp["added"] if not x["exported"]]
    comps += [f"- {x['kind']} {x['name']}" for x in comp["removed"]]
    out.append(("Components", comps))
    f = d["findings"]
    if f["compared"]:
        fl = [f"+ {x['severity'].upper()} {x['rule_id']} {x['name']}: {x['message']}" for x in f["new"]]
        fl += [f"- resolved {x['rule_id']} {x['name']}: {x['message']}" for x in f["resolved"]]
        fl.append(f"{len(f['unchanged'])} unchanged")
        out.append(("Findings", fl))
    return out


def render_diff_table(d, fail_on: str, failed: bool) -> str:
    o, n = d["old"], d["new"]
    head = [f"auditor diff: {o['package']} {o['version_name']} ({o['version_code']}) -> "
            f"{n['package']} {n['version_name']} ({n['version_code']})",
            f"old: {o['input']}" + (f" + {o['policy']}" if o["policy"] else ""),
            f"new: {n['input']}" + (f" + {n['policy']}" if n["policy"] else "")]
    out = [_wrap(h, "    ") for h in head]
    for title, lines in _lines(d):
        out.append(_heading(title))
        out.extend(_wrap(_clip(l, 400), "    ") for l in lines) if lines else out.append("no change")
    counts = d["summary"]["counts"]
    out.append("")
    out.append(f"{d['summary']['changes']} changes; " + ", ".join(f"{v} {k}" for k, v in counts.items())
               + f" (fail on {fail_on}: {'FAIL' if failed else 'pass'})")
    return "\n".join(out) + "\n"


def _v(value) -> str:
    """A value for a Markdown cell: never `None`."""
    from auditor.report.markdown import md_text

    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return md_text(", ".join(str(x) for x in value)) or "none"
    return md_text(value)


def _md_sections(d) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, headers, rows) for the Markdown diff: every row says explicitly whether it was added,
    removed or changed (in a column, not as a `+`/`-` prefix that CommonMark turns into bullets)."""
    from auditor.knowledge import categories
    from auditor.report.markdown import ARROW, md_code, md_text, short
    from auditor.views import java_form

    cats = categories()
    cname = lambda c: cats[c].name if c in cats else c  # noqa: E731
    who = lambda xs: ", ".join("app code" if a == "app" else a for a in xs)  # noqa: E731
    out = []
    app = [[md_text(k), _v(v["old"]), _v(v["new"])] for k, v in d["app"]["changed"].items()]
    out.append(("App", ["field", "old", "new"], app))
    p = d["permissions"]
    rows = [["**added**", md_code(short(x["name"])),
             md_text(f"{x['protection_level'] or 'unknown'}; " + (", ".join(cname(c) for c in x["categories"]) or "no data category")
                     + (f"; needed by {', '.join(x['needed_by_sdks'])}" if x["needed_by_sdks"] else "")), x["severity"]]
            for x in p["added"]]
    rows += [["**removed**", md_code(short(x["name"])), "", x["severity"]] for x in p["removed"]]
    rows += [["changed", md_code(short(x["name"])),
              "; ".join(f"{md_text(k)}: {_v(v['old'])} {ARROW} {_v(v['new'])}" for k, v in x["changes"].items()),
              x["severity"]] for x in p["changed"]]
    out.append(("Permissions", ["change", "permission", "details", "severity"], rows))
    s = d["sdks"]
    rows = [["**added**", f"{md_text(x['name'])} ({md_code(x['id'])})",
             md_text(f"{x['vendor']}; {x['category']}" + (f"; inside {x['bundled_in']}" if x["bundled_in"] else "")),
             x["severity"]] for x in s["added"]]
    rows += [["**removed**", f"{md_text(x['name'])} ({md_code(x['id'])})", "", x["severity"]] for x in s["removed"]]
    rows += [["changed", md_text(x["name"]), "; ".join(
        f"signals: {len(v['added'])} added, {len(v['removed'])} removed" if k == "signals"
        else f"{md_text(k)}: {_v(v['old'])} {ARROW} {_v(v['new'])}" for k, v in x["changes"].items()), x["severity"]]
        for x in s["changed"]]
    out.append(("SDKs", ["change", "SDK", "details", "severity"], rows))
    c = d["categories"]
    if c["compared"]:
        rows = [["**added**", md_text(cname(x["category"])), md_text("by " + who(x["accessors"])) + "".join(
            f"; {md_code(java_form(cs['api']))} in {md_code(java_form(cs['caller'], qualified=True))}"
            for cs in x.get("call_sites", [])[:3]), x["severity"]] for x in c["added"]]
        rows += [["**removed**", md_text(cname(x["category"])), md_text("was " + who(x["accessors"])), x["severity"]]
                 for x in c["removed"]]
        rows += [["changed", md_text(cname(x["category"])), md_text(", ".join(
            [f"now also {who([a])}" for a in x["new_accessors"]] + [f"no longer {who([a])}" for a in x["gone_accessors"]])),
            x["severity"]] for x in c["changed"]]
        out.append(("Data accessed in code", ["change", "data category", "who and where", "severity"], rows))
    else:
        out.append(("Data accessed in code", [], [["not compared (one side was scanned with --no-code)"]]))
    comp = d["components"]
    rows = [["**newly exported**", md_code(x["name"]), md_text(f"{x['kind']}; {x['exported_reason']}"), x["severity"]]
            for x in comp["newly_exported"]]
    rows += [["no longer exported", md_code(x["name"]), md_text(x["kind"]), x["severity"]] for x in comp["no_longer_exported"]]
    rows += [["**added**", md_code(x["name"]), md_text(x["kind"]), x["severity"]] for x in comp["added"] if not x["exported"]]
    rows += [["**removed**", md_code(x["name"]), md_text(x["kind"]), x["severity"]] for x in comp["removed"]]
    out.append(("Components", ["change", "component", "details", "severity"], rows))
    f = d["findings"]
    if f["compared"]:
        rows = [["**new**", x["severity"], md_code(x["rule_id"]), md_text(f"{x['name']}: {x['message']}")] for x in f["new"]]
        rows += [["resolved", x["severity"], md_code(x["rule_id"]), md_text(f"{x['name']}: {x['message']}")]
                 for x in f["resolved"]]
        out.append(("Findings", ["change", "severity", "rule", "finding"], rows))
    return out


def render_diff_markdown(d, fail_on: str, failed: bool) -> str:
    from auditor.report.markdown import ARROW, md_code, md_table, md_text

    o, n = d["old"], d["new"]
    out = [f"## auditor diff: {md_text(o['package'])} {_v(o['version_name'])} {ARROW} {_v(n['version_name'])}", "",
           f"{md_code(o['input'])} {ARROW} {md_code(n['input'])}; "
           + ", ".join(f"{v} {k}" for k, v in d["summary"]["counts"].items())
           + f"; fail on {fail_on}: **{'FAIL' if failed else 'pass'}**", ""]
    if not d["app"]["same_package"]:
        out += ["**Warning:** the two sides are different apps.", ""]
    for title, headers, rows in _md_sections(d):
        out.append(f"### {title}")
        out.append("")
        if title == "App" and d["app"]["target_sdk_effects"]:
            out += [f"- {md_text(e)}" for e in d["app"]["target_sdk_effects"]] + [""]
        if not headers:
            out += [rows[0][0], ""]
        elif rows:
            out += md_table(headers, rows)
        else:
            out += ["No change.", ""]
    if d["findings"]["compared"]:
        out += [f"{len(d['findings']['unchanged'])} finding(s) unchanged.", ""]
    return "\n".join(out)

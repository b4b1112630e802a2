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


def render_diff_markdown(d, fail_on: str, failed: bool) -> str:
    o, n = d["old"], d["new"]
    out = [f"## auditor diff: {o['package']} {o['version_name']} → {n['version_name']}", "",
           f"`{o['input']}` → `{n['input']}`; " + ", ".join(f"{v} {k}" for k, v in d["summary"]["counts"].items())
           + f"; fail on {fail_on}: **{'FAIL' if failed else 'pass'}**", ""]
    for title, lines in _lines(d):
        out.append(f"### {title}")
        out.append("")
        out.extend("- " + l.replace("|", "\\|") for l in lines) if lines else out.append("- no change")
        out.append("")
    return "\n".join(out)

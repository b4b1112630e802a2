"""Markdown report: for a merge request or a ticket. Written for CommonMark + GFM tables
(GitHub, GitLab): every piece of text from the app or the policy is escaped, XML and code
go in code spans, tables for tabular data, one arrow style (→), no `None`."""

from __future__ import annotations

import re

from auditor.report.findings import SEVERITY_ORDER, views

ARROW = "→"
_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~])")


def md_text(value) -> str:
    """Plain text safe in Markdown prose and table cells: specials backslash-escaped, `<`, `>`, `&`
    as entities (GitHub and GitLab strip raw tags), newlines folded, `->` as the one arrow."""
    s = "" if value is None else str(value)
    s = s.replace("->", ARROW).replace("\r", " ").replace("\n", " ")
    s = _SPECIAL.sub(r"\\\1", s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_code(value) -> str:
    """A code span (XML, class names, smali): shown literally; `|` escaped so it is safe in a table cell."""
    s = ("" if value is None else str(value)).replace("\r", " ").replace("\n", " ")
    ticks = "`"
    while ticks in s:
        ticks += "`"
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{ticks}{pad}{s.replace('|', chr(92) + '|')}{pad}{ticks}"


def md_link(url: str | None, text: str | None = None) -> str:
    """A link: a CommonMark autolink `<https://...>` (the URL is its own text), or `[text](<url>)`."""
    if not url:
        return "–"
    if not re.match(r"^https?://[^\s<>]+$", url):
        return md_text(url)
    url = url.replace("|", "%7C")  # a table cell would end at a bare pipe
    return f"[{md_text(text)}](<{url}>)" if text else f"<{url}>"


def md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Cells must already be escaped (md_text/md_code/md_link)."""
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(c if c != "" else "–" for c in r) + " |" for r in rows]
    return out + [""]


def short(perm: str) -> str:
    return perm.replace("android.permission.", "")


def _who(e) -> str:
    text = e.text
    return text[text.rfind("[") + 1:-1] if text.endswith("]") and "[" in text else ""


def evidence_md(e) -> str:
    """One evidence item: manifest XML and call sites as code (the Java form of the API), quotes quoted."""
    from auditor.views import java_form

    loc = e.loc()
    if e.kind == "manifest":
        head, _, rest = e.text.partition("  (")
        return md_code(head) + (f" ({md_text(rest.rstrip(')'))})" if rest else "")
    if e.kind == "call_site" and loc.get("api"):
        return (f"{md_code(java_form(loc['api']))} in {md_code(java_form(loc.get('caller', ''), qualified=True))}"
                f" ({md_text(_who(e))})")
    if e.kind == "sdk" and loc.get("signal"):
        return f"{md_text(loc['signal'])} {md_code(loc.get('value'))}" + (
            f" ({md_text(e.text.rsplit('(', 1)[-1].rstrip(')'))})" if e.text.endswith("classes)") else "")
    if e.kind == "quote":
        sec = loc.get("section")
        return f"“{md_text(e.text)}”" + (f" (section: {md_text(sec)})" if sec else "")
    return md_text(e.text)


def _identity(result) -> list[str]:
    f = result.scan.facts
    m = f.manifest
    fl = m.flags
    flags = [x for x in ("debuggable" if fl.debuggable else "", "allowBackup" if fl.allow_backup else "",
                         "cleartext traffic" if fl.uses_cleartext_traffic else "",
                         "testOnly" if fl.test_only else "") if x]
    if fl.network_security_config:
        flags.append(f"networkSecurityConfig {fl.network_security_config}")
    version = " ".join(x for x in (m.version_name, f"(code {m.version_code})" if m.version_code is not None else "") if x)
    rows = [["package", md_code(m.package)]]
    if m.label:
        rows.append(["label", md_text(m.label)])
    rows += [["version", md_text(version or "unknown")],
             ["SDK levels", md_text(f"min {m.min_sdk}, target {m.target_sdk}"
                                    + (f", compile {m.compile_sdk}" if m.compile_sdk else ""))],
             ["flags", md_text(", ".join(flags) or "none")],
             ["input", f"{md_code(f.input.name)} ({md_text(f.input.kind)}, sha256 {md_code(f.input.sha256[:16] + '…')})"],
             ["policy", (f"{md_code(result.policy.name)} ({md_text(result.policy.language)})" if result.policy
                         else "none given (app-only checks)")]]
    for g in getattr(f, "incomplete", ()):
        rows.append(["**not analysed**", f"{md_code(g.file)}: {md_text(g.reason)} (verdict incomplete)"])
    return md_table(["", ""], rows)


def render_markdown(result) -> str:
    from auditor.knowledge import categories

    cats = categories()
    m = result.scan.facts.manifest
    title = " ".join(x for x in (m.package, m.version_name) if x)
    out = [f"# Privacy audit: {md_text(title)}", ""]
    out += _identity(result)
    counts = result.counts()
    out.append("**Findings:** " + ", ".join(f"{n} {s}" for s, n in counts.items())
               + f"; fail on {result.settings.fail_on.name}: **{'FAIL' if result.failed else 'pass'}**")
    out.append("")
    for sev in SEVERITY_ORDER:
        group = [x for x in result.findings if x.severity == sev and x.status == "new"]
        if not group:
            continue
        out.append(f"## {sev.name.capitalize()} ({len(group)})")
        out.append("")
        for x in group:
            out.append(f"- **{x.rule_id} {md_text(x.name)}** ({x.confidence.name} confidence): {md_text(x.message)}")
            for e in x.evidence:
                out.append(f"  - {'app' if e.side == 'app' else 'policy'}: {evidence_md(e)}")
        out.append("")
    hidden = [x for x in result.findings if x.status != "new"]
    if hidden:
        out.append(f"*{len(hidden)} finding(s) baselined or suppressed are not shown.*")
        out.append("")
    v = views(result)
    accessed = [d for d in v.data if d.accessors]
    if result.scan.code is None:
        out += ["## Data accessed in code", "", "Code was not scanned (`--no-code`).", ""]
    elif accessed:
        out.append("## Data accessed in code")
        out.append("")
        rows = []
        for d in accessed:
            who = "; ".join(f"{md_text(a.name)}{' (unknown third party)' if a.party == 'third_party' else ''} ×{a.count}"
                            for a in d.accessors)
            sites = "; ".join(f"{md_code(s.api_java)} in {md_code(s.caller_java)}" for a in d.accessors
                                for s in a.sites[:2])
            rows.append([f"{md_text(d.name)} ({md_text(d.zh)})", who, sites, md_text(d.policy)])
        out += md_table(["data category", "accessed by", "call sites (examples)", "policy"], rows)
    if result.checklist:
        out.append("## SDK disclosure checklist")
        out.append("")
        rows = [[md_text(r.name), md_text(r.vendor), md_text(r.purpose), md_text("; ".join(r.data)),
                 md_text(", ".join(short(p) for p in r.permissions)), md_link(r.privacy_policy), md_text(r.in_policy)]
                for r in result.checklist]
        out += md_table(["SDK", "vendor", "purpose", "data collected", "permissions", "privacy policy", "in policy"],
                        rows)
    if v.matrix:
        out.append("## Permissions, SDKs and data")
        out.append("")
        rows = [[md_code(short(r.permission)), md_text(", ".join(cats[c].name if c in cats else c for c in r.categories)),
                 md_text(", ".join(r.sdks)), md_text(", ".join("app code" if a == "app" else a for a in r.accessed_by)),
                 md_text(r.policy)] for r in v.matrix]
        out += md_table(["permission", "data categories", "SDKs that need it", "accessed in code by", "policy"], rows)
    return "\n".join(out)

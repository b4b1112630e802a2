"""Terminal report for people: short sections, readable at 100 columns."""

from __future__ import annotations

from tabulate import tabulate

from auditor.knowledge import categories
from auditor.report.jsonfmt import package_tree

# Text helpers live in auditor.report.text; the underscore names stay for existing importers.
from auditor.report.text import WIDTH, clip as _clip, heading as _heading, paint, short as _short  # noqa: E402,F401
from auditor.report.text import width as _width, wrap as _wrap  # noqa: E402,F401


def _permission_rows(perms):
    cats = categories()
    by_cat: dict[str, list] = {}
    for p in perms:
        keys = p.categories or ("(no privacy category)",)
        by_cat.setdefault(keys[0], []).append(p)
    order = [c for c in cats if c in by_cat] + sorted(k for k in by_cat if k not in cats)
    rows = []
    for key in order:
        label = cats[key].name if key in cats else key
        for p in by_cat[key]:
            mark = []
            if p.protection_level == "dangerous":
                mark.append("DANGEROUS")
            if p.special:
                mark.append("special")
            if not p.known:
                mark.append("unknown")
            if p.source == "implied":
                mark.append("implied")
            if p.source == "uses-permission-sdk-23":
                mark.append("sdk-23")
            if p.max_sdk_version is not None:
                mark.append(f"max {p.max_sdk_version}")
            if p.split:
                mark.append(f"split {p.split}")
            rows.append([_clip(label, 20), _clip(_short(p.name), 40), _clip(p.protection_level or "?", 10),
                         _clip(", ".join(mark), 20)])
            label = ""
    return rows


def _code_section(result) -> list[str]:
    code = result.code
    if code is None:
        return [_heading("Data access in code"), "skipped (--no-code)"]
    cats = categories()
    out = [_heading(f"Data access in code ({len(code.calls)} call sites)")]
    if not code.calls:
        out.append("no catalogued sensitive API is called")
    order = {c: i for i, c in enumerate(cats)}
    for cat, rows in sorted(code.accessors.items(), key=lambda kv: order.get(kv[0], 99)):
        suffix = {"third_party": " (unknown third party)", "library": " (library)"}
        who = ", ".join(f"{'app code' if a == 'app' else a}{suffix.get(p, '')} ×{n}" for a, p, n in rows)
        out.append(_wrap(f"{cats[cat].name if cat in cats else cat}: {who}", "    "))
        example = next(c for c in code.calls if c.site.category == cat)
        api = example.site.api.split("(")[0]
        weak = " [reflection]" if example.site.strength == "reflection" else ""
        out.append(_wrap(f"    e.g. {api}{weak} in {example.site.caller.split('(')[0]}", "      "))
    if code.unguarded:
        out.append("")
        out.append(_wrap("called without a permission that guards it (the call fails or returns less, "
                         "unless the permission comes from elsewhere):", "  "))
        for u in code.unguarded:
            out.append(_wrap(f"  {u.api.split('(')[0]} by {u.accessor}: needs "
                             + " or ".join(_short(p) for p in u.permissions), "    "))
    if code.unused_permissions:
        out.append("")
        out.append(_wrap("dangerous permissions no catalogued code uses: "
                         + ", ".join(_short(p) for p in code.unused_permissions), "    "))
    return out


def render_scan_table(result) -> str:
    f = result.facts
    m = f.manifest
    out: list[str] = []
    out.append(f"auditor {result.tool_version} — {f.input.name} ({f.input.kind}, {f.input.size} bytes)")
    out.append(f"sha256 {f.input.sha256}")
    if result.signature_db is not None:
        db = result.signature_db
        out.append(f"signatures {db.version} ({db.count} SDKs, sha256 {db.sha256[:12]})")
    out.append(_heading("App"))
    out.append(tabulate([
        ["package", m.package],
        ["version", f"{m.version_name or '?'} (code {m.version_code})"],
        ["sdk", f"min {m.min_sdk}, target {m.target_sdk}, compile {m.compile_sdk or '?'}"],
        ["flags", ", ".join(x for x in (
            "debuggable" if m.flags.debuggable else "",
            "allowBackup" if m.flags.allow_backup else "",
            "cleartext traffic" if m.flags.uses_cleartext_traffic else "",
            f"networkSecurityConfig={m.flags.network_security_config}" if m.flags.network_security_config else "",
        ) if x) or "-"],
    ], tablefmt="plain"))
    if f.input.parts:
        out.append(_wrap("bundle parts: " + ", ".join(f.input.parts)))

    perms = result.permissions
    n_danger = sum(1 for p in perms if p.protection_level == "dangerous")
    out.append(_heading(f"Permissions ({len(perms)}, {n_danger} dangerous)"))
    if perms:
        out.append(tabulate(_permission_rows(perms), headers=["category", "permission", "protection", "notes"],
                            tablefmt="simple"))
        notes = [(p, n) for p in perms for n in p.notes]
        if notes:
            out.append("")
            for p, n in notes:
                out.append(_wrap(f"  {_short(p.name)}: {n}"))
    else:
        out.append("none requested")

    out.append(_heading(f"Third-party SDKs ({len(result.sdks)})"))
    if result.sdks:
        rows = []
        for h in result.sdks:
            kinds: dict[str, int] = {}
            for e in h.evidence:
                kinds[e.kind] = kinds.get(e.kind, 0) + (e.count if e.kind == "package" else 1)
            summary = ", ".join(f"{k} {n}" for k, n in kinds.items())
            name = h.name + (f" (in {h.bundled_in})" if h.bundled_in else "")
            rows.append([_clip(name, 26), _clip(h.vendor_zh or h.vendor, 14), h.category, h.confidence,
                         _clip(h.version or "-", 10), _clip(summary, 20)])
        out.append(tabulate(rows, headers=["SDK", "vendor", "category", "conf.", "version", "evidence"],
                            tablefmt="simple"))
        for h in result.sdks:
            for note in h.version_notes:
                out.append(_wrap(f"  {h.name} {h.version}: {note}"))
        if result.needed_by:
            out.append("")
            out.append("why the app asks for permissions (SDKs that document needing them):")
            for perm, users in result.needed_by.items():
                out.append(_wrap(f"  {_short(perm)}: {', '.join(users)}"))
    else:
        out.append("none detected")
    configured = getattr(result, "configured", ())
    if configured:
        out.append("")
        out.append("configured in the manifest but not embedded (no code, component class or library):")
        for c in configured:
            out.append(_wrap(f"  {c.name}: " + ", ".join(f"{e.kind} {e.value}" for e in c.evidence)))

    out.extend(_code_section(result))
    if getattr(result, "startup", None) is not None:
        from auditor.report.startupfmt import startup_lines

        out.append(_heading("Before consent (start-up analysis)"))
        out.extend(startup_lines(result.startup, _wrap))

    exported = [c for c in m.components if c.exported]
    out.append(_heading(f"Exported components ({len(exported)} of {len(m.components)})"))
    if exported:
        rows = [[c.kind, _clip(c.name, 56), c.exported_reason, _clip(c.permission or "-", 20)] for c in exported]
        out.append(tabulate(rows, headers=["kind", "name", "why", "guard"], tablefmt="simple"))
    else:
        out.append("none")

    code = f.code
    out.append(_heading("Code"))
    out.append(_wrap(f"{code.class_count} classes in {len(code.dex_files)} dex file(s): "
                     + ", ".join(f"{d.name} ({d.class_count})" for d in code.dex_files)))
    top = package_tree(code.classes, depth=3, limit=8)
    if top:
        out.append(_wrap("top packages: " + ", ".join(f"{t['package']} ({t['class_count']})" for t in top)))
    abis = sorted({n.abi for n in code.native_libs})
    out.append(f"native libraries: {len(code.native_libs)}" + (f" ({', '.join(abis)})" if abis else ""))
    out.append(f"assets: {len(code.assets)}")
    return "\n".join(out) + "\n"


def verdict_line(result) -> str:
    """One line: the verdict and the counts of new findings (what `-q` prints)."""
    counts = result.counts()
    return (f"{'FAIL' if result.failed else 'pass'}: {result.scan.facts.input.name}: "
            + ", ".join(f"{n} {s}" for s, n in counts.items())
            + f" new finding(s) (fail on {result.settings.fail_on.name})")


def render_audit_table(result, colour: bool = False) -> str:
    from auditor.report.findings import SEVERITY_ORDER

    out = [render_scan_table(result.scan).rstrip("\n")]
    if result.policy is not None:
        p = result.policy
        out.append(_heading("Policy"))
        out.append(_wrap(f"{p.name}: {p.format}, {p.encoding}, language {p.language}; {len(p.categories)} data "
                         f"categories, {len(p.permissions)} permission statements, {len(p.sdks)} SDKs named, "
                         f"{len(p.sdk_types)} by type", "  "))
    counts = result.counts()
    verdict = "FAIL" if result.failed else "pass"
    out.append(_heading("Findings: " + ", ".join(f"{n} {s}" for s, n in counts.items())
                        + f" (fail on {result.settings.fail_on.name}: {verdict})"))
    shown = [f for f in result.findings if f.status == "new"]
    if not shown:
        out.append("none")
    for sev in SEVERITY_ORDER:
        group = [f for f in shown if f.severity == sev]
        if not group:
            continue
        out.append("\n" + paint(f"{sev.name.upper()} ({len(group)})", sev.name, colour))
        for f in group:
            line = _wrap(f"  {f.rule_id} {f.name} [{f.confidence.name}]: {f.message}", "      ")
            out.append(line.replace(f.rule_id, paint(f.rule_id, sev.name, colour), 1))
            for e in f.evidence[:3]:
                tag = "app   " if e.side == "app" else "policy"
                text = _clip(e.text.replace("\n", " "), 160)
                out.append(_wrap(f"      {tag} {text}", "             "))
    hidden = len(result.findings) - len(shown)
    if hidden:
        out.append(f"\n{hidden} finding(s) baselined or suppressed (see --format json)")
    if result.policy is not None and result.checklist:
        out.append(_heading("SDK disclosure checklist (what the policy should list)"))
        for r in result.checklist:
            perms = ", ".join(_short(p) for p in r.permissions) or "-"
            out.append(_wrap(f"* {r.name} [{r.in_policy}] — {r.vendor}; purpose: {r.purpose}; data: "
                             f"{'; '.join(r.data) or '-'}; permissions: {perms}; policy: {r.privacy_policy}", "    "))
    return "\n".join(out) + "\n"

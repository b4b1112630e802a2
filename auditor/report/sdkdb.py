"""Renderers for `auditor sdks list|show`."""

from __future__ import annotations

import json
from collections import Counter

from tabulate import tabulate



def _entry_dict(s) -> dict:
    return {
        "id": s.id, "name": s.name, "vendor": {"en": s.vendor_en, "zh": s.vendor_zh}, "category": s.category,
        "market": s.market, "website": s.website, "privacy_policy": s.privacy_policy,
        "permissions": list(s.permissions), "data": list(s.data), "aliases": list(s.aliases),
        "signals": {k: list(v) for k, v in s.signals.items() if v},
        "bundles": {k: list(v) for k, v in s.bundles.items()}, "notes": s.notes,
        "vendor_packages": list(s.vendor_packages), "versions": [dict(v) for v in s.versions],
        "version_notes": [dict(n) for n in s.version_notes], "sources": list(s.sources), "verified": s.verified,
    }


def render_list(db, entries, fmt: str) -> str:
    entries = sorted(entries, key=lambda s: (s.category, s.id))
    if fmt == "json":
        return json.dumps({"version": db.version, "sha256": db.sha256, "count": len(entries),
                           "sdks": [_entry_dict(s) for s in entries]}, ensure_ascii=False, indent=2) + "\n"
    from auditor.report.text import clip as _clip

    rows = [[s.id, _clip(s.name, 34), s.category, s.market, _clip(s.vendor_zh or s.vendor_en, 24)] for s in entries]
    markets = Counter(s.market for s in entries)
    cats = Counter(s.category for s in entries)
    lines = [tabulate(rows, headers=["id", "name", "category", "market", "vendor"], tablefmt="simple"), "",
             f"{len(entries)} SDKs ({markets.get('cn', 0)} China-market, {markets.get('global', 0)} global); "
             f"database {db.version}, sha256 {db.sha256[:12]}",
             "by category: " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items()))]
    return "\n".join(lines) + "\n"


def render_entry(s, fmt: str) -> str:
    d = _entry_dict(s)
    if fmt == "json":
        return json.dumps(d, ensure_ascii=False, indent=2) + "\n"
    lines = [f"{s.name} [{s.id}]", f"vendor:     {s.vendor_en}" + (f" / {s.vendor_zh}" if s.vendor_zh else ""),
             f"category:   {s.category} ({s.market})", f"website:    {s.website}"]
    if s.privacy_policy:
        lines.append(f"privacy:    {s.privacy_policy}")
    lines.append(f"aliases:    {', '.join(s.aliases)}")
    lines.append(f"data:       {', '.join(s.data) or '-'}")
    lines.append(f"permissions: {', '.join(p.replace('android.permission.', '') for p in s.permissions) or '-'}")
    for kind, values in d["signals"].items():
        lines.append(f"{kind + ':':12s}{', '.join(values)}")
    if s.bundles:
        lines.append(f"carries:    {', '.join(s.bundles)}")
    if s.vendor_packages:
        lines.append(f"vendor roots: {', '.join(s.vendor_packages)} (attribution only)")
    for v in s.versions:
        lines.append(f"version:    {v['source']} {v.get('field', '')} {v['pattern']}".replace("  ", " "))
    for n in s.version_notes:
        rng = f"{n.get('min_version') or '*'}..{n.get('max_version') or '*'}"
        lines.append(f"for {rng}: {n['note']}")
    if s.notes:
        lines.append(f"notes:      {s.notes}")
    for src in s.sources:
        lines.append(f"source:     {src}")
    if s.verified:
        lines.append(f"verified:   {s.verified}")
    return "\n".join(lines) + "\n"

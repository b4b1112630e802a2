"""Renderers for `auditor policy` (the policy reader's output). JSON schema_version 1."""

from __future__ import annotations

from typing import Any

from auditor.knowledge import categories

SCHEMA_VERSION = 1


def _ev(evs) -> list[dict[str, Any]]:
    return [{"quote": e.quote, "start": e.start, "end": e.end, "section": e.section} for e in evs]


def policy_document(p, tool_version: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if tool_version:
        doc["tool"] = {"name": "auditor", "version": tool_version}
    doc.update({
        "input": {"name": p.name, "sha256": p.sha256, "encoding": p.encoding, "format": p.format},
        "language": p.language,
        "categories": {cid: {"status": c.status, "evidence": _ev(c.evidence)} for cid, c in p.categories.items()},
        "permissions": [{"category": x.category, "categories": list(x.categories), "permission": x.permission,
                         "purpose": x.purpose, "evidence": _ev(x.evidence)} for x in p.permissions],
        "sdks": [{"name": s.name, "vendor": s.vendor, "sdk_id": s.sdk_id, "vendor_sdk_ids": list(s.vendor_sdk_ids),
                  "purpose": s.purpose, "categories": list(s.categories), "policy_url": s.policy_url,
                  "evidence": _ev(s.evidence)} for s in p.sdks],
        "sdk_types": [{"type": t.type, "evidence": _ev(t.evidence)} for t in p.sdk_types],
        "sections": list(p.sections),
    })
    if getattr(p, "learned", None) is not None:  # only when the sentence model was on
        doc["learned"] = p.learned
    if getattr(p, "script", ""):  # only for a Traditional Chinese text, read in Simplified characters
        doc["script"] = p.script
    return doc


def render_policy_table(p) -> str:
    from auditor.report.text import clip as _clip, heading as _heading, wrap as _wrap

    cats = categories()
    script = ", Traditional Chinese read in Simplified characters" if getattr(p, "script", "") else ""
    out = [f"policy {p.name} ({p.format}, {p.encoding}, language {p.language}{script}, {len(p.sections)} sections)"]
    if p.language == "other":
        out.append("note: the text is not English or Chinese, the languages the reader reads: what follows is "
                   "only what English words in it say, and an audit does not compare the app with it (AUD703)")
    order = {c: i for i, c in enumerate(cats)}
    for status, title in (("declared", "Declared"), ("vague", "Covered only by an umbrella term"),
                          ("denied", "Denied")):
        rows = sorted(((cid, c) for cid, c in p.categories.items() if c.status == status), key=lambda x: order.get(x[0], 99))
        out.append(_heading(f"{title} ({len(rows)})"))
        if not rows:
            out.append("none")
        for cid, c in rows:
            e = c.evidence[0]
            where = f" [{_clip(e.section, 40)}]" if e.section else ""
            out.append(_wrap(f"{cats[cid].name if cid in cats else cid}{where}: \"{e.quote}\" "
                             f"@{e.start}-{e.end}", "    "))
    absent = [c.name for cid, c in cats.items() if cid not in p.categories]
    out.append(_heading(f"Not mentioned ({len(absent)})"))
    out.append(_wrap(", ".join(absent) or "none", "  "))
    out.append(_heading(f"Permission statements ({len(p.permissions)})"))
    if not p.permissions:
        out.append("none")
    for x in p.permissions:
        name = x.permission.replace("android.permission.", "") if x.permission else x.category
        out.append(_wrap(f"{name}: {_clip(x.purpose, 180) if x.purpose else '(no purpose given)'}", "    "))
    out.append(_heading(f"SDKs named ({len(p.sdks)})"))
    if not p.sdks:
        out.append("none")
    for s in p.sdks:
        ident = s.sdk_id or (f"vendor of {', '.join(s.vendor_sdk_ids)}" if s.vendor_sdk_ids else "not in the database")
        missing = [k for k, v in (("vendor", s.vendor), ("purpose", s.purpose), ("data", s.categories),
                                  ("privacy policy link", s.policy_url)) if not v]
        out.append(_wrap(f"{s.name} -> {ident}" + (f"; purpose: {_clip(s.purpose, 80)}" if s.purpose else "")
                         + (f"; data: {', '.join(s.categories)}" if s.categories else "")
                         + (f"; omits {', '.join(missing)}" if missing else ""), "    "))
    out.append(_heading(f"SDKs disclosed by type only ({len(p.sdk_types)})"))
    if not p.sdk_types:
        out.append("none")
    for t in p.sdk_types:
        out.append(_wrap(f"{t.type}: \"{_clip(t.evidence[0].quote, 150)}\"", "    "))
    return "\n".join(out) + "\n"

"""Renderers: one function per format, chosen by an enum."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    table = "table"
    json = "json"
    sarif = "sarif"
    markdown = "markdown"
    html = "html"
    datasafety = "datasafety"  # Play Console Data safety CSV draft (scan only)
    pi_lists = "pi-lists"  # China's collection and sharing lists, Markdown (scan only)
    pi_lists_html = "pi-lists-html"  # the same two lists as one HTML page


def render_audit(result, fmt: Format, source_root=None, lang: str | None = None) -> str:
    """Render a full audit (scan + optional policy + findings) in one format."""
    if fmt is Format.json:
        from auditor.report.jsonfmt import audit_document, dumps

        return dumps(audit_document(result))
    if fmt is Format.table:
        from auditor.report.table import render_audit_table

        return render_audit_table(result)
    if fmt is Format.sarif:
        from auditor.report.jsonfmt import dumps
        from auditor.report.sarif import sarif_document

        return dumps(sarif_document(result, source_root))
    if fmt is Format.markdown:
        from auditor.report.markdown import render_markdown

        return render_markdown(result)
    if fmt is Format.html:
        from auditor.report.html import render_html

        return render_html(result, lang)
    if fmt is Format.datasafety:
        from auditor.report.datasafety import render_datasafety

        return render_datasafety(result)
    if fmt is Format.pi_lists:
        from auditor.report.pilists import render_pilists_markdown

        return render_pilists_markdown(result)
    if fmt is Format.pi_lists_html:
        from auditor.report.pilists import render_pilists_html

        return render_pilists_html(result)
    raise ValueError(f"unknown format {fmt!r}")

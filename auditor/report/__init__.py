"""Renderers. Which function writes which format for which command: `auditor.report.formats`."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """The formats of `auditor scan` (kept for existing callers; the table in formats.py decides)."""

    table = "table"
    json = "json"
    sarif = "sarif"
    markdown = "markdown"
    html = "html"
    datasafety = "datasafety"  # Play Console Data safety CSV draft (scan only)
    pi_lists = "pi-lists"  # China's collection and sharing lists, Markdown (scan only)
    pi_lists_html = "pi-lists-html"  # the same two lists as one HTML page


def render_audit(result, fmt, source_root=None, **options) -> str:
    """Render a full audit (scan + optional policy + findings) in one of `auditor scan`'s formats."""
    from auditor.report.formats import RenderOptions, render

    return render("scan", getattr(fmt, "value", fmt), result, RenderOptions(source_root=source_root, **options))

"""Renderers: one function per format, chosen by an enum."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    table = "table"
    json = "json"


def render_scan(result, fmt: Format) -> str:
    if fmt is Format.json:
        from auditor.report.jsonfmt import dumps, scan_document

        return dumps(scan_document(result))
    if fmt is Format.table:
        from auditor.report.table import render_scan_table

        return render_scan_table(result)
    raise ValueError(f"unknown format {fmt!r}")  # pragma: no cover - guarded by test

"""One format-to-renderer table per command.

`RENDERERS[command][format]` names the function that writes that command's result in that
format, as "module:function" so that nothing is imported until it is used (`auditor --help`
stays fast). Every renderer has the signature `render(obj, opts: RenderOptions) -> str`;
`obj` is what the command produced:

| command | obj |
|---|---|
| `scan` | `auditor.audit.AuditResult` |
| `diff` | `DiffOutput` (the diff document and the new side's scan document) |
| `policy` | `auditor.policy.PolicyResult` |
| `sdks list` | `SdkListing` (the database and the selected entries) |
| `sdks show` | a signature entry |

A command accepts exactly the formats of its row (anything else is a usage error, exit 2).
To add a format, add one entry to a row here (and write the function).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any, Callable

from auditor.errors import UsageError

RENDERERS: dict[str, dict[str, str]] = {
    "scan": {
        "table": "auditor.report.formats:_scan_table",
        "json": "auditor.report.formats:_scan_json",
        "sarif": "auditor.report.formats:_scan_sarif",
        "markdown": "auditor.report.formats:_scan_markdown",
        "html": "auditor.report.formats:_scan_html",
        "datasafety": "auditor.report.formats:_scan_datasafety",
        "pi-lists": "auditor.report.formats:_scan_pilists",
        "pi-lists-html": "auditor.report.formats:_scan_pilists_html",
    },
    "diff": {
        "table": "auditor.report.formats:_diff_table",
        "json": "auditor.report.formats:_diff_json",
        "markdown": "auditor.report.formats:_diff_markdown",
        "sarif": "auditor.report.formats:_diff_sarif",
    },
    "policy": {
        "table": "auditor.report.formats:_policy_table",
        "json": "auditor.report.formats:_policy_json",
    },
    "sdks list": {
        "table": "auditor.report.formats:_sdks_list_table",
        "json": "auditor.report.formats:_sdks_list_json",
    },
    "sdks show": {
        "table": "auditor.report.formats:_sdks_show_table",
        "json": "auditor.report.formats:_sdks_show_json",
    },
}


@dataclass(frozen=True)
class RenderOptions:
    source_root: Path | None = None   # SARIF: anchor results to this tree's AndroidManifest.xml
    sarif_category: str | None = None  # SARIF runAutomationDetails.id (default auditor/<package>/<variant>)
    colour: bool = False               # ANSI colours (terminal table only)
    lang: str | None = None            # report language for formats that have labels (en, zh)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DiffOutput:
    diff: dict[str, Any]
    new_doc: dict[str, Any]
    fail_on: str = "high"
    failed: bool = False


@dataclass(frozen=True)
class SdkListing:
    db: Any
    entries: tuple


def formats(command: str) -> tuple[str, ...]:
    return tuple(RENDERERS[command])


def all_formats() -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for row in RENDERERS.values():
        seen.update(dict.fromkeys(row))
    return tuple(seen)


def renderer(command: str, fmt: str) -> Callable[[Any, RenderOptions], str]:
    row = RENDERERS[command]
    if fmt not in row:
        raise UsageError(f"--format {fmt}: `auditor {command}` writes {', '.join(row)}")
    module, _, name = row[fmt].partition(":")
    return getattr(import_module(module), name)


def render(command: str, fmt: str, obj: Any, opts: RenderOptions | None = None) -> str:
    return renderer(command, fmt)(obj, opts or RenderOptions())


# --- adapters from the table to the renderer modules --------------------------------------

def _scan_table(result, opts: RenderOptions) -> str:
    from auditor.report.table import render_audit_table

    return render_audit_table(result, colour=opts.colour)


def _scan_json(result, opts: RenderOptions) -> str:
    from auditor.report.jsonfmt import audit_document, dumps

    return dumps(audit_document(result))


def _scan_sarif(result, opts: RenderOptions) -> str:
    from auditor.report.jsonfmt import dumps
    from auditor.report.sarif import sarif_document

    return dumps(sarif_document(result, opts.source_root, opts.sarif_category))


def _scan_markdown(result, opts: RenderOptions) -> str:
    from auditor.report.markdown import render_markdown

    return render_markdown(result)


def _scan_html(result, opts: RenderOptions) -> str:
    from auditor.report.html import render_html

    return render_html(result, opts.lang)


def _scan_datasafety(result, opts: RenderOptions) -> str:
    from auditor.report.datasafety import render_datasafety

    return render_datasafety(result)


def _scan_pilists(result, opts: RenderOptions) -> str:
    from auditor.report.pilists import render_pilists_markdown

    return render_pilists_markdown(result)


def _scan_pilists_html(result, opts: RenderOptions) -> str:
    from auditor.report.pilists import render_pilists_html

    return render_pilists_html(result)


def _diff_table(out: DiffOutput, opts: RenderOptions) -> str:
    from auditor.report.difffmt import render_diff_table

    return render_diff_table(out.diff, out.fail_on, out.failed)


def _diff_json(out: DiffOutput, opts: RenderOptions) -> str:
    from auditor.report.jsonfmt import dumps

    d = dict(out.diff)
    d["summary"] = {**d["summary"], "fail_on": out.fail_on, "failed": out.failed}
    return dumps(d)


def _diff_markdown(out: DiffOutput, opts: RenderOptions) -> str:
    from auditor.report.difffmt import render_diff_markdown

    return render_diff_markdown(out.diff, out.fail_on, out.failed)


def _diff_sarif(out: DiffOutput, opts: RenderOptions) -> str:
    from auditor.report.jsonfmt import dumps
    from auditor.report.sarif import sarif_from_findings, sarif_inputs_from_document

    new = out.new_doc
    pol = (new.get("policy") or {}).get("input")
    findings = [f for f in out.diff["findings"]["new"] if f.get("status", "new") == "new"]
    signals, cat_perms = sarif_inputs_from_document(new)
    return dumps(sarif_from_findings(findings, new["input"], pol, new.get("signature_db"), opts.source_root,
                                     opts.sarif_category, new.get("app"), signals, cat_perms))


def _policy_table(p, opts: RenderOptions) -> str:
    from auditor.report.policyfmt import render_policy_table

    return render_policy_table(p)


def _policy_json(p, opts: RenderOptions) -> str:
    from auditor import __version__
    from auditor.report.jsonfmt import dumps
    from auditor.report.policyfmt import policy_document

    return dumps(policy_document(p, __version__))


def _sdks_list_table(listing: SdkListing, opts: RenderOptions) -> str:
    from auditor.report.sdkdb import render_list

    return render_list(listing.db, listing.entries, "table")


def _sdks_list_json(listing: SdkListing, opts: RenderOptions) -> str:
    from auditor.report.sdkdb import render_list

    return render_list(listing.db, listing.entries, "json")


def _sdks_show_table(entry, opts: RenderOptions) -> str:
    from auditor.report.sdkdb import render_entry

    return render_entry(entry, "table")


def _sdks_show_json(entry, opts: RenderOptions) -> str:
    from auditor.report.sdkdb import render_entry

    return render_entry(entry, "json")

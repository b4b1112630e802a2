"""Command line. Thin: parse arguments, call the library, map errors to exit codes.

Nothing heavy is imported at module level: `auditor --help` must stay fast, and
androguard is loaded only when an APK is actually read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from auditor import __version__
from auditor.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_USAGE, AuditorError
from auditor.report import Format

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Audit Android apps against their privacy policy.",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """auditor: permissions, SDKs and data access of an APK, checked against its privacy policy."""


def _fail(err: AuditorError) -> None:
    typer.echo(f"auditor: error: {err}", err=True)
    raise typer.Exit(err.exit_code)


def _read_input(path: Path) -> bytes:
    import stat

    try:
        if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            # /dev/zero, a FIFO, a socket: reading would never end or never be the same twice
            typer.echo(f"auditor: error: {path}: not a regular file (a device, pipe or socket); refused", err=True)
            raise typer.Exit(EXIT_INPUT)
        return path.read_bytes()
    except IsADirectoryError:
        typer.echo(f"auditor: error: {path}: is a directory", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    except FileNotFoundError:
        typer.echo(f"auditor: error: {path}: no such file", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    except OSError as exc:
        typer.echo(f"auditor: error: {path}: cannot be read ({exc.strerror})", err=True)
        raise typer.Exit(EXIT_INPUT) from None


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"auditor: error: {output}: cannot be written ({exc.strerror})", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _configured(config: Optional[Path], fail_on: Optional[str], baseline: Optional[Path], exit_zero: Optional[bool]):
    """(configuration dict, AuditSettings, exit-zero) from the config file with flags on top."""
    from auditor.config import load_config

    try:
        cfg, _ = load_config(config)
    except AuditorError as err:
        _fail(err)
    settings, zero = _audit_settings(cfg, fail_on, baseline, exit_zero)
    return cfg, settings, zero


def _audit_settings(cfg: dict, fail_on: Optional[str], baseline: Optional[Path], exit_zero: Optional[bool]):
    from auditor.config import audit_settings

    fingerprints: frozenset[str] = frozenset()
    base_path = baseline or (Path(cfg["baseline"]) if cfg.get("baseline") else None)
    if base_path is not None:
        fingerprints = _load_baseline(base_path)
    try:
        settings = audit_settings(cfg, fail_on, fingerprints)
    except AuditorError as err:
        _fail(err)
    return settings, bool(exit_zero if exit_zero is not None else cfg.get("exit_zero", False))


def _load_baseline(path: Path) -> frozenset[str]:
    from auditor.baseline import load_baseline
    from auditor.sdk import load_database

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        typer.echo(f"auditor: error: {path}: baseline file not found", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:
        typer.echo(f"auditor: error: {path}: baseline cannot be read ({exc.strerror})", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    try:
        base = load_baseline(data, str(path), load_database().version)
    except AuditorError as err:
        _fail(err)
    for w in base.warnings:
        typer.echo(f"auditor: warning: {w}", err=True)
    return base.fingerprints


def _run_audit(app_path: Path, policy_path: Optional[Path], no_code: bool, settings):
    from auditor.run import Settings, Skipped, audit_file
    from auditor.scan import ScanSettings

    done = audit_file(app_path, policy_path, Settings(ScanSettings(code=not no_code), settings))
    if isinstance(done, Skipped):
        typer.echo(f"auditor: error: {done.reason}", err=True)
        raise typer.Exit(done.exit_code)
    return done.result


@app.command()
def scan(
    app_path: Path = typer.Argument(..., metavar="APP", help="An .apk, or a split bundle (.apks/.xapk/.apkm)."),
    policy_path: Optional[Path] = typer.Option(None, "--policy", "-p", help="The app's privacy policy (txt, md, html)."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="table, json, sarif, markdown, html, "
                                         "datasafety (Play Data safety CSV), pi-lists or pi-lists-html."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here, not to stdout."),
    no_code: Optional[bool] = typer.Option(None, "--no-code", help="Skip the code stage (manifest-only scan)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a finding is at least this severe "
                                          "(info, low, medium, high; default high)."),
    exit_zero: Optional[bool] = typer.Option(None, "--exit-zero", help="Always exit 0 when the scan ran."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Only findings not in this baseline count."),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file (default: .auditor.toml or "
                                          "[tool.auditor] in ./pyproject.toml)."),
    source_root: Optional[Path] = typer.Option(None, "--source-root", help="The app's source tree: SARIF results are "
                                               "anchored to lines of its AndroidManifest.xml."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Labels of the HTML report: en or zh (default: the "
                                       "policy's language, else en)."),
) -> None:
    """Scan an app; with --policy, audit it against its privacy policy."""
    from auditor.errors import EXIT_FINDINGS
    from auditor.report import render_audit

    cfg, settings, zero = _configured(config, fail_on, baseline, exit_zero)
    if lang is not None and lang not in ("en", "zh"):
        typer.echo(f"auditor: error: --lang: {lang!r} is not one of en, zh", err=True)
        raise typer.Exit(EXIT_USAGE)
    if fmt is None:
        try:
            fmt = Format(cfg.get("format", "table"))
        except ValueError:
            typer.echo(f"auditor: error: configuration: unknown format {cfg['format']!r}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
    result = _run_audit(app_path, policy_path, bool(no_code if no_code is not None else cfg.get("no_code", False)),
                        settings)
    _emit(render_audit(result, fmt, source_root, lang), output)
    if fmt is Format.datasafety:
        from auditor.report.datasafety import datasafety_notes

        for note in datasafety_notes(result):
            typer.echo(f"auditor: note: {note}", err=True)
    if result.failed and not zero:
        raise typer.Exit(EXIT_FINDINGS)


baseline_app = typer.Typer(help="Record current findings so that only new ones count.", no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
def baseline_create(
    app_path: Path = typer.Argument(..., metavar="APP"),
    policy_path: Optional[Path] = typer.Option(None, "--policy", "-p"),
    output: Path = typer.Option(Path("auditor-baseline.json"), "--output", "-o"),
    no_code: bool = typer.Option(False, "--no-code"),
) -> None:
    """Scan APP (and its policy) and write every finding's fingerprint to a baseline file."""
    from auditor.audit import AuditSettings
    from auditor.baseline import baseline_document
    from auditor.report.jsonfmt import dumps

    result = _run_audit(app_path, policy_path, no_code, AuditSettings())
    _emit(dumps(baseline_document(result)), output)
    typer.echo(f"baseline: {len(result.findings)} findings written to {output}", err=True)


@app.command()
def policy(
    policy_path: Path = typer.Argument(..., metavar="POLICY", help="A privacy policy: .txt, .md or .html (UTF-8 or GBK)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here, not to stdout."),
    text: bool = typer.Option(False, "--text", help="Print the normalised text that evidence offsets refer to."),
) -> None:
    """Read a privacy policy: data categories, permission statements, SDK disclosures."""
    from auditor.policy import read_policy
    from auditor.report.policyfmt import policy_document, render_policy_table

    data = _read_input(policy_path)
    try:
        result = read_policy(data, policy_path.name)
    except AuditorError as err:
        _fail(err)
    if text:
        _emit(result.text, output)
    elif fmt is Format.json:
        from auditor.report.jsonfmt import dumps

        _emit(dumps(policy_document(result, __version__)), output)
    else:
        _emit(render_policy_table(result), output)


def _diff_side(path: Path, policy_path: Optional[Path], no_code: bool, settings, label: str) -> dict:
    """An APK/bundle (scanned and audited now) or a saved JSON scan report (used as it is)."""
    import json

    from auditor.diff import check_document
    from auditor.report.jsonfmt import audit_document

    data = _read_input(path)
    if data.lstrip()[:1] == b"{":
        try:
            doc = check_document(json.loads(data.decode("utf-8")), f"{path.name}")
        except (ValueError, UnicodeDecodeError) as exc:
            typer.echo(f"auditor: error: {path.name}: not a JSON scan report ({exc})", err=True)
            raise typer.Exit(EXIT_INPUT) from None
        except AuditorError as err:
            _fail(err)
        if policy_path is not None:
            typer.echo(f"auditor: note: {label} side {path.name} is a saved report: its findings are used as saved, "
                       f"{policy_path.name} is not applied to it", err=True)
        return doc
    return audit_document(_run_audit(path, policy_path, no_code, settings))


@app.command()
def diff(
    old: Path = typer.Argument(..., metavar="OLD", help="Old build: an APK/bundle or a saved JSON scan report."),
    new: Path = typer.Argument(..., metavar="NEW", help="New build: an APK/bundle or a saved JSON scan report."),
    policy_path: Optional[Path] = typer.Option(None, "--policy", "-p", help="Policy for the new build (and the old "
                                               "one, unless --old-policy is given)."),
    old_policy: Optional[Path] = typer.Option(None, "--old-policy", help="Policy for the old build."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json, markdown or sarif (new findings)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a change is at least this severe "
                                          "(default high)."),
    exit_zero: Optional[bool] = typer.Option(None, "--exit-zero"),
    no_code: bool = typer.Option(False, "--no-code", help="Skip the code stage on APK sides."),
    config: Optional[Path] = typer.Option(None, "--config"),
) -> None:
    """What changed between two builds, and whether the policy still covers it."""
    from auditor.diff import SEVERITIES, diff_documents, worst
    from auditor.errors import EXIT_FINDINGS

    _cfg, settings, zero = _configured(config, fail_on, None, exit_zero)
    old_doc = _diff_side(old, old_policy or policy_path, no_code, settings, "old")
    new_doc = _diff_side(new, policy_path, no_code, settings, "new")
    try:
        d = diff_documents(old_doc, new_doc)
    except AuditorError as err:
        _fail(err)
    w = worst(d)
    failed = w is not None and SEVERITIES.index(w) >= int(settings.fail_on)
    if fmt is Format.json:
        from auditor.report.jsonfmt import dumps

        d["summary"].update({"fail_on": settings.fail_on.name, "failed": failed})
        text = dumps(d)
    elif fmt is Format.markdown:
        from auditor.report.difffmt import render_diff_markdown

        text = render_diff_markdown(d, settings.fail_on.name, failed)
    elif fmt is Format.sarif:
        from auditor.report.jsonfmt import dumps
        from auditor.report.sarif import sarif_from_findings

        pol = (new_doc.get("policy") or {}).get("input")
        text = dumps(sarif_from_findings([f for f in d["findings"]["new"] if f.get("status", "new") == "new"],
                                         new_doc["input"], pol, new_doc.get("signature_db")))
    elif fmt is Format.table:
        from auditor.report.difffmt import render_diff_table

        text = render_diff_table(d, settings.fail_on.name, failed)
    else:
        typer.echo("auditor: error: diff supports table, json, markdown and sarif", err=True)
        raise typer.Exit(EXIT_USAGE)
    _emit(text, output)
    if failed and not zero:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("rules")
def rules_cmd(rule_id: Optional[str] = typer.Argument(None, metavar="[ID]", help="Show one rule in full.")) -> None:
    """List the audit rules (id, severity, confidence, summary), or show one."""
    from auditor.rules import all_rules

    rules = all_rules()
    if rule_id is None:
        for r in rules:
            typer.echo(f"{r.id}  {r.severity.name:<6} {r.confidence.name:<6} {'policy' if r.needs_policy else 'app   '} "
                       f"{r.name}: {r.summary}")
        return
    match = [r for r in rules if r.id == rule_id.upper()]
    if not match:
        typer.echo(f"auditor: error: no rule {rule_id!r} (see `auditor rules`)", err=True)
        raise typer.Exit(EXIT_USAGE)
    r = match[0]
    typer.echo(f"{r.id} {r.name}\n\n{r.summary}\n\nseverity {r.severity.name}, confidence {r.confidence.name}, "
               f"{'needs a policy' if r.needs_policy else 'needs no policy'}\n\n{r.rationale}\n\nrequirements:\n"
               + "\n".join(f"  - {x}" for x in r.references) + f"\n\nfix: {r.fix}")


@app.command("schema")
def schema_cmd(name: Optional[str] = typer.Argument(None, metavar="[NAME]",
                                                    help="scan (alias audit), policy, diff or baseline.")) -> None:
    """Print the JSON Schema (Draft 2020-12) of a JSON document auditor writes, or list them."""
    from auditor.documents import SCHEMAS, schema_text

    if name is None:
        for key, what in SCHEMAS.items():
            typer.echo(f"{key:<9} {what}")
        return
    try:
        sys.stdout.write(schema_text(name))
    except KeyError:
        typer.echo(f"auditor: error: no schema {name!r} (choose from: {', '.join(SCHEMAS)}, audit)", err=True)
        raise typer.Exit(EXIT_USAGE) from None


sdks_app = typer.Typer(help="Browse and check the SDK signature database.", no_args_is_help=True)
app.add_typer(sdks_app, name="sdks")
from auditor.batch.cli import batch_app  # noqa: E402  (auditor batch: its own module, nothing heavy imported)
app.add_typer(batch_app, name="batch")


@sdks_app.command("list")
def sdks_list(
    category: Optional[str] = typer.Option(None, help="Only this category (push, ads, analytics, ...)."),
    market: Optional[str] = typer.Option(None, help="Only this market: cn or global."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
) -> None:
    """List the SDKs the database knows, with coverage counts."""
    from auditor.sdk import load_database
    from auditor.report.sdkdb import render_list

    db = load_database()
    entries = [s for s in db.entries.values()
               if (category is None or s.category == category) and (market is None or s.market == market)]
    _emit(render_list(db, entries, fmt), None)


@sdks_app.command("show")
def sdks_show(sdk_id: str = typer.Argument(..., metavar="ID"),
              fmt: Format = typer.Option(Format.table, "--format", "-f")) -> None:
    """Show one SDK's entry: vendor, purpose, data, aliases, signals."""
    from auditor.sdk import load_database
    from auditor.report.sdkdb import render_entry

    db = load_database()
    if sdk_id not in db.entries:
        close = [k for k in db.entries if sdk_id.lower() in k]
        hint = f" (did you mean: {', '.join(sorted(close)[:5])})" if close else ""
        typer.echo(f"auditor: error: no SDK with id {sdk_id!r}{hint}", err=True)
        raise typer.Exit(EXIT_USAGE)
    _emit(render_entry(db.entries[sdk_id], fmt), None)


@sdks_app.command("validate")
def sdks_validate(path: Optional[Path] = typer.Option(None, "--path", help="A signature folder (default: the bundled one).")) -> None:
    """Check the database: schema, unique ids/aliases/prefixes, prefix length, examples."""
    from auditor.sdk.database import validate_folder

    if path is not None and not path.is_dir():
        typer.echo(f"auditor: error: {path}: not a directory", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        count, problems = validate_folder(path)
    except AuditorError as err:
        _fail(err)
    for p in problems:
        typer.echo(p)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {count} signature files", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {count} signature files valid, every example matches")


def main() -> None:
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("auditor: interrupted", err=True)
        raise SystemExit(130) from None
    except Exception as exc:  # a bug, not the user's fault: one line, distinct exit code
        if os.environ.get("AUDITOR_DEBUG"):
            raise
        typer.echo(f"auditor: internal error: {type(exc).__name__}: {exc} "
                   "(set AUDITOR_DEBUG=1 for a traceback, and please report it)", err=True)
        raise SystemExit(EXIT_INTERNAL) from None


if __name__ == "__main__":  # pragma: no cover
    main()

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
    try:
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


@app.command()
def scan(
    app_path: Path = typer.Argument(..., metavar="APP", help="An .apk, or a split bundle (.apks/.xapk/.apkm)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Report format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here, not to stdout."),
    no_code: bool = typer.Option(False, "--no-code", help="Skip the code stage (manifest-only scan)."),
) -> None:
    """Scan an app: identity, permissions, components and code inventory."""
    from auditor.scan import ScanSettings, scan_bytes
    from auditor.report import render_scan

    data = _read_input(app_path)
    try:
        result = scan_bytes(data, app_path.name, ScanSettings(code=not no_code))
    except AuditorError as err:
        _fail(err)
    except MemoryError:
        typer.echo(f"auditor: error: {app_path.name}: too large to scan in memory", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    _emit(render_scan(result, fmt), output)


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


sdks_app = typer.Typer(help="Browse and check the SDK signature database.", no_args_is_help=True)
app.add_typer(sdks_app, name="sdks")


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

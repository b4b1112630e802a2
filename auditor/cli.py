"""Command line. Thin: parse arguments, call the library, map errors to exit codes.

Nothing heavy is imported at module level: `auditor --help` must stay fast, and
androguard is loaded only when an APK is actually read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from auditor import __version__
from auditor.errors import EXIT_INPUT, EXIT_USAGE, AuditorError
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


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

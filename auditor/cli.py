"""Command line. Thin: parse arguments, call the library, map errors to exit codes.

Nothing heavy is imported at module level: `auditor --help` must stay fast, and
androguard is loaded only when an APK is actually read.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from auditor import __version__
from auditor.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_USAGE, AuditorError
from auditor.report.formats import RENDERERS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Audit Android apps against their privacy policy.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click usage errors: "Error: ..." lines, no boxes (and rich is not imported)
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """auditor: permissions, SDKs and data access of an APK, checked against its privacy policy."""


class _Log:
    """-q: nothing on stderr but errors; -v: progress and timings on stderr."""

    quiet = False
    verbose = False

    @classmethod
    def set(cls, quiet: bool, verbose: bool) -> None:
        if quiet and verbose:
            typer.echo("auditor: error: -q/--quiet and -v/--verbose exclude each other", err=True)
            raise typer.Exit(EXIT_USAGE)
        cls.quiet, cls.verbose = quiet, verbose

    @classmethod
    def note(cls, msg: str) -> None:
        if not cls.quiet:
            typer.echo(msg, err=True)

    @classmethod
    def step(cls, what: str, started: float) -> None:
        if cls.verbose:
            typer.echo(f"auditor: {what} ({time.perf_counter() - started:.3f} s)", err=True)


def _format_option(command: str, default: Optional[str] = None):
    """--format for one command: only the formats its row of the renderer table has (else exit 2)."""
    names = list(RENDERERS[command])

    def check(value: Optional[str]) -> Optional[str]:
        if value is not None and value not in names:
            raise typer.BadParameter(f"{value!r}: `auditor {command}` writes {', '.join(names)}")
        return value

    return typer.Option(default, "--format", "-f", callback=check, metavar="|".join(names),
                        help=f"{', '.join(names)}" + (f" (default {default})." if default else "."))


_QUIET = typer.Option(False, "--quiet", "-q", help="Only the verdict line (or nothing) and errors.")
_VERBOSE = typer.Option(False, "--verbose", "-v", help="Progress and timings on stderr.")
_LEARNED_HELP = ("Combine the English policy reading with the learned sentence model (vetoes and adds declarations; "
                 "the JSON's 'learned' key lists each change)")
_LEARNED = typer.Option(None, "--learned/--no-learned", help=_LEARNED_HELP + " (default: off since session 27).")
_OUTPUT = typer.Option(None, "--output", "-o", help="Write the report to this file ('-' = stdout).")


def _fail(err: AuditorError) -> None:
    typer.echo(f"auditor: error: {err}", err=True)
    raise typer.Exit(err.exit_code)


def _read_input(path: Path, map_large: bool = False) -> bytes:
    from auditor.source import read_source

    try:
        return read_source(path, path.name, map_large=map_large)
    except AuditorError as err:
        _fail(err)


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
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
        _Log.note(f"auditor: warning: {w}")
    return base.fingerprints


def _policy_input(spec, cache: Optional[Path] = None) -> tuple[bytes, str, Optional[str]]:
    """(bytes, file name, declared charset) of a policy given as a path or an http(s) URL;
    a URL is fetched (or read from --policy-cache), the only network access."""
    from auditor.policy.fetch import fetch_policy, is_url

    if isinstance(spec, str) and is_url(spec):
        try:
            got = fetch_policy(spec, cache)
        except AuditorError as err:
            _fail(err)
        return got.data, got.name, got.charset
    path = Path(spec)
    return _read_input(path), path.name, None


def _run_audit(app_path: Path, policy_path, no_code: bool, settings, policy_cache: Optional[Path] = None,
               learned: Optional[bool] = None):
    from auditor.run import Settings, Skipped, audit_file
    from auditor.scan import ScanSettings

    policy, policy_name = policy_path, None
    if isinstance(policy_path, str):
        from auditor.policy.fetch import as_utf8, is_url  # the policy reader's imports: only with --policy

        if is_url(policy_path):  # fetched here; the worker reads bytes (a declared charset applied first)
            data, policy_name, charset = _policy_input(policy_path, policy_cache)
            policy = as_utf8(data, charset)
        else:
            policy = Path(policy_path)
    done = audit_file(app_path, policy, Settings(ScanSettings(code=not no_code), settings, policy_learned=learned),
                      policy_name=policy_name)
    if isinstance(done, Skipped):
        typer.echo(f"auditor: error: {done.reason}", err=True)
        raise typer.Exit(done.exit_code)
    if _Log.verbose:
        r, t = done.result, done.timings
        calls = 0 if r.scan.code is None else len(r.scan.code.calls)
        typer.echo(f"auditor: read {app_path.name} ({r.scan.facts.input.size} bytes) ({t.get('read', 0):.3f} s)", err=True)
        typer.echo(f"auditor: scanned {app_path.name}: {len(r.scan.permissions)} permissions, {len(r.scan.sdks)} SDKs, "
                   f"{calls} call sites ({t.get('scan', 0):.3f} s)", err=True)
        if r.policy is not None:
            typer.echo(f"auditor: read policy {r.policy.name}: {r.policy.language}, {len(r.policy.categories)} "
                       f"categories ({t.get('policy', 0):.3f} s)", err=True)
        typer.echo(f"auditor: audit: {len(r.findings)} findings ({t.get('audit', 0):.3f} s)", err=True)
    return done.result


@app.command()
def scan(
    app_path: Path = typer.Argument(..., metavar="APP", help="An .apk, or a split bundle (.apks/.xapk/.apkm)."),
    policy_path: Optional[str] = typer.Option(None, "--policy", "-p", help="The app's privacy policy: a file (txt, md, "
                                              "html, pdf) or an http(s) URL."),
    policy_cache: Optional[Path] = typer.Option(None, "--policy-cache", help="Keep fetched policy URLs here; a URL "
                                                "found in it is not fetched again."),
    learned: Optional[bool] = _LEARNED,
    fmt: Optional[str] = _format_option("scan"),
    output: Optional[Path] = _OUTPUT,
    no_code: Optional[bool] = typer.Option(None, "--no-code", help="Skip the code stage (manifest-only scan)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a finding is at least this severe "
                                          "(info, low, medium, high; default high)."),
    exit_zero: Optional[bool] = typer.Option(None, "--exit-zero", help="Always exit 0 when the scan ran."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Only findings not in this baseline count."),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file (default: .auditor.toml or "
                                          "[tool.auditor] in ./pyproject.toml)."),
    source_root: Optional[Path] = typer.Option(None, "--source-root", help="The app's source tree: SARIF results are "
                                               "anchored to lines of its AndroidManifest.xml."),
    sarif_category: Optional[str] = typer.Option(None, "--sarif-category", help="SARIF runAutomationDetails.id "
                                                 "(default auditor/<package>/<variant>)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Labels of the HTML report: en or zh (default: the "
                                       "policy's language, else en)."),
    no_color: bool = typer.Option(False, "--no-color", help="No colours in the terminal table (also: NO_COLOR=1)."),
    quiet: bool = _QUIET,
    verbose: bool = _VERBOSE,
) -> None:
    """Scan an app; with --policy, audit it against its privacy policy."""
    from auditor.errors import EXIT_FINDINGS
    from auditor.report.formats import RenderOptions, render
    from auditor.report.text import colour_wanted

    _Log.set(quiet, verbose)
    cfg, settings, zero = _configured(config, fail_on, baseline, exit_zero)
    if lang is not None and lang not in ("en", "zh"):
        typer.echo(f"auditor: error: --lang: {lang!r} is not one of en, zh", err=True)
        raise typer.Exit(EXIT_USAGE)
    if fmt is None:
        fmt = cfg.get("format", "table")
        if fmt not in RENDERERS["scan"]:
            typer.echo(f"auditor: error: configuration: unknown format {fmt!r} (scan writes "
                       f"{', '.join(RENDERERS['scan'])})", err=True)
            raise typer.Exit(EXIT_USAGE)
    result = _run_audit(app_path, policy_path, bool(no_code if no_code is not None else cfg.get("no_code", False)),
                        settings, policy_cache, learned)
    to_stdout = output is None or str(output) == "-"
    if quiet and fmt == "table" and to_stdout:
        from auditor.report.table import verdict_line

        _emit(verdict_line(result) + "\n", None)
    else:
        t = time.perf_counter()
        opts = RenderOptions(source_root=source_root, sarif_category=sarif_category, lang=lang,
                             colour=fmt == "table" and to_stdout and colour_wanted(sys.stdout, no_color))
        _emit(render("scan", fmt, result, opts), output)
        _Log.step(f"rendered {fmt}", t)
        if quiet and not to_stdout:
            from auditor.report.table import verdict_line

            _emit(verdict_line(result) + "\n", None)
    if fmt == "datasafety":
        from auditor.report.datasafety import datasafety_notes

        for note in datasafety_notes(result):
            _Log.note(f"auditor: note: {note}")
    if result.failed and not zero:
        raise typer.Exit(EXIT_FINDINGS)


baseline_app = typer.Typer(help="Record current findings so that only new ones count.", no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
def baseline_create(
    app_path: Path = typer.Argument(..., metavar="APP"),
    policy_path: Optional[Path] = typer.Option(None, "--policy", "-p"),
    output: Path = typer.Option(Path("auditor-baseline.json"), "--output", "-o", help="'-' = stdout."),
    no_code: bool = typer.Option(False, "--no-code"),
    quiet: bool = _QUIET,
    verbose: bool = _VERBOSE,
) -> None:
    """Scan APP (and its policy) and write every finding's fingerprint to a baseline file."""
    from auditor.audit import AuditSettings
    from auditor.baseline import baseline_document
    from auditor.report.jsonfmt import dumps

    _Log.set(quiet, verbose)
    result = _run_audit(app_path, policy_path, no_code, AuditSettings())
    _emit(dumps(baseline_document(result)), output)
    _Log.note(f"baseline: {len(result.findings)} findings written to {'stdout' if str(output) == '-' else output}")


@app.command()
def policy(
    policy_path: str = typer.Argument(..., metavar="POLICY", help="A privacy policy: a .txt, .md, .html, .pdf or .vue file "
                                      "(UTF-8, UTF-16 or GBK), or an http(s) URL."),
    policy_cache: Optional[Path] = typer.Option(None, "--policy-cache", help="Keep fetched policy URLs here; a URL "
                                                "found in it is not fetched again."),
    fmt: str = _format_option("policy", "table"),
    output: Optional[Path] = _OUTPUT,
    text: bool = typer.Option(False, "--text", help="Print the normalised text that evidence offsets refer to."),
    learned: Optional[bool] = _LEARNED,
    quiet: bool = _QUIET,
    verbose: bool = _VERBOSE,
) -> None:
    """Read a privacy policy: data categories, permission statements, SDK disclosures."""
    from auditor.policy import read_policy
    from auditor.report.formats import render

    _Log.set(quiet, verbose)
    t = time.perf_counter()
    data, name, charset = _policy_input(policy_path, policy_cache)
    try:
        result = read_policy(data, name, charset=charset, learned=learned)
    except AuditorError as err:
        _fail(err)
    _Log.step(f"read policy {name} ({len(data)} bytes): {result.language}, "
              f"{len(result.categories)} categories, {len(result.sdks)} SDKs named", t)
    if text:
        _emit(result.text, output)
    elif quiet and fmt == "table" and (output is None or str(output) == "-"):
        _emit(f"{name}: {result.language}, {len(result.categories)} data categories, "
              f"{len(result.permissions)} permission statements, {len(result.sdks)} SDKs named\n", None)
    else:
        _emit(render("policy", fmt, result), output)


def _diff_side(path: Path, policy_path: Optional[Path], no_code: bool, settings, label: str) -> dict:
    """An APK/bundle (scanned and audited now) or a saved JSON scan report (used as it is)."""
    import json

    from auditor.diff import check_document
    from auditor.report.jsonfmt import audit_document

    data = _read_input(path, map_large=True)  # a large APK is mapped; only a report is read whole
    if bytes(data[:65536]).lstrip()[:1] == b"{":
        try:
            doc = check_document(json.loads(bytes(data).decode("utf-8")), f"{path.name}")
        except (ValueError, UnicodeDecodeError) as exc:
            typer.echo(f"auditor: error: {path.name}: not a JSON scan report ({exc})", err=True)
            raise typer.Exit(EXIT_INPUT) from None
        except AuditorError as err:
            _fail(err)
        if policy_path is not None:
            _Log.note(f"auditor: note: {label} side {path.name} is a saved report: its findings are used as saved, "
                      f"{policy_path.name} is not applied to it")
        return doc
    del data
    return audit_document(_run_audit(path, policy_path, no_code, settings))


@app.command()
def diff(
    old: Path = typer.Argument(..., metavar="OLD", help="Old build: an APK/bundle or a saved JSON scan report."),
    new: Path = typer.Argument(..., metavar="NEW", help="New build: an APK/bundle or a saved JSON scan report."),
    policy_path: Optional[Path] = typer.Option(None, "--policy", "-p", help="Policy for the new build (and the old "
                                               "one, unless --old-policy is given)."),
    old_policy: Optional[Path] = typer.Option(None, "--old-policy", help="Policy for the old build."),
    fmt: str = _format_option("diff", "table"),
    output: Optional[Path] = _OUTPUT,
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a change is at least this severe "
                                          "(default high)."),
    exit_zero: Optional[bool] = typer.Option(None, "--exit-zero"),
    no_code: bool = typer.Option(False, "--no-code", help="Skip the code stage on APK sides."),
    config: Optional[Path] = typer.Option(None, "--config"),
    source_root: Optional[Path] = typer.Option(None, "--source-root", help="SARIF: the new build's source tree."),
    sarif_category: Optional[str] = typer.Option(None, "--sarif-category", help="SARIF runAutomationDetails.id."),
    quiet: bool = _QUIET,
    verbose: bool = _VERBOSE,
) -> None:
    """What changed between two builds, and whether the policy still covers it."""
    from auditor.diff import SEVERITIES, diff_documents, worst
    from auditor.errors import EXIT_FINDINGS
    from auditor.report.formats import DiffOutput, RenderOptions, render

    _Log.set(quiet, verbose)
    _cfg, settings, zero = _configured(config, fail_on, None, exit_zero)
    old_doc = _diff_side(old, old_policy or policy_path, no_code, settings, "old")
    new_doc = _diff_side(new, policy_path, no_code, settings, "new")
    try:
        d = diff_documents(old_doc, new_doc)
    except AuditorError as err:
        _fail(err)
    w = worst(d)
    failed = w is not None and SEVERITIES.index(w) >= int(settings.fail_on)
    out = DiffOutput(d, new_doc, settings.fail_on.name, failed)
    if quiet and fmt == "table" and (output is None or str(output) == "-"):
        c = d["summary"]["counts"]
        text = (f"{'FAIL' if failed else 'pass'}: {old.name} -> {new.name}: {d['summary']['changes']} change(s); "
                + ", ".join(f"{n} {k}" for k, n in c.items()) + f" (fail on {settings.fail_on.name})\n")
    else:
        text = render("diff", fmt, out, RenderOptions(source_root=source_root, sarif_category=sarif_category))
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
    fmt: str = _format_option("sdks list", "table"),
    output: Optional[Path] = _OUTPUT,
) -> None:
    """List the SDKs the database knows, with coverage counts."""
    from auditor.report.formats import SdkListing, render
    from auditor.sdk import load_database

    db = load_database()
    entries = [s for s in db.entries.values()
               if (category is None or s.category == category) and (market is None or s.market == market)]
    _emit(render("sdks list", fmt, SdkListing(db, tuple(entries))), output)


@sdks_app.command("show")
def sdks_show(sdk_id: str = typer.Argument(..., metavar="ID"),
              fmt: str = _format_option("sdks show", "table"),
              output: Optional[Path] = _OUTPUT) -> None:
    """Show one SDK's entry: vendor, purpose, data, aliases, signals."""
    from auditor.report.formats import render
    from auditor.sdk import load_database

    db = load_database()
    if sdk_id not in db.entries:
        close = [k for k in db.entries if sdk_id.lower() in k]
        hint = f" (did you mean: {', '.join(sorted(close)[:5])})" if close else ""
        typer.echo(f"auditor: error: no SDK with id {sdk_id!r}{hint}", err=True)
        raise typer.Exit(EXIT_USAGE)
    _emit(render("sdks show", fmt, db.entries[sdk_id]), output)


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

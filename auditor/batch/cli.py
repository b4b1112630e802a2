"""`auditor batch ...`: registered in auditor/cli.py with one line. Thin, like the main CLI.

`auditor batch INPUTS...` is short for `auditor batch run INPUTS...`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup

from auditor.errors import EXIT_INPUT, EXIT_USAGE, AuditorError

MiB = 2**20


class _DefaultRun(TyperGroup):
    """Arguments that are not a subcommand go to `run`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


batch_app = typer.Typer(cls=_DefaultRun, no_args_is_help=True,
                        help="Audit many apps into a results store (local processes or a Dask cluster).")


def _fail(err: AuditorError) -> None:
    typer.echo(f"auditor: error: {err}", err=True)
    raise typer.Exit(err.exit_code)


def _open_store(path: Path, create: bool):
    from auditor.batch.store import Store

    try:
        return Store(path, create=create)
    except AuditorError as err:
        _fail(err)


def _settings(config: Optional[Path], fail_on: Optional[str], no_code: Optional[bool], signatures: Optional[Path],
              learned: Optional[bool] = None):
    from auditor.catalogues import load_catalogues
    from auditor.config import audit_settings, load_config
    from auditor.run import Settings
    from auditor.scan import ScanSettings

    try:
        cfg, _ = load_config(config)
        aset = audit_settings(cfg, fail_on)
        cat = load_catalogues(signatures)
    except AuditorError as err:
        _fail(err)
    code = not bool(no_code if no_code is not None else cfg.get("no_code", False))
    return Settings(ScanSettings(code=code), aset, cat, policy_learned=learned)


@batch_app.command("run")
def batch_run(
    inputs: List[str] = typer.Argument(None, metavar="INPUTS...", help="APK/bundle files, directories (searched "
                                       "recursively for .apk/.apks/.xapk/.apkm/.aab) or globs."),
    store_path: Path = typer.Option(Path("audits.db"), "--store", help="The results store (SQLite, created if absent)."),
    list_file: List[Path] = typer.Option([], "--list", help="A file with one input path per line (repeatable)."),
    policy: Optional[str] = typer.Option(None, "--policy", "-p", help="One policy for every app (or the fallback "
                                         "for apps the manifest does not map): a file or an http(s) URL."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="CSV (columns app,policy) or JSONL "
                                            "({\"app\":..., \"policy\":...}); app is a path or a package name, "
                                            "policy a file or an http(s) URL."),
    policy_cache: Optional[Path] = typer.Option(None, "--policy-cache", help="Where fetched policy URLs are kept "
                                                "(default: STORE.policies/ beside the store); a URL found there is "
                                                "not fetched again."),
    workers: int = typer.Option(0, "--workers", "-j", help="Local worker processes (default: CPU count)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="An existing Dask scheduler, tcp://HOST:8786."),
    dask_local: int = typer.Option(0, "--dask-local", help="Start a distributed.LocalCluster with N workers."),
    timeout: float = typer.Option(300.0, "--timeout", help="Seconds one app may take (0: no limit)."),
    max_memory: int = typer.Option(2048, "--max-memory", help="MiB one app may add to its worker (0: no limit)."),
    force: bool = typer.Option(False, "--force", help="Audit again what the store already holds."),
    retry_errors: bool = typer.Option(False, "--retry-errors", help="Audit again inputs stored as errors "
                                      "(timeouts, memory, crashes)."),
    send_bytes: bool = typer.Option(False, "--send-bytes", help="Ship input bytes to workers (for clusters that "
                                    "cannot see the client's files)."),
    no_code: Optional[bool] = typer.Option(None, "--no-code", help="Manifest-only scans."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Severity that fails an app's audit (default high)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file (as for auditor scan)."),
    signatures: Optional[Path] = typer.Option(None, "--signatures", help="Pin a signature database folder "
                                              "(default: the bundled one)."),
    learned: Optional[bool] = typer.Option(None, "--learned/--no-learned", help="Combine the English policy reading "
                                           "with the learned sentence model (default: off since session 27; part of "
                                           "the store's settings key when on)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="One line per finished app."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Audit every input into the store; rerunning resumes (what the store holds is skipped)."""
    import os
    import time

    from auditor.batch.runner import PolicyMap, expand_inputs, make_plan, run_plan

    if sum(bool(x) for x in (workers, scheduler, dask_local)) > 1:
        typer.echo("auditor: error: choose one of --workers, --scheduler, --dask-local", err=True)
        raise typer.Exit(EXIT_USAGE)
    if not inputs and not list_file:
        typer.echo("auditor: error: no inputs (give files, directories, globs or --list FILE)", err=True)
        raise typer.Exit(EXIT_USAGE)
    settings = _settings(config, fail_on, no_code, signatures, learned)
    try:
        from functools import partial

        from auditor.policy.fetch import fetch_to_file, is_url

        paths, problems = expand_inputs(inputs or [], list_file)
        fetch = partial(fetch_to_file, cache_dir=policy_cache or Path(str(store_path) + ".policies"))
        default, label = None, None
        if policy is not None and is_url(policy):  # the one policy of every app: unreachable stops here
            default, label = fetch(policy)
        elif policy is not None:
            default = Path(policy)
            if not default.is_file():
                raise AuditorError(f"{policy}: no such policy file")
        policies = PolicyMap.load(default, manifest, fetch)
        if label is not None:
            policies.labels[str(default)] = label
    except AuditorError as err:
        _fail(err)
    store = _open_store(store_path, create=True)
    say = (lambda m: None) if quiet else (lambda m: typer.echo(m, err=True))
    for p in problems:
        typer.echo(f"auditor: warning: {p}", err=True)
    for u in policies.unavailable:
        typer.echo(f"auditor: warning: {u.reason}; its apps are stored as errors", err=True)
    plan = make_plan(paths, policies, settings, store, force=force, retry_errors=retry_errors,
                     send_bytes=send_bytes or False)
    for p in plan.problems:
        typer.echo(f"auditor: warning: {p}", err=True)
    say(f"batch: {plan.total} input(s), {plan.held} already in {store_path}, {len(plan.tasks)} to audit")
    if not plan.tasks:
        store.close()
        return
    lim_t = timeout or None
    lim_m = max_memory * MiB if max_memory else None
    try:
        if scheduler or dask_local:
            from auditor.batch.executors import DaskExecutor

            executor = DaskExecutor(settings, lim_t, lim_m, scheduler=scheduler, local_workers=dask_local or None)
        else:
            from auditor.batch.executors import LocalPool

            executor = LocalPool(workers or os.cpu_count() or 1, settings, lim_t, lim_m)
    except AuditorError as err:
        _fail(err)
    except OSError as exc:
        typer.echo(f"auditor: error: cannot reach the Dask scheduler {scheduler}: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    t0 = time.perf_counter()
    progress = None
    if not quiet and not verbose and sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(TextColumn("auditing"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} apps/min"), TimeRemainingColumn(), transient=True)
        bar = progress.add_task("batch", total=len(plan.tasks), rate="-")
        progress.start()

    def on_record(task, rec) -> None:
        if progress is not None:
            done = progress.tasks[0].completed + 1
            rate = done / max(1e-9, time.perf_counter() - t0) * 60
            progress.update(bar, advance=1, rate=f"{rate:.0f}")
        elif verbose:
            idx = rec.get("index") or {}
            c = idx.get("counts") or {}
            what = (f"{idx.get('package')} {'FAIL' if idx.get('failed') else 'pass'} "
                    f"high={c.get('high', 0)} medium={c.get('medium', 0)}" if rec["status"] == "ok"
                    else rec.get("reason") or "")
            typer.echo(f"{rec['status']:<7} {rec.get('seconds', 0):6.2f}s  {task.meta['path']}  {what}", err=True)

    try:
        out = run_plan(plan, executor, store, on_record)
    finally:
        if progress is not None:
            progress.stop()
    executor.close(cancel=out.interrupted)
    store.close()
    secs = time.perf_counter() - t0
    say(f"batch: {out.done} audited in {secs:.1f} s ({out.done / max(secs, 1e-9) * 60:.0f} apps/min): "
        f"{out.ok} ok ({out.failed_audits} failing their audit), {out.skipped} unreadable input(s), "
        f"{out.error} error(s); store {store_path}")
    if out.interrupted:
        typer.echo(f"auditor: interrupted: {out.done} result(s) kept in {store_path}; "
                   "run the same command again to resume", err=True)
        raise typer.Exit(130)


@batch_app.command("query")
def batch_query(
    store_path: Path = typer.Option(Path("audits.db"), "--store"),
    sdk: Optional[str] = typer.Option(None, "--sdk", help="Apps embedding this SDK id."),
    permission: Optional[str] = typer.Option(None, "--permission", help="Apps requesting this permission "
                                             "(short names like READ_CONTACTS work)."),
    rule: Optional[str] = typer.Option(None, "--rule", help="Apps with a new finding of this rule id."),
    package: Optional[str] = typer.Option(None, "--package", help="This package name."),
    status: Optional[str] = typer.Option(None, "--status", help="ok, skipped or error."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Which apps embed SDK X / request permission Y / fail rule Z (conditions combine)."""
    from auditor.batch.export import query_rows, render_rows

    store = _open_store(store_path, create=False)
    if fmt not in ("table", "json"):
        typer.echo("auditor: error: batch query supports table and json", err=True)
        raise typer.Exit(EXIT_USAGE)
    rows = query_rows(store, sdk=sdk, permission=permission, rule=rule, package=package, status=status)
    sys.stdout.write(render_rows(rows, fmt))
    store.close()


@batch_app.command("export")
def batch_export(
    store_path: Path = typer.Option(Path("audits.db"), "--store"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl or csv."),
    per: str = typer.Option("app", "--per", help="app (one line per audited input) or finding."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here, not to stdout."),
) -> None:
    """Export the store for pandas or a spreadsheet: one line per app, or per finding."""
    from auditor.batch.export import export

    if fmt not in ("jsonl", "csv") or per not in ("app", "finding"):
        typer.echo("auditor: error: --format jsonl|csv and --per app|finding", err=True)
        raise typer.Exit(EXIT_USAGE)
    store = _open_store(store_path, create=False)
    if output is not None and str(output) == "-":  # "-o -" is stdout, as in every command
        output = None
    try:
        fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        typer.echo(f"auditor: error: {output}: cannot be written ({exc.strerror})", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    try:
        n = export(store, fh, fmt, per)
    finally:
        if output:
            fh.close()
        store.close()
    if output:
        typer.echo(f"export: {n} row(s) written to {output}", err=True)


@batch_app.command("report")
def batch_report(
    store_path: Path = typer.Option(Path("audits.db"), "--store"),
    output: Path = typer.Option(Path("dashboard.html"), "--output", "-o"),
    app_reports: bool = typer.Option(True, "--app-reports/--no-app-reports",
                                     help="Also write each app's own HTML page (in OUTPUT's sibling folder)."),
) -> None:
    """One self-contained HTML dashboard of the store (inline SVG, no scripts, no network)."""
    from auditor.batch.dashboard import write_dashboard

    store = _open_store(store_path, create=False)
    try:
        n = write_dashboard(store, output, app_reports)
    except OSError as exc:
        typer.echo(f"auditor: error: {output}: cannot be written ({exc.strerror})", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        store.close()
    typer.echo(f"report: {output} ({n} app(s))", err=True)

"""Plan a batch (expand inputs, hash them, pair them with policies, drop what the store
already holds) and run it (dispatch to an executor, write each record as it arrives)."""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from auditor import __version__
from auditor.errors import AuditorError, UsageError

APP_SUFFIXES = (".apk", ".apks", ".xapk", ".apkm", ".aab")
NO_POLICY = ""


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def expand_inputs(items: Iterable[str], list_files: Iterable[Path] = ()) -> tuple[list[Path], list[str]]:
    """Files, directories (recursive, app suffixes only), globs and list files (one path a
    line, `#` comments) -> (distinct paths in a stable order, problems)."""
    out: list[Path] = []
    problems: list[str] = []
    pending = list(items)
    for lf in list_files:
        try:
            lines = Path(lf).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UsageError(f"{lf}: list file cannot be read ({exc.strerror})") from None
        base = Path(lf).parent
        pending += [str(base / ln.strip()) if not os.path.isabs(ln.strip()) else ln.strip()
                    for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    for item in pending:
        p = Path(item)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in APP_SUFFIXES)
        elif p.is_file():
            out.append(p)
        elif any(ch in item for ch in "*?["):
            hits = sorted(Path(x) for x in glob.glob(item, recursive=True) if os.path.isfile(x))
            if not hits:
                problems.append(f"{item}: no file matches")
            out += hits
        else:
            problems.append(f"{item}: no such file or directory")
    seen: set[str] = set()
    uniq = []
    for p in out:
        k = str(p.resolve())
        if k not in seen:
            seen.add(k)
            uniq.append(p)
    return uniq, problems


@dataclass(frozen=True)
class Unavailable:
    """A policy URL that could not be fetched: the apps mapped to it become error rows with
    this reason (one unreachable page never stops the batch), retried by `--retry-errors`
    and re-audited on a rerun that reaches it."""

    url: str
    reason: str


@dataclass
class PolicyMap:
    """--policy for every app, or a manifest: app path or package name -> policy file (or an
    http(s) URL, fetched once up front through the policy cache into a file workers read)."""

    default: Path | None = None
    by_path: dict[str, Path | Unavailable] = field(default_factory=dict)
    by_package: dict[str, Path | Unavailable] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # fetched file -> name for the report

    @classmethod
    def load(cls, default: Path | None, manifest: Path | None,
             fetch: Callable[[str], tuple[Path, str]] | None = None) -> "PolicyMap":
        """`fetch(url) -> (file, name)` resolves URL rows (auditor.policy.fetch.fetch_to_file
        bound to a cache directory); without it a URL row is a usage error."""
        pm = cls(default=default)
        if manifest is None:
            return pm
        try:
            text = manifest.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{manifest}: manifest cannot be read ({exc.strerror})") from None
        rows: list[dict] = []
        if manifest.suffix.lower() in (".jsonl", ".ndjson"):
            for i, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except ValueError as exc:
                        raise UsageError(f"{manifest}:{i}: not JSON ({exc})") from None
        else:
            rows = list(csv.DictReader(text.splitlines()))
        base = manifest.parent
        fetched: dict[str, Path | Unavailable] = {}
        for i, r in enumerate(rows, 1):
            if not isinstance(r, dict) or not r.get("app") or not r.get("policy"):
                raise UsageError(f"{manifest}: row {i} needs `app` (path or package) and `policy`")
            app, pol = str(r["app"]).strip(), str(r["policy"]).strip()
            if "://" in pol:
                if fetch is None:
                    raise UsageError(f"{manifest}: row {i}: policy URLs need a policy cache ({pol})")
                if pol not in fetched:
                    try:
                        path, name = fetch(pol)
                        fetched[pol] = path
                        pm.labels[str(path)] = name
                    except AuditorError as exc:
                        fetched[pol] = Unavailable(pol, str(exc))
                pol_path = fetched[pol]
            else:
                pol_path = Path(pol) if os.path.isabs(pol) else base / pol
                if not pol_path.is_file():
                    raise UsageError(f"{manifest}: row {i}: policy {pol_path} not found")
            looks_path = "/" in app or app.lower().endswith(APP_SUFFIXES)
            if looks_path:
                ap = Path(app) if os.path.isabs(app) else base / app
                pm.by_path[str(ap.resolve())] = pol_path
            else:
                pm.by_package[app] = pol_path
        return pm

    @property
    def unavailable(self) -> list[Unavailable]:
        seen = {v.url: v for v in (*self.by_path.values(), *self.by_package.values()) if isinstance(v, Unavailable)}
        return list(seen.values())

    def for_path(self, path: Path) -> Path | Unavailable | None:
        return self.by_path.get(str(path.resolve()), None if self.by_package else self.default)


@dataclass
class Task:
    spec: dict
    key: tuple[str, str, str, str, str]
    meta: dict


@dataclass
class Plan:
    tasks: list[Task]
    held: int  # inputs the store already holds for the same key
    problems: list[str]  # inputs that could not even be hashed
    total: int


def make_plan(paths: list[Path], policies: PolicyMap, settings, store, *, force: bool = False,
              retry_errors: bool = False, send_bytes: bool = False) -> Plan:
    cat = settings.cat
    cat_sha, set_sha = cat.sha256, settings.digest()
    statuses = ("ok", "skipped") if retry_errors else ("ok", "skipped", "error")
    done = set() if force else store.done_keys(__version__, cat_sha, set_sha, statuses)
    pol_sha: dict[str, str] = {}

    def policy_sha(p: Path | Unavailable) -> str:
        if isinstance(p, Unavailable):  # a later run that reaches the page has another key
            return "unavailable:" + hashlib.sha256(p.url.encode()).hexdigest()
        k = str(p)
        if k not in pol_sha:
            pol_sha[k] = _sha256_file(p)
        return pol_sha[k]

    by_pkg = None
    if policies.by_package:
        # An app mapped by package name gets its policy after its manifest is read (in the
        # worker); its key carries the hash of the whole package table and the default policy.
        table = {pkg: policy_sha(p) for pkg, p in sorted(policies.by_package.items())}
        table[""] = policy_sha(policies.default) if policies.default else ""
        by_pkg_sha = "by-package:" + hashlib.sha256(json.dumps(table, sort_keys=True).encode()).hexdigest()
        by_pkg = {pkg: {"unavailable": p.reason} if isinstance(p, Unavailable) else str(p)
                  for pkg, p in policies.by_package.items()}
    tasks, problems, held = [], [], 0
    for p in paths:
        try:
            st = p.stat()
            sha = store.known_hash(str(p.resolve()), st.st_size, st.st_mtime_ns)
            if sha is None:
                sha = _sha256_file(p)
                store.remember_hash(str(p.resolve()), st.st_size, st.st_mtime_ns, sha)
        except OSError as exc:
            problems.append(f"{p}: cannot be read ({exc.strerror})")
            continue
        pol = policies.for_path(p)
        if pol is not None:
            psha = policy_sha(pol)
        elif by_pkg is not None:
            psha = by_pkg_sha
        else:
            psha = NO_POLICY
        key = (sha, __version__, cat_sha, set_sha, psha)
        if (sha, psha) in done:
            held += 1
            continue
        done.add((sha, psha))  # the same bytes twice in one batch: audited once
        if isinstance(pol, Unavailable):
            spec = {"path": str(p.resolve()), "name": p.name, "sha256": sha, "policy": None, "policy_name": None,
                    "policy_error": pol.reason}
        else:
            spec = {"path": str(p.resolve()), "name": p.name, "sha256": sha,
                    "policy": str(pol.resolve()) if pol else None,
                    "policy_name": policies.labels.get(str(pol), pol.name) if pol else None}
        if pol is None and by_pkg is not None:
            spec["policy_by_package"] = by_pkg
            spec["policy"] = str(policies.default.resolve()) if policies.default else None
        if send_bytes and "policy_error" not in spec:
            spec["data"] = p.read_bytes()
            if spec.get("policy"):
                spec["policy_data"] = Path(spec["policy"]).read_bytes()
        meta = {"path": str(p), "name": p.name, "size": st.st_size,
                "policy": (pol.url if isinstance(pol, Unavailable) else str(pol)) if pol else None,
                "signature_db_sha256": cat.signatures.sha256, "signature_db_version": cat.signatures.version}
        tasks.append(Task(spec, key, meta))
    return Plan(tasks, held, problems, len(paths))


@dataclass
class Outcome:
    done: int = 0
    ok: int = 0
    skipped: int = 0
    error: int = 0
    failed_audits: int = 0
    interrupted: bool = False


def run_plan(plan: Plan, executor, store, on_record: Callable[[Task, dict], None] | None = None) -> Outcome:
    """Dispatch every task, store each record as it arrives (one transaction each).
    KeyboardInterrupt stops dispatching; what is stored stays stored."""
    by_id = {id(t.spec): t for t in plan.tasks}
    out = Outcome()
    try:
        for spec, rec in executor.run(t.spec for t in plan.tasks):
            task = by_id[id(spec)]
            if rec.get("sha256") and rec["sha256"] != task.key[0] and rec["status"] == "ok":
                rec = {**rec, "status": "error", "document_z": None, "index": None,
                       "reason": f"{task.meta['name']}: input changed while the batch ran (sha256 differs)"}
            store.put(task.key, rec, task.meta)
            out.done += 1
            setattr(out, rec["status"], getattr(out, rec["status"]) + 1)
            if rec["status"] == "ok" and (rec.get("index") or {}).get("failed"):
                out.failed_audits += 1
            if on_record:
                on_record(task, rec)
    except KeyboardInterrupt:
        out.interrupted = True
    return out

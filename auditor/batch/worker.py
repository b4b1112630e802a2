"""The batch worker: pure (a path or bytes in, a JSON-able record out), isolated per task.

`audit_task` runs one input through `auditor.run.audit_file` in the calling process.
`run_guarded` runs it in a forked child with an address-space limit and a wall-clock
deadline, so a hang, a memory blow-up or a crash of one input becomes an error record
and the worker process itself survives. Both executors (the local pool and Dask
workers) call `run_guarded`; neither ever touches the store.

A task spec is a dict: {"path", "name", "sha256", "policy", "policy_name", "data"?,
"policy_data"?}; "data" carries the bytes when workers cannot see the client's files.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import resource
import select
import signal
import time
import zlib
from pathlib import Path
from typing import Any

DANGEROUS = "dangerous"
NOT_AUDITED = "policy not audited: "
_ALLOC_FAILED = re.compile(r"too large to scan in memory|unable to allocate|out of memory|MemoryError", re.I)


def _index(doc: dict) -> dict[str, Any]:
    """What the store indexes: package, SDKs, permissions, findings, verdict counts."""
    app = doc.get("app") or {}
    summary = doc.get("summary") or {}
    return {
        "package": app.get("package"), "version_code": app.get("version_code"),
        "version_name": app.get("version_name"), "target_sdk": app.get("target_sdk"),
        "failed": bool(summary.get("failed")), "counts": summary.get("counts") or {},
        "sdks": [[s["id"], s.get("vendor"), s.get("category"), s.get("confidence")] for s in doc.get("sdks", [])],
        "permissions": sorted({(p["name"], p.get("protection_level") == DANGEROUS)
                               for p in doc.get("permissions", []) if (p.get("effective") or {}).get("applies", True)}),
        "findings": [[f["rule_id"], f["severity"], f["subject"]["kind"], f["subject"]["id"], f.get("status", "new")]
                     for f in doc.get("findings", [])],
    }


def audit_task(spec: dict, settings) -> dict[str, Any]:
    """One input -> a record: status ok (document, zlib-compressed JSON), or skipped (an
    input error, with the reason the CLI would print). Runs in the calling process."""
    from auditor.report.jsonfmt import dumps
    from auditor.run import Skipped, audit_file

    if spec.get("policy_error"):  # its policy URL could not be fetched: an error row, retried later
        return {"status": "error", "sha256": spec.get("sha256"), "timings": {},
                "reason": f"{spec['name']}: {NOT_AUDITED}{spec['policy_error']}"}
    app = spec.get("data") if spec.get("data") is not None else spec["path"]
    policy = spec.get("policy_data") if spec.get("policy_data") is not None else spec.get("policy")
    if spec.get("policy_by_package") is not None:
        table, default = spec["policy_by_package"], policy

        def policy(package: str):
            found = table.get(package)
            if isinstance(found, dict):
                from auditor.errors import PolicyUnavailable

                raise PolicyUnavailable(f"{NOT_AUDITED}{found['unavailable']}")
            return Path(found) if found is not None else default
    done = audit_file(app, policy, settings, name=spec["name"], policy_name=spec.get("policy_name"))
    if isinstance(done, Skipped):
        # a policy URL that could not be fetched is an error row (retried), not an unreadable app
        status = "error" if done.kind in ("memory", "policy") else "skipped"
        return {"status": status, "sha256": done.sha256, "reason": done.reason, "timings": {}}
    doc = done.document()
    text = dumps(doc)
    return {"status": "ok", "sha256": done.sha256, "reason": None, "timings": done.timings,
            "index": _index(doc), "document_z": zlib.compress(text.encode("utf-8"), 6)}


def _vm_size() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(spec: dict, settings, max_memory: int | None, wfd: int) -> None:
    """In the forked child: limit, run, write the pickled record, exit without cleanup."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if max_memory:
            limit = _vm_size() + max_memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
        try:
            rec = audit_task(spec, settings)
        except MemoryError:
            rec = {"status": "error", "sha256": spec.get("sha256"), "timings": {},
                   "reason": f"memory limit exceeded ({max_memory // 2**20} MiB above the worker's size)"
                   if max_memory else "out of memory"}
        except Exception as exc:  # a bug on one input must not stop the batch: recorded with its reason
            rec = {"status": "error", "sha256": spec.get("sha256"), "timings": {},
                   "reason": f"internal error: {type(exc).__name__}: {exc}"}
        if max_memory and rec["status"] != "ok" and _ALLOC_FAILED.search(rec.get("reason") or ""):
            # A failed allocation under the task's limit (MemoryError, or zlib's "unable to
            # allocate" that the archive reader reports) is the limit, not a bad input.
            rec.update(status="error", reason=f"memory limit exceeded ({max_memory // 2**20} MiB above the "
                                              f"worker's size): {rec.get('reason')}")
        # Memory is released before serialising, so a record always fits.
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        payload = pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        while view:
            n = os.write(wfd, view)
            view = view[n:]
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        code = 70
    finally:
        os._exit(code)


def _death(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        hint = " (killed: out of memory?)" if sig == signal.SIGKILL else ""
        return f"worker process died with signal {name}{hint}"
    return f"worker process exited with code {os.WEXITSTATUS(status)} without a result"


def run_guarded(spec: dict, settings, timeout: float | None = None, max_memory: int | None = None) -> dict[str, Any]:
    """Run `audit_task` in a forked child: a deadline, a memory limit, and any crash become
    an error record. Returns the record plus `seconds`, `peak_rss` (bytes) and `worker`."""
    t0 = time.perf_counter()
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(rfd)
        _child(spec, settings, max_memory, wfd)
    os.close(wfd)
    chunks: list[bytes] = []
    deadline = None if not timeout else t0 + timeout
    timed_out = False
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.perf_counter())
            ready, _, _ = select.select([rfd], [], [], wait)
            if not ready:
                timed_out = True
                os.kill(pid, signal.SIGKILL)
                break
            b = os.read(rfd, 1 << 20)
            if not b:
                break
            chunks.append(b)
    finally:
        os.close(rfd)
        _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - t0
    if timed_out:
        rec = {"status": "error", "sha256": spec.get("sha256"), "timings": {},
               "reason": f"timed out after {timeout:g} s"}
    elif chunks and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        rec = pickle.loads(b"".join(chunks))
    else:
        rec = {"status": "error", "sha256": spec.get("sha256"), "timings": {}, "reason": _death(status)}
    rec["seconds"] = round(seconds, 6)
    rec["peak_rss"] = usage.ru_maxrss * 1024
    rec["worker"] = f"{os.uname().nodename}:{os.getpid()}"
    return rec


def record_json(rec: dict) -> str:
    """A record without its compressed document, for logs."""
    return json.dumps({k: v for k, v in rec.items() if k != "document_z"}, sort_keys=True)


_WARM: set[int] = set()


def warm(settings) -> None:
    """Load everything a task needs once per worker process, before tasks are forked:
    modules (androguard included), catalogue indexes, permission tables. Idempotent."""
    if id(settings) in _WARM:
        return
    from auditor.apk._androguard import axml
    from auditor.apk import code as _code  # noqa: F401
    from auditor.audit import audit as _audit  # noqa: F401
    from auditor.knowledge import libraries, permission_base
    from auditor.policy import read_policy as _rp  # noqa: F401
    from auditor.report import jsonfmt as _j  # noqa: F401
    from auditor.report import findings as _f, policyfmt as _p  # noqa: F401
    from auditor.rules import all_rules

    axml()
    all_rules()
    permission_base()
    libraries()
    cat = settings.cat
    cat.matcher
    cat.sdk_index
    # One real audit of the packaged sample fills the process-wide caches (compiled
    # regexes, glob patterns) that forked task children would otherwise rebuild each time.
    from importlib import resources

    from auditor.run import audit_file

    here = resources.files(__package__).joinpath("warmup")
    audit_file(here.joinpath("chat.apk").read_bytes(), here.joinpath("chat_policy.md").read_bytes(), settings,
               name="chat.apk", policy_name="chat_policy.md")
    _WARM.add(id(settings))

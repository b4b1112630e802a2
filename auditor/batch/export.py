"""Queries and exports over a batch store (read-only)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

APP_COLUMNS = ["input_sha256", "input_path", "input_name", "input_size", "policy_path", "status", "reason", "package",
               "version_code", "version_name", "target_sdk", "failed", "high", "medium", "low", "info", "seconds",
               "peak_rss", "worker", "tool_version", "signature_db_version", "sdks", "dangerous_permissions"]
FINDING_COLUMNS = ["input_sha256", "input_path", "package", "version_code", "rule_id", "severity", "subject_kind",
                   "subject_id", "status"]


def _perm(name: str) -> str:
    return name if "." in name else f"android.permission.{name}"


def query_rows(store, *, sdk=None, permission=None, rule=None, package=None, status=None) -> list[dict[str, Any]]:
    where, params = [], []
    if sdk:
        where.append("id IN (SELECT audit_id FROM audit_sdks WHERE sdk_id = ?)")
        params.append(sdk)
    if permission:
        where.append("id IN (SELECT audit_id FROM audit_permissions WHERE permission = ?)")
        params.append(_perm(permission))
    if rule:
        where.append("id IN (SELECT audit_id FROM audit_findings WHERE rule_id = ? AND status = 'new')")
        params.append(rule.upper())
    if package:
        where.append("package = ?")
        params.append(package)
    if status:
        where.append("status = ?")
        params.append(status)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    return [dict(r) for r in store.rows(clause, tuple(params))]


def render_rows(rows: list[dict], fmt: str) -> str:
    keep = ["package", "version_code", "status", "failed", "high", "medium", "input_path", "input_sha256", "reason"]
    if fmt == "json":
        return json.dumps([{k: r[k] for k in keep} for r in rows], indent=2, ensure_ascii=False) + "\n"
    from tabulate import tabulate

    table = [[r["package"] or "-", r["version_code"] if r["version_code"] is not None else "-", r["status"],
              {None: "-", 0: "pass", 1: "FAIL"}[r["failed"]], r["high"] if r["high"] is not None else "-",
              r["input_path"], (r["reason"] or "")[:60]] for r in rows]
    head = ["package", "version", "status", "verdict", "high", "input", "reason"]
    return tabulate(table, head, tablefmt="simple") + f"\n{len(rows)} app(s)\n"


def _extras(store) -> tuple[dict[int, str], dict[int, str]]:
    sdks: dict[int, list[str]] = {}
    for aid, sid in store.db.execute("SELECT audit_id, sdk_id FROM audit_sdks ORDER BY audit_id, sdk_id"):
        sdks.setdefault(aid, []).append(sid)
    perms: dict[int, list[str]] = {}
    for aid, p in store.db.execute("SELECT audit_id, permission FROM audit_permissions WHERE dangerous = 1 "
                                   "ORDER BY audit_id, permission"):
        perms.setdefault(aid, []).append(p)
    return {k: " ".join(v) for k, v in sdks.items()}, {k: " ".join(v) for k, v in perms.items()}


def export(store, fh: TextIO, fmt: str, per: str) -> int:
    """Write one line per app (`per="app"`) or per finding; returns the number of rows."""
    if per == "app":
        sdks, perms = _extras(store)
        rows = ({**{k: r[k] for k in APP_COLUMNS if k in r.keys()}, "sdks": sdks.get(r["id"], ""),
                 "dangerous_permissions": perms.get(r["id"], "")} for r in store.rows())
        cols = APP_COLUMNS
    else:
        q = ("SELECT a.input_sha256, a.input_path, a.package, a.version_code, f.rule_id, f.severity, f.subject_kind, "
             "f.subject_id, f.status FROM audit_findings f JOIN audits a ON a.id = f.audit_id ORDER BY a.id, f.rowid")
        rows = (dict(zip(FINDING_COLUMNS, r)) for r in store.db.execute(q))
        cols = FINDING_COLUMNS
    n = 0
    if fmt == "csv":
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
            n += 1
    else:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n

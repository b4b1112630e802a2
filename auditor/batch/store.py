"""The batch results store: one SQLite file (WAL), written only by the batch client.

One row per key (input sha256, tool version, catalogue sha256, settings sha256, policy
sha256) in `audits`, with status, timings, peak memory, verdict counts and the full JSON
document (zlib-compressed); child tables index SDKs, permissions and findings so that
"which apps embed SDK X / request permission Y / fail rule Z" is an index lookup.

Each finished input is committed in its own transaction, replacing any older row for
the same key, so a client killed at any point leaves whole rows only, and a rerun
neither loses nor duplicates one. A file that is not an auditor store (or is damaged)
is an error naming it; it is never replaced. The schema is versioned: opening an older
store migrates it in place, a newer one is refused.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from pathlib import Path
from typing import Any, Iterator

from auditor.errors import InputError

APP_ID = 0x41554454  # "AUDT": PRAGMA application_id of an auditor store
SCHEMA_VERSION = 2

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE audits (
    id INTEGER PRIMARY KEY,
    input_sha256 TEXT NOT NULL, tool_version TEXT NOT NULL, catalogue_sha256 TEXT NOT NULL,
    settings_sha256 TEXT NOT NULL, policy_sha256 TEXT NOT NULL,
    signature_db_sha256 TEXT, signature_db_version TEXT,
    input_path TEXT, input_name TEXT, input_size INTEGER, policy_path TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'skipped', 'error')), reason TEXT,
    package TEXT, version_code INTEGER, version_name TEXT, target_sdk INTEGER,
    failed INTEGER, high INTEGER, medium INTEGER, low INTEGER, info INTEGER,
    seconds REAL, timings TEXT, peak_rss INTEGER, worker TEXT, finished_at REAL,
    document BLOB,
    UNIQUE (input_sha256, tool_version, catalogue_sha256, settings_sha256, policy_sha256)
);
CREATE INDEX audits_package ON audits (package);
CREATE INDEX audits_status ON audits (status);
CREATE TABLE audit_sdks (audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    sdk_id TEXT NOT NULL, vendor TEXT, category TEXT, confidence TEXT);
CREATE INDEX audit_sdks_sdk ON audit_sdks (sdk_id);
CREATE INDEX audit_sdks_audit ON audit_sdks (audit_id);
CREATE TABLE audit_permissions (audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    permission TEXT NOT NULL, dangerous INTEGER NOT NULL);
CREATE INDEX audit_permissions_permission ON audit_permissions (permission);
CREATE INDEX audit_permissions_audit ON audit_permissions (audit_id);
CREATE TABLE audit_findings (audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL, severity TEXT NOT NULL, subject_kind TEXT, subject_id TEXT, status TEXT);
CREATE INDEX audit_findings_rule ON audit_findings (rule_id);
CREATE INDEX audit_findings_audit ON audit_findings (audit_id);
"""

# Version 2: remember (path, size, mtime) -> sha256, so a resumed batch does not hash
# every input again before it can tell what is already done.
_V2 = """
CREATE TABLE input_hashes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL);
"""

MIGRATIONS = {1: _V1, 2: _V2}  # version -> the DDL that takes a store from version-1 to version


class StoreError(InputError):
    """The store file cannot be used (exit code 3); it is left as it is."""


def _fail(path: Path, why: str) -> StoreError:
    return StoreError(f"{path}: {why}; the file was left untouched (use another --store path)")


class Store:
    def __init__(self, path: Path | str, create: bool = True) -> None:
        self.path = Path(path)
        existed = self.path.exists() and self.path.stat().st_size > 0
        if not existed and not create:
            raise StoreError(f"{self.path}: no such store")
        if existed:
            self._check_header()
        try:
            self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            if existed:
                self._check_existing()
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate(existed)
        except sqlite3.DatabaseError as exc:
            raise _fail(self.path, f"not a usable auditor store ({exc})") from None

    # ---- opening ---------------------------------------------------------------------
    def _check_header(self) -> None:
        with open(self.path, "rb") as fh:
            head = fh.read(100)
        if not head.startswith(b"SQLite format 3\x00"):
            raise _fail(self.path, "not an auditor store (not an SQLite database)")
        if len(head) < 100:
            raise _fail(self.path, "damaged store (truncated header)")

    def _check_existing(self) -> None:
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APP_ID:
            raise _fail(self.path, "an SQLite database that is not an auditor store")
        bad = self.db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if bad != "ok":
            raise _fail(self.path, f"damaged store ({bad})")

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, existed: bool) -> None:
        v = self.version
        if v > SCHEMA_VERSION:
            raise _fail(self.path, f"store schema version {v} is newer than this auditor supports "
                                   f"({SCHEMA_VERSION}); upgrade auditor")
        if existed and v == 0:
            raise _fail(self.path, "an auditor store without a schema version")
        for target in range(v + 1, SCHEMA_VERSION + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for stmt in filter(str.strip, MIGRATIONS[target].split(";")):
                    self.db.execute(stmt)
                if target == 1:
                    self.db.execute(f"PRAGMA application_id = {APP_ID}")
                    self.db.execute("INSERT INTO meta VALUES ('created', ?)", (str(time.time()),))
                self.db.execute(f"PRAGMA user_version = {target}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- writing ---------------------------------------------------------------------
    def put(self, key: tuple[str, str, str, str, str], rec: dict[str, Any], meta: dict[str, Any]) -> None:
        """Store one finished input atomically, replacing an older row with the same key."""
        idx = rec.get("index") or {}
        counts = idx.get("counts") or {}
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM audits WHERE input_sha256=? AND tool_version=? AND catalogue_sha256=? "
                       "AND settings_sha256=? AND policy_sha256=?", key)
            cur = db.execute(
                "INSERT INTO audits (input_sha256, tool_version, catalogue_sha256, settings_sha256, policy_sha256, "
                "signature_db_sha256, signature_db_version, input_path, input_name, input_size, policy_path, status, "
                "reason, package, version_code, version_name, target_sdk, failed, high, medium, low, info, seconds, "
                "timings, peak_rss, worker, finished_at, document) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*key, meta.get("signature_db_sha256"), meta.get("signature_db_version"), meta.get("path"),
                 meta.get("name"), meta.get("size"), meta.get("policy"), rec["status"], rec.get("reason"),
                 idx.get("package"), idx.get("version_code"), idx.get("version_name"), idx.get("target_sdk"),
                 None if rec["status"] != "ok" else int(bool(idx.get("failed"))),
                 counts.get("high"), counts.get("medium"), counts.get("low"), counts.get("info"),
                 rec.get("seconds"), json.dumps(rec.get("timings") or {}), rec.get("peak_rss"), rec.get("worker"),
                 time.time(), rec.get("document_z")))
            aid = cur.lastrowid
            db.executemany("INSERT INTO audit_sdks VALUES (?,?,?,?,?)", [(aid, *s) for s in idx.get("sdks", [])])
            db.executemany("INSERT INTO audit_permissions VALUES (?,?,?)",
                           [(aid, p, int(d)) for p, d in idx.get("permissions", [])])
            db.executemany("INSERT INTO audit_findings VALUES (?,?,?,?,?,?)",
                           [(aid, *f) for f in idx.get("findings", [])])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def remember_hash(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO input_hashes VALUES (?,?,?,?)", (path, size, mtime_ns, sha256))

    def known_hash(self, path: str, size: int, mtime_ns: int) -> str | None:
        row = self.db.execute("SELECT sha256 FROM input_hashes WHERE path=? AND size=? AND mtime_ns=?",
                              (path, size, mtime_ns)).fetchone()
        return row[0] if row else None

    # ---- reading ---------------------------------------------------------------------
    def done_keys(self, tool_version: str, catalogue_sha256: str, settings_sha256: str,
                  statuses: tuple[str, ...] = ("ok", "skipped", "error")) -> set[tuple[str, str]]:
        """(input sha256, policy sha256) already stored for this tool, catalogue and settings."""
        q = ("SELECT input_sha256, policy_sha256 FROM audits WHERE tool_version=? AND catalogue_sha256=? "
             f"AND settings_sha256=? AND status IN ({','.join('?' * len(statuses))})")
        return set(self.db.execute(q, (tool_version, catalogue_sha256, settings_sha256, *statuses)).fetchall())

    def rows(self, where: str = "", params: tuple = ()) -> Iterator[sqlite3.Row]:
        self.db.row_factory = sqlite3.Row
        try:
            yield from self.db.execute(
                "SELECT id, input_sha256, input_path, input_name, input_size, policy_path, status, reason, package, "
                "version_code, version_name, target_sdk, failed, high, medium, low, info, seconds, peak_rss, worker, "
                "tool_version, signature_db_version, signature_db_sha256, timings FROM audits "
                + where + " ORDER BY id", params)
        finally:
            self.db.row_factory = None

    def document(self, audit_id: int) -> dict | None:
        row = self.db.execute("SELECT document FROM audits WHERE id=?", (audit_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        return json.loads(zlib.decompress(row[0]).decode("utf-8"))

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM audits").fetchone()[0]

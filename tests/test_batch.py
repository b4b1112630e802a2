"""auditor batch: the shared worker function, the store, executors (a real Dask LocalCluster
with two worker processes), isolation of bad inputs, kill-and-resume, outputs."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.batch.runner import PolicyMap, expand_inputs, make_plan, run_plan
from auditor.batch.store import SCHEMA_VERSION, Store, StoreError
from auditor.catalogues import load_catalogues
from auditor.run import Audited, Settings, Skipped, audit_file
from conftest import ROOT, SAMPLES, run_cli

POLICIES = SAMPLES / "policies"
APPS = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".apk", ".apks", ".xapk", ".apkm", ".aab"))


def vary(data: bytes, tag: str) -> bytes:
    """The same app with a different zip comment: different bytes and sha256, same content."""
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as zf:
        zf.comment = tag.encode()
    return buf.getvalue()


def _cli_scan_json(app: Path, policy: Path | None) -> dict:
    """What `auditor scan APP [--policy P] --format json` prints (the command itself, in-process)."""
    from auditor.cli import app as cli

    args = ["scan", str(app), "--format", "json", "--exit-zero"] + (["--policy", str(policy)] if policy else [])
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _batch(*args: str):
    """`auditor batch ...` through the real command, in-process (saves an interpreter start)."""
    from auditor.cli import app as cli

    return CliRunner().invoke(cli, ["batch", *args])


# ---- the one worker function -------------------------------------------------------------

def test_audit_file_reports_skips_with_sha_and_reason(tmp_path):
    missing = audit_file(tmp_path / "nope.apk")
    assert isinstance(missing, Skipped) and missing.sha256 is None and missing.reason.endswith("nope.apk: no such file")
    bad = tmp_path / "bad.apk"
    bad.write_bytes((SAMPLES / "chat.apk").read_bytes()[:4000])
    skipped = audit_file(bad)
    assert isinstance(skipped, Skipped) and skipped.exit_code == 3
    import hashlib

    assert skipped.sha256 == hashlib.sha256(bad.read_bytes()).hexdigest()
    done = audit_file(SAMPLES / "chat.apk", POLICIES / "chat_policy.md")
    assert isinstance(done, Audited) and done.result.policy is not None
    assert set(done.timings) == {"read", "scan", "policy", "audit"}


def test_catalogues_in_settings_pin_the_signature_database(tmp_path):
    """A run uses the database its settings carry, in the scan, the rules and the policy reader."""
    sigs = tmp_path / "sigs"
    shutil.copytree(ROOT / "sdk_signatures", sigs)
    (sigs / "umeng_analytics.toml").unlink()
    cat = load_catalogues(sigs)
    assert cat.signatures.sha256 != load_catalogues().signatures.sha256 and cat.sha256 != load_catalogues().sha256
    base = audit_file(SAMPLES / "chat.apk", POLICIES / "chat_policy.md")
    pinned = audit_file(SAMPLES / "chat.apk", POLICIES / "chat_policy.md", Settings(catalogues=cat))
    ids = lambda r: {h.id for h in r.result.scan.sdks}  # noqa: E731
    assert "umeng_analytics" in ids(base) and "umeng_analytics" not in ids(pinned)
    assert pinned.result.scan.signature_db.sha256 == cat.signatures.sha256
    named = lambda r: {s.sdk_id for s in r.result.policy.sdks}  # noqa: E731
    assert "umeng_analytics" not in named(pinned)
    assert all("umeng_analytics" != row.sdk_id for row in pinned.result.checklist)


def test_catalogues_pickle_without_derived_indexes():
    import pickle

    cat = load_catalogues()
    cat.matcher  # noqa: B018 - builds the cached index
    state = pickle.dumps(cat)
    back = pickle.loads(state)
    assert "matcher" not in back.__dict__ and back.sha256 == cat.sha256
    assert back.matcher.db.sha256 == cat.signatures.sha256


# ---- a real LocalCluster with two worker processes ---------------------------------------------

@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def dask_store(tmp_path_factory, dask_client):
    """Every sample app through a 2-process LocalCluster, policies from a manifest (by path and
    by package name)."""
    from auditor.batch.executors import DaskExecutor

    d = tmp_path_factory.mktemp("dask")
    manifest = d / "policies.csv"
    manifest.write_text("app,policy\n"
                        f"{SAMPLES / 'chat.apk'},{POLICIES / 'chat_policy.md'}\n"
                        f"{SAMPLES / 'voicenotes.apk'},{POLICIES / 'voicenotes_policy.txt'}\n"
                        f"com.example.shop,{POLICIES / 'shop_policy.html'}\n")
    store = Store(d / "audits.db")
    settings = Settings(catalogues=load_catalogues())
    paths, problems = expand_inputs([str(SAMPLES)])
    assert not problems and set(paths) == set(APPS)
    plan = make_plan(paths, PolicyMap.load(None, manifest), settings, store)
    ex = DaskExecutor(settings, 120, None, client=dask_client)
    out = run_plan(plan, ex, store)
    ex.close()
    workers = {r["worker"] for r in store.rows()}
    store.close()
    return d / "audits.db", out, workers


def test_dask_cluster_documents_equal_single_app_scan(dask_store):
    path, out, workers = dask_store
    assert out.done == len(APPS) and out.ok == len(APPS)
    assert len(workers) == 2  # both worker processes took tasks
    policy_of = {"chat.apk": POLICIES / "chat_policy.md", "voicenotes.apk": POLICIES / "voicenotes_policy.txt"}
    with Store(path) as store:
        rows = list(store.rows())
        assert len(rows) == len(APPS)
        for r in rows:
            doc = store.document(r["id"])
            pol = policy_of.get(r["input_name"])
            if pol is None and doc["app"]["package"] == "com.example.shop":
                pol = POLICIES / "shop_policy.html"  # mapped by package name in the manifest
            assert doc == _cli_scan_json(Path(r["input_path"]), pol), r["input_path"]
            assert r["peak_rss"] > 0 and r["seconds"] > 0 and r["package"] == doc["app"]["package"]


def test_store_answers_sdk_permission_rule_queries(dask_store):
    """Each index query returns exactly the apps whose stored document says so."""
    path = dask_store[0]
    from auditor.cli import app as cli

    with Store(path) as store:
        docs = {r["input_sha256"]: store.document(r["id"]) for r in store.rows()}
    checks = [
        (["--sdk", "jpush"], lambda d: any(s["id"] == "jpush" for s in d["sdks"])),
        (["--permission", "RECORD_AUDIO"],
         lambda d: any(p["name"] == "android.permission.RECORD_AUDIO" and p["effective"]["applies"]
                       for p in d["permissions"])),
        (["--rule", "AUD502"], lambda d: any(f["rule_id"] == "AUD502" and f["status"] == "new" for f in d["findings"])),
        (["--sdk", "jpush", "--permission", "CAMERA"],
         lambda d: any(s["id"] == "jpush" for s in d["sdks"])
         and any(p["name"] == "android.permission.CAMERA" for p in d["permissions"])),
    ]
    for args, pred in checks:
        res = CliRunner().invoke(cli, ["batch", "query", "--store", str(path), "-f", "json", *args])
        assert res.exit_code == 0, res.output
        got = {r["input_sha256"] for r in json.loads(res.stdout)}
        assert got == {sha for sha, d in docs.items() if pred(d)}, args
        assert got  # every query here has an answer in the samples
    res = CliRunner().invoke(cli, ["batch", "query", "--store", str(path), "--sdk", "jpush"])
    n = sum(any(s["id"] == "jpush" for s in d["sdks"]) for d in docs.values())
    assert "com.example.chat" in res.stdout and f"\n{n} app(s)" in res.stdout


def test_export_jsonl_and_csv(dask_store, tmp_path):
    path = dask_store[0]
    from auditor.cli import app as cli

    res = CliRunner().invoke(cli, ["batch", "export", "--store", str(path), "--format", "jsonl"])
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(lines) == len(APPS) and all(x["status"] == "ok" for x in lines)
    chat = next(x for x in lines if x["input_name"] == "chat.apk")
    assert "jpush" in chat["sdks"].split() and "android.permission.CAMERA" in chat["dangerous_permissions"].split()
    out = tmp_path / "findings.csv"
    res = CliRunner().invoke(cli, ["batch", "export", "--store", str(path), "--format", "csv", "--per", "finding",
                                   "-o", str(out)])
    assert res.exit_code == 0, res.output
    import csv

    rows = list(csv.DictReader(out.open()))
    with Store(path) as store:
        expected = sum(len(store.document(r["id"])["findings"]) for r in store.rows())
    assert len(rows) == expected and {"rule_id", "severity", "package"} <= set(rows[0])


def test_dashboard_is_self_contained_and_links_app_pages(dask_store, tmp_path):
    path = dask_store[0]
    from auditor.cli import app as cli

    out = tmp_path / "dashboard.html"
    res = CliRunner().invoke(cli, ["batch", "report", "--store", str(path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text()
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    for section in ('id="totals"', "Findings by rule", "by vendor", "by category", "Dangerous-permission prevalence",
                    'id="slowest"', 'id="failed"', 'id="apps"', "<svg"):
        assert section in html, section
    links = [x.split('"')[0] for x in html.split('<a href="')[1:]]
    assert len(links) == len(APPS)
    page = (tmp_path / links[0]).read_text()
    assert "Findings" in page and "../dashboard.html" in page


def test_resume_skips_held_inputs_and_force_reaudits(dask_store, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(dask_store[0], path)
    settings = Settings(catalogues=load_catalogues())
    same = PolicyMap.load(None, dask_store[0].parent / "policies.csv")
    with Store(path) as store:
        plan = make_plan(APPS, same, settings, store)
        assert plan.held == len(APPS) and plan.tasks == []
        assert len(make_plan(APPS, same, settings, store, force=True).tasks) == len(APPS)
        # another policy is another key: nothing is held for it
        other = make_plan(APPS, PolicyMap(default=POLICIES / "diary_policy.md"), settings, store)
        assert other.held == 0 and len(other.tasks) == len(APPS)


# ---- isolation: hanging, memory-bomb and corrupt inputs -------------------------------------

def _padded(src: Path, dst: Path, extra: bytes) -> None:
    """A valid app whose classes.dex carries `extra` bytes at its end (compressed, they are tiny),
    with the DEX header's file_size covering them, so a reader must take them in."""
    import struct

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "classes.dex":
                data = bytearray(data + extra)
                struct.pack_into("<I", data, 32, len(data))
            zout.writestr(info.filename, bytes(data))


def test_bad_inputs_become_error_rows_and_the_batch_finishes(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLES / "chat.apk", d / "chat.apk")
    shutil.copy(SAMPLES / "voicenotes.apk", d / "voicenotes.apk")
    (d / "corrupt.apk").write_bytes((SAMPLES / "legacy.apk").read_bytes()[:3000])
    # classes.dex inflates to 60 MiB (under the 64 MiB DEX limit): beyond a 64 MiB task budget once read and scanned
    _padded(SAMPLES / "legacy.apk", d / "bomb.apk", bytes(60 * 2**20))
    db = tmp_path / "a.db"
    proc = _batch(str(d), "--store", str(db), "--workers", "2", "--timeout", "120", "--max-memory", "64")
    assert proc.exit_code == 0, proc.output
    assert "4 audited" in proc.output and "2 ok" in proc.output and "1 error(s)" in proc.output
    # A task that cannot finish in time: chat (new bytes) audited against a 3 MB policy of 40,000
    # sections, whose reading takes seconds, far beyond a 0.5 s deadline. Only slow.apk has a
    # policy in the manifest, so the held rows keep their keys.
    (d / "slow.apk").write_bytes(vary((SAMPLES / "chat.apk").read_bytes(), "slow"))
    slow_policy = tmp_path / "slow_policy.md"
    slow_policy.write_text("".join(f"## 第{i}节 设备权限\n我们会收集您的位置信息和设备标识符。\n" for i in range(40000)),
                           encoding="utf-8")
    manifest = tmp_path / "policies.csv"
    manifest.write_text(f"app,policy\n{d / 'slow.apk'},{slow_policy}\n", encoding="utf-8")
    proc = _batch(str(d), "--store", str(db), "--workers", "1", "--timeout", "0.5", "--max-memory", "0",
                  "--manifest", str(manifest))
    assert proc.exit_code == 0, proc.output
    assert "4 already in" in proc.output and "1 audited" in proc.output  # the held rows are not redone
    with Store(db) as store:
        rows = {r["input_name"]: r for r in store.rows()}
    assert set(rows) == {"chat.apk", "voicenotes.apk", "corrupt.apk", "bomb.apk", "slow.apk"}
    assert rows["chat.apk"]["status"] == rows["voicenotes.apk"]["status"] == "ok"
    assert rows["corrupt.apk"]["status"] == "skipped" and "zip" in rows["corrupt.apk"]["reason"].lower()
    assert rows["bomb.apk"]["status"] == "error" and "memory limit exceeded" in rows["bomb.apk"]["reason"]
    assert rows["slow.apk"]["status"] == "error" and rows["slow.apk"]["reason"] == "timed out after 0.5 s"


def test_rerun_of_a_key_replaces_its_row_atomically(tmp_path):
    with Store(tmp_path / "a.db") as store:
        key = ("sha", "t", "c", "s", "")
        rec = {"status": "error", "reason": "timed out after 1 s", "index": None}
        store.put(key, rec, {"name": "x.apk"})
        idx = {"package": "com.x", "counts": {"high": 1}, "failed": True, "sdks": [["jpush", "v", "push", "high"]],
               "permissions": [["android.permission.CAMERA", True]], "findings": [["AUD101", "high", "p", "x", "new"]]}
        store.put(key, {"status": "ok", "index": idx, "document_z": None}, {"name": "x.apk"})
        rows = list(store.rows())
        assert len(rows) == 1 and rows[0]["status"] == "ok" and rows[0]["high"] == 1
        assert store.db.execute("SELECT count(*) FROM audit_sdks").fetchone()[0] == 1
        store.put(key, rec, {"name": "x.apk"})  # and back: the old index rows go with the old row
        assert store.db.execute("SELECT count(*) FROM audit_sdks").fetchone()[0] == 0 and store.count() == 1


# ---- kill -9 of the client, then the same command again --------------------------------------

def _stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM audits").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _start_and_signal(cmd: list[str], db: Path, at_least: int, sig: int) -> subprocess.Popen:
    """Start the batch in its own process group and send `sig` to the group (what Ctrl-C in
    a terminal does; SIGKILL: the client and its pool die at once) once `at_least` rows are in."""
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None and (not db.exists() or _stored(db) < at_least):
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be interrupted"
    os.killpg(proc.pid, sig)
    return proc


def test_ctrl_c_then_kill_minus_9_then_rerun_loses_and_duplicates_nothing(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    srcs = [SAMPLES / n for n in ("chat.apk", "voicenotes.apk", "bigshop.apk", "shop.apks")]
    n = 14
    for i in range(n):
        src = srcs[i % len(srcs)]
        (d / f"app{i:02d}{src.suffix}").write_bytes(vary(src.read_bytes(), f"copy {i}"))
    db = tmp_path / "a.db"
    cmd = [sys.executable, "-m", "auditor.cli", "batch", str(d), "--store", str(db), "--workers", "1"]
    proc = _start_and_signal(cmd, db, 2, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "run the same command again to resume" in err and "Traceback" not in err
    after_int = _stored(db)
    assert 2 <= after_int < n
    proc = _start_and_signal(cmd, db, after_int + 2, signal.SIGKILL)  # mid-batch, no chance to clean up
    proc.communicate(timeout=60)
    with Store(db) as store:
        before = {r["input_sha256"] for r in store.rows()}
    assert after_int + 2 <= len(before) < n
    rerun = run_cli("batch", str(d), "--store", str(db), "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(before)} already in" in rerun.stderr
    with Store(db) as store:
        rows = list(store.rows())
        keys = store.db.execute("SELECT count(*), count(DISTINCT input_sha256) FROM audits").fetchone()
        orphans = store.db.execute("SELECT count(*) FROM audit_sdks WHERE audit_id NOT IN (SELECT id FROM audits)"
                                   ).fetchone()[0]
    assert keys == (n, n) and orphans == 0
    assert all(r["status"] == "ok" for r in rows)
    assert before <= {r["input_sha256"] for r in rows}


# ---- the store itself ----------------------------------------------------------------------

def test_corrupt_or_foreign_store_is_an_error_and_left_untouched(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    real = tmp_path / "real.db"
    Store(real).close()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(real.read_bytes()[:60])
    for path, why in ((garbage, "not an auditor store"), (foreign, "not an auditor store"),
                      (truncated, "damaged store")):
        before = path.read_bytes()
        proc = _batch(str(SAMPLES / "chat.apk"), "--store", str(path))
        assert proc.exit_code == 3, (path, proc.output)
        assert why in proc.output and "left untouched" in proc.output and "Traceback" not in proc.output
        assert path.read_bytes() == before
    assert run_cli("batch", "query", "--store", str(garbage)).returncode == 3  # the real entry point: exit 3 too


def test_store_schema_migrates_v1_and_refuses_newer(tmp_path):
    from auditor.batch import store as st

    old = tmp_path / "v1.db"
    con = sqlite3.connect(old)
    con.executescript(st._V1)
    con.execute(f"PRAGMA application_id = {st.APP_ID}")
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO audits (input_sha256, tool_version, catalogue_sha256, settings_sha256, policy_sha256, "
                "status, package) VALUES ('a', 't', 'c', 's', '', 'ok', 'com.x')")
    con.commit()
    con.close()
    with Store(old) as store:
        assert store.version == SCHEMA_VERSION == 2
        assert [r["package"] for r in store.rows()] == ["com.x"]
        store.remember_hash("/p", 1, 2, "h")
        assert store.known_hash("/p", 1, 2) == "h" and store.known_hash("/p", 1, 3) is None
    con = sqlite3.connect(old)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer than this auditor supports"):
        Store(old)


def test_batch_without_inputs_or_with_two_executors_is_a_usage_error(tmp_path):
    from auditor.cli import app as cli

    res = CliRunner().invoke(cli, ["batch", "run", "--store", str(tmp_path / "a.db")])
    assert res.exit_code == 2
    res = CliRunner().invoke(cli, ["batch", str(SAMPLES / "chat.apk"), "--workers", "2", "--dask-local", "2"])
    assert res.exit_code == 2
    res = CliRunner().invoke(cli, ["batch", "query", "--store", str(tmp_path / "missing.db")])
    assert res.exit_code == 3 and "no such store" in res.output


def test_worker_warmup_files_are_the_current_samples():
    """Workers warm their caches on the packaged copy of samples/chat.apk and its policy."""
    here = ROOT / "auditor" / "batch" / "warmup"
    assert (here / "chat.apk").read_bytes() == (SAMPLES / "chat.apk").read_bytes()
    assert (here / "chat_policy.md").read_bytes() == (POLICIES / "chat_policy.md").read_bytes()


def test_inputs_from_globs_and_list_files_and_jsonl_manifest(tmp_path):
    lst = tmp_path / "apps.txt"
    lst.write_text(f"# the store's queue\n{SAMPLES / 'chat.apk'}\n\n{SAMPLES / 'legacy.apk'}\n")
    paths, problems = expand_inputs([str(SAMPLES / "versions" / "diary-v*.apk"), str(tmp_path / "nope.apk"),
                                     str(SAMPLES / "chat.apk")], [lst])
    assert [p.name for p in paths] == ["diary-v1.apk", "diary-v2.apk", "diary-v3.apk", "chat.apk", "legacy.apk"]
    assert problems == [f"{tmp_path / 'nope.apk'}: no such file or directory"]
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"app": "com.example.diary", "policy": str(POLICIES / "diary_policy.md")}) + "\n"
                   + json.dumps({"app": str(SAMPLES / "chat.apk"), "policy": str(POLICIES / "chat_policy.md")}) + "\n")
    pm = PolicyMap.load(None, man)
    assert pm.by_package == {"com.example.diary": POLICIES / "diary_policy.md"}
    assert pm.for_path(SAMPLES / "chat.apk") == POLICIES / "chat_policy.md"
    bad = tmp_path / "bad.csv"
    bad.write_text("app,policy\nchat.apk,https://example.com/privacy\n")
    with pytest.raises(Exception, match="policy URLs need a policy cache"):
        PolicyMap.load(None, bad)


def test_send_bytes_tasks_give_the_same_document_as_paths(tmp_path):
    """--send-bytes: the task carries the input's bytes (for workers that cannot see the file)."""
    from auditor.batch.worker import audit_task

    settings = Settings(catalogues=load_catalogues())
    pm = PolicyMap(default=POLICIES / "chat_policy.md")
    with Store(tmp_path / "a.db") as store:
        by_path = make_plan([SAMPLES / "chat.apk"], pm, settings, store).tasks[0].spec
        by_bytes = make_plan([SAMPLES / "chat.apk"], pm, settings, store, send_bytes=True).tasks[0].spec
    assert by_bytes["data"] == (SAMPLES / "chat.apk").read_bytes() and "policy_data" in by_bytes
    a, b = audit_task(by_path, settings), audit_task(by_bytes, settings)
    assert a["status"] == b["status"] == "ok" and a["document_z"] == b["document_z"] and a["sha256"] == b["sha256"]


class _PolicyPages(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        _PolicyPages.hits.append(self.path)
        if self.path == "/chat_policy.md":
            body = (POLICIES / "chat_policy.md").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown; charset=utf-8")
        else:
            body = b"gone"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_policy_urls_in_a_manifest_are_fetched_once_and_an_unreachable_one_is_an_error_row(tmp_path):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _PolicyPages)
    srv.handle_error = lambda request, client_address: None  # (a client hanging up early is expected)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        d = tmp_path / "in"
        d.mkdir()
        for name in ("chat.apk", "voicenotes.apk"):
            shutil.copy(SAMPLES / name, d / name)
        (d / "chat2.apk").write_bytes(vary((SAMPLES / "chat.apk").read_bytes(), "two"))
        manifest = tmp_path / "policies.csv"
        manifest.write_text(f"app,policy\nin/chat.apk,{base}/chat_policy.md\nin/chat2.apk,{base}/chat_policy.md\n"
                            f"com.example.voicenotes,{base}/missing\n", encoding="utf-8")
        db = tmp_path / "a.db"
        proc = _batch(str(d), "--store", str(db), "--workers", "1", "--manifest", str(manifest))
        assert proc.exit_code == 0, proc.output
        assert "HTTP 404" in proc.output and "its apps are stored as errors" in proc.output
        assert sorted(_PolicyPages.hits) == ["/chat_policy.md", "/missing"]  # one request per URL
        with Store(db) as store:
            rows = {r["input_name"]: dict(r) for r in store.rows()}
            chat = store.document(rows["chat.apk"]["id"])
        assert rows["chat.apk"]["status"] == rows["chat2.apk"]["status"] == "ok"
        assert rows["voicenotes.apk"]["status"] == "error"
        assert "policy not audited" in rows["voicenotes.apk"]["reason"] and "404" in rows["voicenotes.apk"]["reason"]
        # the fetched page audits exactly as the same policy given as a file
        local = _cli_scan_json(SAMPLES / "chat.apk", POLICIES / "chat_policy.md")
        assert chat["policy"] == local["policy"]
        assert [f["fingerprint"] for f in chat["findings"]] == [f["fingerprint"] for f in local["findings"]]
        assert (tmp_path / "a.db.policies" / "files").is_dir()
        # a rerun reads the policy cache: no request for the page that was fetched
        proc = _batch(str(d), "--store", str(db), "--workers", "1", "--manifest", str(manifest))
        assert proc.exit_code == 0, proc.output
        assert _PolicyPages.hits.count("/chat_policy.md") == 1
        # the one --policy of every app unreachable: the batch stops before anything is audited
        other = tmp_path / "b.db"
        proc = _batch(str(d), "--store", str(other), "--workers", "1", "--policy", f"{base}/missing")
        assert proc.exit_code == 3 and "HTTP 404" in proc.output
        assert not other.exists()
    finally:
        srv.shutdown()
        srv.server_close()


def test_batch_run_learned_stores_the_models_reading_under_its_own_key(tmp_path):
    """`auditor batch run --learned` audits with the sentence model (the stored document's policy
    carries the `learned` key) and keys the result apart from a --no-learned run, which audits
    again; a run with neither is the model's default (on), found in the store."""
    db = tmp_path / "a.db"
    common = ("run", str(SAMPLES / "chat.apk"), "--store", str(db), "--workers", "1",
              "--policy", str(POLICIES / "chat_policy.md"))
    on = _batch(*common, "--learned")
    assert on.exit_code == 0, on.output
    off = _batch(*common, "--no-learned")
    assert off.exit_code == 0, off.output
    assert "1 to audit" in off.output  # not the --learned result again
    default = _batch(*common)
    assert default.exit_code == 0 and "0 to audit" in default.output, default.output  # the --learned result
    with Store(db) as store:
        docs = [store.document(r["id"]) for r in list(store.rows())]
    with sqlite3.connect(db) as con:
        keys = {k for (k,) in con.execute("SELECT settings_sha256 FROM audits")}
    assert len(docs) == 2 and len(keys) == 2
    assert sorted("learned" in d["policy"] for d in docs) == [False, True]

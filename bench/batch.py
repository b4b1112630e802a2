"""Batch throughput and memory: N varied APKs from the samples through `auditor batch`'s
executors (local pool and a distributed.LocalCluster, 1 and 2 workers), plus the per-task
overhead of an isolated task against a warm in-process scan.

    .venv/bin/python bench/batch.py [--n 1000] [--configs local:1,local:2,dask:1,dask:2]

The APKs are the committed samples (13 apps and bundles) with a distinct zip comment each,
so every one has its own sha256 and is audited (nothing is "already in the store").
Worker warm-up (spawn, imports, catalogue indexes) is excluded from throughput: each
configuration first audits 4 extra inputs per worker, then the clock starts.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.batch.runner import PolicyMap, make_plan, run_plan  # noqa: E402
from auditor.batch.store import Store  # noqa: E402
from auditor.catalogues import load_catalogues  # noqa: E402
from auditor.run import Settings  # noqa: E402

SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.suffix in (".apk", ".apks", ".xapk", ".apkm", ".aab"))


def vary(data: bytes, tag: str) -> bytes:
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as zf:
        zf.comment = tag.encode()
    return buf.getvalue()


def build(folder: Path, n: int, prefix: str) -> list[Path]:
    raw = [(p, p.read_bytes()) for p in SAMPLES]
    out = []
    for i in range(n):
        src, data = raw[i % len(raw)]
        dst = folder / f"{prefix}{i:05d}-{src.name}"
        dst.write_bytes(vary(data, f"{prefix} {i}"))
        out.append(dst)
    return out


def rss_of(pids) -> list[int]:
    import psutil

    return [psutil.Process(p).memory_info().rss for p in pids]


def run_config(kind: str, workers: int, apps: list[Path], warm_apps: list[Path], settings, tmp: Path) -> dict:
    from auditor.batch.executors import DaskExecutor, LocalPool

    store = Store(tmp / f"{kind}{workers}.db")
    if kind == "local":
        ex = LocalPool(workers, settings, 300, 2048 * 2**20)
    else:
        ex = DaskExecutor(settings, 300, 2048 * 2**20, local_workers=workers)
    run_plan(make_plan(warm_apps, PolicyMap(), settings, store), ex, store)
    if kind == "local":
        pids = [p.pid for p in ex.pool._processes.values()]
    else:
        import os as _os

        pids = list(ex.client.run(_os.getpid).values())
    rss_before = rss_of(pids)
    plan = make_plan(apps, PolicyMap(), settings, store)
    t0 = time.perf_counter()
    out = run_plan(plan, ex, store)
    wall = time.perf_counter() - t0
    rss_after = rss_of(pids)
    ex.close()
    rows = [r for r in store.rows() if r["input_name"] in {p.name for p in apps}]
    store.close()
    peaks = [r["peak_rss"] for r in rows]
    tenth = max(1, len(peaks) // 10)
    return {"config": f"{kind}:{workers}", "apps": out.done, "ok": out.ok, "wall": wall,
            "apps_per_min": out.done / wall * 60, "task_seconds_median": statistics.median(r["seconds"] for r in rows),
            "worker_rss_mib_before": [round(x / 2**20) for x in rss_before],
            "worker_rss_mib_after": [round(x / 2**20) for x in rss_after],
            "task_peak_mib_first10pct": statistics.mean(peaks[:tenth]) / 2**20,
            "task_peak_mib_last10pct": statistics.mean(peaks[-tenth:]) / 2**20}


def overhead(settings, apps: list[Path]) -> dict:
    """Median seconds per app: warm in-process audit_file vs the same through run_guarded."""
    from auditor.batch.worker import audit_task, run_guarded, warm
    from auditor.run import audit_file

    warm(settings)
    inproc, task, guarded = [], [], []
    for p in apps:
        spec = {"path": str(p), "name": p.name}
        t = time.perf_counter()
        audit_file(p, None, settings)
        inproc.append(time.perf_counter() - t)
        t = time.perf_counter()
        audit_task(spec, settings)
        task.append(time.perf_counter() - t)
        t = time.perf_counter()
        run_guarded(spec, settings, 300, 2048 * 2**20)
        guarded.append(time.perf_counter() - t)
    return {"in_process_audit_file": statistics.median(inproc), "audit_task_with_json": statistics.median(task),
            "isolated_forked_task": statistics.median(guarded)}


def store_bench(n: int, tmp: Path, settings) -> None:
    """Write n rows shaped like chat.apk's (its real compressed document and index rows) into a
    fresh store, one transaction each as the client does; then time the index queries."""
    from auditor.batch.worker import audit_task

    rec = audit_task({"path": str(ROOT / "samples" / "chat.apk"), "name": "chat.apk"}, settings)
    rec.update(seconds=0.1, peak_rss=1, worker="bench")
    path = tmp / "store-bench.db"
    store = Store(path)
    t0 = time.perf_counter()
    for i in range(n):
        store.put((f"{i:064x}", "bench", "c", "s", ""), rec, {"path": f"/apps/{i}.apk", "name": f"{i}.apk", "size": 1})
    wall = time.perf_counter() - t0
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    qs = {}
    for label, where in (("--sdk jpush", "id IN (SELECT audit_id FROM audit_sdks WHERE sdk_id='jpush')"),
                         ("--rule AUD201", "id IN (SELECT audit_id FROM audit_findings WHERE rule_id='AUD201' AND status='new')"),
                         ("--package", "package='com.example.chat'")):
        t = time.perf_counter()
        rows = store.db.execute(f"SELECT count(*) FROM audits WHERE {where}").fetchone()[0]
        qs[label] = (time.perf_counter() - t, rows)
    store.close()
    idx = rec["index"]
    print(f"store: {n} rows in {wall:.1f} s = {n / wall:.0f} rows/s (one transaction each); file {size / 2**20:.1f} MiB "
          f"= {size / n / 1024:.1f} KiB per app (document {len(rec['document_z']) / 1024:.1f} KiB compressed, "
          f"{len(idx['sdks'])} SDK, {len(idx['permissions'])} permission, {len(idx['findings'])} finding rows); "
          + "; ".join(f"count {k}: {v[0] * 1000:.0f} ms ({v[1]} rows)" for k, v in qs.items()), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--configs", default="local:1,local:2,dask:1,dask:2")
    ap.add_argument("--overhead-n", type=int, default=39)
    ap.add_argument("--store-rows", type=int, default=0, help="Only time the store with this many rows.")
    args = ap.parse_args()
    settings = Settings(catalogues=load_catalogues())
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as td:
        tmp = Path(td)
        if args.store_rows:
            store_bench(args.store_rows, tmp, settings)
            return
        (tmp / "in").mkdir()
        print(f"building {args.n} varied APKs from {len(SAMPLES)} samples ...", flush=True)
        results = []
        ov = overhead(settings, build(tmp / "in", args.overhead_n, "ov"))
        print("per-app median seconds (same process, warm): " +
              ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in ov.items()), flush=True)
        for i, cfg in enumerate(args.configs.split(",")):
            kind, w = cfg.split(":")
            apps = build(tmp / "in", args.n, f"c{i}-")
            warm_apps = build(tmp / "in", 4 * int(w), f"w{i}-")
            r = run_config(kind, int(w), apps, warm_apps, settings, tmp)
            results.append(r)
            print(f"{r['config']:<8} {r['apps']} apps ({r['ok']} ok) in {r['wall']:.1f} s = {r['apps_per_min']:.0f} "
                  f"apps/min; median task {r['task_seconds_median'] * 1000:.0f} ms; worker RSS MiB "
                  f"{r['worker_rss_mib_before']} -> {r['worker_rss_mib_after']}; task peak RSS MiB first 10% "
                  f"{r['task_peak_mib_first10pct']:.1f}, last 10% {r['task_peak_mib_last10pct']:.1f}", flush=True)
            for p in apps + warm_apps:
                p.unlink()
        by = {r["config"]: r["apps_per_min"] for r in results}
        for kind in ("local", "dask"):
            if f"{kind}:1" in by and f"{kind}:2" in by:
                print(f"{kind}: 2 workers / 1 worker = {by[f'{kind}:2'] / by[f'{kind}:1']:.2f}x")


if __name__ == "__main__":
    main()

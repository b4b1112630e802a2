"""Seeded mutation campaign: every hostile input through the real CLI, one process each.

    .venv/bin/python bench/campaign.py [--seed 11] [--count 200] [--light]

Inputs come from bench/mutations.py (all derived from samples/chat.apk): each tampering
technique Android tolerates, each one it refuses, a damaged DEX, a manifest nested
100,000 deep, bombs, DEX files padded with 450 MB of zeros x8 (after and inside the
DEX's declared size), a 16-split bundle of 400 MB DEX files (unless --light), then
`--count` seeded random mutations (truncations, flipped header bytes, flipped entry
bytes, random tampering). Each input is scanned by `auditor scan --format json
--exit-zero` in its own process; wall time and peak RSS (ru_maxrss of that child,
via os.wait4) are recorded. Prints counts per outcome, peak memory and the slowest
inputs; exits 1 if any input crashed (exit 4 / traceback), ran over 10 s or 512 MB.
CPU time (user + system of the child) is printed beside wall time: on a shared
machine, wall time measures the load as much as the scan.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import mutations  # noqa: E402

TIME_LIMIT_S = 10.0
RSS_LIMIT_MB = 512.0


def run_one(path: Path, timeout: float = 60.0) -> dict:
    cmd = [sys.executable, "-m", "auditor.cli", "scan", str(path), "--format", "json", "--exit-zero"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=HERE.parent,
                                env={**os.environ, "PYTHONWARNINGS": "ignore"})
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read().decode("utf-8", "replace")
    rules: set[str] = set()
    if proc.returncode == 0:
        try:
            rules = {f["rule_id"] for f in json.loads(stdout)["findings"]}
        except (ValueError, KeyError):
            pass
    return {"exit": proc.returncode, "wall_s": wall, "rss_mb": usage.ru_maxrss / 1024.0,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "traceback": "Traceback" in stderr, "stderr": stderr.strip()[:200], "rules": rules}


def outcome(r: dict) -> str:
    if r["traceback"]:
        return "traceback"
    if r["exit"] == 0:
        tags = [t for t, rid in (("tampered", "AUD701"), ("incomplete", "AUD702")) if rid in r["rules"]]
        return "audited" + ("+" + "+".join(tags) if tags else "")
    if r["exit"] == 3:
        return "refused (Android refuses too)" if "Android would refuse" in r["stderr"] else "refused (unreadable)"
    if r["exit"] == 4:
        return "internal error"
    return f"exit {r['exit']}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--light", action="store_true", help="skip the multi-gigabyte padded DEX and bundle inputs")
    ap.add_argument("--only", help="run only inputs whose label contains this")
    args = ap.parse_args(argv)
    results = []
    t_all = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, (label, data) in enumerate(mutations.campaign(args.seed, args.count, heavy=not args.light,
                                                                   only=args.only, lazy=True)):
            path = Path(tmp) / f"input{i}.apk"
            if data is None:  # a named input: built in its own process, so this one stays small
                subprocess.run([sys.executable, str(HERE / "mutations.py"), "emit", label, str(path)], check=True)
            else:
                path.write_bytes(data)
            del data
            r = run_one(path)
            r["label"] = label
            r["size"] = path.stat().st_size
            path.unlink()
            results.append(r)
    counts: dict[str, int] = {}
    for r in results:
        counts[outcome(r)] = counts.get(outcome(r), 0) + 1
    print(f"campaign seed={args.seed} inputs={len(results)} ({'light' if args.light else 'full'}), "
          f"{time.perf_counter() - t_all:.0f} s")
    for k, v in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {v:5d}  {k}")
    rss = sorted(r["rss_mb"] for r in results)
    wall = sorted(r["wall_s"] for r in results)
    print(f"peak RSS: max {rss[-1]:.0f} MB, median {rss[len(rss) // 2]:.0f} MB; "
          f"wall time: max {wall[-1]:.2f} s, median {wall[len(wall) // 2]:.2f} s "
          f"(CPU max {max(r['cpu_s'] for r in results):.2f} s)")
    print("slowest inputs:")
    for r in sorted(results, key=lambda r: -r["wall_s"])[:6]:
        print(f"  {r['wall_s']:5.2f} s (cpu {r['cpu_s']:5.2f} s)  {r['rss_mb']:5.0f} MB  {r['size']:>10,d} B  "
              f"{r['label']}: {outcome(r)}")
    print("largest peak memory:")
    for r in sorted(results, key=lambda r: -r["rss_mb"])[:4]:
        print(f"  {r['rss_mb']:5.0f} MB  {r['wall_s']:5.2f} s  {r['label']}: {outcome(r)}")
    named = [r for r in results if not r["label"].startswith("random:")]
    print("named inputs:")
    for r in named:
        print(f"  {r['label']:<40} {outcome(r):<32} {r['wall_s']:5.2f} s (cpu {r['cpu_s']:5.2f}) "
              f"{r['rss_mb']:5.0f} MB")
    crashes = [r for r in results if r["traceback"] or r["exit"] not in (0, 3)]
    heavy = [r for r in results if r["rss_mb"] > RSS_LIMIT_MB]
    cpu_slow = [r for r in results if r["cpu_s"] > TIME_LIMIT_S]
    wall_slow = [r for r in results if r["wall_s"] > TIME_LIMIT_S]
    print(f"tracebacks or internal errors: {len(crashes)}; over {RSS_LIMIT_MB:.0f} MB: {len(heavy)}; "
          f"over {TIME_LIMIT_S:.0f} s of CPU: {len(cpu_slow)}; over {TIME_LIMIT_S:.0f} s wall: {len(wall_slow)} "
          f"(load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    bad = crashes + heavy + cpu_slow + wall_slow
    for r in bad[:10]:
        print(f"  {r['label']}: exit {r['exit']} {r['wall_s']:.2f} s (cpu {r['cpu_s']:.2f} s) {r['rss_mb']:.0f} MB "
              f"{r['stderr']}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

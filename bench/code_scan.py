"""Full `auditor` scan versus androguard's AnalyzeAPK on the same large multi-dex APK.

Each tool runs in its own fresh Python process (imports included, as a user runs
them); the process reports its wall time and peak resident memory (ru_maxrss).
Then the auditor scan runs on 2, 4 and 8 dex files to show how time grows.

Run: .venv/bin/python bench/code_scan.py [--skip-androguard]
(builds bench/.cache/large-*.apk first; needs Debian's smali)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_large_apk import build  # noqa: E402

AUDITOR = """
import json, resource, sys, time
t = time.perf_counter()
from auditor.scan import scan_bytes
path = sys.argv[1]
r = scan_bytes(open(path, 'rb').read(), path)
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "classes": r.facts.code.class_count, "call_sites": len(r.code.calls)}))
"""

ANDROGUARD = """
import json, resource, sys, time
t = time.perf_counter()
from loguru import logger
logger.remove()
from androguard.misc import AnalyzeAPK
a, d, dx = AnalyzeAPK(sys.argv[1])
methods = sum(1 for m in dx.get_methods() if not m.is_external())
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "methods": methods}))
"""


def run(code: str, apk: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, str(apk)], capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    per_dex = 40_000
    big = build(8, per_dex)
    ours = run(AUDITOR, big)
    print(f"APK: {big.name}, {big.stat().st_size / 1e6:.1f} MB, 8 dex files, {8 * per_dex:,} methods, "
          f"{ours['classes']:,} classes")
    print(f"{'tool':34s} {'wall time':>10s} {'peak RSS':>10s}")
    print(f"{'auditor scan (full, with code)':34s} {ours['seconds']:9.1f}s {ours['peak_mb']:8.0f}MB"
          f"   ({ours['call_sites']} sensitive call sites)")
    if "--skip-androguard" not in sys.argv:
        ag = run(ANDROGUARD, big)
        print(f"{'androguard AnalyzeAPK':34s} {ag['seconds']:9.1f}s {ag['peak_mb']:8.0f}MB"
              f"   ({ag['methods']:,} internal methods)")
        print(f"speed-up {ag['seconds'] / ours['seconds']:.1f}x, memory {ours['peak_mb'] / ag['peak_mb']:.2f} of androguard's")
    print("\nscaling of the auditor scan:")
    for n in (2, 4, 8):
        apk = build(n, per_dex)
        r = run(AUDITOR, apk)
        print(f"  {n} dex, {n * per_dex:7,} methods: {r['seconds']:6.2f}s  "
              f"({r['seconds'] / (n * per_dex) * 1e6:.2f} µs/method, peak {r['peak_mb']:.0f}MB)")


if __name__ == "__main__":
    main()

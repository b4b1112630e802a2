"""How fast does the CLI start? Prints the median wall time and the median CPU time
(user + system, of the child process: the figure to read on a loaded machine) of
`auditor --help` and of scans of the samples, over N runs (default 10), after one
untimed warm-up run of each (bytecode and the compiled signature database written).

Run: .venv/bin/python bench/startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], n: int) -> tuple[list[float], list[float]]:
    """(wall times, CPU times) of n runs, after one warm-up run."""
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
    wall, cpu = [], []
    for _ in range(n):
        before = os.times()
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        wall.append(time.perf_counter() - t0)
        after = os.times()
        cpu.append(after.children_user - before.children_user + after.children_system - before.children_system)
    return wall, cpu


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    exe = [sys.executable, "-m", "auditor.cli"]
    for label, args in (("auditor --help", exe + ["--help"]),
                        ("auditor scan samples/chat.apk", exe + ["scan", "samples/chat.apk", "--exit-zero"]),
                        ("auditor scan samples/shop.apks", exe + ["scan", "samples/shop.apks"]),
                        ("scan chat.apk --policy chat_policy.md", exe + ["scan", "samples/chat.apk", "--policy",
                                                                       "samples/policies/chat_policy.md", "--exit-zero"])):
        t, cpu = timed(args, n)
        print(f"{label:40s} median {statistics.median(t) * 1000:7.1f} ms   min {min(t) * 1000:7.1f} ms   "
              f"CPU median {statistics.median(cpu) * 1000:7.1f} ms   (n={n})")


if __name__ == "__main__":
    main()

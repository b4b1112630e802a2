"""How fast does the CLI start? Prints the median wall time of `auditor --help`
and of a manifest-only scan of a sample, over N runs (default 10).

Run: .venv/bin/python bench/startup.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    exe = [sys.executable, "-m", "auditor.cli"]
    for label, args in (("auditor --help", exe + ["--help"]),
                        ("auditor scan samples/chat.apk", exe + ["scan", "samples/chat.apk", "--exit-zero"]),
                        ("auditor scan samples/shop.apks", exe + ["scan", "samples/shop.apks"]),
                        ("scan chat.apk --policy chat_policy.md", exe + ["scan", "samples/chat.apk", "--policy",
                                                                       "samples/policies/chat_policy.md", "--exit-zero"])):
        t = timed(args, n)
        print(f"{label:40s} median {statistics.median(t) * 1000:7.1f} ms   min {min(t) * 1000:7.1f} ms   (n={n})")


if __name__ == "__main__":
    main()

"""Policy-reader accuracy on the annotated corpus (tests/policy_corpus): precision and
recall per data category over (category, status) decisions, plus SDK and type-level
disclosure accuracy, and reading speed.

Run: .venv/bin/python bench/policy_accuracy.py
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_policy_reader import CASES, _expected, _summary  # noqa: E402

from auditor.policy import read_policy  # noqa: E402


def main() -> None:
    tp, fp, fn = Counter(), Counter(), Counter()
    sdk = Counter()
    t0 = time.perf_counter()
    size = 0
    for p in CASES:
        data = p.read_bytes()
        size += len(data)
        got, exp = _summary(read_policy(data, p.name)), _expected(p)
        for k, v in got["categories"].items():
            (tp if exp["categories"].get(k) == v else fp)[k] += 1
        for k, v in exp["categories"].items():
            if got["categories"].get(k) != v:
                fn[k] += 1
        for key in ("sdks", "types"):
            g, e = set(got[key]), set(exp[key])
            sdk[key + "_tp"] += len(g & e)
            sdk[key + "_fp"] += len(g - e)
            sdk[key + "_fn"] += len(e - g)
    elapsed = time.perf_counter() - t0
    print(f"{len(CASES)} annotated policies, {size / 1024:.0f} KiB, read in {elapsed * 1000:.0f} ms\n")
    print(f"{'category':24s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'precision':>10s} {'recall':>8s}")
    for k in sorted(set(tp) | set(fp) | set(fn)):
        p_ = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 1.0
        r_ = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 1.0
        print(f"{k:24s} {tp[k]:4d} {fp[k]:4d} {fn[k]:4d} {p_:10.2f} {r_:8.2f}")
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'all (micro)':24s} {T:4d} {F:4d} {N:4d} {T / (T + F):10.2f} {T / (T + N):8.2f}")
    for key in ("sdks", "types"):
        t, f, n = sdk[key + "_tp"], sdk[key + "_fp"], sdk[key + "_fn"]
        print(f"{'SDK ' + key:24s} {t:4d} {f:4d} {n:4d} {t / max(1, t + f):10.2f} {t / max(1, t + n):8.2f}")


if __name__ == "__main__":
    main()

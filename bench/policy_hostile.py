"""Hostile policy documents at full size (issue 12: each under 10 s and 512 MB): 100,000
Markdown headings, 100,000 Markdown and HTML table rows, 5 MB of unpunctuated Chinese,
HTML nested 100,000 deep. Each case runs in a fresh process so its peak memory (max RSS)
is its own; prints wall and CPU seconds and peak RSS.

Run: .venv/bin/python bench/policy_hostile.py [--learned|--no-learned] [CASE...]   (default: as
read_policy reads by default - both sentence models off since session 27 (English on in session 26);
--learned: both sentence models on; --no-learned: both off, the rules alone; auditor.policy.learned)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from hostile_policies import CASES
from auditor.policy import read_policy
from auditor.policy.lexicon import lexicon
from auditor.policy.extract import sdk_index
lexicon(); sdk_index()  # compiled once per process, not part of a document's cost
make, size = CASES[sys.argv[2]]
learned = {"1": True, "0": False, "": None}[sys.argv[3]]
read_policy(*make(size // 50), learned=learned, learned_zh=learned)  # so are the patterns (compiled on first use) this kind of document needs
data, name = make(size)
w, c = time.perf_counter(), time.process_time()
res = read_policy(data, name, learned=learned, learned_zh=learned)
print(json.dumps({"bytes": len(data), "wall": time.perf_counter() - w, "cpu": time.process_time() - c,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "categories": len(res.categories), "text_chars": len(res.text)}))
"""


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_policies import CASES

    learned = True if "--learned" in argv else False if "--no-learned" in argv else None
    names = [a for a in argv[1:] if a not in ("--learned", "--no-learned")] or list(CASES)
    print({True: "(both learned sentence models on)", False: "(rules alone: the learned sentence models off)",
           None: "(the defaults: both sentence models off, as read_policy reads)"}[learned])
    print(f"{'case':32s} {'size':>10s} {'input':>9s} {'wall s':>7s} {'cpu s':>6s} {'peak MB':>8s}")
    for name in names:
        out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "tests"), name, {True: "1", False: "0", None: ""}[learned]], capture_output=True,
                             text=True, cwd=ROOT, timeout=600)
        if out.returncode:
            print(f"{name:32s} FAILED: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout)
        print(f"{name:32s} {CASES[name][1]:10,d} {r['bytes'] / 1e6:8.1f}M {r['wall']:7.1f} {r['cpu']:6.1f} "
              f"{r['rss_mb']:8.0f}")


if __name__ == "__main__":
    main(sys.argv)

"""Does a real Chinese word segmenter help the policy reader? (issue 12 asks for a measured gain
before adding `jieba` as a dependency.)

Experiment: keep a Chinese lexicon match only where jieba (lexicon terms added to its
dictionary) puts a word boundary at both ends of it - the usual way a segmenter is meant to
cut false substring matches - and compare with plain substring matching on the real-world
`tune` split (never on a held-out split). Prints group and category figures and CPU time.
jieba is not a project dependency: `pip install jieba` first; without it this script says so.

Run: .venv/bin/python bench/policy_jieba.py
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import policy_realworld_support as rw  # noqa: E402

import auditor.policy.extract as ex  # noqa: E402
from auditor.policy import read_policy  # noqa: E402
from auditor.policy.lexicon import _is_cjk, lexicon  # noqa: E402


def _scores() -> tuple[tuple[int, int, int], tuple[int, int, int], float]:
    t0 = time.process_time()
    g = [0, 0, 0]
    c = [0, 0, 0]
    for case in rw.realworld_cases("tune", kinds=("ca4p",)):
        res = read_policy(case["path"].read_bytes(), case["path"].name)
        got = {k: v.status for k, v in res.categories.items()}
        groups = rw.derive_groups(got)
        for grp in rw.GROUPS:
            g[0] += groups[grp] and case["groups"][grp]
            g[1] += groups[grp] and not case["groups"][grp]
            g[2] += case["groups"][grp] and not groups[grp]
        for k in rw.CATEGORIES:
            have, want = got.get(k), (None if case["statuses"][k] == "absent" else case["statuses"][k])
            if have is not None:
                c[0 if have == want else 1] += 1
            if want is not None and have != want:
                c[2] += 1
    return tuple(g), tuple(c), time.process_time() - t0


def _line(name: str, g, c, cpu: float) -> str:
    gp, gr = g[0] / max(1, g[0] + g[1]), g[0] / max(1, g[0] + g[2])
    f1 = 2 * g[0] / max(1, 2 * g[0] + g[1] + g[2])
    cp, cr = c[0] / max(1, c[0] + c[1]), c[0] / max(1, c[0] + c[2])
    return (f"{name:28s} {gp:.3f} / {gr:.3f} / {f1:.3f}   fp {g[1]:3d}    "
            f"{cp:.3f} / {cr:.3f}   fp {c[1]:3d}   {cpu:5.1f}")


def main() -> int:
    try:
        import jieba
    except ImportError:
        print("jieba is not installed (pip install jieba): nothing measured")
        return 0
    if not rw.CA4P_DIR.is_dir():
        print(f"{rw.CA4P_DIR} absent: nothing measured")
        return 0
    jieba.setLogLevel(logging.WARNING)
    lx = lexicon()
    for term in lx.term_cats:
        if _is_cjk(term):
            jieba.add_word(term, freq=2000)
    plain = ex._term_hits

    def segmented(text, lx, cuts=None):
        bounds, pos = {0}, 0
        for tok in jieba.cut(text, HMM=True):
            pos += len(tok)
            bounds.add(pos)
        return [h for h in plain(text, lx, cuts)
                if not any("\u4e00" <= ch <= "\u9fff" for ch in text[h[0]:h[1]])
                or (h[0] in bounds and h[1] in bounds)]

    print(f"{'CA4P tune split, matching':28s} {'groups P / R / F1':30s} {'categories P / R':22s} CPU s")
    base = _scores()
    ex._term_hits = segmented
    try:
        seg = _scores()
    finally:
        ex._term_hits = plain
    print(_line("substring (the reader)", *base))
    print(_line("jieba word boundaries", *seg))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

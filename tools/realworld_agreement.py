"""Agreement between two independent readings of the same real-world policies.

The first reading is the committed annotation (tests/policy_realworld/KIND/NNNN.toml); the
second is a notes file in the format of tools/realworld_annotate.py, written blind by a
different annotator (tests/policy_realworld/agreement/*.txt). Prints, over the files both
read: per permission group the agreement and Cohen's kappa (strict: declared or not, the
mapping of GUIDE.md), the same over all (file, group) pairs, and the share of the 30
categories whose status (declared / vague / denied / absent) agrees.

    python tools/realworld_agreement.py tests/policy_realworld/agreement/*.txt
    python tools/realworld_agreement.py --differences NOTES...   # also list each differing status

`--differences` is for adjudication after the comparison: each (file, category) where the two
readings differ, with both statuses and quotes, to be settled against the text.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))
from policy_realworld_support import CATEGORIES, GROUPS, KINDS, derive_groups, load_annotations  # noqa: E402
from realworld_annotate import parse_notes  # noqa: E402


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    """Cohen's kappa of two binary raters; 1.0 when both agree and never vary."""
    n = len(pairs)
    if not n:
        return 1.0
    observed = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def compare(second: list[dict]) -> dict:
    firsts = {kind: load_annotations(kind) for kind in KINDS}
    per_group: dict[str, list[tuple[bool, bool]]] = {g: [] for g in GROUPS}
    cat_same = cat_all = 0
    files, differences = [], []
    for b in second:
        first = firsts[b["kind"]].get(Path(b["name"]).stem + ".toml")
        if first is None:
            continue
        files.append(b["name"])
        s2 = {c: st for c, (st, _) in b["cats"].items()}
        g2 = derive_groups(s2, b["phone"])
        for g in GROUPS:
            per_group[g].append((bool(first["groups"][g]), g2[g]))
        for c in CATEGORIES:
            cat_all += 1
            one = first["categories"][c]
            two = b["cats"].get(c, ("absent", ""))
            if one["status"] == two[0]:
                cat_same += 1
            else:
                differences.append((b["name"], c, (one["status"], one.get("quote", "")), two))
    return {"files": files, "per_group": per_group, "categories": (cat_same, cat_all),
            "differences": differences}


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if a != "--differences"]
    if not args or any(a.startswith("-") for a in args):
        print("usage: realworld_agreement.py [--differences] NOTES.txt...", file=sys.stderr)
        return 2
    second = [b for p in args for b in parse_notes(Path(p))]
    r = compare(second)
    print(f"{len(r['files'])} files read twice: {' '.join(r['files'])}")
    print(f"{'group':14s} {'agree':>6s} {'kappa':>6s} {'first+':>6s} {'second+':>7s}")
    allpairs = []
    for g, pairs in r["per_group"].items():
        allpairs += pairs
        agree = sum(a == b for a, b in pairs) / max(1, len(pairs))
        print(f"{g:14s} {agree:6.2f} {kappa(pairs):6.2f} {sum(a for a, _ in pairs):6d} {sum(b for _, b in pairs):7d}")
    agree = sum(a == b for a, b in allpairs) / max(1, len(allpairs))
    print(f"{'all groups':14s} {agree:6.2f} {kappa(allpairs):6.2f}")
    same, total = r["categories"]
    print(f"category statuses agreeing: {same}/{total} ({same / max(1, total):.2f})")
    if "--differences" in argv:
        for name, c, (s1, q1), (s2, q2) in r["differences"]:
            print(f"{name} {c}: first {s1} {q1!r} / second {s2} {q2!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

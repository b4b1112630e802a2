"""Count the real-world policy annotations: statuses per category and declared groups.

    python tools/realworld_annotation_counts.py [--split tune|heldout]

Reads only tests/policy_realworld/ (no policy text, no reader); prints one table per
corpus (ca4p, en) with declared / vague / denied / absent per category, then how many
policies declare each of the nine evaluator groups.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from policy_realworld_support import CATEGORIES, GROUPS, STATUSES, load_annotations  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["tune", "heldout"])
    args = ap.parse_args(argv[1:])
    for kind in ("ca4p", "en"):
        anns = [a for a in load_annotations(kind).values()
                if args.split is None or a["split"] == args.split]
        splits = Counter(a["split"] for a in anns)
        print(f"== {kind}: {len(anns)} policies "
              f"(tune {splits['tune']}, heldout {splits['heldout']})")
        print(f"{'category':24s}" + "".join(f"{s:>10s}" for s in STATUSES))
        total = Counter()
        for cid in CATEGORIES:
            c = Counter(a["categories"][cid]["status"] for a in anns)
            total.update(c)
            print(f"{cid:24s}" + "".join(f"{c[s]:10d}" for s in STATUSES))
        print(f"{'(all decisions)':24s}" + "".join(f"{total[s]:10d}" for s in STATUSES))
        print(f"{'group':24s}{'declared':>10s}")
        for g in GROUPS:
            print(f"{g:24s}{sum(a['groups'][g] for a in anns):10d}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

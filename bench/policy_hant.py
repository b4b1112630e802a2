"""Traditional Chinese: how close is reading a policy written in Traditional characters to reading
the same policy in Simplified ones?

Each open CA4P policy (tune and heldout: tests/policy_realworld/splits.toml) is converted to
Traditional with OpenCC (`s2tw`: characters and Taiwan variants; `s2twp`: also Taiwan wording:
資訊, 簡訊, 裝置, 許可權...), read, and its nine permission groups and 30 category statuses compared
with the reading of the Simplified original. The conversion is synthetic (a machine's Taiwanese,
not a Taiwanese writer's), so this measures the conversion path, not real Taiwan policies.

    .venv/bin/python bench/policy_hant.py [--limit N]

Prints agreement per conversion; with --no-hant the reader's Traditional conversion is switched off
(the reading before session 27), for comparison in the same command.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv[1:])
    try:
        import opencc
    except ImportError:
        print("error: needs opencc-python-reimplemented", file=sys.stderr)
        return 3
    from policy_realworld_support import CATEGORIES, derive_groups

    from auditor.policy import hant, read_policy

    ca4p = ROOT.parent / "shared" / "policies" / "ca4p"
    splits = tomllib.loads((ROOT / "tests" / "policy_realworld" / "splits.toml").read_text(encoding="utf-8"))
    names = splits["ca4p"]["tune"] + splits["ca4p"]["heldout"]
    names = [n for n in names if (ca4p / n).is_file()][: args.limit or None]
    if not names:
        print(f"error: no CA4P texts under {ca4p}", file=sys.stderr)
        return 3
    print(f"{len(names)} open CA4P policies (tune + heldout), read in Simplified, then converted to Traditional\n")
    print(f"{'conversion':10s} {'reader':22s} {'groups agree':>14s} {'30 statuses agree':>18s} {'policies identical':>20s}")
    base = {}
    for n in names:
        r = read_policy((ca4p / n).read_bytes(), n, learned=False)
        st = {c: v.status for c, v in r.categories.items()}
        base[n] = (st, derive_groups(st))
    for conv in ("s2tw", "s2twp"):
        cc = opencc.OpenCC(conv)
        texts = {}
        for n in names:
            raw = (ca4p / n).read_bytes().decode("utf-8", "replace")
            texts[n] = cc.convert(raw).encode("utf-8")
        for label, on in (("with conversion", True), ("without (before)", False)):
            g_ok = g_all = s_ok = s_all = same = 0
            saved = hant.MIN_TRADITIONAL
            if not on:
                hant.MIN_TRADITIONAL = 10**12  # never Traditional enough: read as it is
            try:
                for n in names:
                    r = read_policy(texts[n], n, learned=False)
                    st = {c: v.status for c, v in r.categories.items()}
                    gr = derive_groups(st)
                    b_st, b_gr = base[n]
                    g_ok += sum(gr[g] == b_gr[g] for g in b_gr)
                    g_all += len(b_gr)
                    s_ok += sum(st.get(c, "absent") == b_st.get(c, "absent") for c in CATEGORIES)
                    s_all += len(CATEGORIES)
                    same += st == b_st
            finally:
                hant.MIN_TRADITIONAL = saved
            print(f"{conv:10s} {label:22s} {g_ok / g_all:14.3f} {s_ok / s_all:18.3f} {same:>14d} of {len(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

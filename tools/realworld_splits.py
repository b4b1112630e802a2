"""Pick the real-world policies to annotate and their split, by seed, before annotating.

CA4P: the sorted file list of ../shared/policies/ca4p/, random.Random(12).sample(..., 110) (first 90, then extended to 110: the
sample is prefix-stable for this population size, so the order of the first 90 did not change)
gives the annotation ORDER (annotators work down this list; a file that is not a privacy
policy or is unreadable is excluded with a reason, the next one is taken). Splits are
fixed per position in blocks of five: in each block random.Random(1200 + block) picks two
positions for `tune`, the other three are `heldout`, so every prefix of the list that
ends on a block boundary is exactly 40 % tune / 60 % heldout, whatever the difficulty.
Second batch (issue 12, p12acc): the sample was extended to 200 (prefix-stable, so positions
0-109 did not move); positions 110+ go in blocks of three, random.Random(2400 + block) picks
one position for a NEW held-out split `heldout2`, the other two are `tune` - annotated in
order, before the reader was run on any of them.
English policies: the names in tests/policy_realworld/en/sources.toml sorted by (batch, name),
same blocks (a later batch is appended, so earlier splits never move).

Prints the plan as TOML; splits.toml records the outcome (what was annotated/excluded).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

CA4P_SAMPLE = 230  # was 90, then 110, then 200; random.sample with this seed is prefix-stable (pool method), so earlier positions never move
FIRST_BATCH = 110  # positions before this follow the tune/heldout blocks of five; later ones the tune/heldout2 blocks of three


def ordered_sample(names: list[str], k: int, seed: int = 12) -> list[str]:
    names = sorted(names)
    return random.Random(seed).sample(names, min(k, len(names)))


def split_of(position: int) -> str:
    if position >= FIRST_BATCH:
        # second batch (issue 12, p12acc): blocks of three, one position per block drawn by
        # seed for a NEW held-out split that is never tuned on, the other two for `tune`
        block, offset = divmod(position - FIRST_BATCH, 3)
        return "heldout2" if offset == random.Random(2400 + block).randrange(3) else "tune"
    block, offset = divmod(position, 5)
    tune = random.Random(1200 + block).sample(range(5), 2)
    return "tune" if offset in tune else "heldout"


def write_splits() -> None:
    """Rewrite splits.toml from the annotation files, keeping its `excluded` tables."""
    import tomllib

    here = Path(__file__).resolve().parents[1] / "tests" / "policy_realworld"
    old = {}
    if (here / "splits.toml").is_file():
        old = tomllib.loads((here / "splits.toml").read_text(encoding="utf-8"))
    out = [
        "# Real-world policy splits (GUIDE.md). Planned by seed before annotating",
        "# (tools/realworld_splits.py: CA4P sample order random.Random(12), two `tune` in each",
        "# block of five by random.Random(1200 + block)); rewritten from the annotation files",
        "# by `python tools/realworld_splits.py --write`. The reader is tuned on `tune` only;",
        "# `heldout` (first batch) and `heldout2` (second batch, positions >= 110: one per block",
        "# of three by random.Random(2400 + block)) are reported, never tuned on.",
    ]
    for kind in ("ca4p", "en"):
        splits: dict[str, list[str]] = {"tune": [], "heldout": [], "heldout2": []}
        for p in sorted((here / kind).glob("*.toml")):
            if p.name == "sources.toml":
                continue
            ann = tomllib.loads(p.read_text(encoding="utf-8"))
            splits[ann["split"]].append(ann["file"])
        out += ["", f"[{kind}]"]
        for split, files in splits.items():
            if split == "heldout2" and not files:
                continue
            out.append(f"{split} = [")
            out += [f'    "{f}",' for f in files]
            out.append("]")
        excluded = old.get(kind, {}).get("excluded", {})
        out += ["", f"[{kind}.excluded]  # drawn by the seed but not annotated: file = reason"]
        out += [f'"{f}" = "{r}"' for f, r in sorted(excluded.items())]
    (here / "splits.toml").write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[1:] == ["--write"]:
        write_splits()
        return 0
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / ".." / "shared"
    ca4p = root / "policies" / "ca4p"
    if not ca4p.is_dir():
        print(f"no CA4P directory at {ca4p}", file=sys.stderr)
        return 3
    order = ordered_sample([p.name for p in ca4p.iterdir() if p.suffix == ".html"], CA4P_SAMPLE)
    print("# position file split")
    for i, name in enumerate(order):
        print(f"{i:3d} {name} {split_of(i)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

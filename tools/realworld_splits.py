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
Third batch (issue 12, session 19): the sample was extended to all 325 files (prefix-stable,
positions 0-229 did not move); every position >= 230 is a NEW held-out split `heldout3`,
annotated in order before the reader was run on any of it. From this batch on, the first
`heldout` split is opened for tuning (its errors were read); the held-out figure is
heldout2 + heldout3.
English policies: the names in tests/policy_realworld/en/sources.toml sorted by (batch, name),
same blocks (a later batch is appended, so earlier splits never move). English batch 3
(issue 12, session en) is a NEW held-out split `heldout2` (`EN_HELDOUT2_BATCH`), annotated before
the reader was run on any of it; English `tune` and `heldout` (batches 1-2) are both open for
tuning from then on. Batch 4 (session 20) is all `tune`, more real text to learn from; batch 5
on is all `heldout3`, a second held-out batch, annotated before the reader was run on it.
After its second measurement (session 20) English `heldout2` was opened for tuning like CA4P
`heldout`; batch 6 (same session) adds to `heldout3`, the English held-out figure from then on.
Session 21: heldout3 was measured once (0.86 F1) and its errors were not read; batch 7 is drawn as
more `tune` text of the same kinds of apps as batch 6 (planned before it was annotated), batch 8
adds to `heldout3` (annotated before the reader was run on it), batch 9 is more `tune` text.
Session 22 (planned before either was drawn): batch 10 is more `tune` text, batch 11 adds to
`heldout3` (annotated before the reader was run on it; its errors are not read). Batch 12, planned
after heldout3's one measurement of the session and before it was drawn, is more `tune` text.
Session 23 (planned before either was drawn, heldout3 not yet measured this session): batches 13
and 14 are more `tune` text, each measured once on first contact before any rule is written from it.
Later in session 23 (planned before either was drawn, after 13 and 14 were merged): batch 15 is
more `tune` text; batch 16 adds to `heldout3` (annotated before the reader is run on it, measured
only at the end of the session, its errors not read).
Session 25 (planned before it was drawn): batch 20 is more `tune` text, drawn while a learned
English reader is built from the earlier tune batches; it is that reader's first contact (never
trained or tuned on before its one first-contact measurement). Later in session 25 (planned
after the session's one held-out measurement, before it was drawn): batch 21 adds to `heldout3`, a
fresh held-out check of the learned English model, measured once at the end of the session.
Session 26 (planned before they were drawn, after the decision to read English with the learned
model by default): batches 22 and 23 add to `heldout3`, a fresh held-out check of that default,
drawn by two people from disjoint kinds of source, measured once at the end of the session.
Later in session 26 (planned after that one measurement, before it was drawn): batch 24 is `tune`
text, whose first-contact row (recorded once, before anyone tunes on it) is one more fresh reading
of the learned-by-default English reader.

Chinese policies from GitHub (kind `zh`, issue 12, session 23, helper zh1): real Chinese app
privacy policies kept in public GitHub repositories, outside the CA4P corpus
(tests/policy_realworld/zh/sources.toml, same record format as en). Planned before any was
drawn: EVERY policy of zh batch 1 is `heldout3` - a held-out set on text from elsewhere, never
tuned on and its errors never read (the split name means that in every kind); it is measured by
the integrator only. A later zh batch gets its split written
here before it is drawn; `zh_split_of` refuses a batch without a plan. zh batch 2 (planned at the
end of session 23, after batch 1's one measurement and before batch 2 was drawn) is all `tune`:
Chinese text from outside CA4P to learn from, measured once on first contact before any rule is
written from it. Session 25 (planned before it was drawn): zh batch 6 is all `heldout3`, annotated
before the reader is run on it and measured once, by the integrator, at the end of the session.
zh batch 7 (planned later in session 25, before it was drawn) is `heldout3` too. Session 26
(planned before it was drawn): zh batch 8 is `heldout3`, a fresh check of the session's Chinese
work, measured once at the end of the session. zh batch 9 (planned later in session 26, after that
measurement, before it was drawn) is `tune`: its first-contact row is recorded once before anyone
tunes on it.
Session 27 (a new machine: the annotations of English batch 24 and zh batch 9 lived on branches that
did not survive it, so those two numbers stay planned as `tune` and hold no policy; they are never
reused). Planned before either was drawn: English batch 25 and zh batch 10 add to `heldout3`, fresh
held-out text annotated before the reader is run on it and measured once, at the end of the session.
zh batch 11 (planned with them, before it was drawn) is `tune`: its first-contact row is recorded
once, then the session's Chinese rules are written from its errors. Later in session 27 (after the
session's one held-out measurement, planned before it was drawn): English batch 26 is `tune`, fresh
English text whose first-contact row is recorded once before any rule is written from it.
Session 28 (planned before either was drawn): English batch 27 and zh batch 12 are `tune`, fresh text
whose first-contact rows are recorded once (English: with the rules alone and with the learned model,
both the shipped versions) before any rule is written from them or any model is trained on them.
English 27's first-contact counts join the pool that decides the English default (README, fixed
before it was drawn). Later in session 28 (after both first contacts, before it was drawn): zh batch
13 is `heldout3`, fresh Chinese text from a source the reader could not read before this session
(uni-app / Vue single-file components), annotated before the reader is run on it and measured once,
at the end of the session; its errors are not read. English batch 28 (planned with zh 13, before it
was drawn) is `heldout3` too: fresh English text, a check of the session's English reader and of the
learned model's round 4, measured once at the end of the session (it decides no default).
After that measurement (planned before either was drawn): zh batch 14 and English batch 29 are
`tune`, fresh text (zh 14 again from uni-app / Vue components, the source new to the reader) whose
first-contact rows are recorded once before any rule is written from them. After the session's
second look (planned before either was drawn, no rule to be written after it): English batch 30 and
zh batch 15 are `heldout3`, fresh text measured once to check the rules of both rounds.
Session 29 (planned before any was drawn, before any rule of the session): English batch 31 and zh
batch 16 are `heldout3`, fresh text to confirm session 28's rules (annotated before the reader is run
on them, measured once, at the end of the session; their errors are not read). English batch 32 and
zh batch 17 are `tune`, fresh text whose first-contact rows are recorded once before any rule is
written from them.
Later in session 29 (after the first contacts of English 32 and zh 17, before either was drawn; no
held-out measurement yet this session): English batch 33 and zh batch 18 are `tune` (owners a-m),
English batch 34 and zh batch 19 are `heldout3` (owners n-z and digits), measured once at the end
of the session with English 31 and zh 16.
A third round, planned after English 33's and zh 18's first contacts and before any was drawn: English
batch 35 is `tune` (owners n-z and digits), English batch 36 (owners a-m) and zh batch 20 (any owner)
are `heldout3`, measured once at the end of the session with the session's other held-out batches.
After that measurement (planned before either was drawn): English batch 37 and zh batch 21 are
`heldout3`, drawn from repository snapshots already on the machine (the session's look-up budget was
spent) and measured once, after the session's last change to the reader.

Prints the plan as TOML; splits.toml records the outcome (what was annotated/excluded).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

CA4P_SAMPLE = 325  # was 90, then 110, then 200, then 230; random.sample with this seed is prefix-stable (pool method), so earlier positions never move
FIRST_BATCH = 110  # positions before this follow the tune/heldout blocks of five; later ones the tune/heldout2 blocks of three
THIRD_BATCH = 230  # positions from here on are all `heldout3`
EN_HELDOUT2_BATCH = 3  # English sources.toml batch 3: every policy is `heldout2`
EN_TUNE_BATCHES = (4, 7, 9, 10, 12, 13, 14, 15, 17, 19, 20, 24, 26, 27, 29, 32, 33, 35)  # English batches 4 (session 20), 7 and 9 (session 21), 10 and 12 (session 22), 13, 14 and 15 (session 23), 17 and 19 (session 24), 20 (session 25), 24 (session 26), 26 (session 27), 27 and 29 (session 28), 32, 33 and 35 (session 29; each planned before drawn): every policy is `tune`, to learn from
EN_HELDOUT3_BATCH = 5  # English batch 5 on: every policy is `heldout3`, a second held-out batch
ZH_SPLITS = {1: "heldout3", 2: "tune", 3: "heldout3", 4: "tune", 5: "tune", 6: "heldout3", 7: "heldout3", 8: "heldout3", 9: "tune", 10: "heldout3", 11: "tune", 12: "tune", 13: "heldout3", 14: "tune", 15: "heldout3", 16: "heldout3", 17: "tune", 18: "tune", 19: "heldout3", 20: "heldout3", 21: "heldout3"}  # zh (Chinese from GitHub) batch -> split, planned before the batch is drawn (batches 3-5 planned in session 24, batches 6 and 7 in session 25, batches 8 and 9 in session 26, batches 10 and 11 in session 27, batches 12-15 in session 28, batches 16-21 in session 29, before they were drawn; batch 9's annotations were lost with session 26's machine, so it holds none)


def ordered_sample(names: list[str], k: int, seed: int = 12) -> list[str]:
    names = sorted(names)
    return random.Random(seed).sample(names, min(k, len(names)))


def split_of(position: int) -> str:
    if position >= THIRD_BATCH:
        return "heldout3"
    if position >= FIRST_BATCH:
        # second batch (issue 12, p12acc): blocks of three, one position per block drawn by
        # seed for a NEW held-out split that is never tuned on, the other two for `tune`
        block, offset = divmod(position - FIRST_BATCH, 3)
        return "heldout2" if offset == random.Random(2400 + block).randrange(3) else "tune"
    block, offset = divmod(position, 5)
    tune = random.Random(1200 + block).sample(range(5), 2)
    return "tune" if offset in tune else "heldout"


def en_split_of(position: int, batch: int) -> str:
    """English: the blocks of five of `split_of` for batches 1-2, then one split per batch:
    3 `heldout2`, the batches of EN_TUNE_BATCHES `tune`, the others from 5 on `heldout3`."""
    if batch in EN_TUNE_BATCHES:
        return "tune"
    if batch >= EN_HELDOUT3_BATCH:
        return "heldout3"
    if batch == EN_HELDOUT2_BATCH:
        return "heldout2"
    return split_of(position)


def _plan(sources: dict, split_at) -> list[tuple[int, str, str]]:
    """(position, name, split) for every source, in (batch, name) order; `split_at(position, batch)`."""
    order = sorted(sources, key=lambda k: (sources[k].get("batch", 1), k))
    return [(i, k, split_at(i, sources[k].get("batch", 1))) for i, k in enumerate(order)]


def en_plan(sources: dict) -> list[tuple[int, str, str]]:
    """(position, name, split) for every English source, in (batch, name) order."""
    return _plan(sources, en_split_of)


def zh_split_of(batch: int) -> str:
    """zh: one split per batch, fixed in ZH_SPLITS before the batch is drawn (batches 1, 3, 6, 7, 8, 10, 13, 15, 16, 19, 20 and 21 `heldout3`, batches 2, 4, 5, 9, 11, 12, 14, 17 and 18 `tune`)."""
    if batch not in ZH_SPLITS:
        raise ValueError(f"zh batch {batch} has no planned split (ZH_SPLITS)")
    return ZH_SPLITS[batch]


def zh_plan(sources: dict) -> list[tuple[int, str, str]]:
    """(position, name, split) for every zh source, in (batch, name) order."""
    return _plan(sources, lambda _, batch: zh_split_of(batch))


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
        "# `heldout` (first batch) was held out until session 19, then opened for tuning;",
        "# `heldout2` (second batch, positions >= 110: one per block of three by",
        "# random.Random(2400 + block)) and `heldout3` (third batch, positions >= 230, all of",
        "# them) are reported, never tuned on.",
    ]
    if (here / "zh").is_dir():
        out += [
            "# [zh]: Chinese app policies from GitHub (zh/sources.toml); batch 1 is all `heldout3`,",
            "# held out (never tuned on, errors never read), measured by the integrator only.",
        ]
    for kind in ("ca4p", "en", "zh"):
        if kind == "zh" and not (here / kind).is_dir():
            continue
        splits: dict[str, list[str]] = {"tune": [], "heldout": [], "heldout2": [], "heldout3": []}
        for p in sorted((here / kind).glob("*.toml")):
            if p.name == "sources.toml":
                continue
            ann = tomllib.loads(p.read_text(encoding="utf-8"))
            splits[ann["split"]].append(ann["file"])
        out += ["", f"[{kind}]"]
        for split, files in splits.items():
            if split in ("heldout2", "heldout3") and not files:
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
    if argv[1:] in (["--en"], ["--zh"]):
        import tomllib

        kind = argv[1][2:]
        src = Path(__file__).resolve().parents[1] / "tests" / "policy_realworld" / kind / "sources.toml"
        plan = en_plan if kind == "en" else zh_plan
        sources = tomllib.loads(src.read_text(encoding="utf-8")).get("policy", {}) if src.is_file() else {}
        print("# position name split")
        for i, name, split in plan(sources):
            print(f"{i:3d} {name} {split}")
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

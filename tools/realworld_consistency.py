"""Cross-file consistency of the CA4P annotations: one sentence, one reading.

Many apps copy policy templates, so the same sentence occurs in several annotated files.
For every category keyword (the annotator's lists of tools/realworld_qa.py, plus the
phrasings of GUIDE.md "Further rules met on real policies"), collect the sentences
(normalised: NFKC, no whitespace or Markdown marks, split at 。；！？ and line ends) that
contain it in two or more annotated files; a file's quote found in other files' texts is
such a sentence too. A group is a CONFLICT when one file's quote for the category lies in
the shared sentence (the sentence decided that file) and another file of the group gives
the category a weaker status (declared > denied > vague > absent): it read the same
sentence differently or missed it.
With --all, groups whose statuses differ without a quote in the sentence are printed too
(the difference may come from other sentences of the files).

    python tools/realworld_consistency.py [--all] [--split SPLIT] [--kind ca4p,zh] [CATEGORY,...]
    python tools/realworld_consistency.py --copies     # near-copy files whose statuses differ

Both Chinese sets are read by default (`--kind ca4p,zh`): CA4P files by name, the Chinese GitHub
files as "zh:NAME", so a template sentence read one way in CA4P and another way in a GitHub policy
is found too (zh annotators had checked that by hand).

Prints, per conflict: category, the shared sentence, and each file with split, status
and quote. The reader is not used, only the text normalisation.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from policy_realworld_support import fold, load_annotations, policy_text  # noqa: E402
from realworld_qa import KW as _QA_KW  # noqa: E402

# GUIDE.md ambiguities a-j (session 19) added to the second-pass keyword lists
EXTRA = {
    "audio_files": r"音视频文件|音频文件|音乐文件|本地音乐|音频",
    "photos_videos": r"音视频文件|视频文件|媒体文件",
    "location_precise": r"基站",
    "location_approximate": r"位置|定位|基站|经纬度",
    "nearby_devices": r"蓝牙|附近设备",
    "calendar": r"日历|日程",
    "clipboard": r"剪切板|剪贴板|粘贴板|复制",
    "notifications": r"推送|通知",
    "installed_apps": r"软硬件特征|应用软件信息|软件信息|应用信息",
    "camera": r"面部|人脸|活体|视频通话|刷脸",
    "microphone": r"视频通话|语音搜索|语音",
    "phone_calls": r"拨打电话|拨号|拨打",
}


def keywords() -> dict[str, re.Pattern]:
    kw = {c: p for c, p in _QA_KW.items()}
    for c, p in EXTRA.items():
        kw[c] = f"{kw[c]}|{p}" if c in kw else p
    return {c: re.compile(p, re.I) for c, p in kw.items()}


_RANK = {"declared": 3, "denied": 2, "vague": 1, "absent": 0}
_SPLIT = re.compile(r"[。；;！!？?\n]+")


def sentences(text: str) -> set[str]:
    """Folded sentences of a normalised text (8 characters or more)."""
    out = set()
    # by line (lists without punctuation) and by sentence across hard-wrapped lines
    for s in _SPLIT.split(text) + _SPLIT.split(fold(text.replace("\n", ""))):
        f = fold(s).strip("，,、:：.。 ")
        if len(f) >= 8:
            out.add(f)
    return out


def conflicts(anns: dict[str, dict], texts: dict[str, str], cats: list[str] | None = None,
              show_all: bool = False) -> list[dict]:
    """Groups of files sharing a keyword sentence whose statuses for the category differ.

    anns: file name -> annotation (as in the .toml); texts: file name -> normalised text.
    Each result: category, sentence, files [(file, split, status, quote)], decided (a
    file's quote lies in the sentence).
    """
    kw = keywords()
    cats = cats or list(kw)
    texts = {name: text for name, text in texts.items() if name in anns}
    by_sentence: dict[str, set[str]] = defaultdict(set)
    for name, text in texts.items():
        for s in sentences(text):
            by_sentence[s].add(name)
    # a file's quote found in other files' texts is a shared sentence too (quotes may span
    # sentence ends, or the other file wraps or punctuates the sentence differently)
    folded = {name: fold(text) for name, text in texts.items()}
    by_quote: dict[tuple[str, str], set[str]] = {}
    for name in texts:
        for c in cats:
            q = fold(anns[name]["categories"][c].get("quote", ""))
            if len(q) >= 6 and (c, q) not in by_quote:
                by_quote[(c, q)] = {f for f, t in folded.items() if q in t}
    out = []
    items = [(s, files, None) for s, files in sorted(by_sentence.items())]
    items += [(q, files, c) for (c, q), files in sorted(by_quote.items())]
    seen = set()
    for s, files, only in items:
        if len(files) < 2:
            continue
        for c in cats:
            if c not in kw or (only is None and not kw[c].search(s)) or (only and c != only):
                continue
            rows = []
            for f in sorted(files):
                e = anns[f]["categories"][c]
                rows.append((f, anns[f].get("split", "?"), e["status"], e.get("quote", "")))
            if len({r[2] for r in rows}) < 2:
                continue
            # decided: a file's quote lies in the sentence and another file that has the
            # sentence gives the category a weaker status (declared > denied > vague > absent)
            top = max((_RANK[r[2]] for r in rows if r[3] and fold(r[3]) in s), default=-1)
            decided = any(_RANK[r[2]] < top for r in rows)
            key = (c, tuple(r[0] for r in rows), tuple(r[2] for r in rows))
            if key in seen:
                continue  # the same files and statuses met through another sentence
            seen.add(key)
            if decided or show_all:
                out.append({"category": c, "sentence": s, "files": rows, "decided": decided})
    return out


def copies(anns: dict[str, dict], texts: dict[str, str], share: float = 0.5) -> list[dict]:
    """Pairs of files that are near-copies (at least `share` of the smaller file's sentences
    are in the other) and the categories on which their statuses differ."""
    sents = {f: sentences(t) for f, t in texts.items()}
    names = sorted(sents)
    out = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            small = min(len(sents[a]), len(sents[b])) or 1
            common = len(sents[a] & sents[b]) / small
            if common < share:
                continue
            diff = [(c, anns[a]["categories"][c]["status"], anns[b]["categories"][c]["status"])
                    for c in anns[a]["categories"]
                    if anns[a]["categories"][c]["status"] != anns[b]["categories"][c]["status"]]
            out.append({"files": (a, b), "share": common, "differ": diff})
    return out


def load_kinds(kinds: list[str]) -> tuple[dict, dict]:
    """Annotations and normalised texts of the given kinds, keyed by file name (CA4P) or
    "KIND:NAME" (any other kind); a file without its text is left out (said on stderr)."""
    anns, texts = {}, {}
    for kind in kinds:
        for a in load_annotations(kind).values():
            key = a["file"] if kind == "ca4p" else f"{kind}:{a['file']}"
            t = policy_text(kind, a["file"])
            if t is None:
                print(f"{key}: text absent", file=sys.stderr)
                continue
            anns[key], texts[key] = a, t
    return anns, texts


def main(argv: list[str]) -> int:
    args = argv[1:]
    show_all = "--all" in args
    split = None
    if "--split" in args:
        split = args[args.index("--split") + 1]
        args = [a for a in args if a not in ("--split", split)]
    kinds = ["ca4p", "zh"]
    if "--kind" in args:
        kinds = args[args.index("--kind") + 1].split(",")
        args = [a for a in args if a not in ("--kind", ",".join(kinds))]
    args = [a for a in args if a not in ("--all", "--copies")]
    cats = args[0].split(",") if args else None
    anns, texts = load_kinds(kinds)
    if "--copies" in argv:
        for p in copies(anns, texts):
            a, b = p["files"]
            print(f"== {a} [{anns[a]['split']}] ~ {b} [{anns[b]['split']}] share {p['share']:.2f}")
            for c, x, y in p["differ"]:
                print(f"   {c}: {x} / {y}")
        return 0
    found = conflicts(anns, texts, cats, show_all)
    if split:
        found = [g for g in found if any(r[1] == split for r in g["files"])]
    for g in found:
        mark = "" if g["decided"] else " (no quote in the sentence)"
        print(f"== {g['category']}{mark}: {g['sentence'][:160]}")
        for f, sp, st, q in g["files"]:
            print(f"   {f} [{sp}] {st}" + (f"  «{q}»" if q else ""))
    print(f"{len(found)} conflicting groups", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

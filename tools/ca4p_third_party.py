"""Compare with CA4P-483's own annotations: an outside reading of the same CA4P texts.

The CA4P-483 corpus (Zhao et al., EMNLP 2022; github.com/zacharykzhao/CA4P-483) labels spans of
each policy: data (`e_21` 数据), collection (`e_22` 收集), sharing, actor, condition, subject,
purpose. It has no per-policy permission groups; this tool derives them the simplest defensible
way, written before any comparison was made:

    a group is declared by CA4P when a data span that names it (GROUP_WORDS below: the GUIDE's
    group definitions as words) shares a sentence with a collection span.

That proxy knows no negation (a CA4P data span in "我们不会收集您的通讯录" still counts) and no
definition paragraph, and it reads every device word as the phone/device group; so it is a
yardstick for how far our notion of "declared" is from a third party's labels, not a gold
standard. Three readings are scored against it over the CA4P files annotated here: our own
annotations (tests/policy_realworld/ca4p), the policy reader, the keyword list of the bench.

Only the 325 files of ../shared/policies/ca4p are read (by name, from the snapshot's
annotation_data/NNNN.json); the corpus's other files are never opened. Per-file differences are
printed only for the `tune` and `heldout` splits (open for tuning); held-out splits get figures.

    python tools/ca4p_third_party.py [--snapshot GITDIR] [--files]

GITDIR is a git directory of the CA4P-483 repository (default: the fetch tool's
/work/.mirror/zacharykzhao+CA4P-483/repo). Exit 0, or 3 when the snapshot or ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

GROUPS = ("phone_device", "location", "storage", "camera", "microphone", "contacts", "calendar", "sms", "body_sensors")

# The words of each group as GUIDE.md's category table defines the group (device identifiers,
# phone state and call records; location; storage, photos, audio files; ...). Written from the
# GUIDE, not from CA4P's spans or the reader's lexicon.
GROUP_WORDS = {
    "phone_device": r"IMEI|IMSI|MEID|ICCID|设备标识|设备识别|设备ID|设备 ID|Android ?ID|ANDROID ?ID|序列号|唯一设备|设备唯一|"
                    r"电话状态|通话状态|通话记录|通信记录|通话信息|本机号码|SIM卡",
    "location": r"位置|定位|GPS|经纬度|行踪|轨迹",
    "storage": r"存储|SD卡|相册|照片|图片|视频|媒体文件|音频文件|本地文件|文件",
    "camera": r"摄像头|相机|拍照|拍摄|摄像",
    "microphone": r"麦克风|录音|语音",
    "contacts": r"通讯录|联系人列表|手机联系人|联系人信息",
    "calendar": r"日历|日程",
    "sms": r"短信(?!验证码|通知)",
    "body_sensors": r"传感器|加速度|陀螺仪|重力感应|心率",
}
_GROUP_RES = {g: re.compile(w, re.IGNORECASE) for g, w in GROUP_WORDS.items()}
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")


def groups_of_span(text: str) -> set[str]:
    """The groups a CA4P data span names."""
    return {g for g, rx in _GROUP_RES.items() if rx.search(text)}


def _sentence_range(items: list[dict], s: int, e: int) -> tuple[int, int]:
    """Absolute [start, end) of the sentence around a span, cut from the smallest unlabelled
    segment that holds it (CA4P's segments are paragraphs); the span itself when none does."""
    holders = [it for it in items if it["start"] <= s and e <= it["end"] and it.get("text")]
    if not holders:
        return s, e
    it = min(holders, key=lambda x: x["end"] - x["start"])
    text, base = it["text"], it["start"]
    lo, hi = s - base, e - base
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, max(0, lo))]
    m = _SENTENCE_END.search(text, min(len(text), hi))
    return base + (starts[-1] if starts else 0), base + (m.start() if m else len(text))


def declared_groups(annotations: list[dict]) -> set[str]:
    """The groups CA4P's spans declare by the proxy of the module docstring."""
    items = [a for a in annotations if not a.get("classId")]
    collect = [(a["start"], a["end"]) for a in annotations if a.get("classId") == "e_22"]
    out: set[str] = set()
    for a in annotations:
        if a.get("classId") != "e_21":
            continue
        gs = groups_of_span(a.get("text", ""))
        if not gs or gs <= out:
            continue
        lo, hi = _sentence_range(items, a["start"], a["end"])
        if any(lo <= cs and ce <= hi for cs, ce in collect):
            out |= gs
    return out


def load_ca4p_labels(gitdir: Path, names: list[str]) -> dict[str, set[str]]:
    """file name (NNNN.html) -> CA4P-declared groups, for the given names only."""
    out = {}
    for name in names:
        path = f"annotation_data/{Path(name).stem}.json"
        try:
            data = subprocess.run(["git", "--git-dir", str(gitdir), "show", f"HEAD:{path}"],
                                  capture_output=True, check=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        out[name] = declared_groups(json.loads(data.decode("utf-8")))
    return out


def score(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float, float, float]:
    """micro P, R, F1 and macro-F1 (over groups present) of predicted vs reference group sets."""
    tp = fp = fn = 0
    per = {g: [0, 0, 0] for g in GROUPS}
    for ref, pred in pairs:
        for g in GROUPS:
            r, p = g in ref, g in pred
            tp, fp, fn = tp + (r and p), fp + (p and not r), fn + (r and not p)
            per[g][0] += r and p
            per[g][1] += p and not r
            per[g][2] += r and not p
    f = lambda t, a, b: 2 * t / (2 * t + a + b) if t + a + b else None  # noqa: E731
    micro_p = tp / (tp + fp) if tp + fp else 0.0
    micro_r = tp / (tp + fn) if tp + fn else 0.0
    macros = [f(*v) for v in per.values() if v[0] + v[2]]
    return micro_p, micro_r, f(tp, fp, fn) or 0.0, sum(macros) / len(macros) if macros else 0.0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--snapshot", type=Path, default=Path("/work/.mirror/zacharykzhao+CA4P-483/repo"))
    ap.add_argument("--files", action="store_true", help="list per-file differences (open splits only)")
    args = ap.parse_args(argv[1:])
    ca4p_dir = ROOT.parent / "shared" / "policies" / "ca4p"
    if not ca4p_dir.is_dir() or not args.snapshot.is_dir():
        print(f"error: needs {ca4p_dir} and a CA4P-483 snapshot at {args.snapshot}", file=sys.stderr)
        return 3
    from policy_realworld_support import derive_groups, load_annotations

    from auditor.policy import read_policy
    sys.path.insert(0, str(ROOT / "bench"))
    from policy_accuracy import keyword_groups  # noqa: E402  (the bench's keyword list)

    anns = load_annotations("ca4p")
    labels = load_ca4p_labels(args.snapshot, sorted(a["file"] for a in anns.values()))
    rows = {}
    for a in anns.values():
        if a["file"] not in labels:
            continue
        data = (ca4p_dir / a["file"]).read_bytes()
        ours = {g for g, v in a["groups"].items() if v}
        res = read_policy(data, name=a["file"])
        reader = {g for g, v in derive_groups({c: claim.status for c, claim in res.categories.items()}).items() if v}
        kw = {g for g, v in keyword_groups(res.text).items() if v}
        rows[a["file"]] = (a["split"], labels[a["file"]], ours, reader, kw)
    splits = (("tune", ("tune",)), ("heldout (open)", ("heldout",)), ("heldout2+3", ("heldout2", "heldout3")),
              ("all annotated", ("tune", "heldout", "heldout2", "heldout3")))
    print("Reference: groups CA4P-483's own spans declare (a data span naming the group in a sentence with a")
    print("collection span; tools/ca4p_third_party.py docstring). Each reading: micro P / R / F1, macro-F1.\n")
    print(f"{'split (policies)':24} {'our annotations':26} {'policy reader':26} {'keyword list':26}")
    for label, names in splits:
        sel = [r for r in rows.values() if r[0] in names]
        cells = []
        for i in (2, 3, 4):
            p, r, f, m = score([(x[1], x[i]) for x in sel])
            cells.append(f"{p:.2f} / {r:.2f} / {f:.2f}, {m:.2f}")
        print(f"{label + f' ({len(sel)})':24} {cells[0]:26} {cells[1]:26} {cells[2]:26}")
    print("\nper group over all annotated: CA4P-declared / ours / reader (counts of policies)")
    for g in GROUPS:
        print(f"  {g:14} {sum(g in r[1] for r in rows.values()):4} {sum(g in r[2] for r in rows.values()):4} "
              f"{sum(g in r[3] for r in rows.values()):4}")
    if args.files:
        print("\nopen splits: files where our annotation and CA4P's spans differ (group: +ours only / -CA4P only)")
        for name, (split, ref, ours, _, _) in sorted(rows.items()):
            if split in ("tune", "heldout") and ref != ours:
                print(f"  {name} {split}: " + " ".join([f"+{g}" for g in sorted(ours - ref)] + [f"-{g}" for g in sorted(ref - ours)]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

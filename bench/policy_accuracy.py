"""Policy-reader accuracy.

1. The project's own corpus (tests/policy_corpus): precision and recall per data category
   over (category, status) decisions, plus SDK and type-level disclosure accuracy.
2. The real-world set (tests/policy_realworld: CA4P Chinese policies read from
   ../shared/policies/ca4p, English ones from bench/.cache/policies/en and Chinese ones from
   GitHub (kind `zh`, "Chinese (GitHub)") from bench/.cache/policies/zh, both filled by
   tools/fetch_realworld_policies.py), each split reported separately:
   - per category: a decision is right when our status (declared / vague / denied, or
     absent when we report nothing) equals the annotation; tp = we report a status and it
     is the annotated one, fp = we report a status that is not, fn = the annotation has a
     status we do not report;
   - the nine permission groups an outside evaluator scores (strict: `declared` only),
     with our categories mapped onto them as in GROUP_MAP of
     tests/policy_realworld_support.py (phone/device = device_id, phone_calls, call_log;
     location = the three location categories; storage = storage, photos_videos,
     audio_files; body sensors = sensors; the others one-to-one); micro-F1 over all
     (policy, group) decisions and macro-F1 = mean of the per-group F1 over the groups that
     occur in the split (annotated or predicted at least once).

Run: .venv/bin/python bench/policy_accuracy.py [--realworld DIR] [--only SPLIT|held] [--errors]
     [--kind ca4p|en|zh] [--by-batch]   (--by-batch: rows per batch of en/ and zh/sources.toml too)
     --cv: only the learned English sentence model's leave-one-batch-out tables (English tune only)
     --learned / --no-learned: read with / without the learned English sentence model (default: the
     model file's default: on in session 26, off since session 27; as auditor policy does)
     --learned-zh / --no-learned-zh: the same for the Chinese sentence model (default off)

Splits: `tune` (the reader is tuned on it); `heldout` (first batch: held out until the
third batch was drawn, tuned on since, so reported with `tune` as tune+heldout);
`heldout2` (second batch) and `heldout3` (third batch), each annotated before the reader
was run on it and never tuned on, and the two combined: the held-out figure. Never run
--errors on heldout2/heldout3: that would make them tune sets.
Kind `zh` (Chinese policies from GitHub): batch 1 is all `heldout3`, held out like the other
kinds' `heldout3`. --errors never lists the errors of a closed held-out split (`heldout3` of
every kind, CA4P `heldout2`), whatever --only says; English `heldout2` is open since session 20.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from policy_realworld_support import KINDS  # noqa: E402  (the annotations' kinds: one list, theirs)
from policy_realworld_support import prf as _prf  # noqa: E402  (one P/R/F1, shared with tools/policy_model.py)
from test_policy_reader import CASES, _expected, _summary  # noqa: E402

from auditor.errors import InputError  # noqa: E402
from auditor.policy import read_policy  # noqa: E402


# The baseline the issue compares the reader with: a plain keyword list per permission group
# (a group is declared when any of its words occurs anywhere in the policy text). The words
# are this benchmark's own, broad on purpose, Chinese and English.
KEYWORDS = {
    "phone_device": r"IMEI|IMSI|MEID|ICCID|设备标识|识别码|Android ?ID|设备ID|设备号|序列号|电话权限|电话状态|手机状态|"
                    r"通话记录|device ID|device identifier|phone state|call log",
    "location": r"位置|定位|GPS|经纬度|地理|location",
    "storage": r"存储权限|存储卡|SD卡|外部存储|读写|相册|照片|图片|音频文件|storage|photo|gallery|media files",
    "camera": r"相机|摄像头|拍照|拍摄|扫码|扫一扫|camera",
    "microphone": r"麦克风|录音|语音|microphone|voice|audio record",
    "contacts": r"通讯录|联系人|address book|contacts",
    "calendar": r"日历|日程|calendar",
    "sms": r"短信|彩信|SMS|text message",
    "body_sensors": r"传感器|心率|加速度|陀螺仪|sensor|heart rate",
}
_KW = {g: re.compile(k, re.I) for g, k in KEYWORDS.items()}
# --learned / --no-learned: read_policy's `learned` (None: the model file's default, off); --learned-zh /
# --no-learned-zh: its `learned_zh`, the Chinese model (None: that file's default, off)
_READ = {"learned": None, "learned_zh": None}


def _read_kw() -> dict:
    """read_policy's keyword for --learned/--no-learned, none when neither was given (so an older
    reader tree, first on PYTHONPATH, without the sentence model can be measured with the same bench)."""
    return {k: v for k, v in _READ.items() if v is not None}


def keyword_groups(text: str) -> dict[str, bool]:
    return {g: bool(rx.search(text)) for g, rx in _KW.items()}


def project_corpus() -> None:
    tp, fp, fn = Counter(), Counter(), Counter()
    sdk = Counter()
    t0 = time.perf_counter()
    size = 0
    for p in CASES:
        data = p.read_bytes()
        size += len(data)
        got, exp = _summary(read_policy(data, p.name, **_read_kw())), _expected(p)
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
    print(f"== project corpus: {len(CASES)} annotated policies, {size / 1024:.0f} KiB, read in {elapsed * 1000:.0f} ms\n")
    _category_table(tp, fp, fn)
    for key in ("sdks", "types"):
        t, f, n = sdk[key + "_tp"], sdk[key + "_fp"], sdk[key + "_fn"]
        print(f"{'SDK ' + key:24s} {t:4d} {f:4d} {n:4d} {t / max(1, t + f):10.2f} {t / max(1, t + n):8.2f}")


def _category_table(tp: Counter, fp: Counter, fn: Counter) -> None:
    print(f"{'category':24s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'precision':>10s} {'recall':>8s}")
    for k in sorted(set(tp) | set(fp) | set(fn)):
        p_, r_, _ = _prf(tp[k], fp[k], fn[k])
        print(f"{k:24s} {tp[k]:4d} {fp[k]:4d} {fn[k]:4d} {p_:10.2f} {r_:8.2f}")
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    p_, r_, _ = _prf(T, F, N)
    print(f"{'all (micro)':24s} {T:4d} {F:4d} {N:4d} {p_:10.2f} {r_:8.2f}")


# The reported splits. `heldout` (first batch) was held out until session 19, when the
# third batch `heldout3` was drawn; since then it is tuned on like `tune`, and the held-out
# figure is heldout2 + heldout3 (never tuned on: tools/realworld_splits.py). English
# `heldout2` was opened for tuning in session 20 (after its second measurement): the English
# held-out figure is `heldout3` from then on (`--kind en --only heldout2 --errors` lists the
# English errors alone; CA4P heldout2 stays held out).
SPLITS = ("tune", "heldout", "tune+heldout", "heldout2", "heldout3", "heldout2+heldout3")
HELD = ("heldout2", "heldout3", "heldout2+heldout3")


def _closed(kind: str, split: str) -> bool:
    """A held-out split whose errors are never listed: `heldout3` of every kind, CA4P `heldout2`
    (English `heldout2` was opened for tuning in session 20)."""
    return "heldout3" in split or (kind != "en" and "heldout2" in split)
LABELS = {"ca4p": "CA4P", "en": "English", "zh": "Chinese (GitHub)"}
BATCHED = ("en", "zh")  # kinds whose sources.toml records the batch each policy was drawn in


def realworld(base: Path, only: str | None, show_errors: bool, kinds: tuple[str, ...] = KINDS,
              by_batch: bool = False) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    import tomllib

    import policy_realworld_support as rw

    with open(base / "splits.toml", "rb") as f:
        splits = tomllib.load(f)
    batches: dict[str, dict[str, int]] = {}
    if by_batch:
        # GitHub sources (en, zh) carry the batch they were drawn in (<kind>/sources.toml)
        batches = {k: {n: v.get("batch", 1) for n, v in rw.load_sources(k).items()}
                   for k in kinds if k in BATCHED}
    results = {}
    for kind in kinds:
        for split in SPLITS:
            if only and split != only and not (only == "held" and split in HELD):
                continue
            names = [n for part in split.split("+") for n in splits.get(kind, {}).get(part, [])]
            if "+" in split and not all(splits.get(kind, {}).get(part) for part in split.split("+")):
                continue
            if not names:
                continue
            parts = [(split, names)]
            if kind in batches and "+" not in split:
                kb = batches[kind]
                for b in sorted({kb.get(n, 1) for n in names}):
                    sub = [n for n in names if kb.get(n, 1) == b]
                    if len(sub) < len(names):
                        parts.append((f"{split} batch {b}", sub))
            for label, subset in parts:
                r = _score(base, kind, label, subset, show_errors and not _closed(kind, split), rw)
                if r is not None:
                    results[(kind, label)] = r
    return results


def _score(base: Path, kind: str, split: str, names: list[str], show_errors: bool, rw) -> dict | None:
    """Read every policy of `names`, print the per-category and per-group tables, return the
    summary row."""
    import tomllib

    tp, fp, fn = Counter(), Counter(), Counter()
    gtp, gfp, gfn = Counter(), Counter(), Counter()
    ktp, kfp, kfn = Counter(), Counter(), Counter()  # the keyword-list baseline
    read = 0
    missing = 0
    errors: list[str] = []
    for name in names:
        ann_path = base / kind / (Path(name).stem + ".toml")
        if not ann_path.is_file():
            ann_path = base / kind / (name + ".toml") if (base / kind / (name + ".toml")).is_file() else ann_path
        if not ann_path.is_file():
            missing += 1
            continue
        with open(ann_path, "rb") as f:
            ann = tomllib.load(f)
        src = rw.source_path(kind, ann.get("file", name))
        if not src.is_file():
            missing += 1
            continue
        try:
            res = read_policy(src.read_bytes(), src.name, **_read_kw())
        except InputError as exc:
            errors.append(f"{name}: unreadable ({exc})")
            continue
        read += 1
        got = {c: claim.status for c, claim in res.categories.items()}
        exp = {c: v["status"] for c, v in ann["categories"].items() if v["status"] != "absent"}
        for c in rw.CATEGORIES:
            g, e = got.get(c), exp.get(c)
            if g is not None:
                (tp if g == e else fp)[c] += 1
            if e is not None and g != e:
                fn[c] += 1
        gg = rw.derive_groups(got)
        eg = ann["groups"]
        kg = keyword_groups(res.text)
        for grp in rw.GROUPS:
            if kg[grp]:
                (ktp if eg[grp] else kfp)[grp] += 1
            elif eg[grp]:
                kfn[grp] += 1
        for grp in rw.GROUPS:
            if gg[grp] and eg[grp]:
                gtp[grp] += 1
            elif gg[grp]:
                gfp[grp] += 1
                errors.append(f"{name}: {grp} FP ({_why(res, rw.GROUP_MAP[grp])})")
            elif eg[grp]:
                gfn[grp] += 1
                errors.append(f"{name}: {grp} FN (annotated: {_ann_quote(ann, rw.GROUP_MAP[grp])})")
    print(f"\n== real-world {kind} / {split}: {read} policies read"
          + (f" ({missing} without annotation or source, skipped)" if missing else ""))
    if not read:  # nothing cached (a new machine): no row, rather than a perfect score of nothing
        return None
    _category_table(tp, fp, fn)
    print(f"\n{'permission group':24s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'precision':>10s} {'recall':>8s} {'F1':>6s}")
    f1s = []
    for grp in rw.GROUPS:
        p_, r_, f_ = _prf(gtp[grp], gfp[grp], gfn[grp])
        if gtp[grp] + gfp[grp] + gfn[grp]:
            f1s.append(f_)
        print(f"{grp:24s} {gtp[grp]:4d} {gfp[grp]:4d} {gfn[grp]:4d} {p_:10.2f} {r_:8.2f} {f_:6.2f}")
    T, F, N = sum(gtp.values()), sum(gfp.values()), sum(gfn.values())
    p_, r_, micro = _prf(T, F, N)
    macro = sum(f1s) / len(f1s) if f1s else 1.0
    print(f"{'groups micro':24s} {T:4d} {F:4d} {N:4d} {p_:10.2f} {r_:8.2f} {micro:6.2f}")
    print(f"{'groups macro-F1':24s} {'':14s} {'':10s} {'':8s} {macro:6.2f}   (over {len(f1s)} groups present)")
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    cp, cr, _ = _prf(T, F, N)
    kf1 = [_prf(ktp[g], kfp[g], kfn[g])[2] for g in rw.GROUPS if ktp[g] + kfp[g] + kfn[g]]
    kmicro = _prf(sum(ktp.values()), sum(kfp.values()), sum(kfn.values()))[2]
    kmacro = sum(kf1) / len(kf1) if kf1 else 1.0
    print(f"{'keyword list (baseline)':24s} micro-F1 {kmicro:.2f}, macro-F1 {kmacro:.2f}")
    if show_errors:
        for e in errors:
            print("   ", e)
    return {"micro": micro, "macro": macro, "n": read, "missing": missing, "gp": p_, "gr": r_,
            "cp": cp, "cr": cr, "kmicro": kmicro, "kmacro": kmacro}


def _summary_table(results: dict) -> None:
    """The README table: one row per (corpus, split)."""
    if not results:
        return
    print(f"\n{'split (policies)':34s} {'9 groups micro P / R / F1':28s} {'groups macro-F1':16s} "
          f"30 categories (status) micro P / R   keyword list micro / macro-F1")
    for (kind, split), r in results.items():
        # a split some of whose texts are not cached says how many of its policies it read
        label = f"{LABELS[kind]} {split} ({r['n']}" + (f" of {r['n'] + r['missing']})" if r.get("missing") else ")")
        print(f"{label:34s} {r['gp']:.2f} / {r['gr']:.2f} / {r['micro']:.2f}{'':10s} {r['macro']:.2f}{'':12s} "
              f"{r['cp']:.2f} / {r['cr']:.2f}{'':24s} {r['kmicro']:.2f} / {r['kmacro']:.2f}")


def _why(res, cats) -> str:
    for c in cats:
        claim = res.categories.get(c)
        if claim and claim.status == "declared":
            return f"{c}: {claim.evidence[0].quote[:90]!r}"
    return "?"


def _ann_quote(ann: dict, cats) -> str:
    for c in cats:
        v = ann["categories"].get(c, {})
        if v.get("status") == "declared":
            return f"{c}: {v.get('quote', '')!r}"
    return "?"


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--realworld", type=Path, default=ROOT / "tests" / "policy_realworld",
                    help="annotation directory (splits.toml, ca4p/, en/, zh/)")
    ap.add_argument("--only", choices=tuple(s for s in SPLITS if "+" not in s) + ("held",),
                    help="one split (`held`: heldout2, heldout3 and the two combined)")
    ap.add_argument("--errors", action="store_true", help="list every permission-group error with its quote")
    ap.add_argument("--kind", choices=KINDS,
                    help="one language's set only (a split opened for tuning in one set is not open in the other)")
    ap.add_argument("--cv", action="store_true",
                    help="only the learned sentence model's leave-one-batch-out table over the English tune batches "
                         "(tools/policy_model.py --cv): the reader alone and the reader + the model trained on the "
                         "other tune batches, per batch; reads no other split")
    ap.add_argument("--learned", action=argparse.BooleanOptionalAction, default=None,
                    help="read with (--learned) or without (--no-learned) the learned English sentence model; "
                         "default: the model file's default (off since session 27)")
    ap.add_argument("--learned-zh", action=argparse.BooleanOptionalAction, default=None,
                    help="read Chinese policies with (--learned-zh) or without the learned Chinese sentence model "
                         "(read_policy's learned_zh); default: its model file's default (off)")
    ap.add_argument("--by-batch", action="store_true",
                    help="English and Chinese (GitHub): also one row per batch of <kind>/sources.toml within each split")
    args = ap.parse_args(argv[1:])
    _READ["learned"], _READ["learned_zh"] = args.learned, args.learned_zh
    if args.cv:
        sys.path.insert(0, str(ROOT / "tools"))
        import policy_model

        policy_model.main(["policy_model.py", "--cv"])
        return
    project_corpus()
    if (args.realworld / "splits.toml").is_file():
        kinds = (args.kind,) if args.kind else KINDS
        results = realworld(args.realworld, args.only, args.errors, kinds, args.by_batch)
        _summary_table(results)
    else:
        print(f"\n(no real-world annotations at {args.realworld}: skipped)")


if __name__ == "__main__":
    main(sys.argv)

"""Train, cross-validate and write the CHINESE sentence model (auditor/policy/sentence_model_zh.json).

The English model's method (tools/policy_model.py: the same trainer, labels, combination rule and
metrics), on Chinese text: features are characters and character pairs around the category's term
(auditor.policy.learned.zh_features), strong evidence is a table row, a permission statement or
"我们/本应用 + a collection verb + the term" with no negation or condition between
(zh_strong_sentence).

Training data: the Chinese `tune` splits ONLY (tests/policy_realworld/splits.toml: [zh] tune = zh
batches 2, 4, 5 and 11 from bench/.cache/policies/zh; [ca4p] tune from ../shared/policies/ca4p). No other
split's annotation or text is opened.

Folds: zh batches 2, 4, 5, 11, 12 and 14, and CA4P tune in CA4P_BLOCKS blocks of a seeded shuffle.
Two measurements, each fold scored by a model trained on the other folds only:
- current reader: every fold read by today's reader, which is FITTED to all of them (its rules were
  written from these texts: optimistic, and the model has little left to fix);
- first contact: zh batches 2, 4, 5, 11, 12 and 14 read by the reader each met them with (FIRST_CONTACT_ZH: the main
  commit before the batch's annotations reached main), the reader not fitted to the batch, as on
  held-out text: the fair comparison. CA4P tune has no first-contact reader (tuned on for sessions).
Thresholds for a fold are chosen on the other first-contact folds' out-of-fold scores (as the
English tool); the shipped ones on the pooled first-contact out-of-fold scores.

Run:
  .venv/bin/python tools/policy_model_zh.py --cv      # both tables
  .venv/bin/python tools/policy_model_zh.py --write   # train on all Chinese tune, write the model file
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--gather-old":
    sys.path.insert(0, sys.argv[2])  # an old reader's tree: its `auditor` package first
    import auditor  # noqa: E402,F401
else:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

import policy_model as pm  # noqa: E402  (trainer, combination, metrics: one copy, the English tool's)
import policy_realworld_support as rw  # noqa: E402

MODEL_PATH = ROOT / "auditor" / "policy" / "sentence_model_zh.json"
CACHE = ROOT / "bench" / ".cache" / "policy_model_zh_units.pkl"
READERS = ROOT / "bench" / ".cache" / "policy_model_readers"
# zh batch -> the main commit whose reader met it first (before its annotations reached main)
FIRST_CONTACT_ZH = {2: "f519728", 4: "c4a0a4f", 5: "663358d", 11: "b1c5412", 12: "3b4b39f", 14: "e43100e", 17: "61774b9", 18: "dd11115"}
CA4P_BLOCKS = 3
CA4P_SEED = 1212
HYPER = dict(pm.HYPER, seed=12)  # (the English model moved to seed 1 in round 3; the Chinese one was trained with 12)
COMBINE_CATS = pm.COMBINE_CATS


def tune_files() -> list[tuple[str, str]]:
    """(kind, file) of every Chinese tune policy: [zh] tune and [ca4p] tune, sorted."""
    sp = rw.load_splits()
    return [("zh", n) for n in sorted(sp["zh"]["tune"])] + [("ca4p", n) for n in sorted(sp["ca4p"]["tune"])]


def annotation_path(kind: str, name: str) -> Path:
    return rw.HERE / kind / (Path(name).stem + ".toml")


def annotation(kind: str, name: str) -> dict:
    with open(annotation_path(kind, name), "rb") as f:
        ann = tomllib.load(f)
    assert ann["split"] == "tune", name  # (never a held-out file)
    return ann


def annotations_digest(files: list[tuple[str, str]]) -> str:
    """sha256 over the Chinese tune annotation files the model is trained on (kind/name + bytes)."""
    h = hashlib.sha256()
    for kind, n in files:
        p = annotation_path(kind, n)
        h.update(f"{kind}/{p.name}".encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def fold_of(kind: str, name: str, zh_sources: dict) -> str:
    if kind == "zh":
        return f"zh{zh_sources[name]['batch']}"
    names = sorted(rw.load_splits()["ca4p"]["tune"])
    random.Random(CA4P_SEED).shuffle(names)
    return f"ca4p{names.index(name) * CA4P_BLOCKS // len(names)}"


def _matches(quote: str, unit: str) -> bool:
    """Does a (folded) Chinese unit hold the annotation's quote, or the quote the unit?"""
    if not quote:
        return False
    if quote in unit or (len(unit) >= 8 and unit in quote):
        return True
    return len(quote) >= 16 and (quote[:16] in unit or quote[-16:] in unit)


def read_internals(data: bytes, name: str):
    return pm.read_internals(data, name)


def gather(folds=None) -> list[dict]:
    """One record per Chinese tune policy (of `folds`, None: all), as tools/policy_model.gather."""
    from auditor.policy.learned import units

    zs = rw.load_sources("zh")
    out = []
    for kind, name in tune_files():
        fold = fold_of(kind, name, zs)
        if folds is not None and fold not in folds:
            continue
        src = rw.source_path(kind, name)
        if not src.is_file():
            continue
        internals = read_internals(src.read_bytes(), src.name)
        doc, sents, sc, cats, _ = internals
        # (sorted: a category set's order follows the string hash seed, the training order must not)
        chinese = sorted(units(doc, sents, sc, cats, COMBINE_CATS) if doc.language == "zh" else (),
                         key=lambda u: (u.start, u.end, u.category))
        out.append(pm.policy_record(f"{kind}/{name}", fold, annotation(kind, name), internals, chinese, _matches, "zh"))
    return out


def _key() -> str:
    return annotations_digest(tune_files()) + pm._code_digest()


def load(refresh: bool = False) -> list[dict]:
    key = _key()
    if CACHE.is_file() and not refresh:
        with open(CACHE, "rb") as f:
            cached = pickle.load(f)
        if cached.get("key") == key:
            return cached["data"]
    data = gather()
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open(CACHE, "wb") as f:
        pickle.dump({"key": key, "data": data}, f)
    return data


def first_contact_records() -> dict[str, list[dict]]:
    """Fold -> its records read by its first-contact reader (old tree by `git archive`, today's
    learned.py beside it, read in a subprocess: tools/policy_model.old_reader_records); cached in
    bench/.cache/policy_model_readers."""
    key = _key()
    return {f"zh{b}": pm.old_reader_records(Path(__file__), commit, READERS / f"zh-{commit}.pkl", key, f"zh{b}")
            for b, commit in FIRST_CONTACT_ZH.items()}


def _gather_old(tree: str, out: str, folds: str) -> None:
    """(subprocess) the tune records read by the reader in `tree` (imported first, see the top)."""
    global read_internals
    read_internals = pm.old_internals(tree)
    with open(out, "wb") as f:
        pickle.dump(gather(set(folds.split(","))), f)


def _scores(test: list[dict], train_recs: list[dict], excl: set, models: dict) -> list[list[float]]:
    k = tuple(sorted(excl))
    if k not in models:
        models[k] = pm.train(pm.examples_of([r for r in train_recs if r["batch"] not in excl]), HYPER)
    w, bias = models[k]
    return pm.score_all(w, bias, test)


def cross_validate(recs: list[dict], verbose: bool = True) -> dict:
    """Both tables (module docstring). The thresholds of every row are chosen on the first-contact
    folds other than the row's own, each scored by a model that saw neither (as the English tool):
    the current reader's rows test the same thresholds rule, not thresholds fitted to it."""
    folds = sorted({r["batch"] for r in recs})
    fc = first_contact_records()
    models: dict = {}

    def thresholds_without(f: str) -> tuple[float, float]:
        rr, ss = [], []
        for g in fc:
            if g != f:
                rr += fc[g]
                ss += _scores(fc[g], recs, {f, g}, models)
        return _pair(pm.choose_thresholds(rr, ss))

    tables = {}
    for title, sets in (("current reader (FITTED to every fold: optimistic)",
                         {f: [r for r in recs if r["batch"] == f] for f in folds}),
                        ("first contact (the reader each zh batch met, not fitted to it)", fc)):
        rows = []
        tot = ([], [], [])
        for f in sets:
            lo, hi = thresholds_without(f)
            test = sets[f]
            comb = [pm.combined_statuses(r, s, lo, hi) for r, s in zip(test, _scores(test, recs, {f}, models))]
            rows.append((f, pm.metrics(test, [r["reader"] for r in test]), pm.metrics(test, comb), lo, hi))
            tot[0].extend(test), tot[1].extend(r["reader"] for r in test), tot[2].extend(comb)
        tables[title] = rows
        if verbose:
            print(f"\n== {title}; model trained on the other folds")
            print(f"{'fold (policies)':18s} {'reader alone: 9 groups P / R / F1, macro, 30 cat P / R':58s} "
                  f"{'reader + model':58s} t_low / t_high")
            for f, rd, cb, lo, hi in rows:
                commit = FIRST_CONTACT_ZH.get(int(f[2:])) if f.startswith("zh") and sets is fc else ""
                lab = f"{f} ({rd['n']})" + (f" @{commit}" if commit else "")
                print(f"{lab:18s} {pm._row(rd):58s} {pm._row(cb):58s} {lo:.2f} / {hi:.2f}")
            print(f"{'all (' + str(len(tot[0])) + ')':18s} {pm._row(pm.metrics(tot[0], tot[1])):58s} "
                  f"{pm._row(pm.metrics(tot[0], tot[2])):58s}")
    pooled_r = [r for f in fc for r in fc[f]]
    pooled_s = [s for f in fc for s in _scores(fc[f], recs, {f}, models)]
    lo, hi = _pair(pm.choose_thresholds(pooled_r, pooled_s))
    if verbose:
        print(f"\nshipped thresholds (pooled first-contact out-of-fold scores): t_low {lo}, t_high {hi}")
    return {"tables": tables, "pooled": (pooled_r, pooled_s)}


def _pair(chosen: tuple) -> tuple[float, float]:
    """(t_low, t_high) of the English tool's choose_thresholds, which since round 3 also returns a
    third, weak-promotion threshold; its grid is (1.01,) unless --weak, i.e. never, as this model."""
    lo, hi, weak = chosen
    assert weak > 1, "the Chinese model has no weak promotion"
    return lo, hi


def write_model(recs: list[dict], cv: dict, default_on: bool = False) -> None:
    files = tune_files()
    ex = pm.examples_of(recs)
    w, bias = pm.train(ex, HYPER)
    lo, hi = _pair(pm.choose_thresholds(*cv["pooled"]))
    commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", "tests/policy_realworld/zh",
                             "tests/policy_realworld/ca4p"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    header = {
        "what": "Chinese sentence model: logistic regression over the reader's sentences that name a category "
                "(tools/policy_model_zh.py)",
        "trained_on": "Chinese tune splits only (tests/policy_realworld/splits.toml [zh] tune, [ca4p] tune)",
        "annotations_sha256": annotations_digest(files),
        "annotations_commit": commit,
        "policies": len(recs), "folds": sorted({r["batch"] for r in recs}),
        "examples": len(ex), "positives": sum(y for _, y in ex),
        "features": "characters and character pairs (category term -> T, other terms -> O) within 60 of T, "
                    "2 characters each side of T, 6-character near windows, cue words (negation, condition, "
                    "actor, permission, collection verb) and their side of T, category, block kind; not the "
                    "reader's verdict",
        "hyper": HYPER,
        "thresholds": "t_low / t_high: best 9-group micro-F1 on the pooled out-of-fold scores of the first "
                      "contact batches (" + ", ".join(f"zh{b}@{c}" for b, c in FIRST_CONTACT_ZH.items()) + ")",
    }
    pm.save_model(MODEL_PATH, header, default_on, bias, lo, hi, w)


def main(argv: list[str]) -> int:
    if len(argv) > 4 and argv[1] == "--gather-old":
        _gather_old(argv[2], argv[3], argv[4])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--refresh", action="store_true", help="re-read the policies (else the cache when current)")
    args = ap.parse_args(argv[1:])
    recs = load(args.refresh)
    ex = pm.examples_of(recs)
    print(f"{len(recs)} Chinese tune policies, {sum(len(r['units']) for r in recs)} units, "
          f"{len(ex)} labelled ({sum(y for _, y in ex)} positive)")
    if args.cv or args.write:
        cv = cross_validate(recs)
        if args.write:
            write_model(recs, cv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

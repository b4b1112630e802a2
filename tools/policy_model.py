"""Train, cross-validate and write the English sentence model (auditor/policy/sentence_model.json).

Training data: the English `tune` split ONLY (tests/policy_realworld/splits.toml), texts from
bench/.cache/policies/en (never committed). No other split's annotation file is opened.

Examples: per policy and category, the reader's sentences that name the category through a
lexicon term (auditor.policy.learned.units). Labels from the annotation:
- the category is `declared`: the sentences that hold its quote (or that the quote holds) are
  positive; the policy's other sentences naming it are left out (an annotation quotes one
  deciding phrase; another sentence may declare too, or not: no label);
- the category is `absent`, `denied` or `vague`: every sentence naming it is negative.

Features are the text's only (auditor.policy.learned.features), never the reader's verdict: the
rule reader is fitted to every tune batch, so on tune its verdicts look nearly always right and a
model given them learns to trust them (tried: leave-one-batch-out then picks thresholds that change
nothing, on the current reader and on the readers of first contact alike).

Two measurements (both leave-one-batch-out; a model never sees the batch it is measured on):
- first contact: batches 13, 14, 15, 17, 19 and 20 read by the reader each met them with (FIRST_CONTACT:
  the commit before the batch reached main; its rows reproduce the README's first-contact figures),
  the model trained on every other tune batch; the reader there is not fitted to the batch, as on
  held-out text: the fair comparison. The thresholds for batch b are chosen on the other
  first-contact batches' out-of-fold scores; the shipped ones on all five pooled.
- current reader: every tune batch read by today's reader (fitted to all of them: optimistic),
  reader + the model trained on the other batches, the same thresholds rule.

The combination (round 2): no veto of a category with strong evidence (auditor.policy.learned.
strong_evidence: a permission statement, a table row, the app as actor + a collection verb + the
category's own term), no promotion of a reader `denied`, promotion only by a strong sentence.

Run:
  .venv/bin/python tools/policy_model.py --cv          # both tables (bench/policy_accuracy.py --cv too)
  .venv/bin/python tools/policy_model.py --cv --round1 # the same with round 1's combination (no guard)
  .venv/bin/python tools/policy_model.py --cv --more-fc  # + the older batches' first contact (4-12)
  .venv/bin/python tools/policy_model.py --write       # train on all tune, write the model file
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import random
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--gather-old":
    sys.path.insert(0, sys.argv[2])  # an old reader's tree: its `auditor` package first
    import auditor  # noqa: E402,F401
else:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import policy_realworld_support as rw  # noqa: E402

MODEL_PATH = ROOT / "auditor" / "policy" / "sentence_model.json"
# read_policy combines with the model only when told to (`learned=True`, --learned). Session 26 had
# switched it on (round 2 gained on both held-out measurements taken after it was built); session 27
# switched it off by the rule it fixed before drawing English batch 25 (README): over every English
# policy drawn after the model was built (batches 21-25) it read 0.884 against the rules' 0.887.
DEFAULT_ON = False
CACHE = ROOT / "bench" / ".cache" / "policy_model_units.pkl"
READERS = ROOT / "bench" / ".cache" / "policy_model_readers"  # old readers (git archive), their units
# tune batch -> the main commit whose reader met it first (the one before the batch reached main)
FIRST_CONTACT = {13: "605b977", 14: "605b977", 15: "456e4fd", 17: "8d33259", 19: "e864e20", 20: "a5d8144", 26: "52399a7", 27: "3b4b39f"}
# older tune batches, each with the main commit that planned it before it was drawn (`--more-fc`)
FIRST_CONTACT_OLDER = {4: "83ddf89", 7: "ccdb32d", 9: "605d652", 10: "30b210f", 12: "8ed11ce"}

# hyper-parameters, fixed before the first-contact measurement (five variants tried there afterwards -
# l2 1e-3, 20 epochs, pos_weight 0.7, min_count 1, lr 0.1 - none better on the pooled batches)
# round 3: seed 1 (the SGD's shuffle). With round 3's training set, seed 12 gives first contact 0.867 but
# today's reader 0.9498 (below the 0.95 guard), seed 1 0.862 and 0.9512; round 2's set gives 0.855 / 0.951-0.952
# with either seed: the gain holds for both seeds, the seed moves first contact by ~0.005
HYPER = {"epochs": 12, "lr": 0.2, "l2": 1e-4, "seed": 1, "min_count": 2, "pos_weight": 1.0}
SAFE = True  # round 2's combination (strong evidence kept); `--round1`: round 1's, for comparison
# the categories the combination may change: the nine evaluator groups' categories
COMBINE_CATS = tuple(c for cats in rw.GROUP_MAP.values() for c in cats)


# ---- the training set ---------------------------------------------------------------------

def tune_names() -> list[str]:
    return sorted(rw.load_splits()["en"]["tune"])


def annotation(name: str) -> dict:
    p = rw.HERE / "en" / (Path(name).stem + ".toml")
    with open(p, "rb") as f:
        ann = tomllib.load(f)
    assert ann["split"] == "tune", name  # (never a held-out file)
    return ann


def annotations_digest(names: list[str]) -> str:
    """sha256 over the tune annotation files the model is trained on (name + bytes, sorted)."""
    h = hashlib.sha256()
    for n in names:
        p = rw.HERE / "en" / (Path(n).stem + ".toml")
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def read_internals(data: bytes, name: str):
    """read_policy's own steps (model off), keeping the document, sentences and scan."""
    from auditor.policy import extract
    from auditor.policy.text import read_document

    doc = read_document(data, name)
    sents = extract.sentences(doc)
    perms = extract.extract_permissions(doc, sents)
    cats = extract.extract_categories(doc, sents, perms)
    sdks, _ = extract.extract_sdks(doc, sents)
    cats = extract.push_notifications(cats, sdks)
    return doc, sents, extract._scan(doc, sents), cats, frozenset((e.start, e.end) for pc in perms for e in pc.evidence)


def _matches(quote: str, unit: str) -> bool:
    if not quote:
        return False
    if quote in unit or (len(unit) >= 20 and unit in quote):
        return True
    return len(quote) >= 30 and (quote[:30] in unit or quote[-30:] in unit)


def gather(batches=None) -> list[dict]:
    """One record per tune policy (of `batches`, None: all): batch, annotation statuses and groups,
    reader statuses, which of its declared evidence is strong, and its units (category, features,
    label: 1 / 0 / None, strong sentence or not)."""
    from auditor.policy.learned import units

    sources = rw.load_sources("en")
    out = []
    for name in tune_names():
        src = rw.source_path("en", name)
        if not src.is_file():
            continue
        if batches is not None and sources.get(name, {}).get("batch", 1) not in batches:
            continue
        internals = read_internals(src.read_bytes(), src.name)
        doc, sents, sc, cats, _ = internals
        english = units(doc, sents, sc, cats, context=True) if doc.language == "en" else ()  # (the model reads English only)
        out.append(policy_record(name, sources.get(name, {}).get("batch", 1), annotation(name), internals, english,
                                 _matches, "en"))
    return out


def policy_record(name: str, batch, ann: dict, internals, unit_list, matches, language: str) -> dict:
    """One tune policy's training record (the English and the Chinese tool both): its annotated
    statuses and groups, the reader's reading and evidence, and each of `unit_list` (the reader's
    sentences that name a category) labelled from the annotation - 1 where it holds the deciding
    quote of a declared category (`matches`), 0 for a category that is not declared, None (left
    out) for the other sentences of a declared one."""
    from auditor.policy.learned import strong_evidence

    doc, sents, sc, cats, protected = internals
    statuses = {c: v["status"] for c, v in ann["categories"].items()}
    quotes = {c: rw.fold(v.get("quote", "")) for c, v in ann["categories"].items()}
    recs = []
    for u in unit_list:
        if statuses.get(u.category, "absent") == "declared":
            label = 1 if matches(quotes[u.category], rw.fold(doc.text[u.start:u.end])) else None
        else:
            label = 0
        recs.append({"cat": u.category, "feats": u.feats, "label": label, "start": u.start, "end": u.end,
                     "ust": u.unit_status, "strong": u.strong})
    return {
        "name": name, "batch": batch, "statuses": statuses, "groups": dict(ann["groups"]),
        "reader": {c: cl.status for c, cl in cats.items()},
        "reader_ev": {c: [(e.start, e.end) for e in cl.evidence] for c, cl in cats.items()},
        "reader_strong": strong_evidence(doc, sents, sc, cats, protected) if doc.language == language else {},
        "units": recs,
    }


def _canonical(recs: list[dict]) -> list[dict]:
    """Each record's units in text order (a sentence naming several categories yields them in a
    set's order, which depends on the process's string hash seed: the SGD's example order, hence
    the weights, would too)."""
    for r in recs:
        r["units"].sort(key=lambda u: (u["start"], u["end"], u["cat"]))
    return recs


def load(refresh: bool = False) -> list[dict]:
    key = annotations_digest(tune_names()) + _code_digest()
    if CACHE.is_file() and not refresh:
        with open(CACHE, "rb") as f:
            cached = pickle.load(f)
        if cached.get("key") == key:
            return _canonical(cached["data"])
    data = gather()
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open(CACHE, "wb") as f:
        pickle.dump({"key": key, "data": data}, f)
    return _canonical(data)


def _code_digest() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "auditor" / "policy").glob("*.py")) + [ROOT / "auditor" / "policy" / "lexicon.toml"]:
        h.update(p.read_bytes())
    return h.hexdigest()


# ---- the trainer ----------------------------------------------------------------------------

def train(examples: list[tuple[tuple[str, ...], int]], hyper: dict = HYPER) -> tuple[dict, float]:
    """Logistic regression by seeded SGD (pure Python, deterministic): (weights, bias)."""
    counts = Counter(f for feats, _ in examples for f in feats)
    keep = {f for f, n in counts.items() if n >= hyper["min_count"]}
    data = [([f for f in feats if f in keep], y) for feats, y in examples]
    w: dict[str, float] = {}
    b = 0.0
    rng = random.Random(hyper["seed"])
    order = list(range(len(data)))
    lr0, l2, pw = hyper["lr"], hyper["l2"], hyper["pos_weight"]
    for epoch in range(hyper["epochs"]):
        rng.shuffle(order)
        lr = lr0 / (1.0 + epoch)
        for i in order:
            feats, y = data[i]
            z = b + sum(w.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * (pw if y else 1.0)
            b -= lr * g
            for f in feats:
                wf = w.get(f, 0.0)
                w[f] = wf - lr * (g + l2 * wf)
    return {f: round(v, 4) for f, v in sorted(w.items()) if abs(v) >= 1e-3}, round(b, 4)


# context features (learned.Context: heading words, list lead-in; `--context`): round 3 measured them at
# 0.855 -> 0.858 first contact (heading words alone 0.853), within noise: off in the shipped model
CONTEXT = False
_CONTEXT_PREFIXES = ("h:", "li:")


def _feats(feats: tuple[str, ...]) -> tuple[str, ...]:
    """A unit's features as the model in use sees them (the cache holds them with context)."""
    if CONTEXT is True:
        return feats
    drop = _CONTEXT_PREFIXES if CONTEXT is False else tuple(p for p in _CONTEXT_PREFIXES if p not in CONTEXT)
    return tuple(f for f in feats if not f.startswith(drop))


def examples_of(recs: list[dict]) -> list[tuple[tuple[str, ...], int]]:
    return [(_feats(u["feats"]), u["label"]) for r in recs for u in r["units"] if u["label"] is not None]


# ---- evaluation -----------------------------------------------------------------------------

_prf = rw.prf


def combined_statuses(rec: dict, scores: list[float], t_low: float, t_high: float,
                      cats=COMBINE_CATS, safe: bool | None = None, t_weak: float = 1.01) -> dict[str, str]:
    """The reader's statuses after the veto / promotion rule (auditor.policy.learned.apply): no
    veto of a category with strong evidence, no promotion of a reader `denied`, promotion only by
    a strong sentence (`safe`; False: round 1's rule, for comparison)."""
    safe = SAFE if safe is None else safe
    lo_of = t_low.get if isinstance(t_low, dict) else (lambda c: t_low)  # (per category: `--per-group`)
    hi_of = t_high.get if isinstance(t_high, dict) else (lambda c: t_high)
    st = dict(rec["reader"])
    by_cat: dict[str, list[tuple[dict, float]]] = {}
    for u, p in zip(rec["units"], scores):
        by_cat.setdefault(u["cat"], []).append((u, p))
    for c, us in by_cat.items():
        if c not in cats:
            continue
        best = max(p for _, p in us)
        t_low, t_high = lo_of(c), hi_of(c)
        if st.get(c) == "declared":
            evs = rec["reader_ev"][c]
            if safe and any(rec["reader_strong"][c]):
                continue
            if all(any(u["start"] <= a and b <= u["end"] for u, _ in us) for a, b in evs) and best < t_low:
                del st[c]
        elif not safe and best >= t_high:
            st[c] = "declared"
        elif st.get(c) != "denied" and any(p >= (t_high if u["strong"] else t_weak) for u, p in us):
            st[c] = "declared"
    return st


def metrics(recs: list[dict], statuses: list[dict]) -> dict:
    gtp = Counter(); gfp = Counter(); gfn = Counter()
    tp = fp = fn = 0
    for rec, got in zip(recs, statuses):
        gg = rw.derive_groups(got)
        for g in rw.GROUPS:
            e = rec["groups"][g]
            if gg[g] and e:
                gtp[g] += 1
            elif gg[g]:
                gfp[g] += 1
            elif e:
                gfn[g] += 1
        exp = {c: s for c, s in rec["statuses"].items() if s != "absent"}
        for c in rw.CATEGORIES:
            g, e = got.get(c), exp.get(c)
            if g is not None:
                if g == e:
                    tp += 1
                else:
                    fp += 1
            if e is not None and g != e:
                fn += 1
    T, F, N = sum(gtp.values()), sum(gfp.values()), sum(gfn.values())
    p, r, f = _prf(T, F, N)
    f1s = [_prf(gtp[g], gfp[g], gfn[g])[2] for g in rw.GROUPS if gtp[g] + gfp[g] + gfn[g]]
    cp, cr, _ = _prf(tp, fp, fn)
    return {"n": len(recs), "p": p, "r": r, "f": f, "macro": sum(f1s) / len(f1s) if f1s else 1.0,
            "cp": cp, "cr": cr, "tp": T, "fp": F, "fn": N}


def score_all(model_w: dict, bias: float, recs: list[dict]) -> list[list[float]]:
    out = []
    for r in recs:
        sc = []
        for u in r["units"]:
            z = bias + sum(model_w.get(f, 0.0) for f in _feats(u["feats"]))
            sc.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        out.append(sc)
    return out


GRID_LOW = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)
GRID_HIGH = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 1.01)
# round 3: train on the first-contact readers' units as well (FIRST_CONTACT: batch b's policies as the
# reader that first met them read them; leave-one-batch-out drops them with b): the model sees the sentences
# an unfitted reader declares from. First contact 0.855 -> 0.867, today's reader 0.952 -> 0.952.
# `--no-train-fc`: round 2's training set
TRAIN_FC = True
PER_GROUP = False  # `--per-group`: thresholds per evaluator group (coordinate ascent), else one pair
GRID_WEAK = (1.01,)  # promotion by a sentence that is not strong: never (round 2); `--weak`: a grid


def choose_thresholds(recs: list[dict], scores: list[list[float]]) -> tuple[float, float, float]:
    """The (t_low, t_high) with the best 9-group micro-F1 on these records (ties: the most
    conservative pair, i.e. the fewest changes)."""
    best = None
    for lo in GRID_LOW:
        for hi in reversed(GRID_HIGH):
            for wk in reversed(GRID_WEAK):
                m = metrics(recs, [combined_statuses(r, s, lo, hi, t_weak=wk) for r, s in zip(recs, scores)])
                key = (round(m["f"], 6), round(m["macro"], 6))
                if best is None or key > best[0]:
                    best = (key, (lo, hi, wk))
    if not PER_GROUP:
        return best[1]
    # per group (coordinate ascent from the global pair, one pass in group order; ties keep the global)
    key, (lo, hi, wk) = best
    los, his = {c: lo for c in COMBINE_CATS}, {c: hi for c in COMBINE_CATS}
    for cats in rw.GROUP_MAP.values():
        for glo in GRID_LOW:
            for ghi in reversed(GRID_HIGH):
                tl, th = dict(los), dict(his)
                for c in cats:
                    tl[c], th[c] = glo, ghi
                m = metrics(recs, [combined_statuses(r, s, tl, th, t_weak=wk) for r, s in zip(recs, scores)])
                k = (round(m["f"], 6), round(m["macro"], 6))
                if k > key:
                    key, los, his = k, tl, th
    return los, his, wk


def _lobo_scores(recs: list[dict], train_recs: list[dict], excl: set, hyper: dict, models: dict) -> list[list[float]]:
    """Scores of `recs` by the model trained on `train_recs` without the batches `excl` (memoised)."""
    k = tuple(sorted(excl))
    if k not in models:
        models[k] = train(examples_of([r for r in train_recs if r["batch"] not in excl]), hyper)
    w, bias = models[k]
    return score_all(w, bias, recs)


def first_contact_records() -> dict[int, list[dict]]:
    """Batch -> its records read by the reader of its first contact (FIRST_CONTACT): the old
    reader's tree from `git archive` with today's learned.py beside it, read in a subprocess;
    cached in bench/.cache/policy_model_readers."""
    out: dict[int, list[dict]] = {}
    key = annotations_digest(tune_names()) + _code_digest()
    for b, commit in FIRST_CONTACT.items():
        bs = ",".join(str(x) for x, c in FIRST_CONTACT.items() if c == commit)
        data = old_reader_records(Path(__file__), commit, READERS / f"{commit}.pkl", key, bs)
        out[b] = _canonical([r for r in data if r["batch"] == b])
    return out


def old_reader_records(tool: Path, commit: str, pkl: Path, key: str, arg: str) -> list[dict]:
    """The records `tool --gather-old TREE PKL ARG` gathers with the reader of `commit` (its tree
    from `git archive`, today's learned.py beside it, run in a subprocess so that tree is the one
    imported); cached in `pkl` under `key`. Shared by this tool and tools/policy_model_zh.py."""
    import shutil
    import tarfile
    import tempfile

    if pkl.is_file():
        with open(pkl, "rb") as f:
            cached = pickle.load(f)
        if cached.get("key") == key:
            return cached["data"]
    tree = READERS / commit
    if not (tree / "auditor").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile() as tf:
            subprocess.run(["git", "archive", commit, "auditor"], cwd=ROOT, stdout=tf, check=True)
            tf.seek(0)
            with tarfile.open(fileobj=tf) as tar:
                tar.extractall(tree, filter="data")
    shutil.copy(ROOT / "auditor" / "policy" / "learned.py", tree / "auditor" / "policy" / "learned.py")
    subprocess.run([sys.executable, str(Path(tool).resolve()), "--gather-old", str(tree), str(pkl), arg],
                   cwd=ROOT, check=True)
    with open(pkl, "rb") as f:
        raw = pickle.load(f)
    with open(pkl, "wb") as f:
        pickle.dump({"key": key, "data": raw}, f)
    return raw


def old_internals(tree: str):
    """(in the --gather-old subprocess) a `read_internals` that reads with the reader in `tree`,
    which must be the `auditor` imported (first on sys.path, see the top)."""
    import inspect

    import auditor
    from auditor.policy import extract, read_policy
    from auditor.policy.text import read_document

    assert str(Path(auditor.__file__).resolve()).startswith(str(Path(tree).resolve())), auditor.__file__
    # the old reader's own verdicts: its rules alone (a reader from session 26 on combines with the
    # learned models by default, and its "reader alone" row must not include them)
    off = {k: False for k in ("learned", "learned_zh") if k in inspect.signature(read_policy).parameters}

    def internals(data: bytes, name: str):
        res = read_policy(data, name, **off)
        doc = read_document(data, name)
        sents = extract.sentences(doc)
        return (doc, sents, extract._scan(doc, sents), res.categories,
                frozenset((e.start, e.end) for pc in res.permissions for e in pc.evidence))

    return internals


def _gather_old(tree: str, out: str, batches: str) -> None:
    """(subprocess) the tune records read by the reader in `tree` (imported first, see the top)."""
    global read_internals
    read_internals = old_internals(tree)
    with open(out, "wb") as f:
        pickle.dump(gather({int(b) for b in batches.split(",")}), f)


def cross_validate(recs: list[dict], hyper: dict = HYPER, verbose: bool = True) -> dict:
    """Both leave-one-batch-out tables (module docstring). Returns the pooled first-contact
    out-of-fold (records, scores) the shipped thresholds are chosen on, and the rows."""
    fc = first_contact_records()
    models: dict = {}
    n_cur = len(recs)
    if TRAIN_FC:  # (experiment) the first-contact readers' units too: the reader's real mistakes
        recs = recs + [r for b in fc for r in fc[b]]
    # out-of-fold scores of each first-contact batch (model trained without it)
    fc_scores = {b: _lobo_scores(fc[b], recs, {b}, hyper, models) for b in fc}

    def thresholds_without(b) -> tuple[float, float, float]:
        """Chosen on the other first-contact batches, each scored by a model that saw neither it nor b."""
        rr, ss = [], []
        for ib in fc:
            if ib == b:
                continue
            rr += fc[ib]
            ss += _lobo_scores(fc[ib], recs, {b, ib}, hyper, models)
        return choose_thresholds(rr, ss)

    fc_rows, cur_rows = [], []
    tot = {"fc": ([], [], []), "cur": ([], [], [])}
    for b in fc:
        th = thresholds_without(b)
        test = fc[b]
        comb = [combined_statuses(r, s, *th[:2], t_weak=th[2]) for r, s in zip(test, fc_scores[b])]
        fc_rows.append((b, FIRST_CONTACT[b], metrics(test, [r["reader"] for r in test]), metrics(test, comb), th))
        t = tot["fc"]
        t[0].extend(test), t[1].extend(r["reader"] for r in test), t[2].extend(comb)
    for b in sorted({r["batch"] for r in recs}):
        th = thresholds_without(b)
        test = [r for r in recs[:n_cur] if r["batch"] == b]
        comb = [combined_statuses(r, s, *th[:2], t_weak=th[2])
                for r, s in zip(test, _lobo_scores(test, recs, {b}, hyper, models))]
        cur_rows.append((b, "", metrics(test, [r["reader"] for r in test]), metrics(test, comb), th))
        t = tot["cur"]
        t[0].extend(test), t[1].extend(r["reader"] for r in test), t[2].extend(comb)
    pooled_recs = [r for b in fc for r in fc[b]]
    pooled_scores = [s for b in fc for s in fc_scores[b]]
    if verbose:
        for title, rows, key in (
                ("first contact (the reader each batch met, not fitted to it; model trained on the other tune batches)",
                 fc_rows, "fc"),
                ("current reader (fitted to every tune batch: optimistic; model trained on the other tune batches)",
                 cur_rows, "cur")):
            print(f"\n== {title}")
            print(f"{'batch (policies)':22s} {'reader alone: 9 groups P / R / F1, macro, 30 cat P / R':58s} "
                  f"{'reader + model':58s} t_low / t_high")
            for b, commit, rd, cb, th in rows:
                lab = f"{b} ({rd['n']})" + (f" @{commit}" if commit else "")
                print(f"{lab:22s} {_row(rd):58s} {_row(cb):58s} "
                      + " / ".join("per-group" if isinstance(t, dict) else f"{t:.2f}" for t in th))
            t = tot[key]
            lab = f"all ({len(t[0])})"
            print(f"{lab:22s} {_row(metrics(t[0], t[1])):58s} {_row(metrics(t[0], t[2])):58s}")
        lo, hi, wk = choose_thresholds(pooled_recs, pooled_scores)
        print(f"\nshipped thresholds (pooled first-contact out-of-fold scores): t_low {lo}, t_high {hi}, t_weak {wk}")
    return {"fc_rows": fc_rows, "cur_rows": cur_rows, "pooled": (pooled_recs, pooled_scores), "train": recs}


def _row(m: dict) -> str:
    return (f"{m['p']:.2f} / {m['r']:.2f} / {m['f']:.3f}, {m['macro']:.2f}, {m['cp']:.2f} / {m['cr']:.2f}"
            f" (fp {m['fp']} fn {m['fn']})")


def write_model(recs: list[dict], cv: dict) -> None:
    names = tune_names()
    ex = examples_of(cv["train"])  # (with the first-contact readers' units when TRAIN_FC)
    w, bias = train(ex, HYPER)
    lo, hi, wk = choose_thresholds(*cv["pooled"])
    commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", "tests/policy_realworld/en"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    header = {
        "what": "English sentence model: logistic regression over the reader's sentences that name a category "
                "(tools/policy_model.py)",
        "trained_on": "English tune split only (tests/policy_realworld/splits.toml [en] tune)"
                      + (", read by today's reader and, for batches " + ", ".join(f"{b}@{c}" for b, c in FIRST_CONTACT.items())
                         + ", also by the reader that first met them" if TRAIN_FC else ""),
        "annotations_sha256": annotations_digest(names),
        "annotations_commit": commit,
        "policies": len(recs), "batches": sorted({r["batch"] for r in recs}),
        "examples": len(ex), "positives": sum(y for _, y in ex),
        "features": "word 1-2-grams (category term -> T, other terms -> O), words next to T (L:, R:, nl:, nr:), "
                    "category, block kind" + (", section heading words (h:), a list's lead-in words (li:)" if CONTEXT else "")
                    + "; not the reader's verdict",
        "hyper": HYPER,
        "thresholds": "t_low / t_high: best 9-group micro-F1 on the pooled leave-one-batch-out scores of the "
                      "first-contact batches " + ", ".join(f"{b}@{c}" for b, c in FIRST_CONTACT.items()),
    }
    save_model(MODEL_PATH, header, DEFAULT_ON, bias, lo, hi, w, context=CONTEXT)


def save_model(path: Path, header: dict, default_on: bool, bias: float, t_low: float, t_high: float,
               weights: dict, context: bool | None = None) -> None:
    """Write a model file as auditor.policy.learned.model_from_json reads it (`context` only for a
    model that has that flag: the English one); shared with tools/policy_model_zh.py."""
    doc = {"header": header, "default_on": default_on}
    if context is not None:
        doc["context"] = context
    doc.update({"bias": bias, "t_low": t_low, "t_high": t_high, "categories": list(COMBINE_CATS), "weights": weights})
    path.write_text(json.dumps(doc, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"wrote {shown}: {len(weights)} weights, t_low {t_low}, t_high {t_high}, "
          f"{path.stat().st_size / 1024:.0f} KiB")


def main(argv: list[str]) -> int:
    if len(argv) > 4 and argv[1] == "--gather-old":
        _gather_old(argv[2], argv[3], argv[4])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--refresh", action="store_true", help="re-read the policies (else the cache when current)")
    ap.add_argument("--round1", action="store_true", help="round 1's combination (no strong-evidence guard)")
    ap.add_argument("--more-fc", action="store_true",
                    help="also the older tune batches' first contact (FIRST_CONTACT_OLDER) in the pool")
    ap.add_argument("--context", action="store_true", help="with the context features (learned.Context)")
    ap.add_argument("--hyper", default="", help="override hyper-parameters, e.g. l2=1e-3,epochs=20 (experiments)")
    ap.add_argument("--no-train-fc", action="store_true", help="train on today's reader's units only (round 2)")
    ap.add_argument("--per-group", action="store_true", help="thresholds per evaluator group (nested CV)")
    ap.add_argument("--context-only", default="", help="keep only these context prefixes, e.g. h: (experiments)")
    ap.add_argument("--weak", action="store_true", help="also promote by a sentence that is not strong (t_weak grid)")
    args = ap.parse_args(argv[1:])
    global SAFE, FIRST_CONTACT, GRID_WEAK, CONTEXT, PER_GROUP, TRAIN_FC
    PER_GROUP = args.per_group
    TRAIN_FC = not args.no_train_fc
    for kv in filter(None, args.hyper.split(",")):
        k, v = kv.split("=")
        HYPER[k] = type(HYPER[k])(float(v))
    CONTEXT = args.context
    if args.context_only:
        CONTEXT = tuple(args.context_only.split(","))
    if args.weak:
        GRID_WEAK = (0.9, 0.95, 0.98, 0.99, 1.01)
    SAFE = not args.round1
    if args.more_fc:
        FIRST_CONTACT = dict(sorted({**FIRST_CONTACT, **FIRST_CONTACT_OLDER}.items()))
    recs = load(args.refresh)
    ex = examples_of(recs)
    print(f"{len(recs)} English tune policies, {sum(len(r['units']) for r in recs)} units, "
          f"{len(ex)} labelled ({sum(y for _, y in ex)} positive)")
    if args.cv or args.write:
        cv = cross_validate(recs, verbose=True)
        if args.write:
            write_model(recs, cv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

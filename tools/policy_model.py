"""Train, cross-validate and write the English sentence model (auditor/policy/sentence_model.json).

Training data: the English `tune` split ONLY (tests/policy_realworld/splits.toml), texts from
bench/.cache/policies/en (never committed). No other split's annotation file is opened.

Examples: per policy and category, the reader's sentences that name the category through a
lexicon term (auditor.policy.learned.units). Labels from the annotation:
- the category is `declared`: the sentences that hold its quote (or that the quote holds) are
  positive; the policy's other sentences naming it are left out (an annotation quotes one
  deciding phrase; another sentence may declare too, or not: no label);
- the category is `absent`, `denied` or `vague`: every sentence naming it is negative.

Run:
  .venv/bin/python tools/policy_model.py --cv          # leave-one-batch-out table (tune batches)
  .venv/bin/python tools/policy_model.py --write       # train on all tune, write the model file
  .venv/bin/python tools/policy_model.py --check       # the model file's header matches the annotations
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import policy_realworld_support as rw  # noqa: E402

MODEL_PATH = ROOT / "auditor" / "policy" / "sentence_model.json"
CACHE = ROOT / "bench" / ".cache" / "policy_model_units.pkl"

# hyper-parameters (chosen by leave-one-batch-out CV on tune; see README)
HYPER = {"epochs": 12, "lr": 0.2, "l2": 1e-4, "seed": 12, "min_count": 2, "pos_weight": 1.0}
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
    return doc, sents, extract._scan(doc, sents), cats


def _matches(quote: str, unit: str) -> bool:
    if not quote:
        return False
    if quote in unit or (len(unit) >= 20 and unit in quote):
        return True
    return len(quote) >= 30 and (quote[:30] in unit or quote[-30:] in unit)


def gather() -> list[dict]:
    """One record per tune policy: batch, annotation statuses and groups, reader statuses, and
    its units (category, features, label: 1 / 0 / None)."""
    from auditor.policy.learned import units

    sources = rw.load_sources("en")
    out = []
    for name in tune_names():
        src = rw.source_path("en", name)
        if not src.is_file():
            continue
        ann = annotation(name)
        doc, sents, sc, cats = read_internals(src.read_bytes(), src.name)
        statuses = {c: v["status"] for c, v in ann["categories"].items()}
        quotes = {c: rw.fold(v.get("quote", "")) for c, v in ann["categories"].items()}
        recs = []
        for u in (units(doc, sents, sc, cats) if doc.language == "en" else ()):  # (the model reads English only)
            st = statuses.get(u.category, "absent")
            if st == "declared":
                label = 1 if _matches(quotes[u.category], rw.fold(doc.text[u.start:u.end])) else None
            else:
                label = 0
            recs.append({"cat": u.category, "feats": u.feats, "label": label, "start": u.start, "end": u.end,
                         "ust": u.unit_status})
        out.append({
            "name": name, "batch": sources.get(name, {}).get("batch", 1), "statuses": statuses,
            "groups": dict(ann["groups"]), "reader": {c: cl.status for c, cl in cats.items()},
            "reader_ev": {c: [(e.start, e.end) for e in cl.evidence] for c, cl in cats.items()},
            "units": recs,
        })
    return out


def load(refresh: bool = False) -> list[dict]:
    key = annotations_digest(tune_names()) + _code_digest()
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


def examples_of(recs: list[dict]) -> list[tuple[tuple[str, ...], int]]:
    return [(u["feats"], u["label"]) for r in recs for u in r["units"] if u["label"] is not None]


# ---- evaluation -----------------------------------------------------------------------------

def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def combined_statuses(rec: dict, scores: list[float], t_low: float, t_high: float,
                      cats=COMBINE_CATS) -> dict[str, str]:
    """The reader's statuses after the veto / promotion rule (auditor.policy.learned.combine)."""
    st = dict(rec["reader"])
    by_cat: dict[str, list[tuple[dict, float]]] = {}
    for u, p in zip(rec["units"], scores):
        by_cat.setdefault(u["cat"], []).append((u, p))
    for c, us in by_cat.items():
        if c not in cats:
            continue
        best = max(p for _, p in us)
        if st.get(c) == "declared":
            evs = rec["reader_ev"][c]
            if all(any(u["start"] <= a and b <= u["end"] for u, _ in us) for a, b in evs) and best < t_low:
                del st[c]
        elif best >= t_high:
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
            z = bias + sum(model_w.get(f, 0.0) for f in u["feats"])
            sc.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        out.append(sc)
    return out


GRID_LOW = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3)
GRID_HIGH = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 1.01)


def choose_thresholds(recs: list[dict], scores: list[list[float]]) -> tuple[float, float]:
    """The (t_low, t_high) with the best 9-group micro-F1 on these records (ties: the most
    conservative pair, i.e. the fewest changes)."""
    best = None
    for lo in GRID_LOW:
        for hi in reversed(GRID_HIGH):
            m = metrics(recs, [combined_statuses(r, s, lo, hi) for r, s in zip(recs, scores)])
            key = (round(m["f"], 6), round(m["macro"], 6))
            if best is None or key > best[0]:
                best = (key, lo, hi)
    return best[1], best[2]


def cross_validate(recs: list[dict], hyper: dict = HYPER, verbose: bool = True) -> dict:
    batches = sorted({r["batch"] for r in recs})
    oof: dict[str, list[float]] = {}
    for b in batches:
        train_recs = [r for r in recs if r["batch"] != b]
        test_recs = [r for r in recs if r["batch"] == b]
        w, bias = train(examples_of(train_recs), hyper)
        for r, s in zip(test_recs, score_all(w, bias, test_recs)):
            oof[r["name"]] = s
    # thresholds for batch b: chosen on the other batches' out-of-fold scores only
    rows = []
    tot_reader, tot_comb = [], []
    for b in batches:
        others = [r for r in recs if r["batch"] != b]
        lo, hi = choose_thresholds(others, [oof[r["name"]] for r in others])
        test = [r for r in recs if r["batch"] == b]
        reader = metrics(test, [r["reader"] for r in test])
        comb_st = [combined_statuses(r, oof[r["name"]], lo, hi) for r in test]
        comb = metrics(test, comb_st)
        tot_reader += [r["reader"] for r in test]
        tot_comb += comb_st
        rows.append((b, reader, comb, lo, hi))
    allr = metrics([r for b in batches for r in recs if r["batch"] == b], tot_reader)
    allc = metrics([r for b in batches for r in recs if r["batch"] == b], tot_comb)
    if verbose:
        print(f"{'batch (policies)':18s} {'reader alone: P / R / F1, macro, cat P / R':44s} "
              f"{'reader + model (LOBO): P / R / F1, macro, cat P / R':52s} t_low / t_high")
        for b, rd, cb, lo, hi in rows:
            lab = f"{b} ({rd['n']})"
            print(f"{lab:18s} {_row(rd):44s} {_row(cb):52s} {lo:.2f} / {hi:.2f}")
        print(f"{'all tune (' + str(allr['n']) + ')':18s} {_row(allr):44s} {_row(allc):52s}")
    return {"rows": rows, "reader": allr, "combined": allc, "oof": oof}


def _row(m: dict) -> str:
    return (f"{m['p']:.2f} / {m['r']:.2f} / {m['f']:.3f}, {m['macro']:.2f}, {m['cp']:.2f} / {m['cr']:.2f}"
            f" (fp {m['fp']} fn {m['fn']})")


def model_alone(recs: list[dict], oof: dict, threshold: float = 0.5) -> None:
    """The model without the reader's verdicts: a group declared when a unit of one of its
    categories scores >= threshold (the reader's features are still inputs)."""
    st = []
    for r in recs:
        got = {}
        for u, p in zip(r["units"], oof[r["name"]]):
            if p >= threshold:
                got[u["cat"]] = "declared"
        st.append(got)
    m = metrics(recs, st)
    print(f"model alone (LOBO scores, unit >= {threshold}): groups {_row(m)}")


def write_model(recs: list[dict], cv: dict | None) -> None:
    names = tune_names()
    w, bias = train(examples_of(recs), HYPER)
    lo, hi = choose_thresholds(recs, cv_scores(recs, cv)) if cv else (0.0, 1.01)
    ex = examples_of(recs)
    commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", "tests/policy_realworld/en"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    header = {
        "what": "English sentence model: logistic regression over the reader's sentences that name a category "
                "(tools/policy_model.py)",
        "trained_on": "English tune split only (tests/policy_realworld/splits.toml [en] tune)",
        "annotations_sha256": annotations_digest(names),
        "annotations_commit": commit,
        "policies": len(recs), "batches": sorted({r["batch"] for r in recs}),
        "examples": len(ex), "positives": sum(y for _, y in ex),
        "features": "word 1-2-grams (category term -> T, other terms -> O), words next to T (L:, R:, nl:, nr:), "
                    "category, block kind, the reader's status for the sentence (r:, cr:) and the policy (P:)",
        "hyper": HYPER,
        "thresholds": "t_low / t_high chosen on pooled leave-one-batch-out scores of tune (9-group micro-F1)",
    }
    doc = {"header": header, "bias": bias, "t_low": lo, "t_high": hi, "categories": list(COMBINE_CATS),
           "weights": w}
    MODEL_PATH.write_text(json.dumps(doc, indent=0, sort_keys=False, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}: {len(w)} weights, t_low {lo}, t_high {hi}, "
          f"{MODEL_PATH.stat().st_size / 1024:.0f} KiB")


def cv_scores(recs, cv):
    return [cv["oof"][r["name"]] for r in recs]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--refresh", action="store_true", help="re-read the policies (else the cache when current)")
    args = ap.parse_args(argv[1:])
    recs = load(args.refresh)
    ex = examples_of(recs)
    print(f"{len(recs)} English tune policies, {sum(len(r['units']) for r in recs)} units, "
          f"{len(ex)} labelled ({sum(y for _, y in ex)} positive)")
    cv = None
    if args.cv or args.write:
        cv = cross_validate(recs, verbose=True)
        model_alone(recs, cv["oof"])
    if args.write:
        write_model(recs, cv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

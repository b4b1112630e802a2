"""The learned English sentence model (auditor/policy/learned.py, tools/policy_model.py):
deterministic trainer, a shipped model that matches the annotations it was trained on, the
veto / promotion rule, and the model off leaving the reader's output as it was."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from auditor.catalogues import default_catalogues
from auditor.policy import read_policy
from auditor.policy.learned import SentenceModel, features, model_from_json, packaged_model, tokens
from auditor.report.policyfmt import policy_document
from conftest import valid

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import policy_model  # noqa: E402

import policy_realworld_support as rw  # noqa: E402


def _model(weights: dict, bias: float = 0.0, t_low: float = 0.0, t_high: float = 1.01) -> SentenceModel:
    return SentenceModel(weights, bias, t_low, t_high, frozenset(policy_model.COMBINE_CATS), {"annotations_sha256": "test"})


def _with(model) -> SimpleNamespace:
    cat = default_catalogues()
    return SimpleNamespace(lexicon=cat.lexicon, sdk_index=cat.sdk_index, sentence_model=model)


def test_features_replace_the_term_with_a_placeholder():
    text = "We collect your precise location to show the weather."
    s = text.index("location")
    toks = tokens(text, 0, len(text), [(s, s + len("location"))], [])
    assert "T" in toks and "location" not in toks
    f = features(toks, "location_precise", "paragraph")
    assert {"u:collect", "b:precise_T", "L:precise", "R:to", "c:location_precise", "k:paragraph"} <= set(f)
    assert not [x for x in f if x.startswith(("r:", "P:"))]  # the text only, never the reader's verdict
    assert f == sorted(set(f))  # a set, in a stable order


def test_trainer_is_deterministic():
    sents = [("We collect your T to show the weather.", 1), ("We do not collect your T.", 0),
             ("The app reads your T so you can invite friends.", 1), ("No T is ever accessed.", 0),
             ("Your T stays on your device and is never uploaded.", 0), ("We access the T when you scan.", 1)] * 3
    ex = [(tuple(features(s.lower().replace(".", "").split(), "camera", "paragraph")), y)
          for s, y in sents]
    hyper = dict(policy_model.HYPER, min_count=1, epochs=5)
    a, b = policy_model.train(ex, hyper), policy_model.train(list(ex), hyper)
    assert a == b and a[0]  # identical weights and bias, and not empty
    assert a[0]["u:not"] < 0 < a[0]["u:reads"]  # and it learned the obvious


def test_veto_of_a_reader_declaration():
    text = b"Your precise location is used to show the weather near you."
    plain = read_policy(text, "p.txt", learned=False)
    assert plain.categories["location_precise"].status == "declared" and plain.learned is None
    vetoed = read_policy(text, "p.txt", _with(_model({"u:weather": -10.0}, t_low=0.5)), learned=True)
    assert "location_precise" not in vetoed.categories
    ch = vetoed.learned["changes"]["location_precise"]
    assert ch["change"] == "vetoed" and ch["reader_status"] == "declared" and ch["score"] < 0.5
    assert ch["evidence"][0]["quote"] == plain.categories["location_precise"].evidence[0].quote
    valid(policy_document(vetoed, "0"), "policy")


def test_strong_evidence_is_never_vetoed():
    """The app as actor + a collection verb + the category's own term, a permission statement,
    a table row: the reader's strong evidence, which the model does not overrule."""
    veto = _with(_model({}, bias=-10.0, t_low=0.5))
    for text, cat in ((b"We collect your precise location to show the weather near you.", "location_precise"),
                      (b"Call Notifier looks up the caller name in your address book.", "contacts"),
                      (b"The app may also access your camera to scan codes.", "camera"),
                      (b"Permissions we request:\n\n- android.permission.CAMERA: to scan codes", "camera"),
                      (b"Data we collect:\n\n| Category | Purpose |\n|---|---|\n| Contacts | to find friends |\n", "contacts")):
        plain = read_policy(text, "p.md")
        assert plain.categories[cat].status == "declared", text
        got = read_policy(text, "p.md", veto, learned=True)
        assert got.categories == plain.categories and got.learned["changes"] == {}, text
    # the same sentence said without the app as actor is weak evidence: vetoed
    weak = read_policy(b"Your precise location helps show the weather near you.", "p.txt", veto, learned=True)
    assert weak.learned["changes"]["location_precise"]["change"] == "vetoed"


def test_strong_sentence_needs_actor_verb_and_no_negation():
    from auditor.policy.learned import strong_sentence

    def strong(t, term):
        s = t.index(term)
        return strong_sentence(t, 0, len(t), [(s, s + len(term))])

    assert strong("To show nearby stores we obtain your approximate location from the network.", "approximate location")
    assert not strong("We do not collect your contacts.", "contacts")
    assert not strong("Your device ID may be collected by the app store, but we cannot influence that.", "device ID")
    assert not strong("Your contacts help you find friends.", "contacts")
    long = "We collect " + "a " * 5000 + "contacts"  # the actor is far away: only a window is read
    assert not strong(long, "contacts")


def test_no_promotion_of_a_denial_or_by_a_weak_sentence():
    promote = _with(_model({}, bias=10.0, t_high=0.9))
    denied = read_policy(b"We do not collect your contacts.", "p.txt", promote, learned=True)
    assert denied.categories["contacts"].status == "denied" and denied.learned["changes"] == {}
    weak = read_policy(b"Your contacts help you find friends in the app.", "p.txt", promote, learned=True)
    assert "contacts" not in weak.categories and weak.learned["changes"] == {}


def test_promotion_of_a_sentence_the_reader_missed():
    text = b"We need your contacts so friends can find you."
    assert "contacts" not in read_policy(text, "p.txt").categories
    got = read_policy(text, "p.txt", _with(_model({"u:friends": 10.0}, t_high=0.9)), learned=True)
    claim = got.categories["contacts"]
    assert claim.status == "declared" and claim.evidence[0].quote == text.decode()
    assert claim.evidence[0].start == 0
    assert got.learned["changes"]["contacts"]["change"] == "promoted"
    assert got.learned["changes"]["contacts"]["reader_status"] == "absent"
    doc = valid(policy_document(got, "0"), "policy")
    assert doc["learned"]["changes"]["contacts"]["score"] >= 0.9


def test_model_off_or_chinese_changes_nothing():
    text = b"We collect your precise location to show the weather near you."
    cat = _with(_model({"u:weather": -10.0}, t_low=0.5))
    off = read_policy(text, "p.txt", cat, learned=False)
    assert off == read_policy(text, "p.txt", learned=False) and off.learned is None
    assert "learned" not in policy_document(off)
    zh = "我们会收集您的位置信息,用于显示天气。".encode()
    on = read_policy(zh, "p.txt", _with(_model({}, bias=-10.0, t_low=0.5)), learned=True)
    assert on.categories == read_policy(zh, "p.txt", learned=False).categories and on.learned is None  # English only
    assert read_policy(zh, "p.txt").learned is None  # the default too


def test_shipped_model_loads_small_and_off_by_default():
    """Session 26 switched the model on by default and session 27 off again, by the rule it fixed
    before drawing English batch 25 (the model file's `default_on`, which tools/policy_model.py
    --write keeps): read_policy without `learned` reads with the rules alone; with it, combines."""
    path = ROOT / "auditor" / "policy" / "sentence_model.json"
    assert path.stat().st_size < 1_000_000
    m = packaged_model()
    assert m is not None and m.default_on is False and policy_model.DEFAULT_ON is False and m.weights
    text = b"We collect your precise location to show the weather near you."
    assert read_policy(text, "p.txt", learned=True).learned["model"] == m.header["annotations_sha256"]
    assert read_policy(text, "p.txt") == read_policy(text, "p.txt", learned=False)
    assert read_policy(text, "p.txt").learned is None
    assert m == model_from_json(json.loads(path.read_text(encoding="utf-8")))
    assert default_catalogues().sentence_model is m
    assert m.header["hyper"] == policy_model.HYPER


def test_shipped_model_matches_the_tune_annotations():
    """Fails when a tune annotation of a batch the model was trained on (its header's `batches`)
    changed, or a file moved in or out of those batches: retrain with `python tools/policy_model.py
    --write`. A tune batch drawn after the model (English 26, session 27, while the model is off by
    default and this machine lacks most tune texts) is not in them: the model is not stale, it has
    not seen that batch, and the header says so. Session 28 retrained it on every tune batch (26 and
    27 included, after batch 27's first contact with the round-3 model was recorded); English 29, drawn
    after the session's held-out measurement of round 4, is not in it, nor are English 32, 33 and 35 (session 29)."""
    header = packaged_model().header
    sources = rw.load_sources("en")
    names = [n for n in policy_model.tune_names() if sources[n].get("batch", 1) in header["batches"]]
    assert header["annotations_sha256"] == policy_model.annotations_digest(names), \
        "English tune annotations of the model's batches changed: retrain with tools/policy_model.py --write"
    assert header["policies"] == len(names)
    later = sorted({sources[n].get("batch", 1) for n in policy_model.tune_names()} - set(header["batches"]))
    assert later == [29, 32, 33, 35]  # the tune batches the shipped model has not seen (extend when one is drawn)


def _tune_texts(k: int):
    return rw.first_cached((("en", n) for n in policy_model.tune_names()), k)


def test_model_off_reproduces_the_reader_on_real_policies():
    for p in _tune_texts(4):
        data = p.read_bytes()
        base = read_policy(data, p.name, learned=False)
        assert base.learned is None
        on = read_policy(data, p.name, learned=True)
        assert base == read_policy(data, p.name)  # off by default
        assert on.learned is not None and on.learned["model"] == packaged_model().header["annotations_sha256"]
        assert policy_document(on)["learned"] == on.learned and "learned" not in policy_document(base)
        # with no change the model's reading is the reader's
        assert (on.categories == base.categories) == (on.learned["changes"] == {})


def test_labels_come_from_the_annotation_quote():
    assert policy_model._matches("we collect your location", "yes, we collect your location daily")
    assert not policy_model._matches("we collect your location", "we never share anything")
    assert not policy_model._matches("", "anything")


def test_the_reader_applies_the_model_as_the_cross_validation_simulates():
    """read_policy(learned=True) == tools/policy_model.py's combined_statuses on the same scores
    (the CV figures are about the shipped code path)."""
    from auditor.policy.learned import strong_evidence, units

    m = packaged_model()
    for p in _tune_texts(6):
        data = p.read_bytes()
        doc, sents, sc, cats, protected = policy_model.read_internals(data, p.name)
        rec = {"reader": {c: cl.status for c, cl in cats.items()},
               "reader_ev": {c: [(e.start, e.end) for e in cl.evidence] for c, cl in cats.items()},
               "reader_strong": strong_evidence(doc, sents, sc, cats, protected),
               "units": [{"cat": u.category, "feats": u.feats, "start": u.start, "end": u.end, "strong": u.strong}
                         for u in (units(doc, sents, sc, cats) if doc.language == "en" else ())]}
        scores = policy_model.score_all(m.weights, m.bias, [rec])[0]
        got = read_policy(data, p.name, learned=True)
        assert {c: cl.status for c, cl in got.categories.items()} == policy_model.combined_statuses(
            rec, scores, m.t_low, m.t_high)


def test_scoring_is_bounded_per_category():
    from auditor.policy import learned

    calls = []

    class Counting(SentenceModel):
        def score(self, feats):
            calls.append(1)
            return 0.5

    model = Counting({}, 0.0, 0.0, 1.01, frozenset(policy_model.COMBINE_CATS), {})
    text = "\n\n".join(f"Note {i}: your contacts list number {i} stays here." for i in range(learned.MAX_UNITS + 500))
    got = read_policy(text.encode(), "p.txt", _with(model), learned=True)
    assert 0 < len(calls) <= learned.MAX_UNITS and got.learned["changes"] == {}


def test_cli_learned_option(tmp_path):
    from typer.testing import CliRunner

    from auditor.cli import app

    p = tmp_path / "p.txt"
    p.write_text("The app reads your contacts list so you can invite friends.", encoding="utf-8")
    on = CliRunner().invoke(app, ["policy", "--learned", "--format", "json", str(p)])
    default = CliRunner().invoke(app, ["policy", "--format", "json", str(p)])
    off = CliRunner().invoke(app, ["policy", "--no-learned", "--format", "json", str(p)])
    assert on.exit_code == 0 and off.exit_code == 0 and default.exit_code == 0
    d_on, d_off = valid(json.loads(on.stdout), "policy"), valid(json.loads(off.stdout), "policy")
    assert d_on["learned"]["model"] == packaged_model().header["annotations_sha256"] and "learned" not in d_off
    assert json.loads(default.stdout) == d_off  # off by default
    assert d_off["categories"]["contacts"]["status"] == "declared"


def test_scan_learned_option_reaches_the_audit(tmp_path):
    """`auditor scan --learned` reads the app's policy with the model: the audit JSON's policy
    carries the 'learned' key (schema-valid); with --no-learned, and by default (off since session
    27), it has none."""
    from typer.testing import CliRunner

    from auditor.cli import app

    p = tmp_path / "policy.txt"
    p.write_text("The app reads your contacts list so you can invite friends. We use your location for maps.",
                 encoding="utf-8")
    apk = str(ROOT / "samples" / "chat.apk")
    on = CliRunner().invoke(app, ["scan", apk, "--policy", str(p), "--learned", "--format", "json", "--exit-zero"])
    default = CliRunner().invoke(app, ["scan", apk, "--policy", str(p), "--format", "json", "--exit-zero"])
    off = CliRunner().invoke(app, ["scan", apk, "--policy", str(p), "--no-learned", "--format", "json", "--exit-zero"])
    assert on.exit_code == 0 and off.exit_code == 0 and default.exit_code == 0, (on.output, off.output)
    assert json.loads(default.stdout)["policy"] == json.loads(off.stdout)["policy"]  # off by default
    d_on, d_off = valid(json.loads(on.stdout), "scan"), valid(json.loads(off.stdout), "scan")
    assert d_on["policy"]["learned"]["model"] == packaged_model().header["annotations_sha256"]
    assert isinstance(d_on["policy"]["learned"]["changes"], dict)
    assert "learned" not in d_off["policy"]


def test_learned_setting_is_part_of_the_batch_key_only_when_on():
    """A batch store keys results by the settings' digest: the model on (--learned, or a model file defaulting to on)
    must give another key than --no-learned (its results differ), and --no-learned must keep the
    key stores written without the model hold (the digest of 0a42238's Settings())."""
    from auditor.batch.cli import _settings
    from auditor.run import Settings

    assert Settings(policy_learned=True).digest() != Settings(policy_learned=False).digest()
    assert Settings().digest() == Settings(policy_learned=False).digest()  # off by default
    # the key of stores written before the model existed (0a42238's Settings().digest(), checked
    # out and computed in session 26): a store is a public artefact, its key moves only on purpose
    assert Settings().digest() == "4138fb00fdb6f18c11cdcb5d527e7b9dc8d940c9a42e270afc383a416520202b"
    # ... and a retrained model gives another key (its results differ)
    from dataclasses import replace

    cat = default_catalogues()
    other = replace(cat.sentence_model, t_low=cat.sentence_model.t_low + 0.01)
    shifted = SimpleNamespace(sentence_model=other)
    assert Settings(policy_learned=True, catalogues=shifted).digest() != Settings(policy_learned=True).digest()
    assert Settings(catalogues=shifted).digest() == Settings().digest()  # off by default: no model in the key
    assert Settings(policy_learned=False, catalogues=shifted).digest() == Settings(policy_learned=False).digest()
    # a model that reads context features reads differently: another key (session 26's leftover)
    ctx = SimpleNamespace(sentence_model=replace(cat.sentence_model, context=True))
    assert Settings(policy_learned=True, catalogues=ctx).digest() != Settings(policy_learned=True).digest()
    off = replace(cat.sentence_model, default_on=False)  # a model file that defaults to off
    assert Settings(catalogues=SimpleNamespace(sentence_model=off)).digest() == Settings(policy_learned=False).digest()
    assert Settings(policy_learned=False).policy_model() is None and Settings().policy_model() is None
    assert Settings(policy_learned=True).policy_model() is cat.sentence_model
    on = replace(cat.sentence_model, default_on=True)  # a model file that defaults to on
    assert Settings(catalogues=SimpleNamespace(sentence_model=on)).digest() == Settings(policy_learned=True).digest()
    assert _settings(None, None, None, None, True).policy_learned is True
    assert _settings(None, None, None, None, False).policy_learned is False
    assert _settings(None, None, None, None).policy_learned is None


def test_project_corpus_stays_exact_with_the_shipped_model_on():
    """The English seed corpus (tests/policy_corpus, hand-annotated) reads the same with the model
    on: its declarations rest on strong evidence the model may not overrule (round 1 vetoed two)."""
    import tomllib

    corpus = ROOT / "tests" / "policy_corpus"
    cases = sorted(p for p in corpus.iterdir() if p.name.startswith("en_") and p.suffix in (".txt", ".md", ".html"))
    assert cases
    for p in cases:
        exp = tomllib.loads(p.with_name(p.name.rsplit(".", 1)[0] + ".expected.toml").read_text())["categories"]
        got = read_policy(p.read_bytes(), p.name, learned=True)
        assert {c: k.status for c, k in got.categories.items()} == exp, p.name
        assert got.learned["changes"] == {}, p.name


def test_context_features_heading_and_list_lead_in():
    """`Context`: a unit also carries its section heading's words (h:) and, in a list, the words
    of the paragraph that leads into the list (li:); a model that weighs them (context on) vetoes
    the same sentence under one heading and not under another; context off ignores them."""
    from auditor.policy import extract
    from auditor.policy.learned import Context
    from auditor.policy.text import read_document

    text = (b"# Information we do not collect\n\nWe never ask for the following:\n\n- your precise location\n\n"
            b"# Information we collect\n\nYour precise location is used to show the weather.\n")
    doc = read_document(text, "p.md")
    sents = extract.sentences(doc)
    cx = Context(doc, sents)
    by = {doc.text[s.start:s.end]: cx.of(i) for i, s in enumerate(sents)}
    item = by["your precise location"]
    assert {"h:information", "h:not", "h:collect"} <= set(item) and {"li:following", "li:never"} <= set(item)
    para = by["Your precise location is used to show the weather."]
    assert "h:not" not in para and not any(f.startswith("li:") for f in para)  # (a paragraph has no lead-in)
    veto = SentenceModel({"h:not": -10.0}, 0.0, 0.5, 1.01, frozenset(policy_model.COMBINE_CATS),
                         {"annotations_sha256": "test"}, context=True)
    one = b"# Information we do not collect\n\nYour precise location is used to show the weather.\n"
    other = b"# Information we collect\n\nYour precise location is used to show the weather.\n"
    assert read_policy(one, "p.md").categories["location_precise"].status == "declared"
    assert "location_precise" in read_policy(one, "p.md", _with(veto), learned=True).learned["changes"]
    assert read_policy(other, "p.md", _with(veto), learned=True).learned["changes"] == {}
    from dataclasses import replace
    assert read_policy(one, "p.md", _with(replace(veto, context=False)), learned=True).learned["changes"] == {}


def test_first_contact_units_train_but_never_score_their_own_batch(monkeypatch):
    """Round 3 trains on the first-contact readers' units too (TRAIN_FC); leave-one-batch-out must
    drop them with their batch: the model that scores batch b saw none of b's units, from either
    reader, and the model shipped (`cv["train"]`) saw both."""
    def rec(batch, text, label):
        feats = tuple(features(text.lower().split(), "camera", "paragraph"))
        return {"batch": batch, "statuses": {}, "groups": {g: False for g in rw.GROUPS}, "reader": {}, "reader_ev": {},
                "reader_strong": {}, "units": [{"cat": "camera", "feats": feats, "label": label, "start": 0, "end": 9,
                                                "strong": False}]}

    cur = [rec(1, "we use your T for scans", 1), rec(2, "we never use your T", 0), rec(3, "T stays here", 0)]
    fc = {2: [rec(2, "the T button opens the scanner", 1)], 3: [rec(3, "we read T frames", 1)]}
    seen = []
    monkeypatch.setattr(policy_model, "train", lambda ex, hyper=None: (seen.append(ex) or ({}, 0.0)))
    monkeypatch.setattr(policy_model, "first_contact_records", lambda: fc)
    monkeypatch.setattr(policy_model, "choose_thresholds", lambda recs, scores: (0.1, 0.6, 1.01))
    monkeypatch.setattr(policy_model, "FIRST_CONTACT", {2: "x", 3: "y"})
    monkeypatch.setattr(policy_model, "TRAIN_FC", True)
    cv = policy_model.cross_validate(cur, verbose=False)
    trained = {frozenset(f for feats, _ in ex for f in feats) for ex in seen}
    button, frames = "u:button", "u:frames"
    assert any(button in fs for fs in trained) and any(frames in fs for fs in trained)  # used for training
    models = {}
    policy_model._lobo_scores(fc[2], cv["train"], {2}, policy_model.HYPER, models)
    assert button not in {f for feats, _ in seen[-1] for f in feats}  # ... never to score its own batch
    assert "u:never" not in {f for feats, _ in seen[-1] for f in feats}
    assert len(policy_model.examples_of(cv["train"])) == 5  # the shipped model sees all of them
    monkeypatch.setattr(policy_model, "TRAIN_FC", False)
    assert len(policy_model.examples_of(policy_model.cross_validate(cur, verbose=False)["train"])) == 3


def test_training_examples_come_in_text_order_whatever_the_hash_seed():
    """A sentence naming several categories yields its units in a set's order (it depends on the
    string hash seed); the tool puts every record's units in text order so the SGD - and so the
    shipped weights - do not depend on the process."""
    units = [{"start": 9, "end": 20, "cat": "camera"}, {"start": 0, "end": 8, "cat": "sms"},
             {"start": 9, "end": 20, "cat": "audio_files"}]
    recs = policy_model._canonical([{"units": list(units)}, {"units": list(reversed(units))}])
    want = [(0, "sms"), (9, "audio_files"), (9, "camera")]
    assert [[(u["start"], u["cat"]) for u in r["units"]] for r in recs] == [want, want]


def test_a_first_contact_reader_is_read_with_its_rules_alone(monkeypatch):
    """tools/policy_model.old_internals reads with an old tree's reader; a tree from session 26 on
    combines with the learned model by default, and its "reader alone" rows must not."""
    from auditor.policy import learned

    text = b"Your precise location is used to show the weather near you."
    veto = _model({"u:weather": -10.0}, t_low=0.5)
    monkeypatch.setattr(learned, "packaged_model", lambda name="sentence_model.json": replace(veto, default_on=True))
    assert "location_precise" not in read_policy(text, "p.txt").categories  # the default: vetoed
    internals = policy_model.old_internals(str(ROOT))  # (this tree is the one imported)
    cats = internals(text, "p.txt")[3]
    assert cats == read_policy(text, "p.txt", learned=False).categories and "location_precise" in cats

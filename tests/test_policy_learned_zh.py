"""The learned CHINESE sentence model (auditor/policy/learned.py zh_*, sentence_model_zh.json,
tools/policy_model_zh.py): deterministic trainer, a shipped model that names the Chinese tune
annotations it was trained on, the veto / promotion rule on our own Chinese sentences, strong
evidence kept, and the model off (the default) leaving the reader's output as it was."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from auditor.catalogues import default_catalogues
from auditor.policy import read_policy
from auditor.policy.learned import (
    SentenceModel, model_from_json, packaged_model, packaged_model_zh, zh_features, zh_strong_sentence, zh_tokens,
)
from auditor.report.policyfmt import policy_document
from conftest import valid

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import policy_model  # noqa: E402
import policy_model_zh  # noqa: E402

import policy_realworld_support as rw  # noqa: E402


def _model(weights: dict, bias: float = 0.0, t_low: float = 0.0, t_high: float = 1.01) -> SentenceModel:
    return SentenceModel(weights, bias, t_low, t_high, frozenset(policy_model_zh.COMBINE_CATS),
                         {"annotations_sha256": "test-zh"})


def _with(model) -> SimpleNamespace:
    cat = default_catalogues()
    return SimpleNamespace(lexicon=cat.lexicon, sdk_index=cat.sdk_index, sentence_model_zh=model)


def test_zh_features_are_characters_around_a_placeholder():
    text = "我们不会收集您的通讯录。"
    s = text.index("通讯录")
    toks = zh_tokens(text, 0, len(text), [(s, s + 3)], [])
    assert "T" in toks and "通" not in toks and toks[:4] == ["我", "们", "不", "会"]
    f = zh_features(toks, "contacts", "paragraph")
    assert {"u:收", "b:的T", "L:您的", "R:。", "c:contacts", "k:paragraph", "q:neg", "q:neg<T", "q:we<T"} <= set(f)
    assert f == sorted(set(f))
    long = "我" * 5000 + text  # bounded: ZH_WINDOW symbols each side of the term
    s2 = long.index("通讯录")
    assert len(zh_tokens(long, 0, len(long), [(s2, s2 + 3)], [])) <= 2 * 60 + 1


def test_zh_trainer_is_deterministic():
    sents = [("我们会收集您的T用于显示天气", 1), ("我们不会收集您的T", 0), ("本应用读取T以便邀请好友", 1),
             ("我们从不访问T", 0), ("您的T保存在本地不会上传", 0), ("扫码时我们访问T", 1)] * 3
    ex = [(tuple(zh_features([("T" if c == "T" else c) for c in s], "camera", "paragraph")), y) for s, y in sents]
    hyper = dict(policy_model_zh.HYPER, min_count=1, epochs=5)
    a, b = policy_model.train(ex, hyper), policy_model.train(list(ex), hyper)
    assert a == b and a[0]
    assert a[0]["u:不"] < 0 < a[0]["u:读"]


def test_zh_strong_sentence_needs_the_app_a_verb_and_no_negation():
    def strong(t, term):
        s = t.index(term)
        return zh_strong_sentence(t, 0, len(t), [(s, s + len(term))])

    assert strong("我们会收集您的位置信息,用于显示天气。", "位置信息")
    assert strong("本应用在您扫码时访问您的摄像头。", "摄像头")
    assert not strong("我们不会收集您的通讯录。", "通讯录")
    assert not strong("如果您拒绝，我们将无法获取您的位置信息。", "位置信息")
    assert not strong("您可以撤回对我们访问您的相机的授权。", "相机")
    assert not strong("您在使用我们的服务时上传的照片、通讯录可能会泄露。", "通讯录")
    assert not strong("我们会收集您的设备型号。您的通讯录只保存在本地。", "通讯录")  # another clause
    assert not strong("我们会收集" + "、其他信息" * 40 + "通讯录", "通讯录")  # the verb is far away


def test_zh_veto_of_a_weak_reader_declaration():
    text = "为了帮助您找到好友，您的通讯录会被上传到我们的服务器进行匹配。".encode()
    plain = read_policy(text, "p.txt")
    assert plain.categories["contacts"].status == "declared" and plain.learned is None
    got = read_policy(text, "p.txt", _with(_model({"u:匹": -10.0}, t_low=0.5)), learned_zh=True)
    assert "contacts" not in got.categories
    ch = got.learned["changes"]["contacts"]
    assert ch["change"] == "vetoed" and ch["reader_status"] == "declared" and ch["score"] < 0.5
    assert ch["evidence"][0]["quote"] == plain.categories["contacts"].evidence[0].quote
    assert got.learned["model"] == "test-zh"
    valid(policy_document(got, "0"), "policy")


def test_zh_strong_evidence_is_never_vetoed():
    veto = _with(_model({}, bias=-10.0, t_low=0.5))
    for text, cat in (("我们会收集您的位置信息,用于显示天气。", "location_precise"),
                      ("本应用在您扫码时访问您的摄像头。", "camera"),
                      ("我们收集的信息:\n\n- 通讯录\n- 相机\n", "contacts"),
                      ("| 权限 | 用途 |\n|---|---|\n| 通讯录 | 查找好友 |\n", "contacts")):
        plain = read_policy(text.encode(), "p.md")
        assert plain.categories[cat].status == "declared", text
        got = read_policy(text.encode(), "p.md", veto, learned_zh=True)
        assert got.categories == plain.categories and got.learned["changes"] == {}, text


def test_zh_promotion_by_a_strong_sentence_only_and_never_of_a_denial():
    promote = _with(_model({}, bias=10.0, t_high=0.9))
    text = "我们会在您拍照时保存照片到相册。"
    assert "photos_videos" not in read_policy(text.encode(), "p.txt").categories
    got = read_policy(text.encode(), "p.txt", promote, learned_zh=True)
    assert got.categories["photos_videos"].status == "declared"
    assert got.categories["photos_videos"].evidence[0].quote == text
    assert got.learned["changes"]["photos_videos"] == {"change": "promoted", "reader_status": "absent",
                                                       "score": 1.0, "evidence": []}
    valid(policy_document(got, "0"), "policy")
    denied = read_policy("我们不会收集您的通讯录。".encode(), "p.txt", promote, learned_zh=True)
    assert denied.categories["contacts"].status == "denied" and denied.learned["changes"] == {}
    weak = read_policy("您的通讯录可以帮助您找到好友。".encode(), "p.txt", promote, learned_zh=True)
    assert "contacts" not in weak.categories and weak.learned["changes"] == {}


def test_zh_model_off_by_default_and_english_untouched():
    zh = "为了帮助您找到好友，您的通讯录会被上传到我们的服务器进行匹配。".encode()
    cat = _with(_model({}, bias=-10.0, t_low=0.5))
    assert read_policy(zh, "p.txt", cat) == read_policy(zh, "p.txt") == read_policy(zh, "p.txt", cat, learned_zh=False)
    assert read_policy(zh, "p.txt").learned is None
    # the English switch does not turn the Chinese model on, nor the Chinese one the English model
    assert read_policy(zh, "p.txt", cat, learned=True).learned is None
    en = b"Your precise location helps show the weather near you."
    assert read_policy(en, "p.txt", cat, learned_zh=True) == read_policy(en, "p.txt")


def test_shipped_zh_model_loads_small_off_and_names_the_tune_annotations():
    path = ROOT / "auditor" / "policy" / "sentence_model_zh.json"
    assert path.stat().st_size < 1_000_000
    m = packaged_model_zh()
    assert m is not None and m.default_on is False and m.weights and m is not packaged_model()
    assert m == model_from_json(json.loads(path.read_text(encoding="utf-8")))
    assert m.header["hyper"] == policy_model_zh.HYPER
    assert m.header["annotations_sha256"] == policy_model_zh.annotations_digest(policy_model_zh.tune_files()), \
        "Chinese tune annotations changed: retrain with tools/policy_model_zh.py --write"
    assert m.header["policies"] <= len(policy_model_zh.tune_files())


def test_zh_project_corpus_stays_exact_with_the_shipped_model_on():
    corpus = ROOT / "tests" / "policy_corpus"
    cases = sorted(p for p in corpus.iterdir() if p.name.startswith("zh_") and p.suffix in (".txt", ".md", ".html"))
    assert cases
    for p in cases:
        exp = tomllib.loads(p.with_name(p.name.rsplit(".", 1)[0] + ".expected.toml").read_text())["categories"]
        got = read_policy(p.read_bytes(), p.name, learned_zh=True)
        assert {c: k.status for c, k in got.categories.items()} == exp, p.name
        assert got.learned["changes"] == {}, p.name


def _tune_texts(k: int):
    return rw.first_cached(policy_model_zh.tune_files(), k, max_bytes=60_000)


def test_zh_reader_applies_the_model_as_the_cross_validation_simulates():
    """read_policy(learned_zh=True) == tools/policy_model.py's combined_statuses on the same units
    and scores (the CV figures are about the shipped code path); model off == the reader."""
    from auditor.policy.learned import strong_evidence, units

    m = packaged_model_zh()
    for p in _tune_texts(4):
        data = p.read_bytes()
        doc, sents, sc, cats, protected = policy_model.read_internals(data, p.name)
        rec = {"reader": {c: cl.status for c, cl in cats.items()},
               "reader_ev": {c: [(e.start, e.end) for e in cl.evidence] for c, cl in cats.items()},
               "reader_strong": strong_evidence(doc, sents, sc, cats, protected),
               "units": [{"cat": u.category, "feats": u.feats, "start": u.start, "end": u.end, "strong": u.strong}
                         for u in units(doc, sents, sc, cats, policy_model_zh.COMBINE_CATS)]}
        scores = policy_model.score_all(m.weights, m.bias, [rec])[0]
        on = read_policy(data, p.name, learned_zh=True)
        assert on.learned is not None and on.learned["model"] == m.header["annotations_sha256"]
        assert {c: cl.status for c, cl in on.categories.items()} == policy_model.combined_statuses(
            rec, scores, m.t_low, m.t_high)
        off = read_policy(data, p.name)
        assert read_policy(data, p.name, learned_zh=False) == off and off.learned is None


def test_thresholds_come_from_the_english_tools_chooser_as_a_pair():
    """The Chinese tool takes (t_low, t_high) from policy_model.choose_thresholds, which returns a
    third, weak-promotion threshold since round 3 (its cross-validation broke when that changed);
    with the default grid that third one never promotes."""
    recs = [{"groups": {g: False for g in rw.GROUPS}, "statuses": {}, "reader": {}, "reader_ev": {},
             "reader_strong": {}, "units": []}]
    chosen = policy_model.choose_thresholds(recs, [[]])
    lo, hi = policy_model_zh._pair(chosen)
    assert (lo, hi) == tuple(chosen[:2])
    with pytest.raises(AssertionError):
        policy_model_zh._pair((0.3, 0.9, 0.5))


@pytest.mark.parametrize("name", ["sentence_model.json", "sentence_model_zh.json"])
def test_one_writer_reproduces_both_shipped_model_files(tmp_path, name):
    """Both tools write their model file through policy_model.save_model: given a shipped file's
    own contents it writes the same bytes (key order, format, the English-only `context` flag)."""
    path = ROOT / "auditor" / "policy" / name
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["categories"] == list(policy_model.COMBINE_CATS)
    out = tmp_path / name
    policy_model.save_model(out, raw["header"], raw["default_on"], raw["bias"], raw["t_low"], raw["t_high"],
                            raw["weights"], context=raw.get("context"))
    assert out.read_bytes() == path.read_bytes()

"""Validation of the real-world policy annotations (tests/policy_realworld/, GUIDE.md).

Structure is checked always; quotes against the policy texts only when they are present
(../shared for CA4P, the gitignored cache of tools/fetch_realworld_policies.py for the
English ones and the Chinese ones from GitHub, kind `zh`). The policy reader is not used, only its text normalisation.
"""

from __future__ import annotations

import hashlib

import pytest

from policy_realworld_support import (
    CA4P_DIR, CATEGORIES, EN_CACHE, GROUP_MAP, GROUPS, STATUSES, ZH_CACHE, derive_groups, fold,
    load_annotations, load_sources, load_splits, policy_text, source_path)

CA4P = load_annotations("ca4p")
EN = load_annotations("en")
ZH = load_annotations("zh")  # Chinese app policies from GitHub (zh/sources.toml), batch 1 held out
ALL = ([("ca4p", n, a) for n, a in CA4P.items()] + [("en", n, a) for n, a in EN.items()]
       + [("zh", n, a) for n, a in ZH.items()])
IDS = [f"{k}/{n}" for k, n, _ in ALL]
# heldout2/heldout3: the second and third held-out batches (issue 12); `heldout` (first
# batch) has been tuned on since the third batch was drawn
SPLITS = ("tune", "heldout", "heldout2", "heldout3")


# raised as annotation proceeds; the brief's bar is 60 CA4P + 15 English
MIN_CA4P, MIN_EN, MIN_ZH = 196, 44, 20


def test_enough_policies_are_annotated():
    assert len(CA4P) >= MIN_CA4P, len(CA4P)
    assert len(EN) >= MIN_EN, len(EN)
    assert len(ZH) >= MIN_ZH, len(ZH)


@pytest.mark.parametrize("kind,name,ann", ALL, ids=IDS)
def test_annotation_is_complete_and_well_formed(kind, name, ann):
    assert name == ann["file"].rsplit(".", 1)[0] + ".toml"
    cats = ann["categories"]
    assert set(cats) == set(CATEGORIES), set(cats) ^ set(CATEGORIES)
    for cid, entry in cats.items():
        assert entry["status"] in STATUSES, (cid, entry)
        if entry["status"] == "absent":
            assert "quote" not in entry, cid
        else:
            quote = entry.get("quote", "")
            assert quote.strip(), f"{cid}: non-absent status needs a quote"
            assert len(quote) <= 80, f"{cid}: quote longer than 80 characters"
    assert set(ann["groups"]) == set(GROUPS)
    assert all(isinstance(v, bool) for v in ann["groups"].values())


@pytest.mark.parametrize("kind,name,ann", ALL, ids=IDS)
def test_groups_follow_the_guide_mapping(kind, name, ann):
    statuses = {c: e["status"] for c, e in ann["categories"].items()}
    groups = ann["groups"]
    strict = derive_groups(statuses)
    for g in GROUPS:
        if g == "phone_device":
            # true whenever an identifier/call category is declared; phone_number alone
            # may make it true (annotator's judgement, GUIDE.md), nothing else may
            assert groups[g] >= strict[g]
            assert groups[g] <= (strict[g] or statuses["phone_number"] == "declared")
        else:
            assert groups[g] == strict[g], (g, GROUP_MAP[g])


def test_splits_cover_exactly_the_annotated_files():
    splits = load_splits()
    for kind, anns in (("ca4p", CA4P), ("en", EN), ("zh", ZH)):
        if kind == "zh" and not anns and "zh" not in splits:
            continue
        named = {s: set(splits[kind].get(s, [])) for s in SPLITS}
        assert sum(len(v) for v in named.values()) == len(set().union(*named.values()))  # disjoint
        assert set().union(*named.values()) == {a["file"] for a in anns.values()}
        for a in anns.values():
            assert a["file"] in named[a["split"]], a["file"]
        excluded = splits[kind].get("excluded", {})
        assert not set(excluded) & set().union(*named.values())
        assert all(reason.strip() for reason in excluded.values())
        tune, held = named["tune"], named["heldout"]
        if kind == "en":  # the blocks of five cover batches 1-2 only
            first = {k for k, s in load_sources().items() if s.get("batch", 1) <= 2}
            tune, held = tune & first, held & first
        if kind == "en" and len(tune) + len(held) >= 10:
            share = len(tune) / (len(tune) + len(held))
            assert 0.3 <= share <= 0.5, share


@pytest.mark.skipif(not CA4P_DIR.is_dir(), reason="../shared/policies/ca4p absent")
def test_ca4p_splits_are_the_seeded_plan():
    """Every annotated or excluded CA4P file is where the seed put it (tools/realworld_splits.py):
    first batch (positions < 110) 40 % tune / 60 % heldout, second batch two tune and one
    heldout2 per block of three; no file was moved after seeing the reader's output."""
    from policy_realworld_support import split_of_file

    for a in CA4P.values():
        assert a["split"] == split_of_file("ca4p", a["file"]), a["file"]
    counts = {s: sum(a["split"] == s for a in CA4P.values()) for s in SPLITS}
    assert counts["heldout2"] >= 20 and counts["tune"] >= 80, counts


def test_english_splits_are_the_seeded_plan():
    """Every English annotation sits where tools/realworld_splits.py puts its source: batches 1-2
    in the tune/heldout blocks of five by (batch, name) order, batch 3 all `heldout2`, batches 4, 7,
    9, 10, 12, 13, 14, 15, 17, 19, 20, 24, 26, 27, 29, 32, 33 and 35 all `tune`, the others from 5 on all `heldout3` (held-out batches annotated before the reader
    was run on them); adding a batch never moved an earlier file."""
    from policy_realworld_support import split_of_file

    sources = load_sources()
    for a in EN.values():
        assert a["split"] == split_of_file("en", a["file"]), a["file"]
        batch = sources[a["file"]].get("batch", 1)
        assert (a["split"] == "heldout2") == (batch == 3), a["file"]
        assert (a["split"] == "heldout3") == (batch >= 5 and batch not in (7, 9, 10, 12, 13, 14, 15, 17, 19, 20, 24, 26, 27, 29, 32, 33, 35)), a["file"]
        if batch in (4, 7, 9, 10, 12, 13, 14, 15, 17, 19, 20, 24, 26, 27, 29, 32, 33, 35):
            assert a["split"] == "tune", a["file"]
    counts = {s: sum(a["split"] == s for a in EN.values()) for s in SPLITS}
    assert counts["heldout2"] >= 20 and counts["tune"] + counts["heldout"] >= 21, counts


def test_zh_splits_are_the_seeded_plan():
    """Every zh annotation sits where tools/realworld_splits.py puts its source: batch 1 all
    `heldout3` and batches 3, 6, 7, 8, 10, 13, 15, 16, 19, 20 and 21 `heldout3` (held out, never tuned on), batches 2, 4, 5, 9, 11, 12, 14, 17 and 18 `tune`, each planned before the batch was drawn."""
    from policy_realworld_support import split_of_file

    sources = load_sources("zh")
    for a in ZH.values():
        assert a["split"] == split_of_file("zh", a["file"]), a["file"]
        if sources[a["file"]].get("batch", 1) in (1, 3, 6, 7, 8, 10, 13, 15, 16, 19, 20, 21):
            assert a["split"] == "heldout3", a["file"]
        else:
            assert a["split"] == "tune", a["file"]


def test_zh_plan_puts_every_batch_one_policy_in_heldout3():
    import sys as _sys

    from policy_realworld_support import ROOT

    _sys.path.insert(0, str(ROOT / "tools"))
    from realworld_splits import zh_plan

    plan = zh_plan({"b.md": {"batch": 1}, "a.html": {"batch": 1}, "c.txt": {}})
    assert plan == [(0, "a.html", "heldout3"), (1, "b.md", "heldout3"), (2, "c.txt", "heldout3")]
    with pytest.raises(ValueError):  # a later batch needs its split planned first
        zh_plan({"d.md": {"batch": 22}})
    assert zh_plan({"d.md": {"batch": 2}}) == [(0, "d.md", "tune")]
    assert zh_plan({"e.md": {"batch": 3}}) == [(0, "e.md", "heldout3")]  # planned in session 24
    assert zh_plan({"f.md": {"batch": 4}}) == [(0, "f.md", "tune")]  # planned in session 24
    assert zh_plan({"g.md": {"batch": 5}}) == [(0, "g.md", "tune")]
    assert zh_plan({"h.md": {"batch": 6}}) == [(0, "h.md", "heldout3")]  # planned in session 25
    assert zh_plan({"i.md": {"batch": 7}}) == [(0, "i.md", "heldout3")]  # planned in session 25
    assert zh_plan({"j.md": {"batch": 8}}) == [(0, "j.md", "heldout3")]  # planned in session 26
    assert zh_plan({"k.md": {"batch": 9}}) == [(0, "k.md", "tune")]  # planned later in session 26
    assert zh_plan({"l.md": {"batch": 10}}) == [(0, "l.md", "heldout3")]  # planned in session 27
    assert zh_plan({"m.md": {"batch": 11}}) == [(0, "m.md", "tune")]  # planned in session 27
    assert zh_plan({"n.md": {"batch": 12}}) == [(0, "n.md", "tune")]  # planned in session 28
    assert zh_plan({"o.md": {"batch": 13}}) == [(0, "o.md", "heldout3")]  # planned later in session 28
    assert zh_plan({"p.md": {"batch": 14}}) == [(0, "p.md", "tune")]  # planned after session 28's measurement
    assert zh_plan({"q.md": {"batch": 15}}) == [(0, "q.md", "heldout3")]  # planned after session 28's second look
    assert zh_plan({"r.md": {"batch": 16}}) == [(0, "r.md", "heldout3")]  # planned at the start of session 29
    assert zh_plan({"s.md": {"batch": 17}}) == [(0, "s.md", "tune")]  # planned at the start of session 29
    assert zh_plan({"t.md": {"batch": 18}}) == [(0, "t.md", "tune")]  # planned later in session 29
    assert zh_plan({"u.md": {"batch": 19}}) == [(0, "u.md", "heldout3")]  # planned later in session 29
    assert zh_plan({"v.md": {"batch": 20}}) == [(0, "v.md", "heldout3")]  # session 29's third round
    assert zh_plan({"w.md": {"batch": 21}}) == [(0, "w.md", "heldout3")]  # after session 29's measurement


@pytest.mark.parametrize("kind,anns", [("en", EN), ("zh", ZH)])
def test_github_sources_are_recorded(kind, anns):
    sources = load_sources(kind)
    assert {a["file"] for a in anns.values()} <= set(sources)
    for key, src in sources.items():
        assert src["repo"].count("/") == 1 and src["path"], key
        assert len(src["commit"]) == 40 and len(src["sha256"]) == 64, key
        assert isinstance(src.get("batch", 1), int), key


def _check_quotes(kind, name, ann):
    text = policy_text(kind, ann["file"])
    if text is None:
        pytest.skip(f"{source_path(kind, ann['file'])} absent")
    folded = fold(text)
    missing = [(c, e["quote"]) for c, e in ann["categories"].items()
               if e["status"] != "absent" and fold(e["quote"]) not in folded]
    assert not missing, missing


@pytest.mark.skipif(not CA4P_DIR.is_dir(), reason="../shared/policies/ca4p absent")
@pytest.mark.parametrize("name,ann", list(CA4P.items()), ids=list(CA4P))
def test_ca4p_quotes_are_in_the_policy_text(name, ann):
    _check_quotes("ca4p", name, ann)


@pytest.mark.skipif(not EN_CACHE.is_dir(), reason="English policy cache absent "
                    "(python tools/fetch_realworld_policies.py fills it)")
@pytest.mark.parametrize("name,ann", list(EN.items()), ids=list(EN))
def test_english_quotes_are_in_the_policy_text(name, ann):
    src = load_sources()[ann["file"]]
    path = source_path("en", ann["file"])
    if not path.is_file():
        pytest.skip(f"{path} absent")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == src["sha256"], "cached text changed"
    _check_quotes("en", name, ann)


@pytest.mark.skipif(not ZH_CACHE.is_dir(), reason="Chinese (GitHub) policy cache absent "
                    "(python tools/fetch_realworld_policies.py --kind zh fills it)")
@pytest.mark.parametrize("name,ann", list(ZH.items()), ids=list(ZH))
def test_zh_quotes_are_in_the_policy_text(name, ann):
    src = load_sources("zh")[ann["file"]]
    path = source_path("zh", ann["file"])
    if not path.is_file():
        pytest.skip(f"{path} absent")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == src["sha256"], "cached text changed"
    _check_quotes("zh", name, ann)


def test_fold_ignores_width_whitespace_and_emphasis():
    assert fold("IP地址，MAC地址\n **设备** ") == fold("IP地址,MAC 地址设备")
    assert fold("Ｗｉ－Ｆｉ") == "Wi-Fi"
    assert fold("`READ_CONTACTS` | 用途") == fold("READ_CONTACTS用途")


def test_realworld_cases_for_benchmarks():
    from policy_realworld_support import realworld_cases, split_of_file

    held = realworld_cases("heldout") + realworld_cases("heldout2") + realworld_cases("heldout3")
    tune = realworld_cases("tune")
    assert all(c["split"] in ("heldout", "heldout2", "heldout3") for c in held)
    assert all(c["split"] == "tune" for c in tune)
    assert not {(c["kind"], c["file"]) for c in held} & {(c["kind"], c["file"]) for c in tune}
    for c in held + tune:
        assert c["path"].is_file()
        assert set(c["statuses"]) == set(CATEGORIES) and set(c["groups"]) == set(GROUPS)
    if CA4P_DIR.is_dir():
        assert sum(c["kind"] == "ca4p" for c in held + tune) == len(CA4P)
    cached_zh = [a for a in ZH.values() if source_path("zh", a["file"]).is_file()]
    assert sum(c["kind"] == "zh" for c in held + tune) == len(cached_zh)
    assert all(c["split"] == split_of_file("zh", c["file"]) for c in held + tune if c["kind"] == "zh")


def test_fetch_fills_one_kind_from_a_mirror_and_checks_sha256(tmp_path, monkeypatch):
    import subprocess

    fetch = _tool("fetch_realworld_policies")
    repo = tmp_path / "mirror" / "someone+app" / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    body = "隐私政策\n我们会申请相机权限。\n".encode("utf-8")
    (repo / "privacy.md").write_bytes(body)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(git + ["add", "privacy.md"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "p"], check=True)
    commit = subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True,
                            text=True).stdout.strip()
    sha = hashlib.sha256(body).hexdigest()
    src = tmp_path / "sources.toml"
    src.write_text(f'[policy."app.md"]\nrepo = "someone/app"\npath = "privacy.md"\n'
                   f'commit = "{commit}"\nsha256 = "{sha}"\nbatch = 1\n', encoding="utf-8")
    monkeypatch.setattr(fetch, "sources_file", lambda kind: src)
    cache = tmp_path / "cache"
    args = ["fetch", "--kind", "zh", "--mirror", str(tmp_path / "mirror"), "--cache", str(cache)]
    assert fetch.main(args) == 0
    assert (cache / "app.md").read_bytes() == body
    src.write_text(src.read_text(encoding="utf-8").replace(sha, "0" * 64), encoding="utf-8")
    (cache / "app.md").unlink()
    assert fetch.main(args) == 1 and not (cache / "app.md").exists()


def _tool(name):
    import importlib
    import sys as _sys
    from policy_realworld_support import ROOT

    _sys.path.insert(0, str(ROOT / "tools"))
    return importlib.import_module(name)


def test_agreement_kappa_on_known_tables():
    kappa = _tool("realworld_agreement").kappa
    # 10 pairs: both yes 4, both no 4, one each way 1: po 0.8, pe 0.5 -> 0.6
    pairs = [(True, True)] * 4 + [(False, False)] * 4 + [(True, False), (False, True)]
    assert abs(kappa(pairs) - 0.6) < 1e-9
    assert kappa([(True, True), (False, False)]) == 1.0
    assert kappa([(True, False), (False, True)]) == -1.0


def test_agreement_compares_a_second_reading_with_the_annotation(tmp_path):
    first = next(iter(CA4P.values()))
    declared = [(c, e) for c, e in first["categories"].items() if e["status"] == "declared"]
    assert declared, first["file"]
    # a second reading that keeps all but the first declared category
    lines = [f"= ca4p {first['file']} | second"] + [
        f"{c} {'D' if e['status'] == 'declared' else 'V' if e['status'] == 'vague' else 'N'} {e['quote']}"
        for c, e in first["categories"].items() if e["status"] != "absent" and c != declared[0][0]]
    notes = tmp_path / "second.txt"
    notes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = _tool("realworld_agreement").compare(_tool("realworld_annotate").parse_notes(notes))
    assert r["files"] == [first["file"]]
    same, total = r["categories"]
    assert (same, total) == (len(CATEGORIES) - 1, len(CATEGORIES))
    # the one difference is listed for adjudication, with the first reading's status and quote
    c, e = declared[0]
    assert r["differences"] == [(first["file"], c, ("declared", e["quote"]), ("absent", ""))]


def test_agreement_reads_second_readings_of_every_kind(tmp_path, monkeypatch):
    # a `zh` block is compared with the `zh` annotations (synthetic here, in tmp_path)
    ra = _tool("realworld_agreement")
    cats = {c: {"status": "absent"} for c in CATEGORIES}
    cats["camera"] = {"status": "declared", "quote": "我们会请求您授权相机权限"}
    first = {"file": "app.md", "categories": cats,
             "groups": {g: g == "camera" for g in GROUP_MAP}}
    monkeypatch.setattr(ra, "load_annotations", lambda kind: {"app.toml": first} if kind == "zh" else {})
    notes = tmp_path / "zh-second.txt"
    notes.write_text("= zh app.md | 应用 | second\ncamera D 我们会请求您授权相机权限\n"
                     "microphone D 我们会使用您的麦克风\n", encoding="utf-8")
    r = ra.compare(_tool("realworld_annotate").parse_notes(notes))
    assert r["files"] == ["app.md"]
    assert r["categories"] == (len(CATEGORIES) - 1, len(CATEGORIES))
    assert r["per_group"]["camera"] == [(True, True)]
    assert r["per_group"]["microphone"] == [(False, True)]


def test_consistency_finds_one_sentence_read_two_ways():
    rc = _tool("realworld_consistency")

    def ann(status, quote=""):
        cats = {c: {"status": "absent"} for c in CATEGORIES}
        if status != "absent":
            cats["camera"] = {"status": status, "quote": quote}
        return {"split": "tune", "categories": cats}

    shared = "当您使用扫一扫功能时，我们会请求您授权相机权限。"
    texts = {"a.html": "甲。" + shared, "b.html": "乙。\n" + shared, "c.html": "丙。我们不收集信息。"}
    anns = {"a.html": ann("declared", "我们会请求您授权相机权限"), "b.html": ann("absent"),
            "c.html": ann("absent")}
    found = [g for g in rc.conflicts(anns, texts) if g["category"] == "camera"]
    assert found and all(g["decided"] for g in found)
    assert {r[0]: r[2] for r in found[0]["files"]} == {"a.html": "declared", "b.html": "absent"}
    # the same reading in both files is no conflict
    anns["b.html"] = ann("declared", "请求您授权相机权限")
    assert not [g for g in rc.conflicts(anns, texts) if g["category"] == "camera"]


def test_consistency_reads_ca4p_and_the_chinese_github_set_together(monkeypatch, capsys):
    """A template sentence read one way in a CA4P file and another way in a Chinese GitHub policy is
    a conflict too: both sets are loaded by default, the GitHub files named "zh:NAME"."""
    rc = _tool("realworld_consistency")
    shared = "当您使用扫一扫功能时，我们会请求您授权相机权限。"

    def ann(file, status):
        cats = {c: {"status": "absent"} for c in CATEGORIES}
        if status != "absent":
            cats["camera"] = {"status": status, "quote": "我们会请求您授权相机权限"}
        return {"file": file, "split": "tune", "categories": cats}

    anns = {"ca4p": {"0001.toml": ann("0001.html", "declared")}, "zh": {"app.toml": ann("app.md", "absent")}}
    monkeypatch.setattr(rc, "load_annotations", lambda kind: anns.get(kind, {}))
    monkeypatch.setattr(rc, "policy_text", lambda kind, f: "甲。" + shared)
    loaded, texts = rc.load_kinds(["ca4p", "zh"])
    assert set(loaded) == set(texts) == {"0001.html", "zh:app.md"}
    assert rc.main(["x", "camera"]) == 0
    out = capsys.readouterr().out
    assert "0001.html [tune] declared" in out and "zh:app.md [tune] absent" in out
    assert rc.main(["x", "--kind", "ca4p", "camera"]) == 0
    assert "zh:app.md" not in capsys.readouterr().out


def test_english_batches_22_and_23_are_planned_held_out():
    """Planned in session 26 before either was drawn: both are fresh `heldout3` text."""
    import sys as _sys

    from policy_realworld_support import ROOT

    _sys.path.insert(0, str(ROOT / "tools"))
    from realworld_splits import EN_TUNE_BATCHES, en_split_of

    assert en_split_of(0, 22) == en_split_of(7, 23) == "heldout3"
    assert 22 not in EN_TUNE_BATCHES and 23 not in EN_TUNE_BATCHES
    assert en_split_of(0, 20) == "tune"
    assert en_split_of(0, 24) == "tune"  # planned later in session 26, after the one measurement
    assert en_split_of(0, 25) == "heldout3"  # planned in session 27, before it was drawn
    assert en_split_of(0, 26) == "tune" and 26 in EN_TUNE_BATCHES  # planned later in session 27
    assert en_split_of(0, 27) == "tune" and 27 in EN_TUNE_BATCHES  # planned in session 28, before it was drawn
    assert en_split_of(0, 28) == "heldout3" and 28 not in EN_TUNE_BATCHES  # planned later in session 28
    assert en_split_of(0, 29) == "tune" and 29 in EN_TUNE_BATCHES  # planned after session 28's measurement
    assert en_split_of(0, 30) == "heldout3" and 30 not in EN_TUNE_BATCHES  # planned after session 28's second look


def test_missing_repos_lists_what_a_new_machine_must_fetch_held_out_first(tmp_path):
    """fetch_realworld_policies --missing: the repositories whose policies are neither cached nor
    in a snapshot under the mirror, held-out splits first (a session can fetch fewer repositories
    than the sources name)."""
    tool = _tool("fetch_realworld_policies")
    sources = load_sources("zh")
    repos = tool.missing_repos(("zh",), tmp_path / "mirror", cache_root=tmp_path / "cache")
    assert set(repos) == {s["repo"] for s in sources.values()} and len(repos) == len(set(repos))
    from policy_realworld_support import split_of_file

    held_repos = {s["repo"] for name, s in sources.items() if split_of_file("zh", name) == "heldout3"}
    order = [0 if r in held_repos else 1 for r in repos]
    assert order == sorted(order)  # every held-out repository before the first tune one
    held = tool.missing_repos(("zh",), tmp_path / "mirror", split="heldout3", cache_root=tmp_path / "cache")
    assert held and set(held) == held_repos
    # a snapshot under the mirror takes its repository off the list
    (tmp_path / "mirror" / repos[0].replace("/", "+") / "repo").mkdir(parents=True)
    assert repos[0] not in tool.missing_repos(("zh",), tmp_path / "mirror", cache_root=tmp_path / "cache")


def test_qa_tool_shows_keyword_places_of_absent_categories_in_both_languages():
    """tools/realworld_qa.py: for a category annotated absent, the places a keyword of it occurs
    (English keywords for English texts since session 28, Chinese ones for CA4P and zh)."""
    qa = _tool("realworld_qa")
    absent = {"categories": {c: {"status": "absent"} for c in qa.KW}}
    declared = {"categories": {c: {"status": "declared"} for c in qa.KW}}
    en = "We never read your address book.\nThe camera scans QR codes."
    hits = qa.places("en", absent, en, ["contacts", "camera", "sms"])
    assert set(hits) == {"contacts", "camera"} and "address book" in hits["contacts"][0]
    assert qa.places("en", declared, en, ["contacts", "camera"]) == {}  # only absent ones are shown
    zh = "我们不会读取您的通讯录。"
    assert set(qa.places("zh", absent, zh, ["contacts", "camera"])) == {"contacts"}
    assert qa.places("en", absent, zh, ["contacts"]) == {}  # English keywords for English texts
    assert set(qa.KW_EN) == set(qa.KW)

"""Traditional Chinese policies are read in Simplified characters and mainland words
(auditor/policy/hant.py, the lexicon's [hant.phrases]); Simplified ones are never touched."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from auditor.policy import hant, read_policy
from auditor.policy.lexicon import lexicon, validate_lexicon

ROOT = Path(__file__).resolve().parents[1]

TW = ("本隱私權政策說明我們如何蒐集您的個人資料。為了提供導航服務,我們會取得您的位置資訊;"
      "當您使用掃描功能時,我們會請求相機許可權;錄製語音訊息時會使用麥克風;"
      "尋找好友時,我們會讀取您的通訊錄聯絡人;驗證時會讀取簡訊;您上傳的相簿照片會儲存在我們的伺服器。")
SIMPLIFIED = ("我们会收集您的位置信息、相机与麦克风权限,以及通讯录。乾隆年间的著作权归作者所有,"
              "我们会读取您的短信验证码。") * 3


def _status(text: str, cid: str) -> str | None:
    c = read_policy(text.encode("utf-8"), "p.txt", learned=False).categories.get(cid)
    return c.status if c else None


def test_a_traditional_policy_reads_like_its_simplified_words():
    for cid in ("location_precise", "camera", "microphone", "contacts", "sms", "photos_videos"):
        assert _status(TW, cid) == "declared", cid
    doc = read_policy(TW.encode("utf-8"), "p.txt", learned=False)
    assert doc.language == "zh" and "位置信息" in doc.text and "相机权限" in doc.text and "通讯录" in doc.text
    # every quote is a span of the (converted) normalised text
    for claim in doc.categories.values():
        for e in claim.evidence:
            assert doc.text[e.start:e.end] == e.quote


def test_without_the_conversion_a_traditional_policy_was_read_poorly(monkeypatch):
    monkeypatch.setattr(hant, "MIN_TRADITIONAL", 10**9)  # never Traditional enough: read as it is
    assert _status(TW, "camera") is None and _status(TW, "contacts") is None


def test_a_simplified_text_is_never_converted():
    assert hant.to_simplified(SIMPLIFIED, lexicon().hant_phrases) is SIMPLIFIED  # 乾, 著 stay
    assert not hant.is_traditional(SIMPLIFIED)
    # a few Traditional characters in a Simplified policy (a quoted company name) change nothing
    mixed = SIMPLIFIED + "臺灣分公司"
    assert hant.to_simplified(mixed, lexicon().hant_phrases) is mixed
    # ... nor does a short Traditional snippet: too little to tell
    assert hant.to_simplified("隱私權政策", lexicon().hant_phrases) == "隱私權政策"


def test_taiwan_words_come_first_and_the_longest_wins():
    phrases = (("儲存", "存储"), ("儲存空間", "存储空间"), ("資訊", "信息"), ("簡訊", "短信"))
    text = "我們會使用您的儲存空間並儲存資訊與簡訊。" * 5
    out = hant.to_simplified(text, phrases)
    assert out.startswith("我们会使用您的存储空间并存储信息与短信。")
    # without the phrase table the characters alone give Taiwan words in Simplified characters
    assert hant.to_simplified(text, ()).startswith("我们会使用您的储存空间并储存资讯与简讯。")


def test_hant_phrases_are_lexicon_data_and_checked():
    lx = lexicon()
    assert dict(lx.hant_phrases)["簡訊"] == "短信" and len(lx.hant_phrases) >= 40
    assert validate_lexicon() == []
    # a value that is not in Simplified characters is a lexicon problem
    from auditor.policy import lexicon as lexmod

    raw = tomllib.loads((ROOT / "auditor" / "policy" / "lexicon.toml").read_text(encoding="utf-8"))
    raw["hant"]["phrases"]["資訊"] = "資訊化"
    bad = dataclasses.replace(lx, hant_phrases=tuple(sorted(raw["hant"]["phrases"].items())))
    import auditor.policy.lexicon as L

    orig = L.lexicon
    try:
        L.lexicon = lambda: bad
        problems = lexmod.validate_lexicon()
    finally:
        L.lexicon = orig
    assert any("hant.phrases" in p and "資訊" in p for p in problems)


def test_the_settings_lexicon_carries_the_phrases():
    """A scan's catalogues carry the lexicon; its [hant.phrases] is what read_policy uses."""
    lx = dataclasses.replace(lexicon(), hant_phrases=())
    cats = SimpleNamespace(lexicon=lx, sdk_index=None, sentence_model=None)
    text = ("我們會讀取您的簡訊。" * 10).encode("utf-8")
    assert read_policy(text, "p.txt", learned=False).categories["sms"].status == "declared"
    assert "sms" not in read_policy(text, "p.txt", catalogues=cats, learned=False).categories  # 简讯 is no term


def test_open_ca4p_policies_read_the_same_in_traditional_characters():
    """bench/policy_hant.py on a slice: OpenCC's s2tw conversion of open CA4P policies reads exactly
    as the Simplified original (the whole open set: 169 of 169 in session 27)."""
    opencc = pytest.importorskip("opencc")
    ca4p = ROOT.parent / "shared" / "policies" / "ca4p"
    splits = tomllib.loads((ROOT / "tests" / "policy_realworld" / "splits.toml").read_text(encoding="utf-8"))
    names = [n for n in splits["ca4p"]["tune"] if (ca4p / n).is_file()][:12]
    if not names:
        pytest.skip("../shared/policies/ca4p is not present")
    cc = opencc.OpenCC("s2tw")
    for n in names:
        raw = (ca4p / n).read_bytes()
        a = read_policy(raw, n, learned=False)
        b = read_policy(cc.convert(raw.decode("utf-8", "replace")).encode("utf-8"), n, learned=False)
        assert {c: v.status for c, v in a.categories.items()} == {c: v.status for c, v in b.categories.items()}, n


def test_a_traditional_policy_says_so_in_its_json_and_table(tmp_path):
    import json

    from conftest import valid
    from typer.testing import CliRunner

    from auditor.cli import app

    tw, cn = tmp_path / "tw.txt", tmp_path / "cn.txt"
    tw.write_text(TW, encoding="utf-8")
    cn.write_text(SIMPLIFIED, encoding="utf-8")
    d_tw = valid(json.loads(CliRunner().invoke(app, ["policy", "--format", "json", str(tw)]).stdout), "policy")
    d_cn = valid(json.loads(CliRunner().invoke(app, ["policy", "--format", "json", str(cn)]).stdout), "policy")
    assert d_tw["script"] == "traditional" and "script" not in d_cn
    assert "Traditional Chinese read in Simplified" in CliRunner().invoke(app, ["policy", str(tw)]).stdout
    # ... and in a scan's policy (the scan schema carries the same key)
    apk = str(ROOT / "samples" / "chat.apk")
    scan = valid(json.loads(CliRunner().invoke(app, ["scan", apk, "--policy", str(tw), "--format", "json",
                                                     "--exit-zero"]).stdout), "scan")
    assert scan["policy"]["script"] == "traditional"

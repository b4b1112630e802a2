"""The policy reader against the seed policies, the annotated corpus, encodings and hostile input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.policy import read_policy
from conftest import ROOT, run_cli, valid

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPUS = ROOT / "tests" / "policy_corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html") and not p.name.startswith("README"))


def _summary(r):
    return {
        "categories": {c: k.status for c, k in r.categories.items()},
        "permissions": {p.permission: p.purpose is not None for p in r.permissions},
        "sdks": sorted({s.sdk_id or (s.vendor_sdk_ids[0] if s.vendor_sdk_ids else s.name) for s in r.sdks}),
        "complete": sorted({s.sdk_id or s.vendor_sdk_ids[0] for s in r.sdks
                            if s.vendor and s.purpose and s.categories and s.policy_url}),
        "types": sorted(t.type for t in r.sdk_types),
    }


def _expected(path: Path):
    e = tomllib.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".expected.toml").read_text())
    return {"categories": e["categories"], "permissions": e["permissions"], "sdks": sorted(e["sdks"]["ids"]),
            "complete": sorted(e["sdks"]["complete"]), "types": sorted(e["sdk_types"]["types"])}


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_corpus_document_matches_its_annotation(path):
    r = read_policy(path.read_bytes(), path.name)
    assert _summary(r) == _expected(path)


def test_corpus_covers_both_languages_and_all_formats():
    langs = {read_policy(p.read_bytes(), p.name).language for p in CASES}
    formats = {read_policy(p.read_bytes(), p.name).format for p in CASES}
    assert {"en", "zh"} <= langs and formats == {"text", "markdown", "html"}
    assert len([p for p in CASES if read_policy(p.read_bytes(), p.name).language == "zh"]) >= 4


def test_every_quote_is_the_text_at_its_offsets():
    for p in CASES:
        r = read_policy(p.read_bytes(), p.name)
        evs = [e for c in r.categories.values() for e in c.evidence]
        evs += [e for x in r.permissions for e in x.evidence] + [e for s in r.sdks for e in s.evidence]
        evs += [e for t in r.sdk_types for e in t.evidence]
        assert evs
        for e in evs:
            assert r.text[e.start:e.end] == e.quote


def test_gbk_and_utf8_give_the_same_result():
    gbk = (CORPUS / "zh_shop.gbk.html").read_bytes()
    utf8 = gbk.decode("gbk").replace("charset=gbk", "charset=utf-8").encode("utf-8")
    a, b = read_policy(gbk, "p.html"), read_policy(utf8, "p.html")
    assert a.encoding == "gb18030" and b.encoding == "utf-8"
    assert _summary(a) == _summary(b)
    assert "设备标识符" in a.text  # no mojibake
    # and plain-text Chinese in GBK with no charset declaration at all
    txt = (CORPUS / "zh_diary.txt").read_bytes()
    assert _summary(read_policy(txt.decode("utf-8").encode("gbk"), "d.txt")) == _summary(read_policy(txt, "d.txt"))


def test_utf8_mislabelled_as_gbk_is_not_mojibake():
    page = "<html><head><meta charset='gbk'></head><body><p>我们会收集您的剪切板内容。</p></body></html>".encode("utf-8")
    r = read_policy(page, "p.html")
    assert r.encoding == "utf-8" and r.categories["clipboard"].status == "declared"


# ---- the five seed policies (read from ../shared/seeds; skipped when absent) -----------

def _seed(seeds, prefix):
    path = next(seeds.glob(prefix + "_*.txt"))
    return read_policy(path.read_bytes(), path.name)


def test_seed_002_device_permissions_and_type_only_sdks(seeds):
    r = _seed(seeds, "002")
    perms = {p.permission: p for p in r.permissions}
    expected = {"android.permission.READ_PHONE_STATE", "android.permission.WRITE_EXTERNAL_STORAGE",
                "android.permission.READ_MEDIA_IMAGES", "android.permission.CAMERA",
                "android.permission.ACCESS_FINE_LOCATION", "android.permission.RECORD_AUDIO"}
    assert set(perms) == expected
    assert all(p.purpose for p in perms.values())
    assert "voice chat" in perms["android.permission.RECORD_AUDIO"].purpose
    assert "share your current location" in perms["android.permission.ACCESS_FINE_LOCATION"].purpose
    for cid in ("phone_calls", "device_id", "storage", "photos_videos", "camera", "location_precise", "microphone"):
        assert r.categories[cid].status == "declared", cid
    assert r.categories["camera"].evidence[0].quote.startswith("4. Camera permissions")
    assert r.sdks == ()
    assert sorted(t.type for t in r.sdk_types) == ["cloud_storage", "map_location", "push"]
    push = next(t for t in r.sdk_types if t.type == "push")
    assert "mobile phone manufacturers' Push" in push.evidence[0].quote
    assert "(II) Instructions for calling tkesj device permissions" in r.categories["microphone"].evidence[0].section


def test_seed_001_partner_table_names_iflytek(seeds):
    r = _seed(seeds, "001")
    assert r.format == "markdown"
    (sdk,) = r.sdks
    assert sdk.name == "IFLYTEK CO., LTD." and sdk.sdk_id is None
    assert set(sdk.vendor_sdk_ids) == {"iflytek_msc", "iflytek_aikit", "iflytek_sparkchain"}
    assert sdk.purpose == "Speech content text conversion technology"
    assert sdk.categories == ("microphone",)
    assert r.categories["contacts"].status == "declared"  # address-book synchronisation
    # the definitions appendix lists precise positioning and call records: not declarations
    assert "location_precise" not in r.categories and "call_log" not in r.categories


def test_seed_general_policies(seeds):
    r000, r003, r004 = (_seed(seeds, p) for p in ("000", "003", "004"))
    for r in (r000, r003, r004):
        assert r.sdks == () and r.permissions == ()
        assert r.categories["location_precise"].status == "declared"
    assert "sms" not in r000.categories  # "sending ... via email, SMS" is marketing, not reading SMS
    assert "storage" not in r003.categories  # "collection, storage, use" is not device storage
    assert r000.categories["device_id"].status == "declared"
    assert r004.categories["installed_apps"].status == "vague"


# ---- hostile and broken input ----------------------------------------------------------

@pytest.mark.parametrize("data,name", [
    (b"", "empty.txt"), (b"   \n\n", "blank.txt"), (b"\x00\x01binary\x00" * 100, "bin.txt"),
    (b"<html><script>alert(1)</script></html>", "s.html"),
])
def test_unreadable_policies_raise_input_error(data, name):
    with pytest.raises(InputError):
        read_policy(data, name)


def test_huge_policy_is_refused_before_parsing():
    with pytest.raises(InputError, match="exceeds"):
        read_policy(b"a" * (20 * 1024 * 1024 + 1), "big.txt")


def test_entities_are_never_expanded_or_fetched():
    ext = b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>We read &x; files.</p></body></html>'
    r = read_policy(ext, "e.html")
    assert "root:" not in r.text
    laughs = (b'<!DOCTYPE html [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>&c; We collect your location.</p></body></html>')
    r = read_policy(laughs, "l.html")
    assert len(r.text) < 200 and r.categories["location_precise"].status == "declared"


def test_scripts_styles_navigation_are_dropped():
    r = read_policy((CORPUS / "en_fitness.html").read_bytes(), "en_fitness.html")
    assert "tracker" not in r.text and "content:" not in r.text and "Our location" not in r.text
    assert "Address book of our offices" not in r.text


def test_cli_policy_json_contract(tmp_path):
    proc = run_cli("policy", str(CORPUS / "zh_taxi.md"), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    doc = valid(json.loads(proc.stdout), "policy")
    assert doc["schema_version"] == 1 and doc["language"] == "zh"
    assert set(doc) >= {"schema_version", "language", "categories", "permissions", "sdks", "sdk_types"}
    assert doc["categories"]["contacts"]["status"] == "denied"
    ev = doc["categories"]["contacts"]["evidence"][0]
    assert set(ev) == {"quote", "start", "end", "section"} and "通讯录" in ev["quote"]
    amap = next(s for s in doc["sdks"] if s["sdk_id"] == "amap_location")
    assert set(amap) >= {"name", "vendor", "sdk_id", "purpose", "categories", "policy_url", "evidence"}
    assert amap["vendor"] == "高德软件有限公司" and amap["policy_url"] == "https://lbs.amap.com/pages/privacy/"
    text = run_cli("policy", str(CORPUS / "zh_taxi.md"), "--text").stdout
    assert text[ev["start"]:ev["end"]] == ev["quote"]


def test_cli_policy_table_and_errors(tmp_path):
    proc = run_cli("policy", str(CORPUS / "en_notes.md"))
    assert proc.returncode == 0
    assert "Denied (2)" in proc.stdout and "Firebase Crashlytics -> firebase_crashlytics" in proc.stdout
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\x00" * 100)
    proc = run_cli("policy", str(bad))
    assert proc.returncode == 3 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_lexicon_is_valid():
    from auditor.policy.lexicon import validate_lexicon

    assert validate_lexicon() == []


def test_shared_lexicon_rules_merge_into_a_category():
    """`rules = "NAME"` in a category takes [rules.NAME]: its exclude terms first, then the
    category's own; other keys only where the category has none."""
    from auditor.policy.lexicon import _with_rules, lexicon

    rules = {"place": {"exclude": ["server location"], "outbound": ["BLE scan"], "outbound_window": 80}}
    entry = {"terms": ["location"], "rules": "place", "exclude": ["location (coarse"], "outbound_window": 30}
    assert _with_rules(entry, rules) == {"terms": ["location"], "exclude": ["server location", "location (coarse"],
                                         "outbound": ["BLE scan"], "outbound_window": 30}
    assert entry["rules"] == "place"  # the raw entry (hashed into the catalogues' sha256) is left as written
    with pytest.raises(ValueError, match="no \\[rules.nowhere\\]"):
        _with_rules({"rules": "nowhere"}, rules)
    # both location categories read the shared table (the Bluetooth requirement is no location reading)
    lx = lexicon()
    for cid in ("location_precise", "location_approximate"):
        assert lx.outbound_window[cid] == 80 and cid in lx.outbound_re and cid in lx.override_re


def test_precision_recall_over_the_corpus():
    """Micro-averaged over (category, status) decisions; every document is exact, so both are 1.0.
    bench/policy_accuracy.py prints the per-category table."""
    tp = fp = fn = 0
    for p in CASES:
        got = _summary(read_policy(p.read_bytes(), p.name))["categories"]
        exp = _expected(p)["categories"]
        tp += sum(1 for k, v in got.items() if exp.get(k) == v)
        fp += sum(1 for k, v in got.items() if exp.get(k) != v)
        fn += sum(1 for k, v in exp.items() if got.get(k) != v)
    assert tp > 50
    assert tp / (tp + fp) == 1.0 and tp / (tp + fn) == 1.0


@pytest.mark.parametrize("enc,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom_reads_like_utf8(enc, bom):
    text = (CORPUS / "zh_diary.txt").read_text(encoding="utf-8")
    a = read_policy(text.encode("utf-8"), "d.txt")
    b = read_policy(bom + text.encode(enc), "d.txt")
    assert b.encoding == enc and _summary(b) == _summary(a)


def _status(res, cid):
    c = res.categories.get(cid)
    return c.status if c else None


VUE_POLICY = """<template>
\t<view class="privacy">
\t\t<view class="rowTitle">一、我们如何收集和使用您的个人信息</view>
\t\t<view class="mainRow">当您使用扫码功能时,我们会申请<text class="bold">相机权限</text>,用于扫描二维码。</view>
\t\t<view class="mainRow">当您使用附近门店功能时,我们会收集您的位置信息。</view>
\t\t<template v-if="showMore"><view>我们不会读取您的通讯录。</view></template>
\t</view>
</template>

<script>
export default { data() { return { showMore: true, text: "我们会读取您的短信" } } }
</script>

<style>
.privacy { padding: 20rpx; }
</style>
"""


def test_a_vue_component_policy_is_read_as_the_page_it_renders(tmp_path):
    """uni-app apps ship their policy as a Vue single-file component: its <template> is the page
    (an HTML reader would drop it as inert), <view> a block and <text> inline; the script is not text."""
    r = read_policy(VUE_POLICY.encode(), "privacy.vue", learned=False)
    assert r.format == "html" and r.language == "zh"
    assert _status(r, "camera") == "declared" and _status(r, "location_precise") == "declared"
    assert _status(r, "contacts") == "denied"  # (a nested <template v-if> renders too)
    assert _status(r, "sms") is None and "export default" not in r.text and "padding" not in r.text
    # "<text>" stays inside its sentence: one block, not three
    assert "我们会申请相机权限,用于扫描二维码。" in r.text
    # sniffed by its start too, whatever the file is called; .nvue is the same
    assert read_policy(VUE_POLICY.encode(), "privacy.txt", learned=False).categories == r.categories
    assert read_policy(VUE_POLICY.encode(), "privacy.nvue", learned=False).categories == r.categories
    # a page that only frames another one says which, as a one-line input error (exit 3)
    framed = tmp_path / "privacy.vue"
    framed.write_text('<template>\n\t<web-view src="../../hybrid/html/privacy.html"></web-view>\n</template>\n')
    with pytest.raises(InputError, match=r"web-view"):
        read_policy(framed.read_bytes(), framed.name)
    proc = run_cli("policy", str(framed))
    assert proc.returncode == 3 and "hybrid/html/privacy.html" in proc.stderr and proc.stderr.count("\n") == 1

"""Attribution of code evidence inside obfuscated SDK internals, string signals, manifest-only
decoys, SDK versions (samples/attrib.apk: one renamed class per attribution rule)."""

from __future__ import annotations

import json

import pytest

from auditor.apk import read_app
from auditor.apk.dex import strings_only_dex
from auditor.apk.xrefs import XrefIndex, outer_class
from auditor.audit import audit
from auditor.evidence import ATTRIBUTION_RULES
from auditor.scan import scan_bytes
from auditor.sdk import default_matcher
from auditor.sdk.matcher import example_facts
from auditor.sdk.versions import in_range, literal_prefix
from conftest import SAMPLES, run_cli


@pytest.fixture(scope="module")
def attrib():
    return scan_bytes((SAMPLES / "attrib.apk").read_bytes(), "attrib.apk")


def _by_caller(result):
    out: dict[str, set[tuple[str, str, str]]] = {}
    for c in result.code.calls:
        out.setdefault(c.site.caller_class, set()).add((c.party, c.accessor, c.attribution))
    return out


def test_each_attribution_rule(attrib):
    calls = _by_caller(attrib)
    assert calls["cn.jpush.android.api.JPushInterface"] == {("sdk", "jpush", "sdk_package")}
    # JCore's renamed internals: under the vendor root cn.jiguang of a detected SDK; JCore (whose own
    # packages sit under that root) is preferred over JPush, which also lists it
    assert calls["cn.jiguang.ak.a"] == {("sdk", "jiguang_jcore", "vendor_package")}
    assert calls["com.pushkit.bridge.Relay"] == {("sdk", "jpush", "class_hierarchy")}
    assert calls["com.aps.Helper"] == {("sdk", "amap_location", "reached_only_from")}
    assert calls["com.aps.b"] == {("sdk", "amap_location", "package_region")}
    # called by the app and by JPush: no single SDK explains it
    assert calls["com.mystery.lite.Tracker"] == {("third_party", "com.mystery.lite", "unknown")}
    assert {a for v in calls.values() for _p, _s, a in v} <= set(ATTRIBUTION_RULES)


def test_attribution_in_json_and_findings(attrib):
    doc = json.loads(run_cli("scan", str(SAMPLES / "attrib.apk"), "--format", "json").stdout)
    rules = {(c["caller"].split("->")[0], c["attribution"]) for c in doc["api_calls"]}
    assert ("Lcom/aps/b;", "package_region") in rules and ("Lcn/jiguang/ak/a;", "vendor_package") in rules
    result = audit(attrib, None)
    unknown = [f for f in result.findings if f.rule_id == "AUD206"]
    # only the truly unexplained package is reported as an unidentified third party
    assert [f.subject_id for f in unknown] == ["unknown:com.mystery.lite"]


def test_without_dex_only_package_rules_apply(attrib):
    from auditor.evidence import build_evidence

    sites = [c.site for c in attrib.code.calls]
    plain = build_evidence(sites, "com.example.attrib", list(attrib.sdks), default_matcher(), set(), set())
    rules = {c.site.caller_class: c.attribution for c in plain.calls}
    assert rules["com.aps.Helper"] == "unknown" and rules["cn.jiguang.ak.a"] == "vendor_package"


def test_xref_index_referrers_and_supertypes():
    _facts, dexes = read_app((SAMPLES / "attrib.apk").read_bytes(), "attrib.apk")
    index = XrefIndex(dexes)
    refs = index.referrers({"cn.jiguang.ak.a", "com.mystery.lite.Tracker", "com.aps.b"})
    assert refs["cn.jiguang.ak.a"] == {"cn.jpush.android.api.JPushInterface"}
    assert refs["com.mystery.lite.Tracker"] == {"cn.jpush.android.api.JPushInterface", "com.example.attrib.App"}
    assert refs["com.aps.b"] == set()
    assert index.supertypes("com.pushkit.bridge.Relay") == ["cn.jpush.android.api.JPushMessageReceiver"]
    assert index.supertypes("java.lang.Object") == []
    assert outer_class("a.b.C$1$D") == "a.b.C"


def test_manifest_only_decoy_is_configured_not_embedded(attrib):
    assert "umeng_common" not in {h.id for h in attrib.sdks}
    (conf,) = attrib.configured
    assert conf.id == "umeng_common" and [(e.kind, e.value) for e in conf.evidence] == [("meta_data", "UMENG_APPKEY")]
    findings = [f for f in audit(attrib, None).findings if f.rule_id == "AUD207"]
    assert [(f.subject_id, f.severity.name) for f in findings] == [("umeng_common", "low")]
    # a component declared without its class is configuration too; with the class it is embedded
    m = default_matcher()
    hits, configured = m.match_all(example_facts({"declared_components": ["com.igexin.sdk.PushService"],
                                                  "meta_data": ["PUSH_APPID"]}))
    assert hits == [] and [c.id for c in configured] == ["getui"]
    hits, configured = m.match_all(example_facts({"components": ["com.igexin.sdk.PushService"]}))
    assert [h.id for h in hits] == ["getui"] and configured == []


def test_renamed_sdk_found_through_string_signals(attrib):
    (bugly,) = [h for h in attrib.sdks if h.id == "bugly"]
    assert not bugly.packages  # every class renamed (z.q.Up)
    assert [(e.kind, e.value) for e in bugly.evidence] == [("string", "https://android.bugly.qq.com/rqd/async")]
    m = default_matcher()
    facts = example_facts({"classes": ["a.b.C"]})
    # host signals match whole labels of a URL's host, or a bare host constant
    for text in ("https://android.bugly.qq.com/rqd/async", "android.bugly.qq.com:8080", "http://x.android.bugly.qq.com"):
        assert [h.id for h in m.match(facts, [strings_only_dex([text, "zzz"])])] == ["bugly"], text
    for text in ("https://android.bugly.qq.com.evil.example/x", "notandroid.bugly.qq.comx", "android.bugly.qq.co"):
        assert m.match(facts, [strings_only_dex([text])]) == [], text


def test_versions_from_native_libs_and_fields(attrib):
    found = {h.id: h for h in attrib.sdks}
    assert (found["amap_location"].version, found["amap_location"].version_source) == \
        ("6.4.0", "native_lib libAMapSDK_Location_v6_4_0.so")
    assert found["jiguang_jcore"].version == "3.5.0"
    assert found["jpush"].version is None  # nothing in this binary carries it
    _facts, dexes = read_app((SAMPLES / "attrib.apk").read_bytes(), "attrib.apk")
    assert dexes[0].static_string("Lz/q/Up;", "VERSION") == "4.1.9"
    assert dexes[0].static_string("Lz/q/Up;", "TAG") == "up"
    assert dexes[0].static_string("Lz/q/Up;", "MISSING") is None
    assert dexes[0].static_string("Lno/Such;", "VERSION") is None
    # string constants of one class's code (the class_string version source)
    assert dexes[0].class_strings("Lz/q/Up;") == ["https://android.bugly.qq.com/rqd/async"]
    assert dexes[0].class_strings("Lno/Such;") == []


def test_version_helpers():
    assert literal_prefix(r"JPush SDK v(\d+)") == "JPush SDK v"
    assert literal_prefix(r"ab\.cd?x") == "ab.c"
    assert in_range("3.9.9", None, "3.99") and not in_range("4.0.0", None, "3.99")
    assert in_range("4.1", "4.0", None) and not in_range(None, None, "9")


def test_version_change_in_diff(tmp_path):
    doc = json.loads(run_cli("scan", str(SAMPLES / "attrib.apk"), "--format", "json").stdout)
    old = json.loads(json.dumps(doc))
    for s in old["sdks"]:
        if s["id"] == "amap_location":
            s["version"] = "5.2.0"
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(doc))
    out = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json")
    d = json.loads(out.stdout)
    (changed,) = d["sdks"]["changed"]
    assert changed["id"] == "amap_location" and changed["changes"]["version"] == {"old": "5.2.0", "new": "6.4.0"}
    table = run_cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")).stdout
    assert "version 5.2.0 -> 6.4.0" in table

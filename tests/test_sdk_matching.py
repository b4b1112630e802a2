"""SDK detection on the sample apps and on synthetic apps."""

from __future__ import annotations

import json

from auditor.apk import read_app
from auditor.scan import scan_bytes
from auditor.sdk import default_matcher
from auditor.sdk.matcher import example_facts
from conftest import SAMPLES, run_cli, valid


def hits(apk):
    facts, _ = read_app((SAMPLES / apk).read_bytes(), apk)
    return {h.id: h for h in default_matcher().match(facts)}


def test_chat_detects_exactly_what_is_inside():
    found = hits("chat.apk")
    assert set(found) == {"jpush", "jiguang_jcore", "xiaomi_push", "amap_location", "umeng_common", "umeng_analytics"}
    # the vendor channel sits inside the aggregator, via JPush's Xiaomi plugin component
    assert found["xiaomi_push"].bundled_in == "jpush"
    assert found["jiguang_jcore"].bundled_in == "jpush"
    assert found["jpush"].bundled_in is None
    assert found["jpush"].confidence == "high"
    kinds = {e.kind for e in found["amap_location"].evidence}
    assert kinds == {"package", "component", "meta_data", "native_lib"}
    # the partner permission and app classes are not SDKs
    assert not any(h.packages and any(p.startswith("com.example.chat") for p in h.packages) for h in found.values())


def test_voicenotes_and_bundle():
    assert set(hits("voicenotes.apk")) == {"iflytek_msc", "bugly"}
    assert set(hits("shop.apks")) == {"baidu_location"}
    assert hits("legacy.apk") == {}
    # liblocSDK8b.so comes from the ABI split of the bundle
    ev = {(e.kind, e.value) for e in hits("shop.apks")["baidu_location"].evidence}
    assert ("native_lib", "liblocSDK8b.so") in ev


def test_renamed_sdk_found_by_manifest_and_native_library():
    getui = hits("bigshop.apk")["getui"]
    kinds = {e.kind for e in getui.evidence}
    assert {"component", "meta_data", "native_lib"} <= kinds
    # the renamed code (a.a.*) is not claimed by any SDK
    assert all(not p.startswith("a.") for p in getui.packages)
    # same manifest with no SDK classes at all (fully renamed): still found, with high confidence
    obfuscated = example_facts({
        "classes": ["a.a.a", "a.a.b", "b.c"],
        "declared_components": ["com.igexin.sdk.PushService", "com.igexin.sdk.PushActivity"],
        "meta_data": ["PUSH_APPID"], "native_libs": ["libgetuiext3.so"],
    })
    (h,) = default_matcher().match(obfuscated)
    assert h.id == "getui" and h.confidence == "high" and not h.packages


def test_prefix_matches_whole_segments_only():
    facts = example_facts({"classes": ["com.igexinx.Foo", "com.dv.adm.Main", "cn.jpushy.X"]})
    assert default_matcher().match(facts) == []


def test_app_own_package_is_never_an_sdk():
    facts = example_facts({"package": "com.umeng.analytics.demo", "classes": ["com.umeng.analytics.demo.Main"]})
    assert default_matcher().match(facts) == []


def test_shared_signal_alone_is_not_a_detection():
    facts = example_facts({"meta_data": ["com.amap.api.v2.apikey"]})
    assert default_matcher().match(facts) == []
    with_map = example_facts({"meta_data": ["com.amap.api.v2.apikey"], "classes": ["com.amap.api.maps.MapView"]})
    found = {h.id: h for h in default_matcher().match(with_map)}
    assert set(found) == {"amap_map"}
    assert any(e.shared for e in found["amap_map"].evidence)


def test_longest_prefix_wins():
    facts = example_facts({"classes": ["cn.jiguang.verifysdk.api.JVerificationInterface", "cn.jiguang.api.JCoreInterface"]})
    assert {h.id for h in default_matcher().match(facts)} == {"jverification", "jiguang_jcore"}
    # every WeChat Open SDK build carries the modelpay classes: they are the Open SDK's; the app's
    # pay callback is what shows WeChat Pay, bundled in the Open SDK
    pay = example_facts({"classes": ["com.tencent.mm.opensdk.modelpay.PayReq", "com.tencent.mm.opensdk.openapi.WXAPIFactory"]})
    assert {h.id for h in default_matcher().match(pay)} == {"wechat_opensdk"}
    pay = example_facts({"package": "com.shop.app", "classes": ["com.tencent.mm.opensdk.modelpay.PayReq",
                                                                 "com.tencent.mm.opensdk.openapi.WXAPIFactory"],
                         "components": ["com.shop.app.wxapi.WXPayEntryActivity"]})
    found = {h.id: h for h in default_matcher().match(pay)}
    assert set(found) == {"wechat_pay", "wechat_opensdk"}
    assert found["wechat_pay"].bundled_in == "wechat_opensdk"


def test_a_class_named_in_packages_claims_it_from_the_package_owner():
    # JCore 2.x/3.x jars ship their daemon classes in cn.jpush.android.service: a JCore-only app
    # (JVerification, JAnalytics without JPush) is not JPush
    jcore_only = example_facts({"classes": ["cn.jiguang.api.JCoreInterface", "cn.jpush.android.service.PushService",
                                            "cn.jpush.android.service.DataProvider", "cn.jpush.android.service.PushReceiver$1"]})
    assert {h.id for h in default_matcher().match(jcore_only)} == {"jiguang_jcore"}
    # the named classes are not JCore's detection evidence: JPush 2.x/3.0 jars carry the same names, no JCore
    old_jpush = example_facts({"classes": ["cn.jpush.android.api.JPushInterface", "cn.jpush.android.service.DaemonService",
                                           "cn.jpush.android.service.PushService"]})
    assert {h.id for h in default_matcher().match(old_jpush)} == {"jpush"}
    # the package's other classes still belong to JPush
    with_jpush = example_facts({"classes": ["cn.jiguang.api.JCoreInterface", "cn.jpush.android.service.PushService",
                                            "cn.jpush.android.service.JPushMessageReceiver"]})
    found = {h.id: h for h in default_matcher().match(with_jpush)}
    assert set(found) == {"jpush", "jiguang_jcore"}
    assert {e.value for e in found["jpush"].evidence if e.kind == "package"} == {"cn.jpush.android"}
    # JAnalytics is cn.jiguang.analytics.android; JCore's page tracker lives beside it
    assert {h.id for h in default_matcher().match(example_facts({"classes": ["cn.jiguang.analytics.page.PushSA",
                                                                             "cn.jiguang.api.JCoreInterface"]}))} == {"jiguang_jcore"}


def test_component_suffix_for_app_named_callbacks():
    facts = example_facts({"package": "com.shop.app", "components": ["com.shop.app.wxapi.WXPayEntryActivity"]})
    assert [h.id for h in default_matcher().match(facts)] == ["wechat_pay"]


def test_scan_json_sdks_and_permission_rationale(tmp_path):
    proc = run_cli("scan", str(SAMPLES / "chat.apk"), "-f", "json")
    doc = valid(json.loads(proc.stdout), "scan")
    assert doc["signature_db"]["count"] >= 150 and len(doc["signature_db"]["sha256"]) == 64
    by_id = {s["id"]: s for s in doc["sdks"]}
    jpush = by_id["jpush"]
    assert set(jpush) >= {"id", "name", "vendor", "category", "confidence", "evidence", "bundled_in"}
    assert {"kind": "component", "value": "cn.jpush.android.service.PushService", "count": 1, "shared": False} in jpush["evidence"]
    assert by_id["xiaomi_push"]["bundled_in"] == "jpush"
    fine = next(p for p in doc["permissions"] if p["name"] == "android.permission.ACCESS_FINE_LOCATION")
    assert fine["needed_by_sdks"] == ["amap_location"]


def test_scan_result_is_plain_and_picklable():
    import pickle

    result = scan_bytes((SAMPLES / "chat.apk").read_bytes(), "chat.apk")
    again = pickle.loads(pickle.dumps(result))
    assert again.sdks == result.sdks and again.facts.manifest == result.facts.manifest


def test_attribution_follows_a_class_named_in_packages():
    from auditor.evidence import Attributor

    m = default_matcher()
    facts = example_facts({"classes": ["cn.jiguang.api.JCoreInterface", "cn.jpush.android.api.JPushInterface",
                                       "cn.jpush.android.service.PushService",
                                       "cn.jpush.android.service.JPushMessageReceiver"]})
    hits = {h.id: h for h in m.match(facts)}
    att = Attributor("org.example.app", hits, m)
    assert att.direct("cn.jpush.android.service.PushService$a")[:2] == ("sdk", "jiguang_jcore")
    assert att.direct("cn.jpush.android.service.JPushMessageReceiver")[:2] == ("sdk", "jpush")
    assert att.direct("cn.jpush.android.api.JPushInterface")[:2] == ("sdk", "jpush")

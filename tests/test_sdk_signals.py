"""Signature database growth and the fixes of issue 13: false detections and misses, new signal
kinds (DEX strings, vendor permissions), versions and version-ranged notes."""

from __future__ import annotations

from collections import Counter

from auditor.apk.dex import strings_only_dex
from auditor.sdk import default_matcher, load_database
from auditor.sdk.matcher import example_facts


def found(ex, strings=()):
    dexes = [strings_only_dex(strings)] if strings else []
    return {h.id for h in default_matcher().match(example_facts(ex), dexes)}


def test_database_size_and_market_mix():
    db = load_database()
    markets = Counter(s.market for s in db.entries.values())
    assert len(db) >= 300 and markets["cn"] >= 180
    cats = Counter(s.category for s in db.entries.values() if s.market == "cn")
    for cat in ("push", "analytics", "ads", "map_location", "login", "one_click_login", "payment", "social_share",
                "im", "rtc", "risk_control", "hotfix", "crash_reporting"):
        assert cats[cat] >= 2, cat
    # every entry says where its facts come from
    assert all(s.sources for s in db.entries.values())
    assert sum(1 for s in db.entries.values() if s.verified) >= 15


def test_known_false_detections_are_gone():
    assert found({"meta_data": ["UMENG_APPKEY"]}) == set()  # configured, not embedded
    assert found({"classes": ["com.crashlytics.android.Crashlytics", "io.fabric.sdk.android.Fabric"]}) == {"fabric_crashlytics"}
    assert found({"classes": ["com.google.firebase.crashlytics.FirebaseCrashlytics"]}) == {"firebase_crashlytics"}


def test_known_misses_are_found():
    assert found({"classes": ["com.google.android.gms.analytics.GoogleAnalytics"]}) == {"google_analytics"}
    # an app carrying only HMS Core's OAID part
    assert found({"classes": ["com.huawei.hms.ads.identifier.AdvertisingIdClient"]}) == {"huawei_hms_core"}
    assert found({"classes": ["cn.bmob.v3.Bmob"]}) == {"bmob"}
    assert found({"classes": ["com.tencent.mid.api.MidService"]}) == {"tencent_mid"}
    # old Sina Weibo SDK builds: the SSO AIDL and the 2.x package
    assert found({"classes": ["com.sina.sso.RemoteSSO"]}) == {"weibo"}
    assert found({"classes": ["com.weibo.sdk.android.Weibo"]}) == {"weibo"}


def test_string_signal_renamed_sdk_and_vendor_permission():
    # a Bugly whose classes were all renamed: only its upload host is left
    assert found({"classes": ["a.b.c"]}, ["https://android.bugly.qq.com/rqd/async"]) == {"bugly"}
    # a vendor-defined permission is configuration: it strengthens, never detects alone
    m = default_matcher()
    perm_only = example_facts({"package": "com.example.app", "uses_permissions": ["com.example.app.permission.JPUSH_MESSAGE"]})
    hits, configured = m.match_all(perm_only)
    assert hits == [] and [c.id for c in configured] == ["jpush"]
    with_code = example_facts({"package": "com.example.app", "classes": ["cn.jpush.android.api.JPushInterface"],
                               "uses_permissions": ["com.example.app.permission.JPUSH_MESSAGE"]})
    (jpush,) = [h for h in m.match(with_code) if h.id == "jpush"]
    assert ("uses_permission", "com.example.app.permission.JPUSH_MESSAGE") in {(e.kind, e.value) for e in jpush.evidence}


def test_version_range_notes():
    facts = example_facts({"classes": ["cn.jpush.android.api.JPushInterface"], "native_libs": ["libjpush213.so"]})
    (jpush,) = [h for h in default_matcher().match(facts) if h.id == "jpush"]
    assert jpush.version == "2.1.3" and jpush.version_source == "native_lib libjpush213.so"
    assert jpush.version_notes and "predates JCore" in jpush.version_notes[0]
    newer = example_facts({"classes": ["cn.jpush.android.api.JPushInterface"], "native_libs": ["libjpush420.so"]})
    (jpush,) = [h for h in default_matcher().match(newer) if h.id == "jpush"]
    assert jpush.version == "4.2.0" and jpush.version_notes == ()

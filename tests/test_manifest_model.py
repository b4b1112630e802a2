"""Manifest semantics: implied permissions, exported state, effective status, splits."""

from __future__ import annotations

import pytest

from auditor.apk import read_app
from auditor.errors import InputError
from auditor.apk.manifest import build_manifest, implied_permissions, parse_axml, protection_name
from auditor.model import UsesPermission
from auditor.permissions import permission_records
from conftest import SAMPLES

P = "android.permission."


def facts(apk):
    return read_app((SAMPLES / apk).read_bytes(), apk)[0]


def record(apk, name):
    f = facts(apk)
    return next(r for r in permission_records(f.manifest, f.split_manifests) if r.name == name)


def test_implied_read_storage_inherits_write_max_sdk():
    got = implied_permissions([UsesPermission(P + "WRITE_EXTERNAL_STORAGE", "uses-permission", 28)], 30)
    assert [(p.name, p.max_sdk_version, p.implied_reason) for p in got] == [
        (P + "READ_EXTERNAL_STORAGE", 28, "requested WRITE_EXTERNAL_STORAGE")]


def test_sdk23_request_does_not_trigger_implied_rules():
    # aapt only looks at <uses-permission> for its implied rules
    got = implied_permissions([UsesPermission(P + "WRITE_EXTERNAL_STORAGE", "uses-permission-sdk-23")], 30)
    assert got == []


def test_no_implied_call_log_from_target_16():
    got = implied_permissions([UsesPermission(P + "READ_CONTACTS", "uses-permission")], 16)
    assert got == []


def test_exported_state_rules():
    chat = {c.name: c for c in facts("chat.apk").manifest.components}
    assert chat["cn.jpush.android.service.PushService"].exported is False
    assert chat["cn.jpush.android.service.PushService"].exported_reason == "explicit"
    assert chat["com.example.chat.Launcher"].target_activity == "com.example.chat.MainActivity"
    shop = {c.name: c for c in facts("bigshop.apk").manifest.components}
    # targetSdk 28 and an intent filter without android:exported: exported
    assert (shop["com.igexin.sdk.PushReceiver"].exported, shop["com.igexin.sdk.PushReceiver"].exported_reason) == (True, "intent-filter")
    legacy = {c.name: c for c in facts("legacy.apk").manifest.components}
    # a provider in an app targeting < 17 is exported by default; "Main" gets the package prefix
    assert legacy["com.example.legacy.NotesProvider"].exported_reason == "provider-default"
    assert legacy["com.example.legacy.NotesProvider"].exported is True
    assert legacy["com.example.legacy.NotesProvider"].authorities == ("com.example.legacy.notes",)
    assert "com.example.legacy.Main" in legacy
    voice = {c.name: c for c in facts("voicenotes.apk").manifest.components}
    assert voice["com.example.voicenotes.DictationService"].exported is False


def test_manifest_details():
    m = facts("chat.apk").manifest
    assert dict(m.meta_data)["JPUSH_APPKEY"] == "0123456789abcdef01234567"
    assert m.queries.packages == ("com.tencent.mm", "com.eg.android.AlipayGphone")
    assert m.queries.intent_actions == ("android.media.action.IMAGE_CAPTURE",)
    assert {d.name: d.protection_level for d in m.defined_permissions} == {
        "com.example.chat.permission.JPUSH_MESSAGE": "signature",
        "com.example.chat.permission.MIPUSH_RECEIVE": "signature"}
    assert m.flags.allow_backup is False and m.flags.uses_cleartext_traffic is False
    assert m.flags.application_class == "com.example.chat.ChatApp"
    v = facts("voicenotes.apk").manifest
    assert v.flags.debuggable is True
    flags = {p.name: p.flags for p in facts("chat.apk").manifest.uses_permissions}
    assert flags[P + "CAMERA"] == ()


def test_cleartext_default_follows_target_sdk():
    # no attribute: cleartext is allowed by default only for apps targeting API 27 or lower
    assert facts("legacy.apk").manifest.flags.uses_cleartext_traffic is True
    assert facts("bigshop.apk").manifest.flags.uses_cleartext_traffic is False  # targets 28
    assert facts("shop.apks").manifest.flags.uses_cleartext_traffic is False


def test_effective_status_of_max_sdk_permissions():
    r = record("chat.apk", P + "READ_EXTERNAL_STORAGE")
    assert r.max_api == 32 and r.applies
    assert any("API 32 or older" in n and "targets API 34" in n for n in r.notes)
    w = record("voicenotes.apk", P + "WRITE_EXTERNAL_STORAGE")
    assert any("scoped storage" in n for n in w.notes)


def test_sdk23_effective_min_api():
    r = record("voicenotes.apk", P + "ACCESS_COARSE_LOCATION")
    assert r.source == "uses-permission-sdk-23" and r.min_api == 23


def test_platform_split_grants_are_reported():
    r = record("bigshop.apk", P + "ACCESS_FINE_LOCATION")
    assert r.also_grants == (P + "ACCESS_BACKGROUND_LOCATION",)
    b = record("bigshop.apk", P + "BLUETOOTH")
    assert set(b.also_grants) == {P + "BLUETOOTH_SCAN", P + "BLUETOOTH_CONNECT", P + "BLUETOOTH_ADVERTISE"}
    assert record("chat.apk", P + "ACCESS_FINE_LOCATION").also_grants == ()  # targets 34


def test_never_applies_when_max_below_min():
    import xml.etree.ElementTree  # noqa: F401  (lxml is used below)
    from lxml import etree

    root = etree.fromstring(
        b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="x.y">'
        b'<uses-sdk android:minSdkVersion="26" android:targetSdkVersion="34"/>'
        b'<uses-permission android:name="android.permission.READ_PHONE_STATE" android:maxSdkVersion="22"/>'
        b'</manifest>')
    m = build_manifest(root)
    (r,) = permission_records(m)
    assert r.applies is False and "never requested" in r.notes[0]


def test_app_defined_permission_is_known():
    r = record("chat.apk", "com.example.chat.permission.JPUSH_MESSAGE")
    assert r.known and r.origin == "app-defined" and r.protection_level == "signature"
    u = record("chat.apk", "com.partner.sync.permission.ACCESS_SYNC")
    assert not u.known and u.origin == "unknown"


def test_protection_level_names():
    assert protection_name("0x00000002") == "signature"
    assert protection_name("0x00000052") == "signature|privileged|appop"
    assert protection_name("dangerous") == "dangerous"


def test_plain_text_manifest_is_parsed_safely():
    evil = (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="a.b">'
            b'<application android:label="&x;"/></manifest>')
    # external entities are never resolved: the manifest is refused, nothing is read
    with pytest.raises(InputError) as err:
        build_manifest(parse_axml(evil))
    assert "root:" not in str(err.value)

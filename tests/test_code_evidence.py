"""Call sites of sensitive APIs: found, attributed, cross-checked; non-calls ignored."""

from __future__ import annotations

import json

import pytest

from auditor.apk import read_app
from auditor.apk.code import scan_dexes
from auditor.apk.dex import DexFile, decode_refs, CodeTables
from auditor.scan import ScanSettings, scan_bytes
from conftest import SAMPLES, run_cli, valid

TM = "Landroid/telephony/TelephonyManager;"


def calls(apk):
    result = scan_bytes((SAMPLES / apk).read_bytes(), apk)
    return result, {(c.site.api, c.site.caller.split("->")[0], c.site.strength, c.accessor) for c in result.code.calls}


def test_chat_planted_calls_found_and_attributed():
    result, got = calls("chat.apk")
    expected = {
        (f"{TM}->getDeviceId()Ljava/lang/String;", "Lcom/example/chat/DeviceInfo;", "direct", "app"),
        ("Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;",
         "Lcom/example/chat/DeviceInfo;", "direct", "app"),
        (f"{TM}->getImei()Ljava/lang/String;", "Lcn/jpush/android/helper/DeviceHelper;", "direct", "jpush"),
        ("Landroid/content/pm/PackageManager;->getInstalledPackages(I)Ljava/util/List;",
         "Lcn/jpush/android/helper/DeviceHelper;", "direct", "jpush"),
        ("Landroid/location/LocationManager;->getLastKnownLocation(Ljava/lang/String;)Landroid/location/Location;",
         "Lcom/example/chat/LocationHelper;", "direct", "app"),
        ("Landroid/location/LocationManager;->requestLocationUpdates(Ljava/lang/String;JFLandroid/location/LocationListener;)V",
         "Lcom/amap/api/location/AMapLocationClient;", "direct", "amap_location"),
        (f"{TM}->getAllCellInfo()Ljava/util/List;", "Lcom/amap/api/location/AMapLocationClient;", "direct", "amap_location"),
        ("Landroid/media/AudioRecord;-><init>(IIIII)V", "Lcom/example/chat/VoiceMessage;", "direct", "app"),
        ("Landroid/media/AudioRecord;->startRecording()V", "Lcom/example/chat/VoiceMessage;", "direct", "app"),
        ("Landroid/provider/ContactsContract$CommonDataKinds$Phone;->CONTENT_URI:Landroid/net/Uri;",
         "Lcom/example/chat/FriendFinder;", "direct", "app"),
        ("Landroid/content/ClipboardManager;->getPrimaryClip()Landroid/content/ClipData;",
         "Lcom/example/chat/PasteHelper;", "direct", "app"),
        ("Landroid/net/wifi/WifiManager;->getConnectionInfo()Landroid/net/wifi/WifiInfo;",
         "Lcom/umeng/commonsdk/statistics/common/DeviceConfig;", "direct", "umeng_common"),
        ("Landroid/net/wifi/WifiInfo;->getMacAddress()Ljava/lang/String;",
         "Lcom/umeng/commonsdk/statistics/common/DeviceConfig;", "direct", "umeng_common"),
        (f"{TM}->getDeviceId", "Lcom/mystery/lite/Probe;", "reflection", "com.mystery.lite"),
    }
    assert got == expected


def test_planted_non_call_is_not_reported():
    result, got = calls("chat.apk")
    assert not any("Fake" in caller for _api, caller, _s, _a in got)
    assert not any("util/Fake" in c.site.caller for c in result.code.calls)


def test_content_uri_string_and_sdk_attribution_in_voicenotes():
    result, got = calls("voicenotes.apk")
    assert ("content://sms/inbox", "Lcom/example/voicenotes/SmsImporter;", "direct", "app") in got
    assert (f"{TM}->getSubscriberId()Ljava/lang/String;", "Lcom/iflytek/cloud/msc/util/DeviceUtil;", "direct",
            "iflytek_msc") in got
    assert ("Landroid/media/MediaRecorder;->setAudioSource(I)V", "Lcom/iflytek/cloud/SpeechRecognizer;", "direct",
            "iflytek_msc") in got


def test_multidex_and_obfuscated_third_party():
    result, got = calls("bigshop.apk")
    assert {c.site.dex for c in result.code.calls} == {"classes.dex", "classes2.dex", "classes3.dex"}
    renamed = [c for c in result.code.calls if c.site.caller.startswith("La/a/a;")]
    assert {c.party for c in renamed} == {"third_party"} and {c.accessor for c in renamed} == {"a.a"}


def test_split_bundle_code_is_scanned():
    result, got = calls("shop.apks")
    assert ("Landroid/hardware/Camera;->open(I)Landroid/hardware/Camera;", "Lcom/example/shop/Scanner;", "direct", "app") in got


def test_accessor_view_and_cross_checks():
    result, _ = calls("chat.apk")
    acc = result.code.accessors
    assert [(a, p) for a, p, _n in acc["device_id"]] == [("app", "app"), ("com.mystery.lite", "third_party"), ("jpush", "sdk")]
    assert [a for a, _p, _n in acc["installed_apps"]] == ["jpush"]
    # JPush lists installed packages but the app does not ask for QUERY_ALL_PACKAGES
    assert [(u.category, u.accessor) for u in result.code.unguarded] == [("installed_apps", "jpush")]
    # CAMERA is requested, but no catalogued camera API is called (the app uses the camera intent)
    assert "android.permission.CAMERA" in result.code.unused_permissions
    assert "android.permission.RECORD_AUDIO" not in result.code.unused_permissions


def test_subclass_reach_through_app_hierarchy():
    """A call through an app class that extends a catalogued framework class is matched."""
    import zipfile, io
    from auditor.apk.dex import DexFile
    # build a tiny dex with smali if available; otherwise use the hierarchy directly
    pytest.importorskip("shutil")
    import shutil, subprocess, tempfile, pathlib
    if shutil.which("smali") is None:
        pytest.skip("smali not installed")
    src = """.class public Lcom/x/MyTm;
.super Landroid/telephony/TelephonyManager;
.method public static use(Lcom/x/MyTm;)Ljava/lang/String;
    .registers 2
    invoke-virtual {p0}, Lcom/x/MyTm;->getDeviceId()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method
"""
    with tempfile.TemporaryDirectory() as tmp:
        p = pathlib.Path(tmp)
        (p / "MyTm.smali").write_text(src)
        subprocess.run(["smali", "assemble", "-o", str(p / "classes.dex"), str(p / "MyTm.smali")], check=True,
                       capture_output=True)
        dex = DexFile((p / "classes.dex").read_bytes())
    (site,) = scan_dexes([dex])
    assert site.api == "Lcom/x/MyTm;->getDeviceId()Ljava/lang/String;" and site.category == "device_id"


def test_no_code_skips_the_stage():
    result = scan_bytes((SAMPLES / "chat.apk").read_bytes(), "chat.apk", ScanSettings(code=False))
    assert result.code is None
    assert {h.id for h in result.sdks} >= {"jpush"}  # SDK detection still runs on the class list
    proc = run_cli("scan", str(SAMPLES / "chat.apk"), "--no-code", "-f", "json")
    doc = valid(json.loads(proc.stdout), "scan")
    assert doc["api_calls"] == [] and doc["code_evidence"] is None


def test_json_api_calls_contract():
    doc = valid(json.loads(run_cli("scan", str(SAMPLES / "chat.apk"), "-f", "json").stdout), "scan")
    for c in doc["api_calls"]:
        assert set(c) >= {"api", "category", "caller", "sdk", "strength"}
        assert c["strength"] in ("direct", "reflection")
    imei = next(c for c in doc["api_calls"] if c["api"].endswith("getImei()Ljava/lang/String;"))
    assert imei["sdk"] == "jpush" and imei["caller"] == "Lcn/jpush/android/helper/DeviceHelper;->collect(Landroid/content/Context;)V"
    own = next(c for c in doc["api_calls"] if c["api"].endswith("getDeviceId()Ljava/lang/String;"))
    assert own["sdk"] is None and own["party"] == "app"
    assert doc["code_evidence"]["accessors"]["installed_apps"] == [{"accessor": "jpush", "party": "sdk", "count": 1}]


def test_instruction_walk_skips_payloads():
    # const/4, then a packed-switch payload that contains bytes looking like const-string
    insns = bytes([0x12, 0x00]) + bytes([0x00, 0x01, 0x01, 0x00, 0, 0, 0, 0]) + bytes([0x1a, 0x00, 0x1a, 0x1a, 0, 0]) + \
            bytes([0x1a, 0x00, 0x05, 0x00])
    refs = list(decode_refs(insns, 0, len(insns)))
    assert refs == [(16, 0x1a, 5)]


def test_well_known_libraries_act_for_the_app():
    """AndroidX's TelephonyManagerCompat reads the IMEI only when the app asks: party 'library', not an
    unidentified third party (no AUD206), but the access still counts."""
    from auditor.apk.code import CallSite
    from auditor.evidence import attribute
    from auditor.sdk import default_matcher

    def site(cls):
        return CallSite("Landroid/telephony/TelephonyManager;->getImei()Ljava/lang/String;", "device_id",
                        f"L{cls.replace('.', '/')};->get()V", cls, "direct", "method", "IMEI", (), True, "classes.dex")

    lib = attribute(site("androidx.core.telephony.TelephonyManagerCompat"), "com.x.app", {}, default_matcher())
    assert (lib.party, lib.accessor) == ("library", "androidx")
    netty = attribute(site("io.netty.util.internal.MacAddressUtil"), "com.x.app", {}, default_matcher())
    assert (netty.party, netty.accessor) == ("library", "io.netty")
    unknown = attribute(site("com.mystery.lite.Probe"), "com.x.app", {}, default_matcher())
    assert unknown.party == "third_party"


def test_library_data_file_is_valid():
    from auditor.knowledge import libraries
    from auditor.sdk import load_database

    libs = libraries()
    assert "androidx" in libs and all(v for v in libs.values())
    sdk_prefixes = {p for s in load_database().entries.values() for p in s.signals["packages"]}
    assert not set(libs) & sdk_prefixes  # a prefix is either a library or an SDK, never both

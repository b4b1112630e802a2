"""The signature database is data: schema, ownership, coverage and examples are checked here."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from auditor.sdk.database import check_examples, load_database, load_raw, validate_folder, validate_raw, _default_dir
from conftest import run_cli

REQUIRED = {
    # vendor push channels and aggregators
    "huawei_push", "honor_push", "xiaomi_push", "oppo_push", "vivo_push", "meizu_push", "jpush", "jiguang_jcore",
    "getui", "umeng_push", "alibaba_accs", "tencent_tpns", "aliyun_push", "baidu_push", "mobpush",
    # voice
    "iflytek_msc", "iflytek_aikit", "iflytek_sparkchain", "baidu_speech", "aispeech", "unisound", "tencent_cloud_asr",
    # maps and location
    "amap_location", "amap_map", "amap_search", "amap_navi", "baidu_location", "baidu_map", "tencent_location", "tencent_map",
    # analytics
    "umeng_analytics", "baidu_mobstat", "talkingdata", "growingio", "sensors_analytics", "tencent_mta", "tencent_beacon",
    "thinkingdata",
    # crash and hotfix
    "bugly", "tinker", "sophix",
    # ads
    "tencent_gdt", "pangle", "kuaishou_ads", "baidu_mobads", "sigmob", "mintegral", "huawei_ads", "xiaomi_ads",
    # login / share
    "wechat_opensdk", "qq_open", "weibo", "sharesdk", "umeng_share", "douyin_open",
    # one-click login
    "cmcc_auth", "unicom_auth", "telecom_auth", "shanyan", "aliyun_number_auth", "jverification",
    # payment, device id, webview
    "alipay", "wechat_pay", "unionpay", "msa_oaid", "tencent_x5",
    # IM / RTC, storage, risk control
    "tencent_im", "rongcloud", "easemob", "netease_yunxin", "agora", "trtc", "zego", "aliyun_oss", "tencent_cos",
    "qiniu", "tongdun", "shumei", "geetest_captcha",
    # global
    "firebase_analytics", "firebase_crashlytics", "firebase_messaging", "google_mobile_ads", "facebook_core",
    "appsflyer", "adjust", "branch", "sentry", "onesignal",
}


def test_bundled_database_is_valid_and_every_example_holds():
    count, problems = validate_folder()
    assert problems == []
    assert count == len(load_database())


def test_coverage_minimums():
    db = load_database()
    markets = Counter(s.market for s in db.entries.values())
    assert len(db) >= 150
    assert markets["cn"] >= 80
    assert REQUIRED <= set(db.entries), sorted(REQUIRED - set(db.entries))


def test_every_entry_is_complete_enough_to_disclose():
    for s in load_database().entries.values():
        assert s.vendor_en and s.website.startswith("http")
        assert s.aliases
        if s.market == "cn":
            assert s.vendor_zh, f"{s.id}: a China-market SDK needs its Chinese legal name"


def test_version_and_hash():
    db = load_database()
    assert db.version == (_default_dir() / "VERSION").read_text().strip()
    assert len(db.sha256) == 64


def _copy_db(tmp_path):
    dst = tmp_path / "sigs"
    shutil.copytree(_default_dir(), dst, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return dst


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("file,old,new,message", [
    ("jpush.toml", 'aliases = ["JPush",', 'aliases = ["Getui",', "also claimed by"),
    ("jpush.toml", 'packages = ["cn.jpush.android"]', 'packages = ["cn.jpush.android", "com.igexin"]', "also claimed by"),
    ("sentry.toml", 'packages = ["io.sentry"]', 'packages = ["sentry"]', "one segment"),
    ("getui.toml", 'packages = ["com.igexin"', 'packages = ["com.tencent"', "vendor root"),
    ("jpush.toml", 'category = "push"', 'category = "pushes"', "is not one of"),
    ("jpush.toml", 'data = ["device_id"', 'data = ["imei"', "unknown data category"),
    ("jpush.toml", 'id = "jpush"', 'id = "jpush2"', "differs from the file name"),
    ("jpush.toml", 'bundles = { jiguang_jcore = []', 'bundles = { nobody = []', "bundles unknown SDK"),
])
def test_validator_catches(tmp_path, file, old, new, message):
    folder = _copy_db(tmp_path)
    _edit(folder / file, old, new)
    _v, _s, raw = load_raw(folder)
    problems = validate_raw(raw)
    assert any(message in p for p in problems), problems


def test_validator_catches_a_wrong_example(tmp_path):
    folder = _copy_db(tmp_path)
    _edit(folder / "jpush.toml", 'match = [{ classes = ["cn.jpush.android.api.JPushInterface"] }',
          'match = [{ classes = ["com.igexin.sdk.PushManager"] }')
    count, problems = validate_folder(folder)
    assert any("jpush.toml: match example 1 detects ['getui']" in p for p in problems), problems


def test_cli_validate_and_browse(tmp_path):
    ok = run_cli("sdks", "validate")
    assert ok.returncode == 0 and ok.stdout.startswith("ok: ")
    folder = _copy_db(tmp_path)
    _edit(folder / "sentry.toml", 'packages = ["io.sentry"]', 'packages = ["sentry"]')
    bad = run_cli("sdks", "validate", "--path", str(folder))
    assert bad.returncode == 1 and "sentry.toml" in bad.stdout
    listing = run_cli("sdks", "list", "--market", "cn", "--category", "push")
    assert listing.returncode == 0 and "jpush" in listing.stdout and "firebase" not in listing.stdout
    show = run_cli("sdks", "show", "iflytek_msc")
    assert show.returncode == 0 and "科大讯飞股份有限公司" in show.stdout and "libmsc.so" in show.stdout
    missing = run_cli("sdks", "show", "jpus")
    assert missing.returncode == 2 and "did you mean: jpush" in missing.stderr

"""The permission knowledge base and category catalogue are data: validate them."""

from __future__ import annotations

import json

from auditor.knowledge import PERMISSION_GROUPS, categories, load_toml_text, permission_base, read_text

P = "android.permission."
STABLE_CATEGORY_IDS = [
    "device_id", "advertising_id", "phone_number", "network_id", "location_precise", "location_approximate",
    "location_background", "storage", "photos_videos", "audio_files", "camera", "microphone", "contacts",
    "accounts", "sms", "call_log", "phone_calls", "calendar", "sensors", "activity_recognition",
    "nearby_devices", "notifications", "installed_apps", "clipboard", "usage_stats", "overlay",
    "install_packages", "accessibility", "notification_listener", "device_admin",
]


def test_category_ids_are_the_stable_set():
    assert list(categories()) == STABLE_CATEGORY_IDS
    for c in categories().values():
        assert c.name and c.zh and c.description


def test_every_curated_entry_is_consistent():
    curated = load_toml_text(read_text("permissions.toml"))
    aosp = json.loads(read_text("aosp_permissions.json"))["permissions"]
    cats = set(categories())
    for name, rec in curated["platform"].items():
        assert name in aosp, f"{name} is not an AOSP permission"
        assert set(rec) <= {"group", "categories", "zh", "special"}, name
        assert set(rec.get("categories", [])) <= cats, name
        if "group" in rec:
            assert rec["group"] in PERMISSION_GROUPS, name
    for name, rec in curated["vendor"].items():
        assert name not in aosp
        assert rec["vendor"] and rec["description"]
        assert set(rec.get("categories", [])) <= cats
    for split in curated["split"]:
        assert split["from"] in aosp and all(t in aosp for t in split["to"])


def test_every_current_dangerous_permission_is_fully_described():
    base = permission_base()
    dangerous = [p for p in base.entries.values()
                 if p.protection_level == "dangerous" and p.removed_after is None and p.origin == "platform"]
    assert len(dangerous) >= 40
    missing = [p.name for p in dangerous if not (p.group and p.categories and p.zh_name)]
    # RANGING (API 35 preview) and ACCEPT_HANDOVER's UNDEFINED group are the only ones we leave partial
    assert set(missing) <= {P + "RANGING"}, missing
    for p in dangerous:
        assert p.runtime


def test_protection_levels_and_api_levels():
    base = permission_base()
    camera = base.lookup(P + "CAMERA")
    assert (camera.protection_level, camera.runtime, camera.group, camera.categories) == ("dangerous", True, "CAMERA", ("camera",))
    assert base.lookup(P + "POST_NOTIFICATIONS").introduced == 33
    assert base.lookup(P + "POST_NOTIFICATIONS").protection_flags == ("instant",)
    saw = base.lookup(P + "SYSTEM_ALERT_WINDOW")
    assert saw.protection_level == "signature" and "appop" in saw.protection_flags and saw.special
    assert base.lookup(P + "QUERY_ALL_PACKAGES").categories == ("installed_apps",)
    assert max(base.api_levels) == 35


def test_vendor_and_unknown_permissions():
    base = permission_base()
    ad = base.lookup("com.google.android.gms.permission.AD_ID")
    assert ad.known and ad.origin == "vendor" and ad.categories == ("advertising_id",)
    for name in ("com.huawei.android.launcher.permission.CHANGE_BADGE", "com.xiaomi.permission.BADGE",
                 "com.heytap.mcs.permission.RECIEVE_MCS_MESSAGE", "com.vivo.notification.permission.BADGE_ICON",
                 "com.meizu.flyme.push.permission.RECEIVE", "com.android.vending.BILLING"):
        assert base.lookup(name).known, name
    unknown = base.lookup("com.partner.sync.permission.ACCESS_SYNC")
    assert not unknown.known and unknown.origin == "unknown" and unknown.protection_level is None

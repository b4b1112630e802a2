"""Collection before consent (issue 15): start-up entry points, reachability, timings, AUD6xx rules.

Each sample in samples/startup/ (built from samples/src/startup_*/) holds one pattern; the
tests assert the exact timing and call path of every SDK init and sensitive read, and that
the AUD6xx rules fire on exactly the samples that should trigger them.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from auditor.audit import audit
from auditor.scan import scan_bytes
from auditor.startup.catalogue import parse, raw_catalogue, startup_catalogue, validate
from auditor.startup.graph import _control_dependent
from conftest import SAMPLES, run_cli

ST = SAMPLES / "startup"


@lru_cache(maxsize=None)
def scan(name: str):
    return scan_bytes((ST / f"startup-{name}.apk").read_bytes(), f"startup-{name}.apk")


def inits(name: str) -> set[tuple]:
    return {(i.sdk, i.api.split("(")[0].split("->")[-1], i.kind, i.timing, i.path, i.edges, i.entry)
            for i in scan(name).startup.sdk_inits}


def reads(name: str) -> set[tuple]:
    return {(s.category, s.timing, s.path, s.edges, s.entry) for s in scan(name).startup.sensitive_calls}


def aud6(name: str) -> set[tuple[str, str, str]]:
    return {(f.rule_id, f.subject_id, f.severity.name) for f in audit(scan(name)).findings if f.rule_id.startswith("AUD6")}


def m(pkg: str, cls: str, sig: str) -> str:
    return f"Lcom/example/startup/{pkg}/{cls};->{sig}"


# ---- the catalogue -------------------------------------------------------------------------------

def test_catalogue_validates_and_examples_are_recognised():
    assert validate(raw_catalogue()) == []
    cat = {e.id: e for e in startup_catalogue()}
    for sdk in ("jpush", "umeng_common", "bugly", "getui", "iflytek_msc", "amap_location", "baidu_location",
                "xiaomi_push", "firebase_analytics", "facebook_core", "google_mobile_ads"):
        assert sdk in cat
    # old and current start methods both known
    assert cat["umeng_analytics"].init_for("Lcom/umeng/analytics/MobclickAgent;->startWithConfigure(L;)V")
    assert cat["umeng_common"].init_for("Lcom/umeng/commonsdk/UMConfigure;->init(Landroid/content/Context;ILjava/lang/String;)V")
    assert cat["getui"].init_for("Lcom/igexin/sdk/PushManager;->initialize(Landroid/content/Context;Ljava/lang/Class;)V")
    assert not cat["umeng_common"].init_for("Lcom/umeng/commonsdk/UMConfigure;->preInit(Landroid/content/Context;)V")
    assert {w.meta_data for w in cat["facebook_core"].switches} == {
        "com.facebook.sdk.AutoInitEnabled", "com.facebook.sdk.AutoLogAppEventsEnabled",
        "com.facebook.sdk.AdvertiserIDCollectionEnabled"}


def test_catalogue_validator_rejects_bad_examples():
    raw = raw_catalogue()
    bad = json.loads(json.dumps(raw))
    bad["sdk"][0]["examples"]["match"] = ["Lcn/jpush/android/api/JPushInterface;->setDebugMode(Z)V"]
    bad["sdk"][1]["id"] = bad["sdk"][0]["id"]
    errors = validate(bad)
    assert any("not one of its init calls" in e for e in errors) and any("duplicate id" in e for e in errors)
    worse = json.loads(json.dumps(raw))
    worse["sdk"][0]["init"][0]["methods"] = []
    assert validate(worse)
    assert len(parse(raw)) == len(startup_catalogue())


# ---- reachability inside one method: what a flag check controls ----------------------------------

def test_control_dependence_of_a_flag_branch():
    # 0: if-eqz (flag) -> 3 ; 1: init ; 2: goto 4 ; 3: dialog ; 4: return
    offsets = [0, 2, 5, 6, 8]
    succ = [(2, 6), (5,), (8,), (8,), ()]
    gated = _control_dependent(offsets, succ, [0])
    assert gated == {1, 2, 3}
    # an early return: 0: if-nez -> 2 ; 1: return ; 2: init ; 3: return
    assert _control_dependent([0, 2, 3, 6], [(2, 3), (), (6,), ()], [0]) == {1, 2, 3}


# ---- each pattern: exact timing and path ---------------------------------------------------------

def test_init_directly_in_application_oncreate():
    on_create = m("direct", "App", "onCreate()V")
    assert inits("direct") == {("umeng_common", "init", "call", "pre_consent", (on_create,), (), "application")}
    assert reads("direct") == {("device_id", "pre_consent", (on_create,), (), "application")}
    assert aud6("direct") == {("AUD601", "umeng_common", "high"), ("AUD602", "device_id", "high"),
                              ("AUD604", "umeng_common", "medium")}  # preInit exists in this version, never called


def test_init_two_calls_deep_through_a_virtual_call():
    path = (m("deep", "App", "onCreate()V"), m("deep", "App", "setupSdks()V"),
            m("deep", "PushInit", "start(Landroid/content/Context;)V"))
    assert inits("deep") == {("jpush", "init", "call", "pre_consent", path, ("call", "virtual"), "application")}
    assert aud6("deep") == {("AUD601", "jpush", "high")}  # this JPush has no JCollectionAuth: no AUD604


def test_init_on_thread_handler_and_executor():
    app = m("thread", "App", "onCreate()V")
    assert inits("thread") == {
        ("bugly", "initCrashReport", "call", "pre_consent", (app, m("thread", "CrashInit", "run()V")), ("runnable",),
         "application"),
        ("amap_location", "<init>", "call", "pre_consent", (app, m("thread", "LocationStarter", "run()V")),
         ("runnable",), "application"),
        ("amap_location", "startLocation", "call", "pre_consent", (app, m("thread", "LocationStarter", "run()V")),
         ("runnable",), "application"),
        ("getui", "initialize", "call", "pre_consent", (app, m("thread", "PushTask", "call()Ljava/lang/Object;")),
         ("callable",), "application"),
    }
    # an AMap build without updatePrivacyShow/Agree is not asked for them
    assert aud6("thread") == {("AUD601", "bugly", "high"), ("AUD601", "amap_location", "high"),
                              ("AUD601", "getui", "high")}


def test_init_in_content_providers_and_androidx_startup():
    create = m("provider", "LocationInitializer", "create(Landroid/content/Context;)Ljava/lang/Object;")
    firebase = '<provider android:name="com.google.firebase.provider.FirebaseInitProvider">'
    assert inits("provider") == {
        ("xiaomi_push", "registerPush", "call", "pre_consent", (m("provider", "SdkProvider", "onCreate()Z"),), (),
         "provider"),
        ("baidu_location", "<init>", "call", "pre_consent", (create,), (), "initializer"),
        ("baidu_location", "start", "call", "pre_consent", (create,), (), "initializer"),
        ("firebase_analytics", "com.google.firebase.provider.FirebaseInitProvider", "auto_init", "pre_consent",
         (firebase,), (), "provider"),
    }
    kinds = {(e.kind, e.component) for e in scan("provider").startup.entry_points}
    assert ("initializer", "com.example.startup.provider.LocationInitializer") in kinds
    assert ("provider", "com.example.startup.provider.SdkProvider") in kinds
    assert aud6("provider") == {("AUD601", "xiaomi_push", "high"), ("AUD601", "baidu_location", "high"),
                                ("AUD603", "firebase_analytics", "medium"),
                                ("AUD604", "baidu_location", "medium")}  # setAgreePrivacy after start()


def test_init_in_attach_base_context_and_static_initializer():
    assert inits("early") == {
        ("iflytek_msc", "createUtility", "call", "pre_consent",
         (m("early", "App", "attachBaseContext(Landroid/content/Context;)V"),), (), "application"),
        ("umeng_analytics", "startWithConfigure", "call", "pre_consent", (m("early", "App", "<clinit>()V"),), (),
         "application"),
    }
    assert aud6("early") == {("AUD601", "iflytek_msc", "high"), ("AUD601", "umeng_analytics", "high")}


def test_init_gated_by_a_shared_preferences_flag():
    on_create = m("gated", "App", "onCreate()V")
    assert inits("gated") == {
        ("umeng_common", "init", "call", "gated", (on_create,), (), "application"),
        ("jpush", "init", "call", "gated", (on_create, m("gated", "App", "startPush()V")), ("call",), "application"),
        # a flag kept in a static boolean field (sPrivacyAgreed), and a consent method (isPolicyAccepted()Z)
        ("xiaomi_push", "registerPush", "call", "gated", (on_create,), (), "application"),
        ("bugly", "initCrashReport", "call", "gated", (on_create,), (), "application"),
    }
    assert reads("gated") == {("device_id", "gated", (on_create,), (), "application")}
    comp = {(c.sdk, c.api.split("(")[0].split("->")[1], c.timing) for c in scan("gated").startup.compliance_calls}
    assert comp == {("umeng_common", "preInit", "pre_consent"), ("jpush", "setAuth", "pre_consent"),
                    ("jiguang_jcore", "setAuth", "pre_consent")}
    assert aud6("gated") == set()


def test_init_only_from_the_consent_dialogs_click_handler():
    path = (m("dialog", "ConsentListener", "onClick(Landroid/content/DialogInterface;I)V"),
            m("dialog", "App", "startSdks(Landroid/content/Context;)V"))
    assert inits("dialog") == {("umeng_common", "init", "call", "post_consent", path, ("call",), "ui_callback")}
    assert reads("dialog") == {("device_id", "post_consent", path, ("call",), "ui_callback")}
    assert aud6("dialog") == set()


def test_compliance_call_not_asked_of_an_sdk_that_starts_only_after_consent():
    """Umeng behind the consent flag and AMap from the agree button, neither compliance call made although both
    stand-ins define them: nothing starts before consent, so AUD604 (like AUD601/602) stays silent."""
    on_create = m("consentonly", "App", "onCreate()V")
    click = m("consentonly", "AgreeListener", "onClick(Landroid/content/DialogInterface;I)V")
    assert inits("consentonly") == {
        ("umeng_common", "init", "call", "gated", (on_create,), (), "application"),
        ("amap_location", "<init>", "call", "post_consent", (click,), (), "ui_callback"),
        ("amap_location", "startLocation", "call", "post_consent", (click,), (), "ui_callback")}
    st = scan("consentonly").startup
    assert st.compliance_calls == ()
    assert set(st.compliance_available) == {"umeng_common", "amap_location"}  # the calls exist, were never made
    assert aud6("consentonly") == set()


def test_a_flag_check_inside_sdk_code_does_not_gate_its_reads():
    """Bugly's init (app code, Application.onCreate) reaches the SDK's own read of the Android ID under the SDK's
    own SharedPreferences setting: the SDK's state is not the user's consent, so the read is pre-consent."""
    on_create = m("sdkflag", "App", "onCreate()V")
    init = "Lcom/tencent/bugly/crashreport/CrashReport;->initCrashReport(Landroid/content/Context;Ljava/lang/String;Z)V"
    collect = "Lcom/tencent/bugly/crashreport/CrashReport;->collect(Landroid/content/Context;)V"
    assert inits("sdkflag") == {("bugly", "initCrashReport", "call", "pre_consent", (on_create,), (), "application")}
    st = scan("sdkflag").startup
    assert {(s.category, s.party, s.timing, s.path, s.edges) for s in st.sensitive_calls} == {
        ("device_id", "sdk", "pre_consent", (on_create, init, collect), ("call", "call"))}
    assert aud6("sdkflag") == {("AUD601", "bugly", "high"), ("AUD602", "device_id", "high")}


def test_splash_forwarding_by_explicit_intent_is_still_start_up():
    path = (m("splash", "MainActivity", "onCreate(Landroid/os/Bundle;)V"), m("splash", "MainActivity$GoHome", "run()V"),
            m("splash", "HomeActivity", "onCreate(Landroid/os/Bundle;)V"))
    assert inits("splash") == {("getui", "initialize", "call", "pre_consent", path, ("runnable", "intent"),
                                "launcher_activity")}
    assert reads("splash") == {("device_id", "pre_consent", path, ("runnable", "intent"), "launcher_activity")}
    assert aud6("splash") == {("AUD601", "getui", "high"), ("AUD602", "device_id", "high")}


def test_clean_app_has_switches_set_and_no_findings():
    st = scan("clean").startup
    assert {(i.sdk, i.kind, i.timing) for i in st.sdk_inits} == {
        ("firebase_analytics", "auto_init", "gated"), ("facebook_core", "auto_init", "gated"),
        ("umeng_common", "call", "post_consent")}
    assert {(w.name, w.opted_out) for w in st.sdk_switches if w.value is not None} == {
        ("firebase_analytics_collection_enabled", True), ("google_analytics_adid_collection_enabled", True),
        ("com.facebook.sdk.AutoInitEnabled", True), ("com.facebook.sdk.AutoLogAppEventsEnabled", True),
        ("com.facebook.sdk.AdvertiserIDCollectionEnabled", True)}
    # the activity that is its own click listener: onClick is a UI callback; another activity is opened later
    assert reads("clean") == {("device_id", "post_consent",
                               (m("clean", "HomeActivity", "onCreate(Landroid/os/Bundle;)V"),), (), "activity")}
    assert aud6("clean") == set()


def test_existing_chat_sample_starts_jpush_before_consent():
    r = scan_bytes((SAMPLES / "chat.apk").read_bytes(), "chat.apk")
    pre = {(s.category, s.accessor, s.path[-1].split("->")[0]) for s in r.startup.sensitive_calls
           if s.timing == "pre_consent"}
    assert pre == {("device_id", "jpush", "Lcn/jpush/android/helper/DeviceHelper;"),
                   ("installed_apps", "jpush", "Lcn/jpush/android/helper/DeviceHelper;")}
    assert {(i.sdk, i.timing) for i in r.startup.sdk_inits} == {("jpush", "pre_consent")}


# ---- report surfaces -----------------------------------------------------------------------------

def test_json_startup_section_and_finding_evidence():
    proc = run_cli("scan", str(ST / "startup-thread.apk"), "-f", "json", "--exit-zero")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    st = doc["startup"]
    assert set(st) >= {"entry_points", "sdk_inits", "sensitive_calls", "sdk_switches", "compliance_calls", "stats"}
    bugly = next(i for i in st["sdk_inits"] if i["sdk"] == "bugly")
    assert bugly["timing"] == "pre_consent" and bugly["edges"] == ["runnable"] and bugly["entry"] == "application"
    assert bugly["path"] == [m("thread", "App", "onCreate()V"), m("thread", "CrashInit", "run()V")]
    f = next(f for f in doc["findings"] if f["rule_id"] == "AUD601" and f["subject"]["id"] == "bugly")
    ev = f["evidence"][0]
    assert ev["kind"] == "call_path" and ev["location"]["timing"] == "pre_consent"
    assert ev["location"]["path"].endswith("CrashInit;->run()V")
    assert all(e["timing"] in ("pre_consent", "gated", "post_consent", "unreached")
               for k in ("sdk_inits", "sensitive_calls", "sdk_switches") for e in st[k])


def test_no_code_scan_has_no_startup_section():
    proc = run_cli("scan", str(ST / "startup-direct.apk"), "-f", "json", "--no-code", "--exit-zero")
    assert proc.returncode == 0 and json.loads(proc.stdout)["startup"] is None


@pytest.mark.parametrize("name", ["direct", "deep", "thread", "provider", "early", "gated", "dialog", "clean", "splash",
                                  "consentonly", "sdkflag"])
def test_walk_is_bounded_and_small_on_samples(name):
    st = scan(name).startup
    assert not st.truncated and 0 < st.methods_decoded <= 40


def test_table_report_and_demo_policy_scenario():
    """The demo: a policy promising nothing starts before "Agree", and the app that starts Umeng in onCreate."""
    proc = run_cli("scan", str(ST / "startup-direct.apk"), "--policy", str(SAMPLES / "policies" / "startup_policy.md"))
    assert proc.returncode == 1, proc.stderr  # high findings
    out = proc.stdout
    assert "Before consent (start-up analysis)" in out
    assert "pre_consent  umeng_common: UMConfigure.init  (App.onCreate)" in out
    for rid in ("AUD601", "AUD602", "AUD604"):
        assert rid in out
    assert "AUD201" not in out  # the policy names Umeng: the finding is about timing, not disclosure
    gated = run_cli("scan", str(ST / "startup-gated.apk"))
    assert gated.returncode == 0 and "AUD60" not in gated.stdout
    assert "gated        jpush: JPushInterface.init  (App.onCreate -> App.startPush)" in gated.stdout


def test_startup_section_follows_the_shipped_schema():
    from jsonschema import Draft202012Validator

    from auditor.documents import schema, to_dict

    validator = Draft202012Validator(schema("scan")["properties"]["startup"])
    for name in ("thread", "provider", "gated", "clean", "splash"):
        doc = to_dict(scan(name))
        assert list(validator.iter_errors(doc["startup"])) == [], name
    bad = to_dict(scan("thread"))["startup"]
    bad["sdk_inits"][0]["timing"] = "early"
    assert list(validator.iter_errors(bad))


def test_a_damaged_code_item_is_skipped_not_fatal():
    """Truncate the instructions of the Application's onCreate: the walk goes on, the gap is counted."""
    import zipfile
    from io import BytesIO

    from auditor.apk.dex import CodeTables, DexFile

    src = ST / "startup-thread.apk"
    with zipfile.ZipFile(src) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    dex = bytearray(entries["classes.dex"])
    t = CodeTables(DexFile(bytes(dex)))
    target = next(start for start, _end, midx in t.code_items()
                  if t.method_smali(midx) == m("thread", "App", "onCreate()V"))
    dex[target - 4: target] = (0x7FFFFFF0).to_bytes(4, "little")  # insns_size far past the end of the file
    entries["classes.dex"] = bytes(dex)
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, data in entries.items():
            zf.writestr(n, data)
    r = scan_bytes(buf.getvalue(), "damaged.apk")
    assert r.startup.undecodable >= 1
    assert {(i.sdk, i.timing) for i in r.startup.sdk_inits} <= {(s, t) for s in ("bugly", "amap_location", "getui")
                                                              for t in ("unreached", "post_consent")}

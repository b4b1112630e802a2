"""The compliance audit: exact findings for sample pairs, reports, pipeline behaviour."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from auditor.audit import AuditSettings, Suppression, audit
from auditor.policy import read_policy
from auditor.rules import all_rules
from auditor.rules.model import Severity, fingerprint
from auditor.scan import scan_bytes
from conftest import ROOT, SAMPLES, run_cli

POLICIES = SAMPLES / "policies"


@lru_cache(maxsize=None)
def scanned(apk):
    return scan_bytes((SAMPLES / apk).read_bytes(), apk)


def run(apk, policy_path, settings=None):
    policy = read_policy(policy_path.read_bytes(), policy_path.name) if policy_path else None
    return audit(scanned(apk), policy, settings)


def pairs(result):
    return {(f.rule_id, f.subject_id.replace("android.permission.", "")) for f in result.findings}


def test_chat_against_its_policy():
    r = run("chat.apk", POLICIES / "chat_policy.md")
    assert pairs(r) == {
        ("AUD101", "READ_CONTACTS"),        # undisclosed permission
        ("AUD201", "amap_location"),        # undisclosed SDK
        ("AUD202", "xiaomi_push"),          # SDK disclosed by type only ("manufacturers' push")
        ("AUD203", "umeng_analytics"),      # named, but no privacy-policy link
        ("AUD204", "jpush"),                # JPush reads the app list; its entry does not say so
        ("AUD205", "jpush"), ("AUD205", "umeng_analytics"),
        ("AUD206", "unknown:com.mystery.lite"),
        ("AUD301", "contacts"),             # undisclosed collection by app code
        ("AUD301", "installed_apps"),       # undisclosed collection attributed to an SDK (jpush)
        ("AUD302", "clipboard"),            # "We do not read your clipboard" -- but the app does
        ("AUD304", "device_id"), ("AUD304", "network_id"), ("AUD305", "clipboard"), ("AUD306", "installed_apps"),
        ("AUD401", "READ_CALENDAR"),        # the policy lists a permission the app does not request
        ("AUD502", "targetSdkVersion"),
        ("AUD601", "jpush"),                # JPushInterface.init in ChatApp.onCreate, before any consent
        ("AUD602", "device_id"), ("AUD602", "installed_apps"),  # ... which reads the IMEI and the app list
    }
    sev = {(f.rule_id, f.subject_id): f.severity for f in r.findings}
    assert sev[("AUD201", "amap_location")] == Severity.high
    assert sev[("AUD302", "clipboard")] == Severity.high
    assert sev[("AUD202", "xiaomi_push")] == Severity.medium
    assert sev[("AUD401", "android.permission.READ_CALENDAR")] == Severity.info
    installed = next(f for f in r.findings if f.rule_id == "AUD301" and f.subject_id == "installed_apps")
    assert "jpush" in installed.message
    assert any(e.side == "app" and e.kind == "call_site" and e.loc()["sdk"] == "jpush" for e in installed.evidence)
    assert any(e.side == "policy" and e.kind == "searched" for e in installed.evidence)
    denied = next(f for f in r.findings if f.rule_id == "AUD302")
    quote = next(e for e in denied.evidence if e.side == "policy")
    assert quote.text == "We do not read your clipboard."
    assert r.failed


def test_voicenotes_against_its_chinese_policy():
    r = run("voicenotes.apk", POLICIES / "voicenotes_policy.txt")
    assert pairs(r) == {
        ("AUD101", "ACCESS_COARSE_LOCATION"), ("AUD101", "SYSTEM_ALERT_WINDOW"), ("AUD104", "SYSTEM_ALERT_WINDOW"),
        ("AUD204", "iflytek_msc"), ("AUD205", "iflytek_msc"), ("AUD302", "sms"), ("AUD304", "device_id"),
        ("AUD501", "READ_SMS"), ("AUD502", "targetSdkVersion"),
    }
    sms = next(f for f in r.findings if f.rule_id == "AUD302")
    assert any("我们不会读取您的短信" in e.text for e in sms.evidence if e.side == "policy")
    assert any("content://sms/inbox" in e.text for e in sms.evidence if e.side == "app")


def test_clean_pair_has_nothing_at_or_above_medium():
    r = run("shop.apks", POLICIES / "shop_policy.html")
    assert not [f for f in r.findings if f.severity >= Severity.medium]
    assert not r.failed
    assert [row.in_policy for row in r.checklist] == ["named"]


def test_app_only_audit_without_policy():
    r = run("bigshop.apk", None)
    assert pairs(r) == {
        ("AUD104", "REQUEST_INSTALL_PACKAGES"), ("AUD105", "ACCESS_BACKGROUND_LOCATION"),
        ("AUD206", "unknown:a.a"), ("AUD304", "device_id"), ("AUD306", "installed_apps"),
        ("AUD501", "QUERY_ALL_PACKAGES"), ("AUD501", "REQUEST_INSTALL_PACKAGES"), ("AUD502", "targetSdkVersion"),
    }
    assert not any(rule.needs_policy for rule in all_rules() if rule.id in {f.rule_id for f in r.findings})
    legacy = run("legacy.apk", None)
    assert [(f.rule_id, f.severity) for f in legacy.findings if f.rule_id == "AUD502"] == [("AUD502", Severity.high)]


SEED_EXPECTED = {
    ('000', 'chat.apk'): {
        ('AUD101', 'CAMERA'), ('AUD101', 'POST_NOTIFICATIONS'), ('AUD101', 'READ_CONTACTS'),
        ('AUD101', 'READ_EXTERNAL_STORAGE'), ('AUD101', 'READ_MEDIA_IMAGES'), ('AUD101', 'READ_MEDIA_VIDEO'),
        ('AUD101', 'RECORD_AUDIO'), ('AUD101', 'WRITE_EXTERNAL_STORAGE'), ('AUD201', 'amap_location'),
        ('AUD201', 'jpush'), ('AUD201', 'umeng_analytics'), ('AUD201', 'xiaomi_push'),
        ('AUD206', 'unknown:com.mystery.lite'), ('AUD301', 'clipboard'), ('AUD301', 'contacts'),
        ('AUD301', 'installed_apps'), ('AUD301', 'microphone'), ('AUD304', 'device_id'),
        ('AUD304', 'network_id'), ('AUD305', 'clipboard'), ('AUD306', 'installed_apps'),
        ('AUD502', 'targetSdkVersion'),
    },
    ('000', 'voicenotes.apk'): {
        ('AUD101', 'READ_EXTERNAL_STORAGE'), ('AUD101', 'READ_SMS'), ('AUD101', 'RECORD_AUDIO'),
        ('AUD101', 'SYSTEM_ALERT_WINDOW'), ('AUD101', 'WRITE_EXTERNAL_STORAGE'),
        ('AUD104', 'SYSTEM_ALERT_WINDOW'), ('AUD201', 'bugly'), ('AUD201', 'iflytek_msc'),
        ('AUD301', 'microphone'), ('AUD301', 'sms'), ('AUD304', 'device_id'), ('AUD501', 'READ_SMS'),
        ('AUD502', 'targetSdkVersion'),
    },
    ('000', 'bigshop.apk'): {
        ('AUD101', 'REQUEST_INSTALL_PACKAGES'), ('AUD104', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD105', 'ACCESS_BACKGROUND_LOCATION'), ('AUD201', 'getui'), ('AUD206', 'unknown:a.a'),
        ('AUD301', 'installed_apps'), ('AUD304', 'device_id'), ('AUD306', 'installed_apps'),
        ('AUD501', 'QUERY_ALL_PACKAGES'), ('AUD501', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD502', 'targetSdkVersion'),
    },
    ('001', 'chat.apk'): {
        ('AUD101', 'ACCESS_COARSE_LOCATION'), ('AUD101', 'ACCESS_FINE_LOCATION'), ('AUD101', 'CAMERA'),
        ('AUD101', 'POST_NOTIFICATIONS'), ('AUD101', 'READ_EXTERNAL_STORAGE'), ('AUD101', 'READ_MEDIA_IMAGES'),
        ('AUD101', 'READ_MEDIA_VIDEO'), ('AUD101', 'WRITE_EXTERNAL_STORAGE'), ('AUD201', 'amap_location'),
        ('AUD201', 'jpush'), ('AUD201', 'umeng_analytics'), ('AUD201', 'xiaomi_push'),
        ('AUD206', 'unknown:com.mystery.lite'), ('AUD301', 'clipboard'), ('AUD301', 'location_approximate'),
        ('AUD301', 'location_precise'), ('AUD303', 'device_id'), ('AUD304', 'device_id'),
        ('AUD304', 'network_id'), ('AUD305', 'clipboard'), ('AUD306', 'installed_apps'),
        ('AUD402', 'IFLYTEK CO., LTD.'), ('AUD502', 'targetSdkVersion'),
    },
    ('001', 'voicenotes.apk'): {
        ('AUD101', 'ACCESS_COARSE_LOCATION'), ('AUD101', 'READ_EXTERNAL_STORAGE'), ('AUD101', 'READ_SMS'),
        ('AUD101', 'SYSTEM_ALERT_WINDOW'), ('AUD101', 'WRITE_EXTERNAL_STORAGE'),
        ('AUD104', 'SYSTEM_ALERT_WINDOW'), ('AUD201', 'bugly'), ('AUD203', 'iflytek_msc'),
        ('AUD204', 'iflytek_msc'), ('AUD205', 'iflytek_msc'), ('AUD301', 'sms'), ('AUD303', 'device_id'),
        ('AUD304', 'device_id'), ('AUD501', 'READ_SMS'), ('AUD502', 'targetSdkVersion'),
    },
    ('001', 'bigshop.apk'): {
        ('AUD101', 'ACCESS_FINE_LOCATION'), ('AUD101', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD104', 'REQUEST_INSTALL_PACKAGES'), ('AUD105', 'ACCESS_BACKGROUND_LOCATION'), ('AUD201', 'getui'),
        ('AUD206', 'unknown:a.a'), ('AUD301', 'location_precise'), ('AUD303', 'device_id'),
        ('AUD304', 'device_id'), ('AUD306', 'installed_apps'), ('AUD402', 'IFLYTEK CO., LTD.'),
        ('AUD501', 'QUERY_ALL_PACKAGES'), ('AUD501', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD502', 'targetSdkVersion'),
    },
    ('002', 'chat.apk'): {
        ('AUD101', 'POST_NOTIFICATIONS'), ('AUD101', 'READ_CONTACTS'), ('AUD201', 'umeng_analytics'),
        ('AUD202', 'amap_location'), ('AUD202', 'jpush'), ('AUD202', 'xiaomi_push'),
        ('AUD206', 'unknown:com.mystery.lite'), ('AUD301', 'clipboard'), ('AUD301', 'contacts'),
        ('AUD301', 'installed_apps'), ('AUD304', 'device_id'), ('AUD304', 'network_id'),
        ('AUD305', 'clipboard'), ('AUD306', 'installed_apps'), ('AUD502', 'targetSdkVersion'),
    },
    ('002', 'voicenotes.apk'): {
        ('AUD101', 'READ_SMS'), ('AUD101', 'SYSTEM_ALERT_WINDOW'), ('AUD104', 'SYSTEM_ALERT_WINDOW'),
        ('AUD201', 'bugly'), ('AUD201', 'iflytek_msc'), ('AUD301', 'sms'), ('AUD304', 'device_id'),
        ('AUD401', 'CAMERA'), ('AUD501', 'READ_SMS'), ('AUD502', 'targetSdkVersion'),
    },
    ('002', 'bigshop.apk'): {
        ('AUD101', 'REQUEST_INSTALL_PACKAGES'), ('AUD104', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD105', 'ACCESS_BACKGROUND_LOCATION'), ('AUD202', 'getui'), ('AUD206', 'unknown:a.a'),
        ('AUD301', 'installed_apps'), ('AUD304', 'device_id'), ('AUD306', 'installed_apps'),
        ('AUD401', 'CAMERA'), ('AUD401', 'READ_MEDIA_IMAGES'), ('AUD401', 'RECORD_AUDIO'),
        ('AUD401', 'WRITE_EXTERNAL_STORAGE'), ('AUD501', 'QUERY_ALL_PACKAGES'),
        ('AUD501', 'REQUEST_INSTALL_PACKAGES'), ('AUD502', 'targetSdkVersion'),
    },
    # 003's "shared text or pictures" is content the user shares, not access to the photo
    # library (the reading since the real-world tuning): the storage permissions stand uncovered.
    ('003', 'chat.apk'): {
        ('AUD101', 'CAMERA'), ('AUD101', 'POST_NOTIFICATIONS'), ('AUD101', 'READ_CONTACTS'),
        ('AUD101', 'READ_EXTERNAL_STORAGE'), ('AUD101', 'READ_MEDIA_IMAGES'), ('AUD101', 'READ_MEDIA_VIDEO'),
        ('AUD101', 'RECORD_AUDIO'), ('AUD101', 'WRITE_EXTERNAL_STORAGE'), ('AUD201', 'amap_location'),
        ('AUD201', 'jpush'), ('AUD201', 'umeng_analytics'), ('AUD201', 'xiaomi_push'),
        ('AUD206', 'unknown:com.mystery.lite'), ('AUD301', 'clipboard'), ('AUD301', 'contacts'),
        ('AUD301', 'device_id'), ('AUD301', 'installed_apps'), ('AUD301', 'microphone'),
        ('AUD304', 'device_id'), ('AUD304', 'network_id'), ('AUD305', 'clipboard'),
        ('AUD306', 'installed_apps'), ('AUD502', 'targetSdkVersion'),
    },
    ('003', 'voicenotes.apk'): {
        ('AUD101', 'READ_EXTERNAL_STORAGE'), ('AUD101', 'READ_SMS'), ('AUD101', 'RECORD_AUDIO'), ('AUD101', 'SYSTEM_ALERT_WINDOW'),
        ('AUD101', 'WRITE_EXTERNAL_STORAGE'), ('AUD104', 'SYSTEM_ALERT_WINDOW'), ('AUD201', 'bugly'),
        ('AUD201', 'iflytek_msc'), ('AUD301', 'device_id'), ('AUD301', 'microphone'), ('AUD301', 'sms'),
        ('AUD304', 'device_id'), ('AUD501', 'READ_SMS'), ('AUD502', 'targetSdkVersion'),
    },
    ('003', 'bigshop.apk'): {
        ('AUD101', 'REQUEST_INSTALL_PACKAGES'), ('AUD104', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD105', 'ACCESS_BACKGROUND_LOCATION'), ('AUD201', 'getui'), ('AUD206', 'unknown:a.a'),
        ('AUD301', 'device_id'), ('AUD301', 'installed_apps'), ('AUD304', 'device_id'),
        ('AUD306', 'installed_apps'), ('AUD501', 'QUERY_ALL_PACKAGES'), ('AUD501', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD502', 'targetSdkVersion'),
    },
    ('004', 'chat.apk'): {
        ('AUD101', 'CAMERA'), ('AUD101', 'POST_NOTIFICATIONS'), ('AUD101', 'READ_CONTACTS'),
        ('AUD101', 'READ_EXTERNAL_STORAGE'), ('AUD101', 'READ_MEDIA_IMAGES'), ('AUD101', 'READ_MEDIA_VIDEO'),
        ('AUD101', 'RECORD_AUDIO'), ('AUD101', 'WRITE_EXTERNAL_STORAGE'), ('AUD201', 'amap_location'),
        ('AUD201', 'jpush'), ('AUD201', 'umeng_analytics'), ('AUD201', 'xiaomi_push'),
        ('AUD206', 'unknown:com.mystery.lite'), ('AUD301', 'clipboard'), ('AUD301', 'contacts'),
        ('AUD301', 'device_id'), ('AUD301', 'microphone'), ('AUD303', 'installed_apps'),
        ('AUD304', 'device_id'), ('AUD304', 'network_id'), ('AUD305', 'clipboard'),
        ('AUD306', 'installed_apps'), ('AUD502', 'targetSdkVersion'),
    },
    ('004', 'voicenotes.apk'): {
        ('AUD101', 'READ_EXTERNAL_STORAGE'), ('AUD101', 'READ_SMS'), ('AUD101', 'RECORD_AUDIO'),
        ('AUD101', 'SYSTEM_ALERT_WINDOW'), ('AUD101', 'WRITE_EXTERNAL_STORAGE'),
        ('AUD104', 'SYSTEM_ALERT_WINDOW'), ('AUD201', 'bugly'), ('AUD201', 'iflytek_msc'),
        ('AUD301', 'device_id'), ('AUD301', 'microphone'), ('AUD301', 'sms'), ('AUD304', 'device_id'),
        ('AUD501', 'READ_SMS'), ('AUD502', 'targetSdkVersion'),
    },
    ('004', 'bigshop.apk'): {
        ('AUD101', 'REQUEST_INSTALL_PACKAGES'), ('AUD104', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD105', 'ACCESS_BACKGROUND_LOCATION'), ('AUD201', 'getui'), ('AUD206', 'unknown:a.a'),
        ('AUD301', 'device_id'), ('AUD303', 'installed_apps'), ('AUD304', 'device_id'),
        ('AUD306', 'installed_apps'), ('AUD501', 'QUERY_ALL_PACKAGES'), ('AUD501', 'REQUEST_INSTALL_PACKAGES'),
        ('AUD502', 'targetSdkVersion'),
    },
}


@pytest.mark.parametrize("key", sorted(SEED_EXPECTED))
def test_sample_apps_against_seed_policies(key, seeds):
    prefix, apk = key
    policy = next(seeds.glob(prefix + "_*.txt"))
    # chat.apk calls JPushInterface.init in Application.onCreate (reads the IMEI and the app list): AUD6xx, any policy
    startup = {("AUD601", "jpush"), ("AUD602", "device_id"), ("AUD602", "installed_apps")} if apk == "chat.apk" else set()
    assert pairs(run(apk, policy)) == SEED_EXPECTED[key] | startup


def test_every_pair_has_consistent_findings(seeds):
    policies = sorted(seeds.glob("*.txt")) + sorted(POLICIES.iterdir())
    for apk in ("chat.apk", "voicenotes.apk", "bigshop.apk", "legacy.apk", "shop.apks"):
        for pol in policies:
            r = run(apk, pol)
            fps = [f.fingerprint for f in r.findings]
            assert len(fps) == len(set(fps)), (apk, pol.name)
            for f in r.findings:
                assert f.fingerprint == fingerprint(f.rule_id, r.scan.facts.manifest.package, f.subject_kind, f.subject_id)
                assert f.evidence, f
                assert f.subject_kind in ("permission", "sdk", "category", "app")
                if f.rule_id in ("AUD101", "AUD201", "AUD301", "AUD302"):
                    assert {e.side for e in f.evidence} == {"app", "policy"}, f


def test_fingerprints_are_stable_across_runs_and_independent_of_evidence():
    a = run("chat.apk", POLICIES / "chat_policy.md")
    b = audit(scan_bytes((SAMPLES / "chat.apk").read_bytes(), "renamed.apk"),
              read_policy((POLICIES / "chat_policy.md").read_bytes(), "other-name.md"))
    assert [f.fingerprint for f in a.findings] == [f.fingerprint for f in b.findings]


def test_suppressions_and_baseline():
    pol = POLICIES / "chat_policy.md"
    base = run("chat.apk", pol)
    high = [f for f in base.findings if f.severity == Severity.high]
    sup = AuditSettings(suppressions=(Suppression("AUD302", "policy fix under legal review", "clipboard"),),
                        baseline=frozenset(f.fingerprint for f in high if f.rule_id != "AUD302"))
    r = run("chat.apk", pol, sup)
    statuses = {(f.rule_id, f.subject_id): f.status for f in r.findings}
    assert statuses[("AUD302", "clipboard")] == "suppressed"
    assert statuses[("AUD201", "amap_location")] == "baselined"
    assert not r.failed and r.counts()["high"] == 0
    assert AuditSettings(fail_on=Severity.medium).fail_on == Severity.medium
    assert run("chat.apk", pol, AuditSettings(fail_on=Severity.medium, baseline=sup.baseline,
                                               suppressions=sup.suppressions)).failed


def test_rule_registry_is_well_formed_and_documented():
    from tools_gen import expected_pages

    rules = all_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)) >= 20
    for r in rules:
        assert r.id[:3] == "AUD" and r.id[3] in "1234567" and len(r.id) == 6
        assert r.summary and r.rationale and r.references and r.fix
    for name, text in expected_pages().items():
        page = ROOT / "docs" / "rules" / name
        assert page.read_text(encoding="utf-8") == text, f"{name} is stale: run tools/gen_rule_docs.py"


def test_audit_result_is_plain_and_picklable():
    """A batch worker on another machine returns the whole audit: it must serialise."""
    import pickle

    r = run("chat.apk", POLICIES / "chat_policy.md")
    again = pickle.loads(pickle.dumps(r))
    assert again.findings == r.findings and again.checklist == r.checklist and again.failed == r.failed


def test_rules_command():
    listing = run_cli("rules")
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == len(all_rules())
    assert "AUD201  high" in listing.stdout
    one = run_cli("rules", "aud302")
    assert one.returncode == 0 and "denied-but-collected" in one.stdout and "fix:" in one.stdout
    assert run_cli("rules", "AUD999").returncode == 2

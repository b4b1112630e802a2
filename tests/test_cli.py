from __future__ import annotations

import json
import subprocess
import sys

from auditor import __version__
from conftest import ROOT, SAMPLES, run_cli, valid


def test_version():
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"auditor {__version__}"


def test_cli_import_does_not_load_androguard():
    code = "import sys, auditor.cli; print('androguard' in sys.modules or any(m.startswith('androguard') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_help_does_not_load_androguard():
    code = ("import sys\nfrom auditor import cli\nsys.argv=['auditor','--help']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print('ANDROGUARD', any(m.startswith('androguard') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "ANDROGUARD False" in out.stdout
    assert "scan" in out.stdout


def test_scan_table_report_sections():
    proc = run_cli("scan", str(SAMPLES / "chat.apk"))
    assert proc.returncode == 1, proc.stderr  # AUD601/AUD602 (high): JPush starts before consent
    out = proc.stdout
    for needle in ("com.example.chat", "2.1.0 (code 210)", "min 21, target 34, compile 34",
                   "Permissions (22, 11 dangerous)", "READ_PHONE_STATE", "DANGEROUS", "max 32",
                   "Exported components (7 of 17)", "35 classes in 1 dex file(s)", "native libraries: 3"):
        assert needle in out, needle
    assert "unknown" in out  # the partner permission is kept, marked unknown
    assert max(len(line) for line in out.splitlines()) <= 100
    assert proc.stderr == ""  # androguard's log output never reaches the user


def test_scan_table_marks_implied_permissions():
    proc = run_cli("scan", str(SAMPLES / "legacy.apk"))
    # targetSdk 3 is a high finding even without a policy (AUD502): the scan fails the pipeline
    assert proc.returncode == 1 and "AUD502" in proc.stdout
    line = next(l for l in proc.stdout.splitlines() if "READ_CALL_LOG" in l)
    assert "implied" in line


def test_scan_json_document(tmp_path):
    out = tmp_path / "chat.json"
    proc = run_cli("scan", str(SAMPLES / "chat.apk"), "--format", "json", "--output", str(out))
    assert proc.returncode == 1, proc.stderr  # AUD601/AUD602 (high): JPush starts before consent
    assert proc.stdout == ""
    doc = valid(json.loads(out.read_text()), "scan")
    assert doc["schema_version"] == 1
    assert set(doc["app"]) >= {"package", "version_code", "version_name", "min_sdk", "target_sdk", "compile_sdk", "sha256"}
    assert doc["app"]["package"] == "com.example.chat"
    assert doc["app"]["version_code"] == 210
    assert len(doc["app"]["sha256"]) == 64
    perm_keys = {"name", "source", "max_sdk_version", "protection_level", "runtime", "group", "categories", "zh_name", "known"}
    for p in doc["permissions"]:
        assert set(p) >= perm_keys
    phone = next(p for p in doc["permissions"] if p["name"] == "android.permission.READ_PHONE_STATE")
    assert phone["runtime"] is True and phone["group"] == "PHONE" and "device_id" in phone["categories"]
    assert phone["zh_name"] == "读取电话状态"
    assert set(doc["code"]) >= {"class_count", "dex_files", "native_libs", "assets"}
    assert doc["code"]["dex_files"] == [{"name": "classes.dex", "class_count": 35, "size": doc["code"]["dex_files"][0]["size"]}]
    assert {c["kind"] for c in doc["components"]} == {"activity", "activity-alias", "service", "receiver", "provider"}


def test_json_to_stdout_is_pure_json():
    proc = run_cli("scan", str(SAMPLES / "shop.apks"), "-f", "json")
    assert proc.returncode == 0
    doc = valid(json.loads(proc.stdout), "scan")
    assert doc["input"]["kind"] == "apks"
    assert doc["input"]["parts"][0] == "base.apk"

"""Our manifest model must agree exactly with `aapt dump badging` and `dexdump`.

The reference outputs were recorded by samples/build.py from Debian's aapt and
dexdump; when those tools are on PATH the same comparison also runs live.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest

from auditor.apk import read_app
from auditor.apk.dex import DexFile
from conftest import SAMPLES

APKS = (sorted(p.name for p in SAMPLES.glob("*.apk")) + sorted(f"parts/{p.name}" for p in (SAMPLES / "parts").glob("*.apk"))
        + sorted(f"versions/{p.name}" for p in (SAMPLES / "versions").glob("*.apk")))
_ATTR = re.compile(r"(\w+)='([^']*)'")


def parse_badging(text: str) -> dict:
    out = {"permissions": [], "implied": {}}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        attrs = dict(_ATTR.findall(rest))
        if key == "package":
            out.update(package=attrs["name"], version_code=attrs.get("versionCode") or None,
                       version_name=attrs.get("versionName") or None, compile_sdk=attrs.get("compileSdkVersion"))
        elif key == "sdkVersion":
            out["min_sdk"] = rest.strip().strip("'")
        elif key == "targetSdkVersion":
            out["target_sdk"] = rest.strip().strip("'")
        elif key in ("uses-permission", "uses-permission-sdk-23"):
            out["permissions"].append((key, attrs["name"], attrs.get("maxSdkVersion")))
        elif key == "uses-implied-permission":
            out["implied"][attrs["name"]] = attrs["reason"]
        elif key == "application-label":
            out["label"] = rest.strip().strip("'")
    return out


def ours(apk_path) -> dict:
    facts, _ = read_app(apk_path.read_bytes(), apk_path.name)
    m = facts.manifest
    perms = []
    implied = {}
    for p in m.uses_permissions:
        key = "uses-permission" if p.source in ("uses-permission", "implied") else p.source
        perms.append((key, p.name, None if p.max_sdk_version is None else str(p.max_sdk_version)))
        if p.source == "implied":
            implied[p.name] = p.implied_reason
    return {
        "package": m.package, "version_code": None if m.version_code is None else str(m.version_code),
        "version_name": m.version_name, "compile_sdk": None if m.compile_sdk is None else str(m.compile_sdk),
        "min_sdk": str(m.min_sdk), "target_sdk": str(m.target_sdk), "permissions": perms, "implied": implied,
        "label": m.label,
    }


def _compare(expected: dict, got: dict) -> None:
    assert got["package"] == expected["package"]
    assert got["version_code"] == expected["version_code"]
    assert got["version_name"] == expected["version_name"]
    assert got["compile_sdk"] == expected["compile_sdk"]
    assert got["min_sdk"] == expected.get("min_sdk", "1")
    # aapt prints targetSdkVersion only when the manifest has one; it then equals ours
    assert got["target_sdk"] == expected.get("target_sdk", got["min_sdk"])
    assert sorted(got["permissions"]) == sorted(expected["permissions"])
    assert got["implied"] == expected["implied"]
    if "label" in expected:  # aapt prints application-label only when it can resolve one
        assert got["label"] == expected["label"]


@pytest.mark.parametrize("apk", APKS)
def test_manifest_matches_recorded_aapt_badging(apk):
    path = SAMPLES / apk
    expected = parse_badging((SAMPLES / "expected" / f"{path.name}.badging.txt").read_text())
    _compare(expected, ours(path))


@pytest.mark.skipif(shutil.which("aapt") is None, reason="aapt not installed")
@pytest.mark.parametrize("apk", APKS)
def test_manifest_matches_live_aapt_badging(apk):
    path = SAMPLES / apk
    live = subprocess.run(["aapt", "dump", "badging", str(path)], capture_output=True, text=True, check=True)
    _compare(parse_badging(live.stdout), ours(path))


@pytest.mark.parametrize("apk", APKS)
def test_dex_class_counts_match_dexdump(apk):
    path = SAMPLES / apk
    expected = json.loads((SAMPLES / "expected" / f"{path.name}.dexdump.json").read_text())
    with zipfile.ZipFile(path) as zf:
        got = {n: DexFile(zf.read(n), n).class_count for n in zf.namelist() if n.endswith(".dex")}
    assert got == expected
    facts, _ = read_app(path.read_bytes(), path.name)
    assert facts.code.class_count == sum(expected.values())


def test_samples_cover_the_interesting_rules():
    """Guard against a sample losing what makes it a useful reference."""
    legacy = parse_badging((SAMPLES / "expected" / "legacy.apk.badging.txt").read_text())
    assert set(legacy["implied"].values()) == {
        "targetSdkVersion < 4", "requested WRITE_EXTERNAL_STORAGE",
        "targetSdkVersion < 16 and requested READ_CONTACTS", "targetSdkVersion < 16 and requested WRITE_CONTACTS",
    }
    chat = parse_badging((SAMPLES / "expected" / "chat.apk.badging.txt").read_text())
    assert any(mx for _, _, mx in chat["permissions"])
    voice = parse_badging((SAMPLES / "expected" / "voicenotes.apk.badging.txt").read_text())
    assert any(k == "uses-permission-sdk-23" for k, _, _ in voice["permissions"])
    assert len(json.loads((SAMPLES / "expected" / "bigshop.apk.dexdump.json").read_text())) == 3
    labelled = parse_badging((SAMPLES / "expected" / "labelled.apk.badging.txt").read_text())
    assert labelled["label"] == "Labelled 标签" and labelled["version_name"] == "4.2.0-rc1"  # via resources.arsc


REALWORLD = [p for p in os.environ.get("AUDITOR_REALWORLD_APKS", "").split(os.pathsep) if p]


@pytest.mark.skipif(not REALWORLD or shutil.which("aapt") is None,
                    reason="set AUDITOR_REALWORLD_APKS to APK paths (and install aapt) to cross-check them")
@pytest.mark.parametrize("apk", REALWORLD)
def test_realworld_apk_matches_aapt(apk):
    from pathlib import Path

    path = Path(apk)
    live = subprocess.run(["aapt", "dump", "badging", str(path)], capture_output=True, text=True, check=True)
    _compare(parse_badging(live.stdout), ours(path))

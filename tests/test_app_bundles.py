"""Android App Bundles (.aab): audited like a split set, equal to the same app built as APKs.

samples/*.aab are built by samples/build.py from the same sources as the APKs, their
manifests re-encoded as aapt2 protobuf XML by samples/tools/proto_encode.py."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

from auditor.errors import InputError
from auditor.scan import scan_bytes
from conftest import SAMPLES, run_cli


def _view(r):
    return {
        "permissions": sorted((p.name, p.source, p.split, p.max_sdk_version, p.protection_level) for p in r.permissions),
        "sdks": sorted((h.id, h.confidence, tuple(sorted(str(e) for e in h.evidence))) for h in r.sdks),
        "calls": sorted((c.site.api, c.site.caller, c.party, c.accessor) for c in r.code.calls),
        "identity": (r.facts.manifest.package, r.facts.manifest.version_code, r.facts.manifest.version_name,
                     r.facts.manifest.label, r.facts.manifest.min_sdk, r.facts.manifest.target_sdk),
        "components": sorted((c.kind, c.name, c.exported) for c in r.facts.manifest.components),
        "classes": r.facts.code.classes,
        "libs": sorted((n.abi, n.name) for n in r.facts.code.native_libs),
        "assets": r.facts.code.assets,
    }


@pytest.mark.parametrize("aab,apk", [("chat.aab", "chat.apk"), ("shop.aab", "shop.apks"),
                                     ("labelled.aab", "labelled.apk")])
def test_bundle_audits_equal_to_the_apk_build(aab, apk):
    ra = scan_bytes((SAMPLES / aab).read_bytes(), aab)
    rb = scan_bytes((SAMPLES / apk).read_bytes(), apk)
    va, vb = _view(ra), _view(rb)
    assert va == vb
    assert va["permissions"] and (va["sdks"] and va["calls"] or aab == "labelled.aab")
    assert ra.facts.input.kind == "aab" and ra.facts.anomalies == () and ra.facts.incomplete == ()


def test_feature_module_permissions_carry_the_module():
    r = scan_bytes((SAMPLES / "shop.aab").read_bytes(), "shop.aab")
    assert r.facts.input.parts == ("base", "feature_scan")
    audio = [p for p in r.permissions if p.name == "android.permission.RECORD_AUDIO"]
    assert [p.split for p in audio] == ["feature_scan"]
    assert {d.name for d in r.facts.code.dex_files} == {"base/dex/classes.dex", "feature_scan/dex/classes.dex"}


def test_label_resolves_through_resources_pb():
    r = scan_bytes((SAMPLES / "labelled.aab").read_bytes(), "labelled.aab")
    assert (r.facts.manifest.label, r.facts.manifest.version_name) == ("Labelled 标签", "4.2.0-rc1")


def _rewrite(src: str, change) -> bytes:
    with zipfile.ZipFile(SAMPLES / src) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    change(entries)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, b in entries.items():
            zf.writestr(n, b)
    return buf.getvalue()


def test_damaged_feature_dex_is_a_partial_result():
    data = _rewrite("shop.aab", lambda e: e.__setitem__("feature_scan/dex/classes.dex", b"dex\n035\0" + b"\xff" * 50))
    r = scan_bytes(data, "shop.aab")
    assert [g.file for g in r.facts.incomplete] == ["feature_scan/dex/classes.dex"]
    assert "android.permission.RECORD_AUDIO" in {p.name for p in r.permissions}


@pytest.mark.parametrize("blob", [b"\x0a", b"\x0a\x05\x1a\x03man", b"\x0a\x02\x1a\xff", b"\xff" * 20, b""])
def test_broken_protobuf_manifest_is_an_input_error(blob, tmp_path):
    data = _rewrite("chat.aab", lambda e: e.__setitem__("base/manifest/AndroidManifest.xml", blob))
    with pytest.raises(InputError):
        scan_bytes(data, "broken.aab")


def test_bundle_cli_json(tmp_path):
    proc = run_cli("scan", str(SAMPLES / "shop.aab"), "--format", "json", "--exit-zero")
    assert proc.returncode == 0, proc.stderr
    import json

    doc = json.loads(proc.stdout)
    assert doc["input"]["kind"] == "aab" and doc["input"]["parts"] == ["base", "feature_scan"]
    assert doc["code"]["incomplete"] == [] and doc["archive_anomalies"] == []


def test_asset_pack_and_extra_feature_module_are_parts():
    """Every module directory with a manifest is a part: an asset pack's assets and a second
    feature module's permission (marked with its module) are reported."""
    sys.path.insert(0, str(SAMPLES / "tools"))
    from proto_encode import encode_manifest

    pack = encode_manifest(b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
                           b'package="com.example.shop" split="levels"/>')
    feature = encode_manifest(b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
                              b'package="com.example.shop" split="maps"><uses-permission '
                              b'android:name="android.permission.ACCESS_FINE_LOCATION"/></manifest>')

    def add(e):
        e["levels/manifest/AndroidManifest.xml"] = pack
        e["levels/assets/level1.bin"] = b"\0" * 10
        e["maps/manifest/AndroidManifest.xml"] = feature

    r = scan_bytes(_rewrite("shop.aab", add), "shop.aab")
    assert r.facts.input.parts == ("base", "feature_scan", "levels", "maps")
    assert "level1.bin" in r.facts.code.assets
    fine = [p for p in r.permissions if p.name == "android.permission.ACCESS_FINE_LOCATION"]
    assert [p.split for p in fine] == ["maps"]

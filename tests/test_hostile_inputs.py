"""Hostile and evasive archives, read as Android reads them (issue 11).

Every technique is applied to the project's own chat.apk by bench/mutations.py:
installable tampering is audited with the right permissions and an AUD701 finding that
names the entry and the field; what Android refuses exits 3 with a reason saying so; a
damaged DEX keeps every permission and manifest-visible SDK, with code.incomplete and
AUD702."""

from __future__ import annotations

import json
import sys

import pytest

from auditor.audit import audit
from auditor.errors import InputError
from auditor.scan import scan_bytes
from conftest import ROOT, SAMPLES, run_cli

sys.path.insert(0, str(ROOT / "bench"))
import mutations as M  # noqa: E402

ENTRIES = M.sample_entries("chat.apk")


@pytest.fixture(scope="module")
def reference():
    r = scan_bytes((SAMPLES / "chat.apk").read_bytes(), "chat.apk")
    return ({(p.name, p.source) for p in r.permissions}, {h.id for h in r.sdks},
            sorted((c.site.api, c.site.caller) for c in r.code.calls))


@pytest.mark.parametrize("name", sorted(M.TAMPER))
def test_installable_tampering_is_audited_and_reported(name, reference):
    make, entry, field = M.TAMPER[name]
    result = scan_bytes(make(ENTRIES), f"{name}.apk")
    perms, sdks, calls = reference
    assert {(p.name, p.source) for p in result.permissions} == perms
    assert {h.id for h in result.sdks} == sdks
    assert sorted((c.site.api, c.site.caller) for c in result.code.calls) == calls
    assert result.facts.incomplete == ()
    hits = [a for a in result.facts.anomalies if a.field == field and (entry == "*" or a.entry == entry)]
    assert hits, result.facts.anomalies
    findings = [f for f in audit(result).findings if f.rule_id == "AUD701"]
    assert findings and all(f.severity.name == "high" for f in findings)
    target = [f for f in findings if f.subject_id.endswith(hits[0].entry or "(archive)")]
    assert target and any(dict(i.location)["field"] == field for i in target[0].evidence)


@pytest.mark.parametrize("name", sorted(M.REFUSED))
def test_what_android_refuses_is_refused_with_the_reason(name):
    make, why = M.REFUSED[name]
    with pytest.raises(InputError) as err:
        scan_bytes(make(ENTRIES), f"{name}.apk")
    assert why in str(err.value) and "Android would refuse" in str(err.value)
    assert "\n" not in str(err.value)


def test_refused_input_exits_3_with_one_line(tmp_path):
    path = tmp_path / "dup.apk"
    path.write_bytes(M.REFUSED["duplicate-manifest"][0](ENTRIES))
    proc = run_cli("scan", str(path))
    assert proc.returncode == 3 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        f"auditor: error: dup.apk: duplicate entry name 'AndroidManifest.xml' (two entries with one name); "
        "Android would refuse to install it"]


def test_the_second_manifest_is_never_audited_silently():
    """The attack: append a harmless AndroidManifest.xml; zipfile-based tools audit that one."""
    with pytest.raises(InputError, match="duplicate entry name"):
        scan_bytes(M.REFUSED["duplicate-manifest"][0](ENTRIES), "dup.apk")


def test_damaged_dex_keeps_the_rest_of_the_report(tmp_path, reference):
    path = tmp_path / "damaged.apk"
    path.write_bytes(M.damaged_dex(ENTRIES))
    proc = run_cli("scan", str(path), "--format", "json", "--exit-zero")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    perms, _sdks, _calls = reference
    assert {(p["name"], p["source"]) for p in doc["permissions"]} == perms
    # manifest-visible SDKs (components, meta-data, native libraries) survive without the code
    assert {s["id"] for s in doc["sdks"]} == {"jpush", "jiguang_jcore", "xiaomi_push", "amap_location",
                                             "umeng_common"}
    assert doc["code"]["incomplete"] == [
        {"file": "classes.dex", "reason": "class_defs table lies outside the file (offset 2147483392, 35 entries)"}]
    assert doc["api_calls"] == []
    incomplete = [f for f in doc["findings"] if f["rule_id"] == "AUD702"]
    assert len(incomplete) == 1 and incomplete[0]["severity"] == "high"
    assert "code-level verdict is incomplete" in incomplete[0]["message"]


def test_code_stage_damage_in_one_dex_keeps_the_other_dex_files():
    """bigshop has three dex files: a method table damaged in classes2.dex loses only that file."""
    import io
    import struct
    import zipfile

    with zipfile.ZipFile(SAMPLES / "bigshop.apk") as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    good = scan_bytes((SAMPLES / "bigshop.apk").read_bytes(), "bigshop.apk")
    dex = bytearray(entries["classes2.dex"])
    struct.pack_into("<I", dex, 0x5C, 0x7FFFFFF0)  # method_ids_off far outside the file
    entries["classes2.dex"] = bytes(dex)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, b in entries.items():
            zf.writestr(n, b)
    result = scan_bytes(buf.getvalue(), "bigshop.apk")
    assert [g.file for g in result.facts.incomplete] == ["classes2.dex"]
    assert {c.site.dex for c in result.code.calls} == {c.site.dex for c in good.code.calls} - {"classes2.dex"}
    assert {p.name for p in result.permissions} == {p.name for p in good.permissions}


def test_clean_samples_have_no_anomalies():
    for apk in ("chat.apk", "bigshop.apk", "shop.apks", "shop.xapk", "labelled.apk"):
        result = scan_bytes((SAMPLES / apk).read_bytes(), apk, )
        assert result.facts.anomalies == () and result.facts.incomplete == (), apk


def test_non_regular_input_is_refused_up_front():
    proc = run_cli("scan", "/dev/zero")
    assert proc.returncode == 3
    assert proc.stderr.strip() == "auditor: error: /dev/zero: not a regular file (a device, pipe or socket); refused"


def test_deep_manifest_is_refused_quickly_and_shallow_nesting_still_reads():
    import time

    deep = M.write_zip(M._with(ENTRIES, "AndroidManifest.xml", data=M.deep_manifest(M._manifest(ENTRIES), 100_000)))
    t = time.perf_counter()
    with pytest.raises(InputError, match="nest more than 512 deep"):
        scan_bytes(deep, "deep.apk", )
    assert time.perf_counter() - t < 5
    ok = M.write_zip(M._with(ENTRIES, "AndroidManifest.xml", data=M.deep_manifest(M._manifest(ENTRIES), 400)))
    assert len(scan_bytes(ok, "ok.apk").permissions) == len(scan_bytes(M.write_zip(ENTRIES), "x.apk").permissions)


def test_string_pool_offsets_are_checked_only_where_android_checks_them():
    """A pool entry no element uses may point anywhere: Android and aapt install/parse the app."""
    man = M.unused_bad_string(M._manifest(ENTRIES))
    result = scan_bytes(M.write_zip(M._with(ENTRIES, "AndroidManifest.xml", data=man)), "pool.apk")
    clean = scan_bytes(M.write_zip(ENTRIES), "clean.apk")
    assert [(p.name, p.source) for p in result.permissions] == [(p.name, p.source) for p in clean.permissions]
    assert result.facts.manifest.components == clean.facts.manifest.components


def test_zipflinger_virtual_entries_are_not_hidden_data():
    """AGP fills holes with nameless local headers; real release bundles carry them."""
    padded = M._with(ENTRIES, "classes.dex", gap_before=M.virtual_entry(123))
    assert scan_bytes(M.write_zip(padded), "agp.apk").facts.anomalies == ()
    hidden = M._with(ENTRIES, "classes.dex", gap_before=M.virtual_entry(123)[:-1] + b"X" + b"junk")
    assert [a.kind for a in scan_bytes(M.write_zip(hidden), "x.apk").facts.anomalies] == ["data-between-entries"]

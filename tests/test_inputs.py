"""Input handling: bundles, nesting, limits, and every kind of bad input."""

from __future__ import annotations

import struct
import zipfile

import pytest

from auditor.apk import Limits, read_app
from auditor.errors import InputError
from conftest import SAMPLES, make_zip, run_cli, sample_entries


def test_plain_apk_is_read():
    facts, _ = read_app((SAMPLES / "chat.apk").read_bytes(), "chat.apk")
    assert facts.input.kind == "apk"
    assert facts.manifest.package == "com.example.chat"
    assert facts.input.parts == ()


@pytest.mark.parametrize("bundle,kind", [("shop.apks", "apks"), ("shop.xapk", "xapk")])
def test_split_bundle_reads_base_manifest_and_every_split(bundle, kind):
    facts, _ = read_app((SAMPLES / bundle).read_bytes(), bundle)
    assert facts.input.kind == kind
    assert facts.manifest.package == "com.example.shop"
    assert facts.manifest.split is None  # the base, not a split, is the app's manifest
    assert facts.manifest.target_sdk == 35
    libs = {(n.abi, n.name) for n in facts.code.native_libs}
    assert ("arm64-v8a", "liblocSDK8b.so") in libs  # from the ABI split
    if kind == "apks":
        assert facts.input.parts[0] == "base.apk"
        assert {d.name for d in facts.code.dex_files} == {"base.apk!classes.dex", "split_feature_scan.apk!classes.dex"}
        assert "com.example.shop.scan.VoiceSearch" in facts.code.classes  # classes from the feature split
        assert "scan/model.bin" in facts.code.assets
        assert [m.split for m in facts.split_manifests] == ["config.arm64_v8a", "feature_scan"]
    else:
        assert facts.input.parts[0] == "com.example.shop.apk"  # base found by its manifest, not its name


def test_split_permissions_are_reported_with_their_split():
    from auditor.scan import scan_bytes

    result = scan_bytes((SAMPLES / "shop.apks").read_bytes(), "shop.apks")
    rec = [p for p in result.permissions if p.name == "android.permission.RECORD_AUDIO"]
    assert len(rec) == 1 and rec[0].split == "feature_scan"


def test_nested_bundle_is_opened_to_a_bounded_depth():
    inner = make_zip({"base.apk": (SAMPLES / "chat.apk").read_bytes()})
    outer = make_zip({"inner.apks": inner})
    facts, _ = read_app(outer, "outer.zip")
    assert facts.manifest.package == "com.example.chat"
    too_deep = make_zip({"a.apks": make_zip({"b.apks": make_zip({"c.apks": inner})})})
    with pytest.raises(InputError, match="nested deeper"):
        read_app(too_deep, "deep.zip")


def test_entry_size_limit_refuses_before_inflating():
    with pytest.raises(InputError, match="exceeds"):
        read_app((SAMPLES / "chat.apk").read_bytes(), "chat.apk", Limits(max_entry_bytes=1000))


def test_zip_bomb_total_budget():
    bomb = make_zip({"AndroidManifest.xml": b"\0" * 2_000_000, "classes.dex": b"\0" * 2_000_000})
    with pytest.raises(InputError, match="total size limit"):
        read_app(bomb, "bomb.apk", Limits(max_total_bytes=1_000_000))


def _broken_string_pool() -> bytes:
    entries = sample_entries("chat.apk")
    axml = bytearray(entries["AndroidManifest.xml"])
    struct.pack_into("<I", axml, 16, 0x7FFFFFFF)  # string count far larger than its chunk
    entries["AndroidManifest.xml"] = bytes(axml)
    return make_zip(entries)


def _broken_offsets() -> bytes:
    entries = sample_entries("chat.apk")
    axml = bytearray(entries["AndroidManifest.xml"])
    count = struct.unpack_from("<I", axml, 16)[0]
    for i in range(count):
        struct.pack_into("<I", axml, 36 + 4 * i, 0xFFFFF0)
    entries["AndroidManifest.xml"] = bytes(axml)
    return make_zip(entries)


def _truncated_dex() -> bytes:
    entries = sample_entries("chat.apk")
    entries["classes.dex"] = entries["classes.dex"][:500]
    return make_zip(entries)


def test_truncated_dex_is_a_partial_result_not_a_lost_report():
    facts, dexes = read_app(_truncated_dex(), "truncated-dex.apk")
    assert dexes == [] and facts.manifest.package == "com.example.chat"
    assert [(g.file, g.reason) for g in facts.incomplete] == [
        ("classes.dex", "truncated DEX (header says 7400 bytes, have 500)")]


BAD = {
    "empty": lambda: b"",
    "not-a-zip": lambda: b"This is a text file, not an APK.\n" * 10,
    "truncated-zip": lambda: (SAMPLES / "chat.apk").read_bytes()[:3000],
    "corrupt-zip": lambda: b"PK\x03\x04" + b"\xff" * 500,
    "zip-without-manifest": lambda: make_zip({"readme.txt": b"hello"}),
    "broken-string-pool": _broken_string_pool,
    "broken-string-offsets": _broken_offsets,
    "manifest-garbage": lambda: make_zip({"AndroidManifest.xml": b"\x03\x00\x08\x00" + b"\xff" * 300}),
    "manifest-plain-xml-malformed": lambda: make_zip({"AndroidManifest.xml": b"<manifest package='x'><oops"}),
    "aab": lambda: make_zip({"base/manifest/AndroidManifest.xml": b"\x0a", "BundleConfig.pb": b""}),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_library_raises_input_error(case):
    with pytest.raises(InputError):
        read_app(BAD[case](), f"{case}.apk")


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_cli_one_line_exit_3(case, tmp_path):
    path = tmp_path / f"{case}.apk"
    path.write_bytes(BAD[case]())
    proc = run_cli("scan", str(path))
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("auditor: error: ")
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_missing_file_and_directory_exit_3(tmp_path):
    for target in (tmp_path / "nope.apk", tmp_path):
        proc = run_cli("scan", str(target))
        assert proc.returncode == 3
        assert len(proc.stderr.strip().splitlines()) == 1


def test_usage_error_exit_2():
    proc = run_cli("scan", "--format", "yaml", str(SAMPLES / "chat.apk"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_apkm_bundle_is_recognised_by_content():
    facts, _ = read_app((SAMPLES / "shop.apks").read_bytes(), "shop.apkm")
    assert facts.input.kind == "apkm" and facts.manifest.package == "com.example.shop"
    assert facts.input.parts[0] == "base.apk"


def test_resources_table_is_read_only_when_a_value_references_it():
    from auditor.apk.manifest import make_resolver

    calls = []

    def load():
        calls.append(1)
        return zipfile.ZipFile(SAMPLES / "labelled.apk").read("resources.arsc")

    resolve = make_resolver(load)
    assert resolve("4.2.0") == "4.2.0" and calls == []
    assert resolve("@7F010001") == "4.2.0-rc1" and calls == [1]
    assert resolve("@7F010000") == "Labelled 标签" and calls == [1]  # parsed once

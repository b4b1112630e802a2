"""Seeded mutation tests: damaged manifests, DEX files, archives and policies end in a clean
InputError (one line, exit 3), never in another exception. A short, deterministic slice of the
mutation runs that found the DEX reader's boundary bugs."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from auditor.errors import InputError
from auditor.policy import read_policy
from auditor.scan import scan_bytes
from conftest import ROOT, SAMPLES, sample_entries


def _mutated_apks(seed: int, count: int):
    entries = sample_entries("chat.apk")
    rng = random.Random(seed)
    for _ in range(count):
        target = rng.choice(["AndroidManifest.xml", "classes.dex", "classes.dex"])
        data = bytearray(entries[target])
        for _ in range(rng.choice([1, 2, 4, 16])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, blob in entries.items():
                zf.writestr(name, bytes(data) if name == target else blob)
        yield target, buf.getvalue()


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_manifests_and_dex_files(seed):
    outcomes = {"ok": 0, "refused": 0}
    for _target, apk in _mutated_apks(seed, 120):
        try:
            scan_bytes(apk, "mutated.apk")
            outcomes["ok"] += 1
        except InputError as err:
            assert "\n" not in str(err)
            outcomes["refused"] += 1
    assert outcomes["ok"] and outcomes["refused"]  # both kinds of outcome really occur


def test_mutated_bundles_and_policies():
    rng = random.Random(3)
    bundle = (SAMPLES / "shop.apks").read_bytes()
    policies = [p.read_bytes() for p in (ROOT / "tests" / "policy_corpus").iterdir() if p.suffix in (".md", ".html", ".txt")]
    for i in range(150):
        if i % 2:
            d = bytearray(bundle)
            for _ in range(rng.choice([1, 3, 10])):
                d[rng.randrange(len(d))] = rng.randrange(256)
            call = lambda: scan_bytes(bytes(d), "m.apks")  # noqa: E731
        else:
            d = bytearray(rng.choice(policies))
            for _ in range(rng.choice([1, 5, 30])):
                pos = rng.randrange(len(d))
                d[pos:pos] = rng.choice([b"<div>", b"</td>", b"<table><tr><td>", b"\xef\xbc\x9a", b"|", b"\n", b"<!--"])
            call = lambda: read_policy(bytes(d), rng.choice(["p.html", "p.md", "p.txt"]))  # noqa: E731
        try:
            call()
        except InputError:
            pass

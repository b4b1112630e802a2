"""Inputs larger than memory should cost what their code costs: a large APK is mapped, not
read, and only the entries the scan needs become resident."""

from __future__ import annotations

import hashlib
import json
import mmap
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from auditor.run import audit_file
from auditor.source import MAP_THRESHOLD, read_source, sha256_hex
from conftest import ROOT, make_zip, sample_entries

HOLE = 700 * 1024**2  # more than the 512 MB a scan may use, so reading it whole would show
CHUNK = 16 * 1024**2


def _zero_crc(n: int) -> int:
    crc, block = 0, bytes(CHUNK)
    for off in range(0, n, CHUNK):
        crc = zlib.crc32(block[:min(CHUNK, n - off)], crc)
    return crc


def sparse_apk(path: Path, hole: int = HOLE) -> Path:
    """chat.apk's entries plus `assets/big.bin`, a stored entry of `hole` zero bytes written as a
    file-system hole: a large game-like APK that costs no disk space or time to make."""
    small = make_zip(sample_entries("chat.apk"))
    eocd = small.rfind(b"PK\x05\x06")
    _, _, _, _, count, cd_size, cd_off, _ = struct.unpack_from("<4sHHHHIIH", small, eocd)
    name, crc = b"assets/big.bin", _zero_crc(hole)
    lfh = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 10, 0, 0, 0, 0, crc, hole, hole, len(name), 0) + name
    cdr = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 10, 0, 0, 0, 0, crc, hole, hole,
                      len(name), 0, 0, 0, 0, 0, cd_off) + name
    with open(path, "wb") as f:
        f.write(small[:cd_off])
        f.write(lfh)
        f.seek(hole, 1)
        new_cd = f.tell()
        f.write(small[cd_off:cd_off + cd_size] + cdr)
        f.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count + 1, count + 1, cd_size + len(cdr), new_cd, 0))
    return path


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
    return h.hexdigest()


@pytest.fixture(scope="module")
def big_apk(tmp_path_factory) -> Path:
    return sparse_apk(tmp_path_factory.mktemp("large") / "big.apk")


@pytest.fixture(scope="module")
def big_sha(big_apk) -> str:
    return _file_sha(big_apk)


def test_only_large_inputs_are_mapped(tmp_path, big_apk):
    small = ROOT / "samples" / "chat.apk"
    assert isinstance(read_source(small, small.name, map_large=True), bytes)
    assert isinstance(read_source(big_apk, big_apk.name, map_large=True), mmap.mmap)
    assert big_apk.stat().st_size >= MAP_THRESHOLD
    # without map_large (policies, manifests of a batch) a path is always read
    (tmp_path / "p.txt").write_bytes(b"x" * 10)
    assert read_source(tmp_path / "p.txt", "p.txt", map_large=True) == b"x" * 10


def test_mapped_hash_is_the_file_hash(big_apk, big_sha):
    assert sha256_hex(read_source(big_apk, big_apk.name, map_large=True)) == big_sha


def test_large_apk_audits_like_its_code_in_bounded_memory(big_apk, big_sha):
    """The real CLI in a child process: the report is chat.apk's, with the big input's size and
    hash, and the child's peak RSS stays far below the input's size."""
    probe = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'auditor.cli', 'scan', sys.argv[1], '-f', 'json', '--exit-zero'],"
        " capture_output=True, text=True)\n"
        "sys.stderr.write(p.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(p.returncode)\n"
        "print(p.stdout)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(big_apk)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    peak_kb, rc, out = done.stdout.split("\n", 2)
    assert rc == "0", done.stderr
    doc = json.loads(out)
    assert doc["input"]["size"] == big_apk.stat().st_size
    assert doc["input"]["sha256"] == big_sha
    assert int(peak_kb) < 300 * 1024, f"peak RSS {int(peak_kb) // 1024} MB for a {HOLE >> 20} MB input"
    small = audit_file(ROOT / "samples" / "chat.apk").document()
    assert [f["fingerprint"] for f in doc["findings"]] == [f["fingerprint"] for f in small["findings"]]
    assert [s["id"] for s in doc["sdks"]] == [s["id"] for s in small["sdks"]]

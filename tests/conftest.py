from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


def run_cli(*args: str, input_bytes: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real console entry point in a subprocess (what a user or CI sees)."""
    return subprocess.run(
        [sys.executable, "-m", "auditor.cli", *args], capture_output=True, text=True,
        cwd=cwd or ROOT, input=None if input_bytes is None else input_bytes.decode("latin-1"),
        env={**os.environ, "PYTHONWARNINGS": "ignore"}, timeout=300,
    )


def make_zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def sample_entries(apk: str) -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLES / apk) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


def valid(doc, name: str):
    """Validate a JSON document against its shipped schema (auditor/schemas/NAME.json, URI and
    date-time formats checked) and return it: every test that reads emitted JSON goes through this."""
    from auditor.documents import validate

    validate(doc, name)
    return doc

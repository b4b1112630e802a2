"""The built wheel carries every data file the package reads, and works installed outside the tree."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

_spec = importlib.util.spec_from_file_location("wheel_check", ROOT / "tools" / "wheel_check.py")
wheel_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wheel_check)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return wheel_check.build_wheel(tmp_path_factory.mktemp("wheel"))


def test_data_files_are_found():
    files = wheel_check.data_files()
    assert "auditor/policy/lexicon.toml" in files
    assert "sdk_signatures/schema.json" in files and "sdk_signatures/VERSION" in files
    assert sum(f.startswith("sdk_signatures/") and f.endswith(".toml") for f in files) >= 100
    assert not any(f.endswith(".py") or "__pycache__" in f for f in files)


def test_every_data_file_ships_in_the_wheel(wheel):
    assert wheel_check.missing_from_wheel(wheel) == []
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert "auditor/policy/lexicon.toml" in names
    assert not any(n.endswith(".pyc") for n in names)


def test_the_check_catches_a_dropped_data_file(tmp_path):
    """The old explicit package-data lists forgot the lexicon: the check must say so."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    old = re.sub(r'\[tool\.setuptools\.package-data\]\n"\*" = \["\*"\]',
                 '[tool.setuptools.package-data]\n"auditor.knowledge" = ["*.json", "*.toml"]\n'
                 '"sdk_signatures" = ["*.toml", "*.json", "VERSION"]', text)
    assert old != text
    broken = wheel_check.build_wheel(tmp_path, pyproject=old)
    missing = wheel_check.missing_from_wheel(broken)
    assert "auditor/policy/lexicon.toml" in missing and "sdk_signatures/VERSION" not in missing


def test_installed_wheel_reads_a_policy_outside_the_tree(wheel, tmp_path):
    """Install the wheel's files (no dependencies: they come from this venv) into a target
    directory and run the CLI from elsewhere, so nothing can be read from the source tree."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONWARNINGS": "ignore"}
    probe = subprocess.run([sys.executable, "-c", "import auditor; print(auditor.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip().startswith(str(target))
    proc = subprocess.run([sys.executable, "-m", "auditor.cli", "policy", str(SAMPLES / "policies" / "voicenotes_policy.txt"),
                           "--format", "json"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert '"language": "zh"' in proc.stdout

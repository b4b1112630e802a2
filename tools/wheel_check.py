"""Build the wheel from a clean copy of the source and check that every file the package
reads ships in it.

    python tools/wheel_check.py [--out DIR]     # prints the wheel's path; exit 1 if files are missing

The copy matters: setuptools reuses `build/lib`, so a wheel built in the working tree can
still contain a data file that package-data no longer selects. Used by
tests/test_packaging.py and .ci/run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIRS = ("auditor", "sdk_signatures")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", "*.egg-info")


def data_files(root: Path = ROOT) -> list[str]:
    """Every non-Python file under the package directories, as wheel paths (posix)."""
    out = []
    for top in PACKAGE_DIRS:
        for dirpath, dirnames, filenames in os.walk(root / top):
            dirnames[:] = [d for d in dirnames if d != "__pycache__" and not d.endswith(".egg-info")]
            for name in filenames:
                if name.endswith((".py", ".pyc", ".pyo")):
                    continue
                out.append((Path(dirpath) / name).relative_to(root).as_posix())
    return sorted(out)


def build_wheel(out_dir: Path, root: Path = ROOT, pyproject: str | None = None) -> Path:
    """Copy pyproject.toml, README.md and the packages to a temporary tree and build a wheel
    there with setuptools (no network, no build isolation). `pyproject` replaces the file's text."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="auditor-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(root / name, src / name)
        if pyproject is not None:
            (src / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        for top in PACKAGE_DIRS:
            shutil.copytree(root / top, src / top, ignore=_IGNORE)
        code = ("import setuptools.build_meta as b, sys; "
                "print(b.build_wheel(sys.argv[1]))")
        proc = subprocess.run([sys.executable, "-c", code, str(out_dir.resolve())], cwd=src,
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"wheel build failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
        return out_dir / proc.stdout.strip().splitlines()[-1]


def missing_from_wheel(wheel: Path, root: Path = ROOT) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    return [f for f in data_files(root) if f not in names]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    args = ap.parse_args()
    wheel = build_wheel(args.out)
    missing = missing_from_wheel(wheel)
    for m in missing:
        print(f"missing from {wheel.name}: {m}", file=sys.stderr)
    print(wheel)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

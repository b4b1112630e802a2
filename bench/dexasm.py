"""Assemble smali classes into one DEX file with Debian's `smali`, for the benchmarks that build
their own apps (a bench tool, never used at scan time: the scanner needs no external binary).

    from dexasm import assemble
    dex = assemble({"App": smali_text, ...}, api=21)   # bytes of classes.dex
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path


class SmaliError(RuntimeError):
    """smali refused the sources; the message is the tail of its error output."""


def assemble(sources: dict[str, str] | Iterable[tuple[str, str]], api: int | None = None) -> bytes:
    """DEX bytes of the classes in `sources` (file stem -> smali text, or such pairs)."""
    items = sources.items() if isinstance(sources, dict) else sources
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for stem, text in items:
            (src / f"{stem}.smali").write_text(text)
        dex = Path(tmp) / "classes.dex"
        cmd = ["smali", "assemble"] + (["--api", str(api)] if api else []) + ["-o", str(dex), str(src)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            raise SmaliError(f"smali failed: {proc.stderr[-500:]}")
        return dex.read_bytes()

"""Compiled copies of the packaged TOML data, kept in the user's cache directory.

Parsing TOML in pure Python is the slowest part of a small scan's start-up (the 322
signature files alone took half a second), while JSON is parsed in C. A compiled copy
is plain JSON (never pickle: nothing in it runs), named by the SHA-256 of the TOML text
it was made from, so a changed file is never served stale. Copies that cannot be read,
written or trusted (owned by another user, writable by others, wrong format or hash)
are ignored: the TOML is parsed, which only costs time. AUDITOR_CACHE_DIR moves the
directory; AUDITOR_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

# Bump when a compiled document's layout changes: older copies are then ignored.
CACHE_FORMAT = 1


def cache_dir() -> Path | None:
    """$AUDITOR_CACHE_DIR, else $XDG_CACHE_HOME/auditor or ~/.cache/auditor; None when
    AUDITOR_NO_CACHE is set."""
    if os.environ.get("AUDITOR_NO_CACHE"):
        return None
    if os.environ.get("AUDITOR_CACHE_DIR"):
        return Path(os.environ["AUDITOR_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "auditor"


def cache_file(kind: str, sha: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{kind}-{sha}.json"


def read_doc(path: Path, sha: str) -> dict[str, Any] | None:
    """A compiled document made from content `sha`, or None when absent or not to be trusted."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            # a file another user could have written is not ours to trust
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
                return None
            doc = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(doc, dict) and doc.get("format") == CACHE_FORMAT and doc.get("sha256") == sha):
        return None
    return doc


def write_doc(path: Path, sha: str, body: dict[str, Any]) -> None:
    """Best effort, atomic (a temporary file renamed into place: a reader never sees half a file)."""
    try:
        text = json.dumps({"format": CACHE_FORMAT, "sha256": sha, **body}, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # a TOML value JSON cannot hold (dates): parse every time
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:40]}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def parse_toml(text: str) -> dict[str, Any]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib.loads(text)


def compiled_toml(text: str, kind: str = "toml") -> tuple[dict[str, Any], str]:
    """The parsed TOML `text` and where it came from ("cache" or "toml"); a TOML error raises
    as tomllib raises it (nothing is cached then)."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = cache_file(kind, sha)
    doc = read_doc(path, sha) if path is not None else None
    if doc is not None and isinstance(doc.get("data"), dict):
        return doc["data"], "cache"
    data = parse_toml(text)
    if path is not None:
        write_doc(path, sha, {"data": data})
    return data, "toml"

"""bench/vendor_manifest.toml, the real-binary check's list of vendor files and apps, stays
consistent with the signature database (the binaries themselves are never committed)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from auditor.sdk import load_database

MANIFEST = Path(__file__).resolve().parent.parent / "bench" / "vendor_manifest.toml"
SOURCE = re.compile(r"^(npm:(@[\w.-]+/)?[\w.-]+@[\w.-]+:.+|github:[\w.-]+/[\w.-]+@[0-9a-f]{40}:.+)$")


def test_manifest_files_apps_and_splits():
    doc = tomllib.loads(MANIFEST.read_text())
    files, apps = doc["files"], doc["app"]
    assert len(files) >= 80 and len(apps) >= 35
    for name, entry in files.items():
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), name
        assert SOURCE.match(entry["source"]), (name, entry["source"])
    ids = set(load_database().entries)
    names = [a["name"] for a in apps]
    assert len(names) == len(set(names))
    used = set()
    for app in apps:
        assert app["split"] in ("tune", "holdout"), app["name"]
        assert app["files"] and all(f in files for f in app["files"]), app["name"]
        used.update(app["files"])
        expected = set(app["expected"])
        assert expected and expected <= ids, (app["name"], expected - ids)
        # every owner is an SDK the app is expected to hold, every version one of its SDKs
        assert set(app["owners"].values()) <= expected, app["name"]
        assert set(app.get("versions", {})) <= expected, app["name"]
    assert used == set(files)  # no file listed that no app uses
    # the holdout half is a real share of the check, not a token
    splits = [a["split"] for a in apps]
    assert splits.count("holdout") >= len(apps) // 3

"""The compiled signature database (a JSON copy in the user's cache, named by the content
hash of the TOML files): it gives the same database as the TOML files, and is never used
once a TOML file changes, or when it cannot be trusted."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from auditor.sdk.database import _default_dir, load_compiled, load_database

SOME = ("jpush.toml", "getui.toml", "bugly.toml", "amap_location.toml", "umeng_analytics.toml")


@pytest.fixture
def sigs(tmp_path, monkeypatch):
    """A small signature folder of real entries, and an empty cache directory."""
    folder = tmp_path / "sigs"
    folder.mkdir()
    for name in SOME + ("VERSION",):
        shutil.copy(_default_dir() / name, folder / name)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    return folder


def _cached(tmp_path):
    return sorted((tmp_path / "cache").glob("sdk-signatures-*.json"))


def test_second_load_comes_from_the_cache_and_equals_the_toml_database(sigs, tmp_path):
    first, src1 = load_compiled(sigs)
    second, src2 = load_compiled(sigs)
    assert (src1, src2) == ("toml", "cache")
    assert [p.name for p in _cached(tmp_path)] == [f"sdk-signatures-{first.sha256}.json"]
    assert second == first  # every field of every entry, the version and the hash
    assert list(second.entries) == list(first.entries)  # same order (the matcher's tie-breaks depend on it)
    assert second.entries["jpush"].signals["packages"] == ("cn.jpush.android",)


def test_the_packaged_database_is_the_same_from_cache_and_from_toml(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    from_toml, src1 = load_compiled(_default_dir())
    from_cache, src2 = load_compiled(_default_dir())
    assert (src1, src2) == ("toml", "cache")
    assert from_cache == from_toml == load_database()
    assert len(from_cache) >= 300


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_a_changed_signature_folder_is_never_served_from_a_stale_cache(sigs, tmp_path, change):
    before, _ = load_compiled(sigs)
    assert load_compiled(sigs)[1] == "cache"
    if change == "edit":
        path = sigs / "jpush.toml"
        path.write_text(path.read_text().replace('name = "JPush', 'name = "JPush Renamed', 1))
    elif change == "add":
        shutil.copy(_default_dir() / "sentry.toml", sigs / "sentry.toml")
    else:
        (sigs / "bugly.toml").unlink()
    after, src = load_compiled(sigs)
    assert src == "toml" and after.sha256 != before.sha256
    if change == "edit":
        assert after.entries["jpush"].name.startswith("JPush Renamed")
    elif change == "add":
        assert "sentry" in after.entries
    else:
        assert "bugly" not in after.entries
    again, src = load_compiled(sigs)
    assert src == "cache" and again == after
    assert len(_cached(tmp_path)) == 2  # one per content hash


def test_an_untrusted_or_damaged_cache_is_ignored(sigs, tmp_path):
    db, _ = load_compiled(sigs)
    [path] = _cached(tmp_path)
    doc = json.loads(path.read_text())

    # the same hash with other content (a hand-edited or planted file): only the shape is checked, so
    # trust comes from ownership and permissions; group/world-writable files are refused
    doc["entries"]["jpush"]["name"] = "Planted"
    path.write_text(json.dumps(doc))
    os.chmod(path, 0o666)
    if hasattr(os, "getuid"):
        got, src = load_compiled(sigs)
        assert src == "toml" and got.entries["jpush"].name == db.entries["jpush"].name

    for bad in ("{not json", json.dumps({**doc, "sha256": "0" * 64}), json.dumps({**doc, "format": 999}),
                json.dumps({**doc, "entries": {"jpush": doc["entries"]["jpush"]}}),
                json.dumps({**doc, "entries": {k: {"id": k} for k in doc["entries"]}})):
        path.write_text(bad)
        os.chmod(path, 0o600)
        got, src = load_compiled(sigs)
        assert src == "toml" and got == db, bad[:40]
    assert load_compiled(sigs) == (db, "cache")  # rewritten by the last load


def test_an_unwritable_or_disabled_cache_only_costs_time(sigs, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker / "cache"))
    db, src = load_compiled(sigs)
    assert src == "toml" and load_compiled(sigs) == (db, "toml")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    assert load_compiled(sigs) == (db, "toml") and load_compiled(sigs) == (db, "toml")
    assert not (tmp_path / "cache").exists()


def test_packaged_knowledge_toml_is_the_same_compiled_or_parsed(tmp_path, monkeypatch):
    from auditor.compiled import compiled_toml, parse_toml
    from auditor.knowledge import load_packaged_toml, read_text

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    for name in ("categories.toml", "permissions.toml", "sensitive_apis.toml", "libraries.toml", "sdk_startup.toml"):
        text = read_text(name)
        first, second = compiled_toml(text, "knowledge"), compiled_toml(text, "knowledge")
        assert (first[1], second[1]) == ("toml", "cache"), name
        assert first[0] == second[0] == parse_toml(text) == load_packaged_toml(name), name
    edited, src = compiled_toml(read_text("categories.toml") + '\n[category.zz_test]\nname = "x"\n', "knowledge")
    assert src == "toml" and edited["category"]["zz_test"] == {"name": "x"}
    with pytest.raises(ValueError):  # tomllib's TOMLDecodeError
        compiled_toml("not = [toml", "knowledge")
    assert len(list((tmp_path / "cache").glob("knowledge-*.json"))) == 6  # five files and the edit, no error


def test_config_files_go_through_the_cache_and_errors_are_never_cached(tmp_path, monkeypatch):
    from auditor.config import load_config
    from auditor.errors import UsageError

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.auditor]\nfail_on = "medium"\n')
    first, second = load_config(cwd=project), load_config(cwd=project)
    assert first == second == ({"fail_on": "medium"}, project / "pyproject.toml")
    assert len(list((tmp_path / "cache").glob("config-*.json"))) == 1
    (project / ".auditor.toml").write_text('fail_on = "low\n')  # unterminated string
    for _ in range(2):
        with pytest.raises(UsageError, match="invalid TOML"):
            load_config(cwd=project)
    assert len(list((tmp_path / "cache").glob("config-*.json"))) == 1

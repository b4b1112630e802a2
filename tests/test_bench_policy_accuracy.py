"""bench/policy_accuracy.py's --by-batch rows: each English split is also scored per batch of
en/sources.toml, and the batch rows partition the split's policies."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from policy_realworld_support import HERE, load_sources, source_path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("policy_accuracy", ROOT / "bench" / "policy_accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_by_batch_rows_partition_a_split(tmp_path):
    import tomllib

    sources = load_sources()
    splits = tomllib.loads((HERE / "splits.toml").read_text(encoding="utf-8"))
    # two tune policies of one batch and one of another, with their texts in the cache
    by_batch: dict[int, list[str]] = {}
    for name in splits["en"]["tune"]:
        if source_path("en", name).is_file():
            by_batch.setdefault(sources[name].get("batch", 1), []).append(name)
    pairs = [(b, names) for b, names in sorted(by_batch.items()) if len(names) >= 2]
    if len(by_batch) < 2 or not pairs:
        pytest.skip("English policy texts not cached (tools/fetch_realworld_policies.py)")
    first_batch, first = pairs[0]
    other_batch = next(b for b in by_batch if b != first_batch)
    chosen = first[:2] + by_batch[other_batch][:1]
    (tmp_path / "en").mkdir()
    for name in chosen:
        stem = Path(name).stem + ".toml"
        shutil.copy(HERE / "en" / stem, tmp_path / "en" / stem)
    (tmp_path / "splits.toml").write_text(
        "[en]\ntune = [" + ", ".join(f'"{n}"' for n in chosen) + "]\n", encoding="utf-8")

    results = _bench().realworld(tmp_path, "tune", False, ("en",), by_batch=True)
    assert results[("en", "tune")]["n"] == 3
    assert results[("en", f"tune batch {first_batch}")]["n"] == 2
    assert results[("en", f"tune batch {other_batch}")]["n"] == 1
    # without --by-batch only the split row
    assert set(_bench().realworld(tmp_path, "tune", False, ("en",))) == {("en", "tune")}

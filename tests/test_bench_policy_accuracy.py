"""bench/policy_accuracy.py's --by-batch rows: each English or zh split is also scored per batch of
<kind>/sources.toml, and the batch rows partition the split's policies."""

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


def test_held_out_errors_are_never_listed_and_zh_rows_are_labelled(tmp_path, monkeypatch, capsys):
    """Kind `zh` (Chinese policies from GitHub): its summary rows read "Chinese (GitHub)",
    `--only held` includes its held-out batch, and --errors never lists the errors of a closed
    held-out split (zh or English `heldout3`), while it does for the open English `heldout2`.
    Runs on a synthetic policy written here, never on the held-out texts."""
    import policy_realworld_support as rw

    text = "隐私政策\n当您使用扫一扫功能时,我们会申请相机权限。\n"
    (tmp_path / "synthetic.md").write_text(text, encoding="utf-8")
    cats = "\n".join(f'{c} = {{ status = "absent" }}' for c in rw.CATEGORIES)
    # annotated as declaring the microphone only: a group error the bench would list for other kinds
    cats = cats.replace('microphone = { status = "absent" }',
                        'microphone = { status = "declared", quote = "相机权限" }')
    groups = "\n".join(f"{g} = {'true' if g == 'microphone' else 'false'}" for g in rw.GROUPS)
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "synthetic.toml").write_text(
        f'file = "synthetic.md"\nsplit = "heldout3"\n\n[categories]\n{cats}\n\n[groups]\n{groups}\n',
        encoding="utf-8")
    (tmp_path / "splits.toml").write_text('[zh]\nheldout3 = ["synthetic.md"]\n', encoding="utf-8")
    monkeypatch.setattr(rw, "source_path", lambda kind, name: tmp_path / name)
    bench = _bench()
    capsys.readouterr()
    results = bench.realworld(tmp_path, "held", True, ("zh",))
    out = capsys.readouterr().out
    assert set(results) == {("zh", "heldout3")} and results[("zh", "heldout3")]["n"] == 1
    assert "microphone FN" not in out and "FN (annotated" not in out
    bench._summary_table(results)
    assert "Chinese (GitHub) heldout3 (1)" in capsys.readouterr().out
    # the same annotation as English: listed under the open heldout2, not under heldout3
    (tmp_path / "en").mkdir()
    (tmp_path / "zh" / "synthetic.toml").rename(tmp_path / "en" / "synthetic.toml")
    for split, listed in (("heldout2", True), ("heldout3", False)):
        (tmp_path / "splits.toml").write_text(f'[en]\n{split} = ["synthetic.md"]\n', encoding="utf-8")
        bench.realworld(tmp_path, split, True, ("en",))
        assert ("microphone FN" in capsys.readouterr().out) == listed, split


def test_by_batch_rows_cover_the_zh_kind_too(tmp_path, monkeypatch):
    """zh sources carry their batch as English ones do (zh/sources.toml), so --by-batch splits a
    zh split into batch rows as well (synthetic policies, never the held-out texts)."""
    import policy_realworld_support as rw

    cats = "\n".join(f'{c} = {{ status = "absent" }}' for c in rw.CATEGORIES)
    groups = "\n".join(f"{g} = false" for g in rw.GROUPS)
    (tmp_path / "zh").mkdir()
    names = ["a.md", "b.md", "c.md"]
    for name in names:
        (tmp_path / name).write_text("隐私政策\n我们不会收集您的任何个人信息。\n", encoding="utf-8")
        (tmp_path / "zh" / (Path(name).stem + ".toml")).write_text(
            f'file = "{name}"\nsplit = "tune"\n\n[categories]\n{cats}\n\n[groups]\n{groups}\n', encoding="utf-8")
    (tmp_path / "splits.toml").write_text('[zh]\ntune = ["a.md", "b.md", "c.md"]\n', encoding="utf-8")
    monkeypatch.setattr(rw, "source_path", lambda kind, name: tmp_path / name)
    monkeypatch.setattr(rw, "load_sources", lambda kind="en": {"a.md": {"batch": 2}, "b.md": {"batch": 2},
                                                                "c.md": {"batch": 4}})
    results = _bench().realworld(tmp_path, "tune", False, ("zh",), by_batch=True)
    assert results[("zh", "tune")]["n"] == 3
    assert results[("zh", "tune batch 2")]["n"] == 2 and results[("zh", "tune batch 4")]["n"] == 1


def test_learned_switches_reach_read_policy(tmp_path, capsys):
    """--no-learned / --learned-zh become read_policy's keywords; neither given passes none (so an
    older reader tree without the models can be measured with the same bench)."""
    bench = _bench()
    assert bench._read_kw() == {}
    bench.main(["policy_accuracy.py", "--realworld", str(tmp_path), "--no-learned", "--learned-zh"])
    assert bench._read_kw() == {"learned": False, "learned_zh": True}
    assert "no real-world annotations" in capsys.readouterr().out
    bench.main(["policy_accuracy.py", "--realworld", str(tmp_path)])
    assert bench._read_kw() == {}


def test_uncached_texts_give_no_perfect_rows_and_partial_rows_say_so(tmp_path, monkeypatch, capsys):
    """On a machine where some texts are not cached, a batch with none of its texts gets no row
    (it used to print a perfect 1.00 score of nothing) and a partly cached split says how many of
    its policies it read ("(1 of 3)"). Synthetic policies, never the held-out texts."""
    import policy_realworld_support as rw

    cats = "\n".join(f'{c} = {{ status = "absent" }}' for c in rw.CATEGORIES)
    groups = "\n".join(f"{g} = false" for g in rw.GROUPS)
    (tmp_path / "zh").mkdir()
    names = ["a.md", "b.md", "c.md"]
    for name in names:
        (tmp_path / "zh" / (Path(name).stem + ".toml")).write_text(
            f'file = "{name}"\nsplit = "tune"\n\n[categories]\n{cats}\n\n[groups]\n{groups}\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("隐私政策\n我们不会收集您的任何个人信息。\n", encoding="utf-8")  # b, c: not cached
    (tmp_path / "splits.toml").write_text('[zh]\ntune = ["a.md", "b.md", "c.md"]\n', encoding="utf-8")
    monkeypatch.setattr(rw, "source_path", lambda kind, name: tmp_path / name)
    monkeypatch.setattr(rw, "load_sources", lambda kind="en": {"a.md": {"batch": 2}, "b.md": {"batch": 4},
                                                                "c.md": {"batch": 4}})
    bench = _bench()
    results = bench.realworld(tmp_path, "tune", False, ("zh",), by_batch=True)
    assert ("zh", "tune batch 4") not in results  # nothing of batch 4 is cached
    assert results[("zh", "tune")]["n"] == 1 and results[("zh", "tune")]["missing"] == 2
    capsys.readouterr()
    bench._summary_table(results)
    out = capsys.readouterr().out
    assert "Chinese (GitHub) tune (1 of 3)" in out and "tune batch 2 (1)" in out and "batch 4" not in out

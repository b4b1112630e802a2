"""Helpers for the real-world policy annotations (tests/policy_realworld/).

Only the reader's text normalisation is used here, never its claims.
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "policy_realworld"
SHARED = ROOT.parent / "shared"
CA4P_DIR = SHARED / "policies" / "ca4p"
EN_CACHE = ROOT / "bench" / ".cache" / "policies" / "en"
ZH_CACHE = ROOT / "bench" / ".cache" / "policies" / "zh"  # Chinese policies from GitHub (kind `zh`)
KINDS = ("ca4p", "en", "zh")

with open(ROOT / "auditor" / "knowledge" / "categories.toml", "rb") as _f:
    CATEGORIES: list[str] = list(tomllib.load(_f)["category"])

STATUSES = ("declared", "vague", "denied", "absent")

# evaluator group -> our categories whose `declared` status makes the group declared
GROUP_MAP: dict[str, tuple[str, ...]] = {
    "phone_device": ("device_id", "phone_calls", "call_log"),
    "location": ("location_precise", "location_approximate", "location_background"),
    "storage": ("storage", "photos_videos", "audio_files"),
    "camera": ("camera",),
    "microphone": ("microphone",),
    "contacts": ("contacts",),
    "calendar": ("calendar",),
    "sms": ("sms",),
    "body_sensors": ("sensors",),
}
GROUPS = list(GROUP_MAP)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of counts (an empty side counts as 1.0), as the accuracy bench and
    tools/policy_model.py score the nine groups and the categories."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def derive_groups(statuses: dict[str, str], phone_number_counts: bool = False) -> dict[str, bool]:
    out = {g: any(statuses.get(c) == "declared" for c in cats) for g, cats in GROUP_MAP.items()}
    if phone_number_counts and statuses.get("phone_number") == "declared":
        out["phone_device"] = True
    return out


_DROP = re.compile(r"[\s*_`|]+")


def fold(text: str) -> str:
    """What quotes are compared on: NFKC, without whitespace and Markdown marks (* _ ` |)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


def source_path(kind: str, name: str) -> Path:
    if kind == "ca4p":
        return CA4P_DIR / name
    return (ZH_CACHE if kind == "zh" else EN_CACHE) / name


def policy_text(kind: str, name: str) -> str | None:
    """The normalised text of an annotated policy, or None when its source is absent."""
    path = source_path(kind, name)
    if not path.is_file():
        return None
    from auditor.policy.text import read_document

    return read_document(path.read_bytes(), path.name).text


def first_cached(pairs, k: int, max_bytes: int | None = None) -> list[Path]:
    """The first `k` of (kind, name) pairs whose policy text is available (and at most
    `max_bytes` long); skips the calling test when none is."""
    import pytest

    out = []
    for kind, name in pairs:
        p = source_path(kind, name)
        if p.is_file() and (max_bytes is None or p.stat().st_size < max_bytes):
            out.append(p)
            if len(out) == k:
                break
    if not out:
        pytest.skip("no policy texts cached (tools/fetch_realworld_policies.py, ../shared/policies/ca4p)")
    return out


def load_annotations(kind: str) -> dict[str, dict]:
    out = {}
    for p in sorted((HERE / kind).glob("*.toml")):
        if p.name == "sources.toml":
            continue
        with open(p, "rb") as f:
            out[p.name] = tomllib.load(f)
    return out


def load_splits() -> dict:
    with open(HERE / "splits.toml", "rb") as f:
        return tomllib.load(f)


def load_sources(kind: str = "en") -> dict[str, dict]:
    """The GitHub sources of kind `en` or `zh` (KIND/sources.toml), {} when there is none."""
    p = HERE / kind / "sources.toml"
    if not p.is_file():
        return {}
    with open(p, "rb") as f:
        return tomllib.load(f).get("policy", {})


def split_of_file(kind: str, name: str) -> str:
    """The split planned by seed (tools/realworld_splits.py) for a file."""
    sys.path.insert(0, str(ROOT / "tools"))
    from realworld_splits import CA4P_SAMPLE, en_plan, ordered_sample, split_of, zh_plan

    if kind == "ca4p":
        order = ordered_sample([p.name for p in CA4P_DIR.iterdir() if p.suffix == ".html"], CA4P_SAMPLE)
        return split_of(order.index(name))
    if kind == "zh":
        return {n: split for _, n, split in zh_plan(load_sources("zh"))}[name]
    return {n: split for _, n, split in en_plan(load_sources())}[name]


def realworld_cases(split: str | None = None, kinds: tuple[str, ...] = KINDS) -> list[dict]:
    """The annotated policies whose text is available, for benchmarks (bench/policy_accuracy.py).

    Each case: kind, file, path (the policy file to read), split, statuses (category ->
    declared|vague|denied|absent), groups (group -> bool). Policies whose text is absent
    (no ../shared, empty cache) are left out; compare len() with load_annotations() to
    report the gap.
    """
    cases = []
    for kind in kinds:
        for ann in load_annotations(kind).values():
            if split is not None and ann["split"] != split:
                continue
            path = source_path(kind, ann["file"])
            if not path.is_file():
                continue
            cases.append({
                "kind": kind, "file": ann["file"], "path": path, "split": ann["split"],
                "statuses": {c: e["status"] for c, e in ann["categories"].items()},
                "groups": dict(ann["groups"]),
            })
    return cases

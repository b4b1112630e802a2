"""Hostile policy documents stay linear and bounded: seeded slices of the
bench/policy_hostile.py cases (1/25 of their size) each read quickly with the text intact,
4x the size costs about 4x the CPU for every case, a slice stays within a generous CPU
budget derived from issue 12's bound (10 s for the full size), and the Markdown table's
Python heap stays a small multiple of its size."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hostile_policies import CASES

from auditor.policy import read_policy
from auditor.policy.lexicon import lexicon

SLICE = 25  # the bench runs the full sizes
FULL_BOUND_S = 10.0  # issue 12: each full-size case under 10 s of CPU
# (small size, 4x that size) per case, for the scaling check
SCALING = {
    "headings": 1_000,
    "markdown table rows": 1_000,
    "HTML table rows": 1_000,
    "unpunctuated Chinese (bytes)": 60_000,
    "nesting depth": 2_500,
}


@pytest.fixture(scope="module", autouse=True)
def _compiled():
    from auditor.policy.extract import sdk_index

    lexicon()
    sdk_index()


def _cpu(data: bytes, name: str, runs: int = 2) -> float:
    """Best-of-`runs` CPU seconds of one read (the best run is the least disturbed by load)."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        read_policy(data, name)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_slice_is_read_quickly_and_completely(case):
    make, full = CASES[case]
    data, name = make(full // SLICE)
    read_policy(*make(full // SLICE // 10))  # patterns compile on first use: not the document's cost
    t0 = time.process_time()
    res = read_policy(data, name)
    elapsed = time.process_time() - t0
    # the slice's linear share of the full-size bound is 0.4 s; 2.5x that leaves room for a
    # loaded CI machine (measured on the 2-core dev box under load: 0.05-0.35 s)
    assert elapsed < 2.5 * FULL_BOUND_S / SLICE, f"{case}: {elapsed:.2f} s of CPU for 1/{SLICE} of the hostile size"
    assert res.categories, case
    if case == "headings":
        assert len(res.sections) == full // SLICE
    if case == "nesting depth":  # text below libxml2's depth limit and after it both survive
        assert "我们会收集您的位置信息" in res.text and "We collect your device ID" in res.text
        assert res.categories["device_id"].status == "declared"
    if case in ("markdown table rows", "HTML table rows"):  # every row read, none merged or lost
        assert res.text.count("\n") >= full // SLICE


@pytest.mark.parametrize("case", sorted(SCALING))
def test_cost_grows_linearly(case):
    """4x the document must cost well under 16x (quadratic) the time: the old reader was
    quadratic in headings and rows. Linear is 4x; 7x leaves room for timer noise."""
    make, _ = CASES[case]
    n = SCALING[case]
    small, name = make(n)
    big, _ = make(4 * n)
    read_policy(small, name)  # warm (first-use imports, lexicon caches)
    t_small = _cpu(small, name)
    t_big = _cpu(big, name)
    assert t_big < 7 * max(t_small, 0.005), (case, t_small, t_big)


def test_markdown_table_heap_is_a_small_multiple_of_the_input():
    """The 100,000-row Markdown table peaked at 473 MB when every regex match over the text
    was kept as a tuple with its own string (58x the input on the Python heap); match
    offsets now sit in arrays and SDK claims merge as they come (32x)."""
    make, _ = CASES["markdown table rows"]
    data, name = make(1_000)
    read_policy(data, name)  # warm
    tracemalloc.start()
    try:
        read_policy(data, name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 45 * len(data), (peak, len(data))

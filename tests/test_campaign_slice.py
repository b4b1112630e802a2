"""A fast seeded slice of the mutation campaign (bench/campaign.py runs the whole one):
every named technique and 40 random mutations end in a report or a one-line InputError,
never another exception; padding is never inflated; a bomb stays bounded in a real process."""

from __future__ import annotations

import sys
import time

from auditor.errors import InputError
from auditor.scan import scan_bytes
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import campaign  # noqa: E402
import mutations as M  # noqa: E402


def test_seeded_slice_has_no_crash_and_every_outcome_occurs():
    outcomes: dict[str, int] = {}
    slowest = 0.0
    for label, data in M.campaign(seed=5, count=40, heavy=False):
        t = time.perf_counter()
        try:
            r = scan_bytes(data, "m.apk")
            kind = "tampered" if r.facts.anomalies else "incomplete" if r.facts.incomplete else "audited"
        except InputError as err:
            assert "\n" not in str(err) and str(err), label
            kind = "android-refuses" if "Android would refuse" in str(err) else "refused"
        slowest = max(slowest, time.perf_counter() - t)
        outcomes[kind] = outcomes.get(kind, 0) + 1
    assert set(outcomes) == {"tampered", "incomplete", "audited", "android-refuses", "refused"}, outcomes
    assert sum(outcomes.values()) == len(M.named_inputs(heavy=False)) + 40
    assert slowest < 10, slowest


def test_padding_after_the_dex_is_never_inflated():
    es = M.sample_entries("chat.apk")
    clean = next(e.data for e in es if e.name == "classes.dex")
    r = scan_bytes(M.padded_dex(es, 50 << 20, copies=2), "padded.apk")
    assert [d.size for d in r.facts.code.dex_files] == [len(clean), len(clean)]
    pads = [a for a in r.facts.anomalies if a.kind == "dex-padding"]
    assert [a.entry for a in pads] == ["classes.dex", "classes2.dex"]
    assert r.code.calls and not r.facts.incomplete


def test_dex_over_the_code_budget_is_incomplete_not_fatal():
    from auditor.apk import Limits
    from auditor.scan import ScanSettings

    es = M.sample_entries("chat.apk")
    data = M.padded_dex(es, 2 << 20, inside=True, copies=3)
    limits = Limits(max_dex_bytes=4 << 20, max_code_bytes=5 << 20)
    r = scan_bytes(data, "big.apk", ScanSettings(limits=limits))
    assert [d.name for d in r.facts.code.dex_files] == ["classes.dex", "classes2.dex"][:len(r.facts.code.dex_files)]
    assert [g.file for g in r.facts.incomplete] == ["classes3.dex"]
    assert "limit 5242880" in r.facts.incomplete[0].reason
    assert len(r.permissions) == len(scan_bytes(M.write_zip(es), "x.apk").permissions)


def test_manifest_bomb_in_a_real_process_is_bounded(tmp_path):
    path = tmp_path / "bomb.apk"
    path.write_bytes(dict(M.named_inputs(heavy=False))["bomb-manifest-64MiB"]())
    r = campaign.run_one(path)
    assert r["exit"] == 0 and not r["traceback"], r
    assert r["rss_mb"] < 512 and r["wall_s"] < 30, r

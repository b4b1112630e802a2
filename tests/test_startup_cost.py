"""The start-up walk's cost, guarded by counts of its expensive steps rather than by wall clock.

One dex (assembled with Debian's smali; skipped without it) holds 120 classes of 10 chained static
methods; every method also calls one shared helper and, through an interface, three implementations.
`AppSmall.onCreate` calls into 30 of the classes, `AppBig.onCreate` into all 120. The walk must decode
each reached method once, work out each distinct call target once (however many call sites share it),
decode fully only methods that branch on consent state, and grow linearly with the code it reaches.
"""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from collections import Counter
from functools import lru_cache

import pytest

import auditor.startup as startup
from auditor.apk import Limits, read_app
from auditor.startup.graph import Program
from conftest import ROOT, SAMPLES, make_zip

CLASSES, CHAIN, SMALL = 120, 10, 30
PKG = "com/example/cost"


def _smali() -> dict[str, str]:
    files = {
        "Util": f".class public L{PKG}/Util;\n.super Ljava/lang/Object;\n"
                ".method public static log()V\n    .registers 0\n    return-void\n.end method\n",
        "Sink": f".class public interface abstract L{PKG}/Sink;\n.super Ljava/lang/Object;\n"
                ".method public abstract take()V\n.end method\n",
    }
    for k in range(3):
        files[f"Sink{k}"] = (f".class public L{PKG}/Sink{k};\n.super Ljava/lang/Object;\n.implements L{PKG}/Sink;\n"
                             ".method public take()V\n    .registers 1\n"
                             f"    invoke-static {{}}, L{PKG}/Util;->log()V\n    return-void\n.end method\n")
    for c in range(CLASSES):
        name = f"L{PKG}/C{c};"
        body = [f".class public {name}", ".super Ljava/lang/Object;"]
        for j in range(CHAIN):
            nxt = f"    invoke-static {{p0}}, {name}->m{j + 1}(L{PKG}/Sink;)V\n" if j + 1 < CHAIN else ""
            body.append(f".method public static m{j}(L{PKG}/Sink;)V\n    .registers 1\n"
                        f"    invoke-static {{}}, L{PKG}/Util;->log()V\n"
                        f"    invoke-interface {{p0}}, L{PKG}/Sink;->take()V\n{nxt}    return-void\n.end method")
        files[f"C{c}"] = "\n".join(body) + "\n"
    for app, n in (("AppSmall", SMALL), ("AppBig", CLASSES)):
        calls = "".join(f"    invoke-static {{v0}}, L{PKG}/C{c};->m0(L{PKG}/Sink;)V\n" for c in range(n))
        files[app] = (f".class public L{PKG}/{app};\n.super Landroid/app/Application;\n"
                      ".method public onCreate()V\n    .registers 2\n"
                      f"    new-instance v0, L{PKG}/Sink0;\n    invoke-direct {{v0}}, L{PKG}/Sink0;-><init>()V\n"
                      f"{calls}    return-void\n.end method\n")
    return files


@lru_cache(maxsize=None)
def _dex() -> bytes:
    if shutil.which("smali") is None:
        pytest.skip("smali not installed")
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name, text in _smali().items():
            (src / f"{name}.smali").write_text(text)
        out = Path(tmp) / "classes.dex"
        subprocess.run(["smali", "assemble", "--api", "21", "-o", str(out), str(src)], check=True, capture_output=True)
        return out.read_bytes()


def _apk(app: str) -> bytes:
    sys.path.insert(0, str(ROOT / "samples" / "tools"))
    from axml_encode import encode

    manifest = encode(b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
                      b'package="com.example.cost" android:versionCode="1" android:versionName="1">'
                      b'<uses-sdk android:minSdkVersion="21" android:targetSdkVersion="34"/>'
                      b'<application android:name="com.example.cost.' + app.encode() + b'"/></manifest>')
    return make_zip({"AndroidManifest.xml": manifest, "classes.dex": _dex()})


_REAL = (Program._decode, Program._decode_full, Program.lookup, startup._invoke_edges, startup._Walk.run)


def _counted(monkeypatch, data: bytes, name: str):
    """Run the analysis on one app, counting decodes (by method), full decodes, lookups that missed the
    cache, per-target edge computations and walks."""
    counts: Counter = Counter()
    decoded: Counter = Counter()
    real_decode, real_full, real_lookup, real_edges, real_run = _REAL

    def decode(self, smali, m):
        decoded[smali] += 1
        return real_decode(self, smali, m)

    def full(self, smali, m):
        counts["full"] += 1
        return real_full(self, smali, m)

    def lookup(self, desc, name_, proto):
        counts["lookup_miss"] += (desc, name_, proto) not in self._lookups
        return real_lookup(self, desc, name_, proto)

    def edges(*a):
        counts["invoke_edges"] += 1
        return real_edges(*a)

    def run(self, roots):
        counts["walks"] += 1
        return real_run(self, roots)

    monkeypatch.setattr(Program, "_decode", decode)
    monkeypatch.setattr(Program, "_decode_full", full)
    monkeypatch.setattr(Program, "lookup", lookup)
    monkeypatch.setattr(startup, "_invoke_edges", edges)
    monkeypatch.setattr(startup._Walk, "run", run)
    facts, dexes = read_app(data, name, Limits())
    result = startup.analyse(facts, dexes)
    return result, counts, decoded


def test_each_reached_method_and_call_target_is_worked_out_once(monkeypatch):
    r, counts, decoded = _counted(monkeypatch, _apk("AppBig"), "big.apk")
    reached = 1 + CLASSES * CHAIN + 1 + 3  # onCreate, the chains, Util.log, the Sinks' take() (Sink0 has no <init>)
    assert r.methods_reached == reached and not r.truncated
    assert max(decoded.values()) == 1 and r.methods_decoded == len(decoded) == reached
    # distinct (target, direct?) pairs: each class's m0..m9 (+ its static initializer check), Util.log,
    # Sink.take, Sink0.<init>: not one per call site (there are 3 per method)
    assert counts["invoke_edges"] == CLASSES * CHAIN + 3
    # every call here targets code in the caller's own dex: found by its method id, and the walk then
    # decodes it without looking it up by name (only the entry point and a few framework names are)
    assert counts["lookup_miss"] <= 10
    assert counts["full"] == 0  # no consent branch: nothing is decoded twice
    assert counts["walks"] == 2  # nothing gated: the walk that follows gated edges is the same walk


def test_work_grows_linearly_with_the_code_reached(monkeypatch):
    small = _counted(monkeypatch, _apk("AppSmall"), "small.apk")
    big = _counted(monkeypatch, _apk("AppBig"), "big.apk")
    ratio = CLASSES / SMALL
    assert ratio * 0.9 <= big[1]["invoke_edges"] / small[1]["invoke_edges"] <= ratio * 1.1
    assert big[1]["lookup_miss"] == small[1]["lookup_miss"]
    assert ratio * 0.9 <= len(big[2]) / len(small[2]) <= ratio * 1.1


def test_the_method_bound_stops_the_walk(monkeypatch):
    monkeypatch.setattr(startup, "MAX_METHODS", 200)
    r, _counts, decoded = _counted(monkeypatch, _apk("AppBig"), "big.apk")
    assert r.truncated and r.methods_reached <= 200 and len(decoded) <= 200


def test_full_decode_only_for_methods_that_branch_on_consent(monkeypatch):
    data = (SAMPLES / "startup" / "startup-gated.apk").read_bytes()
    r, counts, decoded = _counted(monkeypatch, data, "startup-gated.apk")
    assert 1 <= counts["full"] < len(decoded)
    assert {i.timing for i in r.sdk_inits if i.kind == "call"} == {"gated"}


@pytest.mark.parametrize("name", ["thread", "gated", "provider", "dialog"])
def test_the_analysis_leaves_no_cyclic_garbage_and_collection_resumes(name):
    """analyse() pauses the cyclic collector while it runs: that is only safe if it makes no cycles."""
    data = (SAMPLES / "startup" / f"startup-{name}.apk").read_bytes()
    facts, dexes = read_app(data, name, Limits())
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        startup.analyse(facts, dexes)
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
    startup.analyse(facts, dexes)
    assert gc.isenabled() == was

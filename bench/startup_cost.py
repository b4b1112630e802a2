"""What the start-up analysis adds to a full scan of the large benchmark APKs.

Times are CPU seconds of this process (time.process_time), so other jobs on the machine inflate
them less than wall time; still, read the shares. For each APK, N rounds, each round running
two full in-process `scan_bytes`, in alternating order: one as shipped, one with
`auditor.startup.analyse` replaced by a stub that returns nothing. Printed: the median scan
with the analysis, the median without, the added share from those two (end to end, any
effect on the rest of the scan included), and the median CPU time inside `analyse` itself.
One more run under tracemalloc gives the analysis's peak of Python allocations.

Inputs (bench/.cache, built with Debian's smali when missing):

- large-8x40000.apk (bench/build_large_apk.py): 8 dex files, 320,000 methods in 16,000 classes
  (each class: 20 methods calling each other in a ring), no Application class: the walk has no
  entry point; the cost is the catalogue search and the class index.
- -app: plus a dex whose Application.onCreate calls one method in each of the 16,000 classes:
  the walk stops at its 20,000-method bound after decoding about 4,500 methods (the widest case).
- -deep: Application.onCreate calls into 1,000 classes: 20,000 methods reached, almost all of
  them decoded (the most decoding within the bound).
- -mixed: three entry points reaching big code at once: a ContentProvider starting a chain of
  400 Runnables (each runs one class's ring and posts the next), the Application calling 2,000
  classes, and the launcher activity making virtual calls on an abstract class with 2,000
  app subclasses (at most 32 overrides are followed per call); the Runnable chain is cut by
  the 24-call depth bound.

Run: .venv/bin/python bench/startup_cost.py [N]   (N default 3)
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "samples" / "tools"))
from build_large_apk import PACKAGES, build  # noqa: E402
from dexasm import assemble  # noqa: E402

import auditor.startup as startup  # noqa: E402
from auditor.scan import scan_bytes  # noqa: E402

DEX, PER_DEX, PER_CLASS = 8, 40000, 20
CLASSES = PER_DEX // PER_CLASS
BIG = "Lcom/example/big"


def ring(d: int, c: int) -> str:
    """The first method of class c of dex d in the large APK (its 20 methods call each other)."""
    return f"L{PACKAGES[c % len(PACKAGES)]}/D{d}C{c};->m0(Landroid/content/Context;)I"


def manifest(app: str, extra: bytes = b"") -> bytes:
    from axml_encode import encode

    return encode(b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
                  b'package="com.example.big" android:versionCode="1" android:versionName="1">'
                  b'<uses-sdk android:minSdkVersion="21" android:targetSdkVersion="34"/>'
                  b'<uses-permission android:name="android.permission.READ_PHONE_STATE"/>'
                  b'<application android:name="' + app.encode() + b'" android:label="Big">' + extra +
                  b'</application></manifest>')


def with_extra_dex(base: Path, suffix: str, smali: dict[str, str], man: bytes) -> Path:
    out = base.with_name(f"{base.stem}-{suffix}.apk")
    if out.exists():
        return out
    dex = assemble(smali, api=21)
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for n in zin.namelist():
            zout.writestr(n, man if n == "AndroidManifest.xml" else zin.read(n))
        zout.writestr(f"classes{DEX + 1}.dex", dex)
    return out


def app_class(calls: list[str], name: str = "BigApp") -> str:
    lines = "\n".join(f"    invoke-static {{p0}}, {c}" for c in calls)
    return (f".class public {BIG}/{name};\n.super Landroid/app/Application;\n\n"
            f".method public onCreate()V\n    .registers 1\n{lines}\n    return-void\n.end method\n")


def with_application(base: Path) -> Path:
    calls = [ring(d, c) for d in range(DEX) for c in range(CLASSES)]
    return with_extra_dex(base, "app", {"BigApp": app_class(calls)}, manifest("com.example.big.BigApp"))


def with_deep(base: Path) -> Path:
    calls = [ring(d, c) for d in range(DEX) for c in range(125)]  # 1,000 rings of 20 methods
    return with_extra_dex(base, "deep", {"BigApp": app_class(calls)}, manifest("com.example.big.BigApp"))


def with_mixed(base: Path) -> Path:
    files: dict[str, str] = {}
    files["BigApp"] = app_class([ring(d, c) for d in range(DEX) for c in range(250)])  # 2,000 classes
    runnables = 400
    for i in range(runnables):
        nxt = (f"    new-instance v0, {BIG}/R{i + 1};\n    invoke-direct {{v0, p0}}, {BIG}/R{i + 1};-><init>(Landroid/content/Context;)V\n"
               f"    new-instance v1, Landroid/os/Handler;\n    invoke-direct {{v1}}, Landroid/os/Handler;-><init>()V\n"
               f"    invoke-virtual {{v1, v0}}, Landroid/os/Handler;->post(Ljava/lang/Runnable;)Z\n"
               if i + 1 < runnables else "")
        files[f"R{i}"] = (f".class public {BIG}/R{i};\n.super Ljava/lang/Object;\n.implements Ljava/lang/Runnable;\n"
                          ".field private final ctx:Landroid/content/Context;\n"
                          ".method public constructor <init>(Landroid/content/Context;)V\n    .registers 2\n"
                          "    invoke-direct {p0}, Ljava/lang/Object;-><init>()V\n"
                          f"    iput-object p1, p0, {BIG}/R{i};->ctx:Landroid/content/Context;\n    return-void\n.end method\n"
                          ".method public run()V\n    .registers 3\n"
                          f"    iget-object p0, p0, {BIG}/R{i};->ctx:Landroid/content/Context;\n"
                          f"    invoke-static {{p0}}, {ring(i % DEX, 250 + i)}\n{nxt}    return-void\n.end method\n")
    files["Boot"] = (f".class public {BIG}/Boot;\n.super Landroid/content/ContentProvider;\n"
                     ".method public onCreate()Z\n    .registers 3\n"
                     "    invoke-virtual {p0}, Landroid/content/ContentProvider;->getContext()Landroid/content/Context;\n"
                     "    move-result-object v1\n"
                     f"    new-instance v0, {BIG}/R0;\n    invoke-direct {{v0, v1}}, {BIG}/R0;-><init>(Landroid/content/Context;)V\n"
                     "    new-instance v1, Ljava/lang/Thread;\n"
                     "    invoke-direct {v1, v0}, Ljava/lang/Thread;-><init>(Ljava/lang/Runnable;)V\n"
                     "    invoke-virtual {v1}, Ljava/lang/Thread;->start()V\n"
                     "    const/4 v0, 0x1\n    return v0\n.end method\n")
    subclasses = 2000
    files["Base"] = (f".class public abstract {BIG}/Base;\n.super Ljava/lang/Object;\n"
                     ".method public abstract work(Landroid/content/Context;)V\n.end method\n")
    for i in range(subclasses):
        files[f"W{i}"] = (f".class public {BIG}/W{i};\n.super {BIG}/Base;\n"
                          ".method public work(Landroid/content/Context;)V\n    .registers 2\n"
                          f"    invoke-static {{p1}}, {ring(i // 250 % DEX, 1000 + i % 250)}\n    return-void\n.end method\n")
    calls = "".join(f"    invoke-virtual {{p0, p1}}, {BIG}/Base;->work(Landroid/content/Context;)V\n" for _ in range(200))
    files["Main"] = (f".class public {BIG}/Main;\n.super Landroid/app/Activity;\n"
                     f".method public static each({BIG}/Base;Landroid/content/Context;)V\n    .registers 2\n{calls}"
                     "    return-void\n.end method\n"
                     ".method protected onCreate(Landroid/os/Bundle;)V\n    .registers 3\n"
                     f"    new-instance v0, {BIG}/W0;\n    invoke-static {{v0, p0}}, {BIG}/Main;->each({BIG}/Base;Landroid/content/Context;)V\n"
                     "    return-void\n.end method\n")
    extra = (b'<provider android:name="com.example.big.Boot" android:authorities="com.example.big.boot" '
             b'android:exported="false"/>'
             b'<activity android:name="com.example.big.Main" android:exported="true"><intent-filter>'
             b'<action android:name="android.intent.action.MAIN"/>'
             b'<category android:name="android.intent.category.LAUNCHER"/></intent-filter></activity>')
    return with_extra_dex(base, "mixed", files, manifest("com.example.big.BigApp", extra))


def measure(path: Path, n: int) -> None:
    data = path.read_bytes()
    inside: list[float] = []
    real = startup.analyse

    def timed(*a, **k):
        t = time.process_time()
        r = real(*a, **k)
        inside.append(time.process_time() - t)
        return r

    with_t, without_t, result = [], [], None
    try:
        for i in range(n):
            for on in ((True, False) if i % 2 == 0 else (False, True)):
                startup.analyse = timed if on else (lambda *a, **k: None)
                t = time.process_time()
                r = scan_bytes(data, path.name)
                (with_t if on else without_t).append(time.process_time() - t)
                if on:
                    result = r
        startup.analyse = real
        tracemalloc.start()
        peak: list[int] = []  # the analysis's own peak: reset right before it runs

        def traced(*a, **k):
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            r = real(*a, **k)
            peak.append(tracemalloc.get_traced_memory()[1] - base)
            return r

        startup.analyse = traced
        scan_bytes(data, path.name)
        tracemalloc.stop()
    finally:
        startup.analyse = real
    on, off, ins = statistics.median(with_t), statistics.median(without_t), statistics.median(inside)
    s = result.startup
    print(f"{path.name}: CPU s, median of {n}: scan {on:.2f} with the analysis, {off:.2f} without: "
          f"+{100 * (on - off) / off:.0f}%; inside analyse {ins:.2f} s (+{100 * ins / (on - ins):.0f}% of the rest); "
          f"peak {peak[0] / 1e6:.0f} MB allocated by it; methods reached {s.methods_reached}, "
          f"decoded {s.methods_decoded}, truncated {s.truncated}, entry points {len(s.entry_points)}", flush=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    base = build(DEX, PER_DEX)
    only = set(sys.argv[2:])
    for name, make in (("base", lambda: base), ("app", lambda: with_application(base)),
                       ("deep", lambda: with_deep(base)), ("mixed", lambda: with_mixed(base))):
        if not only or name in only:
            measure(make(), n)


if __name__ == "__main__":
    main()

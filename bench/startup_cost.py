"""What the start-up analysis adds to a full scan of the large benchmark APKs.

For each APK: the median wall time of a full in-process `scan_bytes` over N runs, and of
the start-up analysis inside it (timed by wrapping `auditor.startup.analyse`), so the share
is measured on the same runs. Two inputs:

- bench/.cache/large-8x40000.apk (bench/build_large_apk.py): 320,000 methods, no
  Application class, so the walk has no entry point and the cost is the catalogue search
  and the class index;
- the same dex files plus one more whose Application.onCreate calls a method in each of
  the 16,000 classes (each class's 20 methods call each other): the walk runs until its
  20,000-method bound, the worst case.

Run: .venv/bin/python bench/startup_cost.py [N]   (needs Debian's smali; N default 3)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "samples" / "tools"))
from build_large_apk import PACKAGES, build  # noqa: E402

import auditor.startup as startup  # noqa: E402
from auditor.scan import scan_bytes  # noqa: E402

DEX, PER_DEX, PER_CLASS = 8, 40000, 20


def with_application(base: Path) -> Path:
    out = base.with_name(base.stem + "-app.apk")
    if out.exists():
        return out
    from axml_encode import encode

    classes = PER_DEX // PER_CLASS
    calls = []
    for d in range(DEX):
        for c in range(classes):
            calls.append(f"    invoke-static {{p0}}, L{PACKAGES[c % len(PACKAGES)]}/D{d}C{c};->m0(Landroid/content/Context;)I")
    smali = (".class public Lcom/example/big/BigApp;\n.super Landroid/app/Application;\n\n"
             ".method public onCreate()V\n    .registers 1\n" + "\n".join(calls) + "\n    return-void\n.end method\n")
    manifest = encode(b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
                      b'package="com.example.big" android:versionCode="1" android:versionName="1">'
                      b'<uses-sdk android:minSdkVersion="21" android:targetSdkVersion="34"/>'
                      b'<uses-permission android:name="android.permission.READ_PHONE_STATE"/>'
                      b'<application android:name="com.example.big.BigApp" android:label="Big"/></manifest>')
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        (src / "BigApp.smali").write_text(smali)
        dex = Path(tmp) / "extra.dex"
        subprocess.run(["smali", "assemble", "--api", "21", "-o", str(dex), str(src)], check=True, capture_output=True)
        with zipfile.ZipFile(base) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for n in zin.namelist():
                zout.writestr(n, manifest if n == "AndroidManifest.xml" else zin.read(n))
            zout.writestr(f"classes{DEX + 1}.dex", dex.read_bytes())
    return out




def measure(path: Path, n: int) -> None:
    data = path.read_bytes()
    spent: list[float] = []
    real = startup.analyse

    def timed(*a, **k):
        t = time.perf_counter()
        r = real(*a, **k)
        spent.append(time.perf_counter() - t)
        return r

    startup.analyse = timed
    totals, results = [], None
    try:
        for _ in range(n):
            t = time.perf_counter()
            results = scan_bytes(data, path.name)
            totals.append(time.perf_counter() - t)
    finally:
        startup.analyse = real
    tot, st = statistics.median(totals), statistics.median(spent)
    s = results.startup
    print(f"{path.name}: full scan median {tot:.2f} s, of which start-up analysis {st:.2f} s "
          f"= +{100 * st / (tot - st):.0f}% over the scan without it (n={n}); methods reached {s.methods_reached}, "
          f"decoded {s.methods_decoded}, truncated {s.truncated}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    base = build(DEX, PER_DEX)
    measure(base, n)
    measure(with_application(base), n)


if __name__ == "__main__":
    main()

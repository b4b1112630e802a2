"""Build a large multi-dex APK for the code-scan benchmark (cached in bench/.cache/).

Each dex holds CLASSES classes of METHODS methods; every method loads a string,
calls a sibling and returns; one method in 500 calls a sensitive API (IMEI, location,
clipboard...), so the scanner has real work. Needs Debian's smali.

Run: .venv/bin/python bench/build_large_apk.py [DEX_FILES] [METHODS_PER_DEX]
Default: 8 dex files x 40,000 methods = 320,000 methods.
"""

from __future__ import annotations

import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dexasm import assemble

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE.parent / "samples" / "tools"))

SENSITIVE = [
    ("const-string v0, \"phone\"\n    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;\n"
     "    move-result-object v0\n    check-cast v0, Landroid/telephony/TelephonyManager;\n"
     "    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;\n"),
    ("const-string v0, \"clipboard\"\n    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;\n"
     "    move-result-object v0\n    check-cast v0, Landroid/content/ClipboardManager;\n"
     "    invoke-virtual {v0}, Landroid/content/ClipboardManager;->getPrimaryClip()Landroid/content/ClipData;\n"),
    ("const-string v0, \"location\"\n    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;\n"
     "    move-result-object v0\n    check-cast v0, Landroid/location/LocationManager;\n    const-string v1, \"gps\"\n"
     "    invoke-virtual {v0, v1}, Landroid/location/LocationManager;->getLastKnownLocation(Ljava/lang/String;)Landroid/location/Location;\n"),
]
PACKAGES = ["com/example/big/app", "com/vendor/sdk/core", "a/b", "cn/jpush/android/x", "com/umeng/analytics/y"]


def smali_class(dex: int, c: int, methods: int) -> str:
    pkg = PACKAGES[c % len(PACKAGES)]
    name = f"L{pkg}/D{dex}C{c};"
    lines = [f".class public {name}", ".super Ljava/lang/Object;", ""]
    for m in range(methods):
        body = f"    const-string v0, \"s{dex}_{c}_{m}\"\n"
        if (c * methods + m) % 500 == 0:
            body += "    " + SENSITIVE[(c + m) % len(SENSITIVE)]
        nxt = (m + 1) % methods
        body += f"    invoke-static {{p0}}, {name}->m{nxt}(Landroid/content/Context;)I\n"
        lines.append(f".method public static m{m}(Landroid/content/Context;)I\n    .registers 3\n{body}"
                     f"    const/4 v0, 0x1\n    return v0\n.end method\n")
    return "\n".join(lines)


def build(dex_files: int, per_dex: int) -> Path:
    out = CACHE / f"large-{dex_files}x{per_dex}.apk"
    if out.exists():
        return out
    CACHE.mkdir(exist_ok=True)
    methods_per_class = 20
    classes = per_dex // methods_per_class
    from axml_encode import encode

    manifest = encode(b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
                      b'package="com.example.big" android:versionCode="1" android:versionName="1">'
                      b'<uses-sdk android:minSdkVersion="21" android:targetSdkVersion="34"/>'
                      b'<uses-permission android:name="android.permission.READ_PHONE_STATE"/>'
                      b'<application android:label="Big"/></manifest>')

    def one(d: int) -> bytes:
        return assemble((f"C{c}", smali_class(d, c, methods_per_class)) for c in range(classes))

    with ThreadPoolExecutor(2) as pool:
        dexes = list(pool.map(one, range(dex_files)))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("AndroidManifest.xml", manifest)
        for i, dex in enumerate(dexes):
            zf.writestr("classes.dex" if i == 0 else f"classes{i + 1}.dex", dex)
    return out


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 40_000
    path = build(n, per)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")

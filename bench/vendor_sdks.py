"""SDK detection against real vendor SDK footprints.

Some React Native modules on npm ship the vendor's own Android SDK (jars, native
libraries, manifest entries). This script takes such packages (npm tarballs or
extracted folders), builds an APK whose dex holds a stub for *every class name inside
the vendor jars*, whose lib/ holds the vendor's native libraries (by name) and whose
manifest declares the module's components and meta-data, then runs the detector and
compares it with what is really inside. Nothing fetched is committed.

    mkdir /tmp/vendor && cd /tmp/vendor
    npm pack react-native-getui react-native-jpush react-native-alipay react-native-baidu-map
    .venv/bin/python bench/vendor_sdks.py /tmp/vendor/*.tgz

Needs Debian's smali (to assemble the stub classes).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "samples" / "tools"))
from axml_encode import encode  # noqa: E402

EXPECTED = {  # what the vendor artifacts in each package really contain
    "react-native-getui": {"getui"},
    "react-native-jpush": {"jpush"},
    "react-native-alipay": {"alipay", "alibaba_utdid"},
    "react-native-baidu-map": {"baidu_map", "baidu_location"},
    "react-native-wechat": {"wechat_opensdk", "tencent_mta"},  # the old libammsdk.jar bundles MTA (wxop.stat)
    "react-native-qq": {"qq_open", "tencent_mta"},
    "react-native-weibo": {"weibo"},
    "jshare-react-native": {"jiguang_jshare", "weibo"},  # JShare's Weibo plugin bundles the Weibo SDK
    "janalytics-react-native": {"jiguang_janalytics"},
}
ANDROID = "{http://schemas.android.com/apk/res/android}"


def footprint(tgz: Path) -> tuple[str, set[str], dict[str, bytes], list[str], list[str]]:
    """(package, class names, native libs {path: bytes}, components, meta-data keys)."""
    name = re.sub(r"-\d+(\.\d+)*\.tgz$", "", tgz.name)
    classes: set[str] = set()
    libs: dict[str, bytes] = {}
    comps: list[str] = []
    meta: list[str] = []
    with tarfile.open(tgz) as tf:
        for m in tf.getmembers():
            if not m.isfile():
                continue
            if m.name.endswith(".jar") and "/libs/" in m.name:
                with zipfile.ZipFile(tf.extractfile(m)) as jar:
                    classes |= {n[:-6].replace("/", ".") for n in jar.namelist() if n.endswith(".class")}
            elif m.name.endswith(".so"):
                abi, lib = m.name.split("/")[-2:]
                libs[f"lib/{abi}/{lib}"] = b"\x7fELF" + b"\0" * 60
            elif m.name.endswith("src/main/AndroidManifest.xml"):
                root = etree.fromstring(tf.extractfile(m).read())
                for el in root.iter():
                    if el.tag in ("activity", "service", "receiver", "provider") and el.get(ANDROID + "name", "")[:1] not in ("", "."):
                        comps.append(el.get(ANDROID + "name"))
                    if el.tag == "meta-data" and el.get(ANDROID + "name"):
                        meta.append(el.get(ANDROID + "name"))
    return name, classes, libs, comps, meta


def build_apk(classes: set[str], libs: dict[str, bytes], comps: list[str], meta: list[str], out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        for i, cls in enumerate(sorted(classes)):
            f = src / f"C{i}.smali"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(f".class public L{cls.replace('.', '/')};\n.super Ljava/lang/Object;\n")
        dex = Path(tmp) / "classes.dex"
        subprocess.run(["smali", "assemble", "-o", str(dex), str(src)], check=True, capture_output=True)
        app = "".join(f'<service android:name="{c}"/>' for c in comps)
        app += "".join(f'<meta-data android:name="{k}" android:value="x"/>' for k in meta)
        manifest = encode(('<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="org.bench.vendor" '
                           'android:versionCode="1" android:versionName="1"><uses-sdk android:minSdkVersion="21" '
                           f'android:targetSdkVersion="34"/><application>{app}</application></manifest>').encode())
        with zipfile.ZipFile(out, "w") as zf:
            zf.writestr("AndroidManifest.xml", manifest)
            zf.writestr("classes.dex", dex.read_bytes())
            for path, data in libs.items():
                zf.writestr(path, data)


def main() -> None:
    from auditor.apk import read_app
    from auditor.sdk import default_matcher

    total_ok = 0
    for arg in sys.argv[1:]:
        name, classes, libs, comps, meta = footprint(Path(arg))
        expected = EXPECTED.get(name)
        with tempfile.TemporaryDirectory() as tmp:
            apk = Path(tmp) / "vendor.apk"
            build_apk(classes, libs, comps, meta, apk)
            facts, _ = read_app(apk.read_bytes(), apk.name)
            t0 = time.perf_counter()
            hits = default_matcher().match(facts)
            ms = (time.perf_counter() - t0) * 1000
        found = {h.id for h in hits}
        ok = expected is not None and found == expected
        total_ok += ok
        print(f"{'OK  ' if ok else 'DIFF'} {name}: {len(classes)} vendor classes, {len(libs)} native libs, "
              f"{len(comps)} components -> {', '.join(f'{h.id} ({h.confidence}' + (f', in {h.bundled_in}' if h.bundled_in else '') + ')' for h in hits) or 'nothing'} [{ms:.0f} ms]")
        if not ok:
            print(f"     expected {sorted(expected or [])}")
    print(f"{total_ok} of {len(sys.argv) - 1} packages: detected exactly what is inside")


if __name__ == "__main__":
    main()

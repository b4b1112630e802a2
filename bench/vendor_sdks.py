"""SDK detection and call-site attribution against real vendor SDK binaries.

Some React Native / Cordova modules on npm ship the vendor's own Android SDK (jars,
native libraries, manifest entries). This script takes such packages (npm tarballs),
builds an APK whose dex holds *every class of the vendor jars with its real structure*
(superclass, interfaces, every method and field it references, its string constants and
static String constants, carried over by bench/jarclass.py: Debian has no d8/dx), whose
lib/ holds the vendor's native libraries (by name) and whose manifest declares the
module's components and meta-data. It then runs the whole scan (detection, versions,
sensitive call sites, attribution) and compares it with what is really inside:

- SDKs: the expected set per package (from reading each jar's packages);
- (SDK, data category) pairs: each call site's true owner is the SDK whose jar holds the
  calling class (OWNERS below); a pair is found when the scan attributes a call of that
  category to that SDK; a pair the scan reports that no true owner has is unexpected;
- versions: printed per SDK, checked against the version in the jar or library name.

Nothing fetched is committed.

    mkdir /tmp/vendor && cd /tmp/vendor
    npm pack react-native-getui react-native-jpush react-native-alipay react-native-baidu-map \
        react-native-wechat react-native-qq react-native-weibo jshare-react-native \
        janalytics-react-native jverification-react-native jmessage-react-plugin cordova-plugin-qqsdk \
        cordova-plugin-alipay-v2 cordova-plugin-baidumaplocation cordova-plugin-x5-webview \
        jpush-phonegap-plugin react-native-amap-location
    .venv/bin/python bench/vendor_sdks.py /tmp/vendor/*.tgz

A second, larger set comes from bench/vendor_manifest.toml: vendor jars, .aar files and native
libraries taken from npm packages and public GitHub repositories (each with its source and sha256),
grouped into apps with the SDKs each really holds, split into a *tune* part (misses found there may
be fixed) and a *holdout* part (measured only, never tuned on); figures are printed per split:

    .venv/bin/python bench/vendor_fetch.py                 # fills /work/vendor-jars (or --dir DIR)
    .venv/bin/python bench/vendor_sdks.py --manifest bench/vendor_manifest.toml [--split holdout] [--dir DIR]

Needs Debian's smali (to assemble the stub classes).
"""

from __future__ import annotations

import io
import re
import struct
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "samples" / "tools"))
sys.path.insert(0, str(HERE))
from axml_encode import encode  # noqa: E402
from dexasm import assemble  # noqa: E402

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
    # one-click login: JVerification carries the three carriers' SDKs (China Mobile, Unicom, Telecom)
    "jverification-react-native": {"jverification", "cmcc_auth", "unicom_auth", "telecom_auth"},
    "jmessage-react-plugin": {"jiguang_jmessage"},
    "cordova-plugin-qqsdk": {"qq_open", "tencent_mta"},  # another build of the QQ open SDK (r5793)
    "cordova-plugin-alipay-v2": {"alipay", "alibaba_utdid"},  # alipaySdk-15.6.5 as an .aar
    "cordova-plugin-baidumaplocation": {"baidu_location"},  # a location-only BaiduLBS_Android.jar
    "cordova-plugin-x5-webview": {"tencent_x5"},
    "jpush-phonegap-plugin": {"jpush"},  # JPush 4.8.1 (JCore is a separate artifact there)
    "react-native-amap-location": {"amap_location"},  # AMap location 2.4.0
}
# Which SDK each class of a jar belongs to: jar name prefix -> {package prefix: sdk}, "" the default.
OWNERS = {
    "gtsdk-": {"": "getui"}, "gtc-": {"": "getui"},
    "jpush-android-": {"": "jpush"},
    "alipaySdk-": {"": "alipay", "com.ta.utdid2": "alibaba_utdid", "com.ut.device": "alibaba_utdid"},
    "BaiduLBS_Android": {"": "baidu_map", "com.baidu.location": "baidu_location"},
    "libammsdk": {"": "wechat_opensdk", "com.tencent.wxop": "tencent_mta", "com.tencent.a": "tencent_mta"},
    "mta-sdk-": {"": "tencent_mta"}, "open_sdk_": {"": "qq_open"},
    "weiboSDKCore": {"": "weibo"},
    "jshare-": {"": "jiguang_jshare", "com.sina": "weibo"},
    "janalytics-android-": {"": "jiguang_janalytics"},
    "jverification-android-": {"": "jverification", "com.cmic": "cmcc_auth", "com.unicom": "unicom_auth",
                               "cn.com.chinatelecom": "telecom_auth"},
    "jmessage-sdk-android-": {"": "jiguang_jmessage"},
    "tbs_sdk_thirdapp": {"": "tencent_x5"},
    "AMap_Location_": {"": "amap_location"},
}
# Where one jar name ships different content in another package.
OWNERS_BY_PACKAGE = {"cordova-plugin-baidumaplocation": {"BaiduLBS_Android": {"": "baidu_location"}}}
# Versions the binaries carry, as their file names say (checked when the detector reports one).
VERSIONS = {"react-native-jpush": {"jpush": "2.1.3"}, "react-native-getui": {"getui": "3.3.12.0"},
            "react-native-baidu-map": {"baidu_map": "6.0.0"},
            # JPush 4.8.1 and AMap location 2.4.0 keep their version only in a plain string (no constant
            # field, no prefix to search for): reported as missing, not guessed
            "jpush-phonegap-plugin": {"jpush": "4.8.1"}, "react-native-amap-location": {"amap_location": "2.4.0"}}
ANDROID = "{http://schemas.android.com/apk/res/android}"


def _owner(jar: str, cls: str, package: str = "") -> str | None:
    for key, table in [*OWNERS_BY_PACKAGE.get(package, {}).items(), *OWNERS.items()]:
        if jar.startswith(key):
            best = max((p for p in table if p and (cls == p or cls.startswith(p + "."))), key=len, default="")
            return table[best]
    return None


def footprint(tgz: Path):
    """(package, {class: ClassInfo}, {class: owner}, native libs {path: bytes}, components, meta-data keys)."""
    name = re.sub(r"-\d+(\.\d+)*\.tgz$", "", tgz.name)
    classes: dict = {}
    owners: dict[str, str | None] = {}
    libs: dict[str, bytes] = {}
    comps: list[str] = []
    meta: list[str] = []

    def add_jar(jar_name: str, data: bytes) -> None:
        _jar_classes(data, lambda java: _owner(jar_name, java, name), classes, owners)

    with tarfile.open(tgz) as tf:
        for m in tf.getmembers():
            if not m.isfile():
                continue
            base = m.name.rsplit("/", 1)[-1]
            if m.name.endswith(".jar") and ("/libs/" in m.name or "/src/android/" in m.name) \
                    and "/build/" not in m.name and "gradle-wrapper" not in base:
                add_jar(base, tf.extractfile(m).read())
            elif m.name.endswith(".aar") and "/build/" not in m.name:
                with zipfile.ZipFile(io.BytesIO(tf.extractfile(m).read())) as aar:
                    for n in aar.namelist():
                        if n == "classes.jar" or (n.startswith("libs/") and n.endswith(".jar")):
                            add_jar(base, aar.read(n))
                        elif n.startswith("jni/") and n.endswith(".so"):
                            abi, lib = n.split("/")[-2:]
                            libs[f"lib/{abi}/{lib}"] = b"\x7fELF" + b"\0" * 60
            elif m.name.endswith(".so"):
                abi, lib = m.name.split("/")[-2:]
                libs[f"lib/{abi}/{lib}"] = b"\x7fELF" + b"\0" * 60
            elif m.name.endswith("src/main/AndroidManifest.xml"):
                _manifest_entries(tf.extractfile(m).read(), comps, meta)
    return name, classes, owners, libs, comps, meta


def _jar_classes(data: bytes, owner_of, classes: dict, owners: dict) -> None:
    from jarclass import parse_class

    with zipfile.ZipFile(io.BytesIO(data)) as jar:
        for n in jar.namelist():
            if n.endswith(".class") and not n.endswith(("module-info.class", "package-info.class")):
                try:
                    info = parse_class(jar.read(n))
                except (ValueError, IndexError, struct.error):
                    continue
                java = info.name.replace("/", ".")
                classes[java] = info
                owners[java] = owner_of(java)


def _manifest_entries(xml: bytes, comps: list[str], meta: list[str]) -> None:
    root = etree.fromstring(xml)
    for el in root.iter():
        if el.tag in ("activity", "service", "receiver", "provider") and el.get(ANDROID + "name", "")[:1] not in ("", "."):
            comps.append(el.get(ANDROID + "name"))
        if el.tag == "meta-data" and el.get(ANDROID + "name"):
            meta.append(el.get(ANDROID + "name"))


def app_footprint(app: dict, directory: Path):
    """One manifest app: ({class: ClassInfo}, {class: owner}, native libs, components, meta-data keys).

    A jar's classes, an .aar's classes.jar and libs/*.jar (and its manifest's components and
    meta-data), a .so file as lib/armeabi-v7a/<its name after the last '-lib'>."""
    table = app.get("owners", {})

    def owner_of(cls: str) -> str | None:
        best = max((p for p in table if p and (cls == p or cls.startswith(p + "."))), key=len, default="")
        return table.get(best)

    classes: dict = {}
    owners: dict = {}
    libs: dict[str, bytes] = {}
    comps: list[str] = []
    meta: list[str] = []
    for name in app["files"]:
        data = (directory / name).read_bytes()
        if name.endswith(".so"):
            libs["lib/armeabi-v7a/" + name[name.rindex("-lib") + 1:] if "-lib" in name else name] = b"\x7fELF" + b"\0" * 60
        elif name.endswith(".aar"):
            with zipfile.ZipFile(io.BytesIO(data)) as aar:
                for n in aar.namelist():
                    if n == "classes.jar" or (n.startswith("libs/") and n.endswith(".jar")):
                        _jar_classes(aar.read(n), owner_of, classes, owners)
                    elif n.startswith("jni/") and n.endswith(".so"):
                        abi, lib = n.split("/")[-2:]
                        libs[f"lib/{abi}/{lib}"] = b"\x7fELF" + b"\0" * 60
                    elif n == "AndroidManifest.xml":
                        _manifest_entries(aar.read(n), comps, meta)
        else:
            _jar_classes(data, owner_of, classes, owners)
    return classes, owners, libs, sorted(set(comps)), sorted(set(meta))


def build_apk(classes: dict, libs: dict[str, bytes], comps: list[str], meta: list[str], out: Path) -> None:
    from jarclass import to_smali

    dex = assemble((f"C{i}", to_smali(info))
                   for i, info in enumerate(sorted(classes.values(), key=lambda c: c.name)))
    app = "".join(f'<service android:name="{c}"/>' for c in comps)
    app += "".join(f'<meta-data android:name="{k}" android:value="x"/>' for k in meta)
    manifest = encode(('<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="org.bench.vendor" '
                       'android:versionCode="1" android:versionName="1"><uses-sdk android:minSdkVersion="21" '
                       f'android:targetSdkVersion="34"/><application>{app}</application></manifest>').encode())
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("AndroidManifest.xml", manifest)
        zf.writestr("classes.dex", dex)
        for path, data in libs.items():
            zf.writestr(path, data)


class Score:
    """SDK, (SDK, category) pair, call-site and version figures over a set of apps."""

    def __init__(self) -> None:
        self.n = self.exact = self.tp = self.fp = self.fn = 0
        self.pairs_true: set = set()
        self.pairs_found: set = set()
        self.pairs_pred: set = set()
        self.calls_total = self.calls_unknown = self.calls_wrong = 0
        self.rules: dict[str, int] = {}
        self.versions_carried = self.versions_found = self.versions_wrong = 0
        self.t_scan = 0.0

    def app(self, name, classes, owners, libs, comps, meta, expected: set, vers: dict) -> None:
        from auditor.scan import scan_bytes

        with tempfile.TemporaryDirectory() as tmp:
            apk = Path(tmp) / "vendor.apk"
            build_apk(classes, libs, comps, meta, apk)
            data = apk.read_bytes()
        t0 = time.perf_counter()
        result = scan_bytes(data, apk.name)
        self.t_scan += time.perf_counter() - t0
        self.n += 1
        hits = result.sdks
        found = {h.id for h in hits}
        ok = found == expected
        self.exact += ok
        self.tp += len(found & expected)
        self.fp += len(found - expected)
        self.fn += len(expected - found)
        truth_pairs, pred_pairs = set(), set()
        for c in result.code.calls:
            owner = owners.get(c.site.caller_class.split("$", 1)[0]) or owners.get(c.site.caller_class)
            cat = c.site.category
            got = c.sdk if c.party == "sdk" else c.party
            self.rules[c.attribution] = self.rules.get(c.attribution, 0) + 1
            self.calls_total += 1
            if owner:
                truth_pairs.add((name, owner, cat))
                self.calls_unknown += got == "third_party"
                self.calls_wrong += c.party == "sdk" and got != owner
            pred_pairs.add((name, got, cat))
        self.pairs_true |= truth_pairs
        self.pairs_pred |= pred_pairs
        self.pairs_found |= truth_pairs & pred_pairs
        shown = ", ".join(f"{h.id} ({h.confidence}" + (f", in {h.bundled_in}" if h.bundled_in else "")
                          + (f", v{h.version}" if h.version else "") + ")" for h in hits) or "nothing"
        print(f"{'OK  ' if ok else 'DIFF'} {name}: {len(classes)} vendor classes, {len(libs)} native libs, "
              f"{len(comps)} components, {len(result.code.calls)} call sites -> {shown}", flush=True)
        if not ok:
            print(f"     expected {sorted(expected)}")
        for sid, v in vers.items():
            got = next((h.version for h in hits if h.id == sid), None)
            self.versions_carried += 1
            self.versions_found += got == v
            self.versions_wrong += got is not None and got != v
            print(f"     version {sid}: expected {v}, reported {got} {'OK' if got == v else 'DIFF'}")
        missing = sorted(truth_pairs - pred_pairs)
        extra = sorted(p for p in pred_pairs - truth_pairs if p[1] not in ("app", "library"))
        if missing or extra:
            print(f"     pairs missed {[p[1:] for p in missing]}, unexpected {[p[1:] for p in extra]}")

    def report(self, title: str) -> None:
        unexpected = {p for p in self.pairs_pred - self.pairs_true if p[1] not in ("app", "library")}
        print(f"== {title}: {self.exact} of {self.n} apps: detected exactly what is inside")
        print(f"SDK recall {self.tp / max(1, self.tp + self.fn):.3f}, precision {self.tp / max(1, self.tp + self.fp):.3f} "
              f"({self.tp} found, {self.fp} extra, {self.fn} missed)")
        print(f"(SDK, category) attribution recall {len(self.pairs_found) / max(1, len(self.pairs_true)):.3f} "
              f"({len(self.pairs_found)} of {len(self.pairs_true)}), unexpected pairs {len(unexpected)}")
        print(f"versions: {self.versions_found} of {self.versions_carried} reported as the binary says, "
              f"{self.versions_wrong} wrong")
        print(f"call sites in vendor code: {self.calls_total}, left unknown {self.calls_unknown}, attributed to a wrong SDK "
              f"{self.calls_wrong}; by rule: {', '.join(f'{k} {v}' for k, v in sorted(self.rules.items()))}")
        print(f"full scans (detection, code, attribution): {self.t_scan * 1000:.0f} ms in total", flush=True)


def main() -> None:
    import argparse
    import tomllib

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("packages", nargs="*", type=Path, help="npm tarballs of modules that ship vendor SDKs")
    ap.add_argument("--manifest", type=Path, help="bench/vendor_manifest.toml: apps built from vendor binaries")
    ap.add_argument("--dir", type=Path, default=Path("/work/vendor-jars"), help="where the manifest's files are")
    ap.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    ap.add_argument("--app", action="append", default=[], help="only these manifest apps (by name)")
    args = ap.parse_args()
    if args.packages:
        score = Score()
        for arg in args.packages:
            name, classes, owners, libs, comps, meta = footprint(arg)
            score.app(name, classes, owners, libs, comps, meta, EXPECTED.get(name, set()), VERSIONS.get(name, {}))
        score.report("npm packages")
    if args.manifest:
        doc = tomllib.loads(args.manifest.read_text())
        scores: dict[str, Score] = {}
        for app in doc["app"]:
            if (args.split not in ("all", app["split"])) or (args.app and app["name"] not in args.app):
                continue
            missing = [f for f in app["files"] if not (args.dir / f).is_file()]
            if missing:
                print(f"SKIP {app['name']}: {', '.join(missing)} not in {args.dir} (run bench/vendor_fetch.py)")
                continue
            classes, owners, libs, comps, meta = app_footprint(app, args.dir)
            score = scores.setdefault(app["split"], Score())
            score.app(app["name"], classes, owners, libs, comps, meta, set(app["expected"]), app.get("versions", {}))
        for split, score in scores.items():
            score.report(f"manifest, {split} split")


if __name__ == "__main__":
    main()

"""Start-up analysis on apps built from REAL vendor SDK binaries, one app per start-up pattern.

For each vendor jar (or .aar, or an npm .tgz that ships jars under libs/), every class is carried
into DEX method by method (bench/jarclass.py `to_smali_methods`: each method keeps its name,
descriptor and the calls/strings of its own bytecode), and for each catalogued SDK whose init
class the jar holds, one app per pattern calls every init overload the binary really has (found
with javap-equivalent parsing of the jar) plus an app-code ANDROID_ID read:

    direct    in Application.onCreate                         -> pre_consent
    deep      two calls deep (static, then virtual)           -> pre_consent
    thread    in a Runnable started on a Thread               -> pre_consent
    provider  in the app's ContentProvider.onCreate           -> pre_consent
    attach    in Application.attachBaseContext                -> pre_consent
    clinit    in the Application's static initialiser         -> pre_consent
    gated     under a SharedPreferences consent flag          -> gated
    dialog    only from a consent dialog's click handler      -> post_consent
    clean     in a method nothing calls                       -> unreached
    compliant the vendor's compliance calls (preInit, updatePrivacyShow/Agree, setAuth...), then the
              init, in Application.onCreate                   -> pre_consent, compliance calls
                                                                 recognised, no AUD604

It checks the exact timing of every init call and of the app's read, that AUD601 names exactly
the SDKs with a pre_consent init and AUD602 exactly the categories with a pre_consent read, that
AUD604 fires in `direct` for every required compliance call the binary offers, and,
for reads inside the SDK's own code reached from its init, that the same reads are reached in
every reaching pattern and carry that pattern's timing (pre_consent from a pre-consent init). It
prints one table row per (jar, pattern) and exits 1 on any mismatch.

    .venv/bin/python bench/vendor_startup_apps.py --fetch            # fills /work/vendor-jars (see FETCH)
    .venv/bin/python bench/vendor_startup_apps.py /work/vendor-jars/*

Needs Debian's smali. Nothing fetched is committed (third-party binaries).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "samples" / "tools"))
from axml_encode import encode  # noqa: E402
from dexasm import assemble  # noqa: E402
from jarclass import _param_words, parse_class_methods, to_smali_methods  # noqa: E402

from auditor.audit import audit  # noqa: E402
from auditor.scan import scan_bytes  # noqa: E402
from auditor.startup.catalogue import startup_catalogue  # noqa: E402

# Where each binary came from: (file name in the vendor-jar directory, public git repository, path in it
# (the blob), sha256 of the file). npm tarballs come from `npm pack NAME@VERSION` (bench/vendor_startup.py).
# `--fetch` needs the repositories as bare mirrors (GIT_MIRRORS, default /work/.mirror/<owner>+<name>/repo).
FETCH = [
    ("umeng-analytics-5.5.2.jar", "zxj963577494/cn.zxj.cordova.UmengAnalyticsPlugin", "src/android/umeng-analytics-v5.5.2.jar",
     "69dc63c93fc01331d3f5e1a857d493d2d9c4923e7ce673817e529dbd5efe1d3c"),
    ("umeng-analytics-8.0.0.jar", "shineabel/cordova-plugin-umeng-analytics", "src/android/libs/umeng-analytics-8.0.0.jar",
     "fe17f80bb7d3f75d860d64d4f5898297ffdd12a5346ba3d6dfcff10fa1085e81"),
    ("umeng-common-2.0.1.jar", "shineabel/cordova-plugin-umeng-analytics", "src/android/libs/umeng-common-2.0.1.jar",
     "da65b0714caee66493abeaf7b600dde6f66a308e13511cf750d9cfafcff9e0da"),
    ("umeng-common-1.5.0.jar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-common-1.5.0.jar",
     "d35e3cef7700d68f5b02c99da9cdec3c6eccb960bb8f4c07a4962370d6cca290"),
    ("umeng-analytics-7.5.0.jar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-analytics-7.5.0.jar",
     "f3b45d9898e7ebf1a84f6f82446941651b93c97dc9f516c0b4fa5e71c5828de0"),
    ("umeng-push-4.1.0.jar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-push-4.1.0.jar",
     "bf5789b0b60fc2dd74013c05242ab1d2e87632aa90f5eb3ef128143a10a8a9c7"),
    ("umeng-common-9.1.1.jar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-common-9.1.1.jar",
     "f2379d8a4d925f090dc7d67d66745169ebcfbd7d64f4f8149efdd7326dcd94bb"),
    ("umeng-common-9.4.2.jar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-common-9.4.2.jar",
     "dacd2d829b14b680dfde14aa5cf2619a10c6bf75e3647ecea063f1be91623fa8"),
    ("umeng-common-9.6.3.aar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-common-9.6.3.aar",
     "618f8e6118849dfa6cf9b37583b32c268d5336ef9e6e1fb49f3b61089f2c6f2f"),
    ("umeng-common-9.9.1.aar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-common-9.9.1.aar",
     "5320c8737e84abab065b29a7ee3c85f679e1442275f6069e3f64950e0a7a8b0f"),
    ("umeng-analytics-9.0.3.jar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-analytics-9.0.3.jar",
     "940e52db15d3f2ceceb02d5600ce3c022e7714aa49c19887c51a95033de98fc7"),
    ("umeng-push-6.2.0.jar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-push-6.2.0.jar",
     "2b032d1282c8dbc02a634bc712a32a2837b95335026a5d5d36553437d75c89d1"),
    ("umeng-push-6.5.0.aar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-push-6.5.0.aar",
     "d631d262103b2b680677010c1b3cbf978a31cfc5e64ba0e862538b7d3deb8d6c"),
    ("umeng-push-6.7.2.aar", "umeng/MultiFunctionAndroidDemo", "UMLibrary/libs/umeng-push-6.7.2.aar",
     "c542624c23b96cca708952f0fd34c00ce3251d9073f38df12496802c2a976522"),
    ("bugly-crashreport_upgrade-1.2.4.0.aar", "BuglyDevTeam/Bugly-Android-Demo",
     "BuglyHotfixDemo/app/libs/bugly_crashreport_upgrade-1.2.4.0.aar",
     "1eb8b3f0ca91c130660a62605cdcd946b8eff2f28b59c6e82a9c813515a8a836"),
    ("bugly-crashreport_upgrade-1.5.0.aar", "BuglyDevTeam/Bugly-Android-Demo",
     "BuglyHotfixDemo/app/libs/bugly_crashreport_upgrade-1.5.0.aar",
     "b3db1a167c48373e7437d7f8f468bb73cb60f8e11c592945bbb013e69c32df2a"),
    ("bugly-crashreport_upgrade-2.0.1.aar", "BuglyDevTeam/Bugly-Android-Demo",
     "BuglyHotfixDemo/app/libs/bugly_crashreport_upgrade-2.0.1.aar",
     "74e7f3691c5530dd4c8749030453d8795545c971213403b2df9c21c46a381d59"),
    ("bugly-crash_release-2019.jar", "BuglyDevTeam/Bugly-Android-Demo", "BuglySDKDemo/app/libs/bugly_crash_release.jar",
     "be9e126e3175fae3163e9d76489536ed6581f30a96fc83337b3f627d023fb5be"),
    ("iflytek-msc-2017.jar", "DeenMa/iFlytek_speechdemo_english_android", "app/libs/Msc.jar",
     "4f7da9e9ac7449b9be01b69b92f270a295a09b9bd3246b9e01126ffc2a397797"),
    ("iflytek-msc-2018.jar", "zphhhhh/react-native-speech-iflytek", "android/libs/Msc.jar",
     "677514c41df94a29cf899e89bf2f519e4ff9e4d14d666eee8003d7f44ea040ad"),
    ("mipush-3.0.3.jar", "a289459798/react-native-mipush", "android/libs/MiPush_SDK_Client_3_0_3.jar",
     "02aa4f89bcf7b9a6bfb02196b31f1782e403fb81ac1ad8992afa7476c4b6c581"),
    ("mipush-3.1.2.jar", "Carson-Ho/Demo_MiPush", "app/libs/MiPush_SDK_Client_3_1_2.jar",
     "6b66f14b1c5a8cbce262a0a6c064f7f269b91fde1a3a642a18336b301e0b5129"),
    ("mipush-3.7.0.jar", "a289459798/react-native-mipush", "android/libs/MiPush_SDK_Client_3_7_0.jar",
     "d7062ee8f5b4a0109fea4de59c35d518bde72d0b7c6a2b396967cf5953303870"),
    ("mipush-6.0.1.aar", "a289459798/react-native-mipush", "android/libs/MiPush_SDK_Client_6_0_1-C_3rd.aar",
     "155362588b6275a80697d3add6021c04654b11b0aac64c57dc6fd4ed61edf881"),
    ("amap-location-3.6.0.jar", "amap-demo/android-o-backgroundlocation", "app/libs/AMap_Location_V3.6.0_20170918.jar",
     "6e0fc7fd0b1b118cfacf2593b4b92e57d42729beed5574ebe2643587c95c335f"),
    ("amap-location-6.3.0.jar", "xieeryihe/location_base_wall", "LocationBaseWall/app/libs/AMap_Location_V6.3.0_20230410.jar",
     "e910766dd1ed4e1da16c6bee88405e7d8cc985ee617b7c090d368ca4a13c68ad"),
    ("amap-location-5.0.0.jar", "amap-demo/android-o-backgroundlocation", "app/libs/AMap_Location_V5.0.0_20200609.jar",
     "fb938a5ea4c3bea68cecc398a8cf076fd047033c1062be4889a5a3ecd84fdbcd"),
    ("baidu-location-9.5.2.1.jar", "yiluzhang/react-native-baidu-lbs", "android/src/main/libs/BaiduLBS_Android.jar",
     "bbaa061f74cab8a937b2e9b0b0c17af15401c4dabd9688911a4be69ba235b149"),  # location 9.5.2.1 + map 7.5.9
]

# npm packages that ship the vendor's jars under android/libs (`npm pack NAME@VERSION`), with the tarball's sha256
NPM = [
    ("react-native-jpush@1.0.9", "614491695c61e6809bd5e18e17a44b465880158f2ecbab9651e3ccfaa135f366"),  # JPush 2.1.3
    ("jpush-react-native@1.7.1", "6e63ae933076c1381222b8f2052725eb2c751cdf25c55a588120d94041d5149c"),  # JPush 3.0.7
    ("jpush-react-native@2.2.13", "28ea1e6588feef1f1df69eb6c90b7956e22fc99f6f5a07b8a09f89e8d588f0fc"),  # JPush 3.1.6
    ("jcore-react-native@1.9.2", "5b6bbcf7f8703a372f52a784c2580b60b8af6c030700789a4d164e423b707ea3"),  # JCore 2.8.2
    ("react-native-getui@1.1.18", "2527ed72d10bb254cc087527924b59c8bb1bf2500f3e277cbf33e2c5d6f1128a"),  # GetuiSDK 2.10.3.5
    ("react-native-getui@1.1.55", "7958a93638f411a6f4f12b157fac15a0bfd3fcf3447004b9dc9379304d6a3163"),  # gtsdk 3.3.12.0
    ("react-native-baidu-map@1.0.37", "2008e115e05ea634dcbed7ebaa778a01d205dbcbe0ac676dd580516e6b1a2674"),  # BaiduLBS
]

PKG = "com.example.vendorapp"
P = "Lcom/example/vendorapp"
PATTERNS = {"direct": "pre_consent", "deep": "pre_consent", "thread": "pre_consent", "provider": "pre_consent",
            "attach": "pre_consent", "clinit": "pre_consent", "gated": "gated", "dialog": "post_consent",
            "clean": "unreached", "compliant": "pre_consent"}
READ = f"Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;"


def fetch(dest: Path) -> int:
    import os
    mirrors = Path(os.environ.get("GIT_MIRRORS", "/work/.mirror"))
    bad = 0
    dest.mkdir(parents=True, exist_ok=True)
    for spec, sha in NPM:
        name, version = spec.rsplit("@", 1)
        out = dest / f"{name}-{version}.tgz"
        if not out.exists():
            subprocess.run(["npm", "pack", spec], cwd=dest, capture_output=True)
        ok = out.exists() and hashlib.sha256(out.read_bytes()).hexdigest() == sha
        bad += not ok
        print(f"{'ok ' if ok else 'BAD'} {out.name}")
    for name, repo, path, sha in FETCH:
        out = dest / name
        if not out.exists():
            git = mirrors / repo.replace("/", "+") / "repo"
            git = git / ".git" if (git / ".git").is_dir() else git
            revs = subprocess.run(["git", "--git-dir", str(git), "log", "--all", "--format=%H", "--", path],
                                  capture_output=True, text=True).stdout.split()
            for rev in revs:  # the version of the file with that sha256 (a path may have held several)
                blob = subprocess.run(["git", "--git-dir", str(git), "show", f"{rev}:{path}"], capture_output=True)
                if blob.returncode == 0 and hashlib.sha256(blob.stdout).hexdigest() == sha:
                    out.write_bytes(blob.stdout)
                    break
        ok = out.exists() and hashlib.sha256(out.read_bytes()).hexdigest() == sha
        bad += not ok
        print(f"{'ok ' if ok else 'BAD'} {name} ({repo}: {path})")
    return 1 if bad else 0


def jars_in(path: Path) -> list[tuple[str, bytes]]:
    """(label, jar bytes) for a .jar, an .aar (classes.jar and libs/*.jar) or an npm .tgz (libs/*.jar)."""
    if path.suffix == ".jar":
        return [(path.name, path.read_bytes())]
    if path.suffix == ".aar":
        with zipfile.ZipFile(path) as z:
            return [(f"{path.name}!{n}", z.read(n)) for n in z.namelist()
                    if n == "classes.jar" or (n.startswith("libs/") and n.endswith(".jar"))]
    if path.name.endswith(".tgz"):
        out = []
        with tarfile.open(path) as tf:
            for m in tf.getmembers():
                if m.isfile() and m.name.endswith(".jar") and "/libs/" in m.name:
                    out.append((f"{path.name}!{Path(m.name).name}", tf.extractfile(m).read()))
        return out
    return []


def classes_of(jar: bytes) -> dict[str, object]:
    out = {}
    with zipfile.ZipFile(io.BytesIO(jar)) as z:
        for n in z.namelist():
            if n.endswith(".class") and not n.startswith("META-INF/"):
                try:
                    c = parse_class_methods(z.read(n))
                except (ValueError, IndexError, KeyError):
                    continue
                out[c.name] = c
    return out


def init_calls(classes: dict, compliance: bool = False) -> list[tuple[str, str, str, str, bool]]:
    """(sdk id, class descriptor, name, descriptor, static) for every catalogued init overload the jar defines
    (with compliance=True: every compliance call the vendor wants before init)."""
    calls = []
    for e in startup_catalogue():
        for ms in ([m for m in e.compliance if m.before_init] if compliance else e.init):
            c = classes.get(ms.cls.replace(".", "/"))
            if c is None:
                continue
            for m in c.methods:
                if m.name in ms.methods and m.public and not m.abstract:
                    calls.append((e.id, ms.descriptor, m.name, m.desc, m.static))
    return calls


def body(calls) -> tuple[list[str], int]:
    """Smali lines calling every init (null arguments) and reading ANDROID_ID; registers needed."""
    lines, width = [], 3
    for _sdk, cls, name, desc, static in calls:
        n = _param_words(desc) + (0 if static else 1)
        width = max(width, n + 1)
        lines += [f"    const/4 v{i}, 0x0" for i in range(n)]
        if name == "<init>":
            lines.append(f"    new-instance v0, {cls}")
        op = "invoke-static" if static else "invoke-direct" if name == "<init>" else "invoke-virtual"
        lines.append(f"    {op}/range {{v0 .. v{n - 1}}}, {cls}->{name}{desc}" if n else f"    {op} {{}}, {cls}->{name}{desc}")
    lines += ["    const/4 v0, 0x0", '    const-string v1, "android_id"', f"    invoke-static {{v0, v1}}, {READ}"]
    return lines, width


def method(flags: str, sig: str, lines: list[str], regs: int) -> str:
    return f".method {flags} {sig}\n    .registers {regs}\n" + "\n".join(lines) + "\n    return-void\n.end method\n"


def cls(name: str, sup: str, methods: list[str], implements: str = "") -> str:
    impl = f".implements {implements}\n" if implements else ""
    return f".class public {P}/{name};\n.super {sup};\n{impl}\n" + "\n".join(methods)


CTOR = ".method public constructor <init>()V\n    .registers 1\n    invoke-direct {{p0}}, {sup};-><init>()V\n    return-void\n.end method\n"


def app_sources(pattern: str, calls, pre=()) -> tuple[dict[str, str], str]:
    """smali files and the <application> inner XML for one pattern (`pre`: compliance calls made first)."""
    b, w = body(list(pre) + list(calls) if pattern == "compliant" else calls)
    r = w + 4
    src: dict[str, str] = {}
    app_methods = [CTOR.format(sup="Landroid/app/Application")]
    extra_xml = ""
    launcher = False
    if pattern in ("direct", "compliant"):
        app_methods.append(method("public", "onCreate()V", b, r))
    elif pattern == "deep":
        app_methods.append(method("public", "onCreate()V", [f"    invoke-static {{p0}}, {P}/Starter;->begin(Landroid/content/Context;)V"], 2))
        src["Starter"] = cls("Starter", "Ljava/lang/Object", [
            CTOR.format(sup="Ljava/lang/Object"),
            method("public static", "begin(Landroid/content/Context;)V",
                   [f"    new-instance v0, {P}/Starter;", f"    invoke-direct {{v0}}, {P}/Starter;-><init>()V",
                    f"    invoke-virtual {{v0, p0}}, {P}/Starter;->go(Landroid/content/Context;)V"], 3),
            method("public", "go(Landroid/content/Context;)V", b, r)])
    elif pattern == "thread":
        app_methods.append(method("public", "onCreate()V", [
            f"    new-instance v0, {P}/Job;", f"    invoke-direct {{v0}}, {P}/Job;-><init>()V",
            "    new-instance v1, Ljava/lang/Thread;",
            "    invoke-direct {v1, v0}, Ljava/lang/Thread;-><init>(Ljava/lang/Runnable;)V",
            "    invoke-virtual {v1}, Ljava/lang/Thread;->start()V"], 3))
        src["Job"] = cls("Job", "Ljava/lang/Object", [CTOR.format(sup="Ljava/lang/Object"), method("public", "run()V", b, r)],
                         implements="Ljava/lang/Runnable;")
    elif pattern == "provider":
        src["InitProvider"] = cls("InitProvider", "Landroid/content/ContentProvider", [
            CTOR.format(sup="Landroid/content/ContentProvider"), method("public", "onCreate()Z", b, r)
            .replace("    return-void\n", "    const/4 v0, 0x1\n    return v0\n")])
        extra_xml = f'<provider android:name="{PKG}.InitProvider" android:authorities="{PKG}.init" android:exported="false"/>'
    elif pattern == "attach":
        app_methods.append(method("protected", "attachBaseContext(Landroid/content/Context;)V",
                                  ["    invoke-super {p0, p1}, Landroid/app/Application;->attachBaseContext(Landroid/content/Context;)V"] + b, r))
    elif pattern == "clinit":
        app_methods.append(method("static constructor", "<clinit>()V", b, r))
    elif pattern == "gated":
        gate = ['    const-string v0, "privacy"', "    const/4 v1, 0x0",
                f"    invoke-virtual {{p0, v0, v1}}, {P}/App;->getSharedPreferences(Ljava/lang/String;I)Landroid/content/SharedPreferences;",
                "    move-result-object v0", '    const-string v1, "agreed"', "    const/4 v2, 0x0",
                "    invoke-interface {v0, v1, v2}, Landroid/content/SharedPreferences;->getBoolean(Ljava/lang/String;Z)Z",
                "    move-result v0", "    if-eqz v0, :skip"]
        app_methods.append(method("public", "onCreate()V", gate + b + ["    :skip"], r))
    elif pattern == "dialog":
        launcher = True
        src["MainActivity"] = cls("MainActivity", "Landroid/app/Activity", [
            CTOR.format(sup="Landroid/app/Activity"),
            method("protected", "onCreate(Landroid/os/Bundle;)V", [
                "    invoke-super {p0, p1}, Landroid/app/Activity;->onCreate(Landroid/os/Bundle;)V",
                "    new-instance v0, Landroid/app/AlertDialog$Builder;",
                "    invoke-direct {v0, p0}, Landroid/app/AlertDialog$Builder;-><init>(Landroid/content/Context;)V",
                '    const-string v1, "Agree"', f"    new-instance v2, {P}/Consent;",
                f"    invoke-direct {{v2}}, {P}/Consent;-><init>()V",
                "    invoke-virtual {v0, v1, v2}, Landroid/app/AlertDialog$Builder;->setPositiveButton(Ljava/lang/CharSequence;"
                "Landroid/content/DialogInterface$OnClickListener;)Landroid/app/AlertDialog$Builder;",
                "    invoke-virtual {v0}, Landroid/app/AlertDialog$Builder;->show()Landroid/app/AlertDialog;"], 5)])
        src["Consent"] = cls("Consent", "Ljava/lang/Object", [
            CTOR.format(sup="Ljava/lang/Object"), method("public", "onClick(Landroid/content/DialogInterface;I)V", b, r)],
            implements="Landroid/content/DialogInterface$OnClickListener;")
    elif pattern == "clean":
        app_methods.append(method("public", "onCreate()V", [], 1))
        app_methods.append(method("public static", "unused()V", b, r))
    src["App"] = cls("App", "Landroid/app/Application", app_methods)
    if launcher:
        extra_xml += (f'<activity android:name="{PKG}.MainActivity" android:exported="true"><intent-filter>'
                      '<action android:name="android.intent.action.MAIN"/>'
                      '<category android:name="android.intent.category.LAUNCHER"/></intent-filter></activity>')
    return src, extra_xml


def build_apk(sdk_smali: Path, pattern: str, calls, out: Path, pre=()) -> None:
    src, xml = app_sources(pattern, calls, pre)
    manifest = (f'<?xml version="1.0" encoding="utf-8"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android"'
                f' package="{PKG}" android:versionCode="1" android:versionName="1">'
                '<uses-sdk android:minSdkVersion="21" android:targetSdkVersion="34"/>'
                f'<application android:name="{PKG}.App">{xml}</application></manifest>').encode()
    dex_app = assemble(src, api=21)
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("AndroidManifest.xml", encode(manifest, {}))
        zf.writestr("classes.dex", dex_app)
        zf.writestr("classes2.dex", sdk_smali.read_bytes())


def sdk_dex(classes: dict, out: Path) -> None:
    out.write_bytes(assemble(((f"c{k}", to_smali_methods(c)) for k, c in enumerate(classes.values())), api=21))


def check(label: str, pattern: str, calls, apk: Path, internal: dict, pre=()) -> tuple[list[str], str]:
    want = PATTERNS[pattern]
    t0 = time.process_time()
    scan = scan_bytes(apk.read_bytes(), apk.name)
    cpu = time.process_time() - t0
    st = scan.startup
    problems = []
    app_inits = [i for i in st.sdk_inits if i.caller.startswith(P + "/")]
    expected = {(c[0], f"{c[1]}->{c[2]}{c[3]}") for c in calls}
    got = {(i.sdk, i.api): i.timing for i in app_inits}
    for key in sorted(expected):
        if got.get(key) != want:
            problems.append(f"init {key[1]}: {got.get(key, 'not recognised')} (want {want})")
    reads = [s for s in st.sensitive_calls if s.caller.startswith(P + "/") and s.api == READ]
    if want == "unreached":
        if any(s.timing != "unreached" for s in reads):
            problems.append(f"app read: {[s.timing for s in reads]} (want unreached)")
    elif [s.timing for s in reads] != [want]:
        problems.append(f"app read: {[s.timing for s in reads]} (want [{want}])")
    sdk_reads = {(s.category, s.api, s.caller): s.timing for s in st.sensitive_calls if not s.caller.startswith(P + "/")}
    reached = {k for k, t in sdk_reads.items() if t != "unreached"}
    if pattern == "compliant":  # the compliance calls may reach more of the SDK
        if not reached >= internal.get("reached", set()):
            problems.append("SDK-internal reads reached from the init are missing")
    elif want != "unreached":
        internal.setdefault("reached", reached)
        if reached != internal["reached"]:
            problems.append(f"SDK-internal reads reached differ from 'direct': +{len(reached - internal['reached'])} "
                            f"-{len(internal['reached'] - reached)}")
        wrong = sorted({t for k, t in sdk_reads.items() if k in reached and t != want})
        if wrong:
            problems.append(f"SDK-internal reads with timing {wrong} (want {want})")
    elif reached:
        problems.append(f"{len(reached)} SDK-internal reads reached in the clean app")
    findings = audit(scan).findings
    f601 = {f.subject_id for f in findings if f.rule_id == "AUD601"}
    f602 = {f.subject_id for f in findings if f.rule_id == "AUD602"}
    pre_sdks = {i.sdk for i in st.sdk_inits if i.timing == "pre_consent" and i.kind == "call"}
    pre_cats = {s.category for s in st.sensitive_calls if s.timing == "pre_consent"}
    if f601 != pre_sdks or (want == "pre_consent") != bool(f601 & {c[0] for c in calls}):
        problems.append(f"AUD601 on {sorted(f601)}, pre-consent inits of {sorted(pre_sdks)}")
    if f602 != pre_cats or (want == "pre_consent") != ("device_id" in f602):
        problems.append(f"AUD602 on {sorted(f602)}, pre-consent reads of {sorted(pre_cats)}")
    f604 = {f.subject_id for f in findings if f.rule_id == "AUD604"}
    if pattern == "compliant":
        got_c = {(c.sdk, c.api): c.timing for c in st.compliance_calls if c.caller.startswith(P + "/")}
        for sdk, cls_, name, desc, _s in pre:
            if got_c.get((sdk, f"{cls_}->{name}{desc}")) != "pre_consent":
                problems.append(f"compliance {cls_}->{name}{desc}: {got_c.get((sdk, f'{cls_}->{name}{desc}'), 'not recognised')}")
        if f604 & {c[0] for c in pre}:
            problems.append(f"AUD604 on {sorted(f604)} although the compliance calls come first")
    elif pattern == "direct":  # a required compliance call the binary offers and the app never makes
        required = {c[0] for c in pre if any(ms.required and c[2] in ms.methods for e in startup_catalogue()
                                              if e.id == c[0] for ms in e.compliance)}
        if required - f604:
            problems.append(f"AUD604 missing for {sorted(required - f604)}")
    others = sorted({f.rule_id for f in findings if f.rule_id in ("AUD603", "AUD604")})
    n_int = len(reached)
    row = (f"| {label} | {pattern} | {want} | {len(calls)} | {n_int} | {'yes' if st.truncated else 'no'} | "
           f"{st.methods_decoded} | {','.join(sorted(f601)) or '-'} | {','.join(sorted(f602)) or '-'} | "
           f"{','.join(others) or '-'} | {cpu:.2f} | {'ok' if not problems else 'FAIL'} |")
    return problems, row


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--fetch", metavar="DIR", nargs="?", const="/work/vendor-jars")
    ap.add_argument("--patterns", default=",".join(PATTERNS))
    args = ap.parse_args(argv)
    if args.fetch:
        return fetch(Path(args.fetch))
    patterns = args.patterns.split(",")
    failures = 0
    print("| binary | pattern | expected | init calls | SDK reads reached | truncated | methods decoded | AUD601 | AUD602 "
          "| other AUD6xx | scan CPU s | result |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for p in map(Path, args.paths):
            for label, jar in jars_in(p):
                classes = classes_of(jar)
                calls = init_calls(classes)
                if not calls:
                    continue
                pre = init_calls(classes, compliance=True)
                dex = Path(tmp) / "sdk.dex"
                try:
                    sdk_dex(classes, dex)
                except RuntimeError as e:
                    print(f"| {label} | - | cannot carry into DEX: {e} |")
                    failures += 1
                    continue
                internal: dict = {}
                for pattern in patterns:
                    if pattern == "compliant" and not pre:
                        continue  # this build has no compliance call to make
                    apk = Path(tmp) / f"{pattern}.apk"
                    build_apk(dex, pattern, calls, apk, pre)
                    problems, row = check(label, pattern, calls, apk, internal, pre)
                    print(row)
                    for pr in problems:
                        print(f"|   | {pattern} | {pr} |")
                    failures += bool(problems)
                print("|   | init calls: " + "; ".join(sorted({f"{c[1][1:-1].split('/')[-1]}.{c[2]}{c[3]}" for c in calls})) + " |")
                if pre:
                    print("|   | compliance calls: " + "; ".join(sorted({f"{c[1][1:-1].split('/')[-1]}.{c[2]}{c[3]}"
                                                                       for c in pre})) + " |")
    print(f"{failures} failing (binary, pattern) pair(s)" if failures else "all patterns right")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Start-up catalogue against real vendor SDK binaries.

Takes npm packages of React Native modules that ship a vendor's Android jars (old and
new releases), reads every catalogued init / compliance class in those jars with `javap -s`
(the real method names and descriptors), and builds one APK per jar in which
Application.onCreate calls each catalogued method found, with the descriptor the vendor
binary has, and a stand-in class defines it. It then scans the APK and checks that every
call is recognised as that SDK's init (timing pre_consent) or compliance call. It prints,
per jar, which catalogued methods the binary really has and which it lacks.

    mkdir -p bench/.cache/vendor && cd bench/.cache/vendor
    npm pack react-native-jpush@1.0.9 jpush-react-native@1.7.1 jpush-react-native@2.2.13 \
        jcore-react-native@1.9.2 react-native-getui@1.1.55 react-native-baidu-map@1.0.37
    cd - && .venv/bin/python bench/vendor_startup.py bench/.cache/vendor/*.tgz

Needs a JDK (javap) and Debian's smali. Nothing fetched is committed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "samples" / "tools"))
from axml_encode import encode  # noqa: E402
from dexasm import assemble  # noqa: E402

from auditor.scan import scan_bytes  # noqa: E402
from auditor.startup.catalogue import startup_catalogue  # noqa: E402

MANIFEST = b"""<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.vendorstart"
    android:versionCode="1" android:versionName="1">
  <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="34"/>
  <application android:name="com.example.vendorstart.App"/>
</manifest>
"""


def javap_methods(jar: Path, cls: str) -> list[tuple[str, str, bool]]:
    """(name, descriptor, static) of every public method / constructor of cls in jar, from javap -s."""
    proc = subprocess.run(["javap", "-public", "-s", "-cp", str(jar), cls], capture_output=True, text=True)
    if proc.returncode:
        return []
    out, pending = [], None
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("descriptor:") and pending:
            name, static = pending
            out.append((name, line.split(":", 1)[1].strip(), static))
            pending = None
        elif "(" in line and line.endswith(";"):
            head = line.split("(", 1)[0].split()
            name = head[-1].split(".")[-1]
            if name == cls.split(".")[-1]:
                name = "<init>"
            pending = (name, " static " in f" {line} ")
    return out


def jars_of(tgz: Path, into: Path) -> list[Path]:
    out = []
    with tarfile.open(tgz) as tf:
        for m in tf.getmembers():
            if m.isfile() and m.name.endswith(".jar") and "/libs/" in m.name:
                dest = into / Path(m.name).name
                dest.write_bytes(tf.extractfile(m).read())
                out.append(dest)
    return out


def regs(desc: str) -> int:
    params = desc[1:desc.index(")")]
    n, i = 0, 0
    while i < len(params):
        c = params[i]
        if c == "[":
            while params[i] == "[":
                i += 1
            if params[i] == "L":
                i = params.index(";", i)
            n += 1
            i += 1
            continue
        if c == "L":
            i = params.index(";", i)
        n += 2 if c in "JD" else 1
        i += 1
    return n


def build(calls: list[tuple[str, str, str, bool]], out: Path) -> None:
    """calls: (class descriptor, name, descriptor, static)."""
    src: dict[str, str] = {}
    body, width = [], 1
    by_cls: dict[str, list] = {}
    for cls, name, desc, static in calls:
        by_cls.setdefault(cls, []).append((name, desc, static))
        n = regs(desc)
        width = max(width, n + 1)
        args = ", ".join(f"v{i}" for i in range(n + (0 if static or name == "<init>" else 1)))
        for i in range(n + 1):
            body.append(f"    const/4 v{i}, 0x0")
        if name == "<init>":
            body.append(f"    new-instance v0, {cls}")
            args = ", ".join(f"v{i}" for i in range(n + 1))
            body.append(f"    invoke-direct/range {{v0 .. v{n}}}, {cls}->{name}{desc}" if n else
                        f"    invoke-direct {{v0}}, {cls}->{name}{desc}")
        elif static:
            body.append(f"    invoke-static/range {{v0 .. v{n - 1}}}, {cls}->{name}{desc}" if n else
                        f"    invoke-static {{}}, {cls}->{name}{desc}")
        else:
            body.append(f"    invoke-virtual/range {{v0 .. v{n}}}, {cls}->{name}{desc}")
        del args
    src["App"] = (
        ".class public Lcom/example/vendorstart/App;\n.super Landroid/app/Application;\n\n"
        ".method public constructor <init>()V\n    .registers 1\n    invoke-direct {p0}, Landroid/app/Application;-><init>()V\n"
        "    return-void\n.end method\n\n"
        f".method public onCreate()V\n    .registers {width + 1}\n" + "\n".join(body) + "\n    return-void\n.end method\n")
    for k, (cls, methods) in enumerate(sorted(by_cls.items())):
        lines = [f".class public {cls}", ".super Ljava/lang/Object;", ""]
        seen = set()
        for name, desc, static in methods:
            if (name, desc) in seen:
                continue
            seen.add((name, desc))
            ret = desc[desc.index(")") + 1:]
            flags = "public constructor" if name == "<init>" else ("public static" if static else "public")
            code = ["    return-void"] if ret == "V" else (["    const/4 v0, 0x0", "    return-wide v0"] if ret in "JD"
                                                        else ["    const/4 v0, 0x0", "    return v0"] if len(ret) == 1
                                                        else ["    const/4 v0, 0x0", "    return-object v0"])
            if name == "<init>":
                code = [f"    invoke-direct {{p0}}, Ljava/lang/Object;-><init>()V"] + code
            lines += [f".method {flags} {name}{desc}", f"    .registers {regs(desc) + 3}"] + code + [".end method", ""]
        src[f"S{k}"] = "\n".join(lines)
    dex = assemble(src, api=21)
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("AndroidManifest.xml", encode(MANIFEST, {}))
        zf.writestr("classes.dex", dex)


def main(paths: list[str]) -> int:
    cat = startup_catalogue()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for p in map(Path, paths):
            for jar in jars_of(p, Path(tmp)):
                if jar.name.startswith("gradle-wrapper"):
                    continue
                names = {n[:-6].replace("/", ".") for n in zipfile.ZipFile(jar).namelist() if n.endswith(".class")}
                calls, report = [], []
                for e in cat:
                    for ms in e.init + e.compliance:
                        if ms.cls not in names:
                            continue
                        real = javap_methods(jar, ms.cls)
                        for want in ms.methods:
                            found = [(n, d, s) for n, d, s in real if n == want]
                            tag = "init" if ms in e.init else ms.kind
                            report.append(f"{e.id:16s} {tag:9s} {ms.cls}.{want}: "
                                          + (", ".join(d for _n, d, _s in found) if found else "ABSENT in this build"))
                            calls += [(ms.descriptor, n, d, s) for n, d, s in found]
                if not calls:
                    continue
                apk = Path(tmp) / (jar.stem + ".apk")
                build(calls, apk)
                st = scan_bytes(apk.read_bytes(), apk.name).startup
                got = {(i.api, i.timing) for i in st.sdk_inits} | {(c.api, c.timing) for c in st.compliance_calls}
                print(f"== {p.name} :: {jar.name}")
                for line in report:
                    print("  ", line)
                for cls, name, desc, _s in calls:
                    api = f"{cls}->{name}{desc}"
                    ok = (api, "pre_consent") in got
                    failures += not ok
                    print(f"   {'recognised' if ok else 'MISSED    '} {api} (pre_consent)")
    print("all recognised" if not failures else f"{failures} call(s) not recognised")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Rebuild the sample APKs from the sources kept in samples/src/.

Each app folder holds AndroidManifest.xml (plain text), smali/ (hand-written code),
and app.toml: which smali folders go into which classes*.dex, stub classes to
generate (stand-ins for SDK classes: name, superclass), native libraries and assets
(placeholder files with the names vendors ship). bundles.toml composes split
bundles (.apks / .xapk) from built APKs and split sources.

Needs Debian's smali, zipalign, apksigner (and aapt, dexdump to record the
reference outputs in samples/expected/). Run: python samples/build.py
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "tools"))
from arsc_encode import encode as encode_arsc, resource_ids  # noqa: E402
from axml_encode import encode  # noqa: E402
from proto_encode import encode_bundle_config, encode_manifest, encode_resources  # noqa: E402

try:
    import tomllib
except ImportError:  # pragma: no cover
    import tomli as tomllib

SRC, OUT, EXPECTED = HERE / "src", HERE, HERE / "expected"
KEYSTORE = HERE / "keys" / "sample.keystore"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def run(*cmd: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def stub_smali(name: str, superclass: str, kind: str = "class") -> str:
    desc = "L" + name.replace(".", "/") + ";"
    sup = "L" + superclass.replace(".", "/") + ";"
    if kind == "interface":
        return f".class public abstract interface {desc}\n.super Ljava/lang/Object;\n"
    return (
        f".class public {desc}\n.super {sup}\n\n"
        ".method public constructor <init>()V\n    .registers 1\n"
        f"    invoke-direct {{p0}}, {sup}-><init>()V\n    return-void\n.end method\n"
    )


def ensure_keystore() -> None:
    if KEYSTORE.exists():
        return
    KEYSTORE.parent.mkdir(parents=True, exist_ok=True)
    run("keytool", "-genkeypair", "-keystore", str(KEYSTORE), "-storepass", "sample", "-keypass", "sample",
        "-alias", "sample", "-keyalg", "RSA", "-keysize", "2048", "-validity", "36500",
        "-dname", "CN=auditor samples")


def zip_entries(path: Path, entries: dict[str, bytes], stored: set[str] = frozenset()) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(entries, key=lambda n: (n != "AndroidManifest.xml", n)):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            plain = name in stored or name.endswith(".so") or name == "resources.arsc"  # arsc is stored, as aapt does
            info.compress_type = zipfile.ZIP_STORED if plain else zipfile.ZIP_DEFLATED
            zf.writestr(info, entries[name])


def sign(unsigned: Path, final: Path) -> None:
    aligned = unsigned.with_suffix(".aligned")
    run("zipalign", "-f", "-p", "4", str(unsigned), str(aligned))
    run("apksigner", "sign", "--ks", str(KEYSTORE), "--ks-pass", "pass:sample", "--key-pass", "pass:sample",
        "--out", str(final), str(aligned))
    aligned.unlink()
    idsig = final.with_suffix(final.suffix + ".idsig")
    if idsig.exists():
        idsig.unlink()


APP_KEYS = {"output", "dex", "native", "assets", "record", "strings"}
DEX_KEYS = {"smali", "stubs"}


def load_app(app_dir: Path) -> dict:
    cfg = tomllib.loads((app_dir / "app.toml").read_text())
    unknown = set(cfg) - APP_KEYS | {k for d in cfg.get("dex", {}).values() for k in d} - DEX_KEYS
    if unknown:
        raise SystemExit(f"{app_dir / 'app.toml'}: unknown keys {sorted(unknown)}")
    return cfg


def build_apk(app_dir: Path, out: Path) -> None:
    cfg = load_app(app_dir)
    manifest_xml = (app_dir / "AndroidManifest.xml").read_bytes()
    strings = cfg.get("strings", {})
    entries: dict[str, bytes] = {"AndroidManifest.xml": encode(manifest_xml, resource_ids(strings))}
    if strings:
        package = re.search(rb'package="([^"]+)"', manifest_xml).group(1).decode()
        entries["resources.arsc"] = encode_arsc(package, strings)
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        for dex_name, spec in cfg.get("dex", {}).items():
            work = tmpd / dex_name
            work.mkdir()
            for folder in spec.get("smali", []):
                shutil.copytree(app_dir / folder, work / folder)
            for line in spec.get("stubs", []):
                parts = line.split()
                name = parts[0]
                sup = parts[2] if len(parts) > 2 and parts[1] == "extends" else "java.lang.Object"
                kind = "interface" if len(parts) > 1 and parts[1] == "interface" else "class"
                f = work / "stubs" / (name.replace(".", "/") + ".smali")
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_text(stub_smali(name, sup, kind))
            dex = tmpd / (dex_name + ".out")
            run("smali", "assemble", "--api", "21", "-o", str(dex), str(work))
            entries[dex_name] = dex.read_bytes()
        for lib in cfg.get("native", []):
            entries[f"lib/{lib}"] = b"\x7fELF\x02\x01\x01" + b"\x00" * 57 + f"stand-in for {lib}".encode()
        for asset in cfg.get("assets", []):
            entries[f"assets/{asset}"] = f"stand-in asset {asset}\n".encode()
        unsigned = tmpd / "unsigned.apk"
        zip_entries(unsigned, entries)
        sign(unsigned, out)


def record_expected(apk: Path) -> None:
    """Keep the reference tools' view of each APK for the tests to compare with."""
    EXPECTED.mkdir(exist_ok=True)
    badging = run("aapt", "dump", "badging", str(apk)).stdout
    (EXPECTED / f"{apk.name}.badging.txt").write_text(badging)
    counts = {}
    with zipfile.ZipFile(apk) as zf, tempfile.TemporaryDirectory() as tmp:
        for n in zf.namelist():
            if n.startswith("classes") and n.endswith(".dex"):
                p = Path(tmp) / n
                p.write_bytes(zf.read(n))
                head = run("dexdump", "-f", str(p)).stdout
                counts[n] = int(next(l.split(":")[1] for l in head.splitlines() if l.startswith("class_defs_size")))
    (EXPECTED / f"{apk.name}.dexdump.json").write_text(json.dumps(counts, indent=1, sort_keys=True) + "\n")


def build_bundles() -> None:
    spec = tomllib.loads((SRC / "bundles.toml").read_text())
    for name, b in spec.get("bundle", {}).items():
        entries: dict[str, bytes] = {}
        for entry, source in b["apks"].items():
            entries[entry] = (OUT / source).read_bytes()
        if b.get("xapk_manifest"):
            entries["manifest.json"] = json.dumps(b["xapk_manifest"], indent=1).encode()
        zip_entries(OUT / name, entries, stored=set(entries))


def build_aabs() -> None:
    """Android App Bundles (samples/src/aabs.toml) from the same sources as the APKs: each
    module's manifest re-encoded as aapt2 protobuf XML, its dex files, libraries and assets
    taken from the APKs built from those sources."""
    spec = tomllib.loads((SRC / "aabs.toml").read_text())
    for name, b in spec.get("aab", {}).items():
        entries: dict[str, bytes] = {"BundleConfig.pb": encode_bundle_config()}
        for module, m in b["modules"].items():
            app_dir = SRC / m["source"]
            cfg = load_app(app_dir)
            manifest_xml = (app_dir / "AndroidManifest.xml").read_bytes()
            strings = cfg.get("strings", {})
            package = re.search(rb'package="([^"]+)"', manifest_xml).group(1).decode()
            entries[f"{module}/manifest/AndroidManifest.xml"] = encode_manifest(manifest_xml, resource_ids(strings))
            entries[f"{module}/resources.pb"] = encode_resources(package, strings)
            for apk in [m["apk"], *m.get("libs_from", [])]:
                with zipfile.ZipFile(OUT / apk) as zf:
                    for n in zf.namelist():
                        if re.fullmatch(r"classes\d*\.dex", n) and apk == m["apk"]:
                            entries[f"{module}/dex/{n}"] = zf.read(n)
                        elif n.startswith(("lib/", "assets/")) and (apk == m["apk"] or n.startswith("lib/")):
                            entries[f"{module}/{n}"] = zf.read(n)
        zip_entries(OUT / name, entries)


def main() -> None:
    if sys.argv[1:] == ["--aab"]:  # bundles only: needs no Android tools, only the built APKs
        build_aabs()
        print("app bundles built")
        return
    ensure_keystore()
    apps = sorted(p for p in SRC.iterdir() if (p / "app.toml").exists())
    for app_dir in apps:
        cfg = load_app(app_dir)
        out = OUT / cfg["output"]
        out.parent.mkdir(parents=True, exist_ok=True)
        build_apk(app_dir, out)
        if cfg.get("record", True):
            record_expected(out)
        print(f"built {out.relative_to(HERE.parent)}")
    build_bundles()
    build_aabs()
    print("bundles built")


if __name__ == "__main__":
    main()

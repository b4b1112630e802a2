"""Cost of the graph attribution rules (class hierarchy, reference graph, package region):
the same attribution with the DEX files handed to it and without (package rules only),
best of 3 runs each, in one process.

The default APK (bench/.cache/xref-2x4000.apk, built here with Debian's smali) has
8,000 classes of 10 methods in two dex files: 30% app code, 10% JPush's API package,
50% renamed classes (`a.b`, `a.c`, `x.y`), 10% an unknown named vendor; every method
calls a method of another class (a fixed pseudo-random graph, so renamed classes are
reached from several places) and one method in 40 reads the IMEI, so thousands of
callers need the graph rules. The large benchmark APKs of bench/build_large_apk.py can
be passed too (their sensitive calls sit in app code, so the graph rules do not run).

Run: .venv/bin/python bench/attribution_cost.py [APK...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


PKGS = ["com/example/big/app"] * 3 + ["cn/jpush/android/api"] + ["a/b", "a/c", "x/y", "a/b", "a/c"] + ["com/vendor/kit"]
IMEI = ("    const-string v0, \"phone\"\n"
        "    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;\n"
        "    move-result-object v0\n    check-cast v0, Landroid/telephony/TelephonyManager;\n"
        "    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;\n")


def _name(i: int) -> str:
    pkg = PKGS[i % len(PKGS)]
    simple = f"C{i}" if not pkg.startswith(("a/", "x/")) else "".join(chr(97 + (i // 26 ** k) % 26) for k in range(3))
    return f"L{pkg}/{simple}{'' if not pkg.startswith(('a/', 'x/')) else i};"


def build_xref_apk(dex_files: int, per_dex: int) -> Path:
    import zipfile

    cache = HERE / ".cache"
    out = cache / f"xref-{dex_files}x{per_dex}.apk"
    if out.exists():
        return out
    cache.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE.parent / "samples" / "tools"))
    from axml_encode import encode
    from dexasm import SmaliError, assemble

    n = dex_files * per_dex
    dexes = []
    for d in range(dex_files):
        classes = {}
        for i in range(d * per_dex, (d + 1) * per_dex):
            me = _name(i)
            lines = [f".class public {me}", ".super Ljava/lang/Object;", ""]
            for m in range(10):
                target = _name((i * 7919 + m * 104729 + 13) % n)
                body = IMEI if (i * 10 + m) % 40 == 0 else ""
                lines.append(f".method public static m{m}(Landroid/content/Context;)V\n    .registers 3\n{body}"
                             f"    invoke-static {{p0}}, {target}->m{(m + 1) % 10}(Landroid/content/Context;)V\n"
                             "    return-void\n.end method\n")
            classes[f"C{i}"] = "\n".join(lines)
        try:
            dexes.append(assemble(classes))
        except SmaliError as exc:
            raise SystemExit(str(exc)) from None
    manifest = encode(b'<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
                      b'package="com.example.big" android:versionCode="1" android:versionName="1">'
                      b'<uses-sdk android:minSdkVersion="21" android:targetSdkVersion="34"/>'
                      b'<application android:label="Xref"/></manifest>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("AndroidManifest.xml", manifest)
        for i, dex in enumerate(dexes):
            zf.writestr("classes.dex" if i == 0 else f"classes{i + 1}.dex", dex)
    return out


def main() -> None:
    from auditor.apk import read_app
    from auditor.apk.code import scan_dexes
    from auditor.evidence import Attributor, build_evidence
    from auditor.sdk import default_matcher

    paths = [Path(p) for p in sys.argv[1:]] or [build_xref_apk(2, 4000)]
    for path in paths:
        facts, dexes = read_app(path.read_bytes(), path.name)
        matcher = default_matcher()
        hits = matcher.match(facts, dexes)
        sites = scan_dexes(dexes)
        pkg = facts.manifest.package

        def run(with_graph: bool) -> float:
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                build_evidence(sites, pkg, hits, matcher, set(), set(), dexes=dexes if with_graph else ())
                best = min(best, time.perf_counter() - t0)
            return best

        plain, graph = run(False), run(True)
        att = Attributor(pkg, {h.id: h for h in hits}, matcher, dexes)
        att.resolve_graph({s.caller_class for s in sites})
        index = getattr(att, "index", None)
        rules: dict[str, int] = {}
        for site in sites:
            rule = att.attribute(site).attribution
            rules[rule] = rules.get(rule, 0) + 1
        print(f"{path.name}: {facts.code.class_count:,} classes, {len(dexes)} dex, {len(sites):,} call sites; "
              f"attribution {plain * 1000:.0f} ms with package rules only, {graph * 1000:.0f} ms with the graph rules "
              f"(+{(graph - plain) * 1000:.0f} ms, {index.passes if index else 0} regex passes); by rule: "
              + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))


if __name__ == "__main__":
    main()

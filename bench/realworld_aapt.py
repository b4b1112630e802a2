"""Cross-check auditor's manifest model and class counts against `aapt dump badging` and
`dexdump` on APKs from outside the project (nothing here is committed: pass the paths).

Run: .venv/bin/python bench/realworld_aapt.py APK [APK ...]
(needs Debian's aapt and dexdump; prints one line per APK and every disagreement)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_aapt_agreement import ours, parse_badging  # noqa: E402


def dexdump_counts(apk: Path) -> dict[str, int]:
    counts = {}
    with zipfile.ZipFile(apk) as zf, tempfile.TemporaryDirectory() as tmp:
        for n in zf.namelist():
            if n.startswith("classes") and n.endswith(".dex") and "/" not in n:
                p = Path(tmp) / n
                p.write_bytes(zf.read(n))
                head = subprocess.run(["dexdump", "-f", str(p)], capture_output=True).stdout.decode("utf-8", "replace")
                counts[n] = int(next(l.split(":")[1] for l in head.splitlines() if l.startswith("class_defs_size")))
    return counts


def main() -> None:
    from auditor.apk import read_app

    bad = 0
    for arg in sys.argv[1:]:
        apk = Path(arg)
        expected = parse_badging(subprocess.run(["aapt", "dump", "badging", str(apk)], capture_output=True,
                                                text=True).stdout)
        t0 = time.perf_counter()
        got = ours(apk)
        facts, _ = read_app(apk.read_bytes(), apk.name)
        elapsed = time.perf_counter() - t0
        problems = []
        for key in ("package", "version_code", "version_name", "compile_sdk", "min_sdk"):
            want = expected.get(key) if key != "min_sdk" else expected.get("min_sdk", "1")
            if got[key] != want:
                problems.append(f"{key}: ours {got[key]!r} aapt {want!r}")
        if got["target_sdk"] != expected.get("target_sdk", got["min_sdk"]):
            problems.append(f"target_sdk: ours {got['target_sdk']} aapt {expected.get('target_sdk')}")
        if sorted(got["permissions"]) != sorted(expected["permissions"]):
            problems.append(f"permissions: only ours {sorted(set(got['permissions']) - set(expected['permissions']))}, "
                            f"only aapt {sorted(set(expected['permissions']) - set(got['permissions']))}")
        if got["implied"] != expected["implied"]:
            problems.append(f"implied: ours {got['implied']} aapt {expected['implied']}")
        dd = dexdump_counts(apk)
        ours_dex = {d.name: d.class_count for d in facts.code.dex_files}
        if ours_dex != dd:
            problems.append(f"class counts: ours {ours_dex} dexdump {dd}")
        bad += bool(problems)
        print(f"{'OK  ' if not problems else 'DIFF'} {apk.name}: {got['package']} {got['version_name']}, "
              f"{len(got['permissions'])} permissions ({len(got['implied'])} implied), "
              f"{sum(dd.values())} classes in {len(dd)} dex, read in {elapsed:.2f}s")
        for p in problems:
            print(f"     {p}")
    print(f"{len(sys.argv) - 1 - bad} of {len(sys.argv) - 1} agree")


if __name__ == "__main__":
    main()

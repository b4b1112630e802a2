"""Regenerate auditor/knowledge/aosp_permissions.json from the AOSP permission
tables that androguard ships (one JSON per API level, taken from each release's
frameworks/base/core/res/AndroidManifest.xml).

For every platform permission up to API 35 we keep the protection level as of
the newest level that defines it, the first level that defines it
(`introduced`), and the last level (`removed_after`) when it disappeared.
androguard has no tables for API 11, 12 and 20; a permission first seen at 13
or 21 may be one or two levels older.

Run: python tools/gen_aosp_permissions.py
"""

from __future__ import annotations

import json
import pathlib
import re

import androguard.core.api_specific_resources as res

MAX_API = 35
OUT = pathlib.Path(__file__).resolve().parents[1] / "auditor" / "knowledge" / "aosp_permissions.json"


def main() -> None:
    folder = pathlib.Path(res.__file__).parent / "aosp_permissions"
    levels = sorted(
        int(m.group(1))
        for p in folder.glob("permissions_*.json")
        if (m := re.fullmatch(r"permissions_(\d+)\.json", p.name)) and int(m.group(1)) <= MAX_API
    )
    table: dict[str, dict] = {}
    for api in levels:
        perms = json.loads((folder / f"permissions_{api}.json").read_text())["permissions"]
        for name, info in perms.items():
            entry = table.setdefault(name, {"introduced": api})
            entry["protection"] = info.get("protectionLevel") or "normal"
            entry["last_seen"] = api
    out = {}
    for name in sorted(table):
        e = table[name]
        rec = {"protection": e["protection"], "introduced": e["introduced"]}
        if e["last_seen"] < levels[-1]:
            rec["removed_after"] = e["last_seen"]
        out[name] = rec
    doc = {
        "source": "AOSP frameworks/base core/res/AndroidManifest.xml, via androguard's per-API tables",
        "api_levels": levels,
        "permissions": out,
    }
    OUT.write_text(json.dumps(doc, indent=0, sort_keys=True) + "\n")
    print(f"{len(out)} permissions from API levels {levels[0]}..{levels[-1]} -> {OUT}")


if __name__ == "__main__":
    main()

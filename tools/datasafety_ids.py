#!/usr/bin/env python3
"""Print the distinct (question id, response id) pairs of Play Console Data safety CSV exports.

    python3 tools/datasafety_ids.py data_safety_export.csv [...]

Per-data-type question ids (`PSL_DATA_USAGE_RESPONSES:<TYPE>:<QUESTION>`) are printed once
with `*` for the type. The output, with a comment naming the exports read, is kept as
tests/datasafety_ids_seen.txt: the tests check that every id auditor writes was seen in a
real export. The exports themselves are third-party files and are not committed.
"""

from __future__ import annotations

import csv
import sys


def pairs(path: str) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    out: list[tuple[str, str]] = []
    for r in rows[1:]:
        q = r[0]
        if q.startswith("PSL_DATA_USAGE_RESPONSES:"):
            _, _type, sub = q.split(":")
            q = f"PSL_DATA_USAGE_RESPONSES:*:{sub}"
        if (q, r[1]) not in out:
            out.append((q, r[1]))
    return out


def main(argv: list[str]) -> int:
    seen: list[tuple[str, str]] = []
    for path in argv:
        for p in pairs(path):
            if p not in seen:
                seen.append(p)
    for q, r in seen:
        print(f"{q},{r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

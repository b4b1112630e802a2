"""Cost of the graph attribution rules (class hierarchy, reference graph, package region)
on the large benchmark APKs: the same scan with the DEX files handed to attribution and
without (package rules only), best of N runs each, in one process after a warm-up.

Run: .venv/bin/python bench/attribution_cost.py [APK...]
(default: bench/.cache/large-8x40000.apk, built by bench/build_large_apk.py; needs smali)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    from auditor.apk import read_app
    from auditor.apk.code import scan_dexes
    from auditor.evidence import Attributor, build_evidence
    from auditor.sdk import default_matcher

    paths = [Path(p) for p in sys.argv[1:]]
    if not paths:
        from build_large_apk import build

        paths = [build(8, 40_000)]
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
        for s in sites:
            rules[att.attribute(s).attribution] = rules.get(att.attribute(s).attribution, 0) + 1
        print(f"{path.name}: {facts.code.class_count:,} classes, {len(dexes)} dex, {len(sites):,} call sites; "
              f"attribution {plain * 1000:.0f} ms with package rules only, {graph * 1000:.0f} ms with the graph rules "
              f"(+{(graph - plain) * 1000:.0f} ms, {index.passes if index else 0} regex passes); by rule: "
              + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))


if __name__ == "__main__":
    main()

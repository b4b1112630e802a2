"""Match the signature database against an app: one pass over its packages, one
lookup per manifest item, one combined regex for native libraries and assets.

Confidence rises with independent kinds of evidence. A signal value listed by more
than one SDK (a meta-data key shared by a vendor's products) counts as shared: it
adds evidence but never makes a detection on its own.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from auditor.model import AppFacts, CodeInventory, Component, InputInfo, Manifest, Queries, AppFlags
from auditor.sdk.database import SignatureDB

WEIGHTS = {"package": 0.5, "component": 0.4, "component_suffix": 0.3, "meta_data": 0.3,
           "native_lib": 0.3, "action": 0.2, "asset": 0.2}


@dataclass(frozen=True)
class Evidence:
    kind: str  # package | component | component_suffix | meta_data | native_lib | asset | action
    value: str
    count: int = 1
    shared: bool = False


@dataclass(frozen=True)
class SdkHit:
    id: str
    name: str
    vendor: str
    vendor_zh: str | None
    category: str
    market: str
    score: float
    confidence: str  # high | medium | low
    evidence: tuple[Evidence, ...]
    bundled_in: str | None = None

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(e.value for e in self.evidence if e.kind == "package")


def _label(score: float) -> str:
    return "high" if score >= 0.7 else "medium" if score >= 0.4 else "low"


class Matcher:
    def __init__(self, db: SignatureDB) -> None:
        self.db = db
        self.prefixes: dict[str, str] = {}
        exact: dict[str, dict[str, list[str]]] = {k: defaultdict(list) for k in ("components", "meta_data", "actions", "assets")}
        self.suffixes: list[tuple[str, str]] = []
        patterns: list[tuple[str, str, str]] = []  # (kind, glob, sdk)
        for sid, sig in db.entries.items():
            for p in sig.signals["packages"]:
                self.prefixes[p] = sid
            for kind in exact:
                for value in sig.signals[kind]:
                    if any(ch in value for ch in "*?[") and kind == "assets":
                        patterns.append(("asset", value, sid))
                    else:
                        exact[kind][value].append(sid)
            for suf in sig.signals["component_suffixes"]:
                self.suffixes.append((suf, sid))
            for lib in sig.signals["native_libs"]:
                patterns.append(("native_lib", lib, sid))
        self.exact = {k: dict(v) for k, v in exact.items()}
        self.lib_re = self._combine([p for p in patterns if p[0] == "native_lib"])
        self.asset_re = self._combine([p for p in patterns if p[0] == "asset"])
        self.glob_shared: dict[str, int] = defaultdict(int)
        for _kind, glob, _sid in patterns:
            self.glob_shared[glob] += 1

    @staticmethod
    def _combine(pats: list[tuple[str, str, str]]):
        if not pats:
            return None, []
        parts = [f"(?P<g{i}>{fnmatch.translate(glob)[4:-3]})" for i, (_k, glob, _s) in enumerate(pats)]
        return re.compile("^(?:" + "|".join(parts) + ")$"), pats

    def _glob_hits(self, combined, values: Iterable[str], kind: str, add) -> None:
        regex, pats = combined
        if regex is None:
            return
        for value in values:
            if regex.match(value) is None:
                continue
            # the first group that matched tells the first pattern; check all for shared globs
            for i, (_k, glob, sid) in enumerate(pats):
                if fnmatch.fnmatchcase(value, glob):
                    add(sid, Evidence(kind, value, 1, self.glob_shared[glob] > 1))

    def match(self, facts: AppFacts) -> list[SdkHit]:
        found: dict[str, dict[tuple[str, str], Evidence]] = defaultdict(dict)

        def add(sid: str, ev: Evidence) -> None:
            key = (ev.kind, ev.value)
            old = found[sid].get(key)
            found[sid][key] = ev if old is None else Evidence(ev.kind, ev.value, old.count + ev.count, ev.shared)

        app_pkg = facts.manifest.package
        own = app_pkg + "."
        # packages: count classes per package once, then longest-prefix lookup per package
        per_pkg: dict[str, int] = defaultdict(int)
        for cls in facts.code.classes:
            pkg = cls.rpartition(".")[0]
            per_pkg[pkg] += 1
        for pkg, n in per_pkg.items():
            if not pkg or pkg == app_pkg or pkg.startswith(own):
                continue
            segs = pkg.split(".")
            for i in range(len(segs), 0, -1):
                sid = self.prefixes.get(".".join(segs[:i]))
                if sid is not None:
                    add(sid, Evidence("package", ".".join(segs[:i]), n))
                    break
        manifests: list[Manifest] = [facts.manifest, *facts.split_manifests]
        components = [c for m in manifests for c in m.components]
        comp_map = self.exact["components"]
        for c in components:
            for sid in comp_map.get(c.name, ()):
                add(sid, Evidence("component", c.name, 1, len(comp_map[c.name]) > 1))
            for suf, sid in self.suffixes:
                if c.name.endswith(suf) and c.name.startswith(own):
                    add(sid, Evidence("component_suffix", c.name))
        meta_names = [n for m in manifests for n, _v in m.meta_data] + [n for c in components for n, _v in c.meta_data]
        for name in meta_names:
            owners = self.exact["meta_data"].get(name, ())
            for sid in owners:
                add(sid, Evidence("meta_data", name, 1, len(owners) > 1))
        actions = {a for c in components for f in c.intent_filters for a in f.actions}
        for a in sorted(actions):
            owners = self.exact["actions"].get(a, ())
            for sid in owners:
                add(sid, Evidence("action", a, 1, len(owners) > 1))
        for asset in facts.code.assets:
            owners = self.exact["assets"].get(asset, ())
            for sid in owners:
                add(sid, Evidence("asset", asset, 1, len(owners) > 1))
        self._glob_hits(self.asset_re, facts.code.assets, "asset", add)
        self._glob_hits(self.lib_re, sorted({n.name for n in facts.code.native_libs}), "native_lib", add)

        hits: dict[str, SdkHit] = {}
        for sid, evs in found.items():
            own_evidence = [e for e in evs.values() if not e.shared]
            if not own_evidence:
                continue
            kinds: dict[str, float] = {}
            for e in evs.values():
                w = WEIGHTS[e.kind] * (0.5 if e.shared else 1.0)
                kinds[e.kind] = max(kinds.get(e.kind, 0.0), w)
            n_components = sum(1 for e in evs.values() if e.kind == "component" and not e.shared)
            score = sum(kinds.values()) + 0.05 * max(0, n_components - 1)
            score = round(min(1.0, score), 2)
            sig = self.db.entries[sid]
            ordered = sorted(evs.values(), key=lambda e: (list(WEIGHTS).index(e.kind), e.value))
            hits[sid] = SdkHit(sid, sig.name, sig.vendor_en, sig.vendor_zh, sig.category, sig.market,
                               score, _label(score), tuple(ordered))
        self._bundling(hits, per_pkg, {c.name for c in components})
        return sorted(hits.values(), key=lambda h: (-h.score, h.id))

    def _bundling(self, hits: dict[str, SdkHit], per_pkg: dict[str, int], component_names: set[str]) -> None:
        packages = list(per_pkg)
        for host_id in list(hits):
            for inner_id, signals in self.db.entries[host_id].bundles.items():
                if inner_id not in hits or hits[inner_id].bundled_in:
                    continue
                present = not signals or any(
                    s in component_names or any(p == s or p.startswith(s + ".") for p in packages) for s in signals)
                if present:
                    h = hits[inner_id]
                    hits[inner_id] = SdkHit(h.id, h.name, h.vendor, h.vendor_zh, h.category, h.market, h.score,
                                            h.confidence, h.evidence, host_id)


def example_facts(ex: dict[str, Any]) -> AppFacts:
    """A minimal AppFacts from a signature example (used by validation and tests)."""
    from auditor.model import IntentFilter, NativeLib

    comps = tuple(Component("service", n, False, "explicit") for n in ex.get("components", ()))
    if ex.get("actions"):
        comps += (Component("receiver", "example.Receiver", False, "explicit",
                            intent_filters=(IntentFilter(actions=tuple(ex["actions"])),)),)
    manifest = Manifest(
        package=ex.get("package", "org.example.app"), version_code=1, version_name="1", min_sdk=21,
        target_sdk=34, compile_sdk=34, max_sdk=None, label=None, uses_permissions=(), defined_permissions=(),
        components=comps, meta_data=tuple((k, "x") for k in ex.get("meta_data", ())), queries=Queries(),
        flags=AppFlags(),
    )
    code = CodeInventory(dex_files=(), classes=tuple(sorted(ex.get("classes", ()))),
                         native_libs=tuple(NativeLib("arm64-v8a", n, f"lib/arm64-v8a/{n}") for n in ex.get("native_libs", ())),
                         assets=tuple(ex.get("assets", ())))
    return AppFacts(InputInfo("example", "apk", "", 0), manifest, code)

"""Match the signature database against an app: one pass over its packages, one
lookup per manifest item, one combined regex for native libraries and assets.

Confidence rises with independent kinds of evidence. A signal value listed by more
than one SDK (a meta-data key shared by a vendor's products) counts as shared: it
adds evidence but never makes a detection on its own.
"""

from __future__ import annotations

import bisect
import fnmatch
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, Iterable, Sequence

from auditor.model import AppFacts, CodeInventory, Component, InputInfo, Manifest, Queries, AppFlags
from auditor.sdk.database import SignatureDB
from auditor.sdk.versions import in_range, literal_prefix, version_from

WEIGHTS = {"package": 0.5, "component": 0.4, "string": 0.4, "component_suffix": 0.3, "meta_data": 0.3,
           "native_lib": 0.3, "action": 0.2, "asset": 0.2, "uses_permission": 0.2}
# Evidence that the SDK's code or files are inside the APK. Everything else (meta-data keys,
# intent actions, uses-permission, a component declared without its class) is configuration
# text in the manifest: it never detects an SDK alone ("configured but not embedded").
EMBEDDED_KINDS = {"package", "component", "string", "component_suffix", "native_lib", "asset"}
HOST_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
URL_SCHEMES = ("http://", "https://", "ws://", "wss://")


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
    version: str | None = None
    version_source: str | None = None  # where the version was read: "string ...", "native_lib ...", "field ..."
    version_notes: tuple[str, ...] = ()  # signature notes whose [min_version, max_version] holds the version

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(e.value for e in self.evidence if e.kind == "package")


@dataclass(frozen=True)
class ConfiguredSdk:
    """An SDK the manifest configures (meta-data, actions, components, permissions) while none
    of its code, component classes, libraries or assets is in the APK."""

    id: str
    name: str
    vendor: str
    vendor_zh: str | None
    category: str
    market: str
    evidence: tuple[Evidence, ...]


def _label(score: float) -> str:
    return "high" if score >= 0.7 else "medium" if score >= 0.4 else "low"


class Matcher:
    def __init__(self, db: SignatureDB) -> None:
        self.db = db
        self.prefixes: dict[str, str] = {}
        exact: dict[str, dict[str, list[str]]] = {k: defaultdict(list) for k in ("components", "meta_data", "actions", "assets")}
        self.suffixes: list[tuple[str, str]] = []
        patterns: list[tuple[str, str, str]] = []  # (kind, glob, sdk)
        self.hosts: dict[str, list[str]] = defaultdict(list)  # endpoint host -> SDKs
        self.string_prefixes: dict[str, list[str]] = defaultdict(list)  # string start -> SDKs
        self.uses_perms: dict[str, list[str]] = defaultdict(list)
        self.version_strings: list[tuple[str, re.Pattern[str], str]] = []
        self.version_libs: list[tuple[re.Pattern[str], str]] = []
        self.version_fields: list[tuple[str, str, str]] = []
        self.version_class_strings: list[tuple[str, re.Pattern[str], str]] = []
        # a `packages` entry whose last segment is capitalised names one class: that class is never
        # evidence for the SDK owning its package, and its call sites go to the naming SDK once that
        # SDK is detected through its other signals (JCore's daemon classes in cn.jpush.android.service,
        # which JPush 2.x/3.0 jars also carry under the same names)
        self.class_owners: dict[str, str] = {}
        for sid, sig in db.entries.items():
            for p in sig.signals["packages"]:
                self.prefixes[p] = sid
                if p.rpartition(".")[2][:1].isupper():
                    self.class_owners[p] = sid
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
            for value in sig.signals["strings"]:
                (self.hosts if HOST_RE.match(value) else self.string_prefixes)[value].append(sid)
            for value in sig.signals["uses_permissions"]:
                self.uses_perms[value].append(sid)
            for v in sig.versions:
                rx = re.compile(v["pattern"])
                if v["source"] == "string":
                    self.version_strings.append((literal_prefix(v["pattern"]), rx, sid))
                elif v["source"] == "native_lib":
                    self.version_libs.append((rx, sid))
                elif v["source"] == "class_string":
                    self.version_class_strings.append(("L" + v["class"].replace(".", "/") + ";", rx, sid))
                else:
                    cls, _, fld = v["field"].rpartition(".")
                    self.version_fields.append(("L" + cls.replace(".", "/") + ";", fld, sid))
        self.class_pkgs = {c.rpartition(".")[0] for c in self.class_owners}
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

    def match(self, facts: AppFacts, dexes: Sequence[Any] = ()) -> list[SdkHit]:
        """Detected SDKs; `dexes` (DexFile objects) add the string signals and versions."""
        return self.match_all(facts, dexes)[0]

    def match_all(self, facts: AppFacts, dexes: Sequence[Any] = (),
                  code_complete: bool = True) -> tuple[list[SdkHit], list[ConfiguredSdk]]:
        """(detected SDKs, SDKs configured in the manifest but not embedded).

        "Not embedded" is a claim about all of the app's code: when part of it could not be
        read (`code_complete` False), a manifest-configured SDK is reported as detected, on
        its manifest evidence alone, rather than as absent from code nobody could read."""
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
        for pkg in self.class_pkgs.intersection(per_pkg):
            classes = facts.code.classes
            i = bisect.bisect_left(classes, pkg + ".")
            while i < len(classes) and classes[i].startswith(pkg + "."):
                base = classes[i].split("$", 1)[0]
                if base in self.class_owners:  # not the package owner's evidence; attributed by evidence.py
                    per_pkg[pkg] -= 1
                i += 1
            if not per_pkg[pkg]:
                del per_pkg[pkg]
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
        classes = facts.code.classes

        def in_dex(name: str) -> bool:
            i = bisect.bisect_left(classes, name)
            return i < len(classes) and classes[i] == name

        for c in components:
            owners = comp_map.get(c.name, ())
            if owners:
                # a component whose class is not in the dex is configuration only (R8 keeps component names)
                kind = "component" if in_dex(c.name) else "component_declared"
                for sid in owners:
                    add(sid, Evidence(kind, c.name, 1, len(owners) > 1))
            for suf, sid in self.suffixes:
                if c.name.endswith(suf) and c.name.startswith(own):
                    add(sid, Evidence("component_suffix" if in_dex(c.name) else "component_declared", c.name))
        perms = {u.name for m in manifests for u in m.uses_permissions}
        for p in sorted(perms):
            key = p[len(app_pkg):] if p.startswith(own) else p
            owners = self.uses_perms.get(key, ())
            for sid in owners:
                add(sid, Evidence("uses_permission", p, 1, len(owners) > 1))
        for dex in dexes:
            self._string_hits(dex, add)
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
        configured: list[ConfiguredSdk] = []
        for sid, evs in found.items():
            own_evidence = [e for e in evs.values() if not e.shared]
            if not own_evidence:
                continue
            sig = self.db.entries[sid]
            if code_complete and not any(e.kind in EMBEDDED_KINDS for e in evs.values()):
                ordered = sorted(evs.values(), key=lambda e: (e.kind, e.value))
                configured.append(ConfiguredSdk(sid, sig.name, sig.vendor_en, sig.vendor_zh, sig.category,
                                                sig.market, tuple(ordered)))
                continue
            kinds: dict[str, float] = {}
            for e in evs.values():
                w = WEIGHTS.get(e.kind, 0.1) * (0.5 if e.shared else 1.0)
                kinds[e.kind] = max(kinds.get(e.kind, 0.0), w)
            n_components = sum(1 for e in evs.values() if e.kind == "component" and not e.shared)
            score = sum(kinds.values()) + 0.05 * max(0, n_components - 1)
            score = round(min(1.0, score), 2)
            order = list(WEIGHTS)
            ordered = sorted(evs.values(), key=lambda e: (order.index(e.kind) if e.kind in order else 99, e.value))
            version, vsource = self._version(sid, facts, dexes)
            notes = tuple(n["note"] for n in sig.version_notes
                          if in_range(version, n.get("min_version"), n.get("max_version")))
            hits[sid] = SdkHit(sid, sig.name, sig.vendor_en, sig.vendor_zh, sig.category, sig.market,
                               score, _label(score), tuple(ordered), None, version, vsource, notes)
        self._bundling(hits, per_pkg, {c.name for c in components})
        return sorted(hits.values(), key=lambda h: (-h.score, h.id)), sorted(configured, key=lambda c: c.id)

    def _string_hits(self, dex, add) -> None:
        """String signals of one dex: binary searches in its sorted string table (a prefix per
        signal, the URL range once for endpoint hosts). Never decodes the whole table."""
        for prefix, owners in self.string_prefixes.items():
            found = dex.strings_with_prefix(prefix, 1)
            for sid in owners if found else ():
                add(sid, Evidence("string", dex.string(found[0]), 1, len(owners) > 1))
        if not self.hosts:
            return
        seen: set[tuple[str, str]] = set()
        for scheme in URL_SCHEMES:
            for si in dex.strings_with_prefix(scheme, 20000):
                url = dex.string(si)
                host = url[len(scheme):].split("/", 1)[0].split(":", 1)[0].lower()
                self._host_hits(host, url, seen, add)
        for host in self.hosts:  # bare host constants ("api.example.cn", "api.example.cn:443")
            for si in dex.strings_with_prefix(host, 50):
                text = dex.string(si)
                if len(text) == len(host) or text[len(host)] in ":/":
                    self._host_hits(host, text, seen, add)

    def _host_hits(self, host: str, text: str, seen: set, add) -> None:
        labels = host.split(".")
        for i in range(len(labels) - 1):
            owners = self.hosts.get(".".join(labels[i:]))
            if owners and (".".join(labels[i:]), text) not in seen:
                seen.add((".".join(labels[i:]), text))
                for sid in owners:
                    add(sid, Evidence("string", text, 1, len(owners) > 1))

    def _version(self, sid: str, facts: AppFacts, dexes: Sequence[Any]) -> tuple[str | None, str | None]:
        for desc, fld, owner in self.version_fields:
            if owner == sid:
                for dex in dexes:
                    value = dex.static_string(desc, fld)
                    if value:
                        return value, f"field {desc[1:-1].replace('/', '.')}.{fld}"
        for desc, rx, owner in self.version_class_strings:
            if owner == sid:
                for dex in dexes:
                    for text in dex.class_strings(desc):
                        v = version_from(rx, text)
                        if v:
                            return v, f"class_string {desc[1:-1].replace('/', '.')} {text}"
        for prefix, rx, owner in self.version_strings:
            if owner == sid:
                for dex in dexes:
                    for si in dex.strings_with_prefix(prefix, 50):
                        v = version_from(rx, dex.string(si))
                        if v:
                            return v, f"string {dex.string(si)}"
        for rx, owner in self.version_libs:
            if owner == sid:
                for lib in sorted({n.name for n in facts.code.native_libs}):
                    v = version_from(rx, lib)
                    if v:
                        return v, f"native_lib {lib}"
        return None, None

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
                    hits[inner_id] = replace(h, bundled_in=host_id)


def example_facts(ex: dict[str, Any]) -> AppFacts:
    """A minimal AppFacts from a signature example (used by validation and tests)."""
    from auditor.model import IntentFilter, NativeLib

    from auditor.model import UsesPermission

    # an example's components are real ones (their classes are in the dex, as R8 keeps them);
    # `declared_components` are named in the manifest only
    declared = tuple(ex.get("components", ())) + tuple(ex.get("declared_components", ()))
    comps = tuple(Component("service", n, False, "explicit") for n in declared)
    if ex.get("actions"):
        comps += (Component("receiver", "example.Receiver", False, "explicit",
                            intent_filters=(IntentFilter(actions=tuple(ex["actions"])),)),)
    manifest = Manifest(
        package=ex.get("package", "org.example.app"), version_code=1, version_name="1", min_sdk=21,
        target_sdk=34, compile_sdk=34, max_sdk=None, label=None, defined_permissions=(),
        uses_permissions=tuple(UsesPermission(p, "uses-permission") for p in ex.get("uses_permissions", ())),
        components=comps, meta_data=tuple((k, "x") for k in ex.get("meta_data", ())), queries=Queries(),
        flags=AppFlags(),
    )
    code = CodeInventory(dex_files=(), classes=tuple(sorted({*ex.get("classes", ()), *ex.get("components", ())})),
                         native_libs=tuple(NativeLib("arm64-v8a", n, f"lib/arm64-v8a/{n}") for n in ex.get("native_libs", ())),
                         assets=tuple(ex.get("assets", ())))
    return AppFacts(InputInfo("example", "apk", "", 0), manifest, code)


def example_dexes(ex: dict[str, Any]) -> list[Any]:
    """The DEX string table of a signature example (its `strings`), for the string signals."""
    if not ex.get("strings"):
        return []
    from auditor.apk.dex import strings_only_dex

    return [strings_only_dex(ex["strings"])]

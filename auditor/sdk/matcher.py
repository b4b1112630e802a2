"""Match the signature database against an app: two binary searches per package
prefix in the sorted class list, one lookup per manifest item, one combined regex for
native libraries and assets, binary searches and one C-level regex pass over the URL
strings of each dex.

Confidence rises with independent kinds of evidence. A signal value listed by more
than one SDK (a meta-data key shared by a vendor's products) counts as shared: it
adds evidence but never makes a detection on its own.
"""

from __future__ import annotations

import bisect
import fnmatch
import re
from collections import defaultdict
from itertools import islice, repeat, takewhile
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
URL_LIMIT = 20000  # URLs read per scheme and dex
# One URL string's item in a DEX string_data section: its uleb128 length, the scheme, and
# (when the host ends at "/", ":" or the string's end) the host's last two labels.
_URL_ITEM = {scheme: re.compile(rb"[\x80-\xff]*[\x00-\x7f]" + re.escape(scheme.encode())
                                + rb"(?:(?:[^/:\x00]*\.)?([^./:\x00]+\.[^./:\x00]+)(?=[/:\x00]))?")
             for scheme in URL_SCHEMES}


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


_GLOB_SPECIAL = re.compile(r"[*?\[]")


def glob_heads(pats: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(literal head, glob, sdk) of each (kind, glob, sdk): the head is the text before the first
    wildcard, which every match starts with."""
    return [(glob[:m.start()] if (m := _GLOB_SPECIAL.search(glob)) else glob, glob, sid) for _k, glob, sid in pats]


def _label(score: float) -> str:
    return "high" if score >= 0.7 else "medium" if score >= 0.4 else "low"


class Matcher:
    """`match_all(facts, dexes)` expects `facts.code.classes` sorted and without duplicates,
    as the APK reader and `example_facts` make it."""

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
        self.exact = {k: dict(v) for k, v in exact.items()}
        self.lib_globs = glob_heads([p for p in patterns if p[0] == "native_lib"])
        self.asset_globs = glob_heads([p for p in patterns if p[0] == "asset"])
        self.glob_shared: dict[str, int] = defaultdict(int)
        for _kind, glob, _sid in patterns:
            self.glob_shared[glob] += 1
        # a URL's host can only end with an endpoint host if their last two labels agree
        self.host_tails = {".".join(h.split(".")[-2:]).encode() for h in self.hosts}

    def _glob_hits(self, globs: list[tuple[str, str, str]], values: Iterable[str], kind: str, add) -> None:
        """Every glob matching each value (a glob several SDKs list is shared). A glob's literal
        head is tested first, so only globs that may match are compiled (fnmatch caches them):
        one regex of all 124 library globs cost ~0.1 s to compile on every run."""
        for value in values:
            for head, glob, sid in globs:
                if value.startswith(head) and fnmatch.fnmatchcase(value, glob):
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
        classes = facts.code.classes
        for _first, prefix, n in self._package_counts(classes, app_pkg):
            add(self.prefixes[prefix], Evidence("package", prefix, n))
        manifests: list[Manifest] = [facts.manifest, *facts.split_manifests]
        components = [c for m in manifests for c in m.components]
        comp_map = self.exact["components"]

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
        self._glob_hits(self.asset_globs, facts.code.assets, "asset", add)
        self._glob_hits(self.lib_globs, sorted({n.name for n in facts.code.native_libs}), "native_lib", add)

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
        self._bundling(hits, classes, {c.name for c in components})
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
            for si in self._url_candidates(dex, scheme):
                url = dex.string(si)
                host = url[len(scheme):].split("/", 1)[0].split(":", 1)[0].lower()
                self._host_hits(host, url, seen, add)
        for host in self.hosts:  # bare host constants ("api.example.cn", "api.example.cn:443")
            for si in dex.strings_with_prefix(host, 50):
                text = dex.string(si)
                if len(text) == len(host) or text[len(host)] in ":/":
                    self._host_hits(host, text, seen, add)

    def _url_candidates(self, dex, scheme: str) -> list[int]:
        """Indices of the strings starting with `scheme` (the first URL_LIMIT of the sorted run)
        whose host may end with an endpoint host: every one whose last two host labels are
        those of an endpoint host, or that are not plain ASCII. One regex match per URL, run
        by `map` over the raw string items, so no URL is decoded unless it may match.
        Anything unusual about the table (an item outside the file, an unterminated string)
        takes the plain path, which decodes each URL and raises as it always did."""
        first = dex.strings_with_prefix(scheme, 1)
        if not first:
            return []
        lo = first[0]
        data, ids = dex.data, dex.string_ids
        matches = list(takewhile(bool, map(_URL_ITEM[scheme].match, repeat(data), islice(ids, lo, lo + URL_LIMIT))))
        end = lo + len(matches)
        last_nul = data.rfind(b"\0")
        if (end < min(len(ids), lo + URL_LIMIT) and ids[end] > last_nul) or \
                (matches and max(islice(ids, lo, end)) > last_nul):
            return dex.strings_with_prefix(scheme, URL_LIMIT)
        tails = self.host_tails
        return [lo + k for k, m in enumerate(matches)
                if (g := m.group(1)) is not None and (not g.isascii() or g.lower() in tails)]

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

    def _package_counts(self, classes: Sequence[str], app_pkg: str) -> list[tuple[int, str, int]]:
        """(index of the first class, prefix, class count) for every signature package prefix
        that is the longest prefix of some class's package, in order of that first class; the
        app's own packages are never counted.

        The classes whose package is `p` or lies under it are exactly those starting with
        `p + "."`: one contiguous run of the sorted list, found by two binary searches. Runs of
        prefixes nest or are disjoint, so a prefix's count is its run less its nested runs."""
        runs = []  # (lo, hi, prefix or None for the app)
        for p in ([app_pkg] if app_pkg else []) + [p for p in self.prefixes if p != app_pkg]:
            lo = bisect.bisect_left(classes, p + ".")
            hi = bisect.bisect_left(classes, p + "/", lo)  # "/" follows "." in code point order
            if lo < hi:
                runs.append((lo, hi, None if p == app_pkg else p))
        # outer runs first; equal runs (every class of "a.b" is under "a.b.c"): the shorter name
        # is the outer one, so the longest prefix (or the app's package) keeps the classes
        runs.sort(key=lambda r: (r[0], -r[1], len(app_pkg if r[2] is None else r[2])))
        out: list[tuple[int, str, int]] = []
        stack: list[list] = []  # [lo, hi, prefix, classes left, first class, inside the app]

        def close(node: list) -> None:
            if node[2] is not None and not node[5] and node[3] > 0:
                out.append((node[4], node[2], node[3]))

        for lo, hi, prefix in runs:
            while stack and stack[-1][1] <= lo:
                close(stack.pop())
            parent = stack[-1] if stack else None
            if parent is not None:
                parent[3] -= hi - lo
                if parent[4] == lo:  # the parent's first own class lies after this nested run
                    parent[4] = hi
            inside_app = prefix is None or (parent is not None and parent[5])
            stack.append([lo, hi, prefix, hi - lo, lo, inside_app])
        while stack:
            close(stack.pop())
        if self.class_owners and out:
            out = self._without_named_classes(classes, out)
        out.sort()
        return out

    def _without_named_classes(self, classes: Sequence[str],
                               out: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
        """A class named in a signature's packages (and its nested classes) is not evidence for
        the SDK that owns its package: take it out of that prefix's count."""
        counts = {prefix: [first, n] for first, prefix, n in out}
        for name in self.class_owners:
            lo = bisect.bisect_left(classes, name)
            hi = bisect.bisect_left(classes, name + "%", lo)  # name, then name$Inner ("$" < "%")
            k = sum(1 for c in classes[lo:hi] if c == name or c.startswith(name + "$"))
            if not k:
                continue
            segs = name.split(".")[:-1]
            for i in range(len(segs), 0, -1):  # the longest signature prefix holding the class
                prefix = ".".join(segs[:i])
                if prefix in self.prefixes:
                    if prefix in counts:  # (not when that run lies inside the app's own package)
                        counts[prefix][1] -= k
                    break
        return [(first, prefix, n) for prefix, (first, n) in counts.items() if n > 0]

    def _bundling(self, hits: dict[str, SdkHit], classes: Sequence[str], component_names: set[str]) -> None:
        def has_package(s: str) -> bool:  # a class whose package is s or lies under it
            i = bisect.bisect_left(classes, s + ".")
            return i < len(classes) and classes[i].startswith(s + ".")

        for host_id in list(hits):
            for inner_id, signals in self.db.entries[host_id].bundles.items():
                if inner_id not in hits or hits[inner_id].bundled_in:
                    continue
                present = not signals or any(s in component_names or has_package(s) for s in signals)
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

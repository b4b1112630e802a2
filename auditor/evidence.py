"""Code evidence: attribute call sites to the app, a detected SDK or an unknown third
party, and cross-check them with the manifest's permissions. Pure functions."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from auditor.apk.code import CallSite
from auditor.apk.dex import descriptor_to_java
from auditor.apk.xrefs import outer_class
from auditor.knowledge import libraries
from auditor.sdk.matcher import Matcher, SdkHit

GENERIC_ORGS = {"com.google", "com.android", "android", "androidx", "com.example", "org.apache", "java", "kotlin"}


# How a call site was attributed, strongest first (the `attribution` key of an API call).
ATTRIBUTION_RULES = {
    "app_package": "the caller is in the app's package",
    "sdk_package": "the caller is in a package the detected SDK owns",
    "vendor_package": "the caller is under the root package of a detected SDK's vendor",
    "class_hierarchy": "the caller extends or implements a class of the SDK",
    "reached_only_from": "the caller is referenced only from the SDK's classes (call/reference graph)",
    "reached_mainly_from": "the caller is referenced only from SDK classes, at least twice as many of one SDK as of any other",
    "package_region": "the caller sits in an obfuscated package whose other classes belong to the SDK",
    "library": "the caller is in a well-known library acting on the app's behalf",
    "unknown": "none of the rules explains the caller: an unidentified third party",
}


@dataclass(frozen=True)
class ApiCall:
    site: CallSite
    party: str  # app | sdk | library | third_party
    sdk: str | None
    accessor: str  # "app", an SDK id, or a third-party package prefix
    attribution: str = "unknown"  # a key of ATTRIBUTION_RULES


@dataclass(frozen=True)
class Unguarded:
    category: str
    api: str
    accessor: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class CodeEvidence:
    calls: tuple[ApiCall, ...]
    accessors: dict[str, tuple[tuple[str, str, int], ...]]  # category -> (accessor, party, count)
    unguarded: tuple[Unguarded, ...]
    unused_permissions: tuple[str, ...]


def _third_party_group(cls: str) -> str:
    parts = cls.split(".")[:-1]
    if not parts:
        return "(default package)"
    if all(len(p) <= 2 for p in parts):  # obfuscated (a.b.c): keep the first two levels
        return ".".join(parts[:2])
    return ".".join(parts[:3])


class Attributor:
    """Attributes caller classes: by package (app, detected SDK, vendor root of a detected SDK,
    library), then, for what is left and when the DEX files are given, by class hierarchy,
    by the reference graph (reached only from one SDK's classes) and by obfuscated package
    region. Graph rules run once for every unattributed class together (see xrefs)."""

    def __init__(self, app_package: str, hits: dict[str, SdkHit], matcher: Matcher, dexes=(),
                 classes: tuple[str, ...] | None = None) -> None:
        self.app_package = app_package
        self.classes = classes  # every class of the app, sorted (CodeInventory.classes), for package regions
        self.hits = hits
        self.matcher = matcher
        self.dexes = list(dexes)
        self.libs = libraries()
        org = ".".join(app_package.split(".")[:2])
        self.org = org if org not in GENERIC_ORGS else None
        self.vendor: dict[str, list[str]] = {}
        for sid in hits:
            for root in matcher.db.entries[sid].vendor_packages:
                self.vendor.setdefault(root, []).append(sid)
        self.graph: dict[str, tuple[str, str]] = {}  # outer class -> (sdk id, rule) from the graph rules
        self._direct_cache: dict[str, tuple[str, str | None, str, str] | None] = {}

    def _vendor_owner(self, root: str) -> str:
        cands = self.vendor[root]
        if len(cands) == 1:
            return cands[0]
        db = self.matcher.db

        def key(sid: str):  # an SDK with its own packages under the root, not carried by another, the biggest
            h = self.hits[sid]
            under = any(p == root or p.startswith(root + ".") for p in db.entries[sid].signals["packages"])
            size = sum(e.count for e in h.evidence if e.kind == "package")
            return (not under, h.bundled_in is not None, -size, sid)

        return min(cands, key=key)

    def direct(self, cls: str) -> tuple[str, str | None, str, str] | None:
        """(party, sdk, accessor, rule) from package names alone; None when unexplained."""
        if cls in self._direct_cache:
            return self._direct_cache[cls]
        out = self._direct(cls)
        self._direct_cache[cls] = out
        return out

    def _direct(self, cls: str) -> tuple[str, str | None, str, str] | None:
        if cls.startswith(self.app_package + "."):
            return ("app", None, "app", "app_package")
        segs = cls.split(".")[:-1]
        # a class named in a signature's packages (class_owners) before its package's owner
        base = cls.split("$", 1)[0]
        sid = self.matcher.class_owners.get(base)
        if sid is not None and sid in self.hits:
            return ("sdk", sid, sid, "sdk_package")
        for i in range(len(segs), 0, -1):
            sid = self.matcher.prefixes.get(".".join(segs[:i]))
            if sid is not None and sid in self.hits:
                return ("sdk", sid, sid, "sdk_package")
        if self.org and cls.startswith(self.org + "."):
            return ("app", None, "app", "app_package")
        for i in range(len(segs), 0, -1):
            prefix = ".".join(segs[:i])
            if prefix in self.libs:
                return ("library", None, prefix, "library")
        for i in range(len(segs), 0, -1):
            prefix = ".".join(segs[:i])
            if prefix in self.vendor:
                sid = self._vendor_owner(prefix)
                return ("sdk", sid, sid, "vendor_package")
        return None

    def _sdk_of(self, cls: str) -> str | None:
        d = self.direct(outer_class(cls))
        return d[1] if d is not None and d[0] == "sdk" else None

    def resolve_graph(self, callers: set[str]) -> None:
        """Run the graph rules for every caller class the package rules leave unexplained."""
        if not self.dexes:
            return
        unknown = {outer_class(c) for c in callers if self.direct(outer_class(c)) is None}
        if not unknown:
            return
        from auditor.apk.xrefs import XrefIndex, reverse_closure

        index = XrefIndex(self.dexes)
        self.index = index
        # 1. class hierarchy: the class extends or implements an SDK class
        for cls in sorted(unknown):
            todo, seen = [cls], set()
            while todo and len(seen) < 16:
                cur = todo.pop()
                if cur in seen:
                    continue
                seen.add(cur)
                for sup in index.supertypes(cur):
                    sid = self._sdk_of(sup)
                    if sid is not None:
                        self.graph[cls] = (sid, "class_hierarchy")
                        todo = []
                        break
                    todo.append(outer_class(sup))
        # siblings in obfuscated packages take part, for the region rule
        rest = {c for c in unknown if c not in self.graph}
        start = set(rest)
        classes_by_pkg: dict[str, list[str]] = {}
        for c in rest:
            if _obfuscated(c):
                classes_by_pkg.setdefault(c.rpartition(".")[0], [])
        if classes_by_pkg:
            if self.classes is None:
                self.classes = tuple(sorted(descriptor_to_java(d) for v in index.views for d in v.dex.class_descriptors()))
            for pkg, group in classes_by_pkg.items():
                i = bisect.bisect_left(self.classes, pkg + ".")
                while i < len(self.classes) and self.classes[i].startswith(pkg + ".") and len(group) < 200:
                    name = self.classes[i]
                    if "." not in name[len(pkg) + 1:] and "$" not in name:
                        group.append(name)
                    i += 1
            for group in classes_by_pkg.values():
                start.update(n for n in group if self.direct(n) is None)
        if not start:
            return
        unexplored: set[str] = set()
        edges = reverse_closure(index, start, lambda c: self.direct(c) is None and c not in self.graph,
                                unexplored=unexplored)
        labels = self._propagate(edges, unexplored)

        # 2. reached only (or mainly) from one SDK's classes
        reached: dict[str, tuple[str, str]] = {}
        for cls in start:
            found = labels.get(cls)
            if not found or not all(label in self.hits for label in found):
                continue  # nobody, the app, a library or an unexplained class reaches it too
            ranked = sorted(((k, len(v)) for k, v in found.items()), key=lambda kv: (-kv[1], kv[0]))
            if len(ranked) == 1:
                reached[cls] = (ranked[0][0], "reached_only_from")
            elif ranked[0][1] >= 2 * ranked[1][1]:
                reached[cls] = (ranked[0][0], "reached_mainly_from")
        for cls, value in reached.items():
            self.graph.setdefault(cls, value)
        # 3. obfuscated package region: every attributed sibling belongs to one SDK
        for pkg, group in classes_by_pkg.items():
            owners = set()
            for n in group:
                d = self.direct(n)
                if d is not None:
                    owners.add(d[1] if d[0] == "sdk" else d[0])
                elif n in self.graph:
                    owners.add(self.graph[n][0])
            if len(owners) == 1:
                (sid,) = owners
                if sid in self.hits:
                    for n in group:
                        if n in rest and n not in self.graph:
                            self.graph[n] = (sid, "package_region")

    SOURCE_CAP = 16  # attributed classes remembered per SDK and class (enough for the 2x comparison)

    def _label(self, cls: str) -> str | None:
        d = self.direct(cls)
        if d is not None:
            return d[1] if d[0] == "sdk" else d[0]
        g = self.graph.get(cls)
        return g[0] if g is not None else None

    def _propagate(self, edges: dict[str, set[str]], unexplored: set[str]) -> dict[str, dict[str, set[str]]]:
        """For every unattributed class of the explored graph: SDK id -> the attributed classes of
        that SDK that reach it, walking through unattributed referrers; or {"!": ...} when the app,
        a library or a referrer never explored ("?") reaches it too. One worklist propagation over the whole graph (linear in its size
        times the capped source sets), instead of a walk per class."""
        from collections import deque

        acc: dict[str, dict[str, set[str]]] = {}
        forward: dict[str, set[str]] = {}
        work: deque[str] = deque()
        queued: set[str] = set()

        def add(node: str, label: str, src: str) -> None:
            labels = acc.setdefault(node, {})
            if "!" in labels:
                return  # already reached by something other than a detected SDK: nothing more to learn
            if label not in self.hits:  # the app, a library, an unexplored class: blocks attribution
                labels.clear()
                labels["!"] = {src}
            else:
                srcs = labels.setdefault(label, set())
                if src in srcs or len(srcs) >= self.SOURCE_CAP:
                    return
                srcs.add(src)
            if node not in queued:
                queued.add(node)
                work.append(node)

        for target, refs in edges.items():
            if self._label(target) is not None:
                continue
            for r in refs:
                label = self._label(r)
                if label is not None:
                    add(target, label, r)
                else:
                    forward.setdefault(r, set()).add(target)
                    if r in unexplored or r not in edges:
                        add(target, "?", r)
        while work:
            node = work.popleft()
            queued.discard(node)
            mine = acc.get(node, {})
            for target in forward.get(node, ()):
                if target == node:
                    continue
                for label, srcs in list(mine.items()):
                    for src in list(srcs):
                        add(target, label, src)
        return acc

    def attribute(self, site: CallSite) -> ApiCall:
        cls = site.caller_class
        d = self.direct(cls)
        if d is not None:
            return ApiCall(site, d[0], d[1], d[2], d[3])
        g = self.graph.get(outer_class(cls))
        if g is not None:
            return ApiCall(site, "sdk", g[0], g[0], g[1])
        return ApiCall(site, "third_party", None, _third_party_group(cls), "unknown")


def _obfuscated(cls: str) -> bool:
    """A class whose simple name looks renamed (a, ak, b0): its package is an obfuscated region."""
    simple = cls.rpartition(".")[2]
    return len(simple) <= 3 and simple[:1].islower()


def attribute(site: CallSite, app_package: str, hits: dict[str, SdkHit], matcher: Matcher) -> ApiCall:
    """Attribution by package names only (no graph rules)."""
    return Attributor(app_package, hits, matcher).attribute(site)


def build_evidence(sites: list[CallSite], app_package: str, hits: list[SdkHit], matcher: Matcher,
                   requested: set[str], dangerous_requested: set[str], dexes=(), apis=None,
                   classes: tuple[str, ...] | None = None) -> CodeEvidence:
    by_id = {h.id: h for h in hits}
    attributor = Attributor(app_package, by_id, matcher, dexes, classes)
    attributor.resolve_graph({s.caller_class for s in sites})
    calls = tuple(attributor.attribute(s) for s in sites)
    counts: dict[str, dict[tuple[str, str], int]] = {}
    for c in calls:
        key = (c.accessor, c.party)
        counts.setdefault(c.site.category, {}).setdefault(key, 0)
        counts[c.site.category][key] += 1
    accessors = {
        cat: tuple(sorted(((a, p, n) for (a, p), n in d.items()), key=lambda x: (x[1] != "app", -x[2], x[0])))
        for cat, d in sorted(counts.items())
    }
    unguarded = []
    seen = set()
    for c in calls:
        perms = c.site.permissions
        if perms and not (set(perms) & requested):
            key = (c.site.category, c.site.api, c.accessor)
            if key not in seen:
                seen.add(key)
                unguarded.append(Unguarded(c.site.category, c.site.api, c.accessor, perms))
    used = {p for c in calls for p in c.site.permissions}
    from auditor.knowledge import api_catalogue

    knowable = {p for e in (apis or api_catalogue()) for p in e.permissions}
    unused = tuple(sorted(p for p in dangerous_requested if p in knowable and p not in used))
    return CodeEvidence(calls, accessors, tuple(unguarded), unused)

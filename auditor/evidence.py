"""Code evidence: attribute call sites to the app, a detected SDK or an unknown third
party, and cross-check them with the manifest's permissions. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.apk.code import CallSite
from auditor.knowledge import libraries
from auditor.sdk.matcher import Matcher, SdkHit

GENERIC_ORGS = {"com.google", "com.android", "android", "androidx", "com.example", "org.apache", "java", "kotlin"}


@dataclass(frozen=True)
class ApiCall:
    site: CallSite
    party: str  # app | sdk | library | third_party
    sdk: str | None
    accessor: str  # "app", an SDK id, or a third-party package prefix


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


def attribute(site: CallSite, app_package: str, hits: dict[str, SdkHit], matcher: Matcher) -> ApiCall:
    cls = site.caller_class
    if cls.startswith(app_package + "."):
        return ApiCall(site, "app", None, "app")
    segs = cls.split(".")[:-1]
    for i in range(len(segs), 0, -1):
        sid = matcher.prefixes.get(".".join(segs[:i]))
        if sid is not None and sid in hits:
            return ApiCall(site, "sdk", sid, sid)
    org = ".".join(app_package.split(".")[:2])
    if org not in GENERIC_ORGS and cls.startswith(org + "."):
        return ApiCall(site, "app", None, "app")
    libs = libraries()
    for i in range(len(segs), 0, -1):
        prefix = ".".join(segs[:i])
        if prefix in libs:
            return ApiCall(site, "library", None, prefix)
    return ApiCall(site, "third_party", None, _third_party_group(cls))


def build_evidence(sites: list[CallSite], app_package: str, hits: list[SdkHit], matcher: Matcher,
                   requested: set[str], dangerous_requested: set[str], apis=None) -> CodeEvidence:
    by_id = {h.id: h for h in hits}
    calls = tuple(attribute(s, app_package, by_id, matcher) for s in sites)
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

"""Everything the rules look at, precomputed once per audit: pure views over the scan
result and the policy reader's output, plus evidence builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from auditor.rules.model import Item

from auditor.permissions import P, short_permission as short  # noqa: F401  (re-exported for the rules)


@dataclass
class AuditContext:
    scan: object  # auditor.scan.ScanResult
    policy: object | None  # auditor.policy.PolicyResult
    extra: dict = field(default_factory=dict)
    catalogues: object | None = None  # auditor.catalogues.Catalogues; None: the packaged ones

    @cached_property
    def cat(self):
        from auditor.catalogues import default_catalogues

        return self.catalogues if self.catalogues is not None else default_catalogues()

    @property
    def package(self) -> str:
        return self.scan.facts.manifest.package

    @cached_property
    def permissions(self):
        """Requested permissions that apply on some device the app supports, one per name."""
        seen = {}
        for p in self.scan.permissions:
            if p.applies and p.name not in seen:
                seen[p.name] = p
        return list(seen.values())

    @cached_property
    def requested(self) -> set[str]:
        return {p.name for p in self.permissions}

    @cached_property
    def hits(self):
        return {h.id: h for h in self.scan.sdks}

    @cached_property
    def accessed(self) -> dict[str, list]:
        out: dict[str, list] = {}
        if self.scan.code is not None:
            for c in self.scan.code.calls:
                out.setdefault(c.site.category, []).append(c)
        return out

    # ---- policy views -------------------------------------------------------------
    def status(self, cid: str) -> str | None:
        if self.policy is None:
            return None
        claim = self.policy.categories.get(cid)
        return claim.status if claim else None

    def best_status(self, cids) -> str | None:
        statuses = {self.status(c) for c in cids}
        for s in ("declared", "vague", "denied"):
            if s in statuses:
                return s
        return None

    @cached_property
    def statements(self) -> dict[str, object]:
        return {pc.permission: pc for pc in (self.policy.permissions if self.policy else ()) if pc.permission}

    @cached_property
    def statement_categories(self) -> set[str]:
        return {c for pc in (self.policy.permissions if self.policy else ()) for c in pc.categories[:1]}

    @cached_property
    def named(self) -> dict[str, object]:
        """SDK id -> the policy entry that names it (directly, or through its vendor)."""
        out: dict[str, object] = {}
        for s in (self.policy.sdks if self.policy else ()):
            if s.sdk_id:
                out.setdefault(s.sdk_id, s)
            for v in s.vendor_sdk_ids:
                out.setdefault(v, s)
        return out

    def same_vendor_host(self, hit):
        """The SDK carrying `hit` when both come from one vendor (JCore in JPush, UMCommon in
        Umeng Analytics): such a component is disclosed and reported together with its host."""
        host = self.hits.get(hit.bundled_in) if hit.bundled_in else None
        return host if host is not None and host.vendor == hit.vendor else None

    @cached_property
    def disclosed_types(self) -> dict[str, object]:
        return {t.type: t for t in (self.policy.sdk_types if self.policy else ())}

    # ---- evidence builders ---------------------------------------------------------
    @staticmethod
    def who(calls) -> list[str]:
        """Distinct accessors of some call sites, for messages: "app code", SDK ids, third-party prefixes."""
        return sorted({"app code" if c.party == "app" else c.accessor for c in calls})

    def manifest_item(self, p) -> Item:
        attrs = f' android:maxSdkVersion="{p.max_sdk_version}"' if p.max_sdk_version is not None else ""
        tag = p.source if p.source != "implied" else "uses-permission"
        text = f'<{tag} android:name="{p.name}"{attrs}/>'
        if p.source == "implied":
            text += f"  (implied: {p.implied_reason})"
        return Item("app", "manifest", text, (("element", tag), ("name", p.name)) + ((("split", p.split),) if p.split else ()))

    def sdk_items(self, hit, limit: int = 4) -> list[Item]:
        out = []
        for e in hit.evidence[:limit]:
            extra = f" ({e.count} classes)" if e.kind == "package" else ""
            out.append(Item("app", "sdk", f"{e.kind} {e.value}{extra}", (("sdk", hit.id), ("signal", e.kind),
                                                                          ("value", e.value))))
        return out

    def call_items(self, calls, limit: int = 5) -> list[Item]:
        out = []
        for c in calls[:limit]:
            who = "app code" if c.party == "app" else c.accessor + {"third_party": " (unknown third party)",
                                                                    "library": " (library)"}.get(c.party, "")
            weak = ", via reflection" if c.site.strength == "reflection" else ""
            if c.party == "sdk" and c.attribution not in ("sdk_package", "unknown"):
                weak += f", attributed by {c.attribution.replace('_', ' ')}"
            out.append(Item("app", "call_site", f"{c.site.api.split('(')[0]} called in {c.site.caller.split('(')[0]} "
                            f"[{who}{weak}]", (("api", c.site.api), ("caller", c.site.caller), ("dex", c.site.dex),
                                             ("sdk", c.sdk), ("strength", c.site.strength),
                                             ("attribution", c.attribution))))
        if len(calls) > limit:
            out.append(Item("app", "call_site", f"... and {len(calls) - limit} more call sites"))
        return out

    def quote_items(self, evs, limit: int = 2) -> list[Item]:
        return [Item("policy", "quote", e.quote, (("start", e.start), ("end", e.end), ("section", e.section)))
                for e in evs[:limit]]

    def searched_item(self, what: str) -> Item:
        n = len(self.policy.sections) if self.policy else 0
        return Item("policy", "searched", f"not found: searched the whole policy ({n} sections) for {what}",
                    (("sections", n),))

    def category_terms(self, cid: str) -> str:
        entry = self.cat.lexicon.raw["category"].get(cid, {})
        terms = entry.get("terms", [])[:4] + entry.get("zh", [])[:3]
        name = self.cat.categories[cid].name if cid in self.cat.categories else cid
        return f"{name} ({', '.join(terms)})"

"""Rules that compare the app with its privacy policy."""

from __future__ import annotations

from auditor.rules import rule
from auditor.rules.context import short
from auditor.rules.model import Confidence, Item, Severity

TC260_PERM = "TC260 网络安全标准实践指南—移动互联网应用程序（App）系统权限申请使用指南"
TC260_SDK = "TC260 网络安全标准实践指南—移动互联网应用程序（App）使用软件开发工具包（SDK）安全指引"
METHOD_2019 = "《App违法违规收集使用个人信息行为认定方法》(2019)"
GBT = "GB/T 35273-2020 信息安全技术 个人信息安全规范"


LOW_RISK = {"notifications"}  # permissions that open no personal data of the user


def _cat_names(ctx, cids) -> str:
    cats = ctx.cat.categories
    return ", ".join(cats[c].name if c in cats else c for c in cids)


def _disclosed(ctx, p) -> tuple[str | None, list]:
    """How the policy covers a permission: (best status, evidence)."""
    stmt = ctx.statements.get(p.name)
    if stmt is not None:
        return "declared", list(stmt.evidence)
    status = ctx.best_status(p.categories)
    if status is None:
        return None, []
    evs = []
    for c in p.categories:
        claim = ctx.policy.categories.get(c)
        if claim and claim.status == status:
            evs.extend(claim.evidence)
    return status, evs


@rule("AUD101", "undisclosed-permission", "high", "high", needs_policy=True,
      summary="A dangerous or special permission whose data category the policy never declares.",
      rationale="Each permission an app requests must be disclosed with its purpose; an undisclosed sensitive "
                "permission is listed as illegal collection by the 2019 identification method and checked by app "
                "stores against the TC260 permission guide.",
      references=(TC260_PERM, METHOD_2019, "Google Play User Data policy: prominent disclosure"),
      fix="Add the permission to the policy's device-permission list with the feature that needs it, or remove it.")
def undisclosed_permission(ctx, out):
    for p in ctx.permissions:
        if not (p.protection_level == "dangerous" or p.special) or not p.categories:
            continue
        status, _ = _disclosed(ctx, p)
        if status is None or status == "denied":
            if status == "denied":
                continue  # reported by AUD302 with both sides
            out.add("permission", p.name, f"{short(p.name)} is requested, but the policy never mentions "
                    f"{_cat_names(ctx, p.categories)}.",
                    [ctx.manifest_item(p), ctx.searched_item(" / ".join(ctx.category_terms(c) for c in p.categories[:2]))],
                    severity=Severity.medium if set(p.categories) <= LOW_RISK else None)


@rule("AUD102", "permission-vaguely-disclosed", "medium", "medium", needs_policy=True,
      summary="A dangerous or special permission covered only by an umbrella term (\"device information\").",
      rationale="An umbrella term hides what is collected; TC260 and GB/T 35273 require the type of personal "
                "information and the purpose to be stated explicitly.",
      references=(TC260_PERM, GBT),
      fix="Name the data explicitly (e.g. \"device identifiers such as IMEI and Android ID\") and the purpose.")
def vague_permission(ctx, out):
    for p in ctx.permissions:
        if not (p.protection_level == "dangerous" or p.special) or not p.categories:
            continue
        status, evs = _disclosed(ctx, p)
        if status == "vague":
            out.add("permission", p.name, f"{short(p.name)} is covered only by an umbrella term in the policy.",
                    [ctx.manifest_item(p), *ctx.quote_items(evs, 1)])


@rule("AUD103", "permission-without-purpose", "medium", "high", needs_policy=True,
      summary="The policy lists a permission without saying what it is used for.",
      rationale="TC260's permission guide requires the purpose of each permission next to its name.",
      references=(TC260_PERM,),
      fix="Add the feature or scenario that uses the permission.")
def permission_without_purpose(ctx, out):
    for pc in ctx.policy.permissions:
        if pc.purpose is None:
            subject = pc.permission or pc.category or "unknown"
            out.add("permission", subject, f"The policy lists {short(subject)} without a purpose.",
                    ctx.quote_items(pc.evidence, 1))


def _with_components(ctx, hit) -> str:
    parts = [h.name for h in ctx.scan.sdks if ctx.same_vendor_host(h) is hit]
    return f" (with {', '.join(parts)})" if parts else ""


def _sdk_named(ctx, hit) -> bool:
    host = ctx.same_vendor_host(hit)
    return hit.id in ctx.named or (host is not None and host.id in ctx.named)


@rule("AUD201", "undisclosed-sdk", "high", "high", needs_policy=True,
      summary="An SDK embedded in the app is not named in the policy.",
      rationale="Every embedded third-party SDK must be disclosed by name with its vendor, purpose and the data "
                "it collects; an undisclosed SDK is a standard reason for rejection in Chinese app stores.",
      references=(TC260_SDK, METHOD_2019),
      fix="Add the SDK to the policy's third-party SDK list (see the disclosure checklist in this report).")
def undisclosed_sdk(ctx, out):
    for h in ctx.scan.sdks:
        if _sdk_named(ctx, h) or h.category in ctx.disclosed_types or ctx.same_vendor_host(h) is not None:
            continue
        conf = {"high": Confidence.high, "medium": Confidence.medium}.get(h.confidence, Confidence.low)
        where = f" (inside {h.bundled_in})" if h.bundled_in else _with_components(ctx, h)
        out.add("sdk", h.id, f"{h.name}{where} by {h.vendor_zh or h.vendor} is embedded but the policy does not name it.",
                [*ctx.sdk_items(h), ctx.searched_item(f"its names ({', '.join(ctx.cat.signatures.entries[h.id].aliases[:4])})"
                                                      f" and vendor")], confidence=conf)


@rule("AUD202", "sdk-disclosed-by-type-only", "medium", "high", needs_policy=True,
      summary="An embedded SDK is disclosed only by its type (\"third-party push SDK\"), not by name.",
      rationale="The TC260 SDK guide asks for the SDK's name and vendor; a type-level mention does not let the "
                "user know who receives the data.",
      references=(TC260_SDK,),
      fix="Replace the type-level sentence with a table naming each SDK, its vendor, purpose, data and policy link.")
def type_only(ctx, out):
    for h in ctx.scan.sdks:
        if not _sdk_named(ctx, h) and h.category in ctx.disclosed_types and not ctx.same_vendor_host(h) is not None:
            t = ctx.disclosed_types[h.category]
            out.add("sdk", h.id, f"{h.name}{_with_components(ctx, h)} ({h.category}) is disclosed only as a type of SDK.",
                    [*ctx.sdk_items(h, 2), *ctx.quote_items(t.evidence, 1)])


@rule("AUD203", "sdk-disclosure-incomplete", "medium", "high", needs_policy=True,
      summary="A named SDK's entry omits its vendor, purpose, data collected or privacy-policy link.",
      rationale="The TC260 SDK guide lists the fields a disclosure needs: SDK name, vendor, purpose, the types of "
                "personal information collected, and the SDK's own privacy policy.",
      references=(TC260_SDK,),
      fix="Complete the entry; the disclosure checklist in this report lists the values for each detected SDK.")
def incomplete(ctx, out):
    seen = set()
    for h in ctx.scan.sdks:
        entry = ctx.named.get(h.id)
        if entry is None or id(entry) in seen:
            continue
        seen.add(id(entry))
        missing = [k for k, v in (("vendor", entry.vendor), ("purpose", entry.purpose), ("data collected", entry.categories),
                                  ("privacy-policy link", entry.policy_url)) if not v]
        if missing:
            out.add("sdk", h.id, f"The policy names {entry.name} but omits its {', '.join(missing)}.",
                    [*ctx.sdk_items(h, 1), *ctx.quote_items(entry.evidence, 1)])


@rule("AUD204", "sdk-observed-data-not-listed", "medium", "high", needs_policy=True,
      summary="An SDK is seen in code collecting data its policy entry does not list.",
      rationale="A disclosure must match what the SDK actually collects; the 2019 identification method treats "
                "collection beyond what is stated as illegal.",
      references=(TC260_SDK, METHOD_2019),
      fix="Add the data categories to the SDK's entry, or configure the SDK not to collect them.")
def observed_not_listed(ctx, out):
    by_sdk: dict[str, list] = {}
    for calls in ctx.accessed.values():
        for c in calls:
            if c.sdk:
                by_sdk.setdefault(c.sdk, []).append(c)
    for sid, calls in sorted(by_sdk.items()):
        entry = ctx.named.get(sid)
        if entry is None or not entry.categories:
            continue
        missing = sorted({c.site.category for c in calls} - set(entry.categories))
        if missing:
            shown = [c for c in calls if c.site.category in missing]
            out.add("sdk", sid, f"Code of {sid} reads {_cat_names(ctx, missing)}, which its policy entry does not list.",
                    [*ctx.call_items(shown, 3), *ctx.quote_items(entry.evidence, 1)])


@rule("AUD205", "sdk-documented-data-not-listed", "low", "medium", needs_policy=True,
      summary="An SDK's vendor documents collecting data its policy entry does not list.",
      rationale="The vendor's own documentation is the best public statement of what the SDK takes; a policy "
                "entry that lists less is likely incomplete.",
      references=(TC260_SDK,),
      fix="Check the vendor's privacy policy and list the data it collects in your entry.")
def documented_not_listed(ctx, out):
    db = ctx.cat.signatures
    observed = {(c.sdk, c.site.category) for calls in ctx.accessed.values() for c in calls if c.sdk}
    for h in ctx.scan.sdks:
        entry = ctx.named.get(h.id)
        if entry is None or not entry.categories:
            continue
        documented = set(db.entries[h.id].data) - set(entry.categories) - {cat for sid, cat in observed if sid == h.id}
        if documented:
            out.add("sdk", h.id, f"{h.name}'s vendor documents collecting {_cat_names(ctx, sorted(documented))}, "
                    "which the policy entry does not list.",
                    [Item("app", "sdk", f"signature {h.id}: documented data {', '.join(sorted(db.entries[h.id].data))}",
                          (("sdk", h.id),)), *ctx.quote_items(entry.evidence, 1)])


def _sensitive(ctx, cid: str) -> bool:
    c = ctx.cat.categories.get(cid)
    return bool(c and c.sensitive)


@rule("AUD301", "undisclosed-collection", "high", "high", needs_policy=True,
      summary="Code accesses a data category the policy never mentions.",
      rationale="Collecting personal information the policy does not state is illegal collection under the 2019 "
                "identification method; sensitive categories (device IDs, location, contacts, SMS, call log, "
                "microphone, camera, installed apps, clipboard) are high severity, others medium.",
      references=(METHOD_2019, GBT),
      fix="Disclose the collection with its purpose (and the SDK doing it), or remove the code.")
def undisclosed_collection(ctx, out):
    for cid, calls in sorted(ctx.accessed.items()):
        if ctx.status(cid) is not None:
            continue
        direct = any(c.site.strength == "direct" for c in calls)
        out.add("category", cid, f"{_cat_names(ctx, [cid])} accessed by {', '.join(ctx.who(calls))}, but the policy "
                "never mentions it.",
                [*ctx.call_items(calls), ctx.searched_item(ctx.category_terms(cid))],
                severity=Severity.high if _sensitive(ctx, cid) else Severity.medium,
                confidence=Confidence.high if direct else Confidence.medium)


@rule("AUD302", "denied-but-collected", "high", "high", needs_policy=True,
      summary="The policy says a data category is not collected, but the app accesses it.",
      rationale="A false statement in the policy misleads users and regulators; it is the clearest kind of "
                "mismatch the 2019 identification method describes.",
      references=(METHOD_2019, GBT),
      fix="Correct the policy or remove the access.")
def denied_but_collected(ctx, out):
    done = set()
    for cid, calls in sorted(ctx.accessed.items()):
        if ctx.status(cid) == "denied":
            done.add(cid)
            out.add("category", cid, f"The policy denies collecting {_cat_names(ctx, [cid])}, but the app accesses it.",
                    [*ctx.call_items(calls), *ctx.quote_items(ctx.policy.categories[cid].evidence, 2)])
    for p in ctx.permissions:
        if p.protection_level != "dangerous":
            continue
        denied = [c for c in p.categories if ctx.status(c) == "denied" and c not in done]
        if denied and ctx.best_status(p.categories) == "denied" and p.name not in ctx.statements:
            done.update(denied)
            out.add("category", denied[0], f"The policy denies collecting {_cat_names(ctx, denied)}, but the app requests "
                    f"{short(p.name)}.", [ctx.manifest_item(p), *ctx.quote_items(ctx.policy.categories[denied[0]].evidence, 2)],
                    confidence=Confidence.medium)


@rule("AUD303", "collection-vaguely-disclosed", "medium", "medium", needs_policy=True,
      summary="Code accesses a data category the policy covers only with an umbrella term.",
      rationale="\"Device information\" does not tell the user that the IMEI or MAC address is read; TC260 and "
                "GB/T 35273 require the type of information to be stated.",
      references=(GBT, TC260_PERM),
      fix="Name the data explicitly.")
def vague_collection(ctx, out):
    for cid, calls in sorted(ctx.accessed.items()):
        if ctx.status(cid) == "vague":
            out.add("category", cid, f"{_cat_names(ctx, [cid])} is accessed in code but covered only by an umbrella term.",
                    [*ctx.call_items(calls, 3), *ctx.quote_items(ctx.policy.categories[cid].evidence, 1)])


@rule("AUD401", "policy-permission-not-requested", "info", "medium", needs_policy=True,
      summary="The policy lists a permission the app does not request.",
      rationale="Not a violation, but a sign the policy and the build have drifted apart.",
      references=(TC260_PERM,),
      fix="Remove the stale entry or check that the right build was scanned.")
def permission_not_requested(ctx, out):
    requested_cats = {c for p in ctx.permissions for c in p.categories}
    for pc in ctx.policy.permissions:
        if pc.permission and pc.permission not in ctx.requested and not (set(pc.categories) & requested_cats) \
                and not (set(pc.categories) & set(ctx.accessed)):
            out.add("permission", pc.permission, f"The policy lists {short(pc.permission)}, which the app does not request.",
                    ctx.quote_items(pc.evidence, 1))


@rule("AUD402", "policy-sdk-not-embedded", "info", "medium", needs_policy=True,
      summary="The policy names an SDK that was not found in the app.",
      rationale="Not a violation, but the list is stale or the SDK is hidden from detection.",
      references=(TC260_SDK,),
      fix="Remove the SDK from the policy if it is gone; otherwise check why it was not detected.")
def sdk_not_embedded(ctx, out):
    for s in ctx.policy.sdks:
        ids = ([s.sdk_id] if s.sdk_id else []) + list(s.vendor_sdk_ids)
        if ids and not any(i in ctx.hits for i in ids):
            out.add("sdk", s.sdk_id or s.name, f"The policy names {s.name}, which was not found in the app.",
                    ctx.quote_items(s.evidence, 1))

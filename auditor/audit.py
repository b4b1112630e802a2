"""Scan result + policy claims -> findings, the disclosure checklist and the verdict. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from auditor.rules import all_rules, policy_gap, run_rules
from auditor.rules.context import AuditContext
from auditor.rules.model import Finding, Severity

PURPOSE = {
    "push": "消息推送 / push notifications", "voice": "语音识别 / speech recognition",
    "map_location": "定位与地图 / location and maps", "analytics": "统计分析 / analytics",
    "ads": "广告投放 / advertising", "crash_reporting": "崩溃与性能监控 / crash reporting",
    "hotfix": "热修复 / hot fixes", "social_share": "社交分享 / social sharing", "login": "第三方登录 / sign-in",
    "one_click_login": "一键登录 / one-tap phone-number login", "payment": "支付 / payment",
    "device_id": "设备标识 / device identification", "webview": "网页浏览 / web content",
    "im": "即时通讯与客服 / messaging and support", "rtc": "音视频通话 / audio and video calls",
    "cloud_storage": "云存储 / cloud storage", "risk_control": "风控与反欺诈 / fraud prevention",
    "attribution": "安装归因 / install attribution", "other": "",
}


@dataclass(frozen=True)
class Suppression:
    rule: str
    reason: str
    subject: str | None = None

    def matches(self, f: Finding) -> bool:
        return f.rule_id == self.rule and (self.subject is None or self.subject == f.subject_id)


@dataclass(frozen=True)
class AuditSettings:
    fail_on: Severity = Severity.high
    disabled: frozenset[str] = frozenset()
    suppressions: tuple[Suppression, ...] = ()
    baseline: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ChecklistRow:
    sdk_id: str
    name: str
    vendor: str
    purpose: str
    data: tuple[str, ...]
    data_observed: tuple[str, ...]
    permissions: tuple[str, ...]
    privacy_policy: str
    in_policy: str  # named | named with <host> | type-only | missing | no policy


@dataclass(frozen=True)
class AuditResult:
    scan: object
    policy: object | None
    findings: tuple[Finding, ...]
    checklist: tuple[ChecklistRow, ...]
    settings: AuditSettings = field(default_factory=AuditSettings)
    views: object | None = None  # auditor.views.AuditViews: what several report formats show, computed once

    @property
    def counted(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "new"]

    @property
    def failed(self) -> bool:
        return any(f.severity >= self.settings.fail_on for f in self.counted)

    def counts(self) -> dict[str, int]:
        out = {s.name: 0 for s in sorted(Severity, reverse=True)}
        for f in self.counted:
            out[f.severity.name] += 1
        return out


def _checklist(ctx: AuditContext) -> tuple[ChecklistRow, ...]:
    db = ctx.cat.signatures
    cats = ctx.cat.categories
    observed: dict[str, set[str]] = {}
    for calls in ctx.accessed.values():
        for c in calls:
            if c.sdk:
                observed.setdefault(c.sdk, set()).add(c.site.category)
    gap = policy_gap(ctx.policy)  # no policy, or one in a language the reader does not read
    rows = []
    for h in ctx.scan.sdks:
        sig = db.entries[h.id]
        data = tuple(sorted(set(sig.data) | observed.get(h.id, set())))
        host = ctx.same_vendor_host(h)
        if gap is not None:
            state = gap
        elif h.id in ctx.named:
            state = "named"
        elif host is not None and host.id in ctx.named:
            state = f"named with {host.id}"
        elif h.category in ctx.disclosed_types:
            state = "type-only"
        else:
            state = "missing"
        rows.append(ChecklistRow(
            sdk_id=h.id, name=h.name, vendor=sig.vendor_zh or sig.vendor_en, purpose=PURPOSE.get(h.category, ""),
            data=tuple(f"{cats[c].zh} / {cats[c].name}" if c in cats else c for c in data),
            data_observed=tuple(sorted(observed.get(h.id, set()))),
            permissions=tuple(p for p in sig.permissions if p in ctx.requested),
            privacy_policy=sig.privacy_policy or sig.website, in_policy=state))
    return tuple(rows)


def audit(scan, policy=None, settings: AuditSettings | None = None, catalogues=None) -> AuditResult:
    """`catalogues` (auditor.catalogues.Catalogues): the database and lexicon the rules use;
    None means the packaged ones (it must be the one the scan used)."""
    settings = settings or AuditSettings()
    unknown = set(settings.disabled) | {s.rule for s in settings.suppressions}
    known = {r.id for r in all_rules()}
    if unknown - known:
        from auditor.errors import UsageError

        raise UsageError(f"unknown rule id(s): {', '.join(sorted(unknown - known))}")
    ctx = AuditContext(scan, policy, catalogues=catalogues)
    findings = []
    for f in run_rules(ctx, settings.disabled):
        sup = next((s for s in settings.suppressions if s.matches(f)), None)
        if sup is not None:
            f = replace(f, status="suppressed", suppression_reason=sup.reason)
        elif f.fingerprint in settings.baseline:
            f = replace(f, status="baselined")
        findings.append(f)
    findings.sort(key=lambda f: (-f.severity, f.rule_id, f.subject_id))
    from auditor.views import build_views

    return AuditResult(scan, policy, tuple(findings), _checklist(ctx), settings, build_views(ctx))

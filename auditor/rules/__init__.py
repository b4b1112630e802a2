"""Rules: scan facts + policy claims -> findings with stable ids.

Rule ids come in themed blocks and are never reused: AUD1xx permissions, AUD2xx SDKs,
AUD3xx data access in code, AUD4xx claims of the policy the app does not bear out,
AUD5xx store rules, AUD6xx collection before consent (start-up analysis), AUD7xx the input
itself (tampered archive, incomplete analysis). Each rule is one small function registered
with its metadata;
docs/rules/<ID>.md is generated from that metadata (tools/gen_rule_docs.py).
"""

from __future__ import annotations

from typing import Callable, Iterator

from auditor.rules.model import Collector, Confidence, Finding, Item, Rule, Severity

REGISTRY: dict[str, tuple[Rule, Callable]] = {}


def rule(id: str, name: str, severity: str, confidence: str, *, needs_policy: bool, summary: str,
         rationale: str, references: tuple[str, ...], fix: str):
    def deco(fn: Callable) -> Callable:
        if id in REGISTRY:
            raise RuntimeError(f"rule id {id} registered twice")
        REGISTRY[id] = (Rule(id, name, Severity[severity], Confidence[confidence], needs_policy, summary,
                             rationale, references, fix), fn)
        return fn
    return deco


def all_rules() -> list[Rule]:
    _load()
    return [r for r, _fn in sorted(REGISTRY.values(), key=lambda x: x[0].id)]


def _load() -> None:
    from auditor.rules import app_rules, input_rules, policy_rules, startup_rules  # noqa: F401  (registration by import)


def policy_readable(policy) -> bool:
    """A policy the rules can compare with: given, and in a language the reader reads (English,
    Chinese or both). One in another language is reported by AUD703 instead: comparing with it
    would call everything it discloses undisclosed."""
    return policy is not None and getattr(policy, "language", "en") != "other"


def policy_gap(policy) -> str | None:
    """What the reports say instead of a policy status when the rules cannot compare with the
    policy: "no policy" (none given), "policy not read" (a language the reader does not read);
    None when they can."""
    if policy_readable(policy):
        return None
    return "no policy" if policy is None else "policy not read"


def run_rules(ctx, disabled: frozenset[str] = frozenset()) -> Iterator[Finding]:
    _load()
    for rid in sorted(REGISTRY):
        r, fn = REGISTRY[rid]
        if rid in disabled or (r.needs_policy and not policy_readable(ctx.policy)):
            continue
        col = Collector(ctx.package, r)
        fn(ctx, col)
        yield from col.found


__all__ = ["Finding", "Item", "Rule", "Severity", "Confidence", "all_rules", "policy_gap", "policy_readable", "run_rules", "rule"]

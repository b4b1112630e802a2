"""Compile lexicon.toml into matchers (cached; pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from auditor.knowledge import categories, load_toml_text


def _is_cjk(term: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in term)


def alternation(terms, flags=re.IGNORECASE) -> re.Pattern | None:
    """One regex for many terms: Latin terms on word boundaries, Chinese ones as substrings."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return None
    latin = [re.escape(t) for t in terms if not _is_cjk(t)]
    cjk = [re.escape(t) for t in terms if _is_cjk(t)]
    parts = []
    if latin:
        parts.append(r"(?<![A-Za-z0-9])(?:" + "|".join(latin) + r")(?![A-Za-z0-9])")
    if cjk:
        parts.append("(?:" + "|".join(cjk) + ")")
    return re.compile("|".join(parts), flags)


@dataclass(frozen=True)
class Lexicon:
    raw: dict
    term_re: re.Pattern
    term_cats: dict[str, frozenset[str]]
    exclude_re: dict[str, re.Pattern]
    outbound_re: dict[str, re.Pattern]
    umbrella_re: re.Pattern
    umbrella_cats: dict[str, frozenset[str]]
    verb_re: re.Pattern
    denial_re: re.Pattern
    negation_re: re.Pattern
    conditional_re: re.Pattern
    definition_re: re.Pattern
    definition_titles: re.Pattern
    rights_titles: re.Pattern
    permission_names: list[tuple[str, str]]  # (lowercased name, permission) longest first
    type_re: re.Pattern
    type_of: dict[str, str]
    sdk_context_re: re.Pattern
    type_context_re: re.Pattern
    context_required: frozenset[str]
    fields: dict[str, list[str]]


DENY_VERBS_EN = r"(?:collect|obtain|access|read|gather|acquire|record|upload|retrieve|request|ask\s+for|scan|monitor|track|store)"
DENY_VERBS_ZH = r"(?:收集|获取|读取|调用|访问|采集|记录|上传|申请|存储|使用)"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = load_toml_text(resources.files(__package__).joinpath("lexicon.toml").read_text(encoding="utf-8"))
    term_cats: dict[str, set[str]] = {}
    excludes: dict[str, list[str]] = {}
    outbound: dict[str, list[str]] = {}
    for cid, entry in raw["category"].items():
        for t in entry.get("terms", []) + entry.get("zh", []):
            term_cats.setdefault(t.lower(), set()).add(cid)
        if entry.get("exclude"):
            excludes[cid] = entry["exclude"]
        if entry.get("outbound"):
            outbound[cid] = entry["outbound"]
    umb: dict[str, set[str]] = {}
    for entry in raw["umbrella"].values():
        for t in entry.get("terms", []) + entry.get("zh", []):
            umb.setdefault(t.lower(), set()).update(entry["covers"])
    neg = raw["negation"]
    cue_en = "|".join(re.escape(c) for c in sorted(neg["en"], key=len, reverse=True))
    cue_zh = "|".join(re.escape(c) for c in sorted(neg["zh"], key=len, reverse=True))
    denial = re.compile(
        rf"(?<![A-Za-z])(?:{cue_en})\s+(?:(?!be\s+able)[A-Za-z']+\s+){{0,3}}?{DENY_VERBS_EN}(?![A-Za-z])"
        rf"|(?:{cue_zh})[\u4e00-\u9fff]{{0,4}}?{DENY_VERBS_ZH}", re.IGNORECASE)
    ctx = raw["context"]
    perms: list[tuple[str, str]] = []
    for p in raw["permission"]:
        for n in p["names"] + p["zh"]:
            perms.append((n.lower(), p["permission"]))
    perms.sort(key=lambda x: len(x[0]), reverse=True)
    type_of: dict[str, str] = {}
    for cat, terms in raw["sdk_types"].items():
        for t in terms:
            type_of[t.lower()] = cat
    al = raw["sdk_aliases"]
    return Lexicon(
        raw=raw,
        term_re=alternation(term_cats),
        term_cats={k: frozenset(v) for k, v in term_cats.items()},
        exclude_re={c: alternation(v) for c, v in excludes.items()},
        outbound_re={c: alternation(v) for c, v in outbound.items()},
        umbrella_re=alternation(umb),
        umbrella_cats={k: frozenset(v) for k, v in umb.items()},
        verb_re=alternation(raw["verbs"]["en"] + raw["verbs"]["zh"]),
        denial_re=denial,
        negation_re=alternation(neg["en"] + neg["zh"]),
        conditional_re=alternation(neg["conditional"]),
        definition_re=alternation(ctx["definition_patterns"]),
        definition_titles=alternation(ctx["definition_titles"]),
        rights_titles=alternation(ctx["rights_titles"]),
        permission_names=perms,
        type_re=alternation(type_of),
        type_of=type_of,
        sdk_context_re=alternation(al["sdk_context"]),
        type_context_re=alternation(al["type_context"]),
        context_required=frozenset(al["context_required"]),
        fields={k: [x.lower() for x in v] for k, v in raw["sdk_fields"].items()},
    )


def validate_lexicon() -> list[str]:
    """Problems in lexicon.toml (empty list: valid)."""
    lx = lexicon()
    cats = set(categories())
    problems = []
    for cid in lx.raw["category"]:
        if cid not in cats:
            problems.append(f"category.{cid}: not a category id")
    for cid in cats - set(lx.raw["category"]):
        problems.append(f"category.{cid}: missing (every category needs terms)")
    for name, entry in lx.raw["umbrella"].items():
        for c in entry["covers"]:
            if c not in cats:
                problems.append(f"umbrella.{name}: covers unknown category {c}")
    from auditor.knowledge import permission_base

    for p in lx.raw["permission"]:
        if p["permission"] != "clipboard" and not permission_base().lookup(p["permission"]).known:
            problems.append(f"permission {p['permission']}: unknown")
    import json

    schema = json.loads((resources.files("sdk_signatures") / "schema.json").read_text())
    sdk_categories = set(schema["properties"]["category"]["enum"])
    for t in lx.raw["sdk_types"]:
        if t not in sdk_categories:
            problems.append(f"sdk_types.{t}: not an SDK category")
    return problems

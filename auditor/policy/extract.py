"""Document -> what the policy declares: data categories (declared / vague / denied),
permission statements, SDK disclosures by name, SDK disclosures by type only.
Every claim carries the quoted text, its offsets in Document.text and its section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from auditor.knowledge import permission_base
from auditor.policy.lexicon import Lexicon, alternation, lexicon
from auditor.policy.text import Block, Document

MAX_QUOTE = 240
MAX_EVIDENCE = 8
_ABBREV = {"co", "ltd", "inc", "e.g", "i.e", "etc", "no", "mr", "dr", "vs", "st", "corp", "approx", "fig"}
_URL = re.compile(r"https?://[^\s)\]）|,，;；。]+")


@dataclass(frozen=True)
class Evidence:
    quote: str
    start: int
    end: int
    section: str | None


@dataclass(frozen=True)
class CategoryClaim:
    status: str  # declared | vague | denied
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class PermissionClaim:
    permission: str | None
    category: str | None
    categories: tuple[str, ...]
    purpose: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class SdkClaim:
    name: str
    vendor: str | None
    sdk_id: str | None
    vendor_sdk_ids: tuple[str, ...]
    purpose: str | None
    categories: tuple[str, ...]
    policy_url: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class SdkTypeClaim:
    type: str
    evidence: tuple[Evidence, ...]


@dataclass
class _Sentence:
    start: int
    end: int
    block: Block


# ---- sentences and quotes -------------------------------------------------------------

def sentences(doc: Document) -> list[_Sentence]:
    out: list[_Sentence] = []
    text = doc.text
    heads = [h.start for h in doc.headings]
    for b in doc.blocks:
        if b.kind == "row":
            out.append(_Sentence(b.start, b.end, b))
            continue
        cuts = {b.start, b.end}
        cuts.update(h for h in heads if b.start < h < b.end)
        for m in re.finditer(r"[。！？；!?;]+|\.(?=\s|$)", text[b.start:b.end]):
            pos = b.start + m.end()
            if m.group() == ".":
                before = re.search(r"([A-Za-z0-9.]+)\.$", text[b.start:pos])
                token = before.group(1).lower() if before else ""
                if token.isdigit() or len(token) == 1 or token in _ABBREV or re.fullmatch(r"[ivx]+", token):
                    continue
            cuts.add(pos)
        points = sorted(cuts)
        for s, e in zip(points, points[1:]):
            while s < e and text[s].isspace():
                s += 1
            if e > s:
                out.append(_Sentence(s, e, b))
    return out


def _evidence(doc: Document, s: int, e: int, focus: tuple[int, int] | None = None) -> Evidence:
    """Quote text[s:e], or a window of it around `focus` when the sentence is long."""
    if e - s > MAX_QUOTE and focus is not None:
        mid = (focus[0] + focus[1]) // 2
        ns = max(s, mid - MAX_QUOTE // 2)
        ne = min(e, ns + MAX_QUOTE)
        ns = max(s, ne - MAX_QUOTE)
        # snap to word boundaries where possible
        while ns > s and ns < focus[0] and not doc.text[ns - 1].isspace() and doc.text[ns - 1].isascii():
            ns += 1
        while ne < e and ne > focus[1] and not doc.text[ne].isspace() and doc.text[ne].isascii():
            ne -= 1
        s, e = ns, ne
    while e > s and doc.text[e - 1].isspace():
        e -= 1
    return Evidence(doc.text[s:e], s, e, doc.section_at(s))


# ---- data categories ------------------------------------------------------------------

def _context(doc: Document, sent: _Sentence, lx: Lexicon) -> str | None:
    section = doc.section_at(sent.start) or ""
    if section and lx.definition_titles.search(section):
        return "definition"
    if section and lx.rights_titles.search(section):
        return "rights"
    text = doc.text[sent.start:sent.end]
    if lx.definition_re.search(text) and re.search(r"personal|sensitive|个人|敏感", text, re.I):
        return "definition"
    return None


def _term_hits(text: str, lx: Lexicon) -> list[tuple[int, int, frozenset[str]]]:
    hits = []
    excluded: dict[str, list[tuple[int, int]]] = {}
    for cid, rx in lx.exclude_re.items():
        excluded[cid] = [(m.start(), m.end()) for m in rx.finditer(text)]
    for m in lx.term_re.finditer(text):
        cats = set(lx.term_cats.get(m.group().lower(), ()))
        for cid in list(cats):
            if any(a <= m.start() and m.end() <= b for a, b in excluded.get(cid, ())):
                cats.discard(cid)
            elif cid in lx.outbound_re and lx.outbound_re[cid].search(text[max(0, m.start() - 60):m.start()]):
                cats.discard(cid)  # a message sent *to* the user, not one read from the device
        if cats:
            hits.append((m.start(), m.end(), frozenset(cats)))
    return hits


def extract_categories(doc: Document, sents: list[_Sentence],
                       permissions: list[PermissionClaim] = (), lx: Lexicon | None = None) -> dict[str, CategoryClaim]:
    lx = lx or lexicon()
    found: dict[str, dict[str, list[Evidence]]] = {}

    def note(cid: str, status: str, ev: Evidence) -> None:
        bucket = found.setdefault(cid, {}).setdefault(status, [])
        if len(bucket) < MAX_EVIDENCE and all(x.start != ev.start for x in bucket):
            bucket.append(ev)

    for sent in sents:
        text = doc.text[sent.start:sent.end]
        if _context(doc, sent, lx):
            continue
        has_verb = bool(lx.verb_re.search(text)) or sent.block.kind == "row"
        denials = [(m.start(), m.end()) for m in lx.denial_re.finditer(text)]
        if lx.negation_re.search(text) and lx.conditional_re.search(text):
            continue  # "we will not collect X without your consent": neither a declaration nor a denial
        for s, e, cats in _term_hits(text, lx):
            denied = any(ds < s for ds, _de in denials)
            if not denied and not has_verb:
                continue
            ev = _evidence(doc, sent.start, sent.end, (sent.start + s, sent.start + e))
            for cid in cats:
                note(cid, "denied" if denied else "declared", ev)
        if has_verb:
            for m in lx.umbrella_re.finditer(text):
                if any(ds < m.start() for ds, _de in denials):
                    continue
                ev = _evidence(doc, sent.start, sent.end, (sent.start + m.start(), sent.start + m.end()))
                for cid in lx.umbrella_cats[m.group().lower()]:
                    note(cid, "vague", ev)
    # a permission statement declares the permission's primary category
    for pc in permissions:
        if pc.category:
            for ev in pc.evidence:
                note(pc.category, "declared", ev)
    out: dict[str, CategoryClaim] = {}
    for cid, by_status in found.items():
        for status in ("declared", "denied", "vague"):
            if by_status.get(status):
                out[cid] = CategoryClaim(status, tuple(by_status[status]))
                break
    return out


# ---- permission statements ------------------------------------------------------------

_PERM_EN = re.compile(
    r"(?:(?<=^)|(?<=[\s.:;(]))(?:\d{1,2}[.)]\s*)?(?P<name>(?:[A-Za-z][\w'/&-]*\s+){0,5}?[A-Za-z][\w'/&-]*)"
    r"\s+permissions?\s*[:：]\s*")
_PERM_ZH = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z/、（）()]{1,15}?)权限\s*[：:]\s*")
_NEXT_ITEM = re.compile(r"\s\d{1,2}[.、)]\s*(?:[A-Z][\w'/&-]*\s+){0,6}?[\w'/&-]*\s*permissions?\s*[:：]"
                        r"|\s*\d{1,2}[.、)]\s*[\u4e00-\u9fff]{1,15}权限\s*[：:]", re.IGNORECASE)


def _resolve_permission(name: str, lx: Lexicon) -> str | None:
    low = name.lower()
    m = re.search(r"android\.permission\.[A-Z_]+|\b[A-Z]{3,}(?:_[A-Z]+)+\b", name)
    if m:
        perm = m.group() if m.group().startswith("android.") else f"android.permission.{m.group()}"
        return perm
    for n, perm in lx.permission_names:
        if n in low:
            return perm
    return None


def _permission_categories(perm: str | None) -> tuple[str, ...]:
    if perm is None:
        return ()
    if perm == "clipboard":
        return ("clipboard",)
    return permission_base().lookup(perm).categories


def extract_permissions(doc: Document, sents: list[_Sentence], lx: Lexicon | None = None) -> list[PermissionClaim]:
    lx = lx or lexicon()
    out: list[PermissionClaim] = []
    text = doc.text
    for b in doc.blocks:
        if b.kind == "row":
            continue
        chunk = text[b.start:b.end]
        for rx in (_PERM_EN, _PERM_ZH):
            for m in rx.finditer(chunk):
                perm = _resolve_permission(m.group("name"), lx)
                if perm is None:
                    continue
                rest_start = m.end()
                nxt = _NEXT_ITEM.search(chunk, rest_start)
                end = nxt.start() if nxt else len(chunk)
                sec = re.search(r"\s\([IVX]+\)\s|[（(][一二三四五六七八九十]+[)）]", chunk[rest_start:end])
                if sec:
                    end = rest_start + sec.start()
                purpose = chunk[rest_start:end].strip() or None
                if purpose and len(purpose) > 400:
                    purpose = purpose[:400].rsplit(" ", 1)[0] + "…"
                ev = _evidence(doc, b.start + m.start(), b.start + end, (b.start + m.start(), b.start + m.end()))
                out.append(_perm_claim(perm, purpose, ev))
    # table rows naming a permission, with a purpose column
    header: dict[str, int] | None = None
    for b in doc.blocks:
        if b.kind != "row":
            header = None
            continue
        cells = doc.cell_texts(b)
        h = _header_map(cells, {"permission": ["权限", "permission"], "purpose": lx.fields["purpose"]})
        if "permission" in h and "purpose" in h:
            header = h
            continue
        if header is None:
            continue
        perm = _resolve_permission(cells[header["permission"]], lx) if header["permission"] < len(cells) else None
        if perm is None:
            continue
        purpose = cells[header["purpose"]].strip() if header["purpose"] < len(cells) else ""
        out.append(_perm_claim(perm, purpose or None, _evidence(doc, b.start, b.end)))
    # one claim per permission: keep the first with a purpose
    merged: dict[str | None, PermissionClaim] = {}
    for c in out:
        key = c.permission
        old = merged.get(key)
        if old is None:
            merged[key] = c
        else:
            merged[key] = PermissionClaim(c.permission, c.category, c.categories, old.purpose or c.purpose,
                                          old.evidence + c.evidence)
    return list(merged.values())


def _perm_claim(perm: str, purpose: str | None, ev: Evidence) -> PermissionClaim:
    cats = _permission_categories(perm)
    return PermissionClaim(None if perm == "clipboard" else perm, cats[0] if cats else None, cats, purpose, (ev,))


def _header_map(cells: list[str], keys: dict[str, list[str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, c in enumerate(cells):
        low = c.strip().lower()
        if not low or len(low) > 60:
            continue
        for key, words in keys.items():
            if key not in out and any(w in low for w in words):
                out[key] = i
                break
    return out


# ---- SDK disclosures ------------------------------------------------------------------

@dataclass(frozen=True)
class _SdkIndex:
    alias_re: re.Pattern
    alias_ids: dict[str, str]
    strict_re: re.Pattern | None  # context-required aliases, case-sensitive
    vendor_re: re.Pattern
    vendor_ids: dict[str, tuple[str, ...]]
    categories: dict[str, str]


@lru_cache(maxsize=1)
def sdk_index() -> _SdkIndex:
    from auditor.sdk import load_database

    return build_sdk_index(lexicon(), load_database())


def build_sdk_index(lx: Lexicon, db) -> _SdkIndex:
    """Alias and vendor matchers over one signature database (auditor.catalogues caches it)."""
    import unicodedata

    norm = lambda t: unicodedata.normalize("NFKC", t)  # noqa: E731 - same normalisation as Document.text
    alias_ids: dict[str, str] = {}
    strict: list[str] = []
    for s in db.entries.values():
        for a in map(norm, s.aliases):
            alias_ids[a.lower()] = s.id
            if a in lx.context_required or norm(a) in lx.context_required:
                strict.append(a)
    vendor_ids: dict[str, list[str]] = {}
    for s in db.entries.values():
        names = [norm(s.vendor_en), norm(s.vendor_zh or "")]
        m = re.match(r"^(.*?)\s*\((.+)\)\s*$", s.vendor_en)
        if m:
            names += [m.group(1), m.group(2)]
        for n in names:
            n = n.strip()
            if len(n) >= 4 and n.lower() not in alias_ids:
                vendor_ids.setdefault(n.lower(), []).append(s.id)
    loose = [a for a in alias_ids if a not in {x.lower() for x in strict}]
    return _SdkIndex(
        alias_re=alternation(loose),
        alias_ids=alias_ids,
        strict_re=alternation(strict, flags=0),
        vendor_re=alternation(vendor_ids),
        vendor_ids={k: tuple(sorted(set(v))) for k, v in vendor_ids.items()},
        categories={s.id: s.category for s in db.entries.values()},
    )


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    sdk_id: str | None
    vendor_ids: tuple[str, ...]


def _mentions(text: str, base: int, sdk_context: bool, idx: _SdkIndex | None = None) -> list[_Mention]:
    idx = idx or sdk_index()
    out: list[_Mention] = []
    text = _URL.sub(lambda m: " " * len(m.group()), text)  # "lbs.amap.com" is not a mention of AMap
    for m in idx.alias_re.finditer(text):
        out.append(_Mention(base + m.start(), base + m.end(), m.group(), idx.alias_ids[m.group().lower()], ()))
    if sdk_context and idx.strict_re is not None:
        for m in idx.strict_re.finditer(text):
            out.append(_Mention(base + m.start(), base + m.end(), m.group(), idx.alias_ids[m.group().lower()], ()))
    if sdk_context:
        for m in idx.vendor_re.finditer(text):
            ids = idx.vendor_ids[m.group().lower()]
            out.append(_Mention(base + m.start(), base + m.end(), m.group(), ids[0] if len(ids) == 1 else None, ids))
    out.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[_Mention] = []
    for mm in out:
        if kept and mm.start < kept[-1].end:
            continue
        kept.append(mm)
    return kept


def _data_categories(text: str, lx: Lexicon | None = None) -> tuple[str, ...]:
    lx = lx or lexicon()
    cats: set[str] = set()
    for _s, _e, c in _term_hits(text, lx):
        cats |= c
    for m in lx.umbrella_re.finditer(text):
        cats |= lx.umbrella_cats[m.group().lower()]
    return tuple(sorted(cats))


def _purpose_phrase(text: str) -> str | None:
    m = re.search(r"(?:used\s+(?:for|to)|for\s+the\s+purpose\s+of|in\s+order\s+to|to\s+provide|用于|以便|为了|以实现)\s*(.{3,160}?)(?=[.。;；,，]|$)",
                  text, re.IGNORECASE)
    return m.group(1).strip() if m else None


def extract_sdks(doc: Document, sents: list[_Sentence], lx: Lexicon | None = None,
                 idx: _SdkIndex | None = None) -> tuple[list[SdkClaim], list[SdkTypeClaim]]:
    lx = lx or lexicon()
    idx = idx or sdk_index()
    claims: list[SdkClaim] = []
    types: list[SdkTypeClaim] = []
    covered: list[tuple[int, int]] = []

    def vendor_of(ms: list[_Mention]) -> str | None:
        for mm in ms:
            if mm.vendor_ids:
                return mm.text
        return None

    # 1. tables
    header: dict[str, int] | None = None
    for b in doc.blocks:
        if b.kind != "row":
            header = None
            continue
        cells = doc.cell_texts(b)
        h = _header_map(cells, lx.fields)
        if len(h) >= 2 and not _mentions(doc.text[b.start:b.end], b.start, True, idx=idx):
            header = h
            continue
        if header is None:
            continue
        covered.append((b.start, b.end))
        ms = _mentions(doc.text[b.start:b.end], b.start, True, idx=idx)
        get = lambda key: cells[header[key]].strip() if key in header and header[key] < len(cells) else ""  # noqa: E731
        ev = _evidence(doc, b.start, b.end)
        purpose = get("purpose") or None
        data_text = get("data")
        link = _URL.search(get("link") or doc.text[b.start:b.end])
        if ms:
            named = [mm for mm in ms if mm.sdk_id or mm.vendor_ids]
            vendor = get("vendor") or vendor_of(named)
            restrict = _type_restriction(get("type") + " " + purpose if purpose else get("type"), lx)
            for mm in _primary(named):
                vids = tuple(v for v in mm.vendor_ids if not restrict or idx.categories[v] in restrict) or mm.vendor_ids
                sid = mm.sdk_id or (vids[0] if len(vids) == 1 else None)
                claims.append(SdkClaim(get("name") or mm.text, vendor or None, sid, vids, purpose,
                                       _data_categories(data_text, lx), link.group() if link else None, (ev,)))
        elif get("name"):
            claims.append(SdkClaim(get("name"), get("vendor") or None, None, (), purpose,
                                   _data_categories(data_text, lx), link.group() if link else None, (ev,)))
        else:
            t = _type_restriction(get("type") + " " + (purpose or ""), lx)
            for tp in sorted(t):
                types.append(SdkTypeClaim(tp, (ev,)))

    # 2. label:value records in prose ("SDK名称：… 使用目的：… 隐私政策链接：…")
    labels = {k: v for k, v in lx.fields.items() if k != "type"}
    label_re = re.compile("(?:" + "|".join(
        rf"(?P<{k}_{i}>{re.escape(w)})" for k, words in labels.items() for i, w in
        enumerate(sorted(words, key=len, reverse=True))) + r")\s*$", re.IGNORECASE)
    found = []
    for colon in re.finditer(r"[:：]", doc.text):  # labels end at a colon: look back from each one
        c = colon.start()
        m = label_re.search(doc.text, max(0, c - 40), c)
        if m and not any(a <= m.start() < b for a, b in covered):
            found.append((m.start(), c + 1, m.lastgroup.rsplit("_", 1)[0]))
    record: dict[str, tuple[int, int]] = {}
    records: list[dict[str, tuple[int, int]]] = []
    for i, (s, e, key) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else len(doc.text)
        # a value runs to the next label or the end of its line, whichever comes first
        line_end = doc.text.find("\n", e + 1)
        value_end = min(nxt, e + 300, line_end if line_end > 0 else len(doc.text))
        if key in record or (record and s - max(v[1] for v in record.values()) > 300):
            if len(record) >= 2:
                records.append(record)
            record = {}
        record[key] = (e, value_end)
        record.setdefault("_start", (s, s))
    if len(record) >= 2:
        records.append(record)
    for rec in records:
        start = rec["_start"][0]
        end = max(v[1] for k, v in rec.items() if k != "_start")
        value = lambda k: doc.text[rec[k][0]:rec[k][1]].strip(" \n;；。,，") if k in rec else ""  # noqa: E731
        # the record's title line ("1. 极光推送SDK") names the SDK; the labels give its details
        line_start = doc.text.rfind("\n", 0, max(0, start - 1)) + 1
        title = [mm for mm in _mentions(doc.text[line_start:start], line_start, True, idx=idx) if mm.sdk_id]
        ms = title[-1:] + _mentions(doc.text[start:end], start, True, idx=idx)
        ev = _evidence(doc, min([start] + [m.start for m in ms]), end)
        covered.append((min([start] + [m.start for m in ms]), end))
        link = _URL.search(value("link") or doc.text[start:end])
        named = [mm for mm in ms if mm.sdk_id or mm.vendor_ids]
        if not named and not value("name"):
            continue
        for mm in _primary(named) or [None]:
            sid = mm.sdk_id if mm else None
            vids = mm.vendor_ids if mm else ()
            claims.append(SdkClaim(value("name") or (mm.text if mm else ""), value("vendor") or vendor_of(named),
                                   sid or (vids[0] if len(vids) == 1 else None), vids, value("purpose") or None,
                                   _data_categories(value("data"), lx), link.group() if link else None, (ev,)))

    # 3. bare mentions in prose, and 4. type-only disclosures
    for sent in sents:
        if sent.block.kind == "row" or any(a <= sent.start < b for a, b in covered):
            continue
        text = doc.text[sent.start:sent.end]
        ctx = bool(lx.sdk_context_re.search(text))
        ms = [mm for mm in _mentions(text, sent.start, ctx, idx=idx) if mm.sdk_id or mm.vendor_ids]
        if ms:
            vendor = vendor_of(ms)
            for mm in _primary(ms):
                ev = _evidence(doc, sent.start, sent.end, (mm.start, mm.end))
                sid = mm.sdk_id or (mm.vendor_ids[0] if len(mm.vendor_ids) == 1 else None)
                claims.append(SdkClaim(mm.text, vendor, sid, mm.vendor_ids, _purpose_phrase(text), (), None, (ev,)))
            continue
        if lx.type_context_re.search(text):
            seen: set[str] = set()
            for m in lx.type_re.finditer(text):
                tp = lx.type_of[m.group().lower()]
                if tp in seen:
                    continue
                seen.add(tp)
                types.append(SdkTypeClaim(tp, (_evidence(doc, sent.start, sent.end,
                                                         (sent.start + m.start(), sent.start + m.end())),)))
    return _merge_sdks(claims), _merge_types(types)


def _primary(ms: list[_Mention]) -> list[_Mention]:
    """Mentions naming distinct SDKs; a vendor mention next to an alias of its own SDK adds nothing."""
    alias_ids = {m.sdk_id for m in ms if not m.vendor_ids and m.sdk_id}
    out = []
    for m in ms:
        if m.vendor_ids and (set(m.vendor_ids) & alias_ids):
            continue
        if any(o.sdk_id == m.sdk_id and o.vendor_ids == m.vendor_ids for o in out):
            continue
        out.append(m)
    return out


def _type_restriction(text: str, lx: Lexicon | None = None) -> set[str]:
    lx = lx or lexicon()
    return {lx.type_of[m.group().lower()] for m in lx.type_re.finditer(text or "")}


def _merge_sdks(claims: list[SdkClaim]) -> list[SdkClaim]:
    merged: dict[str, SdkClaim] = {}
    order: list[str] = []
    for c in claims:
        key = c.sdk_id or ("vendor:" + ",".join(c.vendor_sdk_ids) if c.vendor_sdk_ids else "name:" + c.name.lower())
        old = merged.get(key)
        if old is None:
            merged[key] = c
            order.append(key)
            continue
        merged[key] = SdkClaim(
            old.name, old.vendor or c.vendor, old.sdk_id or c.sdk_id, old.vendor_sdk_ids or c.vendor_sdk_ids,
            old.purpose or c.purpose, tuple(sorted(set(old.categories) | set(c.categories))),
            old.policy_url or c.policy_url, (old.evidence + c.evidence)[:MAX_EVIDENCE])
    return [merged[k] for k in order]


def _merge_types(types: list[SdkTypeClaim]) -> list[SdkTypeClaim]:
    merged: dict[str, SdkTypeClaim] = {}
    for t in types:
        old = merged.get(t.type)
        merged[t.type] = t if old is None else SdkTypeClaim(t.type, (old.evidence + t.evidence)[:MAX_EVIDENCE])
    return list(merged.values())

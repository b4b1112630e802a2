"""Document -> what the policy declares: data categories (declared / vague / denied),
permission statements, SDK disclosures by name, SDK disclosures by type only.
Every claim carries the quoted text, its offsets in Document.text and its section."""

from __future__ import annotations

import bisect
import operator
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat

from auditor.knowledge import categories, permission_base
from auditor.policy.lexicon import Lexicon, TermPattern, alternation, lexicon, span_array
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


@dataclass(slots=True)  # (a 100,000-block document has 200,000 of them: no dict each)
class _Sentence:
    start: int
    end: int
    block: Block


# ---- sentences and quotes -------------------------------------------------------------

# a run of 。！？；!?; or a "." before a space or the end, i.e. r"[。！？；!?;]+|\.(?=\s|$)", spelled
# to start with one character class: `re` then skips ahead to those characters (an alternation
# starting with a repeat is tried at every position: one search per block of 100,000)
_SENT_END = re.compile(r"[。！？；!?;.](?:(?<=\.)(?=\s|$)|(?<=[。！？；!?;])[。！？；!?;]*)")
_BEFORE_DOT = re.compile(r"([A-Za-z0-9.]+)\.$")
_ROMAN = re.compile(r"[ivx]+")


def sentences(doc: Document) -> list[_Sentence]:
    out: list[_Sentence] = []
    append = out.append  # (locals: one lookup less per block of a 100,000-block document)
    bisect_right, bisect_left, search = bisect.bisect_right, bisect.bisect_left, _SENT_END.search
    text = doc.text
    heads = [h.start for h in doc.headings]
    for b in doc.blocks:
        b_start, b_end = b.start, b.end
        if b.kind == "row":
            append(_Sentence(b_start, b_end, b))
            continue
        lo, hi = bisect_right(heads, b_start), bisect_left(heads, b_end)
        # one sentence, the usual case for short blocks: no sentence end, or only the one
        # that ends the block (a cut at b.end adds nothing, whatever precedes the dot)
        if lo == hi and ((m := search(text, b_start, b_end)) is None or m.end() == b_end):
            s = b_start
            while s < b_end and text[s].isspace():
                s += 1
            if b_end > s:
                append(_Sentence(s, b_end, b))
            continue
        cuts = {b.start, b.end}
        # headings inside the block (inline markers): bisect, not a scan of every heading
        cuts.update(heads[bisect.bisect_right(heads, b.start):bisect.bisect_left(heads, b.end)])
        for m in _SENT_END.finditer(text, b.start, b.end):
            pos = m.end()
            if m.group() == ".":
                before = _BEFORE_DOT.search(text[max(b.start, pos - 40):pos])  # bounded look-back
                token = before.group(1).lower() if before else ""
                if token.isdigit() or len(token) == 1 or token in _ABBREV or _ROMAN.fullmatch(token):
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


# ---- one pass of every matcher over the whole document --------------------------------

class _Hits:
    """Matches of one pattern over the whole text, looked up per sentence by bisect: a
    document of 100,000 one-line blocks costs one regex scan, not 100,000 small ones.

    Stored as columns (offsets in machine-word arrays, no tuple or string per match: a
    100,000-row table has a million matches); `within` builds the (start, end, value)
    tuples of the few matches a sentence asks for. The value is the matched text (sliced
    from `src` on demand), `values[k]` when given, and `make(start, end, value)` when given."""

    __slots__ = ("starts", "ends", "values", "src", "make", "cursor")

    def __init__(self, starts=(), ends=(), values=None, src: str = "", make=None) -> None:
        self.starts = starts if isinstance(starts, array) else array("q", starts)
        self.ends = ends if isinstance(ends, array) else array("q", ends)
        self.values = values
        self.src = src
        self.make = make
        self.cursor = 0  # where the last lookup started: lookups mostly come in document order

    def _range(self, s: int, e: int) -> tuple[int, int]:
        """Indices [i, j) of the matches starting in [s, e)."""
        starts = self.starts
        n = len(starts)
        i = self.cursor
        if i and starts[i - 1] >= s:
            i = bisect.bisect_left(starts, s)  # went back
        elif i < n and starts[i] < s:
            i += 1
            if i < n and starts[i] < s:
                i = bisect.bisect_left(starts, s, i + 1)
        self.cursor = i
        if i == n or starts[i] >= e:
            return i, i  # the common case: nothing here
        j = i + 1
        if j < n and starts[j] < e:
            j = bisect.bisect_left(starts, e, j + 1)
        return i, j

    def within(self, s: int, e: int) -> list[tuple]:
        i, j = self._range(s, e)
        if i == j:
            return []
        starts, ends, values, src, make = self.starts, self.ends, self.values, self.src, self.make
        out = []
        for k in range(i, j):
            a, b = starts[k], ends[k]
            if b <= e:
                v = src[a:b] if values is None else values[k]
                out.append((a, b, v if make is None else make(a, b, v)))
        return out

    def found(self, s: int, e: int) -> list:
        """[v for _, _, v in self.within(s, e)], without the tuples."""
        if not self.starts:
            return []
        i, j = self._range(s, e)
        if i == j:
            return []
        starts, ends, values, src, make = self.starts, self.ends, self.values, self.src, self.make
        out = []
        for k in range(i, j):
            b = ends[k]
            if b <= e:
                a = starts[k]
                v = src[a:b] if values is None else values[k]
                out.append(v if make is None else make(a, b, v))
        return out

    def any(self, s: int, e: int) -> bool:
        i, j = self._range(s, e)
        if i == j:
            return False
        ends = self.ends
        return ends[i] <= e or any(ends[k] <= e for k in range(i + 1, j))


def _spans(rx, text: str, make=None) -> _Hits:
    if rx is None:
        return _Hits()
    if isinstance(rx, TermPattern):
        starts, ends = rx.offsets(text)
    else:
        flat = span_array(rx.finditer(text))
        starts, ends = flat[0::2], flat[1::2]
    return _Hits(starts, ends, None, text, make)


def _term_spans(text: str, lx: Lexicon, cuts: list[int]) -> _Hits:
    offsets = lx.term_re.offsets(text)
    keys = list(map(str.lower, map(text.__getitem__, map(slice, *offsets))))
    excluded: dict = {}
    outbound: dict = {}
    # every term kept with all its categories wherever it occurs (the usual case: no rule
    # drops a category in this text): the categories of each match by one lookup, no Python
    # step per match (100,000 headings and paragraphs name "location" 100,000 times)
    none = frozenset()
    kept = {}
    for key in set(keys):
        base = lx.term_cats.get(key, none)
        if not _term_inert(base, text, lx, excluded, outbound):
            break
        kept[key] = base
    else:
        return _Hits(offsets[0], offsets[1], list(map(kept.__getitem__, keys)))
    starts, ends, values = array("q"), array("q"), []
    for a, b, cats in _term_hits(text, lx, cuts, offsets, excluded, outbound):
        starts.append(a)
        ends.append(b)
        values.append(cats)
    return _Hits(starts, ends, values)


@dataclass
class _Scan:
    terms: _Hits
    verbs: _Hits
    denials: _Hits
    negations: _Hits
    conditionals: _Hits
    umbrellas: _Hits
    definitions: _Hits
    personal: _Hits
    content: _Hits
    hypothetical: _Hits
    revoke: _Hits
    sdk_context: _Hits
    type_context: _Hits
    types: _Hits
    aliases: _Hits
    strict: _Hits
    vendors: _Hits
    section_context: dict = field(default_factory=dict)
    standard_blocks: dict = field(default_factory=dict)  # block start -> names the standard's classes
    passive: _Hits = field(default_factory=_Hits)  # "… is never collected" (English)
    umbrella_excl: _Hits = field(default_factory=_Hits)  # "cell tower identifiers"
    background: _Hits = field(default_factory=_Hits)  # "even when the app is not in use"
    # derived caches, built on first use
    context_mentions: _Hits | None = None  # _context_mentions
    row_heads: dict | None = None  # _row_header: block start -> first row of its table
    text_categories: tuple | None = None  # _text_categories


# re.compile(r"personal|sensitive|个人|敏感", re.I) spelled out (the letters re.IGNORECASE equates
# with each, "ſ" and "İ"/"ı" included): without the flag `re` skips ahead by first character
_PERSONAL = re.compile("[Pp][Ee][Rr][Ssſ][Oo][Nn][Aa][Ll]|[Ssſ][Ee][Nn][Ssſ][Iiİı][Tt][Iiİı][Vv][Ee]|个人|敏感")


def _find_all(text: str, sub: str, a: int, z: int):
    """Starts of `sub` in text[a:z], left to right, not overlapping."""
    k = text.find(sub, a, z)
    while k != -1:
        yield k
        k = text.find(sub, k + len(sub), z)


def _personal_spans(text: str) -> _Hits:
    """_spans(_PERSONAL, text). On an ASCII text the pattern is "personal" or "sensitive" in any
    case (neither can overlap itself or the other): str.find on the lowercased text finds them
    faster than `re`, which stops at every "p" and "s" of an English text."""
    if not text.isascii():
        return _spans(_PERSONAL, text)
    low = text.lower()
    found = sorted(chain(_find_all(low, "personal", 0, len(low)), _find_all(low, "sensitive", 0, len(low))))
    return _Hits(found, [i + (8 if low.startswith("p", i) else 9) for i in found], None, text)


def _verb_spans(lx: Lexicon, text: str) -> _Hits:
    """_spans(lx.verb_re, text), without the English verbs of a short Latin name inside Chinese
    text ("令牌数据:shared secret、设备 ID", "会话令牌(access token / refresh token)"): a few Latin
    words between Chinese characters are a name the Chinese sentence mentions, not an English
    clause (an English sentence in a Chinese document runs to its line's start or end, or is longer)."""
    hits = _spans(lx.verb_re, text)
    if text.isascii() or not hits.starts:
        return hits
    starts, ends = array("q"), array("q")
    n = len(text)
    for s, e in zip(hits.starts, hits.ends):
        if text[s].isascii() and text[s].isalpha() and text[s:e].lower() not in _LIST_OPENERS:
            a = s
            while a > 0 and a > s - 60 and text[a - 1].isascii() and text[a - 1] != "\n":
                a -= 1
            z = e
            while z < n and z < e + 60 and text[z].isascii() and text[z] != "\n":
                z += 1
            if (a > 0 and not text[a - 1].isascii() and not text[a - 1].isspace() and z < n and not text[z].isascii()
                    and not text[z].isspace() and len(_LATIN_WORD.findall(text, a, z)) <= 4):
                continue
        starts.append(s)
        ends.append(e)
    return _Hits(starts, ends, None, text)


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")


def _has(text: str, needles: tuple[str, ...]) -> bool:
    return any(n in text for n in needles)


def _has_any_case(text: str, needles: tuple[str, ...]) -> bool:
    """`_has` ignoring case, for the gates of case-insensitive patterns ("Background location ..."
    at a sentence start, "IN THE BACKGROUND" in a capitalised heading): exact first, so the common
    document pays no lowercased copy."""
    if _has(text, needles):
        return True
    low = text.lower()
    return any(n.lower() in low for n in needles)


def _scan(doc: Document, sents: list[_Sentence], lx: Lexicon | None = None, idx: _SdkIndex | None = None) -> _Scan:
    cached = doc.__dict__.get("_scan")
    if cached is not None:
        return cached
    lx = lx or lexicon()
    idx = idx or sdk_index()
    text = doc.text
    masked = _URL.sub(lambda m: " " * len(m.group()), text)  # "lbs.amap.com" is not a mention of AMap
    sc = _Scan(
        terms=_term_spans(text, lx, [x.start for x in sents]),
        verbs=_verb_spans(lx, text),
        denials=_spans(lx.denial_re, text),
        negations=_spans(lx.negation_re, text),
        conditionals=_spans(lx.conditional_re, text),
        umbrellas=_spans(lx.umbrella_re, text),
        definitions=_spans(lx.definition_re, text),
        personal=_personal_spans(text),
        content=_spans(lx.content_re, text),
        hypothetical=_spans(lx.hypothetical_re, text),
        revoke=_spans(lx.revoke_re, text),
        sdk_context=_spans(lx.sdk_context_re, text),
        type_context=_spans(lx.type_context_re, text),
        types=_spans(lx.type_re, text),
        aliases=_spans(idx.alias_re, masked, lambda a, b, g: _Mention(a, b, g, idx.alias_ids[g.lower()], ())),
        strict=_spans(idx.strict_re, masked, lambda a, b, g: _Mention(a, b, g, idx.alias_ids[g.lower()], ())),
        vendors=_spans(idx.vendor_re, masked, lambda a, b, g: _vendor_mention(a, b, g, idx)),
        # English-only patterns: a plain substring test first spares a Chinese document the scans
        passive=_spans(lx.passive_denial_re, text) if _has_any_case(text, ("not ", "never ")) else _Hits(),
        # (the substrings that gate these two are lexicon data, next to the lists they guard)
        umbrella_excl=_spans(lx.umbrella_exclude_re, text) if _has_any_case(text, lx.umbrella_exclude_gate) else _Hits(),
        background=_spans(lx.background_re, text) if _has_any_case(text, lx.background_gate) else _Hits(),
    )
    object.__setattr__(doc, "_scan", sc)  # frozen Document: a derived cache, not state
    return sc


def _vendor_mention(a: int, b: int, g: str, idx) -> "_Mention":
    ids = idx.vendor_ids[g.lower()]
    return _Mention(a, b, g, ids[0] if len(ids) == 1 else None, ids)


_first, _second, _third = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)


def _context_mentions(sc: _Scan) -> _Hits:
    """Aliases, context-required aliases and vendor names as one column, in the order
    _mentions_in sorts them (start, longest first, then aliases, strict, vendors: a stable
    sort of the three lists): built once, so a 100,000-row SDK table costs one lookup per
    row, not three lookups and a sort."""
    got = sc.context_mentions
    if got is None:
        kinds = (sc.aliases, sc.strict, sc.vendors)
        items = sorted(chain.from_iterable(  # (start, -length, kind): no two alike
            zip(h.starts, map(operator.sub, h.starts, h.ends), repeat(k)) for k, h in enumerate(kinds)))
        starts = array("q", map(_first, items))
        ends = array("q", map(operator.sub, starts, map(_second, items)))
        values = list(map(kinds.__getitem__, map(_third, items)))
        got = _Hits(starts, ends, values, "", lambda a, b, h: h.make(a, b, h.src[a:b]))
        sc.context_mentions = got
    return got


def _mentions_in(sc: _Scan, s: int, e: int, sdk_context: bool) -> list["_Mention"]:
    if sdk_context:
        out = _context_mentions(sc).found(s, e)  # already in order
        if len(out) < 2:
            return out
    else:
        out = sc.aliases.found(s, e)
        if len(out) < 2:
            return out  # nothing to order or to drop
        out.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[_Mention] = []
    for mm in out:
        if kept and mm.start < kept[-1].end:
            continue
        kept.append(mm)
    return kept


# ---- data categories ------------------------------------------------------------------

def _context(doc: Document, sent: _Sentence, lx: Lexicon, sc: _Scan) -> str | None:
    section = doc.section_at(sent.start) or ""
    if section:
        kind = sc.section_context.get(section, 0)
        if kind == 0:
            kind = ("definition" if lx.definition_titles.search(section)
                    and not lx.permission_titles.search(section)  # "附录-权限申请、使用目的" lists permissions
                    else "rights" if lx.rights_titles.search(section) else None)
            sc.section_context[section] = kind
        if kind:
            return kind
    if sc.definitions.any(sent.start, sent.end) and sc.personal.any(sent.start, sent.end):
        return "definition"
    if _standard_block(doc.text, sent.block, lx, sc):
        return "definition"
    if lx.zh_scope_lead_re.match(doc.text, sent.start, sent.end) is not None:
        return "definition"
    return None


_WE_COLLECT = re.compile(r"(?:我们|我方|本公司|本应用)[^。;；,，]{0,8}(?:收集|获取|采集|读取|调用|访问|使用)")


def _standard_block(text: str, block: Block, lx: Lexicon, sc: _Scan) -> bool:
    """The block names at least `standard_min` distinct classes of personal information of
    GB/T 35273 ("个人基本资料…;个人身份信息…;网络身份标识信息…"): the standard's definition."""
    known = sc.standard_blocks.get(block.start)
    if known is None and block.end - block.start > 8000:
        known = sc.standard_blocks[block.start] = False  # a definition list, not megabytes of text
    if known is None:
        # looked for in the block itself: only blocks with category terms get here, so a
        # 100,000-row table or a 5 MB paragraph costs no extra pass over the whole text
        names = {m.group().removeprefix("个人") for m in lx.standard_re.finditer(text, block.start, block.end)
                 } if lx.standard_re is not None else set()
        # ... unless the block says the app collects them ("我们会收集您的个人基本资料、…")
        known = sc.standard_blocks[block.start] = len(names) >= lx.standard_min and _WE_COLLECT.search(
            text, block.start, block.end) is None
    return known


def _term_rules(cid: str, text: str, lx: Lexicon, excluded: dict, outbound: dict) -> None:
    """Where `cid`'s exclusions match in `text`, and whether its outbound cues occur in it, each
    found once, when first needed."""
    if cid in lx.exclude_re and cid not in excluded:
        excluded[cid] = _union(list(zip(*lx.exclude_re[cid].offsets(text))))
    if cid in lx.outbound_re and cid not in outbound:  # (finditer: Latin cues looked up by word, no scan)
        outbound[cid] = next(lx.outbound_re[cid].finditer(text), None) is not None


def _term_inert(base: frozenset[str], text: str, lx: Lexicon, excluded: dict, outbound: dict) -> bool:
    """No category of a term can be dropped in `text`: none has an outbound rule whose cues
    occur in it or an exclusion pattern that matches in it (what _term_hits calls inert)."""
    if base.isdisjoint(lx.checked_cats):
        return True
    for cid in base:
        _term_rules(cid, text, lx, excluded, outbound)
    return all(not outbound.get(cid, False) and (cid not in excluded or not excluded[cid][0]) for cid in base)


def _term_hits(text: str, lx: Lexicon, cuts: list[int] | None = None, offsets=None, excluded: dict | None = None,
               outbound: dict | None = None):
    """Category terms in `text` as (start, end, categories), in order; `cuts` (sentence starts)
    keep the look-back for outbound cues ("send you an SMS") inside the term's own sentence.
    `offsets`: term_re.offsets(text), when the caller has them."""
    excluded = {} if excluded is None else excluded  # cid -> union of its exclusion matches
    # outbound rules whose cues occur somewhere in the text (one scan each, when first needed):
    # a rule whose cues occur nowhere drops nothing, and its terms stay on the fast path
    outbound = {} if outbound is None else outbound
    checked = lx.checked_cats
    # terms none of whose categories can be dropped in this text: no outbound rule, and
    # their exclusion patterns occur nowhere in it (100,000 "位置信息" rows: one check)
    inert: set[str] = set()
    none = frozenset()
    term_cats = lx.term_cats
    for ms, me in zip(*(lx.term_re.offsets(text) if offsets is None else offsets)):
        key = text[ms:me].lower()
        base = term_cats.get(key, none)
        if key in inert or base.isdisjoint(checked):  # fast path: no exclusion or outbound rule applies
            yield ms, me, base
            continue
        cats = set(base)
        for cid in list(cats):
            _term_rules(cid, text, lx, excluded, outbound)
            xs = (cid in excluded and _inside(excluded[cid], ms)
                  and me <= _end_at(excluded[cid], ms))
            dropped = xs or (
                outbound.get(cid, False) and lx.outbound_re[cid].search(  # a message sent *to* the user
                    text, _floor(cuts, ms, max(0, ms - lx.outbound_window[cid])), ms) is not None)
            # ... unless an access cue sits next to it in its clause: "读取或发送短信",
            # "接收和发送短信", "发送短信/彩信的权限" are the app using SMS, not the service writing
            # (a cue that is part of the excluded phrase is that phrase: "接收短信验证码")
            if dropped and not (cid in lx.override_re and _near(text, ms, me, lx.override_re[cid]) and (
                    not xs or ms <= _start_at(excluded[cid], ms)
                    or _near(text, _start_at(excluded[cid], ms), me, lx.override_re[cid]))):
                cats.discard(cid)
        if all(not outbound.get(cid, False) and (cid not in excluded or not excluded[cid][0]) for cid in base):
            inert.add(key)  # never dropped here: no outbound rule, no exclusion match in the text
        if cats:
            yield ms, me, (base if len(cats) == len(base) else frozenset(cats))


_NAME_DEF = re.compile(r"[^,，。;；:：\s(（]{0,10}[”\"」》]?\s*[(（](?:以下|下文)?(?:简称|称)")
# a quoted product name: "“语音导出”软件", "《相册大师》App" (its words are a name, not data),
# and the same quoted name wherever else it occurs ("当你使用“语音导出”及相关服务时")
_QUOTED = re.compile(r"[“「《]([^“”「」《》,，。;；]{1,12})[”」》]")
_PRODUCT_NAME = re.compile(r"[“「《]([^“”「」《》,，。;；]{1,12})[”」》]\s*(?:软件|产品|应用|平台|客户端|App|APP|app)")
# the app's English name in the document's title: "Privacy Policy for Star Compass App", "Star
# Compass Privacy Policy" (capitalised words); a data term inside it ("Compass") names the app
_APP_TITLE = re.compile(r"Privacy\s+Policy\s+(?:for|of)\s+(?:the\s+)?((?:[A-Z][\w'&-]*[ \t]+){0,4}[A-Z][\w'&-]*)"
                         r"|((?:[A-Z][\w'&-]*[ \t]+){0,4}[A-Z][\w'&-]*)(?:[ \t]+App)?[ \t]+Privacy\s+Policy")
_APP_WORDS = frozenset(("App", "Application", "Android", "Mobile", "Privacy", "Policy", "The"))


def _app_names(text: str, lx: Lexicon) -> tuple[str, ...]:
    """The app's name from a title in the first 300 characters, when a data term is inside it."""
    m = _APP_TITLE.search(text, 0, min(len(text), 300))
    if m is None:
        return ()
    words = (m.group(1) or m.group(2)).split()
    while words and words[-1] in _APP_WORDS:
        words.pop()
    while words and words[0] in _APP_WORDS:
        words.pop(0)
    name = " ".join(words)
    if len(words) < 2 or next(iter(_term_hits(name, lx)), None) is None:
        return ()
    return (name,)


_LIST_LEAD = frozenset(";；:：")
_LIST_END = frozenset("。！？.!?")
# "(1)存储权限保存缓存文件…", "2. 相机权限 用于…": a list item that names a permission
_PERM_ITEM = re.compile(r"\s*(?:[(（]?\d{1,2}[)）.、]|[a-z][).、])?\s*[\u4e00-\u9fffA-Za-z/、]{1,12}权限")
_ENUM = re.compile(r"\s*(?:[(（]?\d{1,2}[)）.、]|[(（][一二三四五六七八九十]{1,2}[)）]|[a-z][).、]|[•·\-*])")


_ITEM = r"[\u4e00-\u9fffA-Za-z]{1,8}(?:[(（][^()（）]{0,12}[)）])?"
_PERM_LIST = re.compile(rf"{_ITEM}(?:(?:、|/|和|及|与|,|，){_ITEM}){{1,15}}(?=等?的?(?:访问|使用|调用|相关|系统|敏感|设备)?权限)")
_ITEM_SPLIT = re.compile(r"、|/|和|及|与|,|，")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_PERM_PARENS = re.compile(r"权限[(（]([^()（）:：;；。]{2,60})[)）]")
_WITHDRAW = re.compile(r"关闭|撤回|取消|拒绝|禁用|不授权|不开启|更改|修改")


def _named_permission(name: str, lx: Lexicon, short: bool = True):
    """Categories of the device permission an item names by its ending (the lexicon's longest
    permission suffix of `name`; its own reading first, "电话权限" is phone calls, else the
    permission's). With `short`, only an item that is the name plus at most two characters
    ("摄像头", "手机存储", not "包括位置")."""
    suffix = _longest_suffix(name, lx)
    if short and not (suffix and len(name) - len(suffix) <= 2):
        return ()
    return lx.term_cats.get(suffix + "权限") or lx.term_cats.get(suffix) or _permission_categories(
        lx.permission_suffix.get(suffix))[:1]


def _permission_list(text: str, s0: int, e0: int, lx: Lexicon):
    """(start, end, category) for the items of "X、Y和Z(等)(的)(访问)权限" in text[s0:e0] that name
    a device permission (the permission names of the lexicon, matched as the item's ending, so
    "获取您设备的存储" is storage), unless the list is about withdrawing them."""
    for m in _permission_list_matches(text, s0, e0):
        lead = text[max(s0, m.start() - 12):m.start()]
        if _WITHDRAW.search(lead) or _WITHDRAW.search(m.group()):
            continue
        pos = m.start()
        for part in _ITEM_SPLIT.split(m.group()):
            for cid in sorted(_named_permission(_PAREN.sub("", part), lx, short=False)):
                yield pos, pos + len(part), cid
            pos += len(part) + 1
    # "开放设备相关权限(摄像头、相册、存储)": the list in brackets after "权限"
    for m in _PERM_PARENS.finditer(text, s0, e0):
        k = m.start()
        if not _WITHDRAW.search(text, max(s0, k - 12), k):
            pos = m.start(1)
            for part in _ITEM_SPLIT.split(m.group(1)):
                for cid in sorted(_named_permission(part.strip().removesuffix("等"), lx)):
                    yield pos, pos + len(part), cid
                pos += len(part) + 1
    # "我们可能会申请以下权限:相机、存储(保存图片)、通知": the list after "权限:" (its brackets
    # hold purposes, masked so that their "、" does not split an item)
    if text.find(":", s0, e0) != -1 or text.find("：", s0, e0) != -1:
        for m in _PERM_COLON.finditer(text, s0, e0):
            k = m.start()
            if _WITHDRAW.search(text, max(s0, k - 12), k) or _WITHDRAW.search(m.group(1)):
                continue
            masked = _PAREN.sub(lambda p: "\u3000" * len(p.group()), m.group(1))
            pos = m.start(1)
            for part in _ITEM_SPLIT.split(masked):
                name = part.replace("\u3000", "").strip().removesuffix("等").removesuffix("权限")
                for cid in sorted(_named_permission(name, lx)):
                    yield pos, pos + len(part), cid
                pos += len(part) + 1


_PERM_COLON = re.compile(r"权限\s*[:：]\s*([^:：;；。\n]{2,120})")


def _bare_list_items(text: str, s0: int, e0: int, hits, first_denial: int, deny_end: int, lx: Lexicon):
    """(start, end, category) of a bare capability word ("存储", "联系人": `zh_bare_list_items`) that
    is an item of a "、" list next to a device capability term (of `bare_item_neighbour_categories`)."""
    capability = lx.bare_item_neighbours
    for m in lx.zh_bare_item_re.finditer(text, s0, e0):
        a, z = m.span()
        if first_denial < a < deny_end:
            continue
        for hs, he, cats in hits:  # a neighbour item: a capability term right before or after
            if (0 <= a - he <= 1 or 0 <= hs - z <= 1) and not cats.isdisjoint(capability):
                yield a, z, lx.zh_bare_item_cats[m.group()]
                break


_ZH_ACCESS_BEFORE = re.compile(r"(?:访问|调用|开启|打开)(?:您的|你的|手机的|设备的)?$")
_ANAPHOR_PERM = re.compile(r"(?:此|该|这个|这项|此项)权限")
_HEAD_ENUM = re.compile(r"\s*(?:第?[一二三四五六七八九十\d]{1,2}[)）.、:：]|[(（][\d一二三四五六七八九十]{1,2}[)）]|[•·\-*#]+)?\s*")


def _anaphoric_permission(doc: Document, sent: "_Sentence", block_index: dict, lx: Lexicon, sc: "_Scan"):
    """(category, evidence) for "申请此权限/该权限" at the start of a block whose block before is a
    short title naming a permission ("8.悬浮于其他应用之上" / "当您…时,应用将会申请此权限。",
    "### 存储" / "我们会申请该权限…"): the title names what "this permission" is. Not in a
    negated, withdrawing, defining or rights sentence."""
    text, s0, e0 = doc.text, sent.start, sent.end
    m = _ANAPHOR_PERM.search(text, s0, e0)
    i = block_index.get(sent.block.start, 0)
    if m is None or i == 0 or not sc.verbs.any(s0, e0) or sc.negations.any(s0, m.start()) or _WITHDRAW.search(
            text, s0, e0) or sc.conditionals.any(s0, e0):
        return []
    pb = doc.blocks[i - 1]
    if pb.kind == "row" or pb.end - pb.start > 40 or sc.verbs.any(pb.start, pb.end) or _context(doc, sent, lx, sc):
        return []
    cats: set[str] = set()
    for _a, _z, cs in sc.terms.within(pb.start, pb.end):
        cats.update(cs)
    if not cats:
        name = text[_HEAD_ENUM.match(text, pb.start, pb.end).end():pb.end].strip().removesuffix("权限")
        cats.update(_named_permission(name, lx))
    ev = _evidence(doc, pb.start, e0, (pb.start, pb.end))
    return [(cid, ev) for cid in sorted(cats)]


def _negated(text: str, sc: _Scan, s0: int, pos: int) -> bool:
    """A negation cue earlier in the clause that holds `pos` (at most 30 characters back; 60 in
    Chinese, whose clause may hold a long purpose between the negation and its object:
    "我们不会以「预防恶意程序」「运营效率」等笼统理由读取您设备上其他应用的安装列表或通讯录")."""
    back = 30 if text[pos:pos + 1].isascii() else 60
    for ns, ne, _ in sc.negations.within(max(s0, pos - back), pos):
        if _CLAUSE_END.search(text, ne, pos) is None and not text.startswith("限于", ne):
            return True  # ("包括并不限于" is an open list, not a negation)
    return False


# the examples of what a negated verb names ("We do not use or process any personal data, such as
# your location or contacts"): the negation's own object, listed further back than `_negated`
# looks; neither declared nor denied unless the verb is a denial verb (as "we do not use your
# location" is neither). Not when the negation is the user's ("if you do not want us to use data
# such as your location") or a clause of its own lies between ("…, but we collect data such as")
_EXAMPLE_OPENER = re.compile(r"\b(?:such\s+as|e\.g\.|for\s+example|for\s+instance|including|(?<!would\s)(?<!'d\s)like)(?![A-Za-z])",
                             re.IGNORECASE)
_EXAMPLE_HEAD_TURN = re.compile(r"\b(?:but|only|except|unless|that|which|who|whose|when|whenever|while|if|because|so|"
                                r"although|though|however|yet|whereas|instead)\b|[;:.!?]|,(?!\s*$)", re.IGNORECASE)
_EXAMPLE_LIST_TURN = re.compile(r"\b(?:but|only|except|unless|that|which|who|when|while|if|because|so|we|it|they|"
                                r"although|though|however|yet|whereas|instead)\b|[;:.!?()]", re.IGNORECASE)
_USER_NEGATION = re.compile(r"\b(?:you|users?|if)\s*$", re.IGNORECASE)


def _negated_example(text: str, sc: _Scan, s0: int, pos: int) -> bool:
    """A negation cue earlier in the sentence (at most 200 characters back) whose object's
    examples ("such as", "e.g.", "including") hold `pos`."""
    for ns, ne, _ in sc.negations.within(max(s0, pos - 200), pos):
        if _USER_NEGATION.search(text, max(s0, ns - 12), ns) is not None:
            continue
        opener = None
        for m in _EXAMPLE_OPENER.finditer(text, ne, pos):
            opener = m
        if opener is None or _EXAMPLE_HEAD_TURN.search(text[ne:opener.start()]) is not None:
            continue
        if pos - opener.end() <= 160 and _EXAMPLE_LIST_TURN.search(text, opener.end(), pos) is None:
            return True
    return False


def _permission_list_matches(text: str, s0: int, e0: int):
    """_PERM_LIST matches, looked for only in a bounded window before each "权限" (a regex
    scan of a whole sentence costs 8 attempts per character on unpunctuated text)."""
    done = s0
    k = text.find("权限", s0, e0)
    while k != -1:
        yield from _PERM_LIST.finditer(text, max(done, k - 160), k + 2)
        done = k + 2
        k = text.find("权限", done, e0)


def _longest_suffix(name: str, lx: Lexicon) -> str:
    for k in range(min(len(name), 8), 0, -1):
        if name[-k:] in lx.permission_suffix:
            return name[-k:]
    return ""


_PIPE_LINE = re.compile(r"[\s|:\-]*\|[\s|:\-]*")


def _pipe_cells(doc: Document) -> set[int]:
    """Starts of the blocks that are cells of a table laid out one cell per line, its
    separators on lines of their own ("扫描二维码" / "|" / "参与活动" / "|" / "相机"): a cell
    of such a table reads like a table row (it needs no collection verb)."""
    text, blocks = doc.text, doc.blocks
    pipe = [b.kind == "paragraph" and b.end - b.start <= 80 and text[b.start] in "|-: "
            and _PIPE_LINE.fullmatch(text, b.start, b.end) is not None for b in blocks]
    if sum(pipe) < 4:
        return set()
    return {b.start for i, b in enumerate(blocks)
            if not pipe[i] and b.kind != "heading" and b.end - b.start <= 200
            and ((i > 0 and pipe[i - 1]) or (i + 1 < len(blocks) and pipe[i + 1]))}


_LABEL = re.compile(r"\s*(?:[(（]?\d{1,2}[)）.、]|[(（][一二三四五六七八九十]{1,2}[)）]|[a-z][).、]|[•·\-*])?\s*"
                    r"([^:：,，。;；\n]{1,14})[:：]\s*[^\s\d]")
_COLON = re.compile(r"[:：]")
_LABEL_GLUE = re.compile(r"[\s()（）、/和及与或]|权限")
_LABEL_PARTS = re.compile(r"[()（）、/和及与或\s]+")
_LABEL_VERB = re.compile(r"^(?:读取|获取|访问|使用|调用|开启|读写)|(?:权限|功能|读写)$")  # ("存储读写:用于…")


def _outside_terms(text: str, s: int, e: int, terms) -> str:
    """The text of [s, e) outside its term hits (`terms`, in order): what a label or a title holds
    beside the data types it names, which decides whether it names only them."""
    rest, pos = [], s
    for a, z, _ in terms:
        rest.append(text[pos:a])
        pos = max(pos, z)
    rest.append(text[pos:e])
    return "".join(rest)


def _label_items(doc: Document, sc: _Scan, lx: Lexicon) -> dict[int, tuple[int, frozenset[str]]]:
    """Block start -> (end of its label, categories of the permissions it names), for blocks
    that start with a label made only of data category terms or permission names
    ("通讯录:您可以…", "录音(麦克风):…", "(1)存储:用于…", "读取设备信息:用于…") and stand next to
    another such block: a list of the permissions or data the app uses, one per line, each
    with what it is for. The label declares what it names, as a permission-table row does."""
    text, blocks = doc.text, doc.blocks
    colons = [m.start() for m in _COLON.finditer(text)]
    if not colons:
        return {}  # only blocks with a colon near their start can hold a label
    starts = [b.start for b in blocks]
    found: dict[int, tuple[int, int, frozenset[str]]] = {}
    for i in sorted({bisect.bisect_right(starts, c) - 1 for c in colons}):
        if i < 0 or blocks[i].kind not in ("paragraph", "item"):
            continue
        b = blocks[i]
        m = _LABEL.match(text, b.start, b.end)
        if m is None:
            continue
        ls, le = m.span(1)
        terms = sc.terms.within(ls, le)
        if terms and not _LABEL_GLUE.sub("", _outside_terms(text, ls, le, terms)):
            found[i] = (b.start, le, frozenset())
            continue
        # a label of permission names: "存储", "位置", "读取设备信息"
        cats: set[str] = set()
        for part in filter(None, _LABEL_PARTS.split(text[ls:le])):
            name = _LABEL_VERB.sub("", part)
            perm = lx.permission_suffix.get(name)
            if perm is None:
                cats = set()
                break
            cats.update(lx.term_cats.get(name + "权限") or lx.term_cats.get(name)
                        or _permission_categories(perm)[:1])
        if cats:
            found[i] = (b.start, le, frozenset(cats))
    return {f[0]: (f[1], f[2]) for i, f in found.items() if i - 1 in found or i + 1 in found}


def _last_char(text: str, s: int, e: int) -> str:
    while e > s and text[e - 1].isspace():
        e -= 1
    return text[e - 1] if e > s else ""


def _semi_item(text: str, prev: Block | None, block: Block) -> bool:
    """An unnumbered item of a list whose items end with ";" ("您授权我们收集您的以下信息:" /
    "身份识别信息,包括…;" / "您所处的地理位置及目的地信息;"): a short paragraph that follows the
    lead or an item and ends with ";" (or "。", the last item)."""
    return (prev is not None and block.kind == "paragraph" and block.end - block.start <= 300
            and _last_char(text, prev.start, prev.end) in ":：;；"
            and _last_char(text, block.start, block.end) in ";；。")


def _clause(text: str, s0: int, e0: int, s: int, e: int) -> tuple[int, int]:
    """The clause of [s0, e0) that holds the term at [s, e): between clause punctuation,
    at most 300 characters either side (bounded: unpunctuated text stays linear)."""
    lo, hi = max(s0, s - 300), min(e0, e + 300)
    a = lo
    for m in _CLAUSE_END.finditer(text, lo, s):
        a = m.end()
    m = _CLAUSE_END.search(text, e, hi)
    return a, (m.start() if m else hi)


def _starts_at(h: _Hits, pos: int) -> bool:
    """A match of `h` starts at `pos`."""
    i, j = h._range(pos, pos + 1)
    return i < j


def _covers(h: _Hits, s: int, e: int, back: int) -> bool:
    """A match of `h` starting at most `back` characters before `s` that spans [s, e)."""
    i, j = h._range(s - back, s + 1)
    return any(h.ends[k] >= e for k in range(i, j))


_LOCATION = frozenset(("location_precise", "location_approximate"))
# (a label, "Permissions not required:", not a sentence: "The tool does not need these permissions: …" stays
# neither, as before)
_NEG_PERM_LABEL = re.compile(r"[^.:;]{0,30}?\bpermissions?\s+(?:(?:is|are)\s+)?(?:not|never)\b[^.:;]{0,25}:", re.IGNORECASE)
_BARE_NO = re.compile(r"\b(?:no|No|NO)\b")
# how data is kept or passed on (GUIDE n: saying it is not kept or sent denies nothing about reading it)
_HANDLED_VERBS = r"stored|transmitted|shared|sent|uploaded|saved|kept|retained|disclosed|transferred|sold"
# a cross mark before a "No" label ("❌ No tracking") reads like the "No"
_CROSS = r"(?:[\u274c\u2717\u2718\U0001f6ab]\ufe0f?\s*)?"
_NOT_HANDLED = re.compile(rf"\s+(?:is|are|was|were|will\s+be)\s+(?:never|not|NEVER|NOT)\s+(?:[a-z]+\s+){{0,2}}?(?:{_HANDLED_VERBS})\b")
_NO_HANDLING_LABEL = re.compile(_CROSS + r"No\s+(?:[\w-]+\s+){0,2}?(?:storage|storing|"
                                r"retention|sharing|selling|sale|sales|transfers?|transmission|uploads?|backups?|cloud|servers?)\s*[:\-\u2013\u2014]",
                                re.IGNORECASE)
_VALUE_NO = re.compile(r"(?:(?:not|never)\s+(?:requested|used|needed|required|collected|accessed|asked\s+for)"
                       r"(?:\s+(?:by|in)\s+(?:this|the|our)\s+(?:app|application))?|none|no)\s*[.!]?\s*$",
                       re.IGNORECASE)
_LABEL_VALUE_NO = re.compile(r"[^.:;]{1,60}?:[\s*_]*(?:[\u274c\u2717\u2718\U0001f6ab\u26d4]\ufe0f?\s*)?(?:(?:not|never)\s+(?:requested|used|needed|required|collected|accessed|"
                             r"asked\s+for)(?:\s+(?:by|in)\s+(?:this|the|our)\s+(?:app|application))?|none|no)\s*[.!]?\s*$",
                             re.IGNORECASE)  # ("WRITE_EXTERNAL_STORAGE: not used by this app.")
# ... and a long label whose whole value is "NOT COLLECTED" ("All other categories (Purchases, …, Contacts,
# Photos/Videos, Audio): NOT COLLECTED.", an app-store label's summary)
_LONG_LABEL_NOT_COLLECTED = re.compile(r"[^.:;]{1,360}:[\s*_]*(?:not|never)\s+collected\s*[.!]?[\s*_]*$", re.IGNORECASE)
_UNUSED_LEAD = re.compile(r"[\s`*:|\-\u2013\u2014]*")


def _unused_after(text: str, pos: int, e0: int) -> bool:
    """A permission constant whose value, right after it, says the app does not use it
    ("WRITE_EXTERNAL_STORAGE: not used by this app", "CAMERA - none")."""
    if e0 - pos > 80:
        return False
    lead = _UNUSED_LEAD.match(text, pos, e0)
    return lead is not None and lead.end() > pos and _VALUE_NO.match(text, lead.end(), e0) is not None


_NOT_SAVED = re.compile(r"\b(?:not|never)\s+(?:be\s+)?(?:saved|stored|downloaded|written)\b")  # "The image is not saved."
_CONTAIN_NO = re.compile(r"\bcontains?\s+no\b")
# a term (or a short list that ends with it) whose own clause says how it is NOT handled:
# "Your photos and videos are never shared with us" says neither that the app reads them nor
# that it does not (GUIDE n); read only where no collection verb precedes the term in its clause
# (a data noun may follow the term: "your location data is never shared", "your location history")
_TERM_NOT_HANDLED = re.compile(r"(?:\s+(?:data|information|info|history|details))?"
                               r"(?:(?:\s*,\s*|\s+(?:and|or|&)\s+)(?!which\b|that\b|who\b|they\b|it\b)"
                               r"(?:your\s+|the\s+)?[A-Za-z-]+(?:\s+[A-Za-z-]+)?){0,3}?" + _NOT_HANDLED.pattern)
# "no" right before an English term, as in a list of what the app does without ("no camera, no
# contacts, no storage", "no access to your photos"): that term is denied
# (not a choice among quantities: "upload all, some or no contacts")
_NO_BEFORE = re.compile(r"(?:^|[,;:(]|(?<!\bor)(?<!\band)\s)[Nn]o\s+(?:(?:access|permission)\s+(?:to|for)\s+)?(?:(?:your|the)\s+)?$")
# ... and "without" right after a word, the data a thing is said to come without ("technical details
# (OS version) without unique identifiers", "crash reports without your location"): denied too (not
# a sentence's "Without location access, ...", a condition; "without your consent" is one of the
# sentence's conditions, which cancel the denial)
_WITHOUT_TERM = re.compile(r"[\w)]\s+without\s+(?:any\s+)?(?:(?:your|the)\s+)?$")


# (an umbrella after one qualifying word: "no unique identifiers", "without personal identifiers")
_QUALIFIER_BEFORE = re.compile(r"(?<![\w-])(?!(?:longer|matter|more|less|later|other|further)\s)[a-z-]+\s+$")


def _no_before(text: str, s0: int, s: int, qualified: bool = False) -> bool:
    """An English term at s right after "no" or "without" (`_NO_BEFORE`, `_WITHOUT_TERM`); with
    `qualified`, also after one word between ("without unique identifiers")."""
    a = max(s0, s - 24)
    if qualified and (m := _QUALIFIER_BEFORE.search(text, a, s)) is not None:
        if _no_before(text, s0, m.start()):
            return True
    return _NO_BEFORE.search(text, a, s) is not None or (
        text.find("without", a, s) != -1 and _WITHOUT_TERM.search(text, a, s) is not None)


# what a denial says the data is not read FOR, right after the term ("we do not access your
# contacts to share them", "is not collected for advertising"): GUIDE, a purpose denied, neither
# declared nor denied
_DENIED_PURPOSE = re.compile(
    r"(?:\s+(?:data|information|info|details|history))?(?:(?:\s*,\s*|\s+)(?:or|and)?\s*(?:your\s+|the\s+)?[A-Za-z-]+){0,3}?"
    r"(?:\s+(?:is|are)\s+(?:not|never)\s+(?:[a-z]+\s+)?(?:collected|accessed|read|used))?"
    r"\s+(?:for\s+(?:the\s+purposes?\s+of\s+)?(?:advertising|marketing|ads|ad\s+targeting|targeted\s+ads|tracking|profiling|"
    r"commercial\s+purposes|advertising\s+purposes|marketing\s+purposes|any\s+(?:other\s+)?purpose\s+other\s+than)\b"
    r"|to\s+(?:sell|share|rent|trade|track\s+you|profile\s+you|target\s+you|advertise|market)\b)", re.IGNORECASE)
_NOTHING_WRITTEN = re.compile(r"Nothing\s+(?:is|gets|will\s+be)\s+(?:ever\s+)?(?:written|saved)\s+(?:to|on|in(?:to)?)\b")
_MIC, _AUDIO_FILES = frozenset(("microphone",)), frozenset(("audio_files",))


def _in_file_kinds(text: str, s0: int, s: int, lx: Lexicon) -> bool:
    """The term at `s` is inside a parenthesised list of kinds of files ("Attachment files
    (audio, sound, voice, photos)"): it names a file type, not a capability (`file_kind_leads`)."""
    k = text.rfind("(", max(s0, s - 80), s)
    return k != -1 and text.find(")", k, s) == -1 and lx.file_kind_lead_re.search(text, max(s0, k - 20), k) is not None


_LABEL_ONLY = re.compile(r"[^.:;：；]{1,40}[:：]\s*")


_APPROX, _PRECISE = frozenset(("location_approximate",)), frozenset(("location_precise",))
# a calendar reached through a web API (GUIDE c) is an online account, not the calendar the
# Android permission guards; a policy that names the device's calendar anywhere keeps it
_CLOUD_CALENDAR = re.compile(r"\bCalendar\s+(?:REST\s+)?APIs?\b", re.IGNORECASE)
_DEVICE_CALENDAR = re.compile(r"(?:READ|WRITE)_CALENDAR|\bcalendar\s+(?:permission|provider|app)|"
                              r"\b(?:device|phone|system|local|Android|on-device)(?:'s)?\s+calendar", re.IGNORECASE)
_LIST_OPENERS = frozenset(("including", "include", "such as", "e.g.", "for example"))
# an English sentence or list item that starts "No …" denies what it names ("No location data")
_NO_LEAD = re.compile(_CROSS + r"No\s+[A-Za-z]")
# "No calendar content is shared or sold": how data is handled, neither a denial that it is
# read (GUIDE n) nor a declaration
# (and photos "taken" or "captured": the camera's work, not a denial that the app reads the library)
_NO_HANDLED = re.compile(_CROSS + r"(?:No|None\s+of)\s+(?:[\w'-]+\s+){0,4}?(?:is|are|was|were|will\s+be|gets?)\s+"
                         rf"(?:ever\s+)?(?:logged|taken|captured|{_HANDLED_VERBS})\b", re.IGNORECASE)
# an English term that is itself an action ("records audio", "places calls", "take photos") needs no other verb
_ACTION_TERM = re.compile(r"(?:make|makes|take|takes|taking|record|records|recorded|recording|scan|scans|place|places|"
                          r"block|blocks|blocking|screen|screens|read|reads|post|display|draw|send)\s", re.IGNORECASE)
# a location permission the sentence says Android requires for Bluetooth scans or the Wi-Fi name,
# and that it says is not used for the location (batches 9, 10; GUIDE: declared unless the text
# denies location): "Location: required by Android for Bluetooth scanning (not used for location tracking)"
# (Android also ties Wi-Fi scans to the location permission: "needed to scan for nearby Wi-Fi networks")
_RADIO_REQUIREMENT = re.compile(r"\b(?:required|needed|necessary|requires|needs)\b[^.;]{0,40}?\b(?:Bluetooth|BLE|SSID|"
                                r"Wi-?Fi (?:network )?name|Wi-?Fi (?:scans?|scanning|networks?))\b", re.IGNORECASE)
_LOCATION_UNUSED = re.compile(r"\b(?:not|never)\s+(?:be\s+)?(?:used|use|uses|access|accessed|collect|collected|track|tracked|"
                              r"look(?:s|ed)? up|read|reads)\b[^.;]{0,30}?\blocation", re.IGNORECASE)


# a lead that ends in its negation, each item of the list after it a verb phrase ("The app does not:")
_NOT_AUX = r"\b(?:does\s+not|do\s+not|doesn't|don't|will\s+not|won't|never|shall\s+not)"  # (both leads below)
_NEG_COLON = re.compile(_NOT_AUX + r"\s*:$", re.IGNORECASE)
# a lead that says what the app does without ("This app does not use:", "The app never needs the following
# permissions:"): its items are denied (a bare "use" denies nothing in a sentence: "we do not use your
# location for ads" says what it is not used for)
_NEG_USE_COLON = re.compile(_NOT_AUX + r"\s+"
                            r"(?:use|need|require|request|ask\s+for|have\s+access\s+to)\s*(?:any\s+of\s+)?(?:the\s+following\s+|these\s+|any\s+)?"
                            r"(?:features?|data|sensors?)?\s*[:：]$", re.IGNORECASE)  # (not "… these permissions:", neither as before)
_ITEM_ACCESS = re.compile(r"[\s*•-]*(?:access|collect|read|track|record|request|gather|monitor|retrieve|obtain|scan)\b",
                          re.IGNORECASE)
# (a passive denial that leads a list: "… is not collected:", "… are never collected by the app:")
_COLON_AFTER = re.compile(r"(?:[ \t]+by[ \t]+(?:the|this|our)[ \t]+app(?:lication)?)?[ \t]*[:：]", re.IGNORECASE)


def _radio_only_location(text: str, s0: int, e0: int) -> bool:
    if e0 - s0 > 600 or not text[s0:e0].isascii():
        return False
    return _RADIO_REQUIREMENT.search(text, s0, e0) is not None and _LOCATION_UNUSED.search(text, s0, e0) is not None


# where an outside actor's clause gives way to the app's own: "we", "the app", a turn ("but", "while")
_APP_TURN = re.compile(r"\b(?:we|us|our|the\s+app|this\s+app|the\s+application|this\s+application|but|while|whereas|however)\b",
                       re.IGNORECASE)


# names of what the policy says the app does not use ("We do not use Firebase Analytics."): their data
# sheets ("Firebase Analytics collects device identifiers") are not the app's
# "we do not use / include / … X": written once for the unused-SDK names and the relative clause after them
_NOT_USE_VERBS = ("use", "include", "integrate", "embed", "contain")
_DO_NOT_USE = r"\b(?:do|does|will)\s+not\s+(?:" + "|".join(_NOT_USE_VERBS) + ")"
_UNUSED_NAME = re.compile(_DO_NOT_USE + r"\s+(?:the\s+)?"
                          r"((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*){0,3})")


_WORD_AT = re.compile(r"\w+")


def _unused_names(text: str) -> tuple[str, ...]:
    if not any("not " + v in text for v in _NOT_USE_VERBS):
        return ()
    return tuple({m.group(1) for m in _UNUSED_NAME.finditer(text) if len(m.group(1)) >= 4})


def _outside_actor_spans(text: str, s0: int, e0: int, lx: Lexicon, unused: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Spans of an English sentence whose clause subject is someone else's software ("If you open
    a link, your browser may ask for your location", "Other apps may read shared storage"): from
    the clause start to the sentence end or to where the app (or a turn) speaks again. What they
    name is neither declared nor denied by the app (the app's reading, "… to allow the app to use
    the camera", stays)."""
    if e0 - s0 > 2000 or not text[s0:e0].isascii():
        return []
    out = []
    pos = s0
    while pos < e0:
        m = lx.outside_actor_re.match(text, pos, e0)
        if m is None and unused:
            k = pos
            while k < e0 and text[k] in " \t\n*_`":
                k += 1
            if any(text.startswith(n, k) for n in unused):
                m = _WORD_AT.match(text, k, e0)  # ("Firebase Analytics collects …", its sheet)
        if m is not None:
            t = _APP_TURN.search(text, m.end(), e0)
            end = t.start() if t is not None else e0
            out.append((pos, end))
            pos = end
        c = _CLAUSE_END.search(text, pos, e0)
        if c is None:
            break
        pos = c.end()
    return out


# a term the sentence says the app does without: "Camera access is not required", "Contacts
# permission is not needed for …", "you can use the app without granting access to your location"
# (not "cannot work without your location": that says it is used)
_NOT_NEEDED_AFTER = re.compile(r"(?:\s+(?:access|permissions?|data|information|info))?\s+(?:is|are)\s+(?:not|never)\s+"
                               r"(?:strictly\s+|really\s+|actually\s+)?(?:required|needed|necessary|mandatory|essential)\b",
                               re.IGNORECASE)
_WITHOUT_BEFORE = re.compile(r"\b(?:use|using|works?|working|runs?|running|functions?|operates?)\b(?:\s+[\w'-]+){0,5}?\s+"
                             r"without\s+(?:granting\s+|giving\s+|allowing\s+|any\s+)?(?:(?:access|permission)\s+(?:to|for)\s+)?"
                             r"(?:your\s+|the\s+|any\s+)?$", re.IGNORECASE)
_CANNOT = re.compile(r"\b(?:not|cannot|can't|won't|unable|never|only)\b", re.IGNORECASE)


_NEITHER_NEEDS = re.compile(r"\b(?:[Nn]either|[Nn]one\s+of\s+(?:these|them|those|the\s+[\w-]+))\b[^.;:]{0,40}?\b"
                           r"(?:needs?|requires?|uses?|requests?|asks?\s+for)\s+(?:a\s+|an\s+|the\s+|any\s+)?"
                           r"(?:(?:access|permission)\s+(?:to|for)\s+)?(?:your\s+|the\s+)?$")


_NOT_USED_THAT = re.compile(_DO_NOT_USE + r"\b[^.;:]{0,120}?"
                            r"\b(?:that|which)\b[^.;:]{0,80}$")
_NO_PERMISSIONS_SUCH_AS = re.compile(
    r"(?:(?:\b(?:[Nn]o|[Zz]ero)|\bnot\s+(?:require|need|use|request|ask\s+for)\s+any)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:permissions?|access)\s+(?:such\s+as|like|e\.g\.,?|including)"
    r"|\b[Zz]ero\s+access\s+to\s*:?)\s+(?:(?:(?:access|permission)\s+to\s+)?(?:the\s+|your\s+)?[\w-]+(?:\s+[\w-]+)?"
    r"\s*(?:,\s*(?:or\s+|and\s+)?|\bor\s+|\band\s+)){0,8}(?:(?:access|permission)\s+to\s+)?(?:the\s+|your\s+)?$")


# "Location services are not used by this app." / "… are never used." (not "never used for ads": what
# it is not used for); "The app makes no use of your location"
_NOT_USED_AFTER = re.compile(r"(?:\s+(?:access|permissions?|data|information|info))?\s+(?:is|are)\s+(?:not|never)\s+used"
                             r"(?=\s*(?:by|in)\s+(?:this|the|our)\s+(?:app|application)\b|\s*[.;!]?\s*$)", re.IGNORECASE)
_NO_USE_OF = re.compile(r"\b(?:makes?|made|making)\s+no\s+use\s+of\s+(?:your\s+|the\s+|any\s+)?$", re.IGNORECASE)


def _done_without(text: str, s0: int, e0: int, s: int, e: int) -> bool:
    """The English term at [s, e) is something the sentence says the app does without."""
    if _NOT_NEEDED_AFTER.match(text, e, e0) is not None or _NOT_USED_AFTER.match(text, e, e0) is not None:
        return True
    if _NO_USE_OF.search(text, max(s0, s - 40), s) is not None:
        return True
    if _NEITHER_NEEDS.search(text, max(s0, s - 80), s) is not None:
        return True  # "Neither feature needs a storage permission"
    if _NOT_USED_THAT.search(text, max(s0, s - 200), s) is not None:
        return True  # "We do not use any SDKs such as Google Maps that may collect your location"
    if _NO_PERMISSIONS_SUCH_AS.search(text, max(s0, s - 120), s) is not None:
        return True  # "requires no special permissions such as camera or location", "zero access to: contacts"
    if text.find("without", max(s0, s - 80), s) == -1:
        return False
    m = _WITHOUT_BEFORE.search(text, max(s0, s - 80), s)
    return m is not None and _CANNOT.search(text, _clause(text, s0, e0, s, e)[0], m.start()) is None


# a parenthesised list of what a thing has ("place details (name, address, photos)"): the words
# right before the bracket, where a thing word names whose details they are
_BRACKET_HEAD = re.compile(r"((?:[\w'-]+\s+){0,3}[\w'-]+)\s*\(\s*$")
# data the clause says comes from an online API ("details from the Google Places API"), not the device
_FROM_API = re.compile(r"\bfrom\s+(?:the\s+|an?\s+)?(?:[A-Z][\w.-]*\s+){0,3}(?:API|APIs|web\s+service)\b")


_WORD_BEFORE = re.compile(r"(?:\b([\w']+)\s+)?\b([\w'-]+)\s+$")


def _things_data(text: str, s0: int, e0: int, s: int, e: int, lx: Lexicon) -> bool:
    """The English term at [s, e) is data of a thing the app shows (a place, a store, a product),
    not the user's: "place details (name, address, rating, photos)", "restaurant photos",
    or data the clause says comes from an online API ("photos of the venue": `_of_a_place`)."""
    k = text.rfind("(", max(s0, s - 120), s)
    if k != -1 and text.find(")", k, s) == -1:
        m = _BRACKET_HEAD.search(text, max(s0, k - 60), k + 1)
        if m is not None:
            words = m.group(1).lower().split()
            if any(w in lx.thing_words and (i == 0 or words[i - 1] not in lx.subject_words) for i, w in enumerate(words)):
                return True  # "place details (name, photos)" (not "files you choose to store (photos, …)")
    m = _WORD_BEFORE.search(text, max(s0, s - 40), s)
    if m is not None and m.group(2).lower() in lx.thing_words and (
            m.group(1) is None or m.group(1).lower() not in lx.subject_words):
        return True  # "restaurant photos", "the store location" (not a verb after `subject_words`: "we store location")
    if lx.from_source_re.match(text, e, e0) is not None:  # (`online_sources`)
        return True  # "photos from NASA's public archive", "videos from our YouTube channel"
    if "API" in text[s0:e0] or "eb service" in text[s0:e0]:
        a = _clause(text, s0, e0, s, e)[0]
        a = text.rfind(".", s0, a) + 1 or s0  # (the sentence's part before the term, across commas)
        return _FROM_API.search(text, max(s0, a), s) is not None
    return False


# the app taking photos itself, and the bare words that then name those photos
_CAMERA_PHOTOS = re.compile(r"\b(?:take|takes|taking|capture|captures|capturing)\s+(?:a\s+|an\s+)?(?:photos?|pictures?|images?)\b"
                            r"|\b(?:photos?|pictures?|images?)\s+(?:you\s+)?(?:capture|captured)\b", re.IGNORECASE)
_BARE_PHOTOS = frozenset(("photos", "photo", "pictures", "images", "image"))
_PROVIDED_CATS = frozenset(("photos_videos", "contacts", "storage"))  # (the generator template's fill-ins)
_PROVIDED_LIST = re.compile(r"\bprovid(?:e|es|ed|ing)\b[^.;]{0,200}?\b(?:such as|including|e\.g\.|like)\b", re.IGNORECASE)


_MIC_ACCESS = re.compile(r"\b(?:access|permissions?|required|requires?|needs?|needed)\b", re.IGNORECASE)


def _mic_named(text: str, s0: int, e0: int, s: int, e: int, denied: bool, cats: frozenset[str], lx: Lexicon) -> str | None:
    """What the microphone term at [s, e) says of the microphone itself: "declared" for a declaring
    term that names it ("records through the microphone", "RECORD_AUDIO"; not a feature's word:
    "speech-to-text"), "denied" only for a denial that names its access or permission ("no
    microphone access is required"; not "never records through the microphone in the background").
    A denial of the microphone with no declaration but a feature's beats the feature ("our
    speech-to-text app … No permissions, such as microphone access, are required": GUIDE h infers a
    capability only where the text does not say otherwise)."""
    t = text[s:e].lower()
    if not denied:
        if "micro" in t or "record_audio" in t or t in ("mic", "audio recording", "record audio"):
            return "declared"
    elif "microphone" in t and _MIC_ACCESS.search(text, s0, e0):
        return "denied"
    return None


def _precise_named(text: str, s0: int, e0: int, s: int, e: int, denied: bool, cats: frozenset[str],
                   lx: Lexicon) -> str | None:
    """The status of a term at [s, e) that names the precise location alone ("precise location",
    "GPS"; not "location"): a denial of precise location beats declarations that only say "location"
    ("does not gather precise information about the location … collects your device's location …
    approximate geographical location")."""
    return None if "location_approximate" in lx.term_cats.get(text[s:e].lower(), cats) else (
        "denied" if denied else "declared")


# a specific denial beats a generic declaration: category -> what a term of it says of the category
# itself ("declared", "denied" or None: a generic term); a permission of the category names it itself
_NAMED_ITSELF = {"location_precise": _precise_named, "microphone": _mic_named}


def _provided_before(text: str, a: int, s: int) -> bool:
    """"provide … such as / including …" in text[a:s] (a plain find first: most windows have no "provid")."""
    k = max(text.rfind("provid", a, s), text.rfind("Provid", a, s), text.rfind("PROVID", a, s))
    return k != -1 and _PROVIDED_LIST.search(text, max(a, k - 1), s) is not None


# a list the app asks access to: "we may request access or permission to some features of your
# device, including your calendar, contacts and storage" (a generator template's idiom): the
# access cue before the list covers each item, however far the item is from it
_ACCESS_LIST = re.compile(r"\b(?:access|permission|permissions)\s+(?:or\s+permission\s+|or\s+access\s+)?(?:to|for)\b"
                          r"[^.;:!?]{0,120}?(?:\bsuch as|\bincluding|\be\.g\.|\blike\b)", re.IGNORECASE)

_LIST_CLAUSE = re.compile(r"\b(?:when|whenever|if|where|while|which|that|who|whose|because|unless|so|as)\b",
                          re.IGNORECASE)


# an item's title ended by a full stop: a few words with no verb ("2. Device Details.", "Usage data.")
_ITEM_TITLE = re.compile(r"\s*(?:[-*•]\s*|\(?\d{1,3}[.)]\s*|[a-z][.)]\s+)?[*_]*[A-Z][\w&/'’-]*(?:\s+[\w&/'’-]+){0,4}[*_]*\.\s*")
_LABEL_AT = re.compile(r"[\s*_`]*")  # (only marks before an item's label)
_LABEL_SEP = re.compile(r"[*_`]*\s*(?:[:：]|[-–—]\s)")  # "Contacts: …", "Contacts — …"


_JOINT_BEFORE = re.compile(r"\s*(?:/|,|&|\band\b|\bor\b)\s*(?:your\s+|the\s+)?$", re.IGNORECASE)
_JOINT_AFTER = re.compile(r"\s*(?:/|,|&|\band\b|\bor\b)\s*(?:your\s+|the\s+)?", re.IGNORECASE)


def _beside_strong(text: str, s: int, e: int, hits: list, lx: Lexicon) -> bool:
    """A weak English term joined ("/", ",", "and", "or") to the term right before or after it, one
    of another category that is not weak itself ("call logs / contacts")."""
    for hs, he, hcats in hits:
        if he <= s and s - he <= 12:
            m = _JOINT_BEFORE.search(text, he, s)
            joined = m is not None and m.start() == he
        elif hs >= e and hs - e <= 12:
            m = _JOINT_AFTER.match(text, e, hs)
            joined = m is not None and m.end() == hs
        else:
            continue
        if joined:
            word = text[hs:he].lower()
            # (a category with a cue list and no weak list needs the cue for every term)
            if all(c not in lx.near_re or (lx.weak_terms.get(c) and word not in lx.weak_terms[c]) for c in hcats):
                return True
    return False


def _access_list_before(text: str, a: int, s: int) -> bool:
    """"access / permission to … including / such as …" in text[a:s] (a plain find first)."""
    k = max(text.rfind("ccess", a, s), text.rfind("ermission", a, s), text.rfind("CCESS", a, s),
            text.rfind("ERMISSION", a, s))
    if k == -1:
        return False
    k = max(a, k - 1)
    while k > a and text[k - 1].isalpha():
        k -= 1
    m = _ACCESS_LIST.match(text, k, s)
    # the items are things, not a clause ("NFC access, such as when you pass a gate that reads barcodes")
    return m is not None and _LIST_CLAUSE.search(text, m.end(), s) is None


_NO_TURN = re.compile(r"[,;]\s*(?:and|but|while|although|however|so|yet|as|because)\b|\b(?:but|while|although|however)\b")
_ANAPHORIC_DENIAL = re.compile(r"\b(?:not|never)[*_]*\s+(?:[A-Za-z]+\s+){0,2}?(?:either|any|none|both)\s+of\s+(?:these|them|those)\b"
                               r"|\bnone\s+of\s+(?:these|them|those)\s+(?:is|are)\s+(?:used|accessed|collected|read)\b",
                               re.IGNORECASE)
_YES_NO = re.compile(r"(?:\d{1,2}[.)]\s*)?(?:Does|Do|Did|Is|Are|Was|Were|Can|Could|Will|Would|Should|Has|Have|May|Might)\s")
_DENIAL_GOES_ON = re.compile(r"(?:This|These)\s+(?:includes?|covers?|means)\b")
# "This includes:" after "An ad SDK may collect data for ads." leads the list of that data (only before a
# colon: "This includes (1) device information such as …" reads as the running text it is), and only a lead
# that names nothing itself ("The message includes the following technical information about the
# device:" says what its closed list holds, GUIDE s)
_INCLUDES_LEAD = re.compile(r"\s*(?:this|that|it|which)(?:\s+(?:data|information))?\s+includes\s*:\s*$", re.IGNORECASE)
_PRONOUN_LEAD = re.compile(r"(?:They|These|Such)\s")  # (not "This"/"It": "This app uses…" is about the app)
# a location estimated from the IP address (or the "Internet Protocol ("IP") address", as legal
# templates spell it out) is the IP address (network_id), not a location reading
_IP_LOCATION = re.compile(
    r"\b(?:IP|Internet\s+Protocol)\b[^.;:]{0,80}?\b(?:estimate|estimates|estimated|estimating|derive|derives|derived|infer|infers|inferred|"
    r"determine|determines|determined|(?<=\bto\s)approximate|approximates|approximated)\b[^.;:]{0,40}?\b(?P<a>location)\b"
    r"|\b(?P<b>location)\b[^.;:]{0,40}?\b(?:derived|inferred|estimated|determined|based)\s+(?:on|from)\s+"
    r"(?:your\s+|the\s+|an\s+|a\s+)?(?:device'?s?\s+)?(?:IP|Internet\s+Protocol)\b"
    # ... the IP address kept or used "for geolocation" ("IP address (anonymized for geolocation)"), and
    # an IP-based geolocation (English batch 32's einburgerungstest)
    r"|\b(?:IP|Internet\s+Protocol)\b[^.;:]{0,40}?\bfor\s+(?P<d>geo-?location)\b"
    r"|\bIP(?:-based|\s+based)?\s+(?P<e>geo-?location)\b"
    # ... and in Chinese: "我们将通过您的IP地址来收集…您访问时所在的地理位置"
    r"|(?:通过|根据|基于|依据|利用)(?:您的|你的|用户的|您|用户)?\s*IP\s*地址[^。;；!！?？]{0,80}?(?P<c>地理位置|位置信息|位置)")
_BRACKET_LABEL = re.compile(r"\s*(?:[\uf06c\uf0a7\uf0b7\u2022\u00b7*-]\s*)?\[([A-Za-z][A-Za-z /&-]{1,40}\s[A-Za-z][A-Za-z /&-]{0,40})\s*\]\s+(?=\S)")
_TOP_HEADING = re.compile(r"\s*(?:\d{1,2}[.)]|Section\s+\d{1,2}\b[.:]?)\s")
_SUB_HEADING = re.compile(r"\s*(?:[A-Ha-h][.)]|\([A-Ha-h]\)|\d{1,2}\.\d{1,2}\.?)\s")
_LISTENER = re.compile(r"NOTIFICATION_LISTENER|\bnotification\s+(?:access|listener)\b", re.IGNORECASE)
_AUDIO_WORDS = re.compile(r"\b(?:audio|music|songs?|ringtones?|podcasts?|audiobooks?)\b", re.IGNORECASE)
_VISUAL_WORDS = re.compile(r"\b(?:photos?|pictures?|images?|videos?|gallery|album)\b", re.IGNORECASE)
_BACKGROUND_NEG = re.compile(r"\b(?:no|not|never|without)\b", re.IGNORECASE)


# ---- per-term filters -------------------------------------------------------------------
# Each English idiom that makes a term name less than its categories (or another category) is a
# row of `_TERM_FILTERS`: when a term names one of `when` and `applies` holds, its categories lose
# `drop` and gain `add`; a term left with none declares and denies nothing. Rows run in order.



class _TermCues:
    """What the filters ask of one sentence, each looked up at most once, when a term first
    needs it (most sentences with a term never ask). `doc` holds the document-wide cues."""

    __slots__ = ("text", "s0", "e0", "lx", "hits", "ascii", "prose", "doc", "_radio", "_ip", "_audio", "_outside",
                 "_without")

    def __init__(self, text: str, s0: int, e0: int, lx: Lexicon, hits: list, prose: bool, doc: dict):
        self.text, self.s0, self.e0, self.lx, self.hits, self.prose, self.doc = text, s0, e0, lx, hits, prose, doc
        self.ascii = text[s0:e0].isascii()
        self._radio = self._ip = self._audio = self._outside = self._without = None

    def term(self, s: int, e: int) -> str:
        return self.text[s:e].lower()

    def radio_only(self) -> bool:
        if self._radio is None:
            self._radio = _radio_only_location(self.text, self.s0, self.e0)
        return self._radio

    def ip_location(self):
        """The location an IP address gives ("the IP address, used to estimate the general location"), or None."""
        if self._ip is None:
            self._ip = (_IP_LOCATION.search(self.text, self.s0, self.e0)
                        if self.prose and (self.text.find("IP", self.s0, self.e0) != -1
                                           or self.text.find("Internet Protocol", self.s0, self.e0) != -1) else None) or False
        return self._ip or None

    def audio_only(self) -> bool:
        if self._audio is None:
            self._audio = (_AUDIO_WORDS.search(self.text, self.s0, self.e0) is not None
                           and _VISUAL_WORDS.search(self.text, self.s0, self.e0) is None)
        return self._audio

    def camera_photos(self) -> bool:
        """The app takes the photos itself ("we use the camera to capture photos"), anywhere in the document."""
        got = self.doc.get("camera_photos")
        if got is None:
            got = self.doc["camera_photos"] = _CAMERA_PHOTOS.search(self.text) is not None
        return got

    def outside(self) -> list[tuple[int, int]]:
        """The spans of the sentence whose clause subject is someone else's software (`_outside_actor_spans`)."""
        if self._outside is None:
            if self.prose and self.ascii:
                unused = self.doc.get("unused_names")
                if unused is None:
                    unused = self.doc["unused_names"] = _unused_names(self.text)
                self._outside = _outside_actor_spans(self.text, self.s0, self.e0, self.lx, unused)
            else:
                self._outside = []
        return self._outside

    def says_without(self) -> bool:
        """The sentence has a word of doing without ("not required", "without"): `_done_without` may hold."""
        if self._without is None:
            chunk = self.text[self.s0:self.e0] if self.prose and self.ascii and self.e0 - self.s0 <= 2000 else ""
            self._without = any(w in chunk for w in ("ecessar", "equire", "needed", "andatory", "ssential", "without",
                                                     "either", "one of", "ermission", "ccess", "not use", "not include",
                                                     "not integrate", "not embed", "ot used", "ever used", "o use"))
        return self._without

    def approx_only(self) -> bool:
        """The sentence qualifies the location as approximate and names nothing precise
        ("Location data: approximate location (city)")."""
        return len(self.hits) > 1 and any(h[2] == _APPROX and self._qualifies(h) for h in self.hits) and not any(
            "location_precise" in h[2] and "location_approximate" not in h[2] for h in self.hits)

    def _qualifies(self, h) -> bool:
        """A Chinese "基站" qualifies the sentence's location as approximate when it is where the
        location comes from ("通过基站获取您的位置", "基站定位"), not an item of a list beside it
        ("记录用户地理位置信息、WIFI信息、基站信息等": GUIDE, the generic location is both). The words
        are lexicon data: `zh_location_source_terms`, `_words` (before it, no clause end between:
        "通过基站", "基于Wi-Fi和基站", "根据…基站") and `_after`."""
        lx = self.lx
        if self.ascii or self.text[h[0]:h[1]] not in lx.zh_location_source_terms:
            return True
        return (lx.zh_location_source_re.search(self.text, max(self.s0, h[0] - 12), h[0]) is not None
                or self.text.startswith(lx.zh_location_source_after, h[1]))


def _location_is_approximate(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    return _LOCATION <= cats and c.approx_only()


def _location_is_fine(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # names the fine-location permission alone ("ACCESS_FINE_LOCATION | Show your current location"):
    # its generic location is the precise one (GUIDE l)
    return (_LOCATION <= cats and not c.approx_only() and c.text.find("FINE_LOCATION", c.s0, c.e0) != -1
            and c.text.find("COARSE_LOCATION", c.s0, c.e0) == -1)


def _radio_only(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "Location: required by Android for Bluetooth scans (not used for location)"
    return c.ascii and c.radio_only()


def _notification_listener(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # the notification listener ("BIND_NOTIFICATION_LISTENER_SERVICE: to display notifications in the
    # Notification Center") reads other apps' notifications; the app posts none of its own by it
    return c.ascii and _LISTENER.search(c.text, c.s0, c.e0) is not None


def _camera_photos(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # in a policy whose app takes the photos itself, a bare "photos" with no library cue is those
    # photos: the camera's, not the photo library
    return (c.ascii and c.term(s, e) in _BARE_PHOTOS
            and not _near(c.text, s, e, c.lx.near_re["photos_videos"], True) and c.camera_photos())


_SIGN_IN_HEAD = re.compile(r"\b(?:authentication|sign-in|sign\s+in|login|log-in)\s+(?:information|info|data|details)\b",
                           re.IGNORECASE)


# "we will receive information from those services, such as your email address, friends, or contacts list"
_FROM_SERVICES = re.compile(r"\breceive[sd]?\s+(?:[\w-]+\s+){0,3}?from\s+(?:those|these|such|the|that|this|your|their)\s+"
                            r"(?:[\w-]+\s+){0,2}?(?:services?|accounts?|providers?|platforms?|networks?)\b[^.;:]{0,20}?"
                            r"(?:such\s+as|including|like|e\.g\.)"
                            # ... or what it says the information received from a social account
                            # holds: "the profile information we receive may vary depending on the
                            # social media provider concerned, but will often include your name, …"
                            r"|\breceive[sd]?\b[^.;:]{0,80}?\bsocial\s+(?:media|network(?:ing)?|login)\b[^.;:]{0,30}?"
                            r"[^.;:]{0,60}?\b(?:such\s+as|including|includes?|like|e\.g\.)", re.IGNORECASE)
# a sign-up through a social account earlier in the sentence ("if you register for our Services
# through a social network (such as Facebook), … will see your name, profile photo"): the profile
# picture is the account's, not one from the device
_SOCIAL_SIGN_UP = re.compile(r"\b(?:register(?:s|ed|ing)?|sign(?:s|ed|ing)?\s+(?:up|in)|log(?:s|ged|ging)?\s+in|connect(?:s|ed|ing)?)"
                             r"\s+(?:[\w-]+\s+){0,4}?(?:through|with|via|using)\s+(?:an?\s+|your\s+|the\s+)?(?:existing\s+)?"
                             r"(?:social\s+(?:network|media|login)|Facebook|Google|Twitter|Apple|GitHub|Microsoft)\b", re.IGNORECASE)


# a sign-in provider's name right before a profile term: "your Facebook profile photo" is that account's
_PROVIDER_BEFORE = re.compile(r"\b(?:Facebook|Google|Twitter|Apple|LinkedIn|Instagram|GitHub|Discord|Microsoft|WeChat|"
                              r"TikTok|Snapchat|Spotify)(?:'s)?\s+$", re.IGNORECASE)


def _sign_in_avatar(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "Profile picture (from Google …)": the sign-in account's, not one from the device; also one
    # listed in brackets after the sign-in account's data ("Authentication information (Google user
    # ID, name, email, profile image)")
    if not c.ascii:
        return False
    if c.prose and s - c.s0 <= 2000 and c.text.find("receive", c.s0, s) != -1 and _FROM_SERVICES.search(
            c.text, max(c.s0, s - 200), s) is not None:
        return True  # (any of its terms) listed as what another service passes on: "from those services, such as … contacts list"
    if not c.term(s, e).startswith("profile"):
        return False
    if c.lx.from_account_re.match(c.text, e, c.e0) is not None:
        return True
    if _PROVIDER_BEFORE.search(c.text, max(c.s0, s - 24), s) is not None:
        return True  # "- your Facebook profile photo;" (English batch 27's vouchify)
    if c.prose and _SOCIAL_SIGN_UP.search(c.text, max(c.s0, s - 250), s) is not None:
        return True
    k = c.text.rfind("(", max(c.s0, s - 120), s)
    return k != -1 and c.text.find(")", k, s) == -1 and _SIGN_IN_HEAD.search(c.text, max(c.s0, k - 60), s) is not None


def _audio_media(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "media files" the sentence says are audio ("local media files (to select and edit audio)")
    return c.ascii and c.term(s, e).startswith("media files") and c.audio_only()


def _ip_location(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "the IP address, used to estimate the general location": network_id (GUIDE), not a location
    # reading (not a "GPS" beside it)
    m = c.ip_location()
    return m is not None and s <= m.start(next(g for g in ("a", "b", "c", "d", "e") if m.group(g))) < e


def _file_kind(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "Attachment files (audio, music, voice, photos)": a kind of file, not the microphone
    if _in_file_kinds(c.text, c.s0, s, c.lx):
        return True
    # ... and in Chinese, voice files ("将微信、QQ语音导出文件写入手机存储", "语音文件": `zh_voice_file_terms`
    # before one of `zh_file_nouns`): audio files
    return (not c.ascii and c.text[s:e] in c.lx.zh_voice_file_terms
            and c.lx.zh_voice_file_re.match(c.text, e, c.e0) is not None)


_ANY_CATEGORY = frozenset(categories())


def _someone_elses(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "If you follow a link, your browser may ask for your location", "Other apps may read shared
    # storage": a clause of someone else's software, not the app
    return any(a <= s < z for a, z in c.outside())


def _app_does_without(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "Camera access is not required", "works fully without location access"
    return c.says_without() and _done_without(c.text, c.s0, c.e0, s, e)


# "X of <place>": a term followed by "of" and a place or a thing the app shows is that place's, not
# the user's. Any term, when the first word after "of" (and a determiner) is a place word of the
# lexicon (`of_place_words`): "latitude and longitude of the cities you add", "photos of the venue"
_OF_PLACE_WORD = re.compile(r"\s+of\s+(?:the\s+|a\s+|an\s+|each\s+|every\s+|any\s+|our\s+|your\s+|these\s+|those\s+|nearby\s+)?"
                            r"(?:[\w-]+\s+){0,2}?([\w-]+)\b(?!-)")
# ... and the bare term "location", whatever the place: after a determiner and any noun but the user
# or their device (`location_of_place_re`, its nouns `user_nouns`: "the location of our stores / of the
# event / of each charger"; not "the location of your / the / a device", "of users", "of the phone") ...
# ... or a bare plural of things ("the location of charging stations / of nearby shops"; not of people
# or their devices, `people_words`: "the location of users", "of mobile devices")
_LOCATION_OF_PLURAL = re.compile(r"\s+of\s+((?:[a-z-]+\s+)?[a-z-]+s)\b")


def _of_a_place(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    if not c.ascii:
        return False
    text, e0 = c.text, c.e0
    if e - s == 8 and c.term(s, e) == "location":
        if c.lx.location_of_place_re.match(text, e, e0) is not None:
            return True
        m = _LOCATION_OF_PLURAL.match(text, e, e0)
        if m is not None and c.lx.people_words.isdisjoint(m.group(1).split()):
            return True
    if not c.prose or e0 - c.s0 > 2000:
        return False
    m = _OF_PLACE_WORD.match(text, e, e0)
    return m is not None and m.group(1).lower() in c.lx.of_place_words


def _a_things_data(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "venue details (name, address, photos)", "restaurant photos", "pictures from the … API"
    return c.prose and c.ascii and c.e0 - c.s0 <= 2000 and _things_data(c.text, c.s0, c.e0, s, e, c.lx)


def _photo_metadata(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "its EXIF/location (GPS) metadata is stripped": a photo's tag, not the user's location read
    # (a metadata word within a few characters either side, in the term's clause)
    if not c.ascii:
        return False
    a, z = _clause(c.text, c.s0, c.e0, s, e)
    return c.lx.photo_metadata_re.search(c.text, max(a, s - 8), min(z, e + 20)) is not None


# the app's own data kept in a storage the sentence names ("saves your settings in the device's storage",
# "uses your device's storage to cache content"): the app's sandbox (GUIDE: not the app's own cache or
# database: `own_data_words`), unless the clause also names what lands in the shared storage (files,
# exports, media: `shared_data_words`)
_STORAGE = frozenset(("storage",))


def _own_data_storage(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    if not c.ascii:
        return False
    a, z = _clause(c.text, c.s0, c.e0, s, e)
    own, shared = c.lx.own_data_re, c.lx.shared_data_re
    return ((own.search(c.text, a, s) is not None or own.search(c.text, e, z) is not None)
            and shared.search(c.text, a, s) is None and shared.search(c.text, e, z) is None)


def _keeping_of_data(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    # "electronic storage or transmission", "storage/retention": storing as a way of handling data,
    # named with the others (`handling_words`), or in the security disclaimer ("no method of electronic
    # storage, including local device storage, is 100% secure"): not the device's shared storage
    if not (c.ascii and c.prose):
        return False
    lx = c.lx
    return (lx.handling_before_re.search(c.text, max(c.s0, s - 40), s) is not None
            or lx.handling_after_re.match(c.text, e, c.e0) is not None
            or (c.e0 - c.s0 <= 2000 and lx.security_disclaimer_re.search(c.text, c.s0, c.e0) is not None))


# a generic location the text itself says is GPS right after it ("your device's location (GPS)",
# "Location Data: GPS coordinates"): the precise location only (GUIDE l, batch 11's walktracker reading;
# `gps_qualified_re`, its words `gps_qualifiers`, `gps_labels`)


def _gps_qualified(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    if not _LOCATION <= cats:
        return False
    if c.ascii:
        return c.lx.gps_qualified_re.match(c.text, e, c.e0) is not None
    # ... and in Chinese: "位置信息(设备的 GPS 坐标)", "定位信息（经纬度）" (`zh_gps_qualifiers`; not a
    # bracket that lists other sources too: "位置信息(GPS、基站)")
    return c.lx.zh_gps_qualified_re.match(c.text, e, c.e0) is not None


# a bare Chinese "蓝牙" item (`zh_bluetooth_terms`) of a list of network details ("WLAN接入点(如SSID,BSSID)、蓝牙(Bluetooth)、基站"),
# a network-identifier term within a few items of it, and no cue near it that it locates the user
# or connects devices (`zh_bluetooth_use_cues`): a network detail, not the nearby-devices capability (GUIDE b)
_NEARBY, _NETWORK_ID = frozenset(("nearby_devices",)), frozenset(("network_id",))


def _zh_bluetooth_detail(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    return _zh_network_list_item(c, s, e, c.lx.zh_bluetooth_terms, c.lx.zh_bluetooth_bracket_names,
                                 c.lx.zh_bluetooth_use_re)


# ... and a bare "基站" item of such a list (`zh_cell_detail_terms`: "硬件型号、IP 地址、WLAN接入点、基站、软件版本号")
# SMS the user receives ("您同意接收来自本平台的短信", "接收通过邮件、短信、电话等形式发送的订单信息"): a
# channel the service writes to (GUIDE: marketing or notification SMS is not reading SMS), not the
# app receiving SMS ("接收和发送短信", "接收短信权限"), unless a reading cue is beside the term
_ZH_USER_RECEIVES = re.compile(r"(?:您|你|用户)[^,，;；:：。.!！?？]{0,8}?(?:接收|收到)"
                               # ... or what the user agrees to, across the list's colon ("同意:(1)接收…")
                               r"|(?:同意|愿意|选择|订阅)[:：]?\s*(?:[(（]?\d{1,2}[)）.、])?\s*(?:接收|收到)")
_ZH_SMS_READING = re.compile(r"读取|拦截|自动填写|自动填充|回填|上传|收发|监听|识别")  # in the sentence
_ZH_SMS_OWN = re.compile(r"\s*(?:权限|内容|的内容|中的)")  # right after the term: "短信权限", "短信内容"


def _zh_sms_to_user(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    if c.ascii:
        return False
    before = c.text[max(c.s0, s - 40):s]
    if "接收" not in before and "收到" not in before:
        return False
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    receipts = list(_ZH_USER_RECEIVES.finditer(before))
    # the receipt nearest the term, its verb in the term's clause
    if not receipts or receipts[-1].end() <= cut:
        return False
    # a reading cue anywhere after the receipt in the sentence ("您在接收到该等短信之后,乐视视频会读取其中的
    # 验证码") or the SMS's own content or permission right after the term keep it the app's reading
    return (_ZH_SMS_READING.search(before, receipts[-1].end()) is None and _ZH_SMS_READING.search(c.text, s, e) is None
            and _ZH_SMS_READING.search(c.text, e, min(c.e0, e + 40)) is None and _ZH_SMS_OWN.match(c.text, e) is None)


# with no location word near it (`zh_cell_use_cues`): the cell the device is on, a network detail, not
# the user's location (GUIDE b; zh batch 11's first contact read two such device lists as location)
def _zh_cell_detail(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> bool:
    return _zh_network_list_item(c, s, e, c.lx.zh_cell_detail_terms, frozenset(), c.lx.zh_cell_use_re)


def _zh_network_list_item(c: _TermCues, s: int, e: int, zh_terms: tuple[str, ...], bracket_names: frozenset[str],
                          use_re: re.Pattern) -> bool:
    if c.ascii:
        return False
    term = c.text[s:e]
    if term not in zh_terms:
        # ... and its English name in brackets right after one ("蓝牙(Bluetooth)": `zh_bluetooth_bracket_names`)
        if term.lower() not in bracket_names:
            return False
        lead = next((len(t) + 1 for t in zh_terms if c.text[max(c.s0, s - len(t) - 1):s] in (t + "(", t + "（")), 0)
        if not lead:
            return False
        s = s - lead
    # (near it: a long run-on sentence may name a location or a connection elsewhere)
    if use_re.search(c.text, max(c.s0, s - 40), min(c.e0, e + 40)) is not None:
        return False
    if c.text[e:e + 1] in ("(", "（"):  # "蓝牙(Bluetooth)": the item goes on to its bracket's end
        close = c.text.find(")" if c.text[e] == "(" else "）", e, min(c.e0, e + 30))
        e = close + 1 if close != -1 else e
    elif c.text[e:e + 1] in (")", "）") and term not in zh_terms:
        e += 1
    elif c.text.startswith(c.lx.zh_list_item_suffixes, e):  # "基站信息、": the item is the term and its noun
        e += next(len(x) for x in c.lx.zh_list_item_suffixes if c.text.startswith(x, e))
    before, after = c.text[max(c.s0, s - 1):s], c.text[e:min(c.e0, e + 1)]
    if before not in ("、", ",", "，", ":", "：", "(", "（") and after not in ("、", ",", "，", "(", "（"):
        return False  # not an item of a list
    return any(h[0] != s and "network_id" in h[2] and abs(h[0] - s) <= 40 for h in c.hits)


@dataclass(frozen=True)
class _TermFilter:
    name: str
    when: frozenset[str]
    drop: frozenset[str]
    applies: object  # (cues, start, end, categories) -> bool
    add: frozenset[str] = frozenset()


_TERM_FILTERS = (
    _TermFilter("approximate-only sentence", _LOCATION, _PRECISE, _location_is_approximate),
    _TermFilter("fine-location permission alone", _LOCATION, _APPROX, _location_is_fine),
    _TermFilter("location permission for radios only", _LOCATION, _LOCATION, _radio_only),
    _TermFilter("notification listener", frozenset(("notifications",)), frozenset(("notifications",)),
                _notification_listener),
    _TermFilter("photos the app takes", frozenset(("photos_videos",)), frozenset(("photos_videos",)), _camera_photos),
    _TermFilter("sign-in avatar", frozenset(("photos_videos", "contacts")), frozenset(("photos_videos", "contacts")),
                _sign_in_avatar),
    _TermFilter("audio media files", frozenset(("photos_videos",)), frozenset(("photos_videos",)), _audio_media,
                _AUDIO_FILES),
    _TermFilter("location from the IP address", _LOCATION, _LOCATION, _ip_location),
    _TermFilter("kind of file", _MIC, _MIC, _file_kind, _AUDIO_FILES),
    # (rows that apply to a term of any category)
    _TermFilter("someone else's software", _ANY_CATEGORY, _ANY_CATEGORY, _someone_elses),
    _TermFilter("a capability the app does without", _ANY_CATEGORY, _ANY_CATEGORY, _app_does_without),
    _TermFilter("X of a place", _ANY_CATEGORY, _ANY_CATEGORY, _of_a_place),
    _TermFilter("a thing's details", _ANY_CATEGORY, _ANY_CATEGORY, _a_things_data),
    _TermFilter("a photo's location tag", _LOCATION, _LOCATION | {"location_background"}, _photo_metadata),
    _TermFilter("the app's own data in storage", _STORAGE, _STORAGE, _own_data_storage),
    _TermFilter("storage as the keeping of data", _STORAGE, _STORAGE, _keeping_of_data),
    _TermFilter("a location said to be GPS", _LOCATION, _APPROX, _gps_qualified),
    _TermFilter("Bluetooth among network details (zh)", _NEARBY, _NEARBY, _zh_bluetooth_detail, _NETWORK_ID),
    _TermFilter("cell towers among network details (zh)", _APPROX, _LOCATION, _zh_cell_detail),
    _TermFilter("SMS the user receives (zh)", frozenset(("sms",)), frozenset(("sms",)), _zh_sms_to_user),
)


def _filter_term(c: _TermCues, s: int, e: int, cats: frozenset[str]) -> frozenset[str]:
    """`cats` of the term at [s, e) after every row of `_TERM_FILTERS` (empty: the term names nothing here)."""
    for f in _TERM_FILTERS:
        if not cats.isdisjoint(f.when) and f.applies(c, s, e, cats):
            cats = (cats - f.drop) | f.add
            if not cats:
                break
    return cats


# a negative English title: "Permissions NOT Required", "No permissions needed" (a bare "not"
# or "no" is enough in a title; in a sentence the negation cues of the lexicon are needed)
_TITLE_NEG = re.compile(r"\b(?:not|no|never|don'?t|doesn'?t|won'?t|without)\b", re.IGNORECASE)


def _negative_title(title: str, lx: Lexicon) -> bool:
    return lx.negation_re.search(title) is not None or (title.isascii() and _TITLE_NEG.search(title) is not None)


def _plain_title(section: str | None) -> str | None:
    """A section title without the icons before it ("🔒 Information We Do NOT Collect", "📷 Camera"):
    its words are what the title says."""
    if section and not section[:1].isascii():
        i = 0
        while i < len(section) and (section[i].isspace() or (not section[i].isascii() and not section[i].isalpha())):
            i += 1
        return section[i:]
    return section


# a numbered title that says the data below it is collected ("1. Data We Collect", "2. Information We
# Access"), not only used or shared
_COLLECT_TITLE = re.compile(r"\b(?:collect|collects|collected|gather|gathers|gathered|access|accesses|accessed)\b", re.IGNORECASE)
# the words a data type's sub-title may hold beside its category terms ("Location Data", "Photos &
# Videos", "Camera Access", "Contacts (optional)")
_TYPE_TITLE_GLUE = re.compile(r"[\s/&,+()]+|\b(?:and|or|data|information|info|access|your|the|optional|permissions?)\b",
                              re.IGNORECASE)


def _data_type_title(doc: Document, sent: _Sentence, sc: _Scan, lx: Lexicon):
    """(category, evidence) of an English sub-title that only names data types ("Photos",
    "Location Data", "Camera & Microphone"), none of them weak (a bare "Calendar" or "Contacts"
    needs a cue: it may be the app's own). Its numbered title's lead ("1. Data We Collect")
    declares what it names."""
    s0, e0 = sent.start, sent.end
    if e0 - s0 > 40 or not doc.text[s0:e0].isascii():
        return []
    text = doc.text
    hits = sc.terms.within(s0, e0)
    if not hits or _TYPE_TITLE_GLUE.sub("", _outside_terms(text, s0, e0, hits)).strip(" .:-*#"):
        return []
    out = []
    for a, z, cats in hits:
        term = text[a:z].lower()
        for cid in sorted(cats):
            if cid in lx.near_re and not (lx.weak_terms.get(cid) and term not in lx.weak_terms[cid]):
                continue  # (a term that needs a cue beside it: "Calendar", "Contacts", "SMS")
            out.append((cid, _evidence(doc, s0, e0, (a, z))))
    return out


# a title that says in a participle what is not collected ("NOT collected", "Data Not Collected"): its
# items are denied, as under "Information We Do Not Collect"
_NOT_COLLECTED_TITLE = re.compile(r"\b(?:not|never)\s+(?:collected|gathered|accessed|requested)\b", re.IGNORECASE)


def _heading_lead(doc: Document, sent: _Sentence, lx: Lexicon, sc: _Scan) -> str | None:
    """What an English section title says of the items under it: "declare" ("Information We
    Collect", "Data collected by the app"), "deny" ("Information We DON'T Collect"), or
    "permission" ("Permissions", "App permissions": each item names one)."""
    section = _plain_title(doc.section_at(sent.start))
    if not section or len(section) > 120:
        return None
    if not section.isascii():
        # a Chinese title only denies ("2.2 我们不收集的信息" / "- 位置信息" / "- 通讯录信息"): one that
        # collects leads its label items only (_zh_collected_item)
        key = ("zh-lead", section)
        if key not in sc.section_context:
            sc.section_context[key] = ("deny" if len(section) <= 40 and lx.denial_re.search(section)
                                        and not lx.conditional_re.search(section)
                                        and not lx.zh_deny_title_not_re.search(section) else None)
        return sc.section_context[key]
    key = ("lead", section)
    if key not in sc.section_context:
        lead = None
        negative = _negative_title(section, lx)
        if lx.denial_re.search(section) or (negative and (lx.permission_titles.search(section)
                                                          or _NOT_COLLECTED_TITLE.search(section))):
            lead = "deny"  # ("Information We DON'T Collect", "Permissions NOT Required", "NOT collected")
        elif lx.permission_titles.search(section) and not negative:
            lead = "permission"
        elif lx.verb_re.search(section) and not negative:
            lead = "declare"
        sc.section_context[key] = lead
    return sc.section_context[key]


# a Chinese section title that announces the permissions the app requests ("我们可能会申请以下权限",
# "应用权限列表", "权限使用说明"), not one about turning them off (_WITHDRAW) or denying them
_ZH_PERM_TITLE = re.compile(r"(?:申请|使用|调用|获取|需要|涉及|授权)[^,，。;；:：]{0,6}权限|权限(?:列表|清单|说明|申请|调用|使用)")


def _zh_permission_title_line(doc: Document, sent: _Sentence, lx: Lexicon, sc: _Scan):
    """Categories of a short line under a title that announces the permissions the app requests,
    when the line only names one ("网络" / "位置" / "摄像头", a permission list written one name a
    line, as uni-app's policy template does): the title's request covers each name."""
    text = doc.text
    line = _HEAD_ENUM.sub("", text[sent.start:sent.end], count=1).strip().rstrip("。;；,，、.")
    if not line or line.isascii() or line.endswith(("信息", "数据")):
        return ()  # ("1)设备信息": a label of what is collected, not a permission's name)
    title = _plain_title(doc.section_at(sent.start))
    if not title or len(title) > 60 or title.isascii():
        return ()
    key = ("zh-perm-title", title)
    if key not in sc.section_context:
        sc.section_context[key] = (_ZH_PERM_TITLE.search(title) is not None and lx.denial_re.search(title) is None
                                   and _WITHDRAW.search(title) is None)
    if not sc.section_context[key]:
        return ()
    return _named_permission(line.removesuffix("权限"), lx)


# "(1)设备信息:如…" / "2、位置信息：…": a numbered Chinese item that is a label and its values
_ZH_LABEL_ITEM = re.compile(r"\s*(?:[(（]?\d{1,2}[)）.、]|[(（][一二三四五六七八九十]{1,2}[)）])\s*[^\s:：,，。;；()（）]{1,12}[:：]")
# a Chinese section title about what the app collects ("我们可能收集的信息", "我们如何收集和使用您的
# 个人信息"), not one that denies or excepts ("我们不会收集的信息", "征得授权同意的例外")
_ZH_COLLECT_TITLE = re.compile(r"收集|获取|采集")


def _zh_collected_item(doc: Document, sent: _Sentence, lx: Lexicon, sc: _Scan) -> bool:
    """A numbered label item ("(1)设备信息:如设备型号、唯一设备标识符…"), or a label list item
    ("- 设备信息:设备型号、…"), in a Chinese section about what the app collects, paragraphs
    between the title and the item or not: the title's verb leads it (the Tencent-style
    "日志信息。…我们可能会自动收集相关信息…" / "(1)设备信息:…"). The section is the item's own
    title or, when that is a numbered sub-title ("1. 基本个人信息"), the title of its outline
    ("一、我们收集的信息")."""
    if sent.start != sent.block.start:
        return False
    if _ZH_LABEL_ITEM.match(doc.text, sent.start, sent.end) is None and (
            sent.block.kind != "item" or _ZH_BARE_LABEL.match(doc.text, sent.start, sent.end) is None):
        return False
    i = bisect.bisect_right(doc._heading_starts, sent.start) - 1
    if i < 0:
        return False
    if _zh_collect_title(doc.headings[i].title, lx, sc):
        return True
    # a numbered sub-title: the outline title above its run of sibling sub-titles
    if _ZH_SUB_TITLE.match(doc.headings[i].title) is None:
        return False
    j = i - 1
    while j >= 0 and i - j <= 12 and _ZH_SUB_TITLE.match(doc.headings[j].title) is not None:
        j -= 1
    return j >= 0 and i - j <= 12 and _ZH_TOP_TITLE.match(doc.headings[j].title) is not None and _zh_collect_title(
        doc.headings[j].title, lx, sc)


def _zh_umbrella_title(doc: Document, sent: _Sentence, lx: Lexicon, sc: _Scan) -> str | None:
    """The device-information umbrella a short Chinese section title names ("5. 设备与日志信息"), or None."""
    section = doc.section_at(sent.start)
    if not section or len(section) > 24 or section.isascii():
        return None
    key = ("zh-umbrella-title", section)
    if key not in sc.section_context:
        m = lx.umbrella_re.search(section) if not lx.zh_not_collect_title_re.search(section) else None
        term = m.group().lower() if m is not None else None
        sc.section_context[key] = term if term is not None and "device_id" in lx.umbrella_cats.get(term, ()) else None
    return sc.section_context[key]


def _zh_collect_title(section: str, lx: Lexicon, sc: _Scan) -> bool:
    if not section or len(section) > 40 or section.isascii():
        return False
    key = ("zh-collect", section)
    if key not in sc.section_context:
        sc.section_context[key] = bool(_ZH_COLLECT_TITLE.search(section)) and not lx.zh_not_collect_title_re.search(section)
    return sc.section_context[key]


# "设备信息:…" (a list item whose label is a short noun and a colon)
_ZH_BARE_LABEL = re.compile(r"\s*[^\s:：,，。;；()（）]{2,12}[:：]")
# a numbered sub-title ("1. 基本个人信息", "(一)…", "1.2 …") and an outline title ("一、我们收集的信息", "第二条 …")
_ZH_SUB_TITLE = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*[.、)）]?\s|\d{1,2}[.、)）]|[(（][\d一二三四五六七八九十]{1,2}[)）])")
_ZH_TOP_TITLE = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十\d]{1,3}[章条部分节])")


# a column that says how data is handled, not whether it is read: "Shared? No", "Required: No"
_HANDLING_HEADER = re.compile(r"shar|sold|sell|transfer|third|requir|mandator|optional|stor|retain|upload|sent\b|send|"
                              r"leave|encrypt|sync", re.IGNORECASE)


def _row_header(doc: Document, block: Block, sc: _Scan) -> Block | None:
    """The first row of the run of table rows that holds `block` (its header), found by one
    pass over the blocks, made only when a row's answer cell says No."""
    heads = sc.row_heads
    if heads is None:
        heads, first = {}, None
        for b in doc.blocks:
            first = (first or b) if b.kind == "row" else None
            if first is not None:
                heads[b.start] = first
        sc.row_heads = heads
    return heads.get(block.start)


_WHERE_KEPT = re.compile(r"\b(?:storage|stored|where|kept|retention)\b", re.IGNORECASE)


def _where_kept_cell(doc: Document, block: Block, pos: int, sc: _Scan) -> bool:
    """`pos` lies in a cell (not the first) whose column header says where data is kept
    ("Storage location", "Where stored"): the cell names a place, not data the app reads."""
    cells = block.cells
    k = next((i for i, (a, b) in enumerate(cells) if a <= pos < b), 0)
    if k == 0:
        return False
    head = _row_header(doc, block, sc)
    if head is None or head is block or k >= len(head.cells):
        return False
    a, b = head.cells[k]
    return _WHERE_KEPT.search(doc.text, a, b) is not None


_ROW_MARKS = "\u274c\u2717\u2718\U0001f6ab\u26d4\u2705\u2713\u2714\ufe0f "


def _row_verdict(doc: Document, block: Block, lx: Lexicon, sc: _Scan | None = None,
                 names: list[str] | None = None, cells: list[str] | None = None) -> str | None:
    """"denied" for a data-table row whose answer cell says No ("| Contacts | No | N/A |"),
    "declared" for one that says Yes; None otherwise. A No under a header about how data is
    handled ("Shared?", "Required", "Stored") denies nothing: the row still names what is used.
    `cells`: doc.cell_texts(block), when the caller has them."""
    # (a mark before the answer is part of it: "❌ No", "✅ Yes")
    texts = [c.strip().strip("*_").strip().lstrip(_ROW_MARKS).strip().lower() or c.strip().lower()
             for c in (doc.cell_texts(block) if cells is None else cells)]
    cells = set(texts)
    if cells & lx.row_declare_cells:
        return "declared"
    if cells & lx.row_denial_cells:
        if names is None and sc is not None:
            head = _row_header(doc, block, sc)
            names = doc.cell_texts(head) if head is not None and head is not block else None
        if names is not None:  # the header's cells
            # (every No under such a header: "| Photos | No | No |" under "Collected | Shared"
            # answers the collection column too, and denies)
            if all(k < len(names) and _HANDLING_HEADER.search(names[k])
                   for k, t in enumerate(texts) if t in lx.row_denial_cells):
                return None
        return "denied"
    return None


def _sub_lead(text: str, prev: Block | None, sent: _Sentence) -> bool:
    """A short label that ends in a colon, a block of its own ("We collect:" / "Device Information:" /
    "- Mobile device identifiers"): it names a group of the list it stands in, which goes on (not a
    paragraph after a title: "3. Data Storage" / "Your data is stored securely:" starts a new list)."""
    b = sent.block
    return ((b.kind == "heading" or (b.kind == "paragraph" and prev is not None and prev.kind != "heading"))
            and sent.start == b.start and sent.end - sent.start <= 60
            and _last_char(text, sent.start, sent.end) in ":：" and text[sent.start:sent.end].isascii()
            # (a name in title case, "Identity Information:", not a sentence of its own, "Your data is kept safely:")
            and all(w[0].isupper() for w in _LONG_WORD.findall(text, sent.start, sent.end)))


_LONG_WORD = re.compile(r"[A-Za-z]{4,}")


def _list_item(text: str, sent: _Sentence) -> bool:
    return sent.start == sent.block.start and (
        sent.block.kind == "item" or _ENUM.match(text, sent.start, sent.end) is not None)


def extract_categories(doc: Document, sents: list[_Sentence],
                       permissions: list[PermissionClaim] = (), lx: Lexicon | None = None,
                       idx: _SdkIndex | None = None) -> dict[str, CategoryClaim]:
    lx = lx or lexicon()
    found: dict[str, dict[str, list[Evidence]]] = {}

    saturated: set[str] = set()
    # a specific denial beats a generic declaration: for each category of `_NAMED_ITSELF`, the
    # statuses of the terms (and permissions) that name the category itself; a category named
    # itself only in denials loses its declarations (made by generic terms)
    specific: dict[str, set[str]] = {cid: set() for cid in _NAMED_ITSELF}
    # saturated, or its `vague` bucket full: an umbrella term can add nothing that shows
    # (vague evidence of a category with declared evidence is never reported)
    settled: set[str] = set()

    def note(cid: str, status: str, ev: Evidence) -> None:
        bucket = found.setdefault(cid, {}).setdefault(status, [])
        if len(bucket) < MAX_EVIDENCE and all(x.start != ev.start for x in bucket):
            bucket.append(ev)
            if len(bucket) >= MAX_EVIDENCE:
                if status == "declared":
                    saturated.add(cid)
                    settled.add(cid)
                elif status == "vague":
                    settled.add(cid)

    def full(cats: frozenset[str], status: str) -> bool:  # skip quoting when every bucket is full
        return all(len(found.get(c, {}).get(status, ())) >= MAX_EVIDENCE for c in cats)

    sc = _scan(doc, sents, lx, idx)
    text = doc.text
    cells = _pipe_cells(doc)
    doc_cues: dict[str, bool] = {}  # the per-term filters' document-wide cues, looked up when first needed
    products = {m.group(1) for m in _PRODUCT_NAME.finditer(text)} if (
        "“" in text or "《" in text or "「" in text) else set()
    app_names = _app_names(text, lx)
    labels = _label_items(doc, sc, lx)
    doc_cats, doc_ucats = _text_categories(sc, lx)
    n_saturated = n_settled = -1
    every_term_saturated = every_umbrella_saturated = every_umbrella_settled = False
    prev: Block | None = None
    carry_same = carry_items = carry_wrap = carry_def = carry_deny = neg_lead = def_items = False
    lead_block: Block | None = None  # the paragraph of the last lead that carries its items
    item_stop = False  # the list goes on after an item's full stop
    prev_sent: _Sentence | None = None
    prev_def = False
    # the items and rows right after a heading, no paragraph between: a section title's
    # verb or denial ("Information We Collect") leads them, not a later list's
    after_heading = False
    # the lead of a title whose sub-titles follow it with no paragraph between ("## Information
    # We Collect" / "### Device Information" / "- Unique device identifier"): it leads their
    # items too, until a paragraph
    parent_lead: str | None = None
    outline_lead: str | None = None  # the lead of the last numbered title ("1. Information We Collect")
    outline_collects = False  # ... and that title says the data under it is collected ("1. Data We Collect")
    # sentences whose next sentence denies "either of these" / "any of them": what they name is denied
    # ("…adds permissions for 'read call log' and 'write call log'. The app does not access either of these.")
    denied_by_next: set[int] = set()
    if " of these" in text or " of them" in text or " of those" in text:
        for i in range(len(sents) - 1):
            nxt = sents[i + 1]
            if nxt.block is sents[i].block and _ANAPHORIC_DENIAL.search(text, nxt.start, min(nxt.end, nxt.start + 200)):
                denied_by_next.add(sents[i].start)
    # sentences that go on with what the denial before them covers ("We do not collect personal
    # data. This includes names, e-mail addresses and phone numbers."): denied like it
    denied_by_prev: set[int] = set()
    if "This includ" in text or "These includ" in text or "This cover" in text or "This mean" in text:
        for i in range(1, len(sents)):
            cur, pr = sents[i], sents[i - 1]
            if (cur.block is pr.block or (cur.block.kind == pr.block.kind == "paragraph")) and _DENIAL_GOES_ON.match(
                    text, cur.start, cur.end):
                ds = sc.denials.within(pr.start, pr.end)
                if ds and not sc.conditionals.any(pr.start, pr.end) and _denial_end(text, ds[0][1], pr.end) >= pr.end - 1:
                    denied_by_prev.add(cur.start)
    # "8.悬浮于其他应用之上" / "…时,应用将会申请此权限。": a permission named by the block before
    block_index = {b.start: i for i, b in enumerate(doc.blocks)} if _ANAPHOR_PERM.search(text) else None
    for sent in sents:
        s0, e0 = sent.start, sent.end
        if sent.block is not prev:
            if sent.block.kind == "heading":
                if prev is not None and prev.kind == "heading":
                    parent_lead = _heading_lead(doc, _Sentence(prev.start, prev.end, prev), lx, sc) or parent_lead
                elif not after_heading:
                    parent_lead = None
                # an outline: "1. Information We Collect" / "A. Account" … "D. Device Information": a
                # lettered (or "1.2") sub-title takes its numbered title's lead, paragraphs between or not
                if _TOP_HEADING.match(text, s0, e0):
                    outline_lead = _heading_lead(doc, sent, lx, sc)
                    outline_collects = outline_lead == "declare" and _COLLECT_TITLE.search(text, s0, e0) is not None
                    parent_lead = None  # (a new numbered title ends the last one's lead)
                elif outline_lead is not None and parent_lead is None and _SUB_HEADING.match(text, s0, e0):
                    parent_lead = outline_lead
                elif outline_collects and _context(doc, sent, lx, sc) is None:
                    # "1. Data We Collect" / "Location Data" / "Photos" / "- Used for plant identification":
                    # a sub-title made only of a data type's name declares it, as a label item does
                    for cid, ev in _data_type_title(doc, sent, sc, lx):
                        if not full(frozenset((cid,)), "declared"):
                            note(cid, "declared", ev)
                after_heading = True
            elif sent.block.kind == "paragraph":
                after_heading = False
                parent_lead = None
        # a verb that leads a list covers its items: "我们会收集…；关于设备传感器的信息,如加速度计"
        # (parts split at "；") and "我们会收集以下信息：" followed by list-item blocks
        in_def = sent.block is prev and carry_def  # a ";"-part of a definition is a definition
        if sent.block is not prev:
            # the items of a Chinese definition's list ("本政策中涉及的个人信息包括:" / "1.基本信息
            # (…);" / "2.个人设备信息(包括…);") are the definition's, not what the app collects
            def_items = def_items and (_list_item(text, sent) or _semi_item(text, prev, sent.block))
            in_def = in_def or def_items
        # an English sentence that goes on about what the one before defined ("Non-personalized
        # ads are ads that… They are targeted using… location") is part of the definition
        if (not in_def and sent.block is prev and prev_sent is not None and _PRONOUN_LEAD.match(text, s0, e0)
                and (prev_def or _context(doc, prev_sent, lx, sc) == "definition")):
            in_def = True
        prev_sent, prev_def = sent, in_def
        led_deny = False
        if sent.block is prev:
            led = carry_same
        else:
            led = carry_items and not (item_stop and sent.block.kind == "heading") and (
                _list_item(text, sent) or _semi_item(text, prev, sent.block) or _sub_lead(text, prev, sent)) or carry_wrap
            if not led:
                carry_items = carry_deny = False
            led_deny = led and carry_deny  # an item of "The app does not request:"
            if led and neg_lead and _ITEM_ACCESS.match(text, s0, e0) is None:
                led = led_deny = False  # "The app does not: - Share data with …": handling, not access
        tail = text[e0 - 1]
        para_end = sent.block.kind == "paragraph" and e0 == sent.block.end and tail.isalnum()
        # the verb is looked up here only when a carry depends on it, else after the cheap
        # skips below (a 100,000-row table stays one lookup per row it still needs)
        verb = True if led else (sc.verbs.any(s0, e0) if tail in _LIST_LEAD or para_end else None)
        if verb is False and tail in ":：" and ((lx.list_lead_re is not None and lx.list_lead_re.search(text, s0, e0))
                                              or _INCLUDES_LEAD.match(text, s0, e0)):
            verb = True  # "Each notification contains:" leads the list of what it sends; "This includes:" too
        carry_def = carry_same = False
        if tail in _LIST_LEAD:
            ctx = "definition" if in_def else _context(doc, sent, lx, sc)
            carry_def = ctx == "definition"
            if carry_def and tail in ":：" and not in_def and not text[s0:e0].isascii():
                def_items = True
            carry_same = verb and (led or ctx is None) and not carry_def
        elif led and tail == "." and e0 < sent.block.end and _ITEM_TITLE.fullmatch(text, s0, e0) is not None:
            # "4. Context Details. Temperature …, location information (GPS data)": an item's title
            # sentence, then its text, which the list's lead covers as well
            carry_same = True
        # a paragraph cut mid-sentence ("…设备所在" / "_位置信息_ (如…)") goes on in the next block
        carry_wrap = verb and para_end
        if (verb and not carry_wrap and tail in ":：" and s0 == sent.block.start and e0 - s0 <= 24
                and sent.block.kind == "paragraph" and not carry_def and not text[s0:e0].isascii()):
            # a short Chinese label on a line of its own, its value on the next one (an SDK list's
            # "收集个人信息类型:" / "设备标识符、…"): the label's verb leads that one block
            carry_wrap = _context(doc, sent, lx, sc) is None
        if tail in ":：" or tail in _LIST_END:
            neg_lead = False
        if s0 in denied_by_prev and tail in ":：":
            carry_items = carry_deny = True  # "We do not collect personal data. This includes:" / items
        elif (tail == ":" and _NEG_COLON.search(text, max(s0, e0 - 24), e0) is not None
              and not sc.conditionals.any(s0, e0)):
            carry_items = carry_deny = neg_lead = True  # "The app does not:" / "- Access your location": each item denied
        elif carry_same and tail in ":：":
            carry_items = True  # (a definition's "个人信息包括:" leads no declaration)
            lead_block = sent.block
            # a lead that denies up to its colon denies its items ("Our app does not request:")
            ld = sc.denials.within(s0, e0)
            carry_deny = led_deny or (bool(ld) and not sc.conditionals.any(s0, e0)
                                      and _denial_end(text, ld[0][1], e0) >= e0 - 1) or (
                _NEG_USE_COLON.search(text, max(s0, e0 - 90), e0) is not None and not sc.conditionals.any(s0, e0))
        elif tail in _LIST_END and not (carry_items and tail == "." and (sent.block.kind == "item" or _ENUM.match(
                text, sent.block.start, sent.block.end) is not None)):
            # the list ended (not at a full stop inside one of its items: "- Call log: to show recent calls."
            # / "- Contacts: to match numbers to names." are both led; a block that is no item ends it, and
            # so does a title after an item that ended with a full stop: "## 6. Location data")
            carry_items = carry_deny = False
        item_stop = carry_items and tail == "."
        prev = sent.block
        if labels and sent.block.start in labels:
            label_end, label_cats = labels[sent.block.start]
            # "(1)存储:用于…": the permission a label of such a list names
            if label_cats and s0 < label_end and not in_def and not _context(doc, sent, lx, sc):
                if not label_cats.isdisjoint(_LOCATION) and _radio_only_location(text, s0, e0):
                    label_cats = label_cats - _LOCATION - {"location_background"}
                for cid in sorted(label_cats):
                    if not full(frozenset((cid,)), "declared"):
                        note(cid, "declared", _evidence(doc, s0, e0, (s0, label_end)))
        if s0 == sent.block.start and e0 - s0 <= 16 and sent.block.kind in ("paragraph", "item"):
            # "(一)我们可能会申请以下权限" / "位置" / "存储" / "相册": a line that only names a permission
            for cid in _zh_permission_title_line(doc, sent, lx, sc):
                if not full(frozenset((cid,)), "declared"):
                    note(cid, "declared", _evidence(doc, s0, e0))
        if block_index is not None and sent.block.kind != "row" and s0 == sent.block.start:
            for cid, ev in _anaphoric_permission(doc, sent, block_index, lx, sc):
                if not full(frozenset((cid,)), "declared"):
                    note(cid, "declared", ev)
        if sc.background.starts and sent.block.kind != "row" and sc.background.any(s0, e0):
            nl = _NO_LEAD.match(text, s0, e0)  # "No background tracking: location only while you use the app"
            if (nl is not None and _starts_at(sc.background, nl.end() - 1)  # the cue right after "No"
                    and not sc.conditionals.any(s0, e0)
                    and any(not h[2].isdisjoint(_LOCATION) for h in sc.terms.within(s0, e0))):
                note("location_background", "denied", _evidence(doc, s0, e0, (s0, nl.end())))
        if len(saturated) != n_saturated or len(settled) != n_settled:
            n_saturated, n_settled = len(saturated), len(settled)
            every_term_saturated = doc_cats <= saturated
            every_umbrella_saturated, every_umbrella_settled = doc_ucats <= saturated, doc_ucats <= settled
        # once every category the text's terms name is saturated (and its umbrellas' settled),
        # the skip below holds for every sentence: known without looking its terms up
        # (a background cue can still add background location to saturated location terms)
        bg = bool(sc.background.starts) and "location_background" not in saturated and sc.background.any(s0, e0)
        perm_colon = text.find("权限", s0, e0) != -1 and _PERM_COLON.search(text, s0, e0) is not None
        if every_term_saturated and not bg and not perm_colon and (every_umbrella_saturated or (
                every_umbrella_settled and text.find("权限", s0, e0) == -1)):
            continue
        hits, umbrellas = sc.terms.within(s0, e0), sc.umbrellas.within(s0, e0)
        if not umbrellas and hits and sent.block.kind != "heading":
            title_umbrella = _zh_umbrella_title(doc, sent, lx, sc)
            if title_umbrella is not None and lx.zh_open_list_re.search(text, s0, e0) is not None:
                d = lx.zh_device_detail_re.search(text, s0, e0)
                if d is not None:
                    # "5. 设备与日志信息" / "可能收集设备型号、操作系统版本、IP 地址等": the title's umbrella
                    umbrellas = [(d.start(), d.end(), title_umbrella)]
        if not hits and not umbrellas and not perm_colon:
            continue  # (a "以下权限:存储、通知" list names its permissions without a category term)
        # nothing left to learn: every category here already has its evidence as `declared`
        # (the status that wins); keeps a 100,000-paragraph document linear and cheap
        if not bg and (hits or umbrellas) and all(c in saturated for h in hits for c in h[2]):
            ucats = [c for u in umbrellas for c in lx.umbrella_cats[u[2].lower()]]
            # umbrellas of settled categories add nothing that shows either, unless the
            # sentence may hold a permission list (which declares categories of its own)
            if all(c in saturated for c in ucats) or (
                    all(c in settled for c in ucats) and text.find("权限", s0, e0) == -1):
                continue
        if in_def or (ctx := _context(doc, sent, lx, sc)):
            if not in_def and ctx == "rights" and text.find("权限", s0, e0) != -1 and lx.zh_rights_request_re.search(
                    text, s0, e0) is not None and not sc.negations.any(s0, e0):
                # GUIDE: in the "turn off permissions" section, a sentence that says the app may
                # request them ("可能需要您开通一些设备权限,例如通知、相册、相机、存储权限") lists them
                for s, e, cid in _permission_list(text, s0, e0, lx):
                    if not full(frozenset((cid,)), "declared"):
                        note(cid, "declared", _evidence(doc, s0, e0, (s, e)))
            continue
        if tail in "?？" and _YES_NO.match(text, s0, e0) and text[s0:e0].isascii():
            continue  # an English yes/no question ("Does the app have access to my IMEI?") states nothing
            # (not "Why does the app need the location permission?", which presupposes it)
        lead = (_heading_lead(doc, sent, lx, sc) or parent_lead) if after_heading and sent.block.kind in ("item", "row") else None
        has_verb = (sent.block.kind == "row" or verb or lead in ("declare", "permission")
                    or (verb is None and sc.verbs.any(s0, e0))
                    or sent.block.start in cells or _PERM_ITEM.match(text, s0, e0) is not None
                    or _zh_collected_item(doc, sent, lx, sc))
        if (has_verb and not led and lead != "permission" and sent.block.kind != "row" and tail not in ":："
                and lx.list_lead_re is not None and sent.block.start not in cells
                and lx.list_lead_re.search(text, s0, e0) is not None):
            # (a verb inside a term is part of its name: "call" in "call history")
            vs = [v for a, z, v in sc.verbs.within(s0, e0) if not any(h[0] <= a and z <= h[1] for h in hits)]
            if vs and all(v.lower() in _LIST_OPENERS for v in vs):
                # "This backup contains … including your messages": what something holds, with
                # no verb but a list opener, is not what the app reads
                has_verb = False
        if sc.negations.any(s0, e0) and sc.conditionals.any(s0, e0):
            # "we will not collect X without your consent": neither a declaration nor a denial;
            # in English, what comes before both cues still reads ("Although the app has the
            # microphone permission, audio is never recorded unless you press record")
            cut = min(sc.negations.within(s0, e0)[0][0], sc.conditionals.within(s0, e0)[0][0])
            before = [h[1] for h in hits if h[1] <= cut]
            # (in a clause of their own: "Your contacts are not read without your permission" is one clause)
            if not before or _CLAUSE_END.search(text, max(before), cut) is None or not text[s0:e0].isascii():
                continue
            e0 = cut
            hits = [h for h in hits if h[1] <= cut]
            umbrellas = [u for u in umbrellas if u[1] <= cut]
        if sc.hypothetical.any(s0, e0):
            continue  # "if an update needs your contacts, we will ask again"
        if text.find("申请了", s0, e0) != -1 and lx.zh_if_app_did_re.search(text, s0, e0) is not None:
            continue  # "若本应用在运行时申请了必要的设备权限(如存储、传感器等),…": whether it does is left open
        if lx.disclaimer_re is not None and e0 - s0 <= 8000 and lx.disclaimer_re.search(text, s0, e0):
            continue  # "对…用户所在位置、用户关机…造成的…不作担保": a risk disclaimed, not a collection
        denials = sc.denials.within(s0, e0)
        first_denial = denials[0][0] if denials else e0
        # a denial covers its own clauses, not a restrictive clause after it: "本SDK不会收集任何
        # 用户信息,仅为用户提供拍照识别…的功能" denies collecting, then declares the camera
        deny_end = _denial_end(text, denials[0][1], e0) if denials else e0
        # a later denial, past a clause with its own subject that ended the first one's scope
        # ("We do not collect analytics and we never access your contacts")
        more = _union([(a, _denial_end(text, z, e0)) for a, z, _ in denials[1:] if a >= deny_end]) if len(
            denials) > 1 else None  # (merged spans, looked up by bisect: linear in a long sentence)
        prose = sent.block.kind != "row" and sent.block.start not in cells  # a cell reads like a row
        label_skip = 0
        if lead == "deny" or led_deny or s0 in denied_by_next or s0 in denied_by_prev or (
                sent.block.kind == "row" and _row_verdict(doc, sent.block, lx, sc) == "denied"):
            first_denial, deny_end = s0 - 1, e0  # the heading or the row's answer cell denies every item
        elif prose and _NO_LEAD.match(text, s0, e0) and not sc.conditionals.any(s0, e0):
            # "No location data", "No contacts." (up to a clause that turns: "No account is
            # needed, and the app only uses your location locally")
            turn = _NO_TURN.search(text, s0, e0)
            first_denial, deny_end = s0 - 1, min(_denial_end(text, s0, e0), turn.start() if turn else e0)
            if _NO_HANDLED.match(text, s0, deny_end):
                continue
            hl = _NO_HANDLING_LABEL.match(text, s0, e0)
            if hl is not None:
                k = hl.end()
                while k < e0 and text[k].isspace():
                    k += 1
                if _NO_HANDLED.match(text, k, e0):
                    continue  # "No Audio Transmission: No audio files are ever transmitted"
                # "No Permanent Storage: we do not keep audio files": how data is kept (GUIDE n),
                # the label's words included ("No External Storage: not on our servers")
                first_denial, deny_end, label_skip = e0, e0, hl.end()
        elif prose and text.startswith("Nothing", s0) and (nw := _NOTHING_WRITTEN.match(text, s0, e0)) is not None:
            # "Nothing is written to shared or external storage": where nothing is written is denied
            cut = _CLAUSE_END.search(text, nw.end(), e0)
            first_denial, deny_end = s0 - 1, cut.start() if cut else e0
        elif (prose and not sc.conditionals.any(s0, e0) and (
                (text.find(":", s0, min(e0, s0 + 80)) != -1 and (
                    _NEG_PERM_LABEL.match(text, s0, e0) is not None or _LABEL_VALUE_NO.match(text, s0, e0) is not None))
                or (e0 - s0 <= 400 and _LONG_LABEL_NOT_COLLECTED.match(text, s0, e0) is not None))):
            # "Permissions not required: Camera, Microphone", "Location permission: not requested",
            # "Camera: No": a label whose value says the app does not use it denies it; one about
            # handling ("Location shared: No") neither denies nor declares (GUIDE n)
            if _HANDLING_HEADER.search(text, s0, text.find(":", s0, e0)) and not _NEG_PERM_LABEL.match(text, s0, e0):
                continue
            first_denial, deny_end = s0 - 1, e0
        revokes = sc.revoke.within(s0, e0) if prose else ()
        first_revoke = revokes[0][0] if revokes else e0
        if revokes and first_revoke - s0 <= 40 and _LABEL_ONLY.fullmatch(text, s0, first_revoke):
            first_revoke = s0 - 1  # "Location: Revoke location permissions at any time": the label is what to revoke
        content = prose and sc.content.any(s0, e0)
        label_end = labels[sent.block.start][0] if labels and sent.block.start in labels else 0
        names = [m.span() for m in _QUOTED.finditer(text, s0, e0) if m.group(1) in products] if products and (
            text.find("“", s0, e0) != -1 or text.find("《", s0, e0) != -1 or text.find("「", s0, e0) != -1) else ()
        if app_names:  # the app's English name, from the title ("Privacy Policy for Star Compass")
            in_name = [(k - 1, k + len(n) + 1) for n in app_names for k in _find_all(text, n, s0, e0)]
            names = list(names) + in_name if in_name else names
        # English passive denials after their term ("location information is never collected"):
        # the categories so denied are not declared by other mentions in the same sentence
        # ("… part of location, but location information is never collected")
        passive = sc.passive.within(s0, e0) if prose else ()
        if passive and sc.conditionals.any(s0, e0):
            continue  # "location is not collected by default / without your consent": no denial, no declaration
        passive_hits: set[int] = set()
        # "…; no photos or voice recordings are collected": what the "no" names is denied
        # (the lead words, `passive_no_leads_en` and `neither_leads_en`, are lexicon data)
        no_passive = [m.span() for m in lx.no_passive_re.finditer(text, s0, e0)] if prose and (
            lx.no_passive_gate_re.search(text, s0, e0) is not None) else ()
        if not no_passive and prose and lx.neither_gate_re.search(text, s0, e0) is not None:
            # "Neither the app nor our servers collect your location": what the verb names is denied
            no_passive = [(m.start(), _denial_end(text, m.end(), e0)) for m in lx.neither_nor_re.finditer(text, s0, e0)]
        if not no_passive and prose and text.find("contain", s0, e0) != -1:
            # "crash reports contain no personal data, device identifiers or location": what they hold is denied
            no_passive = [(m.start(), _denial_end(text, m.end(), e0)) for m in _CONTAIN_NO.finditer(text, s0, e0)]
        passive_cats: set[str] = set()
        # ... and the items after one that ends in a colon ("The following data is not collected:
        # location, contacts"): it leads a list of what is denied
        led_by = [_COLON_AFTER.match(text, pe, e0).end() for _, pe, _ in passive
                  if _COLON_AFTER.match(text, pe, e0) is not None]
        for s, e, cats in (hits if passive else ()):
            cs, ce = _clause(text, s0, e0, s, e)
            if any(e <= ps < ce for ps, _, _ in passive) or any(c <= s for c in led_by):
                passive_hits.add(s)
                passive_cats.update(cats)
        cues = _TermCues(text, s0, e0, lx, hits, prose, doc_cues) if hits else None
        prose_en = cues is not None and cues.ascii
        for s, e, cats in hits:
            cats = _filter_term(cues, s, e, cats)
            if not cats:
                continue
            if s < label_skip:
                continue
            if not prose and sent.block.kind == "row" and _where_kept_cell(doc, sent.block, s, sc):
                continue  # "| Settings | Theme | Device storage |" under "Storage location": where it is kept
            if s > first_revoke:
                continue  # "关闭相应设备权限(包括位置、通讯录…)": how to withdraw, not a collection
            if _NAME_DEF.match(text, e, e0):
                continue  # part of a name being defined: "私密相册(以下简称“本软件”)"
            if names and any(a < s and e < b for a, b in names):
                continue  # inside a quoted product name: "“语音导出”软件"
            if content and not (text.startswith("权限", e) or text.endswith("权限", s, e)
                                or _ZH_ACCESS_BEFORE.search(text, max(s0, s - 6), s) is not None):
                # (not the device permission named as such: "相机权限…授权我们访问您的相机")
                cats = cats - lx.content_cats
                if not cats:
                    continue
            denied = first_denial < s < deny_end or s in passive_hits or (more is not None and _inside(more, s)) or any(
                a < s < b for a, b in no_passive) or (prose_en and _no_before(text, s0, s)
                                                      and not sc.conditionals.any(s0, e0))
            if denied and prose_en and _DENIED_PURPOSE.match(text, e, min(e0, e + 120)) is not None:
                continue  # "we do not collect your location for advertising": a purpose denied, not the data (GUIDE)
            if not denied and lx.deny_only and not cats.isdisjoint(lx.deny_only):
                key = text[s:e].lower()
                cats = frozenset(c for c in cats if key not in lx.deny_only.get(c, ()))
                if not cats:
                    continue  # ("phone numbers" a feature reads are other people's: counted only in a denial)
            if not denied and passive_cats:
                cats = cats - passive_cats
                if not cats:
                    continue
            if not denied and prose_en and _TERM_NOT_HANDLED.match(text, e, e0) and not sc.verbs.any(
                    _clause(text, s0, e0, s, e)[0], s):
                continue  # "your contacts are never uploaded": how they are (not) kept, no declaration
            term = text[s:e].lower() if not denied and not cats.isdisjoint(lx.near_re) else None
            if term is not None and (prose or term.isascii()):
                # in a table row only the weak English terms need their cue ("videos" in the
                # purpose of the INTERNET permission is content, not the photo library)
                cats = frozenset(c for c in cats if c not in lx.near_re
                                 or (lx.weak_terms[c] and term not in lx.weak_terms[c])
                                 or (not prose and not lx.weak_terms[c])
                                 or _near(doc.text, s, e, lx.near_re[c], term.isascii())
                                 # a Chinese term that holds its own cue ("- 读取短信" in a permission list)
                                 or (not term.isascii() and lx.near_re[c].search(term) is not None)
                                 # "you may provide information such as a profile photo": a photo
                                 # listed among what the user provides is one from the device
                                 or (c in _PROVIDED_CATS and prose and term.isascii()
                                     and _provided_before(text, max(s0, s - 300), s))
                                 or (prose and term.isascii() and _access_list_before(text, max(s0, s - 300), s))
                                 # named with a term of another category that needs no cue ("your call
                                 # logs / contacts", "SMS and contacts"): the device's, as that one is
                                 or (prose and term.isascii() and _beside_strong(text, s, e, hits, lx))
                                 # the label of an item a verb leads, the cue in the lead's paragraph
                                 # ("The app accesses the following on your device:" / "- Contacts: to
                                 # match numbers to names")
                                 or (led and lead_block is not None and _LABEL_AT.fullmatch(text, s0, s) is not None
                                     and _LABEL_SEP.match(text, e, e0) is not None
                                     and lx.near_re[c].search(text, lead_block.start, lead_block.end) is not None))
                if not cats:
                    continue
            if sc.background.starts and not cats.isdisjoint(_LOCATION) and sc.background.any(s0, e0):
                cs, ce = _clause(text, s0, e0, s, e)
                # (a cue that opens the next comma clause qualifies this one: "track your
                # location, either continuously or only while you use the app")
                for bs, be, _ in sc.background.within(cs, min(e0, ce + 40)):
                    if bs >= ce and text[ce:bs].strip(" ,") not in ("", "either", "whether"):
                        continue
                    if not _BACKGROUND_NEG.search(text, cs, bs) or denied:
                        cats = cats | {"location_background"}
                        break
            if not denied and not has_verb and lx.cat_verbs and any(
                    c in lx.cat_verbs and lx.cat_verbs[c].search(text, s0, e0) for c in cats) and not (
                    sc.negations.any(s0, e0) or _BARE_NO.search(text, s0, e0) or _NOT_SAVED.search(text, s0, e0)):
                cats = frozenset(c for c in cats if c in lx.cat_verbs)  # "audio files are saved on your phone's storage"
                has_own_verb = True
            else:
                has_own_verb = False
            if not denied and not (has_verb or has_own_verb or e <= label_end or _ACTION_TERM.match(text, s, e)) or full(
                    cats, "denied" if denied else "declared"):
                continue
            if not denied and prose and (_negated(text, sc, s0, s) or (prose_en and _negated_example(text, sc, s0, s))):
                continue  # "并不会出于任何目的拍摄照片或视频": negated, if not in the denial form
            ev = _evidence(doc, s0, e0, (s, e))
            for cid, named_itself in _NAMED_ITSELF.items():
                if cid in cats:
                    how = named_itself(text, s0, e0, s, e, denied, cats, lx)
                    if how is not None:
                        specific[cid].add(how)
            for cid in cats:
                note(cid, "denied" if denied else "declared", ev)
        if has_verb and hits and lx.zh_bare_item_gate_re.search(text, s0, e0) is not None:
            # "可能会调取用户的唯一设备识别码、麦克风、存储、用户音频": a bare "存储" listed among
            # device capabilities is the storage permission (not "收集、存储、使用", verbs), a bare
            # "联系人" among them the address book
            for s, e, cid in _bare_list_items(text, s0, e0, hits, first_denial, deny_end, lx):
                if not full(frozenset((cid,)), "declared"):
                    note(cid, "declared", _evidence(doc, s0, e0, (s, e)))
        if has_verb and text.find("权限", s0, e0) != -1:
            # "获取您设备的存储、麦克风、摄像头、相册和定位权限": each item of a permission list
            for s, e, cid in _permission_list(text, s0, e0, lx):
                if (s < first_denial or s >= deny_end) and s < first_revoke and not full(frozenset((cid,)), "declared"):
                    note(cid, "declared", _evidence(doc, s0, e0, (s, e)))
        hit_starts = [h[0] for h in hits] if umbrellas and hits else []
        for s, e, term in umbrellas:
            cats = lx.umbrella_cats[term.lower()]
            # an umbrella denial denies what the umbrella covers ("We do not collect device information")
            deny = first_denial < s < deny_end or (more is not None and _inside(more, s)) or bool(passive) and any(
                e <= ps < _clause(text, s0, e0, s, e)[1] for ps, _, _ in passive) or any(a < s < b for a, b in no_passive) or (
                prose and term.isascii() and _no_before(text, s0, s, True) and not sc.conditionals.any(s0, e0))
            if (not deny and not has_verb) or full(cats, "denied" if deny else "vague"):
                continue
            if not deny and prose and term.isascii() and (_negated(text, sc, s0, s) or _NOT_HANDLED.match(text, e, e0)
                                                          or _negated_example(text, sc, s0, s)):
                continue  # "the report does not include personal identifiers", "device information is not stored"
            k = bisect.bisect_right(hit_starts, s) - 1
            if (k >= 0 and hits[k][1] >= e and "advertising_id" in hits[k][2]) or (
                    sc.umbrella_excl.starts and _covers(sc.umbrella_excl, s, e, 40)):
                # an advertising identifier is not a device identifier (while "设备标识符" /
                # "device identifier" stays vague for the advertising ID, GUIDE.md); "cell
                # tower identifiers" are not the device's
                continue
            if not deny and term.isascii() and _closed_list(text, e, e0):
                continue  # "Device Information: device type, OS version": covers only the list (GUIDE)
            if not deny and not term.isascii() and (_ZH_CLOSED_LIST.match(text, e, e0) is not None
                                                    or _ZH_CLOSED_CELL.match(text, e, e0) is not None):
                # "设备信息(设备型号、操作系统版本)": a closed list in brackets covers only itself (GUIDE);
                # so does one in the next table cell or after a label's colon ("设备信息 | 设备型号、操作系统版本 |")
                continue
            ev = _evidence(doc, s0, e0, (s, e))
            for cid in cats:
                note(cid, "denied" if deny else "vague", ev)
    # a permission statement declares the permission's primary category
    for pc in permissions:
        if pc.category in _LOCATION and all(_radio_only_location(text, ev.start, ev.end) for ev in pc.evidence):
            continue  # a location permission only Android's Bluetooth/Wi-Fi-name rule needs, said unused for location
        if pc.category:
            if pc.category in specific:
                specific[pc.category].add("declared")  # (a permission names the category itself)
            for ev in pc.evidence:
                note(pc.category, "declared", ev)
    if found.get("calendar", {}).get("declared") and "alendar" in text and not any(
            pc.category == "calendar" for pc in permissions) and _CLOUD_CALENDAR.search(text) and not _DEVICE_CALENDAR.search(text):
        found["calendar"].pop("declared")  # GUIDE c: a web calendar account, not the device calendar
    for cid, how in specific.items():
        if how == {"denied"} and cid in found:
            found[cid].pop("declared", None)  # only "location" / a feature that needs the microphone declared it
    out: dict[str, CategoryClaim] = {}
    for cid, by_status in sorted(found.items()):  # a stable order: the same document every run
        for status in ("declared", "denied", "vague"):
            if by_status.get(status):
                out[cid] = CategoryClaim(status, tuple(by_status[status]))
                break
    return out


def push_notifications(cats: dict[str, CategoryClaim], sdks: list[SdkClaim], lx: Lexicon | None = None,
                       idx: _SdkIndex | None = None) -> dict[str, CategoryClaim]:
    """`cats` with `notifications` declared by a push SDK the policy names (OneSignal, JPush,
    Firebase Cloud Messaging, a phone maker's push): a push service exists to deliver
    notifications to the device (GUIDE e). Not when the sentence naming it is negated ("we do
    not use OneSignal"); an SDK named by type only ("push services") is not enough."""
    got = cats.get("notifications")
    if got is not None and got.status == "declared":
        return cats
    lx = lx or lexicon()
    idx = idx or sdk_index()
    evidence = [ev for sdk in sdks if sdk.sdk_id and idx.categories.get(sdk.sdk_id) == "push"
                for ev in sdk.evidence[:1] if not lx.negation_re.search(ev.quote)]
    if not evidence:
        return cats
    out = dict(cats)
    out["notifications"] = CategoryClaim("declared", tuple(evidence[:MAX_EVIDENCE]))
    return dict(sorted(out.items()))


# ---- permission statements ------------------------------------------------------------

_PERM_EN = re.compile(
    r"(?:(?<=^)|(?<=[\s.:;(]))(?:\d{1,2}[.)]\s*)?(?P<name>(?:[A-Za-z][\w'/&-]*\s+){0,5}?[A-Za-z][\w'/&-]*)"
    r"\s+permissions?\s*[:：]\s*")
_PERM_ZH = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z/、（）()]{1,15}?)权限\s*[：:]\s*")
_NEXT_ITEM = re.compile(r"\s\d{1,2}[.、)]\s*(?:[A-Z][\w'/&-]*\s+){0,6}?[\w'/&-]*\s*permissions?\s*[:：]"
                        r"|\s*\d{1,2}[.、)]\s*[\u4e00-\u9fff]{1,15}权限\s*[：:]", re.IGNORECASE)


_MANIFEST_PERM = re.compile(r"\bandroid\.permission\.[A-Z][A-Z_]+\b")
_ITEM_LABEL = re.compile(r"\s*([A-Za-z][A-Za-z /&'()-]{1,40}?)\s*(?:[:：]|\s[-–—]\s)")
# an item of an English permission list without a separator ("- Storage", "* Access to your
# contacts to find duplicates", "- Read the contents of your shared storage"): its name is what
# precedes the purpose, after an "access to" / "read" lead
_BARE_LEAD = re.compile(r"\s*(?:(?:permission\s+to\s+)?access(?:ing)?\s+to|permission\s+to|read(?:ing)?|use\s+of)\s+"
                        r"(?:the\s+|your\s+)?", re.IGNORECASE)
_BARE_CUT = re.compile(r"\s(?:to|for|in\s+order\s+to|so\s+that|because|when|which|used|is|are)\b|[,;(.]", re.IGNORECASE)
_UNDERSCORE = re.compile(r"_[A-Z0-9]")  # a literal first character: a fast scan of megabytes
_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_CROSS_MARK = re.compile("[\u274c\u2717\u2718\U0001f6ab\u26d4]")  # ❌ ✗ ✘ 🚫 ⛔: "not"
_MARKED_WORD = re.compile(r"`+([A-Z]{4,})`|\[([A-Z]{4,})\]")


def _bare_constants(text: str) -> list[tuple[int, int]]:
    """Spans of permission-like constants without their "android.permission." prefix: a name
    with "_" ("ACCESS_FINE_LOCATION") not inside a longer word or dotted name, or a one-word
    name marked as code or a link ("``CAMERA``", "[CAMERA]")."""
    out: list[tuple[int, int]] = []
    last = -1
    if "_" in text:
        for u in _UNDERSCORE.finditer(text):
            if u.start() < last:
                continue
            a = u.start()
            while a > 0 and u.start() - a < 40 and (text[a - 1].isupper() or text[a - 1].isdigit() or text[a - 1] == "_"):
                a -= 1
            m = _CONSTANT.match(text, a)
            if m is None or m.end() <= u.start():
                continue
            last = m.end()
            before = text[a - 1] if a else " "
            after = text[m.end()] if m.end() < len(text) else " "
            after2 = text[m.end() + 1] if m.end() + 1 < len(text) else " "
            if before.isalnum() or before in "._#/=" or after.isalnum() or after == "_" or (after == "." and after2.isalnum()):
                continue  # part of a word, a dotted name ("android.permission.X": counted above), a path or a URL
            out.append((a, m.end()))
    if "`" in text or "[" in text:
        for m in _MARKED_WORD.finditer(text):
            g = 1 if m.group(1) else 2
            out.append((m.start(g), m.end(g)))
    return sorted(out)
_ZH_LABEL_END = re.compile(r"权限\s*[：:]\s*")
_ZH_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z/、（）()]{1,15}$")


def _permission_labels(chunk: str):
    """(name, start, end) of "Camera permission:" / "相机权限：" labels in a block, in order.

    Chinese labels are found from their "权限：" anchor and read backwards, so the cost is
    linear in the block even when it is megabytes of unpunctuated text."""
    if "permission" in chunk.lower():
        for m in _PERM_EN.finditer(chunk):
            yield m.group("name"), m.start(), m.end()
    last = 0
    for a in _ZH_LABEL_END.finditer(chunk):
        n = _ZH_NAME.search(chunk, max(last, a.start() - 15), a.start())
        if n:
            yield n.group(), n.start(), a.end()
        last = a.end()


_PERMISSION_WORD = re.compile(r"\bpermissions?\b", re.IGNORECASE)


_PERM_HEADING = re.compile(r"\s*(?:\d{1,2}[.)]\s*)?(?:access\s+to\s+\S.*|.*\S\s+(?:permissions?|access)(?:\s*\([^()]{1,60}\))?)"
                          r"\s*[:.]?\s*",  # ("Storage Permission (Android)")
                          re.IGNORECASE)
_QUOTE_CHARS = re.compile("[\"'`\u201c\u201d\u2018\u2019]")
_QUOTED_PERM = re.compile("[\"'`\u201c\u2018]([A-Za-z][A-Za-z /&-]{1,30})[\"'`\u201d\u2019]\\s+permissions?\\b"
                          "|\\bpermissions?\\s+(?:called\\s+|named\\s+)?[\"'`\u201c\u2018]([A-Za-z][A-Za-z /&-]{1,30})"
                          "[\"'`\u201d\u2019]", re.IGNORECASE)
_TITLE_PURPOSE = re.compile(r"\s[-–—:]\s|:\s|,?\s+(?:to|for|so\s+that|in\s+order\s+to)\s", re.IGNORECASE)
_FINE, _COARSE = "android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"
_INLINE_PERMS = re.compile(r"\b(?:permissions?(?:\s+[A-Za-z]+){0,3}|access\s+to)\s*:\s*([^.:\n]{3,300})", re.IGNORECASE)
# "no" right before the word permission ("requests no permissions: …", "needs no special permissions: …")
_NO_PERMS_BEFORE = re.compile(r"\bno\s+(?:[A-Za-z]+\s+){0,2}$", re.IGNORECASE)
_INLINE_SEP = re.compile(r"\s*(?:[,;/&+]|\band\b)\s*", re.IGNORECASE)
_NAME_END = re.compile(r"\s[-–—]\s|\s(?:to|for)\s|\(", re.IGNORECASE)
_INLINE_PAREN = re.compile(r"\([^()]*\)")
_TITLE_PARTS = re.compile(r"\s*(?:,|/|&|\+|\band\b)\s*", re.IGNORECASE)
_TITLE_NAME = re.compile(r"\s*(?:\d{1,2}[.)]\s*)?(?:access\s+to\s+(?:the\s+|your\s+)?)?(.+?)(?:\s+(?:permissions?|access))?[\s.:]*",
                         re.IGNORECASE)


_LIST_OPEN = re.compile(r"\s*[:(]\s*")
_LIST_SEP = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
_OPEN_LIST = re.compile(r"\b(?:such as|e\.g|including|includes?|like|etc|and more|and other|among others|for example)\b|\.\.\.|…",
                        re.IGNORECASE)


# a Chinese umbrella's list in brackets with no word that opens it ("等", "包括", "如", "例如"...)
_ZH_CLOSED_LIST = re.compile(r"[(（](?![^()（）]*?(?:等|包括|包含|如|例|比如|诸如|不限于|…|\.\.\.))[^()（）]{2,80}?[、,，/和及与][^()（）]{1,80}?[)）]")


# ... and a closed list in the next table cell or after the label's colon, up to the cell's or the
# sentence's end, no word that opens it anywhere before that end
_ZH_CLOSED_CELL = re.compile(r"\s*(?:\||[:：])\s*(?![^|\n。;；]*?(?:等|包括|包含|如|例|比如|诸如|不限于|…|\.\.\.))"
                             r"[^|\n。;；()（）]{2,80}?[、,，/和及与][^|\n。;；]{1,80}?(?=\s*\||\s*$|[。;；\n])")


def _closed_list(text: str, e: int, e0: int) -> bool:
    """An English umbrella term followed by a closed list ("Device Information: device type,
    operating system version"): it covers only what it lists, which its own terms declare."""
    m = _LIST_OPEN.match(text, e, e0)
    if m is None:
        return False
    close = text.find(")", m.end(), min(e0, m.end() + 201)) if text[m.start():m.end()].strip() == "(" else -1
    end = close if close != -1 else e0
    if end - m.end() < 3 or end - m.end() > 200 or _OPEN_LIST.search(text, m.end(), end):
        return False
    parts = _LIST_SEP.split(text[m.end():end])  # a list of short noun phrases, not a sentence
    return len(parts) >= 2 and all(0 < len(x.strip()) <= 40 for x in parts)


# a qualifier in brackets after a permission title says when it is asked for, not what it is
_TITLE_QUALIFIER = re.compile(r"\s*\((?:optional|required|mandatory|recommended)\b[^()]{0,40}\)\s*$", re.IGNORECASE)
_PERM_WORD_END = re.compile(r"\b(?:permissions?|access)\s*$", re.IGNORECASE)


def _title_permissions(title: str, lx: Lexicon) -> list[str]:
    """The permissions a title names when it is made only of permission names ("Camera,
    Microphone", "Storage", "Access to contacts", "RECORD_AUDIO"), else []."""
    out = []
    exact = lx.__dict__.get("_exact_names")
    if exact is None:
        exact = {n: p for n, p in lx.permission_names}
        object.__setattr__(lx, "_exact_names", exact)  # frozen Lexicon: a derived cache
    title = _TITLE_PURPOSE.split(title.strip(), 1)[0]  # "Storage - to export files": the name before its purpose
    title = _TITLE_QUALIFIER.sub("", title)  # "Storage Permission (Optional)": the name before its qualifier
    if (title.endswith(")") and (k := title.rfind("(")) > 0 and _PERM_WORD_END.search(title, 0, k) is not None
            and _TITLE_NEG.search(title, k) is None):  # (not "Storage Permission (not required)")
        title = title[:k].strip()  # "Storage Permission (Android)": the bracket after "permission" adds no name
    for part in filter(None, _TITLE_PARTS.split(title)):
        m = _TITLE_NAME.fullmatch(part)
        name = m.group(1).lower() if m else ""
        got = exact.get(name) or (_resolve_permission(m.group(1), lx) if m and _CONSTANT.fullmatch(m.group(1)) else None)
        if got is None:
            return []
        out.append(got)
        if name in lx.generic_location_names:  # GUIDE (l): a generic "Location" is both precise and approximate
            out.append("android.permission.ACCESS_COARSE_LOCATION")
    return out


def _perm_lead(chunk: str, lx: Lexicon) -> bool:
    """An English sentence that leads a list of permissions: it ends with ":" and names
    permissions ("The app needs the following permissions:"), without a negation."""
    tail = chunk.rstrip()
    return (tail.endswith((":", "：")) and chunk.isascii() and _PERMISSION_WORD.search(chunk) is not None
            and not lx.negation_re.search(chunk))


_LABEL_TAIL = re.compile(r"(?:\s+(?:permissions?|access|rights?))+\s*$", re.IGNORECASE)


def _bare_label_names(label: str, lx: Lexicon) -> bool:
    """A bare item of a permission list names the permission it holds, unless it is a Title-Case
    name with the permission's name in the middle ("- Ambient Music Mod", a source app listed
    under a permission title; "- Precise Location", "- Contacts Access" start or end with it)."""
    words = label.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words) or _CONSTANT.search(label) is not None:
        return True  # (only a Title-Case name is suspect: "- Modify audio files saved by the user" names one)
    low = _LABEL_TAIL.sub("", label.strip().lower())
    for n, _ in lx.permission_names:
        if low == n or low.startswith(n + " ") or low.endswith(" " + n):
            return True
    return False


def _resolve_permission(name: str, lx: Lexicon) -> str | None:
    """The permission a label or table cell names (cached per lexicon: a 100,000-row
    permission table repeats a few names, each tried against every name in the lexicon)."""
    cache = lx.__dict__.get("_resolved")
    if cache is None or len(cache) > 4096:
        cache = {}
        object.__setattr__(lx, "_resolved", cache)  # frozen Lexicon: a derived cache, not state
    if name not in cache:
        cache[name] = _resolve_permission_uncached(name, lx)
    return cache[name]


def _resolve_permission_uncached(name: str, lx: Lexicon) -> str | None:
    low = name.lower()
    m = re.search(r"android\.permission\.[A-Z_]+|\b[A-Z]{3,}(?:_[A-Z]+)+\b", name)
    if m:
        perm = m.group() if m.group().startswith("android.") else f"android.permission.{m.group()}"
        return perm
    for n, perm in lx.permission_names:
        if n in low:
            return perm
    return None


# what a permission named in a policy says the app reads, where that differs from the permission's
# categories in the knowledge base (permissions.toml, which the manifest side keeps): the clipboard,
# a pseudo-permission of the lexicon; ACCESS_MEDIA_LOCATION, the location kept in the user's photos,
# which is the photos' data, not the device's location (GUIDE: EXIF GPS is the photo's, tasv_vault;
# English batch 35's swipeclean)
_POLICY_PERMISSION_CATEGORIES = {"clipboard": ("clipboard",),
                                 "android.permission.ACCESS_MEDIA_LOCATION": ("photos_videos",)}


def _permission_categories(perm: str | None) -> tuple[str, ...]:
    if perm is None:
        return ()
    got = _POLICY_PERMISSION_CATEGORIES.get(perm)
    return got if got is not None else permission_base().lookup(perm).categories


def extract_permissions(doc: Document, sents: list[_Sentence], lx: Lexicon | None = None) -> list[PermissionClaim]:
    lx = lx or lexicon()
    out: list[PermissionClaim] = []
    text = doc.text
    perm_lead = False  # in a list led by "The app needs the following permissions:"
    perm_title = False  # under a "Permissions" title whose sub-titles name permissions
    neg_lead = False  # in a list led by "The app does not request:"
    sections: dict[str | None, bool] = {}
    # (no title with a permission title word: the answer is known for every block without a
    # lookup; one search over the titles, not one per block)
    any_perm_title = bool(doc.headings) and lx.permission_titles.search(
        "\n".join(h.title or "" for h in doc.headings)) is not None
    # labels need "permission" or "权限": looked for once in the text, not in every block
    # (a block's lowercased text is a slice of the whole text's)
    any_label = "权限" in text or "permission" in text.lower()

    def perm_section(pos: int) -> bool:  # under an English permissions title (cached per title)
        if not any_perm_title:
            return False
        section = doc.section_at(pos)
        if not section:
            return False
        if section not in sections:
            title = _plain_title(section)
            # (not a title that names one permission itself, "Camera Permission (android.permission.CAMERA)":
            # the labels under it are that permission's uses, "Data Storage: footage is not saved")
            sections[section] = (title.isascii() and lx.permission_titles.search(title) is not None
                                 and not _negative_title(title, lx) and not _title_permissions(title, lx))
        return sections[section]

    for b in doc.blocks:
        if b.kind == "row":
            continue
        chunk = text[b.start:b.end]
        if b.kind == "heading" and not chunk.isascii():
            chunk = _plain_title(chunk)  # ("⚙️ Permissions We Use")
        if b.kind == "heading" and b.end - b.start <= 120 and chunk.isascii():
            # "### Permissions" / "#### Camera, Microphone" / "- to record videos": a sub-title
            # of a permissions section made only of permission names declares them
            names = _title_permissions(chunk, lx) if perm_title else None
            low = chunk.lower()
            if not names and ("permission" in low or "access" in low) and _PERM_HEADING.fullmatch(
                    _TITLE_QUALIFIER.sub("", chunk)) and (
                    not _negative_title(chunk, lx)):
                names = _title_permissions(chunk, lx)  # "### Storage access", "Camera permission", anywhere
            if names:
                for perm in names:
                    out.append(_perm_claim(perm, None, _evidence(doc, b.start, b.end), lx))
            else:
                perm_title = "permission" in low and not _negative_title(chunk, lx)
        elif b.kind == "heading":
            perm_title = False
        elif (b.kind == "paragraph" and b.end - b.start <= 60 and (perm_title or perm_section(b.start))
              and chunk.isascii()):
            # a term of a definition list under a permissions title ("<dt>Storage</dt><dd>…")
            for perm in _title_permissions(chunk, lx):
                out.append(_perm_claim(perm, None, _evidence(doc, b.start, b.end), lx))
        # (a labelled paragraph of a permissions section reads like an item: "<p><b>Contacts</b>:
        # to find friends</p>")
        labelled = (b.kind == "paragraph" and b.end - b.start < 600 and perm_section(b.start)
                    and _ITEM_LABEL.match(chunk) is not None)
        if b.kind != "item":
            perm_lead = b.kind == "paragraph" and b.end - b.start < 400 and _perm_lead(chunk, lx)
            # "The App does **not** request access to:" / "- Microphone": a list a negative lead
            # opens names what the app does not ask for, in a permissions section too
            neg_lead = (b.kind == "paragraph" and b.end - b.start < 400 and chunk.rstrip().endswith((":", "："))
                        and lx.negation_re.search(chunk) is not None)
        if (b.kind == "item" or labelled) and b.end - b.start < 600 and not (b.kind == "item" and neg_lead):
            # an item of an English "Permissions" section, or of a list led by a sentence
            # naming permissions, starts with the permission's name: "Storage: to save
            # exported files", "Camera - to scan receipts", "- Contacts"
            m = _ITEM_LABEL.match(chunk)
            if (perm_lead and not labelled) or perm_section(b.start):
                if m is not None:
                    label, label_end = m.group(1), m.end(1)
                elif chunk.isascii():
                    lead = _BARE_LEAD.match(chunk)
                    a = lead.end() if lead else 0
                    cut = _BARE_CUT.search(chunk, a)
                    label, label_end = chunk[a:cut.start() if cut else len(chunk)], (cut.start() if cut else len(chunk))
                    label = label if len(label) <= 50 else ""
                else:
                    label = ""
                perm = _resolve_permission(label, lx) if label else None
                if perm is not None and m is None and not _bare_label_names(label, lx):
                    perm = None  # "- Ambient Music Mod": an app's name with a permission word inside
                if perm is not None and m is None and _CAMERA_PHOTOS.match(label) is not None:
                    # "- Take photos of receipts" under a camera title: the app's own pictures are the
                    # camera's (as for categories), not the photo library's READ_MEDIA_IMAGES
                    perm = "android.permission.CAMERA"
                # "SMS/Phone: to send messages", "Files/Storage: ...": a label of two permission names
                perms = (_title_permissions(label, lx) if "/" in label else []) or ([perm] if perm is not None else [])
                if perms and not lx.denial_re.search(chunk):
                    purpose = (chunk[m.end():] if m else chunk[label_end:]).strip(" ,;:-–—") or None
                    for perm in perms:
                        out.append(_perm_claim(perm, purpose, _evidence(doc, b.start, b.end, (b.start, b.start + label_end)), lx))
                    continue
        if "[" in chunk[:4] and (bm := _BRACKET_LABEL.match(chunk)) is not None and (
                not lx.denial_re.search(chunk)):
            # "[NOTIFICATION LISTENER] To show …", "[LOCATION ACCESS] To find …": a bracketed
            # permission name before its purpose (one-word "[CAMERA]" is read as a constant below)
            for perm in _title_permissions(bm.group(1), lx):
                out.append(_perm_claim(perm, chunk[bm.end():].strip() or None,
                                       _evidence(doc, b.start, b.end, (b.start + bm.start(1), b.start + bm.end(1))), lx))
        if "ermission" in chunk and _QUOTE_CHARS.search(chunk):
            # a quoted permission name: 'the "Phone" permission', "the permission 'Storage'"
            for m in _QUOTED_PERM.finditer(chunk):
                if lx.negation_re.search(chunk, max(0, m.start() - 60), m.start()):
                    continue
                g = 1 if m.group(1) else 2
                for perm in _title_permissions(m.group(g), lx):
                    q = b.start + m.start(g)
                    out.append(_perm_claim(perm, None, _evidence(doc, b.start, b.end, (q, q + len(m.group(g)))), lx))
        if chunk.isascii() and ":" in chunk:
            # "The app requires these permissions: camera, storage and location", "Requires
            # access to: Camera, Microphone, Contacts": each item of the list names a permission
            for m in _INLINE_PERMS.finditer(chunk):
                lead_from = max(chunk.rfind(". ", 0, m.start()) + 1, m.start() - 120)
                if (lx.negation_re.search(chunk, lead_from, m.start()) or _TITLE_NEG.search(chunk, m.start(), m.start(1))
                        or _NO_PERMS_BEFORE.search(chunk, lead_from, m.start())):
                    continue  # "The app does not need these permissions: …", "Permissions not required: …", "requests no permissions: …"
                body = _INLINE_PAREN.sub(lambda x: " " * len(x.group()), m.group(1))
                neg = lx.negation_re.search(body)  # "…permissions: it does not access your camera, microphone": denied, not listed
                pos = 0
                for sep in list(_INLINE_SEP.finditer(body)) + [None]:
                    part = body[pos:sep.start() if sep else len(body)]
                    if neg is not None and neg.start() < pos + len(part):
                        break
                    cut = _NAME_END.search(part)  # "Storage - to save files", "Phone to detect calls"
                    name = part[:cut.start()] if cut else part
                    for perm in (_title_permissions(name, lx) if name.strip() else ()):
                        q = b.start + m.start(1) + pos
                        out.append(_perm_claim(perm, None, _evidence(doc, b.start, b.end, (q, q + len(name))), lx))
                    pos = sep.end() if sep else len(body)
        for name, m_start, m_end in (_permission_labels(chunk) if any_label else ()):
            perm = _resolve_permission(name, lx)
            if perm is None:
                continue
            if name.isascii() and " " in name and lx.negation_re.search(name) is not None:
                continue  # "Neither feature needs a storage permission: …" is no label
            rest_start = m_end
            limit = min(len(chunk), rest_start + 1000)  # a purpose is a phrase, not the rest of a 5 MB block
            nxt = _NEXT_ITEM.search(chunk, rest_start, limit)
            end = nxt.start() if nxt else limit
            sec = re.search(r"\s\([IVX]+\)\s|[（(][一二三四五六七八九十]+[)）]", chunk[rest_start:end])
            if sec:
                end = rest_start + sec.start()
            purpose = chunk[rest_start:end].strip() or None
            if purpose and _VALUE_NO.match(purpose):
                continue  # "Location permission: not requested"
            if purpose and len(purpose) > 400:
                purpose = purpose[:400].rsplit(" ", 1)[0] + "…"
            ev = _evidence(doc, b.start + m_start, b.start + end, (b.start + m_start, b.start + m_end))
            out.append(_perm_claim(perm, purpose, ev))
    # manifest permission names quoted in the text ("android.permission.READ_CONTACTS"),
    # unless a denial precedes them in their sentence
    starts = [x.start for x in sents]
    denials = _spans(lx.denial_re, text) if "android.permission." in text else _Hits()
    for m in (_MANIFEST_PERM.finditer(text) if "android.permission." in text else ()):  # (\b: no fast scan)
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and any(d[0] < m.start() for d in denials.within(sents[i].start, sents[i].end)):
            continue
        s0, e0 = (sents[i].start, sents[i].end) if i >= 0 else (m.start(), m.end())
        if _unused_after(text, m.end(), e0):
            continue  # "android.permission.CAMERA: not used by this app"
        out.append(_perm_claim(m.group(), None, _evidence(doc, s0, e0, (m.start(), m.end())), lx))
    # the same constants without their prefix, as English permission sections list them
    # ("ACCESS_FINE_LOCATION: …", "``RECORD_AUDIO`` required for …", "[CAMERA][CAMERA]"): a
    # name with "_", or a one-word name marked as code or a link, that the platform knows
    # and that names a data category
    bare = _bare_constants(text)
    if bare:
        denials = denials if "android.permission." in text else _spans(lx.denial_re, text)
        negative: dict[str | None, bool] = {}
        for a, b in bare:
            perm = "android.permission." + text[a:b]
            if not _permission_categories(perm):
                continue
            i = bisect.bisect_right(starts, a) - 1
            if i >= 0 and any(d[0] < a for d in denials.within(sents[i].start, sents[i].end)):
                continue
            s0, e0 = (sents[i].start, sents[i].end) if i >= 0 else (a, b)
            if _CROSS_MARK.search(text, s0, a) is not None:
                continue  # "- ❌ `READ_CONTACTS`": a list of what is not requested
            section = _plain_title(doc.section_at(a))
            if section not in negative:
                negative[section] = bool(section) and len(section) <= 120 and section.isascii() and (
                    lx.denial_re.search(section) is not None
                    or (_negative_title(section, lx) and lx.permission_titles.search(section) is not None))
            if negative[section]:
                continue  # under "Permissions We Do Not Request"
            if _unused_after(text, b, e0):
                continue  # "WRITE_EXTERNAL_STORAGE: not used by this app"
            out.append(_perm_claim(perm, None, _evidence(doc, s0, e0, (a, b)), lx))
    # table rows naming a permission, with a purpose column
    header: dict[str, int] | None = None
    header_cells: list[str] | None = None
    row_no = 0  # rows since the table began: a header is one of its first rows
    for b in doc.blocks:
        if b.kind != "row":
            header = None
            row_no = 0
            continue
        row_no += 1
        if header is None and row_no > _HEADER_ROWS:
            continue  # a long table with no permission header by now is not a permission table
        cells = doc.cell_texts(b)
        h = _header_map(cells, _perm_header_keys()) if header is None else {}
        if "permission" in h and ("purpose" in h or _EN_PERM_HEADER.fullmatch(cells[h["permission"]].strip()) is not None):
            header = h  # (an English "| Permission | Required |" table needs no purpose column)
            header_cells = cells
            continue
        if header is None:
            continue
        perm = _resolve_permission(cells[header["permission"]], lx) if header["permission"] < len(cells) else None
        if perm is None or _row_verdict(doc, b, lx, names=header_cells, cells=cells) == "denied":
            continue  # ("| Storage | No |": not requested)
        purpose = cells[header["purpose"]].strip() if header.get("purpose", len(cells)) < len(cells) else ""
        # a cell that quotes the constant reads by its words, as in prose (READ_PHONE_STATE: phone state)
        constant = lx if "_" in cells[header["permission"]] else None
        out.append(_perm_claim(perm, purpose or None, _evidence(doc, b.start, b.end), constant))
        if perm == _FINE and lx.zh_generic_location_cell_re.fullmatch(cells[header["permission"]].strip().lower()):
            # GUIDE (l): a row named by the generic "位置" is both precise and approximate (Chinese cells:
            # `zh_generic_location_cell_*`; English rows unchanged)
            out.append(_perm_claim(_COARSE, purpose or None, _evidence(doc, b.start, b.end)))
    # one claim per permission: keep the first with a purpose
    merged: dict[str | None, PermissionClaim] = {}
    for c in out:
        key = c.permission
        old = merged.get(key)
        if old is None:
            merged[key] = c
        else:
            merged[key] = PermissionClaim(c.permission, c.category, c.categories, old.purpose or c.purpose,
                                          (old.evidence + c.evidence)[:MAX_EVIDENCE])
    return list(merged.values())


_HEADER_ROWS = 3  # a permission table's header is among its first rows (a title row may precede it)
_EN_PERM_HEADER = re.compile(r"(?:android\s+|app\s+)?permissions?(?:\s+name)?", re.IGNORECASE)


def _perm_claim(perm: str, purpose: str | None, ev: Evidence, constant: Lexicon | None = None) -> PermissionClaim:
    """A permission named in the text. A manifest constant (`constant`: the lexicon) declares
    the category its own words name when they name one of its categories: READ_PHONE_STATE
    reads "phone state" (phone_calls, GUIDE.md), not the first category of the knowledge base."""
    cats = _permission_categories(perm)
    primary = cats[0] if cats else None
    if constant is not None and len(cats) > 1:
        words = perm.rsplit(".", 1)[-1].replace("_", " ")
        named = [c for m in constant.term_re.finditer(words)
                 for c in constant.term_cats.get(m.group().lower(), ()) if c in cats]
        primary = named[0] if named else primary
    return PermissionClaim(None if perm == "clipboard" else perm, primary, cats, purpose, (ev,))


def _header_map(cells: list[str], keys: dict[str, list[str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    rxs = _header_res(id(keys), keys)
    for i, c in enumerate(cells):
        low = c.strip().lower()
        if not low or len(low) > 60:
            continue
        for key, rx in rxs:
            if key not in out and rx.search(low):
                out[key] = i
                break
    return out


_HEADER_RES: dict[int, tuple] = {}


@lru_cache(maxsize=1)
def _perm_header_keys() -> dict[str, list[str]]:
    return {"permission": ["权限", "permission"], "purpose": lexicon().fields["purpose"]}


def _header_res(key: int, keys: dict[str, list[str]]) -> list[tuple[str, re.Pattern]]:
    """One substring regex per header key (cached: the key tables are module constants)."""
    got = _HEADER_RES.get(key)
    if got is None or got[0] is not keys:
        got = (keys, [(k, re.compile("|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))))
                      for k, ws in keys.items()])
        _HEADER_RES[key] = got
    return got[1]


# ---- SDK disclosures ------------------------------------------------------------------

@dataclass(frozen=True)
class _SdkIndex:
    alias_re: TermPattern
    alias_ids: dict[str, str]
    strict_re: TermPattern | None  # context-required aliases, case-sensitive
    vendor_re: TermPattern
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
    strict_lower = {x.lower() for x in strict}  # once, not once per alias
    loose = [a for a in alias_ids if a not in strict_lower]
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


def _data_categories_at(sc: _Scan, lx: Lexicon, s: int, e: int) -> tuple[str, ...]:
    """Categories named in doc.text[s:e] (a table cell, a record's value), from the
    document's one scan: a 100,000-row SDK table costs no regex run per row."""
    cats: set[str] = set()
    for c in sc.terms.found(s, e):
        cats |= c
    for t in sc.umbrellas.found(s, e):
        cats |= lx.umbrella_cats[t.lower()]
    return tuple(sorted(cats))


def _text_categories(sc: _Scan, lx: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """Every category the text's category terms name, and every one its umbrella terms
    cover (a few distinct sets, gathered once): what no later lookup can add to."""
    got = sc.text_categories
    if got is None:
        um = sc.umbrellas
        words = set(map(str.lower, map(um.src.__getitem__, map(slice, um.starts, um.ends))))
        got = sc.text_categories = (frozenset().union(*set(sc.terms.values or ())),
                                     frozenset().union(*map(lx.umbrella_cats.__getitem__, words)))
    return got


def _purpose_phrase(text: str) -> str | None:
    m = re.search(r"(?:used\s+(?:for|to)|for\s+the\s+purpose\s+of|in\s+order\s+to|to\s+provide|用于|以便|为了|以实现)\s*(.{3,160}?)(?=[.。;；,，]|$)",
                  text, re.IGNORECASE)
    return m.group(1).strip() if m else None


def extract_sdks(doc: Document, sents: list[_Sentence], lx: Lexicon | None = None,
                 idx: _SdkIndex | None = None) -> tuple[list[SdkClaim], list[SdkTypeClaim]]:
    lx = lx or lexicon()
    idx = idx or sdk_index()
    claims = _SdkMerger()  # merged as they come (same result as merging the list at the end)
    types: list[SdkTypeClaim] = []
    covered: list[tuple[int, int]] = []
    sc = _scan(doc, sents, lx, idx)

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
        ms = _mentions_in(sc, b.start, b.end, True)
        if not ms:  # a header row names no SDK
            h = _header_map(cells, lx.fields)
            if len(h) >= 2:
                header = h
                continue
        if header is None:
            continue
        covered.append((b.start, b.end))
        get = lambda key: cells[header[key]].strip() if key in header and header[key] < len(cells) else ""  # noqa: E731
        ev = None  # built when a claim needs it: a long table naming one SDK fills its quotes early
        purpose = get("purpose") or None
        data_span = b.cells[header["data"]] if "data" in header and header["data"] < len(b.cells) else (b.start, b.start)
        data_cats = None  # looked up unless the row's claim merges into one that has every category already
        lk = get("link")
        link = _URL.search(lk) if lk else _URL.search(doc.text, b.start, b.end)
        if ms:
            named = [mm for mm in ms if mm.sdk_id or mm.vendor_ids]
            vendor = get("vendor") or vendor_of(named)
            restrict = (_type_restriction(get("type") + " " + purpose if purpose else get("type"), lx)
                        if any(mm.vendor_ids for mm in named) else set())  # only narrows vendor mentions
            for mm in _primary(named):
                vids = (tuple(v for v in mm.vendor_ids if idx.categories[v] in restrict) or mm.vendor_ids
                        if restrict else mm.vendor_ids)
                sid = mm.sdk_id or (vids[0] if len(vids) == 1 else None)
                name = get("name") or mm.text
                key = _sdk_key(sid, vids, name)
                if data_cats is None and not claims.covers(key, _text_categories(sc, lx)):
                    data_cats = _data_categories_at(sc, lx, *data_span)
                if claims.needs_evidence(key):
                    ev = ev or _evidence(doc, b.start, b.end)
                    quotes: tuple[Evidence, ...] = (ev,)
                else:
                    quotes = ()
                # merged in place: no SdkClaim built for a row that only adds to its SDK's claim
                claims.add(key, name, vendor or None, sid, vids, purpose, data_cats or (),
                           link.group() if link else None, quotes)
        elif get("name"):
            data_cats = _data_categories_at(sc, lx, *data_span)
            ev = ev or _evidence(doc, b.start, b.end)
            claims.append(SdkClaim(get("name"), get("vendor") or None, None, (), purpose,
                                   data_cats, link.group() if link else None, (ev,)))
        else:
            t = _type_restriction(get("type") + " " + (purpose or ""), lx)
            for tp in sorted(t):
                ev = ev or _evidence(doc, b.start, b.end)
                types.append(SdkTypeClaim(tp, (ev,)))

    # 2. label:value records in prose ("SDK名称：… 使用目的：… 隐私政策链接：…")
    labels = {k: v for k, v in lx.fields.items() if k != "type"}
    label_re = re.compile("(?:" + "|".join(
        rf"(?P<{k}_{i}>{re.escape(w)})" for k, words in labels.items() for i, w in
        enumerate(sorted(words, key=len, reverse=True))) + r")\s*$", re.IGNORECASE)
    found = []
    table_spans = _union(covered)
    for colon in re.finditer(r"[:：]", doc.text):  # labels end at a colon: look back from each one
        c = colon.start()
        m = label_re.search(doc.text, max(0, c - 40), c)
        if m and not _inside(table_spans, m.start()):
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
        title = [mm for mm in _mentions_in(sc, line_start, start, True) if mm.sdk_id]
        ms = title[-1:] + _mentions_in(sc, start, end, True)
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
                                   (_data_categories_at(sc, lx, *rec["data"]) if "data" in rec else ()), link.group() if link else None, (ev,)))

    # 3. bare mentions in prose, and 4. type-only disclosures
    all_spans = _union(covered)
    # (a text without any SDK name or type cue has nothing to find here: no pass over its sentences)
    for sent in (sents if sc.aliases.starts or sc.strict.starts or sc.vendors.starts or sc.type_context.starts
                 else ()):
        if sent.block.kind == "row" or _inside(all_spans, sent.start):
            continue
        ctx = sc.sdk_context.any(sent.start, sent.end)
        ms = [mm for mm in _mentions_in(sc, sent.start, sent.end, ctx) if mm.sdk_id or mm.vendor_ids]
        if ms:
            text = doc.text[sent.start:sent.end]
            vendor = vendor_of(ms)
            for mm in _primary(ms):
                ev = _evidence(doc, sent.start, sent.end, (mm.start, mm.end))
                sid = mm.sdk_id or (mm.vendor_ids[0] if len(mm.vendor_ids) == 1 else None)
                claims.append(SdkClaim(mm.text, vendor, sid, mm.vendor_ids, _purpose_phrase(text), (), None, (ev,)))
            continue
        if sc.type_context.any(sent.start, sent.end):
            seen: set[str] = set()
            for ts, te, term in sc.types.within(sent.start, sent.end):
                tp = lx.type_of[term.lower()]
                if tp in seen:
                    continue
                seen.add(tp)
                types.append(SdkTypeClaim(tp, (_evidence(doc, sent.start, sent.end, (ts, te)),)))
    return claims.result(), _merge_types(types)


_CLAUSE_END = re.compile(r"[,，;；:：。.!！?？]")
_RESTRICT = re.compile(r"[,，]\s*(?:仅|只|而是|但|而仅|only\b|but\b)")


# an English clause with its own subject after a denial: "We do not collect personal data and
# the app only reads your contacts locally", "…, although the app reads your calendar"
_NEW_CLAUSE_EN = re.compile(
    r"(?:[,;]\s*|\s+)(?:and|but|while|although|though|however|yet|so|whereas)\s+(?:the|this|our|we|it|they|you)\b"
    # ... or with a noun subject and a passive verb of its own ("…, and your contacts are only read to
    # find friends")
    r"|[,;]\s*(?:and|while|whereas)\s+(?:your\s+|any\s+|all\s+)?(?:[\w-]+\s+){1,3}?(?:is|are|was|were|will\s+be|may\s+be|can\s+be)"
    r"\s+(?:only\s+|also\s+|then\s+)?(?:[a-z]+ed|read|sent|kept|shown|written|taken|seen)\b"
    r"|\b(?:although|though|whereas|however)\b", re.IGNORECASE)


def _denial_end(text: str, pos: int, e0: int) -> int:
    """Where the scope of a denial ending at `pos` ends: at a restrictive or contrastive
    clause ("…,仅为用户提供…", "…, only to…"), at an English clause with its own subject,
    else at the sentence end."""
    m = _RESTRICT.search(text, pos, min(e0, pos + 120))  # the clause right after the denial
    end = m.start() if m else e0
    if text[pos - 1:pos].isascii():
        n = _NEW_CLAUSE_EN.search(text, pos, min(end, pos + 300))  # bounded: linear on hostile text
        if n is not None:
            end = n.start()
    return end


_DETERMINERS = re.compile(r"(?:\b(?:all|some|any|no|of|or|and|the|your|their|these|those|selected|certain|every|each|"
                          r"other|its|my|our|a|an)\s+)+$", re.IGNORECASE)


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _near(text: str, s: int, e: int, cue, wide: bool = False) -> bool:
    """A cue within a few characters of text[s:e] (12 before, 16 after; `wide`: 24 and 24, for
    English, whose words are longer: "read and write access to your storage"), in the same clause."""
    a, z = max(0, s - (24 if wide else 12)), min(len(text), e + (24 if wide else 16))
    if wide:  # determiners do not part a verb from its object: "upload all or some or no contacts"
        d = _DETERMINERS.search(text, max(0, s - 40), s)
        if d is not None:
            a = max(0, a - (d.end() - d.start()))
    # an English word the window cuts is not a cue ("accessible" cut to "access")
    while 0 < a < s and _ascii_word(text[a - 1]) and _ascii_word(text[a]):
        a += 1
    while e < z < len(text) and _ascii_word(text[z]) and _ascii_word(text[z - 1]):
        z -= 1
    before = text[a:s]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    after = text[e:z]
    m = _CLAUSE_END.search(after)
    return bool(cue.search(before[cut:]) or cue.search(after[:m.start()] if m else after))


def _floor(cuts: list[int] | None, pos: int, low: int) -> int:
    """The start of the sentence holding `pos`, or `low` if that is later."""
    if not cuts:
        return low
    i = bisect.bisect_right(cuts, pos) - 1
    return max(low, cuts[i]) if i >= 0 else low


def _union(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, merged spans as (starts, ends), for bisect lookups (linear on hostile tables)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _inside(union: tuple[list[int], list[int]], pos: int) -> bool:
    i = bisect.bisect_right(union[0], pos) - 1
    return i >= 0 and pos < union[1][i]


def _start_at(union: tuple[list[int], list[int]], pos: int) -> int:
    return union[0][bisect.bisect_right(union[0], pos) - 1]


def _end_at(union: tuple[list[int], list[int]], pos: int) -> int:
    return union[1][bisect.bisect_right(union[0], pos) - 1]


def _primary(ms: list[_Mention]) -> list[_Mention]:
    """Mentions naming distinct SDKs; a vendor mention next to an alias of its own SDK adds nothing."""
    if len(ms) < 2:
        return ms  # (one mention: itself; every table row naming one SDK)
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


def _sdk_key(sdk_id: str | None, vendor_ids: tuple[str, ...], name: str) -> str:
    """What SDK claims merge on: the SDK, else the vendor's SDKs, else the name."""
    return sdk_id or ("vendor:" + ",".join(vendor_ids) if vendor_ids else "name:" + name.lower())


class _SdkMerger:
    """One claim per SDK, merged as claims arrive: the first name, the first non-empty
    vendor, id, purpose and link, the union of categories, the first MAX_EVIDENCE quotes.
    Accumulated in place, so a 100,000-row table naming one SDK keeps one claim in memory,
    not 100,000 claims and as many intermediate merges."""

    def __init__(self) -> None:
        self.merged: dict[str, list] = {}

    def covers(self, key: str, cats: tuple[frozenset[str], ...]) -> bool:
        """Whether the claim merged under `key` already names every category in `cats`."""
        acc = self.merged.get(key)
        return acc is not None and all(c <= acc[5] for c in cats)

    def needs_evidence(self, key: str) -> bool:
        """Whether a claim with this key would keep a quote (its first, or one of MAX_EVIDENCE)."""
        acc = self.merged.get(key)
        return acc is None or len(acc[7]) < MAX_EVIDENCE

    def append(self, c: SdkClaim) -> None:
        self.add(_sdk_key(c.sdk_id, c.vendor_sdk_ids, c.name), c.name, c.vendor, c.sdk_id, c.vendor_sdk_ids,
                 c.purpose, c.categories, c.policy_url, c.evidence, c)

    def add(self, key: str, name: str, vendor: str | None, sdk_id: str | None, vendor_ids: tuple[str, ...],
            purpose: str | None, categories: tuple[str, ...], url: str | None, evidence: tuple[Evidence, ...],
            claim: SdkClaim | None = None) -> None:
        """append(SdkClaim(name, …, evidence)) under `key`, the claim built only if it is the first."""
        acc = self.merged.get(key)
        if acc is None:
            c = claim or SdkClaim(name, vendor, sdk_id, vendor_ids, purpose, categories, url, evidence)
            self.merged[key] = [c, vendor, sdk_id, vendor_ids, purpose, set(categories), url,
                                list(evidence[:MAX_EVIDENCE]), True]
            return
        acc[1] = acc[1] or vendor
        acc[2] = acc[2] or sdk_id
        acc[3] = acc[3] or vendor_ids
        acc[4] = acc[4] or purpose
        acc[5].update(categories)
        acc[6] = acc[6] or url
        if len(acc[7]) < MAX_EVIDENCE:
            acc[7].extend(evidence[:MAX_EVIDENCE - len(acc[7])])
        acc[8] = False  # merged: rebuilt from the accumulator

    def result(self) -> list[SdkClaim]:
        return [first if single else SdkClaim(first.name, vendor, sid, vids, purpose, tuple(sorted(cats)), url,
                                              tuple(ev))
                for first, vendor, sid, vids, purpose, cats, url, ev, single in self.merged.values()]


def _merge_types(types: list[SdkTypeClaim]) -> list[SdkTypeClaim]:
    merged: dict[str, SdkTypeClaim] = {}
    for t in types:
        old = merged.get(t.type)
        merged[t.type] = t if old is None else SdkTypeClaim(t.type, (old.evidence + t.evidence)[:MAX_EVIDENCE])
    return list(merged.values())

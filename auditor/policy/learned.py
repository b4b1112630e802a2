"""A learned second opinion on the English reader's category claims.

The rule reader (extract.py) decides each category by hand-written rules. This module scores
the reader's own text units (the sentences `sentences()` cuts) that name a category through a
lexicon term, with a logistic-regression model trained on the annotated English `tune` policies
(tools/policy_model.py; the weights are data: sentence_model.json, loaded like the lexicon).
Per (policy, category) the scores then
- veto a reader `declared` whose every supporting sentence scores below `t_low`, unless some of
  its evidence is strong (`strong_sentence`, a permission statement, a table row): the model
  overrules only the reader's weaker evidence, and
- promote to `declared` a category the reader did not declare (nor deny) when a sentence scores
  above `t_high` and is itself a strong collection sentence.

Features are plain strings (word 1- and 2-grams with the category term replaced by a
placeholder, the words next to it, the category, the block kind; not the reader's verdict);
a score is a sparse dot product, linear in the sentence's length. No numpy.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

T_TOKEN = "T"  # the category's own term
O_TOKEN = "O"  # another category's term
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
MAX_TOKENS = 80  # per side of the first target term: a sentence's features stay bounded
NEAR = 4  # words each side of a target term that also count as "near" features


@dataclass(frozen=True)
class SentenceModel:
    weights: dict  # feature -> weight
    bias: float
    t_low: float  # veto a reader `declared` when every supporting unit scores below this
    t_high: float  # promote to `declared` when a unit scores at or above this
    categories: frozenset  # the categories the combination may change
    header: dict
    default_on: bool = False  # combined with the reader when read_policy is not told
    context: bool = False  # features also from the unit's section heading and list lead-in (`Context`)

    def score(self, feats) -> float:
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def model_from_json(raw: dict) -> SentenceModel:
    return SentenceModel(dict(raw["weights"]), float(raw["bias"]), float(raw["t_low"]), float(raw["t_high"]),
                         frozenset(raw["categories"]), dict(raw.get("header", {})), bool(raw.get("default_on", False)),
                         bool(raw.get("context", False)))


@lru_cache(maxsize=2)
def packaged_model(name: str = "sentence_model.json") -> SentenceModel | None:
    """The shipped model (auditor/policy/sentence_model.json; the Chinese one: packaged_model_zh),
    None when the file is absent."""
    from importlib import resources

    p = resources.files("auditor.policy").joinpath(name)
    if not p.is_file():
        return None
    return model_from_json(json.loads(p.read_text(encoding="utf-8")))


def packaged_model_zh() -> SentenceModel | None:
    """The shipped Chinese model (auditor/policy/sentence_model_zh.json), None when absent."""
    return packaged_model("sentence_model_zh.json")


def chosen_model(catalogues, learned: bool | None, language: str = "en") -> SentenceModel | None:
    """The sentence model of `language` (en, zh) a reading combines with, or None (off, or no model
    file): the catalogues' model (else the packaged one), on when `learned` says so, or by its own
    `default_on` when `learned` is None. read_policy and a batch's settings key both ask this."""
    attr = "sentence_model" if language == "en" else "sentence_model_zh"
    model = getattr(catalogues, attr, None) if catalogues is not None else None
    if model is None and (learned or learned is None):
        model = packaged_model() if language == "en" else packaged_model_zh()
    if model is None:
        return None
    on = model.default_on if learned is None else learned
    return model if on else None


def tokens(text: str, s0: int, e0: int, target: list[tuple[int, int]], other: list[tuple[int, int]]) -> list[str]:
    """Lowercased words of text[s0:e0], each target span one T, each other term's span one O,
    at most MAX_TOKENS each side of the first target."""
    spans = sorted([(s, e, T_TOKEN) for s, e in target] + [(s, e, O_TOKEN) for s, e in other])
    out: list[str] = []
    pos = s0
    first = -1
    for s, e, tok in spans:
        if s < pos:
            continue  # (overlapping spans: the first one wins)
        out.extend(_WORD.findall(text[pos:s].lower()))
        if tok == T_TOKEN and first < 0:
            first = len(out)
        out.append(tok)
        pos = e
    out.extend(_WORD.findall(text[pos:e0].lower()))
    if first < 0:
        first = 0
    lo = max(0, first - MAX_TOKENS)
    return out[lo:first + MAX_TOKENS]


def features(toks: list[str], cat: str, kind: str, ctx: tuple[str, ...] = ()) -> list[str]:
    """The features of one unit: the text only, never the reader's verdict (the reader is fitted
    to the training policies; a model that saw its verdicts there learns to trust it blindly).
    `ctx`: context features (`Context.of`), taken as they are."""
    f = {"c:" + cat, "k:" + kind}
    f.update(ctx)
    prev = "<s>"
    for t in toks:
        f.add("u:" + t)
        f.add("b:" + prev + "_" + t)
        prev = t
    f.add("b:" + prev + "_</s>")
    for i, t in enumerate(toks):
        if t != T_TOKEN:
            continue
        f.add("L:" + (toks[i - 1] if i else "<s>"))
        f.add("R:" + (toks[i + 1] if i + 1 < len(toks) else "</s>"))
        for w in toks[max(0, i - NEAR):i]:
            f.add("nl:" + w)
        for w in toks[i + 1:i + 1 + NEAR]:
            f.add("nr:" + w)
    return sorted(f)


MAX_HEAD = 8  # words of a section heading used as features
MAX_LEAD = 10  # last words of a list's lead-in sentence used as features
LOOKBACK = 64  # list items / table rows looked back over to find the lead-in (bounded)


class Context:
    """Context features of a sentence: the words of its section's heading ("h:" + word) and,
    for a list item or table row, the last words of the paragraph sentence that leads into the
    list ("li:" + word; "Information we do not collect:", "We use the following permissions:").
    Per sentence: one bisect and at most LOOKBACK steps back; heading words cached per heading."""

    def __init__(self, doc, sents):
        self.text, self.sents = doc.text, sents
        self.heads = doc.headings
        self.starts = [h.start for h in doc.headings]
        self._h: dict[int, tuple[str, ...]] = {}

    def of(self, i: int) -> tuple[str, ...]:
        sent = self.sents[i]
        k = bisect.bisect_right(self.starts, sent.start) - 1
        out: tuple[str, ...] = ()
        if k >= 0:
            hw = self._h.get(k)
            if hw is None:
                hw = self._h[k] = tuple("h:" + w for w in _WORD.findall(self.heads[k].title[:200].lower())[:MAX_HEAD])
            out = hw
        if sent.block.kind in ("item", "row"):
            j, n = i - 1, 0
            while j >= 0 and n < LOOKBACK and self.sents[j].block.kind in ("item", "row"):
                j, n = j - 1, n + 1
            if j >= 0 and n < LOOKBACK and self.sents[j].block.kind == "paragraph":
                lead = self.sents[j]
                words = _WORD.findall(self.text[max(lead.start, lead.end - 200):lead.end].lower())[-MAX_LEAD:]
                out = out + tuple("li:" + w for w in words)
        return out


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    category: str
    feats: tuple[str, ...]
    unit_status: str  # the reader's status for this sentence and category: declared | denied | vague | none
    strong: bool = False  # a strong collection sentence for the category (strong_sentence)


def units(doc, sents, sc, claims: dict, categories=None, context: bool = False) -> list[Unit]:
    """The sentences of an English document that name a category through a lexicon term, one
    Unit per (sentence, category). `claims`: the reader's category claims (its status per
    category and the evidence that supports it). `context`: with `Context` features."""
    text = doc.text
    tok, feat, strong_s = _kit(doc.language)
    ev_at: dict[str, list[tuple[int, int]]] = {c: [(e.start, e.end) for e in cl.evidence] for c, cl in claims.items()}
    out: list[Unit] = []
    cx = Context(doc, sents) if context else None
    for i, sent in enumerate(sents):
        s0, e0 = sent.start, sent.end
        hits = sc.terms.within(s0, e0)
        if not hits:
            continue
        cats: dict[str, list[tuple[int, int]]] = {}
        for s, e, cs in hits:
            for c in cs:
                if categories is None or c in categories:
                    cats.setdefault(c, []).append((s, e))
        ctx = cx.of(i) if cx is not None else ()
        for c, spans in cats.items():
            other = [(s, e) for s, e, cs in hits if c not in cs]
            toks = tok(text, s0, e0, spans, other)
            cl = claims.get(c)
            ust = cl.status if cl is not None and any(s0 <= a and b <= e0 for a, b in ev_at[c]) else "none"
            own = [(s, e) for s, e, cs in hits if cs == {c}]
            f = feat(toks, c, sent.block.kind, ctx) if ctx else feat(toks, c, sent.block.kind)  # (context: English only)
            out.append(Unit(s0, e0, c, tuple(f), ust, strong_s(text, s0, e0, own)))
    return out


def _kit(language: str):
    """(tokens, features, strong sentence) of a document's language: Chinese or English."""
    if language == "zh":
        return zh_tokens, zh_features, zh_strong_sentence
    return tokens, features, strong_sentence


# ---- the reader's strong evidence: where the model has no say -----------------------------------
# An actor that is the app or its maker: "we", "our app", "the application", or a capitalised name
# that opens the sentence ("Call Notifier looks up ..."); then a collection verb; then, later in the
# sentence, the category's own term; no negation between the actor and the term.
_ACTOR = re.compile(r"\b(?:we|our\s+(?:apps?|applications?|services?|software)|the\s+(?:app|application|service|software)"
                    r"|this\s+(?:app|application))\b", re.IGNORECASE)
_NAME_ACTOR = re.compile(r"\s*(?:[A-Z][\w'&-]*\s+){0,3}[A-Z][\w'&-]*\s+")
_FILL = re.compile(r"(?:(?:may|might|will|can|could|would|also|only|automatically|directly|then|do|does|need\s+to|"
                   r"have\s+to|want\s+to|are\s+able\s+to)\s+){0,3}", re.IGNORECASE)
_COLLECT = re.compile(r"(?:collect|obtain|access|use|read|record|receiv|gather|track|stor|process|request|look\w*\s+up|"
                      r"scan|captur|upload|sync|retriev|determin|detect|log|save|keep|ask|get|need|requir)\w*\b",
                      re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|no|neither|nor|without|none)\b|n't\b|\bcannot\b", re.IGNORECASE)
STRONG_WINDOW = 300  # characters before the term looked at (bounded per sentence)


def strong_sentence(text: str, s0: int, e0: int, spans: list[tuple[int, int]]) -> bool:
    """Does text[s0:e0] say the app (or "we") collects the category through one of its own terms
    `spans` (terms that name this category alone: "GPS", not "location"; the term follows actor +
    verb, no negation between)? Such a sentence is the reader's
    strong evidence: the model neither vetoes it nor promotes anything else. Looks at most
    STRONG_WINDOW characters before each term: bounded whatever the sentence's length. A question
    ("Does the app collect ...?") is never strong."""
    if text[max(s0, e0 - 8):e0].rstrip().endswith("?"):
        return False
    for s, _e in spans[:4]:
        lo = max(s0, s - STRONG_WINDOW)
        head = text[lo:s]
        starts = [m.end() for m in _ACTOR.finditer(head)]
        if lo == s0:
            m = _NAME_ACTOR.match(head)
            if m is not None and _COLLECT.match(head, m.end()) is not None:
                starts.append(m.end())
        for a in starts:
            f = _FILL.match(head, a + (1 if a < len(head) and head[a].isspace() else 0))
            pos = f.end() if f is not None else a
            while pos < len(head) and head[pos].isspace():
                pos += 1
            if _COLLECT.match(head, pos) is not None and _NEGATION.search(head, a) is None:
                return True
    return False


def strong_unit(text: str, sent, own: list[tuple[int, int]], strong_s=None) -> bool:
    """Is the reader's evidence in sentence `sent` strong for a category whose own terms there are
    `own`? A table row, or a `strong_sentence`. (`apply` and `strong_evidence` ask the same.)"""
    if strong_s is zh_strong_sentence and (sent.block.kind in ZH_STRONG_KINDS or sent.end - sent.start <= ZH_SHORT):
        return True  # (Chinese: a list item or a short label is read from its title or lead, which the model does not see)
    return sent.block.kind == "row" or (strong_s or strong_sentence)(text, sent.start, sent.end, own)


def strong_evidence(doc, sents, sc, claims: dict, protected) -> dict[str, list[bool]]:
    """Per category the reader declared: for each piece of its evidence, is it strong? (a
    permission statement's evidence `protected`, or `strong_unit` of the sentence holding it).
    What `apply` decides inline, for tools/policy_model.py's records."""
    text = doc.text
    strong_s = _kit(doc.language)[2]
    starts = [x.start for x in sents]
    out: dict[str, list[bool]] = {}
    for c, cl in claims.items():
        if cl.status != "declared":
            continue
        flags = []
        for ev in cl.evidence:
            strong = (ev.start, ev.end) in protected
            i = bisect.bisect_right(starts, ev.start) - 1  # the sentence that starts at or before it
            if not strong and i >= 0 and ev.end <= sents[i].end:
                sent = sents[i]
                own = [(s, e) for s, e, cs in sc.terms.within(sent.start, sent.end) if cs == {c}]
                strong = strong_unit(text, sent, own, strong_s)
            flags.append(strong)
        out[c] = flags
    return out


MAX_UNITS = 2000  # scored sentences per category at most (a hostile document names one 100,000 times)


def apply(model: SentenceModel, doc, sents, sc, claims: dict, evidence, protected=frozenset()) -> tuple[dict, dict]:
    """The reader's claims after the model's veto and promotion, and what changed (category ->
    {"change": "vetoed"|"promoted", "reader_status", "score", "evidence"}). `evidence(s, e)`
    makes the quote of a promoted sentence; `protected`: the (start, end) of the permission
    statements' evidence (strong: never vetoed).

    One pass over the sentences; a category stops being scored once its verdict is known (a
    reader `declared` with a sentence at `t_low` or more: no veto; eight sentences at `t_high`
    or more: promoted) or after MAX_UNITS sentences, and a sentence text seen before reuses its
    score: linear in the text, bounded per category."""
    from auditor.policy.extract import CategoryClaim

    text = doc.text
    tok, feat, strong_s = _kit(doc.language)
    cats = model.categories
    declared = {c for c, cl in claims.items() if c in cats and cl.status == "declared"}
    evs = {c: [(e.start, e.end) for e in claims[c].evidence] for c in declared}
    covered: dict[str, set] = {c: set() for c in declared}
    strong: set[str] = {c for c in declared if any((e.start, e.end) in protected for e in claims[c].evidence)}
    denied = {c for c, cl in claims.items() if cl.status == "denied"}
    best: dict[str, float] = {}
    top: dict[str, list] = {}
    seen: dict[str, int] = {}
    done: set[str] = set()
    memo: dict[tuple[str, str], float] = {}
    values = sc.terms.values
    present = cats.intersection(frozenset().union(*set(values))) if values else frozenset()
    cx = Context(doc, sents) if model.context else None
    for i, sent in enumerate(sents):
        if len(done) >= len(present) and done >= present:
            break  # every category the text names is decided
        s0, e0 = sent.start, sent.end
        hits = sc.terms.within(s0, e0)
        if not hits:
            continue
        spans: dict[str, list[tuple[int, int]]] = {}
        own: dict[str, list[tuple[int, int]]] = {}  # the terms that name the category alone
        for s, e, cs in hits:
            for c in cs:
                if c in cats:
                    spans.setdefault(c, []).append((s, e))
                    if len(cs) == 1:
                        own.setdefault(c, []).append((s, e))
        ctx = None
        for c, sp in spans.items():
            if c in declared:
                cov = covered[c]
                for k, (a, b) in enumerate(evs[c]):
                    if s0 <= a and b <= e0 and k not in cov:
                        cov.add(k)
                        if c not in strong and strong_unit(text, sent, own.get(c, []), strong_s):
                            strong.add(c)
                if c in strong:
                    done.add(c)  # strong evidence: no veto, nothing left to decide
            if c in done or c in denied:
                continue  # (a reader `denied` is never promoted)
            if ctx is None:
                ctx = cx.of(i) if cx is not None else ()
            # (a context-free model keeps round 2's key, the sentence text only: its reading unchanged)
            key = (c, text[s0:e0], sent.block.kind, ctx) if cx is not None else (c, text[s0:e0])
            p = memo.get(key)
            if p is None:
                other = [(s, e) for s, e, cs in hits if c not in cs]
                t = tok(text, s0, e0, sp, other)
                p = memo[key] = model.score(feat(t, c, sent.block.kind, ctx) if ctx else feat(t, c, sent.block.kind))
            if p > best.get(c, -1.0):
                best[c] = p
            if p >= model.t_high and c not in declared and strong_s(text, s0, e0, own.get(c, [])):
                top.setdefault(c, []).append((s0, e0))  # (promoted only by a strong collection sentence)
            seen[c] = seen.get(c, 0) + 1
            if (c in declared and p >= model.t_low) or len(top.get(c, ())) >= 8 or seen[c] >= MAX_UNITS:
                done.add(c)
    out = dict(claims)
    changes: dict[str, dict] = {}
    for c in sorted(best):
        cl = claims.get(c)
        if c in declared:
            # every piece of declared evidence lies in a scored sentence (else a permission statement
            # or a table label declared it: the model has no say) and none scores t_low or more
            if len(covered[c]) == len(evs[c]) and c not in strong and best[c] < model.t_low:
                del out[c]
                ev = cl.evidence[0]
                changes[c] = {"change": "vetoed", "reader_status": "declared", "score": round(best[c], 3),
                              "evidence": [{"quote": ev.quote, "start": ev.start, "end": ev.end, "section": ev.section}]}
        elif top.get(c):
            out[c] = CategoryClaim("declared", tuple(evidence(a, b) for a, b in top[c][:8]))
            changes[c] = {"change": "promoted", "reader_status": cl.status if cl is not None else "absent",
                          "score": round(best[c], 3), "evidence": []}
    return dict(sorted(out.items())), changes


# ---- Chinese (sentence_model_zh.json): the same combination, Chinese features and strong evidence ----
# A Chinese sentence has no spaces: its features are characters and character pairs (the category's
# term one symbol T, another category's term O), the characters next to T, cue words (negation,
# condition, actor) and their place relative to T, the category and the block kind.
_ZH_SYM = re.compile(r"[\u3400-\u9fff]|[a-z]+|\d+|[,，;；:：。.!！?？、()（）]")
_ZH_PUNCT = {",": "，", ";": "；", ":": "：", ".": "。", "!": "。", "！": "。", "?": "？", "(": "（", ")": "）"}
ZH_WINDOW = 60  # symbols each side of the first target term: a sentence's features stay bounded
ZH_NEAR = 6
_ZH_CUES = {
    "neg": ("不", "未", "无需", "无须", "没有", "拒绝", "无法", "禁止", "并非", "不会", "从不", "绝不"),
    "cond": ("如果", "若", "当", "如需", "假如", "一旦", "仅在", "只有"),
    "we": ("我们", "本应用", "本软件", "本产品", "本平台", "本app"),
    "third": ("第三方", "sdk", "合作", "服务商"),
    "perm": ("权限", "授权", "允许"),
    "collect": ("收集", "获取", "访问", "调用", "读取", "采集", "使用", "申请", "上传", "记录"),
}


def zh_tokens(text: str, s0: int, e0: int, target: list[tuple[int, int]], other: list[tuple[int, int]]) -> list[str]:
    """The symbols of a Chinese sentence text[s0:e0] (each CJK character, each Latin word, number or
    punctuation mark; T for a target span, O for another term's), at most ZH_WINDOW each side of
    the first target."""
    spans = sorted([(s, e, T_TOKEN) for s, e in target] + [(s, e, O_TOKEN) for s, e in other])
    out: list[str] = []
    first = -1
    lo_text = max(s0, (target[0][0] if target else s0) - 4 * ZH_WINDOW)
    hi_text = min(e0, (target[0][1] if target else s0) + 4 * ZH_WINDOW)  # (bounded text scanned)
    pos = lo_text
    for s, e, tok in spans:
        if s < pos or s >= hi_text:
            continue
        out.extend(_ZH_PUNCT.get(t, t) for t in _ZH_SYM.findall(text[pos:s].lower()))
        if tok == T_TOKEN and first < 0:
            first = len(out)
        out.append(tok)
        pos = e
    out.extend(_ZH_PUNCT.get(t, t) for t in _ZH_SYM.findall(text[pos:max(pos, hi_text)].lower()))
    if first < 0:
        first = 0
    return out[max(0, first - ZH_WINDOW):first + ZH_WINDOW]


def zh_features(toks: list[str], cat: str, kind: str) -> list[str]:
    """The features of one Chinese unit (the text only, never the reader's verdict)."""
    f = {"c:" + cat, "k:" + kind}
    prev = "<s>"
    for t in toks:
        f.add("u:" + t)
        f.add("b:" + prev + t)
        prev = t
    f.add("b:" + prev + "</s>")
    joined = "".join(toks)
    ti = [i for i, t in enumerate(toks) if t == T_TOKEN]
    for i in ti:
        f.add("L:" + "".join(toks[max(0, i - 2):i]))
        f.add("R:" + "".join(toks[i + 1:i + 3]))
        for w in toks[max(0, i - ZH_NEAR):i]:
            f.add("nl:" + w)
        for w in toks[i + 1:i + 1 + ZH_NEAR]:
            f.add("nr:" + w)
    t0 = joined.find(T_TOKEN)
    for name, words in _ZH_CUES.items():
        for w in words:
            k = joined.find(w)
            if k < 0:
                continue
            f.add("q:" + name)
            f.add("q:" + name + ("<T" if k < t0 else ">T"))
            if k < t0 and t0 - k <= 12:
                f.add("q:" + name + "~T")
            break
    return sorted(f)


# the app as actor (not an object: "对我们", not "我们的"), a few fillers or a "when ..." clause, a verb
_ZH_ACTOR_VERB = re.compile(
    r"(?<![对向让供给与和及])(?:我们|我方|本应用|本软件|本产品|本平台|本程序|本[Aa][Pp][Pp]|本服务)(?!的)"
    r"(?:会|将|可能|需要|也|还|仅|均|同时|可|才|只){0,4}(?:在[^，,。；;]{0,24}(?:时|后|中)[，,]?)?"
    r"(?:收集|获取|访问|调用|读取|采集|使用|申请|上传|记录|开启|请求|获得|查看|储存|存储|保存|识别)")
_ZH_NEGATION = re.compile(r"不(?!限于|仅|同|超过)|未|无需|无须|无法|没有|拒绝|禁止|除非|并非|撤回|泄露|若|如果|假如|倘若|\?|？")
_ZH_CLAUSE_END = re.compile(r"[。；;]")
ZH_VERB_REACH = 40  # characters from the verb to the term at most
ZH_STRONG_WINDOW = 80
ZH_STRONG_KINDS = ("item",)  # Chinese evidence in these blocks is strong (never vetoed)
ZH_SHORT = 20  # and in a sentence of at most this many characters  # characters before the term looked at (bounded per sentence)


def zh_strong_sentence(text: str, s0: int, e0: int, spans: list[tuple[int, int]]) -> bool:
    """Does the Chinese text[s0:e0] say the app ("我们", "本应用"...) collects the category through one of
    its own terms `spans`: the actor, then (fillers, a "在…时" clause) a collection verb, then the term
    within ZH_VERB_REACH characters and the same clause, no negation, condition or withdrawal between
    the actor and the term; looks ZH_STRONG_WINDOW characters before the term at most. Not a question."""
    if text[max(s0, e0 - 4):e0].rstrip().endswith(("?", "？")):
        return False
    for s, _e in spans[:4]:
        lo = max(s0, s - ZH_STRONG_WINDOW)
        head = text[lo:s]
        for m in _ZH_ACTOR_VERB.finditer(head):
            if (len(head) - m.end() <= ZH_VERB_REACH and _ZH_NEGATION.search(head, m.start()) is None
                    and _ZH_CLAUSE_END.search(head, m.end()) is None):
                return True
    return False

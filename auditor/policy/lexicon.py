"""Compile lexicon.toml into matchers (cached; pure)."""

from __future__ import annotations

import operator
import re
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import chain, islice, repeat

from auditor.knowledge import categories, load_toml_text


def _is_cjk(term: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in term)


# a Latin word inside a Chinese term ("IP地址", "设备ID"): Chinese text written with a space
# between Chinese and Latin ("IP 地址", "设备 ID", "SD 卡"; a common style of developers'
# Markdown policies) names the same thing
_LATIN_HAN = re.compile(r"(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])")


def with_spaced(terms: list[str]) -> list[str]:
    """`terms` plus, for each Chinese term with a Latin word in it, the same term with a space at
    every Latin-Chinese boundary ("IP地址" -> also "IP 地址")."""
    extra = [_LATIN_HAN.sub(" ", t) for t in terms if _LATIN_HAN.search(t)]
    return terms + extra if extra else terms


def _trie_pattern(terms: list[str], fold: bool) -> str:
    """A regex matching any of `terms`, factored by common prefixes.

    Python's `re` tries every branch of a flat alternation at every position, so hundreds of
    aliases cost hundreds of attempts per character; a prefix tree costs about one. Greedy
    branches with an optional end keep the longest match first, as the flat alternation
    sorted longest-first did. With `fold`, ASCII letters become [Xx] classes, so the
    pattern needs no IGNORECASE flag (which disables `re`'s fast first-character scan)."""
    trie: dict = {}
    for t in terms:
        node = trie
        for ch in (t.lower() if fold else t):
            node = node.setdefault(ch, {})
        node[""] = {}

    def atom(ch: str) -> str:
        if fold and ch.isascii() and ch.isalpha():
            return f"[{ch.upper()}{ch}]"
        return re.escape(ch)

    def emit(node: dict) -> str:
        end = "" in node
        branches = [atom(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return emit(trie)


_TOKEN = re.compile(r"[A-Za-z0-9]+")
_SMALL = 20_000  # below this many characters a plain regex scan is cheapest
_token_cache: tuple = ()


_WANTED: set[str] = set()  # the (lowercased) words some anchored TermPattern's terms start with
_wanted_re: list = [None, -1]  # a finder of those words, and len(_WANTED) when it was compiled


def _wanted_finders() -> tuple[re.Pattern, re.Pattern]:
    """Two finders of the same words: with the word-start look-behind, and without it (a
    match inside a word then runs to that word's end, and the caller drops it). A leading
    look-behind stops `re` from skipping ahead to the words' first letters, so the second
    is the fast one on a text of few Latin letters (Chinese); on English text, where most
    characters are letters, the first rejects a position inside a word sooner."""
    if _wanted_re[1] != len(_WANTED):  # the set only grows: its size is its version
        trie = _trie_pattern(sorted(_WANTED), False)
        _wanted_re[0] = (re.compile(r"(?<![A-Za-z0-9])(?:" + trie + r")(?![A-Za-z0-9])"),
                         re.compile("(?:" + trie + r")(?![A-Za-z0-9])"))
        _wanted_re[1] = len(_WANTED)
    return _wanted_re[0]


_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _token_index(text: str) -> dict[str, list[int]]:
    """Start offsets of the ASCII words of `text` that start some anchored term, by
    lowercased word (the last two texts are cached: a document and its URL-masked copy).

    Found with one regex over the lowercased text (C speed; twice as fast as tokenising
    every word in Python, and only the wanted words are kept). Lowercasing keeps every
    offset and every ASCII word except where U+0130 (two characters lowercased) or the
    Kelvin sign (lowercased to "k") occur: such texts are tokenised word by word."""
    global _token_cache
    cached = _token_cache
    for t, version, index in cached:
        if t is text and version == len(_WANTED):
            return index
    index: dict[str, list[int]] = {}
    low = text.lower()
    if len(low) == len(text) and "\u212a" not in text:
        if _WANTED:
            bounded, loose = _wanted_finders()
            sample = low[:65536]
            if len(sample.encode("ascii", "ignore")) * 2 >= len(sample):  # mostly ASCII
                for m in bounded.finditer(low):
                    index.setdefault(m.group(), []).append(m.start())
            else:
                for m in loose.finditer(low):
                    p = m.start()
                    if p and low[p - 1] in _ALNUM:
                        continue  # inside a word (which the match ran to the end of)
                    index.setdefault(m.group(), []).append(p)
    else:
        for m in _TOKEN.finditer(text):
            index.setdefault(m.group().lower(), []).append(m.start())
    _token_cache = ((text, len(_WANTED), index),) + cached[:1]
    return index


def span_array(matches) -> array:
    """start, end, start, end… of the matches, collected by C-level iteration."""
    return array("q", chain.from_iterable(map(re.Match.span, matches)))


_START, _END = operator.itemgetter(0), operator.itemgetter(1)


def _compiled(p) -> re.Pattern:
    return p if isinstance(p, re.Pattern) else re.compile(*p)


class TermPattern:
    """Many terms as two regexes, Latin on ASCII word boundaries and Chinese as substrings,
    with the `re.Pattern` methods the reader uses (search, finditer).

    Speed on megabytes of text: one alternation of both kinds defeats `re`'s
    first-character scan, so Chinese terms get their own pattern (a prefix tree without
    IGNORECASE: 5 MB scanned in a fraction of a second). Latin terms are tried only where
    a word starts that begins some term (from a word index of the text shared by every
    pattern), so ten lexicon patterns over 6 MB of English cost one tokenising pass."""

    def __init__(self, parts: list, anchored: dict[int, tuple[object, frozenset[str]]] | None = None,
                 wide: tuple[int, ...] = ()) -> None:
        # Patterns are given compiled or as (source, flags), compiled on first use: `re`
        # compiles in Python (0.4 s for the lexicon and SDK names), and a small policy never
        # needs the anchored forms, a large one rarely all of the full ones.
        self._parts_src = parts  # full patterns, in order (Latin first)
        self._parts: list[re.Pattern] | None = None
        # part index -> (the same pattern without its leading boundary, the words its terms
        # start with): on large texts such a part is matched only where those words start
        self._anchored_src = anchored or {}
        self._anchored: dict[int, tuple[re.Pattern, frozenset[str]]] | None = None
        for _rx, words in self._anchored_src.values():
            _WANTED.update(words)
        # the parts to try on a text; `wide` parts match only non-ASCII characters (Chinese
        # terms), so an all-ASCII text (str.isascii() reads a flag: no scan) skips them
        self._all = tuple(range(len(parts)))
        self._narrow = tuple(i for i in self._all if i not in wide)

    def _live(self, text: str) -> tuple[int, ...]:
        return self._narrow if text.isascii() else self._all

    @property
    def parts(self) -> list[re.Pattern]:
        if self._parts is None:
            self._parts = [_compiled(p) for p in self._parts_src]
        return self._parts

    def _part(self, i: int) -> re.Pattern:
        """parts[i] alone (a large text matches the anchored parts without their full forms)."""
        return self._parts[i] if self._parts is not None else _compiled(self._parts_src[i])

    @property
    def anchored(self) -> dict[int, tuple[re.Pattern, frozenset[str]]]:
        if self._anchored is None:
            self._anchored = {i: (_compiled(rx), words) for i, (rx, words) in self._anchored_src.items()}
        return self._anchored

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        best = None
        parts = self.parts
        for i in self._live(text):
            m = parts[i].search(text, pos, end)
            if m and (best is None or m.start() < best.start()
                      or (m.start() == best.start() and m.end() > best.end())):
                best = m
        return best

    @property
    def first_words(self) -> frozenset[str]:
        return frozenset().union(*(fw for _rx, fw in self._anchored_src.values()))

    @staticmethod
    def _candidates(text: str, first_words: frozenset[str]) -> list[int]:
        """Sorted starts of the words of `text` that some term of an anchored part starts with."""
        index = _token_index(text)
        starts: list[int] = []
        for w in first_words:
            starts.extend(index.get(w, ()))
        starts.sort()
        return starts

    @staticmethod
    def _anchored_iter(text: str, pos: int, end: int, rx: re.Pattern, first_words: frozenset[str]):
        starts = TermPattern._candidates(text, first_words)
        last = pos
        for s in starts:
            if s < last or s >= end:
                continue
            m = rx.match(text, s, end)
            if m:
                yield m
                last = m.end()

    def offsets(self, text: str) -> tuple[array, array]:
        """Starts and ends of `self.finditer(text)`'s matches, without a Python step per
        match: each part's matches are collected by `re` (anchored parts: one match per
        candidate word) straight into offset arrays (no tuple kept per match), then sorted
        together. Where no two of them overlap that is what the merge in `finditer`
        yields; otherwise (rare) the merge decides."""
        if self._anchored_src and len(text) > _SMALL:
            anchored = self.anchored
            flats = [self._anchored_flat(text, *anchored[i]) if i in anchored
                     else span_array(self._part(i).finditer(text)) for i in self._live(text)]
        else:
            parts = self.parts
            flats = [span_array(parts[i].finditer(text)) for i in self._live(text)]
        flats = [f for f in flats if f]
        if len(flats) == 1:
            starts, ends = flats[0][0::2], flats[0][1::2]
        elif flats:
            pairs = sorted(chain.from_iterable(zip(f[0::2], f[1::2]) for f in flats))
            starts, ends = array("q", map(_START, pairs)), array("q", map(_END, pairs))
        else:
            return array("q"), array("q")
        if all(map(operator.le, ends, islice(starts, 1, None))):  # none starts before the previous one ends
            return starts, ends
        flat = span_array(self.finditer(text))
        return flat[0::2], flat[1::2]

    def _anchored_flat(self, text: str, rx: re.Pattern, first_words: frozenset[str]) -> array:
        """Start, end, start, end… of `rx` matched at every candidate word start, less the
        matches that start inside the previous one kept, as _anchored_iter skips them ("your
        location": "location" is a candidate too, on every line of a document saying it)."""
        flat = span_array(filter(None, map(rx.match, repeat(text), self._candidates(text, first_words))))
        if all(map(operator.le, flat[1::2], islice(flat, 2, None, 2))):
            return flat  # the usual case: no match starts inside another
        kept = array("q")
        last = 0
        for s, e in zip(flat[0::2], flat[1::2]):
            if s >= last:
                kept.append(s)
                kept.append(e)
                last = e
        return kept

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        if self._anchored_src and end - pos > _SMALL:
            anchored = self.anchored
            iters = [self._anchored_iter(text, pos, end, *anchored[i]) if i in anchored
                     else self._part(i).finditer(text, pos, end) for i in self._live(text)]
        else:
            parts = self.parts
            iters = [parts[i].finditer(text, pos, end) for i in self._live(text)]
        if len(iters) == 1:
            yield from iters[0]
            return
        heads = [next(it, None) for it in iters]
        last = pos
        while True:
            best = -1
            live = 0
            for i in range(len(heads)):
                h = heads[i]
                while h is not None and h.start() < last:
                    h = next(iters[i], None)
                heads[i] = h
                if h is not None:
                    live += 1
                    if best < 0 or h.start() < heads[best].start() or (
                            h.start() == heads[best].start() and h.end() > heads[best].end()):
                        best = i
            if best < 0:
                return
            if live == 1:  # the other parts are exhausted: the rest of this one, unmerged
                yield heads[best]
                yield from iters[best]
                return
            m = heads[best]
            yield m
            last = m.end()


def alternation(terms, flags=re.IGNORECASE) -> TermPattern | None:
    """One matcher for many terms: Latin terms on word boundaries, Chinese ones as substrings.
    Case-insensitive unless `flags` is 0."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return None
    fold = bool(flags & re.IGNORECASE)
    latin = [t for t in terms if not _is_cjk(t)]
    cjk = [t for t in terms if _is_cjk(t)]
    parts = []
    anchored: dict[int, tuple[tuple[str, int], frozenset[str]]] = {}
    if latin:
        # \b (ASCII) at the start keeps the fast scan; terms starting with a non-word
        # character ("@", ".") start at a boundary of their own and get a pattern of their own
        word = [t for t in latin if t[0].isascii() and t[0].isalnum()]
        other = [t for t in latin if not (t[0].isascii() and t[0].isalnum())]
        if word:
            trie = _trie_pattern(word, fold)  # built once, used by both patterns
            full = (r"\b(?:" + trie + r")(?![A-Za-z0-9])", re.ASCII)
            parts.append(full)
            first = frozenset(_TOKEN.match(t).group().lower() for t in word)
            if fold:
                anchored[0] = (("(?:" + trie + r")(?![A-Za-z0-9])", re.ASCII), first)
            else:
                # case-sensitive terms (SDK names): tried at the same word starts (the index is
                # lowercased: a superset), with the full pattern, its \b kept, so that a match
                # there is the match the scan finds (the \b defeats re's scan ahead)
                anchored[0] = (full, first)
        else:
            parts.append((r"(?!)", 0))  # keep parts[0] as the word-term pattern
        if other:
            parts.append(("(?:" + _trie_pattern(other, fold) + r")(?![A-Za-z0-9])", re.ASCII))
    # Chinese terms that start with a Latin word ("MAC地址", "Bugly崩溃上报") would make the
    # Chinese pattern stop at every letter of an English text: matched from word starts
    first_cjk = len(parts)  # the parts from here on hold Chinese terms: none matches ASCII text
    mixed = [t for t in cjk if t[0].isascii() and t[0].isalnum()]
    pure = [t for t in cjk if not (t[0].isascii() and t[0].isalnum())]
    if mixed:
        rx = (_trie_pattern(mixed, fold), 0)
        if fold:
            anchored[len(parts)] = (rx, frozenset(_TOKEN.match(t).group().lower() for t in mixed))
        parts.append(rx)
    if pure:
        parts.append((_trie_pattern(pure, fold), 0))
    return TermPattern(parts, anchored, wide=tuple(range(first_cjk, len(parts))))


@dataclass(frozen=True)
class Lexicon:
    raw: dict
    term_re: TermPattern
    term_cats: dict[str, frozenset[str]]
    checked_cats: frozenset[str]  # categories with exclude or outbound rules
    exclude_re: dict[str, TermPattern]
    outbound_re: dict[str, TermPattern]
    override_re: dict[str, TermPattern]  # access cues that keep a term an exclude/outbound rule would drop
    outbound_window: dict[str, int]  # how far before a term its outbound cues count (default 60)
    umbrella_re: TermPattern
    umbrella_cats: dict[str, frozenset[str]]
    verb_re: TermPattern
    denial_re: TermPattern
    passive_denial_re: re.Pattern  # "location information is never collected" (the term comes first)
    umbrella_exclude_re: TermPattern | None  # "cell tower identifiers" is not the device's
    background_re: TermPattern | None  # cues that make a location mention background location
    negation_re: TermPattern
    conditional_re: TermPattern
    definition_re: TermPattern
    standard_re: TermPattern | None  # classes of personal information of GB/T 35273
    standard_min: int  # a block naming this many distinct classes is a definition
    content_re: TermPattern
    hypothetical_re: TermPattern
    disclaimer_re: TermPattern | None  # a disclaimer sentence declares nothing
    near_re: dict[str, TermPattern]
    weak_terms: dict[str, frozenset[str]]  # category -> its terms that need a near cue (empty: all do)
    content_cats: frozenset[str]
    revoke_re: TermPattern
    definition_titles: TermPattern
    permission_titles: TermPattern  # an appendix titled with permissions lists them: not definitions
    row_denial_cells: frozenset[str]  # "| Contacts | No |": the row's data is not collected
    row_declare_cells: frozenset[str]
    people_words: frozenset[str]  # "the location of <plural>": words that make it people's, not a place's
    location_of_place_re: re.Pattern  # "the location of the <noun>": a place's, unless `user_nouns` names the user
    subject_words: frozenset[str]  # "we store", "and shop": after one of these a thing word is a verb
    from_source_re: re.Pattern  # "photos from NASA's public archive": data of an online source, right after a term
    own_data_re: re.Pattern  # "settings", "cache": the app's own data in its storage
    handling_before_re: re.Pattern  # "transmission or " right before a storage term: the keeping of data
    handling_after_re: re.Pattern  # "/retention", " and processing" right after it
    security_disclaimer_re: re.Pattern  # "no method of electronic storage is 100% secure"
    shared_data_re: re.Pattern  # "files", "exports", "photos": what lands in the shared storage
    gps_qualified_re: re.Pattern  # "location (GPS)", "Location Data: GPS coordinates": the precise location
    from_account_re: re.Pattern  # "profile picture (from Google)": a picture a sign-in account passes on
    thing_words: frozenset[str]  # "place details (…, photos)", "restaurant photos": a thing's data, not the user's
    photo_metadata_re: re.Pattern  # "EXIF", "metadata" next to a location term: a photo's tag
    of_place_words: frozenset[str]  # "latitude and longitude of the cities you add": a place's, after "of"
    outside_actor_re: re.Pattern  # the subject of a clause that is someone else's software ("your browser may …")
    rights_titles: TermPattern
    permission_names: list[tuple[str, str]]  # (lowercased name, permission) longest first
    permission_suffix: dict[str, str]  # Chinese permission name -> permission (items of a "X、Y权限" list)
    type_re: TermPattern
    type_of: dict[str, str]
    sdk_context_re: TermPattern
    type_context_re: TermPattern
    context_required: frozenset[str]
    fields: dict[str, list[str]]
    zh_not_collect_title_re: re.Pattern  # a Chinese section title that leads no collection ("我们不会收集的信息")
    zh_rights_request_re: re.Pattern  # "可能需要您开通…权限" in the turn-off-permissions section: a permission list
    zh_if_app_did_re: re.Pattern  # "若本应用…申请了": a condition on what the app did
    zh_scope_lead_re: re.Pattern  # "个人信息包括:" at a sentence start: what personal information is
    zh_gps_qualified_re: re.Pattern  # "位置信息(设备的 GPS 坐标)": a Chinese location the brackets say is GPS
    zh_deny_title_not_re: re.Pattern  # "…无需征得授权同意的情形": a title with a denial cue that leads no denial
    zh_bluetooth_use_re: re.Pattern  # "连接", "定位": a sentence where "蓝牙" is the capability, not a network detail
    zh_device_detail_re: re.Pattern  # "设备型号", "操作系统": details a device-information title's umbrella reads through
    zh_open_list_re: re.Pattern  # "等", "包括但不限于": a Chinese list left open
    no_passive_re: re.Pattern  # "no photos … are collected", "Neither X nor Y are collected": what the lead names is denied
    neither_nor_re: re.Pattern  # "Neither the app nor our servers collect …": the same with an active verb
    no_passive_gate_re: re.Pattern  # a lead word of either (a sentence without one can match neither pattern)
    neither_gate_re: re.Pattern  # a lead word of `neither_nor_re`
    zh_bluetooth_terms: tuple[str, ...]  # "蓝牙": a Chinese Bluetooth term the list-item rule reads as a network detail
    zh_bluetooth_bracket_names: frozenset[str]  # "bluetooth" (lowercased): its name in brackets after one ("蓝牙(Bluetooth)")
    hant_phrases: tuple[tuple[str, str], ...]  # (Taiwan/Hong Kong word, mainland word): a Traditional text's words first (hant.py)
    zh_cell_detail_terms: tuple[str, ...]  # "基站": a cell-tower term the same list-item rule reads as a network detail
    zh_cell_use_re: re.Pattern  # "定位", "位置": a sentence where "基站" is where the location comes from
    zh_list_item_suffixes: tuple[str, ...]  # "信息": a noun that ends such a list item ("基站信息、")
    zh_location_source_terms: frozenset[str]  # "基站": a Chinese term that makes a location approximate where it is its source
    zh_location_source_re: re.Pattern  # "通过…" before such a term, in its clause
    zh_location_source_after: tuple[str, ...]  # "定位", "位置" right after such a term
    zh_bare_item_re: re.Pattern  # "、存储、": a bare capability word as an item of a "、" list
    zh_bare_item_gate_re: re.Pattern  # "、存储" or "存储、": a sentence without either has no such item
    zh_bare_item_cats: dict[str, str]  # each bare word's category ("存储" storage, "联系人" contacts)
    bare_item_neighbours: frozenset[str]  # categories whose terms, next to it, make it its capability
    umbrella_exclude_gate: tuple[str, ...]  # substrings a document needs before `umbrella_exclude_re` is scanned
    background_gate: tuple[str, ...]  # ... and before `background_re` is
    generic_location_names: frozenset[str]  # "location": a permission title that names both location permissions
    zh_generic_location_cell_re: re.Pattern  # "获取位置权限": a Chinese table cell that does
    zh_voice_file_terms: frozenset[str]  # "语音": a microphone term that names a kind of file before a file noun
    zh_voice_file_re: re.Pattern  # "导出文件": a file noun a few characters after such a term
    file_kind_lead_re: re.Pattern  # "Attachment files (": words that lead a bracketed list of kinds of file
    list_lead_re: TermPattern | None = None  # verbs that lead a list only ("Each report contains:")
    deny_only: dict[str, frozenset[str]] = field(default_factory=dict)  # category -> terms that count only when denied
    cat_verbs: dict[str, TermPattern] = field(default_factory=dict)  # category -> verbs for its own terms only


# (not "store", and "record" uninflected: "never stored/recorded" is how data is kept, GUIDE rule n)
DENY_VERBS_EN = (r"(?:(?:collect|obtain|access|read|gather|acquire|upload|retrieve|request|ask\s+for|scan|monitor|track)"
                 r"(?:s|es|d|ed|ing)?|record|ask(?:s|ed|ing)\s+for)")  # ("never asks for your camera": the suffix before "for")
# (not 上传/存储/记录: "不会上传您的照片", "不会存储您的位置" say how data is handled, not that it is
# not read: GUIDE n and t, as the English passive denial leaves out "stored", "uploaded")
DENY_VERBS_ZH = r"(?:收集|获取|读取|调用|访问|采集|申请|使用)"  # (when lexicon.toml has no negation.zh_deny_verbs)
# English passive denial, after the term it denies: "location information is never collected"
PASSIVE_DENIAL_EN = re.compile(
    r"(?:\b(?:is|are|was|were|will\s+be|be)\s+(?:never|not)\s+(?:[a-z]+\s+){0,2}?"
    # ... or a label that starts with it: "Not collected: contacts, precise location" (capitalised:
    # the start of a label, not "… and not collected" in a sentence)
    r"|(?<![\w,;]\s)(?<![\w,;])(?-i:Not|NOT|Never|NEVER)\s+"
    # ... or a value after a dash: "Location \u2014 not collected"
    r"|\s[\u2014\u2013-]\s*(?:not|never)\s+)"
    r"(?:collected|accessed|read|gathered|recorded|tracked|requested|retrieved|monitored|"
    # a capability that is never switched on ("the camera itself is never activated")
    r"activated|turned\s+on|switched\s+on)\b", re.IGNORECASE | re.ASCII)
# (not "shared", "stored", "uploaded", "sent", "used": "your contacts are never shared" is how
# data the app reads is handled, not a denial that it reads them)


def _words(words: list[str]) -> str:
    """An alternation of lexicon words for a pattern of the reader, longest first (a space in a
    word matches any white space; no words: matches nothing)."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def _leads(words: list[str]) -> str:
    """An alternation of sentence-opening English words, in the order written, each first letter
    in either case ("none of" -> "[Nn]one\\s+of"; no words: matches nothing)."""
    return "|".join(f"[{w[0].upper()}{w[0].lower()}]" + r"\s+".join(map(re.escape, w[1:].split(" ")))
                    for w in words) or "(?!)"


def _with_rules(entry: dict, rules: dict) -> dict:
    """A category entry with its `rules = "NAME"` resolved (a new dict; the raw table, which
    the catalogues hash, stays as written): the shared [rules.NAME] table's exclude terms come
    first, then its own; outbound, outbound_window and override come from the table unless the
    entry has them."""
    name = entry.get("rules")
    if name is None:
        return entry
    if name not in rules:
        raise ValueError(f"lexicon.toml: rules = {name!r} names no [rules.{name}] table")
    out = {k: v for k, v in entry.items() if k != "rules"}
    for key, value in rules[name].items():
        out[key] = value + entry.get("exclude", []) if key == "exclude" else entry.get(key, value)
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = load_toml_text(resources.files(__package__).joinpath("lexicon.toml").read_text(encoding="utf-8"))
    cat_entries = {cid: _with_rules(e, raw.get("rules", {})) for cid, e in raw["category"].items()}
    term_cats: dict[str, set[str]] = {}
    excludes: dict[str, list[str]] = {}
    outbound: dict[str, list[str]] = {}
    for cid, entry in cat_entries.items():
        for t in entry.get("terms", []) + with_spaced(entry.get("zh", [])) + entry.get("deny_only", []):
            term_cats.setdefault(t.lower(), set()).add(cid)
        if entry.get("exclude"):
            excludes[cid] = entry["exclude"]
        if entry.get("outbound"):
            outbound[cid] = entry["outbound"]
    umb: dict[str, set[str]] = {}
    umb_excl: list[str] = []
    for entry in raw["umbrella"].values():
        for t in entry.get("terms", []) + with_spaced(entry.get("zh", [])):
            umb.setdefault(t.lower(), set()).update(entry["covers"])
        umb_excl += entry.get("exclude", [])
    neg = raw["negation"]
    # (with a space after the negating character: an emphasised "**不** 会收集" keeps the space)
    neg_zh = neg["zh"] + [c[0] + " " + c[1:] for c in neg["zh"] if len(c) >= 2 and _is_cjk(c[:2])]
    cue_en = "|".join(re.escape(c) for c in sorted(neg["en"], key=len, reverse=True))
    # (a prefix tree: the spaced variants share their first character with the cues, so the
    # Chinese part costs about one attempt per character, as the plain list did)
    cue_zh = _trie_pattern(neg_zh, False)
    denial_en = (
        # (not with "without it / the permission" after it: "the app cannot read your pulse without
        # it" says what the permission is for)
        # (nor past "and" after two words: "does not show ads and collects your location" is a second,
        # positive predicate, while "do not sell and collect" shares the negation)
        rf"\b(?:{cue_en})\s+(?:(?!be\s+able)[A-Za-z']+\s+){{0,2}}?(?:(?!be\s+able|(?:and|but)\s)[A-Za-z']+\s+)?"
        rf"{DENY_VERBS_EN}(?![A-Za-z])"
        r"(?![^.;:\n]{0,120}\bwithout\s+(?:it|this|that|these|the)\b)", re.IGNORECASE | re.ASCII)
    # a match starts with a cue, so on a large text it is tried only where a cue's first word
    # starts (the same pattern, its \b kept: matched there it is the match the scan finds);
    # the Chinese part needs Chinese characters: an ASCII text skips it
    anchor = neg["en"] and all(c[0].isascii() and c[0].isalnum() for c in neg["en"])
    # a Chinese cue that is itself "not" + a collection verb ("本应用不收集位置信息", "不使用广告 ID")
    # denies without a second verb; not after "您/你/用户" ("如您不使用该功能": what the user does)
    deny_zh = f"(?:{_words(neg['zh_deny_verbs'])})" if neg.get("zh_deny_verbs") else DENY_VERBS_ZH
    cue_verb = "|".join(re.escape(c) for c in sorted(neg_zh, key=len, reverse=True)
                        if re.fullmatch(rf"\w*{deny_zh}", c.replace(" ", "")))
    zh_full = rf"(?:{cue_zh})[\u4e00-\u9fff]{{0,4}}?{deny_zh}" + (rf"|(?<![您你户])(?:{cue_verb})" if cue_verb else "")
    denial = TermPattern([denial_en, (zh_full, 0)],
                         {0: (denial_en, frozenset(_TOKEN.match(c).group().lower() for c in neg["en"]))} if anchor else None,
                         wide=(1,))
    ctx = raw["context"]
    bare_items = ctx.get("zh_bare_list_items", {})
    bare = _words(list(bare_items))
    no_leads, neither_leads = _leads(neg.get("passive_no_leads_en", [])), _leads(neg.get("neither_leads_en", []))
    perms: list[tuple[str, str]] = []
    for p in raw["permission"]:
        for n in p["names"] + with_spaced(p["zh"]):
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
        checked_cats=frozenset(excludes) | frozenset(outbound),
        exclude_re={c: alternation(v) for c, v in excludes.items()},
        outbound_re={c: alternation(v) for c, v in outbound.items()},
        override_re={c: alternation(e["override"]) for c, e in cat_entries.items() if e.get("override")},
        outbound_window={c: int(e.get("outbound_window", 60)) for c, e in cat_entries.items()},
        umbrella_re=alternation(umb),
        umbrella_cats={k: frozenset(v) for k, v in umb.items()},
        verb_re=alternation(raw["verbs"]["en"] + raw["verbs"]["zh"]),
        denial_re=denial,
        passive_denial_re=PASSIVE_DENIAL_EN,
        umbrella_exclude_re=alternation(umb_excl),
        background_re=alternation(cat_entries["location_background"].get("cue", [])),
        negation_re=alternation(neg["en"] + neg_zh),
        conditional_re=alternation(neg["conditional"]),
        definition_re=alternation(ctx["definition_patterns"]),
        standard_re=alternation(ctx.get("standard_classes", [])),
        standard_min=int(ctx.get("standard_classes_min", 4)),
        content_re=alternation(ctx["content_patterns"]),
        hypothetical_re=alternation(ctx["hypothetical_patterns"] + ctx.get("outside_app_patterns", [])),
        disclaimer_re=alternation(ctx.get("disclaimer_patterns", []) + ctx.get("scope_patterns", [])),
        near_re={c: alternation(e["near"]) for c, e in cat_entries.items() if e.get("near")},
        weak_terms={c: frozenset(t.lower() for t in e.get("weak", [])) for c, e in cat_entries.items()
                    if e.get("near")},
        content_cats=frozenset(ctx["content_categories"]),
        revoke_re=alternation(ctx["revoke_patterns"]),
        definition_titles=alternation(ctx["definition_titles"]),
        permission_titles=alternation(ctx.get("permission_titles", [])),
        row_denial_cells=frozenset(ctx.get("row_denial_cells", [])),
        row_declare_cells=frozenset(ctx.get("row_declare_cells", [])),
        people_words=frozenset(ctx.get("people_words", [])),
        location_of_place_re=re.compile(
            r"\s+of\s+(?:the|our|a|an|this|that|each|every|any|nearby|these|those|its|their)\s+(?!(?:"
            + ("|".join(map(re.escape, ctx["user_nouns"])) if ctx.get("user_nouns") else "(?!)")
            + r")\b)(?:[a-z-]+\s+){0,2}?[a-z-]+", re.IGNORECASE),
        from_account_re=re.compile(r"\s*\(?\s*(?:(?:if|when|as)\s+)?(?:from|via|of|through|(?:provided|supplied|given|shared)\s+by)\s+(?:your\s+|the\s+)?(?:"
                                   + ("|".join(map(re.escape, ctx["sign_in_sources"])) if ctx.get("sign_in_sources") else "(?!)")
                                   + r")\b", re.IGNORECASE),  # (no sources listed: matches nothing)
        # (at a clause start, after an optional conjunction; the phrase then a modal or verb within
        # a few words: "Websites you open in the in-app browser may ask …")
        thing_words=frozenset(w.lower() for w in ctx.get("thing_words", [])),
        subject_words=frozenset(w.lower() for w in ctx.get("subject_words", [])),
        from_source_re=re.compile(r"\s+(?:that\s+(?:come|comes)\s+)?from\s+(?:the\s+|our\s+|an?\s+)?(?:[A-Z][\w.'’-]*\s+){0,3}"
                                  r"(?:public\s+|online\s+)?(?:" + _words(ctx.get("online_sources", [])) + r")\b"),
        own_data_re=re.compile(r"\b(?:" + _words(ctx.get("own_data_words", [])) + r")\b", re.IGNORECASE),
        handling_before_re=re.compile(r"\b(?:" + _words(ctx.get("handling_words", [])) + r")\s*(?:/|,?\s*\b(?:and|or|&)\s)\s*"
                                      r"(?:[\w-]+\s+)?$", re.IGNORECASE),
        handling_after_re=re.compile(r"\s*(?:/|,?\s*(?:and|or|&)\s)\s*(?:of\s+)?(?:data\s+)?(?:"
                                     + _words(ctx.get("handling_words", [])) + r")\b", re.IGNORECASE),
        security_disclaimer_re=re.compile(r"(?:" + _words(ctx.get("security_disclaimers", [])) + r")\b", re.IGNORECASE),
        shared_data_re=re.compile(r"\b(?:" + _words(ctx.get("shared_data_words", [])) + r")\b", re.IGNORECASE),
        gps_qualified_re=re.compile(r"\s*(?:\(\s*(?:" + _words(ctx.get("gps_qualifiers", [])) + r")\b[^()]{0,30}\)"
                                    r"|[:\u2013\u2014-]\s*(?:precise\s+|exact\s+)?(?:" + _words(ctx.get("gps_labels", []))
                                    + r")\b)", re.IGNORECASE),
        photo_metadata_re=re.compile(r"\b(?:" + ("|".join(map(re.escape, ctx["photo_metadata_words"]))
                                                 if ctx.get("photo_metadata_words") else "(?!)") + r")\b", re.IGNORECASE),
        of_place_words=frozenset(w.lower() for w in ctx.get("thing_words", []) + ctx.get("of_place_words", [])),
        outside_actor_re=re.compile(
            r"\s*(?:(?:and|but|however|while|whereas|although|though|if|when|once|since|as|unlike|like|as\s+with)\s+)?(?:(?:"
            + ("|".join(map(re.escape, sorted(ctx["outside_actors"], key=len, reverse=True)))
               if ctx.get("outside_actors") else "(?!)")
            + r"|(?:" + ("|".join(map(re.escape, ctx.get("outside_app_determiners", []))) or "(?!)")
            + r")\s+(?:(?!the\b|this\b|our\b)[\w-]+\s+){0,2}?(?:"
            + ("|".join(map(re.escape, ctx.get("outside_app_nouns", []))) or "(?!)")
            + r")(?!\s+(?:that|which)\s+(?:we|you)\b)"
            + r"|(?:" + ("|".join(map(re.escape, ctx.get("outside_one_app_determiners", []))) or "(?!)")
            + r")\s+(?:(?!the\b|this\b|our\b)[\w-]+\s+){0,2}?(?:"
            + ("|".join(map(re.escape, ctx.get("outside_one_app_nouns", []))) or "(?!)")
            + r")(?=\s+(?:also\s+)?(?:may|might|could|would|can)\b)"
            + r")\b(?:\s+[\w'-]+){0,6}?\s+(?:may|might|can|could|will|would|collects?|asks?|requests?|reads?|"
              r"uses?|accesses|access|tracks?|gathers?|receives?|has|have|gets?|obtains?|shares?|stores?|prompts?)\b|(?:"
            + ("|".join(map(re.escape, sorted(ctx["outside_sites"], key=len, reverse=True)))
               if ctx.get("outside_sites") else "(?!)")
            + r")\b(?:\s+[\w'-]+){0,6}?\s+(?:(?:may|might|can|could|will|would)\s+(?:also\s+)?)?(?:collects?|reads?|"
              r"uses?|tracks?|gathers?|receives?|obtains?|shares?|stores?|processe?s?|logs?|records?)\b)",
            re.IGNORECASE),
        rights_titles=alternation(ctx["rights_titles"]),
        permission_names=perms,
        permission_suffix={n: p["permission"] for p in raw["permission"] for n in p["zh"]},
        type_re=alternation(type_of),
        type_of=type_of,
        sdk_context_re=alternation(al["sdk_context"]),
        type_context_re=alternation(al["type_context"]),
        context_required=frozenset(al["context_required"]),
        fields={k: [x.lower() for x in v] for k, v in raw["sdk_fields"].items()},
        zh_not_collect_title_re=re.compile(_words(ctx.get("zh_not_collect_title", [])), re.IGNORECASE),
        zh_rights_request_re=re.compile(rf"(?:{_words(ctx.get('zh_rights_request_subjects', []))})"
                                        rf"(?:{_words(ctx.get('zh_rights_request_verbs', []))})"),
        zh_if_app_did_re=re.compile(rf"(?:{_words(ctx.get('zh_if_app_did_conditions', []))})"
                                    rf"(?:{_words(ctx.get('zh_if_app_did_actors', []))})[^,，。;；]{{0,16}}申请了"),
        zh_scope_lead_re=re.compile(
            r"\s*(?:[(（]?[\d一二三四五六七八九十]{1,2}[)）.、]\s*)?"
            rf"(?:(?:{_words(ctx.get('zh_scope_lead_notice_prefixes', []))})?(?:{_words(ctx.get('zh_scope_lead_notices', []))})[,，:：]\s*)?"
            rf"(?:{_words(ctx.get('zh_scope_lead_subjects', []))})(?:{_words(ctx.get('zh_scope_lead_verbs', []))})[:：]?"),
        zh_gps_qualified_re=re.compile(r"(?:信息|数据)?\s*[(（][^()（）,，。;；、]{0,12}?(?:" + _words(ctx.get("zh_gps_qualifiers", []))
                                       + r")[^()（）,，。;；、]{0,16}[)）]", re.IGNORECASE),
        zh_deny_title_not_re=re.compile(_words(ctx.get("zh_deny_title_not", []))),
        zh_bluetooth_use_re=re.compile(_words(ctx.get("zh_bluetooth_use_cues", []))),
        zh_device_detail_re=re.compile(_words(ctx.get("zh_device_detail_words", []))),
        zh_open_list_re=re.compile(_words(ctx.get("zh_open_list_words", []))),
        no_passive_re=re.compile(rf"(?:\b(?:{no_leads})\s+(?:[\w'-]+,?\s+){{1,6}}?"
                                 rf"|\b(?:{neither_leads})\s+(?:[\w'-]+,?\s+){{1,6}}?nor\s+(?:[\w'-]+,?\s+){{1,6}}?)"
                                 r"(?:is|are|was|were|will\s+be|gets?)\s+(?:ever\s+)?"
                                 r"(?:collected|accessed|read|gathered|recorded|tracked|requested|retrieved|monitored|needed|required)\b"),
        neither_nor_re=re.compile(rf"\b(?:{neither_leads})\s+(?:[\w'-]+\s+){{1,4}}?nor\s+(?:[\w'-]+\s+){{1,4}}?"
                                  r"(?:collect|access|read|gather|track|monitor|record|request|retrieve|upload|obtain)(?:s|ed)?\b"),
        # (no \b before the words: the pattern then starts with a character class, and `re` scans
        # ahead for it; a match inside a word only lets the full pattern be tried)
        no_passive_gate_re=re.compile(rf"(?:{no_leads}|{neither_leads})\s"),
        neither_gate_re=re.compile(rf"(?:{neither_leads})\s"),
        zh_bluetooth_terms=tuple(ctx.get("zh_bluetooth_terms", [])),
        zh_bluetooth_bracket_names=frozenset(w.lower() for w in ctx.get("zh_bluetooth_bracket_names", [])),
        hant_phrases=tuple(sorted(raw.get("hant", {}).get("phrases", {}).items())),
        zh_cell_detail_terms=tuple(ctx.get("zh_cell_detail_terms", [])),
        zh_cell_use_re=re.compile(_words(ctx.get("zh_cell_use_cues", []))),
        zh_list_item_suffixes=tuple(ctx.get("zh_list_item_suffixes", [])),
        zh_location_source_terms=frozenset(ctx.get("zh_location_source_terms", [])),
        zh_location_source_re=re.compile(r"(?:" + _words(ctx.get("zh_location_source_words", [])) + r")[^,，。;；]{0,10}$"),
        zh_location_source_after=tuple(ctx.get("zh_location_source_after", [])),
        zh_bare_item_re=re.compile(rf"(?<=、)(?:{bare})(?=[、,，。;；)）]|$)|(?<![\u4e00-\u9fff])(?:{bare})(?=、)"
                                      rf"|(?<=[:：(（])(?:{bare})(?=、)"),
        zh_bare_item_gate_re=re.compile(rf"、(?:{bare})|(?:{bare})、"),
        zh_bare_item_cats=dict(bare_items),
        bare_item_neighbours=frozenset(ctx.get("bare_item_neighbour_categories", [])),
        umbrella_exclude_gate=tuple(ctx.get("umbrella_exclude_gate", [])),
        background_gate=tuple(ctx.get("background_cue_gate", [])),
        generic_location_names=frozenset(w.lower() for w in ctx.get("generic_location_permission_names", [])),
        zh_generic_location_cell_re=re.compile(rf"(?:{_words(ctx.get('zh_generic_location_cell_verbs', []))})?"
                                               rf"(?:{_words(ctx.get('zh_generic_location_cell_names', []))})(?:权限)?"),
        zh_voice_file_terms=frozenset(ctx.get("zh_voice_file_terms", [])),
        zh_voice_file_re=re.compile(r"[^,，。;；、\s]{0,4}?(?:" + _words(ctx.get("zh_file_nouns", [])) + ")"),
        file_kind_lead_re=re.compile(r"\b(?:" + _words(ctx.get("file_kind_leads", [])) + r")\s*$", re.IGNORECASE),
        list_lead_re=alternation(raw["verbs"].get("list_lead_en", [])),
        deny_only={c: frozenset(t.lower() for t in e["deny_only"]) for c, e in cat_entries.items() if e.get("deny_only")},
        cat_verbs={c: alternation(e["verbs"]) for c, e in cat_entries.items() if e.get("verbs")},
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
    gated = ((lx.umbrella_exclude_gate, "umbrella_exclude_gate",
              [t for e in lx.raw["umbrella"].values() for t in e.get("exclude", [])]),
             (lx.background_gate, "background_cue_gate", lx.raw["category"]["location_background"].get("cue", [])))
    for gate, key, terms in gated:
        for t in terms:
            if not any(g in t for g in gate):
                problems.append(f"context.{key}: {t!r} holds none of its substrings (the scan would skip it)")
    for c in lx.bare_item_neighbours - cats:
        problems.append(f"context.bare_item_neighbour_categories: {c} is not a category id")
    for word, c in lx.zh_bare_item_cats.items():
        if c not in cats:
            problems.append(f"context.zh_bare_list_items: {word} -> {c} is not a category id")
    from auditor.policy.hant import tables as hant_tables

    hant = hant_tables()
    for trad, mainland in lx.hant_phrases:
        # the value is what the rest of the lexicon says: Simplified characters, mainland wording
        if hant is not None and mainland.translate(hant[0]) != mainland:
            problems.append(f"hant.phrases: {trad!r} -> {mainland!r} is not in Simplified characters")
        if trad == mainland or not trad:
            problems.append(f"hant.phrases: {trad!r} replaces nothing")
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

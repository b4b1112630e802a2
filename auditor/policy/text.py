"""Policy bytes -> a normalised text with structure (headings, paragraphs, list items,
table rows), so every claim can point to its section and character offsets.

Offsets in evidence refer to `Document.text`, which `auditor policy --text` prints.
HTML is parsed with lxml's HTML parser (no network, no entity expansion, comments and
processing instructions dropped) and walked iteratively, so hostile nesting cannot
exhaust the stack; scripts, styles and navigation are dropped.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, replace

from auditor.errors import InputError

MAX_POLICY_BYTES = 20 * 1024 * 1024
# Not "head": libxml2 leaves an element it does not know in <head> when it comes before any body
# content (a policy pasted into an Android <string><Data> wrapper after a <title>), and with it the
# whole policy; the head's own text is its <title>, dropped by name (meta/link/base carry none).
DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "nav", "footer", "aside", "svg", "form",
             "button", "select", "object", "embed", "title", "canvas", "audio", "video", "map"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
              "table", "thead", "tbody", "tfoot", "body", "html", "header", "figure", "figcaption", "center"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

_NUMBERED = re.compile(
    r"^\s*(?:#+\s*|\*\*\s*)?(?:第[一二三四五六七八九十百]+[章节条部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]"
    r"|(?:[IVX]+|\d{1,2}(?:\.\d{1,2}){0,3})[.、)．]?\s|[（(](?:[IVX]+|\d{1,2})[)）]|Chapter\s+\d+|Appendix|附录|附件)")
# every inline marker holds one of these: a block without them skips the regex (no prefix to scan for)
_MAY_MARK = re.compile("[(（、]").search
_INLINE_MARKER = re.compile(r"(?:(?<=\s)|^)\((?:[IVX]{1,5})\)\s+(?=[A-Z])|[（(][一二三四五六七八九十]{1,3}[)）]|(?<![\w一-龥])[一二三四五六七八九十]{1,3}、")
# a Chinese section number with a full stop where "、" is usual ("二.我们收集、使用个人信息的目的及范围"),
# at the start of a block only: inside prose "二." is too rare a marker to look for
_LEAD_MARKER = re.compile(r"[一二三四五六七八九十]{1,3}\.(?=\s*[\u4e00-\u9fff])")
_QUESTION = re.compile(r"^(?:what|how|why|who|when|where|which|do|does|will|can|is|are)\b", re.I)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


@dataclass(frozen=True)
class Heading:
    start: int
    title: str


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | item | row
    start: int
    end: int
    cells: tuple[tuple[int, int], ...] = ()  # spans of table cells (rows only)


@dataclass(frozen=True)
class Document:
    text: str
    blocks: tuple[Block, ...]
    headings: tuple[Heading, ...]
    language: str  # en | zh | mixed | other
    encoding: str
    format: str  # text | markdown | html
    script: str = ""  # "traditional": written in Traditional Chinese, read converted to Simplified (hant.py)

    def section_at(self, pos: int) -> str | None:
        i = bisect.bisect_right(self._heading_starts, pos) - 1
        return self.headings[i].title if i >= 0 else None

    @property
    def _heading_starts(self) -> list[int]:
        cached = self.__dict__.get("_starts")
        if cached is None:
            cached = [h.start for h in self.headings]
            object.__setattr__(self, "_starts", cached)  # frozen: a derived cache, not state
        return cached

    def cell_texts(self, block: Block) -> list[str]:
        return [self.text[s:e] for s, e in block.cells]


# ---- decoding ---------------------------------------------------------------------------

def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    if len(data) > MAX_POLICY_BYTES:
        raise InputError(f"policy of {len(data)} bytes exceeds the {MAX_POLICY_BYTES}-byte limit")
    if not data.strip():
        raise InputError("policy is empty")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(f"policy claims {enc} but does not decode as it") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:4096]:
        raise InputError("policy is not a text document (binary data)")
    candidates = ["utf-8", "gb18030"]
    if hint:
        try:
            import codecs

            name = codecs.lookup(hint.decode("ascii", "ignore") if isinstance(hint, bytes) else hint).name
            # strict UTF-8 first: real GBK text almost never validates as UTF-8, while UTF-8
            # text mislabelled as GBK would decode as GB18030 into mojibake
            if name not in ("utf-8", "gbk", "gb2312", "gb18030", "cp936", "utf-16-le", "utf-16-be", "utf-16"):
                candidates = ["utf-8", name, "gb18030"]
        except LookupError:
            pass
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError("policy is neither UTF-8 nor GBK/GB18030 text")


def _plausible(text: str) -> float:
    """Share of characters a policy is made of: printable ASCII, whitespace, CJK ideographs
    and punctuation, full-width forms, Latin-1 letters."""
    if not text:
        return 0.0
    bad = len(_IMPLAUSIBLE.findall(text))
    return 1 - bad / len(text)


_IMPLAUSIBLE = re.compile("[^\t\n\r\x20-\x7e\u00a0-\u024f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
                          "\u2100-\u2bff\u3400-\u4dbf]")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: ASCII-heavy text shows as NUL bytes at every
    other offset; Chinese text has none, so both byte orders are tried on a sample when
    the bytes are not UTF-8, and accepted only when nearly every character is plausible."""
    if len(data) % 2:
        return None
    head = data[:8192]
    nul_even, nul_odd = head[0::2].count(0), head[1::2].count(0)
    if not (nul_even or nul_odd):
        try:
            head.decode("utf-8")
            return None  # valid UTF-8 (perhaps cut mid-character at the end: checked below)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:
                return None
    order = ["utf-16-le", "utf-16-be"] if nul_odd >= nul_even else ["utf-16-be", "utf-16-le"]
    for enc in order:
        try:
            sample = head.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(sample) >= 0.97:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                return None
    return None


_CJK_RE = re.compile("[\u4e00-\u9fff]")
_LATIN_RE = re.compile("[A-Za-z]")
_WIDE_RE = re.compile("[\uff01-\U0010ffff]")


# letters of the scripts the reader does not read: Japanese kana, Hangul, Cyrillic, Greek, Hebrew,
# Arabic, the Indic scripts, Thai
_OTHER_SCRIPT_RE = re.compile("[\u3040-\u30ff\uac00-\ud7af\u1100-\u11ff\u0370-\u03ff\u0400-\u04ff"
                              "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u0dff\u0e00-\u0e7f]")
_LATIN_WORD_RE = re.compile("[A-Za-z\u00c0-\u024f']+")
_SYLLABIC_RE = re.compile("[\u3040-\u30ff\uac00-\ud7af\u1100-\u11ff]")  # kana and Hangul: a syllable a character
# English words that other Latin-script languages do not use as common words (not "of", "we", "is",
# "to", "for", "in", "on", "data", "information": Dutch, Danish, Polish, German or French have them)
_ENGLISH_MARKERS = frozenset(("the", "and", "you", "your", "our", "us", "that", "this", "with", "are", "be",
                              "by", "or", "not", "will", "may", "any", "from", "which", "have", "has", "it",
                              "its", "if", "when", "can", "such", "these", "those", "what", "how", "about", "who"))
# ... and common words of the other Latin-script languages policies are written in (German, French,
# Spanish, Portuguese, Italian, Dutch, Scandinavian, Finnish, Indonesian, Turkish, Vietnamese, Polish,
# Romanian, Hungarian), none of them a common English word: English written as a terse permission
# list has few English markers too, so "other" needs these to outnumber them
_FOREIGN_MARKERS = frozenset((
    "der", "das", "und", "wir", "ihre", "sie", "nicht", "mit", "für", "von", "ist", "werden", "oder", "auf",
    "le", "les", "des", "et", "vous", "nous", "vos", "est", "pour", "que", "une", "du", "dans", "sur", "avec",
    "el", "los", "las", "y", "usted", "su", "sus", "para", "por", "una", "del", "podemos", "datos",
    "você", "seu", "sua", "não", "dos", "seus", "suas", "uma", "ou", "nós", "em",
    "di", "che", "gli", "della", "il", "sono", "nostro", "dati", "alla",
    "een", "het", "van", "ons", "uw", "niet", "zijn", "gegevens", "wij",
    "och", "att", "det", "som", "är", "og", "er", "ikke", "jeg", "til", "af",
    "ja", "että", "tai", "ovat",
    "yang", "dengan", "kami", "anda", "untuk", "tidak", "dari", "ini",
    "ve", "bir", "bu", "için", "ile", "veya", "olarak",
    "và", "của", "bạn", "chúng", "không", "các", "những", "được",
    "się", "nie", "jest", "oraz", "lub", "danych", "w",
    "și", "care", "sau", "pentru",
    "és", "az", "hogy", "nem",
))


def detect_language(text: str) -> str:
    """The text's language: "zh", "en", "mixed" (both), or "other", one the reader does not read - mostly
    another script (Japanese kana, Korean, Cyrillic, Arabic...), or Latin-script text with almost
    none of the common English words (German, French, Spanish...). Conservative: a text too
    short to tell, or with English in it, stays English."""
    text = text[:200_000]  # a sample decides; counting 20 MB of characters would not change it
    cjk = len(_CJK_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    other = len(_OTHER_SCRIPT_RE.findall(text))
    total = cjk * 2 + latin + other * 2  # a Chinese character carries about as much as two Latin letters
    if total == 0:
        return "en"
    if other * 2 / total > 0.3 and not _has_english_text(text, latin, other, cjk) and not _english_version(text):
        return "other"
    share = cjk * 2 / total
    if share > 0.7:
        return "zh"
    if share >= 0.1:
        return "mixed"
    words = [w.lower() for w in _LATIN_WORD_RE.findall(text)]
    if len(words) >= 150:
        english, foreign = _markers(words)
        if foreign >= 0.08 * len(words) and foreign > 3 * english:
            return "other"
    return "en"


def _markers(words: list[str]) -> tuple[int, int]:
    """How many of `words` (lower case) are common English words, and how many common words of the
    other Latin-script languages."""
    return sum(w in _ENGLISH_MARKERS for w in words), sum(w in _FOREIGN_MARKERS for w in words)


def _has_english_text(text: str, latin: int, other: int, cjk: int) -> bool:
    """A bilingual policy (an English version beside a Russian or Korean one) carries an English
    text of its own, which the reader reads (the other script holds none of its terms), so it is
    not "other". A translation that left a few English paragraphs in place is: its English must be
    at least as long as the rest (letters of an alphabet count one, a syllable or ideograph two)
    and read as English words."""
    syllabic = len(_SYLLABIC_RE.findall(text))
    if latin < (other - syllabic) + 2 * (syllabic + cjk):
        return False
    words = [w.lower() for w in _LATIN_WORD_RE.findall(text)]
    english = _markers(words)[0]
    return english >= 60 and english >= 0.12 * len(words)


ENGLISH_VERSION_CHARS = 1500  # the English lines a multilingual page needs to hold a version of its own


def _english_version(text: str) -> bool:
    """A multilingual page (a game's policy in eight languages, English among them) holds a whole
    English version when its English lines add up to a policy's length, however long the other
    versions are: the reader reads that version, so the page is not "other". A translation that kept
    a paragraph or two of English (well under `ENGLISH_VERSION_CHARS`) still is. An English line is
    Latin-script prose whose common words are English, not German or French."""
    found = 0
    for line in text.splitlines():
        if len(line) < 20:
            continue
        words = [w.lower() for w in _LATIN_WORD_RE.findall(line)]
        if len(words) < 5 or len(_OTHER_SCRIPT_RE.findall(line)) + len(_CJK_RE.findall(line)) > len(line) // 10:
            continue
        english, foreign = _markers(words)
        if english >= 0.15 * len(words) and english > 2 * foreign:
            found += len(line)
            if found >= ENGLISH_VERSION_CHARS:
                return True
    return False


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:.*\r?\n){0,60}?---[ \t]*\r?\n")


def sniff_format(name: str, head: str) -> str:
    lower = name.lower()
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".vue", ".nvue")) or _VUE_START.match(head):
        return "vue"
    if lower.endswith((".md", ".markdown")):
        # a site generator's post (YAML front matter) whose body is a whole HTML page (a word
        # processor's export pasted in): its tags span lines, which only the HTML reader reads
        body = _FRONT_MATTER.sub("", head, count=1).lstrip()[:64].lower()
        return "html" if body.startswith(("<!doctype html", "<html")) else "markdown"
    probe = head.lstrip()[:2048].lower()
    if probe.startswith(("<!doctype html", "<html")) or re.search(r"<(body|p|div|h[1-6]|table)\b", probe):
        return "html"
    if (re.search(r"(?m)^\s*\|?\s*:?-{3,}:?\s*\|", head) or re.search(r"(?m)^#{1,6}\s+\S", head)
            or len(re.findall(r"(?m)^\s*\*\*[^*\n]+\*\*", head)) >= 3):
        return "markdown"
    return "text"


# a Vue single-file component (uni-app's policy page): its <template> first, after comments
_VUE_START = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->\s*)*<template[\s>]", re.DOTALL)
_VUE_TEMPLATE_TAG = re.compile(r"<(/?)template\b[^>]*>", re.IGNORECASE)
# uni-app / mini-program components: containers render as blocks, <text> and links inline
_VUE_BLOCK_TAG = re.compile(r"<(/?)(?:view|scroll-view|block|cover-view|swiper-item|rich-text)(?=[\s/>])", re.IGNORECASE)
_VUE_INLINE_TAG = re.compile(r"<(/?)(?:text|navigator)(?=[\s/>])", re.IGNORECASE)


def vue_markup(text: str) -> str:
    """The markup of a Vue single-file component as HTML: an HTML reader drops <template> (inert
    in a browser), where a component keeps its whole page, so its template tags become <div>s, and
    uni-app's components their HTML counterparts (<view> a block, <text> inline); its <script>
    and <style> are dropped by the HTML reader as on any page."""
    text = _VUE_TEMPLATE_TAG.sub(lambda m: f"<{m.group(1)}div>", text)
    text = _VUE_BLOCK_TAG.sub(lambda m: f"<{m.group(1)}div", text)
    return _VUE_INLINE_TAG.sub(lambda m: f"<{m.group(1)}span", text)


# ---- building -------------------------------------------------------------------------

class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []
        self.headings: list[Heading] = []

    def add(self, kind: str, text: str, cells: list[str] | None = None) -> None:
        if cells is not None:
            spans = []
            pieces = []
            cur = self.pos
            for i, c in enumerate(cells):
                if i:
                    pieces.append(" | ")
                    cur += 3
                spans.append((cur, cur + len(c)))
                pieces.append(c)
                cur += len(c)
            text = "".join(pieces)
            if not text.strip(" |"):
                return
            self._emit(Block("row", self.pos, self.pos + len(text), tuple(spans)), text)
            return
        text = _clean(text)
        if not text:
            return
        block = Block(kind, self.pos, self.pos + len(text))
        if kind == "heading":
            self.headings.append(Heading(self.pos, text))
        else:
            if _LEAD_MARKER.match(text):
                self.headings.append(Heading(self.pos, _inline_title(text, 0)))
            for m in (_INLINE_MARKER.finditer(text) if _MAY_MARK(text) else ()):
                title = _inline_title(text, m.start())
                self.headings.append(Heading(self.pos + m.start(), title))
        self._emit(block, text)

    def _emit(self, block: Block, text: str) -> None:
        self.parts.append(text + "\n")
        self.blocks.append(block)
        self.pos += len(text) + 1

    def document(self, encoding: str, fmt: str) -> Document:
        text = "".join(self.parts)
        heads = tuple(sorted(self.headings, key=lambda h: h.start))
        return Document(text, tuple(self.blocks), heads, detect_language(text), encoding, fmt)


def _clean(text: str) -> str:
    if not text.isascii():  # (a flag of the string: no scan) ASCII has no wide forms or odd spaces
        text = unicodedata.normalize("NFKC", text) if _WIDE_RE.search(text) else text
        text = text.replace("\u00a0", " ").replace("\u3000", " ")
    if _RESPACE(text):  # otherwise every run is one space already
        text = _SPACES.sub(" ", text)
    return text.strip()


def _inline_title(text: str, start: int) -> str:
    rest = text[start:start + 120]
    m = re.search(r"[.。:：;；]|\s\d{1,2}\.\s", rest[3:])
    end = 3 + m.start() if m else min(len(rest), 80)
    return rest[:end].strip()


def _is_heading_line(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 100:
        return False
    bare = s.strip("*#").strip()
    if s.startswith("#"):
        return True
    if s.startswith("**") and s.endswith("**") and len(bare) <= 120:
        return True
    if bare.endswith(("?", "？")) and (_QUESTION.match(bare) or "吗" in bare or "如何" in bare or "什么" in bare):
        return len(bare) <= 100
    if bare[-1:] in ".。;；,，!！:：":
        return False
    return bool(_NUMBERED.match(s)) or len(bare) <= 40


def _is_md_heading(line: str) -> bool:
    s = line.strip()
    if s.startswith("#"):
        return True
    if not _is_heading_line(s):
        return False
    return (s.startswith("**") and s.rstrip().endswith("**")) or bool(_NUMBERED.match(s))


_SPACES = re.compile(r"[ \t\r\f\v]+")


def _RESPACE(text: str) -> bool:
    """re.search(r"[\t\r\f\v]|  ", text) as a bool: five substring tests are several times
    faster than the regex, which is tried at every position (one call per block)."""
    return "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text


_MD_INLINE_TAG = re.compile(r"</?(?:u|b|i|em|strong|span|font|sup|sub)\b[^>]*>")
_MD_HASHES = re.compile(r"^\s*#+\s*")
_MD_CLOSING = re.compile(r"\s+#+\s*$")  # "## Privacy Policy ##": an ATX heading's optional closing hashes
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_MD_BULLET = re.compile(r"^\s*(?:[-*+])\s+")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


def _strip_md(line: str) -> str:
    # each substitution only where its pattern can match (a hot path: one call per line)
    if "<" in line:
        line = _MD_INLINE_TAG.sub("", line)
    if "#" in line:
        if line.lstrip().startswith("#"):
            line = _MD_CLOSING.sub("", line)
        line = _MD_HASHES.sub("", line)
    if "*" in line or "_" in line:
        line = line.replace("**", "").replace("__", "")
    if "](" in line:
        line = _MD_LINK.sub(r"\1 (\2)", line)
    if line.lstrip()[:1] in ("-", "*", "+"):
        line = _MD_BULLET.sub("", line)
    return line


_SEPARATOR = re.compile(r"^\s*(?:[=\-_*~#]\s*){3,}$")
_SEPARATOR_MARKS = frozenset("=-_*~#")
_MD_TABLE_RULE = re.compile(r":?-{2,}:?")
_ITEM_START = re.compile(
    r"^\s*(?:[-*+•·●▪■◆]\s|\d{1,3}[.、)）．]|[（(]\d{1,3}[)）]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]"
    r"|第[一二三四五六七八九十百]+[章节条部分]|[a-zA-Z][.)]\s|[IVX]+[.)]\s|#|\*\*|\||【)")
_CLOSED_CHARS = frozenset("。.！!？?；;：:）)】」』”\"*|>")  # a line ending in one closes its sentence
_TABLE_HEADER_WORDS = ("权限名称", "权限", "使用目的", "目的", "调用时机", "使用场景", "是否可关闭", "可否关闭", "获取方式",
                       "sdk名称", "第三方名称", "第三方主体", "收集个人信息", "个人信息类型", "隐私政策", "序号",
                       "permission", "purpose", "when requested", "when used", "can be turned off", "optional",
                       "sdk name", "third party", "data collected", "personal information", "privacy policy")


def _width(line: str) -> int:
    return len(line) if line.isascii() else len(line) + len(_CJK_RE.findall(line))


_TABS = re.compile(r"\t+")
_GAP = re.compile(r"\S {2,}\S")
_GAPS = re.compile(r" {2,}")


_BULLET_CELL = re.compile(r"[-*+•]")


# function words of a sentence: a line that has them is prose, not a space-separated table header
_PROSE_WORDS = frozenset(("the", "a", "an", "to", "for", "is", "are", "be", "we", "our", "you", "your", "this", "that",
                          "of", "with", "will", "may", "can", "not", "no", "it"))


def _split_cells(line: str, single_space: bool = False) -> list[str] | None:
    """Cells of a plain-text table row (tabs, `|`, runs of spaces), or None."""
    s = line.strip()
    if "\t" in s:
        cells = [c.strip() for c in _TABS.split(s)]
    elif "|" in s and (s.count("|") >= 2 or s.startswith("|")):
        cells = [c.strip() for c in s.strip("|").split("|")]
    elif "  " in s and _GAP.search(s):
        cells = [c.strip() for c in _GAPS.split(s)]
        if cells and _BULLET_CELL.fullmatch(cells[0]):
            cells = cells[1:]  # "*   **Collection:** …": a list item padded after its marker, not a row
    elif single_space and " " in s:
        cells = s.split()
    else:
        return None
    cells = [c for c in cells if c]
    return cells if len(cells) >= 2 else None


_HEADER_WORD_RE = re.compile("|".join(re.escape(w) for w in sorted(_TABLE_HEADER_WORDS, key=len, reverse=True)), re.I)
# the same test, fast: IGNORECASE defeats re's first-character scan, so the line is folded
# instead and searched case-sensitively. str.lower() folds like re.IGNORECASE except for
# the four characters re also folds onto ASCII letters, mapped first.
_HEADER_WORD_LOW = re.compile("|".join(re.escape(w) for w in sorted(_TABLE_HEADER_WORDS, key=len, reverse=True)))
_ODD_FOLD = re.compile("[\u0130\u0131\u017f\u212a]")
_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


def _has_header_word(s: str) -> bool:
    """`_HEADER_WORD_RE.search(s)`, as a bool, several times faster."""
    if not s.isascii() and _ODD_FOLD.search(s):
        s = s.translate(_FOLD)
    if len(s) > 4096:  # a whole text: a substring search per word beats the alternation, which stops at every p, s, t…
        low = s.lower()  # (… after a look at the text's start, where a table's header usually is)
        return _HEADER_WORD_LOW.search(low, 0, 4096) is not None or any(w in low for w in _TABLE_HEADER_WORDS)
    return _HEADER_WORD_LOW.search(s.lower()) is not None


def _is_header_row(cells: list[str]) -> bool:
    hits = 0
    for c in cells:
        if len(c) <= 24 and _has_header_word(c):
            hits += 1
            if hits >= 2:
                return True
    return False


def _logical_lines(text: str, markdown: bool, lx=None) -> list[tuple[str, object]]:
    """Physical lines -> (kind, payload): ("row", cells) for table rows (tab-, pipe- or
    space-separated, recognised by a header or by a run of rows with one cell count),
    ("line", text) for text with hard-wrapped lines joined again, ("break", None)."""
    raw = text.splitlines()
    # table rows: a run of >= 2 lines with the same number (>= 2) of cells, or a header
    # and the lines after it
    cells_of: list[list[str] | None] = [None] * len(raw)
    i = 0
    n = len(raw)
    # a header word nowhere in the text is in none of its lines (one search, not one per line)
    header_words = _has_header_word(text)
    # a row needs a tab, a "|", a run of spaces (see _split_cells) or a header word: a text
    # with none of them has no row, and its lines need no test each
    if not (header_words or "\t" in text or "|" in text or "  " in text):
        i = n
    while i < n:
        cells = _split_cells(raw[i])
        header_single = False
        if (cells is None and header_words and len(raw[i]) <= 120 and _has_header_word(raw[i])
                and raw[i].lstrip()[:1] != "#"):  # ("### Optionally Enabled Permissions ###" is a title, not a row)
            sp = raw[i].split()
            # (a list item or a sentence is no header: "- **Permissions:** The app requires location
            # permission to access ..." names header words, but its words are no cells)
            if 3 <= len(sp) <= 12 and not _BULLET_CELL.fullmatch(sp[0]) and _is_header_row(sp) and (
                    _PROSE_WORDS.isdisjoint(w.lower() for w in sp)):
                cells, header_single = sp, True
        if cells is None:
            i += 1
            continue
        j = i + 1
        run = [cells]
        header = _is_header_row(cells)
        while j < n and raw[j].strip():
            nxt = _split_cells(raw[j], single_space=header_single)
            if nxt is None:
                if header and not _SEPARATOR.match(raw[j]) and not _is_heading_line(raw[j]) and run[-1] is not cells:
                    # a wrapped cell: continue the previous row's last cell
                    run[-1] = run[-1][:-1] + [run[-1][-1] + raw[j].strip()]
                    j += 1
                    continue
                break
            if _MD_TABLE_RULE.fullmatch(nxt[0]) and all(_MD_TABLE_RULE.fullmatch(c) for c in nxt):
                run.append([])
                j += 1
                continue
            run.append(nxt)
            j += 1
        real = [r for r in run if r]
        if header or (len(real) >= 2 and len({len(r) for r in real}) <= 2):
            for k, r in enumerate(run):
                cells_of[i + k] = r
            # wrapped-cell lines folded into the previous row: mark them consumed
            for k in range(len(run), j - i):
                cells_of[i + k] = []
            i = j
        else:
            i += 1
    wrap_width: list[int] = []  # the text's wrap width, measured when a continuation test first needs it

    def wrap() -> int:
        # (a table, or headings and one-line paragraphs, never ask: no pass over every line)
        if not wrap_width:
            widths = sorted([_width(x) for x in map(str.strip, raw) if len(x) >= 20])
            wrap_width.append(widths[int(len(widths) * 0.9)] if len(widths) >= 5 else 10 ** 9)
        return wrap_width[0]

    out: list[tuple[str, object]] = []
    para: list[str] = []  # physical lines of the paragraph being built

    def flush() -> None:
        if len(para) == 1:  # the usual paragraph: one line, nothing to join
            out.append(("line", para[0]))
            para.clear()
        elif para:
            joined = para[0]
            for nxt in para[1:]:
                prev = joined[-1:]
                cjk_joint = bool(_CJK_RE.match(prev) or _CJK_RE.match(nxt[:1])) or not prev.isascii()
                joined += nxt if cjk_joint else " " + nxt
            out.append(("line", joined))
            para.clear()

    for k, line in enumerate(raw):
        if cells_of[k] is not None:
            flush()
            if cells_of[k]:
                out.append(("row", cells_of[k]))
            continue
        s = line.strip()
        # (a separator line starts with one of its marks: other lines skip the regex)
        if not s or s[0] in _SEPARATOR_MARKS and _SEPARATOR.match(s) and not (markdown and s.startswith("#")):
            flush()
            out.append(("break", None))
            continue
        if para and _continues(para[-1], s, wrap, lx):
            para.append(s)
            continue
        flush()
        para.append(s)
    flush()
    return out


_OPEN_CHARS = "，、,（(“\"‘《/-—&和及或与的"


# English words a sentence never ends on: a line ending with one goes on in the next
_DANGLING = re.compile(r"(?:^|\s)(?:the|a|an|to|of|and|or|with|for|your|our|by|from|than|its|their)$", re.IGNORECASE)


def _continues(prev: str, line: str, wrap, lx=None) -> bool:
    """Is `line` the continuation of the hard-wrapped line `prev`? (`wrap()`: the text's wrap width)"""
    if prev[-1:] in _CLOSED_CHARS or prev.startswith("#") or _ITEM_START.match(line):
        return False
    if prev[-1:] in _OPEN_CHARS:
        return True  # "…访问您的麦克风、" / "…such as your camera,"
    if prev[-1:].isascii() and prev[-1:].isalpha() and line[:1].islower():
        return True  # English wrapped mid-sentence
    if prev[-1:].isascii() and prev[-1:].isalpha() and _DANGLING.search(prev[-8:]):
        return True  # "… SD Maid does not use the" / "AccessibilityService API to …": no line ends on "the"
    if len(prev) >= 4 and _CJK_RE.match(prev[-1]) and _CJK_RE.match(line[:1]) and _term_across(prev, line, lx):
        return True  # "…我们会收集您的设备互联网" / "协议地址和位置": a data term cut by the line end
    if _open_bracket(prev) and _CJK_RE.search(prev) is not None:
        return True  # "6.设备信息(包括型号、唯一设备识别码(如IMEI/android" / "ID/IDFA)": a bracket still open
    return _width(prev) >= 0.8 * wrap()  # as wide as the text's wrap width, ending mid-sentence


def _open_bracket(line: str) -> bool:
    """More brackets opened than closed in `line` (full-width or ASCII): its sentence goes on."""
    return line.count("（") + line.count("(") > line.count("）") + line.count(")")


def _term_across(prev: str, line: str, lx=None) -> bool:
    """A Chinese data term of the lexicon that starts at the end of `prev` and ends in `line`
    ("位置⏎信息", "互联网⏎协议地址"): the line break cut a word, so the lines are one sentence.
    `lx`: the settings' lexicon (None: the packaged one)."""
    if lx is None:
        from auditor.policy.lexicon import lexicon  # (lazy: the lexicon is compiled on first use)

        lx = lexicon()
    tail, head = prev[-8:], line[:8]
    chunk = tail + head
    return any(a < len(tail) < b for rx in (lx.term_re, lx.umbrella_re) for a, b in zip(*rx.offsets(chunk)))


def read_text(text: str, encoding: str, lx=None) -> Document:
    b = _Builder()
    for kind, payload in _logical_lines(text, markdown=False, lx=lx):
        if kind == "row":
            b.add("row", "", [_clean(c) for c in payload])
        elif kind == "line":
            if _is_heading_line(payload):
                b.add("heading", payload)
            elif (m := _TEXT_BULLET.match(payload)) is not None:
                # "- Phone: to detect calls": a bulleted line of plain text is a list item, as in
                # Markdown (a list lead before it covers it; a permission list reads its label)
                b.add("item", payload[m.end():])
            else:
                b.add("paragraph", payload)
    return b.document(encoding, "text")


_TEXT_BULLET = re.compile(r"\s*[-*+•]\s+(?=\S)")


# what can make _strip_md or _clean change a cell (cells come stripped from _split_cells): a
# text with none of it (and no wide forms) has clean cells, but for a leading bullet mark
_BULLET_MARK = re.compile(r"[-+]\s")
_CELL_MARKS = ("<", "#", "*", "_", "](", "  ", "\t", "\r", "\f", "\v", "\u00a0", "\u3000")


def _add_markdown_lines(b: "_Builder", text: str, lx=None) -> None:
    # looked for once in the whole text, not in each cell of a 100,000-row table
    plain = not any(m in text for m in _CELL_MARKS) and _WIDE_RE.search(text) is None
    # a bullet mark ("- ", "+ ") nowhere in the text: no cell starts with one
    bullets = plain and _BULLET_MARK.search(text) is not None
    for kind, payload in _logical_lines(text, markdown=True, lx=lx):
        if kind == "row":
            if plain and not (bullets and any(c[:1] in "-+" for c in payload)):
                b.add("row", "", payload)
            else:
                b.add("row", "", [_clean(_strip_md(c)) for c in payload])
        elif kind == "line":
            s = payload
            if _is_md_heading(s):
                b.add("heading", _strip_md(s))
            elif _MD_ITEM.match(s):
                b.add("item", _strip_md(s))
            else:
                b.add("paragraph", _strip_md(s))


def read_markdown(text: str, encoding: str, lx=None) -> Document:
    b = _Builder()
    _add_markdown_lines(b, text, lx)
    return b.document(encoding, "markdown")


MAX_HTML_DEPTH = 128
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_VOID = {"br", "img", "hr", "meta", "input", "link", "wbr", "area", "base", "col", "embed", "source", "track",
         "param", "keygen"}


def _parse_html(text: str):
    """lxml root, or None when libxml2 gave up on the nesting depth (and lost text)."""
    from lxml import etree

    # lxml.etree's parser, not lxml.html's: the same libxml2 parse, without a Python-level
    # element class lookup on every element the walk touches (100,000 table rows: 400,000)
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
                              default_doctype=False)
    try:
        root = etree.fromstring(text, parser=parser)
        if root is None:  # what lxml.html.document_fromstring reports
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError) as exc:
        if "depth" in str(exc).lower() or any("depth" in e.message.lower() for e in parser.error_log):
            return None
        raise InputError(f"policy HTML cannot be parsed ({exc})") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message for e in parser.error_log):
        return None
    return root


def _flatten_deep(text: str, limit: int) -> str:
    """Drop the tags nested deeper than `limit` (block tags become line breaks), keeping all
    text: one linear pass over the tags."""
    out: list[str] = []
    depth = 0
    last = 0
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        if m.group(1):
            drop = depth > limit
            depth = max(0, depth - 1)
        else:
            depth += 1
            drop = depth > limit
        if drop:
            out.append(text[last:m.start()])
            out.append("<br>" if name in BLOCK_TAGS or name in HEADING_TAGS or name in ("li", "tr", "br") else " ")
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def _bold_title(el, buf: list[str]) -> bool:
    """<p><strong>Permissions</strong></p>: a block that is one short bold English phrase is a
    title, as a bold line is in Markdown."""
    if len(el) != 1 or (el.text or "").strip() or (el[0].tail or "").strip():
        return False
    child = el[0].tag.lower() if isinstance(el[0].tag, str) else ""
    if child not in ("b", "strong") or len(el[0]):
        return False
    t = "".join(buf).strip()
    return 0 < len(t) <= 80 and t.isascii() and t[-1:] not in ".,;"


_HTML_WRAP = re.compile(r"(?<=[!-~])[ \t\r\f\v]*\n\s*(?=[!-~])")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n\s*(?=[{_CJK}])")


def read_html(text: str, encoding: str, lx=None) -> Document:
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    root = _parse_html(text)
    if root is None:  # libxml2 stops at 256 nested elements and drops the rest: flatten, parse again
        root = _parse_html(_flatten_deep(text, MAX_HTML_DEPTH))
    if root is None:
        raise InputError("policy HTML cannot be parsed (nesting too deep)")
    b = _Builder()
    buf: list[str] = []
    cells: list[str] | None = None
    cell_buf: list[str] | None = None
    skip_depth = 0

    def flush(kind: str = "paragraph") -> None:
        if buf:
            chunk = "".join(buf)
            if "\n" in chunk:
                # a line break of the HTML source is a space on the page: between English words it
                # joins them again ("We do\n not request", "such\n as"), so that words and phrases
                # read across it
                chunk = _HTML_WRAP.sub(" ", chunk)
                # ... and between two Chinese characters it is no space (CSS Text: segment break
                # transformation): "您的设备互联网⏎    协议(IP)地址" is "互联网协议"
                if "\n" in chunk and not chunk.isascii():
                    chunk = _CJK_BREAK.sub("", chunk)
            b.add(kind, chunk)
            buf.clear()

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if skip_depth or tag in DROP_TAGS:
                skip_depth += 1
                continue
            if tag == "pre" and cell_buf is None:
                # preformatted text keeps its lines: hard-wrapped paragraphs, plain-text tables
                flush()
                _add_markdown_lines(b, etree.tostring(el, method="text", encoding="unicode", with_tail=False), lx)
                skip_depth = 1
                continue
            if tag in HEADING_TAGS or tag in BLOCK_TAGS or tag == "li":
                if cell_buf is None:
                    flush()
            elif tag == "tr":
                flush()
                cells = []
            elif tag in ("td", "th"):
                cell_buf = []
            elif tag == "br":
                if cell_buf is not None:
                    cell_buf.append(" ")
                else:
                    flush()
            if el.text:
                (cell_buf if cell_buf is not None else buf).append(el.text)
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth or (tag not in DROP_TAGS and tag != "pre"):
                    continue
            elif tag in HEADING_TAGS:
                flush("heading")
            elif tag == "li":
                flush("item")
            elif tag in ("td", "th") and cell_buf is not None and cells is not None:
                cells.append(_clean("".join(cell_buf)))
                cell_buf = None
            elif tag == "tr" and cells is not None:
                if cell_buf is not None:
                    cells.append(_clean("".join(cell_buf)))
                    cell_buf = None
                b.add("row", "", cells)
                cells = None
            elif tag in BLOCK_TAGS and cell_buf is None:
                flush("heading" if buf and _bold_title(el, buf) else "paragraph")
            if el.tail and not skip_depth:
                (cell_buf if cell_buf is not None else buf).append(el.tail)
    flush()
    return b.document(encoding, "html")


MAX_PDF_PAGES = 2000


def read_pdf(data: bytes, lx=None) -> Document:
    """Text of a PDF policy (pypdf: pure Python, no external binaries), page by page, then
    read like plain text (hard-wrapped lines re-flowed, tables by column gaps)."""
    import logging

    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - a core dependency
        raise InputError("PDF policies need the pypdf package") from None
    import io

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-file chatter is not ours to print
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise InputError("policy PDF is encrypted") from None
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputError(f"policy PDF has {len(reader.pages)} pages (limit {MAX_PDF_PAGES})")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise InputError(f"policy PDF cannot be read ({type(exc).__name__})") from None
    raw = "\n\n".join(pages)
    converted = _simplified(raw, lx)
    doc = read_text(converted, "pdf", lx)
    return Document(doc.text, doc.blocks, doc.headings, doc.language, "pdf", "pdf",
                    "traditional" if converted is not raw else "")


def _simplified(text: str, lx) -> str:
    """A Traditional Chinese text in Simplified characters and mainland words (auditor.policy.hant);
    any other text as it is."""
    from auditor.policy.hant import to_simplified
    from auditor.policy.lexicon import lexicon

    phrases = getattr(lx, "hant_phrases", None)  # (a caller's partial lexicon may carry none)
    return to_simplified(text, lexicon().hant_phrases if phrases is None else phrases)


def read_document(data: bytes, name: str, charset: str | None = None, lx=None) -> Document:
    """Bytes -> Document. `charset` (e.g. from an HTTP Content-Type header) is tried after
    strict UTF-8, before GB18030; otherwise an HTML <meta> charset is. `lx`: the settings'
    lexicon, which re-flowing hard-wrapped Chinese lines consults (None: the packaged one)."""
    if data[:1024].lstrip().startswith(b"%PDF-") or (name.lower().endswith(".pdf") and b"%PDF-" in data[:1024]):
        if len(data) > MAX_POLICY_BYTES:
            raise InputError(f"policy of {len(data)} bytes exceeds the {MAX_POLICY_BYTES}-byte limit")
        doc = read_pdf(data, lx)
        if not doc.text.strip():
            raise InputError("policy PDF has no extractable text (scanned images?)")
        return doc
    head = data[:4096]
    hint = charset
    m = _CHARSET.search(head)
    if m and not hint:
        hint = m.group(1).decode("ascii", "ignore")
    text, encoding = decode(data, hint)
    converted = _simplified(text, lx)
    script = "traditional" if converted is not text else ""
    text = converted
    fmt = sniff_format(name, text[:65536])
    vue = fmt == "vue"
    if vue:  # read as the HTML page it renders (the JSON says "html")
        fmt, text = "html", vue_markup(text)
    if fmt == "html":
        doc = read_html(text, encoding, lx)
    elif fmt == "markdown":
        doc = read_markdown(text, encoding, lx)
    else:
        doc = read_text(text, encoding, lx)
    if not doc.text.strip():
        shown = _WEB_VIEW.search(text) if vue else None
        if shown is not None:
            # uni-app's page that only frames another one ("<web-view src='/hybrid/html/privacy.html'>")
            raise InputError(f"policy component has no text of its own: it shows {shown.group(1)[:200]!r} "
                             "in a web-view (pass that page or its URL)")
        if fmt == "html" and _SCRIPT_BUILT.search(text) is not None:
            # a single-page app's shell (React, Vue...): the policy exists only once a browser runs it
            raise InputError("policy HTML has no readable text: its text is built by JavaScript "
                             "(save the page as rendered by a browser, or its text, and pass that)")
        raise InputError("policy has no readable text")
    return replace(doc, script=script) if script else doc


_WEB_VIEW = re.compile(r"""<web-view\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
# a script body of some size: what a page with no text of its own renders itself with
_SCRIPT_BUILT = re.compile(r"<script\b[^>]*>(?:(?!</script>).){200}", re.IGNORECASE | re.DOTALL)

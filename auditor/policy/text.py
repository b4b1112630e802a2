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
from dataclasses import dataclass

from auditor.errors import InputError

MAX_POLICY_BYTES = 20 * 1024 * 1024
DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "nav", "footer", "aside", "svg", "form",
             "button", "select", "object", "embed", "head", "canvas", "audio", "video", "map"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
              "table", "thead", "tbody", "tfoot", "body", "html", "header", "figure", "figcaption", "center"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

_NUMBERED = re.compile(
    r"^\s*(?:#+\s*|\*\*\s*)?(?:第[一二三四五六七八九十百]+[章节条部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]"
    r"|(?:[IVX]+|\d{1,2}(?:\.\d{1,2}){0,3})[.、)．]?\s|[（(](?:[IVX]+|\d{1,2})[)）]|Chapter\s+\d+|Appendix|附录|附件)")
_INLINE_MARKER = re.compile(r"(?:(?<=\s)|^)\((?:[IVX]{1,5})\)\s+(?=[A-Z])|[（(][一二三四五六七八九十]{1,3}[)）]|(?<![\w一-龥])[一二三四五六七八九十]{1,3}、")
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
    language: str  # en | zh | mixed
    encoding: str
    format: str  # text | markdown | html

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
    if b"\x00" in data[:4096]:
        raise InputError("policy is not a text document (binary data)")
    candidates = ["utf-8", "gb18030"]
    if hint:
        try:
            import codecs

            name = codecs.lookup(hint.decode("ascii", "ignore") if isinstance(hint, bytes) else hint).name
            # strict UTF-8 first: real GBK text almost never validates as UTF-8, while UTF-8
            # text mislabelled as GBK would decode as GB18030 into mojibake
            if name not in ("utf-8", "gbk", "gb2312", "gb18030", "cp936"):
                candidates = ["utf-8", name, "gb18030"]
        except LookupError:
            pass
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError("policy is neither UTF-8 nor GBK/GB18030 text")


_CJK_RE = re.compile("[\u4e00-\u9fff]")
_LATIN_RE = re.compile("[A-Za-z]")
_WIDE_RE = re.compile("[\uff01-\U0010ffff]")


def detect_language(text: str) -> str:
    text = text[:200_000]  # a sample decides; counting 20 MB of characters would not change it
    cjk = len(_CJK_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    total = cjk * 2 + latin  # a Chinese character carries about as much as two Latin letters
    if total == 0:
        return "en"
    share = cjk * 2 / total
    return "zh" if share > 0.7 else "en" if share < 0.1 else "mixed"


def sniff_format(name: str, head: str) -> str:
    lower = name.lower()
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    probe = head.lstrip()[:2048].lower()
    if probe.startswith(("<!doctype html", "<html")) or re.search(r"<(body|p|div|h[1-6]|table)\b", probe):
        return "html"
    if (re.search(r"(?m)^\s*\|?\s*:?-{3,}:?\s*\|", head) or re.search(r"(?m)^#{1,6}\s+\S", head)
            or len(re.findall(r"(?m)^\s*\*\*[^*\n]+\*\*", head)) >= 3):
        return "markdown"
    return "text"


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
            for m in _INLINE_MARKER.finditer(text):
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
    text = unicodedata.normalize("NFKC", text) if _WIDE_RE.search(text) else text
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    return _SPACES.sub(" ", text).strip()


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
_MD_INLINE_TAG = re.compile(r"</?(?:u|b|i|em|strong|span|font|sup|sub)\b[^>]*>")
_MD_HASHES = re.compile(r"^\s*#+\s*")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_MD_BULLET = re.compile(r"^\s*(?:[-*+])\s+")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


def _strip_md(line: str) -> str:
    if "<" in line:
        line = _MD_INLINE_TAG.sub("", line)
    line = _MD_HASHES.sub("", line)
    line = line.replace("**", "").replace("__", "")
    if "](" in line:
        line = _MD_LINK.sub(r"\1 (\2)", line)
    line = _MD_BULLET.sub("", line)
    return line


def read_text(text: str, encoding: str) -> Document:
    b = _Builder()
    for line in text.splitlines():
        if not line.strip():
            continue
        b.add("heading" if _is_heading_line(line) else "paragraph", line)
    return b.document(encoding, "text")


def read_markdown(text: str, encoding: str) -> Document:
    b = _Builder()
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith("|"):
            cells = [_clean(_strip_md(c)) for c in s.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c.strip()) or not c.strip() for c in cells):
                continue
            b.add("row", "", cells)
        elif _is_md_heading(s):
            b.add("heading", _strip_md(s))
        elif _MD_ITEM.match(line):
            b.add("item", _strip_md(s))
        else:
            b.add("paragraph", _strip_md(s))
    return b.document(encoding, "markdown")


def read_html(text: str, encoding: str) -> Document:
    from lxml import etree, html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
                             default_doctype=False)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"policy HTML cannot be parsed ({exc})") from None
    b = _Builder()
    buf: list[str] = []
    cells: list[str] | None = None
    cell_buf: list[str] | None = None
    skip_depth = 0

    def flush(kind: str = "paragraph") -> None:
        if buf:
            b.add(kind, "".join(buf))
            buf.clear()

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if skip_depth or tag in DROP_TAGS:
                skip_depth += 1
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
                if skip_depth or tag not in DROP_TAGS:
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
                flush()
            if el.tail and not skip_depth:
                (cell_buf if cell_buf is not None else buf).append(el.tail)
    flush()
    return b.document(encoding, "html")


def read_document(data: bytes, name: str) -> Document:
    head = data[:4096]
    hint = None
    m = _CHARSET.search(head)
    if m:
        hint = m.group(1).decode("ascii", "ignore")
    text, encoding = decode(data, hint)
    fmt = sniff_format(name, text[:65536])
    if fmt == "html":
        doc = read_html(text, encoding)
    elif fmt == "markdown":
        doc = read_markdown(text, encoding)
    else:
        doc = read_text(text, encoding)
    if not doc.text.strip():
        raise InputError("policy has no readable text")
    return doc

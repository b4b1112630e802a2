"""Traditional Chinese policies, read in Simplified Chinese.

The reader's Chinese lexicon and rules are written in Simplified characters and mainland wording
(the CA4P corpus, MIIT practice). A policy written in Traditional characters (Taiwan, Hong Kong,
Macau: 隱私權政策, 位置資訊, 相簿, 簡訊, 相機許可權) is converted to Simplified before it is parsed:
first the Taiwan and Hong Kong words that mainland Chinese says otherwise (the lexicon's
`[hant.phrases]`: 資訊 -> 信息, 簡訊 -> 短信, 裝置 -> 设备, 許可權 -> 权限, 相簿 -> 相册), then character by
character (隱私 -> 隐私). The normalised text, the offsets and the quotes of the result are those of
the converted text.

The character table is OpenCC's (Traditional-to-Simplified characters, with the Taiwan and Hong Kong
variant tables first), shipped as data by the `opencc-python-reimplemented` package; only its
dictionary files are read, with str.translate (its converter is pure Python and too slow for a
multi-megabyte hostile text, and its phrase tables carry software jargon that misreads policies:
通話記錄 -> 联系历史, 檢視 -> 视图). A character with several Simplified forms takes the first,
OpenCC's default.

Only a text that is clearly Traditional is converted: its Traditional-only characters must number
at least `MIN_TRADITIONAL` and outnumber its Simplified-only ones threefold. A Simplified policy is
never touched (some characters are valid in both, and a Simplified text keeps its own).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

MIN_TRADITIONAL = 20
_SAMPLE = 200_000  # characters that decide; counting megabytes would not change the verdict


@functools.lru_cache(maxsize=1)
def tables():
    """(character translate table, pattern of the Traditional-only characters, pattern of the
    Simplified-only ones), or None when the OpenCC dictionaries are not installed (the text is
    then read as it is)."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - a declared dependency; an install without it reads as before
        return None
    folder = Path(opencc.__file__).parent / "dictionary"

    def characters(name: str) -> dict[str, str]:
        """A character table: each character -> its first listed form, where that differs."""
        out = {}
        path = folder / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                src, _, dst = line.partition("\t")
                forms = dst.split()
                if len(src) == 1 and forms and len(forms[0]) == 1 and forms[0] != src:
                    out[src] = forms[0]
        return out

    chars = characters("TSCharacters.txt")
    variants = {**characters("HKVariantsRev.txt"), **characters("TWVariantsRev.txt")}  # regional form -> OpenCC's
    table = {ord(c): chars.get(v, v) for c, v in variants.items()}
    table.update({ord(c): s for c, s in chars.items()})
    simplified_only = [s for s in characters("STCharacters.txt") if ord(s) not in table]
    return table, _char_class(chr(k) for k in table), _char_class(simplified_only)


def _char_class(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def is_traditional(text: str) -> bool:
    t = tables()
    if t is None:
        return False
    sample = text[:_SAMPLE]
    trad = len(t[1].findall(sample))
    return trad >= MIN_TRADITIONAL and trad > 3 * len(t[2].findall(sample))


@functools.lru_cache(maxsize=8)
def _phrase_re(phrases: tuple[tuple[str, str], ...]) -> re.Pattern | None:
    keys = sorted((k for k, _ in phrases), key=lambda k: (-len(k), k))  # longest first: 儲存空間 before 儲存
    return re.compile("|".join(re.escape(k) for k in keys)) if keys else None


def to_simplified(text: str, phrases: tuple[tuple[str, str], ...] = ()) -> str:
    """The text in Simplified characters and mainland wording when it is clearly Traditional
    (`phrases`: the lexicon's (Traditional word, mainland word) pairs, replaced first); otherwise
    the text itself."""
    if not is_traditional(text):
        return text
    rx, lookup = _phrase_re(phrases), dict(phrases)
    if rx is not None:
        text = rx.sub(lambda m: lookup[m.group()], text)
    return text.translate(tables()[0])

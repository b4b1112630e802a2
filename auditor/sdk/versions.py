"""SDK versions: where the binary carries them, how to compare them.

A signature lists where its version lives (`versions`): a DEX string constant found by
the literal start of a pattern (binary search in the sorted string table), a native
library name, or a static constant field (BuildConfig.VERSION_NAME, SDK_VERSION)
read from the class's static values. The pattern's groups, joined with '.', are the
version.
"""

from __future__ import annotations

import re

_SPECIAL = set(".^$*+?{}[]()|\\")


def literal_prefix(pattern: str) -> str:
    """The literal text a regular expression must start with ('' when it has none)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            out.append(pattern[i + 1])
            i += 2
            continue
        if ch in _SPECIAL:
            break
        out.append(ch)
        i += 1
    if i < len(pattern) and pattern[i] in "?*{" and out:
        out.pop()  # the last character is optional or repeated
    return "".join(out)


def version_from(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    if m is None:
        return None
    parts = [g for g in m.groups() if g]
    return ".".join(parts) or None


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version)[:6])


def in_range(version: str | None, lo: str | None, hi: str | None) -> bool:
    """True when version lies within [lo, hi] (either bound may be missing; no version: False)."""
    if version is None:
        return False
    key = version_key(version)
    if not key:
        return False
    if lo and key < version_key(lo):
        return False
    if hi and key > version_key(hi):
        return False
    return True

"""Text helpers every plain-text renderer shares: terminal width of CJK text, clipping,
wrapping, headings, short permission names and terminal colours.

A leaf module: it imports no renderer, so renderers can all import it (no import circles).
"""

from __future__ import annotations

import os

from auditor.permissions import short_permission as short

WIDTH = 100


def width(text: str) -> int:
    """Terminal columns of `text` (CJK characters take two)."""
    from wcwidth import wcswidth

    w = wcswidth(text)
    return w if w >= 0 else len(text)


def clip(text: str, n: int) -> str:
    """Clip to n terminal columns, marking the cut with an ellipsis."""
    if width(text) <= n:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > n - 1:
            break
        out += ch
    return out + "…"


def wrap(text: str, indent: str = "    ") -> str:
    """Wrap to WIDTH terminal columns; CJK characters count two, overlong words are split."""
    lead = text[: len(text) - len(text.lstrip(" "))]
    lines: list[str] = []
    cur = lead
    for word in text.strip(" ").split(" "):
        candidate = word if cur.strip() == "" and cur == lead else f"{cur} {word}" if cur.strip() else cur + word
        if cur.strip() and width(candidate) > WIDTH:
            lines.append(cur)
            cur = indent + word
        else:
            cur = candidate
        while width(cur) > WIDTH:  # a single word longer than the line
            cut = len(cur)
            while cut > len(indent) + 1 and width(cur[:cut]) > WIDTH:
                cut -= 1
            lines.append(cur[:cut])
            cur = indent + cur[cut:]
    lines.append(cur)
    return "\n".join(lines)


def heading(title: str) -> str:
    return f"\n{title}\n{'-' * len(title)}"


# ANSI SGR colours for severities in the terminal table.
SEVERITY_COLOURS = {"high": "1;31", "medium": "33", "low": "36", "info": "2"}


def colour_wanted(stream, flag_off: bool = False, env=None) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (non-empty, https://no-color.org)
    or --no-color is given."""
    env = os.environ if env is None else env
    if flag_off or env.get("NO_COLOR", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, severity: str, colour: bool) -> str:
    code = SEVERITY_COLOURS.get(severity)
    return f"\x1b[{code}m{text}\x1b[0m" if colour and code else text

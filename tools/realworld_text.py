"""Print the normalised text of policies (what annotation quotes are checked against).

Uses only the reader's text normalisation (auditor.policy.text.read_document), never its
claims, so annotations stay independent of the reader. Blank lines and runs of
whitespace are folded to keep the text short for a human reader.

    python tools/realworld_text.py FILE [FILE...]
"""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path

from auditor.policy.text import read_document


def normalised(path: Path) -> str:
    return read_document(path.read_bytes(), path.name).text


def folded_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        if line and set(line) != {"="}:
            out.append(line)
    return out


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly
    for arg in argv[1:]:
        p = Path(arg)
        print(f"##### {p.name}")
        try:
            print("\n".join(folded_lines(normalised(p))))
        except Exception as exc:  # noqa: BLE001 - a viewer: say why and go on
            # (unreadable or not a policy)
            print(f"UNREADABLE: {exc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

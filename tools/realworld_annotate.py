"""Write annotation TOML files from a reviewer's compact notes, checking every quote.

Notes format (one block per policy; categories not listed are `absent`):

    = ca4p 0883.html | 脉脉 | optional note      (kind: ca4p, en or zh; en/zh NAME = sources.toml key)
    device_id D 本机设备信息(IMEI)
    advertising_id V 我们需要收集的信息包括您的设备信息
    contacts N 我们不会收集您的通讯录
    +phone            (phone_device group true on phone_number alone, see GUIDE.md)

D = declared, V = vague, N = denied. The [groups] table is derived from the declared
categories by the mapping in GUIDE.md. A quote that is not in the normalised text
(after removing whitespace and NFKC) stops the run with the file and quote named.

    python tools/realworld_annotate.py NOTES.txt
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from policy_realworld_support import (  # noqa: E402
    CATEGORIES, GROUPS, KINDS, derive_groups, fold, policy_text, split_of_file)

CODES = {"D": "declared", "V": "vague", "N": "denied"}


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(kind: str, name: str, app: str, note: str, cats: dict, phone: bool, raw: str) -> str:
    split = split_of_file(kind, name)
    out = [f"file = {_q(name)}"]
    m = re.match(r"\s*Apkid:\s*(\S+)", raw)
    if m:
        out.append(f"apkid = {_q(m.group(1))}")
    if app:
        out.append(f"app = {_q(app)}")
    out.append(f"split = {_q(split)}")
    if note:
        out.append(f"note = {_q(note)}")
    out += ["", "[categories]"]
    for cid in CATEGORIES:
        if cid in cats:
            st, quote = cats[cid]
            out.append(f"{cid} = {{ status = {_q(st)}, quote = {_q(quote)} }}")
        else:
            out.append(f'{cid} = {{ status = "absent" }}')
    groups = derive_groups({c: s for c, (s, _) in cats.items()}, phone)
    out += ["", "[groups]"] + [f"{g} = {'true' if groups[g] else 'false'}" for g in GROUPS]
    return "\n".join(out) + "\n"


def parse_notes(path: Path) -> list[dict]:
    """The blocks of a notes file: kind, name, app, note, cats {id: (status, quote)}, phone."""
    blocks: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("= "):
            blocks.append([line])
        elif line.strip() and blocks:
            blocks[-1].append(line)
    out = []
    for block in blocks:
        head = [x.strip() for x in block[0][2:].split("|")]
        kind, name = head[0].split()
        assert kind in KINDS, (name, f"kind {kind!r} is not one of {KINDS}")
        cats, phone = {}, False
        for line in block[1:]:
            line = line.strip()
            if line == "+phone":
                phone = True
                continue
            cid, code, quote = line.split(" ", 2)
            assert cid in CATEGORIES, (name, cid)
            assert len(quote) <= 80, (name, cid, "quote > 80 chars")
            cats[cid] = (CODES[code], quote.strip())
        out.append({"kind": kind, "name": name, "app": head[1] if len(head) > 1 else "",
                    "note": head[2] if len(head) > 2 else "", "cats": cats, "phone": phone})
    return out


def main(argv: list[str]) -> int:
    blocks = parse_notes(Path(argv[1]))
    bad = 0
    for b in blocks:
        kind, name, cats = b["kind"], b["name"], b["cats"]
        raw = policy_text(kind, name)
        text = fold(raw)
        for cid, (_, quote) in cats.items():
            if fold(quote) not in text:
                print(f"{name}: {cid}: quote not in text: {quote}")
                bad += 1
        dest = ROOT / "tests" / "policy_realworld" / kind / (Path(name).stem + ".toml")
        dest.write_text(render(kind, name, b["app"], b["note"], cats, b["phone"], raw), encoding="utf-8")
        tomllib.loads(dest.read_text(encoding="utf-8"))
    print(f"{len(blocks)} files written, {bad} bad quotes")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

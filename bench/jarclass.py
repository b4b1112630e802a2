"""Read Java .class files (JVM spec, chapter 4) just far enough to carry a vendor jar's
code *structure* into a DEX: name, superclass, interfaces, every method and field it
references, every string constant, and static final String constants. Then write each
class as smali: the same hierarchy, the constants as static field values, and one method
that loads every string and invokes every referenced method / reads every referenced
field. The result is not runnable, but its reference graph, hierarchy, strings and the
sensitive API calls of each class are those of the vendor's bytecode, which is what SDK
detection and call-site attribution look at. (Debian ships no d8/dx for a faithful
conversion; see bench/vendor_sdks.py.)
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field


@dataclass
class ClassInfo:
    name: str  # com/foo/Bar
    super: str | None
    interfaces: list[str]
    methods: set[tuple[str, str, str]] = field(default_factory=set)  # (class, name, descriptor) referenced
    fields: set[tuple[str, str, str]] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)
    constants: dict[str, str] = field(default_factory=dict)  # static final String fields with a value


def _mutf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "replace")


def parse_class(data: bytes) -> ClassInfo:
    if data[:4] != b"\xca\xfe\xba\xbe":
        raise ValueError("not a class file")
    (count,) = struct.unpack_from(">H", data, 8)
    pos = 10
    cp: list = [None] * count
    i = 1
    while i < count:
        tag = data[pos]
        if tag == 1:
            (n,) = struct.unpack_from(">H", data, pos + 1)
            cp[i] = ("utf8", _mutf8(data[pos + 3:pos + 3 + n]))
            pos += 3 + n
        elif tag in (3, 4):
            pos += 5
        elif tag in (5, 6):
            pos += 9
            i += 1
        elif tag == 7:
            cp[i] = ("class", struct.unpack_from(">H", data, pos + 1)[0])
            pos += 3
        elif tag == 8:
            cp[i] = ("string", struct.unpack_from(">H", data, pos + 1)[0])
            pos += 3
        elif tag in (9, 10, 11):
            c, nt = struct.unpack_from(">HH", data, pos + 1)
            cp[i] = ({9: "field", 10: "method", 11: "imethod"}[tag], c, nt)
            pos += 5
        elif tag == 12:
            cp[i] = ("nat",) + struct.unpack_from(">HH", data, pos + 1)
            pos += 5
        elif tag in (15,):
            pos += 4
        elif tag in (16, 19, 20):
            pos += 3
        elif tag in (17, 18):
            pos += 5
        else:
            raise ValueError(f"constant pool tag {tag}")
        i += 1

    def utf(k: int) -> str:
        return cp[k][1]

    def cls(k: int) -> str:
        return utf(cp[k][1])

    access, this, sup, n_if = struct.unpack_from(">HHHH", data, pos)
    pos += 8
    ifaces = [cls(struct.unpack_from(">H", data, pos + 2 * j)[0]) for j in range(n_if)]
    pos += 2 * n_if
    info = ClassInfo(cls(this), cls(sup) if sup else None, ifaces)
    # fields: keep static final String constants
    (n_fields,) = struct.unpack_from(">H", data, pos)
    pos += 2
    for _ in range(n_fields):
        facc, fname, fdesc, n_attr = struct.unpack_from(">HHHH", data, pos)
        pos += 8
        for _ in range(n_attr):
            aname, alen = struct.unpack_from(">HI", data, pos)
            if utf(aname) == "ConstantValue" and facc & 0x0018 == 0x0018 and utf(fdesc) == "Ljava/lang/String;":
                (vi,) = struct.unpack_from(">H", data, pos + 6)
                if cp[vi] and cp[vi][0] == "string":
                    info.constants[utf(fname)] = utf(cp[vi][1])
            pos += 6 + alen
    for entry in cp:
        if entry is None:
            continue
        if entry[0] == "string":
            info.strings.add(utf(entry[1]))
        elif entry[0] == "class":
            info.classes.add(utf(entry[1]))
        elif entry[0] in ("field", "method", "imethod"):
            owner = cls(entry[1])
            nat = cp[entry[2]]
            ref = (owner, utf(nat[1]), utf(nat[2]))
            (info.fields if entry[0] == "field" else info.methods).add(ref)
    return info


def _desc(name: str) -> str:
    return name if name.startswith("[") else f"L{name};"


def _smali_string(s: str) -> str:
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\"\\":
            out.append("\\" + ch)
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        else:
            unit = ch.encode("utf-16-be", "surrogatepass")
            for k in range(0, len(unit), 2):
                out.append("\\u%04x" % int.from_bytes(unit[k:k + 2], "big"))
    return "".join(out)


def _param_words(desc: str) -> int:
    params = desc[1:desc.index(")")]
    words, i = 0, 0
    while i < len(params):
        ch = params[i]
        if ch in "JD":
            words += 2
            i += 1
        elif ch == "L":
            words += 1
            i = params.index(";", i) + 1
        elif ch == "[":
            while params[i] == "[":
                i += 1
            if params[i] == "L":
                i = params.index(";", i) + 1
            else:
                i += 1
            words += 1
        else:
            words += 1
            i += 1
    return words


def to_smali(c: ClassInfo) -> str:
    lines = [f".class public {_desc(c.name)}", f".super {_desc(c.super or 'java/lang/Object')}"]
    lines += [f".implements {_desc(i)}" for i in c.interfaces]
    for name, value in sorted(c.constants.items()):
        lines.append(f'.field public static final {name}:Ljava/lang/String; = "{_smali_string(value)}"')
    body = []
    regs = 2
    for s in sorted(c.strings):
        body.append(f'    const-string v0, "{_smali_string(s)}"')
    for t in sorted(c.classes):
        if not t.startswith("["):
            body.append(f"    const-class v0, {_desc(t)}")
    for owner, name, desc in sorted(c.fields):
        op = "sget-wide" if desc in ("J", "D") else "sget-object" if desc[0] in "L[" else "sget"
        body.append(f"    {op} v0, {_desc(owner)}->{name}:{desc}")
    for owner, name, desc in sorted(c.methods):
        if owner.startswith("["):
            continue
        n = _param_words(desc)
        regs = max(regs, n + 1)
        op = "invoke-static {}" if n == 0 else f"invoke-static/range {{v0 .. v{n - 1}}}"
        body.append(f"    {op}, {_desc(owner)}->{name}{desc}")
    lines += [".method public static refs()V", f"    .registers {regs}", *body, "    return-void", ".end method", ""]
    return "\n".join(lines)

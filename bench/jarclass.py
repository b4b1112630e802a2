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


@dataclass
class _Head:
    """What both parsers read first: the constant pool, the class header and its static
    final String constants; `pos` is where the methods table starts."""
    cp: list
    access: int
    name: str
    super: str | None
    interfaces: list[str]
    constants: dict[str, str]
    pos: int

    def utf(self, k: int) -> str:
        return self.cp[k][1]

    def cls(self, k: int) -> str:
        return self.utf(self.cp[k][1])


def _read_head(data: bytes) -> _Head:
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
        elif tag in (7, 8, 16, 19, 20):
            cp[i] = ({7: "class", 8: "string"}.get(tag, "other"), struct.unpack_from(">H", data, pos + 1)[0])
            pos += 3
        elif tag in (9, 10, 11):
            c, nt = struct.unpack_from(">HH", data, pos + 1)
            cp[i] = ({9: "field", 10: "method", 11: "imethod"}[tag], c, nt)
            pos += 5
        elif tag == 12:
            cp[i] = ("nat",) + struct.unpack_from(">HH", data, pos + 1)
            pos += 5
        elif tag == 15:
            pos += 4
        elif tag in (17, 18):
            pos += 5
        else:
            raise ValueError(f"constant pool tag {tag}")
        i += 1
    head = _Head(cp, 0, "", None, [], {}, pos)
    access, this, sup, n_if = struct.unpack_from(">HHHH", data, pos)
    pos += 8
    head.access, head.name, head.super = access, head.cls(this), head.cls(sup) if sup else None
    head.interfaces = [head.cls(struct.unpack_from(">H", data, pos + 2 * j)[0]) for j in range(n_if)]
    pos += 2 * n_if
    (n_fields,) = struct.unpack_from(">H", data, pos)
    pos += 2
    for _ in range(n_fields):
        facc, fname, fdesc, n_attr = struct.unpack_from(">HHHH", data, pos)
        pos += 8
        for _ in range(n_attr):
            aname, alen = struct.unpack_from(">HI", data, pos)
            if (head.utf(aname) == "ConstantValue" and facc & 0x0018 == 0x0018
                    and head.utf(fdesc) == "Ljava/lang/String;"):
                (vi,) = struct.unpack_from(">H", data, pos + 6)
                if cp[vi] and cp[vi][0] == "string":
                    head.constants[head.utf(fname)] = head.utf(cp[vi][1])
            pos += 6 + alen
    head.pos = pos
    return head


def parse_class(data: bytes) -> ClassInfo:
    h = _read_head(data)
    cp, utf, cls = h.cp, h.utf, h.cls
    info = ClassInfo(h.name, h.super, h.interfaces, constants=h.constants)
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


# --- Per-method conversion (start-up bench) -------------------------------------------------
# The start-up analysis walks calls method by method, so a class carried over as one `refs()`
# method would make every reference of the class reachable from any call into it. This keeps
# each method: its name, descriptor and static/instance kind, and in its body the strings it
# loads and the methods/fields its own bytecode references (read from its Code attribute), in
# bytecode order. Branch structure is not kept: every call in a method counts as reachable.

# operand bytes after the opcode, for fixed-length JVM opcodes (JVM spec 6.5)
_OPERANDS = {0x10: 1, 0x11: 2, 0x12: 1, 0x13: 2, 0x14: 2, 0x84: 2, 0xa9: 1, 0xb9: 4, 0xba: 4, 0xbc: 1, 0xc5: 3,
             0xc8: 4, 0xc9: 4}
for _op in range(0x15, 0x1a):
    _OPERANDS[_op] = 1
for _op in range(0x36, 0x3b):
    _OPERANDS[_op] = 1
for _op in list(range(0x99, 0xa9)) + list(range(0xb2, 0xb9)) + [0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7]:
    _OPERANDS[_op] = 2


@dataclass
class MethodInfo:
    name: str
    desc: str
    static: bool
    abstract: bool
    refs: list = field(default_factory=list)  # ("invoke-static"|..., owner, name, desc), ("string"|"new-instance"|"const-class", x)
    public: bool = True


@dataclass
class ClassMethods:
    name: str
    super: str | None
    interfaces: list[str]
    interface: bool
    methods: list[MethodInfo]
    constants: dict[str, str]


def _code_refs(code: bytes, cp: list, utf, cls) -> list:
    out = []
    pc = 0
    n = len(code)
    while pc < n:
        op = code[pc]
        if op == 0xaa:  # tableswitch
            p = (pc + 4) & ~3
            low, high = struct.unpack_from(">ii", code, p + 4)
            pc = p + 12 + 4 * (high - low + 1)
            continue
        if op == 0xab:  # lookupswitch
            p = (pc + 4) & ~3
            (npairs,) = struct.unpack_from(">i", code, p + 4)
            pc = p + 8 + 8 * npairs
            continue
        if op == 0xc4:  # wide
            pc += 6 if code[pc + 1] == 0x84 else 4
            continue
        if op in (0x12, 0x13):
            k = code[pc + 1] if op == 0x12 else struct.unpack_from(">H", code, pc + 1)[0]
            if cp[k] and cp[k][0] == "string":
                out.append(("string", utf(cp[k][1])))
            elif cp[k] and cp[k][0] == "class" and not utf(cp[k][1]).startswith("["):
                out.append(("const-class", utf(cp[k][1])))
        elif op == 0xbb:  # new: the walk follows Runnables, listeners... handed on from where they are created
            (k,) = struct.unpack_from(">H", code, pc + 1)
            out.append(("new-instance", cls(k)))
        elif 0xb2 <= op <= 0xb9:
            (k,) = struct.unpack_from(">H", code, pc + 1)
            entry = cp[k]
            if entry and entry[0] in ("field", "method", "imethod"):
                owner = cls(entry[1])
                nat = cp[entry[2]]
                name, desc = utf(nat[1]), utf(nat[2])
                kind = {0xb2: "sget", 0xb3: None, 0xb4: "iget", 0xb5: None, 0xb6: "invoke-virtual",
                        0xb7: "invoke-direct", 0xb8: "invoke-static", 0xb9: "invoke-interface"}[op]
                if kind and not owner.startswith("["):
                    out.append((kind, owner, name, desc))
        pc += 1 + _OPERANDS.get(op, 0)
    return out


def parse_class_methods(data: bytes) -> ClassMethods:
    """Each method of a class file with the references its own bytecode makes."""
    h = _read_head(data)
    cp, utf, cls, pos = h.cp, h.utf, h.cls, h.pos
    methods = []
    (n_methods,) = struct.unpack_from(">H", data, pos)
    pos += 2
    for _ in range(n_methods):
        macc, mname, mdesc, n_attr = struct.unpack_from(">HHHH", data, pos)
        pos += 8
        m = MethodInfo(utf(mname), utf(mdesc), bool(macc & 0x0008), bool(macc & 0x0500), public=bool(macc & 0x0001))
        for _ in range(n_attr):
            aname, alen = struct.unpack_from(">HI", data, pos)
            if utf(aname) == "Code":
                (code_len,) = struct.unpack_from(">I", data, pos + 10)
                m.refs = _code_refs(data[pos + 14:pos + 14 + code_len], cp, utf, cls)
            pos += 6 + alen
        methods.append(m)
    return ClassMethods(h.name, h.super, h.interfaces, bool(h.access & 0x0200), methods, h.constants)


def to_smali_methods(c: ClassMethods) -> str:
    """The class as smali with each of its methods and, in each body, that method's own references."""
    head = ".class public interface abstract" if c.interface else ".class public"
    lines = [f"{head} {_desc(c.name)}", f".super {_desc(c.super or 'java/lang/Object')}"]
    lines += [f".implements {_desc(i)}" for i in c.interfaces]
    for name, value in sorted(c.constants.items()):
        lines.append(f'.field public static final {name}:Ljava/lang/String; = "{_smali_string(value)}"')
    seen = set()
    for m in c.methods:
        if (m.name, m.desc) in seen:
            continue
        seen.add((m.name, m.desc))
        ins = _param_words(m.desc) + (0 if m.static else 1)
        if m.name == "<clinit>":
            flags = "static constructor"
        elif m.name == "<init>":
            flags = "public constructor"
        else:
            flags = "public static" if m.static else "public"
        if m.abstract and m.name not in ("<init>", "<clinit>"):
            lines += [f".method {flags} abstract {m.name}{m.desc}", ".end method", ""]
            continue
        body, width = [], 2
        for ref in m.refs:
            if ref[0] == "string":
                body.append(f'    const-string v0, "{_smali_string(ref[1])}"')
                continue
            if ref[0] in ("new-instance", "const-class"):
                body.append(f"    {ref[0]} v0, {_desc(ref[1])}")
                continue
            kind, owner, name, desc = ref
            if kind in ("sget", "iget"):
                wide = desc in ("J", "D")
                suffix = "-wide" if wide else "-object" if desc[0] in "L[" else ""
                body.append(f"    {kind}{suffix} v0, {_desc(owner)}->{name}:{desc}" if kind == "sget" else
                            f"    {kind}{suffix} v0, v2, {_desc(owner)}->{name}:{desc}")
                width = max(width, 3)
                continue
            n = _param_words(desc) + (0 if kind == "invoke-static" else 1)
            width = max(width, n + 1)
            regs = "{}" if n == 0 else f"{{v0 .. v{n - 1}}}"
            body.append(f"    {kind}/range {regs}, {_desc(owner)}->{name}{desc}" if n else
                        f"    {kind} {{}}, {_desc(owner)}->{name}{desc}")
        ret = m.desc[m.desc.index(")") + 1:]
        tail = ["    return-void"] if ret == "V" else \
            ["    const-wide/16 v0, 0x0", "    return-wide v0"] if ret in ("J", "D") else \
            ["    const/4 v0, 0x0", "    return v0"] if len(ret) == 1 else \
            ["    const/4 v0, 0x0", "    return-object v0"]
        lines += [f".method {flags} {m.name}{m.desc}", f"    .registers {width + ins + 1}", *body, *tail,
                  ".end method", ""]
    return "\n".join(lines)

"""Call edges over the app's DEX files, decoded lazily, one method at a time.

`Program` indexes class definitions of every dex (first definition wins, as the
platform's class loader does), parses a class's method table only when a method of it
is needed, and decodes a method body only when the walk reaches it. A decoded
`Body` holds the method's outgoing edges (calls, and the indirections Android code uses
to run code later without the user: Runnable/Thread/Executor/Handler, Callable,
listeners handed to other code, workers), which of its instructions run only under a
check of a persisted consent flag (`gated`), and the UI listener objects it creates.
"""

from __future__ import annotations

import bisect
import re
import struct
from array import array
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from auditor.apk.dex import CodeTables, DexFile, DexError, _SIZES

NO_INDEX = 0xFFFFFFFF

# Interfaces / base classes whose methods only run when the user acts on the UI.
UI_TYPES = frozenset({
    "Landroid/view/View$OnClickListener;", "Landroid/content/DialogInterface$OnClickListener;",
    "Landroid/content/DialogInterface$OnMultiChoiceClickListener;", "Landroid/view/View$OnLongClickListener;",
    "Landroid/view/View$OnTouchListener;", "Landroid/widget/CompoundButton$OnCheckedChangeListener;",
    "Landroid/widget/RadioGroup$OnCheckedChangeListener;", "Landroid/widget/AdapterView$OnItemClickListener;",
    "Landroid/widget/AdapterView$OnItemSelectedListener;", "Landroid/widget/TextView$OnEditorActionListener;",
    "Landroid/text/style/ClickableSpan;", "Landroid/view/MenuItem$OnMenuItemClickListener;",
    "Landroidx/appcompat/widget/Toolbar$OnMenuItemClickListener;",
    "Lcom/google/android/material/button/MaterialButton$OnCheckedChangeListener;",
    "Landroid/preference/Preference$OnPreferenceClickListener;",
    "Landroidx/preference/Preference$OnPreferenceClickListener;",
})
# Types whose instances run their code later on another thread / the main loop, without the user.
ASYNC_TYPES = {
    "Ljava/lang/Runnable;": "runnable", "Ljava/lang/Thread;": "thread", "Ljava/util/concurrent/Callable;": "callable",
    "Ljava/util/TimerTask;": "timer", "Landroid/os/AsyncTask;": "async_task", "Landroid/os/Handler;": "handler",
    "Landroid/os/Handler$Callback;": "handler", "Landroid/os/MessageQueue$IdleHandler;": "idle_handler",
    "Ljava/util/concurrent/ThreadFactory;": "thread",
}
WORKER_TYPES = frozenset({"Landroidx/work/Worker;", "Landroidx/work/ListenableWorker;", "Landroidx/work/CoroutineWorker;",
                          "Landroid/app/job/JobService;", "Landroid/app/IntentService;"})
# Interfaces that do not make an object a callback.
MARKERS = frozenset({"Ljava/io/Serializable;", "Landroid/os/Parcelable;", "Ljava/lang/Comparable;",
                     "Ljava/lang/Cloneable;", "Ljava/lang/Object;", "Ljava/lang/Enum;", "Ljava/lang/Iterable;",
                     "Ljava/util/Iterator;", "Ljava/lang/CharSequence;", "Ljava/lang/annotation/Annotation;"})

# Reads of persisted state: a branch on their result is a consent check.
FLAG_READS = {
    "Landroid/content/SharedPreferences;": {"getBoolean", "getInt", "getString", "getLong", "contains", "getAll"},
    "Lcom/tencent/mmkv/MMKV;": {"decodeBool", "decodeInt", "decodeString", "decodeLong", "getBoolean", "getInt",
                                "getString", "getLong", "contains", "containsKey"},
    "Landroidx/datastore/preferences/core/Preferences;": {"get", "contains"},
    "Landroidx/datastore/preferences/core/MutablePreferences;": {"get", "contains"},
}
UNWRAP = {("Ljava/lang/Boolean;", "booleanValue"), ("Ljava/lang/Integer;", "intValue"),
          ("Ljava/lang/String;", "equals"), ("Ljava/lang/Object;", "equals"), ("Lkotlin/jvm/internal/Intrinsics;", "areEqual")}

CONSENT_WORDS = re.compile(r"agree|consent|privacy|accept|authori[sz]|policy|同意|隐私", re.IGNORECASE)


def _consent_name(smali: str, method: bool) -> bool:
    """A boolean method or field whose name says it holds the consent state (isPrivacyAgreed, sAgreed...)."""
    _cls, _, rest = smali.partition("->")
    name = rest.split("(", 1)[0].split(":", 1)[0]
    if method and not rest.endswith(")Z"):
        return False
    if not method and not rest.endswith(":Z"):
        return False
    return bool(CONSENT_WORDS.search(name))


DIRECT_INVOKES = frozenset((0x6F, 0x70, 0x71, 0x75, 0x76, 0x77))  # super, direct, static (+ /range)
VIRTUAL_INVOKES = frozenset((0x6E, 0x72, 0x74, 0x78))  # virtual, interface (+ /range)
RETURNS = frozenset((0x0E, 0x0F, 0x10, 0x11, 0x27))  # return-*, throw
_START, _MIDX = itemgetter(0), itemgetter(2)

# What the fast decoder does with each opcode: 0 skip; 1 invoke; 2 new-instance; 3 const-class; 4 a branch that
# may test a consent flag (if-eq/ne/eqz/nez, which also ends a look-back); 5 nop (may start a payload);
# 6 ends a look-back (return/throw, goto, switch, cmp, other ifs); 7 may produce the tested value
# (move-result, iget, sget).
_KIND = bytearray(256)
for _op in range(0x28, 0x3E):
    _KIND[_op] = 6
for _op in RETURNS:
    _KIND[_op] = 6
for _op in (0x0A, 0x0B, 0x0C, *range(0x52, 0x59), *range(0x60, 0x67)):
    _KIND[_op] = 7
for _op in DIRECT_INVOKES | VIRTUAL_INVOKES:
    _KIND[_op] = 1
_KIND[0x22], _KIND[0x1C], _KIND[0x00] = 2, 3, 5
for _op in (0x32, 0x33, 0x38, 0x39):
    _KIND[_op] = 4
_STEP = [2 * _n for _n in _SIZES]  # instruction size in bytes


def _insns_span(dex: DexFile, code: int) -> tuple[int, int]:
    """Byte offsets (start, end) of a code item's instructions; DexError when out of range."""
    d = dex.data
    if code + 16 > len(d):
        raise DexError(f"{dex.name}: code item out of range")
    start = code + 16
    end = start + 2 * struct.unpack_from("<I", d, code + 12)[0]
    if end > len(d):
        raise DexError(f"{dex.name}: code item out of range")
    return start, end


@dataclass
class Body:
    """What the walk needs from one decoded method."""

    method: str  # smali
    invokes: list[tuple[int, int, str]] = field(default_factory=list)  # (insn no, opcode, target smali)
    direct: dict[int, str] = field(default_factory=dict)  # insn no -> target smali, when the target's code is in this dex
    new_instances: list[tuple[int, str]] = field(default_factory=list)  # (insn no, type descriptor)
    const_classes: list[tuple[int, str]] = field(default_factory=list)
    gated: set[int] = field(default_factory=set)  # instruction numbers that run only under a flag check
    flag_branches: int = 0


class MethodDef(NamedTuple):  # a tuple: one is made per method looked up, a frozen dataclass costs 5x more
    dex: DexFile
    method_idx: int
    code_off: int
    access: int


def split_smali(smali: str) -> tuple[str, str, str]:
    cls, _, rest = smali.partition("->")
    name, _, sig = rest.partition("(")
    return cls, name, "(" + sig


class Program:
    def __init__(self, dexes: list[DexFile]) -> None:
        self.dexes = dexes
        self.tables: dict[int, CodeTables] = {}
        self.where: dict[str, tuple[DexFile, int]] = {}
        for dex in dexes:
            for i, desc in enumerate(dex.class_descriptors()):
                self.where.setdefault(desc, (dex, i))
        self._resolved: dict[tuple[str, str, str], str | None] = {}
        self._names: dict[tuple[int, str], int | None] = {}
        self._types: dict[tuple[int, str], int | None] = {}
        self._codes: dict[int, dict[int, int]] = {}
        self._clinits: dict[str, str] | None = None
        self._children: dict[str, list[str]] | None = None
        self._bodies: dict[str, Body | None] = {}
        self._flag_methods: dict[str, bool] = {}
        self._index: dict[int, tuple] = {}  # per dex: see _dex_index
        self._refs: dict[int, dict[int, tuple[str, bool]]] = {}  # per dex: method id -> (smali, defined here)
        self._lookups: dict[tuple[str, str, str], MethodDef | None] = {}
        self._spans: dict[str, tuple | None] = {}
        self._defs: dict[str, MethodDef] = {}  # smali -> its definition, for methods a call resolved to
        self.edge_cache: dict[str, list] = {}  # auditor.startup._edges: outgoing edges per method
        self.target_edges: dict[object, object] = {}  # ... per virtual call target, new-instance or const-class type
        self.direct_edges: dict[str, object] = {}  # ... per direct/static call target
        self.decoded = 0
        self.undecodable = 0

    # ---- classes --------------------------------------------------------------------
    def table(self, dex: DexFile) -> CodeTables:
        t = self.tables.get(id(dex))
        if t is None:
            t = self.tables[id(dex)] = CodeTables.of(dex)
        return t

    def defined(self, desc: str) -> bool:
        return desc in self.where

    def superclass(self, desc: str) -> str | None:
        loc = self.where.get(desc)
        if loc is None:
            return None
        dex, i = loc
        sup = dex.class_defs[i * 8 + 2]
        return None if sup == NO_INDEX else dex.type_descriptor(sup)

    def interfaces(self, desc: str) -> tuple[str, ...]:
        loc = self.where.get(desc)
        if loc is None:
            return ()
        dex, i = loc
        off = dex.class_defs[i * 8 + 3]
        if not off:
            return ()
        (n,) = struct.unpack_from("<I", dex.data, off)
        return tuple(dex.type_descriptor(t) for t in struct.unpack_from(f"<{n}H", dex.data, off + 4))

    def supertypes(self, desc: str, limit: int = 64) -> list[str]:
        """desc, its superclasses and interfaces (transitively), as far as the app defines them."""
        out: list[str] = []
        todo = [desc]
        while todo and len(out) < limit:
            cur = todo.pop(0)
            if cur in out:
                continue
            out.append(cur)
            sup = self.superclass(cur)
            if sup:
                todo.append(sup)
            todo.extend(self.interfaces(cur))
        return out

    def children(self, desc: str) -> list[str]:
        if self._children is None:
            kids: dict[str, list[str]] = {}
            for d in self.where:
                sup = self.superclass(d)
                if sup:
                    kids.setdefault(sup, []).append(d)
                for it in self.interfaces(d):
                    kids.setdefault(it, []).append(d)
            self._children = kids
        return self._children.get(desc, [])

    # Method definitions are found through the method_ids table, which the format keeps sorted by
    # (class, name, proto), and the code-item map the scanner already built: no class_data is re-parsed.
    def _code_map(self, dex: DexFile) -> dict[int, int]:
        """method id -> offset of its instructions (its code item starts 16 bytes earlier)."""
        m = self._codes.get(id(dex))
        if m is None:
            code = self.table(dex).code_items()  # (insns start, end, method id), built at C speed
            m = self._codes[id(dex)] = dict(zip(map(_MIDX, code), map(_START, code)))
        return m

    def clinit(self, desc: str) -> str | None:
        """desc's static initializer, if it has one (two binary searches in its dex's method ids, cached)."""
        if self._clinits is None:
            self._clinits = {}
        hit = self._clinits.get(desc)
        if hit is None:
            hit = self._clinits[desc] = f"{desc}-><clinit>()V" if self._ids(desc, "<clinit>") else ""
        return hit or None

    def _name_idx(self, dex: DexFile, name: str) -> int | None:
        key = (id(dex), name)
        if key not in self._names:
            self._names[key] = self.table(dex).find_string(name)
        return self._names[key]

    def _dex_index(self, dex: DexFile) -> tuple[array, array, dict[int, int], dict]:
        """Per dex: the class and the name string index of every method id (arrays built at C speed from
        the table's bytes), the code map, and name indices found so far. The format sorts method ids by
        (class, name, proto): a class's methods are two bisects in the first array, a name two more."""
        ix = self._index.get(id(dex))
        if ix is None:
            raw = dex.data[dex.method_ids_off: dex.method_ids_off + 8 * dex.method_ids_size]
            halves, words = array("H"), array("I")
            halves.frombytes(raw)
            words.frombytes(raw)
            ix = self._index[id(dex)] = (halves[0::4], words[1::2], self._code_map(dex), {})
        return ix

    def _span(self, desc: str) -> tuple | None:
        """(dex, first and end method id of desc in it, the dex's index) for a class the app defines, cached."""
        hit = self._spans.get(desc, False)
        if hit is False:
            hit = None
            loc = self.where.get(desc)
            if loc is not None:
                dex, ci = loc
                ix = self._index.get(id(dex)) or self._dex_index(dex)
                ti = dex.class_defs[ci * 8]
                lo = bisect.bisect_left(ix[0], ti)
                hi = bisect.bisect_right(ix[0], ti, lo)
                if lo < hi:
                    hit = (dex, lo, hi, ix)
            self._spans[desc] = hit
        return hit

    def _ids(self, desc: str, name: str | None) -> list[tuple[DexFile, int]]:
        """(dex, method index) of the methods desc defines with code (all names when name is None)."""
        sp = self._spans.get(desc, False)
        if sp is False:
            sp = self._span(desc)
        if sp is None:
            return []
        dex, lo, hi, ix = sp
        if name is not None:
            found = ix[3]
            ni = found.get(name, -1)
            if ni == -1:
                ni = found[name] = self._name_idx(dex, name)
            if ni is None:
                return []
            names = ix[1]
            lo = bisect.bisect_left(names, ni, lo, hi)
            hi = bisect.bisect_right(names, ni, lo, hi)
        codes = ix[2]
        return [(dex, k) for k in range(lo, hi) if k in codes]

    def lookup(self, desc: str, name: str, proto: str) -> MethodDef | None:
        """desc's own definition of name(proto) with code (`_ids` inlined: this runs once per call target)."""
        key = (desc, name, proto)
        found = self._lookups.get(key, False)
        if found is not False:
            return found
        found = None
        sp = self._spans.get(desc, False)
        if sp is False:
            sp = self._span(desc)
        if sp is not None:
            dex, lo, hi, ix = sp
            known = ix[3]
            ni = known.get(name, -1)
            if ni == -1:
                ni = known[name] = self._name_idx(dex, name)
            if ni is not None:
                names, codes = ix[1], ix[2]
                lo = bisect.bisect_left(names, ni, lo, hi)
                hi = bisect.bisect_right(names, ni, lo, hi)
                if lo < hi:
                    t = self.table(dex)
                    mids = t.method_ids
                    for k in range(lo, hi):
                        if k in codes and t.proto(mids[k][1]) == proto:
                            found = MethodDef(dex, k, codes[k] - 16, 0)
                            break
        self._lookups[key] = found
        return found

    def defines(self, desc: str, name: str) -> bool:
        return bool(self._ids(desc, name))

    def methods(self, desc: str) -> dict[tuple[str, str], MethodDef]:
        """Every method with code that desc defines, by (name, proto)."""
        out = {}
        for dex, midx in self._ids(desc, None):
            t = self.table(dex)
            _c, p, n = t.method_ids[midx]
            out[(dex.string(n), t.proto(p))] = MethodDef(dex, midx, self._code_map(dex)[midx] - 16, 0)
        return out

    def smali(self, desc: str, name: str, proto: str) -> str:
        return f"{desc}->{name}{proto}"

    def resolve(self, desc: str, name: str, proto: str) -> str | None:
        """The definition a call to desc->name(proto) runs, looking up the app's superclasses."""
        key = (desc, name, proto)
        found = self._resolved.get(key, False)
        if found is not False:
            return found
        found = None
        cur: str | None = desc
        for _ in range(32):
            if cur is None or cur not in self.where:
                break
            m = self.lookup(cur, name, proto)
            if m is not None:
                found = self.smali(cur, name, proto) if m.code_off else None
                if found:
                    self._defs[found] = m
                break
            cur = self.superclass(cur)
        self._resolved[key] = found
        return found

    def by_name(self, desc: str, name: str) -> list[str]:
        """Every definition of `name` (any signature) in desc or its app superclasses, most derived first."""
        out, seen = [], set()
        cur: str | None = desc
        for _ in range(32):
            if cur is None or cur not in self.where:
                break
            for dex, midx in self._ids(cur, name):
                proto = self.table(dex).proto(self.table(dex).method_ids[midx][1])
                if proto not in seen:
                    seen.add(proto)
                    out.append(self.smali(cur, name, proto))
            cur = self.superclass(cur)
        return out

    def overrides(self, desc: str, name: str, proto: str, limit: int = 32) -> list[str]:
        """Definitions of name(proto) in the app's subclasses / implementors of desc (class hierarchy analysis)."""
        out: list[str] = []
        todo, seen = list(self.children(desc)), set()
        while todo and len(out) < limit and len(seen) < 4 * limit:
            cur = todo.pop()
            if cur in seen:
                continue
            seen.add(cur)
            m = self.lookup(cur, name, proto)
            if m is not None and m.code_off:
                out.append(self.smali(cur, name, proto))
            todo.extend(self.children(cur))
        return out

    def virtual_methods(self, desc: str) -> list[str]:
        return [self.smali(desc, n, p) for (n, p) in self.methods(desc) if not n.startswith("<")]

    # ---- bodies ---------------------------------------------------------------------
    def body(self, smali: str) -> Body | None:
        b = self._bodies.get(smali, False)
        if b is not False:
            return b
        m = self._defs.get(smali)  # found when the call to it was resolved: no second lookup
        if m is None:
            desc, name, proto = split_smali(smali)
            m = self.lookup(desc, name, proto) if desc in self.where else None
        b = None
        if m is not None and m.code_off:
            try:
                b = self._decode(smali, m)
                self.decoded += 1
            except (DexError, IndexError, KeyError, struct.error, ValueError, OverflowError):
                self.undecodable += 1  # a damaged code item: the walk goes on without this method
                b = None
        self._bodies[smali] = b
        return b

    def is_flag_read(self, target: str, depth: int = 2) -> bool:
        """A call whose result is persisted consent state: a catalogued read, or an app method returning
        a boolean/int that makes one (up to `depth` wrappers deep)."""
        desc, name, proto = split_smali(target)
        if name in FLAG_READS.get(desc, ()):
            return True
        if depth <= 0 or desc not in self.where or proto[-1:] not in ("Z", "I"):
            return False
        key = f"{target}#{depth}"
        if key in self._flag_methods:
            return self._flag_methods[key]
        self._flag_methods[key] = False  # recursion guard
        res = False
        real = self.resolve(desc, name, proto)
        b = self.body(real) if real else None
        if b is not None:
            res = any(self.is_flag_read(t, depth - 1) for _i, _op, t in b.invokes)
        self._flag_methods[key] = res
        return res

    def _ref(self, dex: DexFile, midx: int, refs: dict[int, tuple[str, bool]], codes: dict[int, int]) -> tuple[str, bool]:
        """(smali, whether its code is in this dex and this dex's definition of the class is the one that
        counts) of a method id, cached per dex: most call targets are invoked from many methods."""
        target = self.table(dex).method_smali(midx)
        here = midx in codes and self.where.get(target[:target.index("->")], (None,))[0] is dex
        if here:
            self._defs[target] = MethodDef(dex, midx, codes[midx] - 16, 0)
        ref = refs[midx] = (target, here)
        return ref

    def _decode(self, smali: str, m: MethodDef) -> Body:
        """One pass over the instructions that keeps only what the walk uses: invokes (their targets
        cached per method id), new-instance, const-class, and for each if-eq/ne/eqz/nez the look-back to
        the value it tests. Only a method where such a branch tests persisted consent state is decoded
        again in full (`_decode_full`), to work out which instructions the branch controls."""
        dex = m.dex
        d = dex.data
        start, end = _insns_span(dex, m.code_off)
        body = Body(smali)
        refs = self._refs.get(id(dex))
        if refs is None:
            refs = self._refs[id(dex)] = {}
        codes = self._code_map(dex)
        invokes, direct = body.invokes, body.direct
        kinds, step = _KIND, _STEP
        marks: list[tuple[int, int, int]] = []  # (insn no, pc, opcode) of what a flag look-back reads or stops at
        flagged = False
        pc, n = start, 0
        while pc < end:
            op = d[pc]
            k = kinds[op]
            if k:
                if k == 1:
                    midx = d[pc + 2] | d[pc + 3] << 8
                    ref = refs.get(midx)
                    if ref is None:
                        ref = self._ref(dex, midx, refs, codes)
                    invokes.append((n, op, ref[0]))
                    if ref[1]:
                        direct[n] = ref[0]  # defined right here: no lookup needed
                elif k >= 6:
                    marks.append((n, pc, op))
                elif k == 4:
                    if not flagged:
                        regs = {d[pc + 1]} if op >= 0x38 else {d[pc + 1] & 0xF, d[pc + 1] >> 4}
                        flagged = self._tests_flag_marks(n, regs, marks, invokes, d, dex)
                    marks.append((n, pc, op))
                elif k == 2:
                    body.new_instances.append((n, dex.type_descriptor(d[pc + 2] | d[pc + 3] << 8)))
                elif k == 3:
                    body.const_classes.append((n, dex.type_descriptor(d[pc + 2] | d[pc + 3] << 8)))
                elif pc + 1 < end and d[pc + 1] in (1, 2, 3):  # nop: payloads are data, not code
                    kind = d[pc + 1]
                    if kind == 1:
                        pc += 2 * (4 + 2 * (d[pc + 2] | d[pc + 3] << 8))
                    elif kind == 2:
                        pc += 2 * (2 + 4 * (d[pc + 2] | d[pc + 3] << 8))
                    else:
                        width, count = struct.unpack_from("<HI", d, pc + 2)
                        pc += 2 * (4 + (width * count + 1) // 2)
                    continue
            pc += step[op]
            n += 1
        if flagged:
            return self._decode_full(smali, m)
        return body

    def _tests_flag_marks(self, n: int, regs: set[int], marks, invokes, d, dex: DexFile) -> bool:
        """`_tests_flag` over the instructions the fast decoder kept: the others neither produce the
        tested value nor end the look-back, so skipping them gives the same answer."""
        for i in range(len(marks) - 1, -1, -1):
            k, pc, op = marks[i]
            if k < n - 12:
                return False
            if op <= 0x0C:  # move-result*
                if d[pc + 1] not in regs:
                    continue
                target = _invoke_at(invokes, k - 1)
                if target is None:
                    return False
                if self.is_flag_read(target) or _consent_name(target, method=True):
                    return True
                cls, name, _ = split_smali(target)
                if (cls, name) in UNWRAP:
                    return any(self.is_flag_read(t) for j, _op, t in invokes if max(0, k - 8) <= j < k - 1)
                return False
            if 0x52 <= op <= 0x58 and d[pc + 1] & 0xF in regs or 0x60 <= op <= 0x66 and d[pc + 1] in regs:
                return _consent_name(self.table(dex).field_smali(d[pc + 2] | d[pc + 3] << 8), method=False)
            if op in RETURNS or 0x28 <= op <= 0x3D:
                return False
        return False

    def _decode_full(self, smali: str, m: MethodDef) -> Body:
        """Every instruction with its successors: for a method with a consent-flag branch."""
        dex = m.dex
        d = dex.data
        t = self.table(dex)
        start, end = _insns_span(dex, m.code_off)
        body = Body(smali)
        codes = self._code_map(dex)
        offsets: list[int] = []  # code-unit offset of each instruction
        ops: list[int] = []
        succ: list[tuple[int, ...]] = []  # successor code-unit offsets
        pc = start
        invokes_at: dict[int, str] = {}
        while pc < end:
            op = d[pc]
            rel = (pc - start) // 2
            if op == 0 and pc + 1 < end and d[pc + 1] in (1, 2, 3):  # payloads are data, not code
                kind = d[pc + 1]
                if kind == 1:
                    size = struct.unpack_from("<H", d, pc + 2)[0]
                    pc += 2 * (4 + 2 * size)
                elif kind == 2:
                    size = struct.unpack_from("<H", d, pc + 2)[0]
                    pc += 2 * (2 + 4 * size)
                else:
                    width, count = struct.unpack_from("<HI", d, pc + 2)
                    pc += 2 * (4 + (width * count + 1) // 2)
                continue
            size = _SIZES[op]
            nxt = rel + size
            n = len(offsets)
            offsets.append(rel)
            ops.append(op)
            if op in RETURNS:
                succ.append(())
            elif op == 0x28:
                succ.append((rel + struct.unpack_from("<b", d, pc + 1)[0],))
            elif op == 0x29:
                succ.append((rel + struct.unpack_from("<h", d, pc + 2)[0],))
            elif op == 0x2A:
                succ.append((rel + struct.unpack_from("<i", d, pc + 2)[0],))
            elif 0x32 <= op <= 0x3D:
                succ.append((nxt, rel + struct.unpack_from("<h", d, pc + 2)[0]))
            elif op in (0x2B, 0x2C):
                pay = pc + 2 * struct.unpack_from("<i", d, pc + 2)[0]
                targets = [nxt]
                if start <= pay < end:
                    size_n = struct.unpack_from("<H", d, pay + 2)[0]
                    if op == 0x2B:
                        rels = struct.unpack_from(f"<{size_n}i", d, pay + 8)
                    else:
                        rels = struct.unpack_from(f"<{size_n}i", d, pay + 4 + 4 * size_n)
                    targets += [rel + r for r in rels]
                succ.append(tuple(targets))
            else:
                succ.append((nxt,))
            if op in DIRECT_INVOKES or op in VIRTUAL_INVOKES:
                midx = struct.unpack_from("<H", d, pc + 2)[0]
                target = t.method_smali(midx)
                body.invokes.append((n, op, target))
                invokes_at[n] = target
                if midx in codes and self.where.get(target.split("->", 1)[0], (None,))[0] is dex:
                    body.direct[n] = target  # defined right here: no lookup needed
            elif op == 0x22:
                body.new_instances.append((n, dex.type_descriptor(struct.unpack_from("<H", d, pc + 2)[0])))
            elif op == 0x1C:
                body.const_classes.append((n, dex.type_descriptor(struct.unpack_from("<H", d, pc + 2)[0])))
            pc += 2 * size
        # flag checks: if-eqz/if-nez (or if-eq/if-ne) on a register that a flag read just produced
        flag_branches: list[int] = []
        for n, op in enumerate(ops):
            if op not in (0x32, 0x33, 0x38, 0x39):
                continue
            pc = start + 2 * offsets[n]
            if op in (0x38, 0x39):
                regs = {d[pc + 1]}
            else:
                regs = {d[pc + 1] & 0xF, d[pc + 1] >> 4}
            if self._tests_flag(n, regs, ops, offsets, start, d, invokes_at, t):
                flag_branches.append(n)
        if flag_branches:
            body.flag_branches = len(flag_branches)
            body.gated = _control_dependent(offsets, succ, flag_branches)
        return body

    def _tests_flag(self, n: int, regs: set[int], ops, offsets, start, d, invokes_at, t) -> bool:
        """Does the branch at instruction n test a value that came from persisted consent state?"""
        for k in range(n - 1, max(-1, n - 13), -1):
            op = ops[k]
            pc = start + 2 * offsets[k]
            if op in (0x0A, 0x0B, 0x0C) and d[pc + 1] in regs:
                target = invokes_at.get(k - 1)
                if target is None:
                    return False
                if self.is_flag_read(target) or _consent_name(target, method=True):
                    return True
                cls, name, _ = split_smali(target)
                if (cls, name) in UNWRAP:  # prefs.get(...).booleanValue(), "1".equals(prefs.getString(...))
                    return any(self.is_flag_read(invokes_at[j]) for j in range(max(0, k - 8), k - 1) if j in invokes_at)
                return False
            # a boolean kept in a field: `if (sPrivacyAgreed)`, `if (this.consentGiven)`
            if 0x52 <= op <= 0x58 and d[pc + 1] & 0xF in regs or 0x60 <= op <= 0x66 and d[pc + 1] in regs:
                return _consent_name(t.field_smali(struct.unpack_from("<H", d, pc + 2)[0]), method=False)
            if op in RETURNS or 0x28 <= op <= 0x3D:
                return False
        return False


def _invoke_at(invokes: list[tuple[int, int, str]], j: int) -> str | None:
    """Target of the invoke that is instruction number j (invokes are in instruction order)."""
    for i in range(len(invokes) - 1, -1, -1):
        k = invokes[i][0]
        if k == j:
            return invokes[i][2]
        if k < j:
            return None
    return None


def _control_dependent(offsets: list[int], succ: list[tuple[int, ...]], branches: list[int]) -> set[int]:
    """Instructions that cannot run unless one flag branch goes one particular way."""
    index = {o: i for i, o in enumerate(offsets)}
    nsucc = [tuple(index[s] for s in ss if s in index) for ss in succ]

    def reach(cut: tuple[int, int] | None) -> set[int]:
        seen = {0} if offsets else set()
        todo = [0] if offsets else []
        while todo:
            i = todo.pop()
            for s in nsucc[i]:
                if cut is not None and i == cut[0] and s == cut[1]:
                    continue
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        return seen

    full = reach(None)
    gated: set[int] = set()
    for b in branches:
        for s in set(nsucc[b]):
            if len(set(nsucc[b])) < 2:
                continue
            gated |= full - reach((b, s))
    return gated

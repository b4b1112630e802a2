"""A class-level cross-reference index over DEX bytecode, built lazily.

Who references a class? Answered for a *batch* of classes at once, with one regex pass
per dex file over its code region for the opcodes that carry a method, field or type
index (invoke-*, iget/iput/sget/sput, const-class, new-instance, check-cast,
instance-of, new-array, filled-new-array): an index belonging to the batch is mapped to
the method whose code contains it (bisect over the code items, which also rejects
positions off an instruction boundary) and so to that method's class. Nothing is
decoded for classes nobody asks about, and the whole-program graph is never built.

The API is small and in Java names (`com.example.Foo`), so other stages (attribution of
call sites, a start-up walker) can share it:

    index = XrefIndex(dexes)
    index.referrers({"cn.jiguang.ak.a"})   # -> {"cn.jiguang.ak.a": {"cn.jiguang.api.JCoreInterface", ...}}
    index.supertypes("com.foo.Bar")         # -> ["com.vendor.sdk.Base", "java.lang.Runnable"]
"""

from __future__ import annotations

import bisect
import re
import struct
from collections import defaultdict
from typing import Iterable

from auditor.apk.dex import CodeTables, DexFile, descriptor_to_java, structural_errors

# opcode ranges (first byte of a 16-bit code unit) followed by a 16-bit index in the next unit
_METHOD_OPS = b"[\x6e-\x72\x74-\x78]"
_FIELD_OPS = b"[\x52-\x6d]"
_TYPE_OPS = b"[\x1c\x1f\x20\x22\x23\x24\x25]"
_ANY_REF_OP = re.compile(b"[\x6e-\x72\x74-\x78\x52-\x6d\x1c\x1f\x20\x22-\x25]")


def _java_to_desc(name: str) -> str:
    return "L" + name.replace(".", "/") + ";"


def outer_class(name: str) -> str:
    """com.foo.Bar$1$Baz -> com.foo.Bar (inner and anonymous classes belong to their outer class)."""
    return name.split("$", 1)[0]


class _DexView:
    def __init__(self, dex: DexFile) -> None:
        self.dex = dex
        self._tables: CodeTables | None = None
        self._starts: list[int] | None = None

    @property
    def tables(self) -> CodeTables:
        if self._tables is None:
            self._tables = CodeTables(self.dex)
        return self._tables

    def type_index(self, desc: str) -> int | None:
        si = self.dex.find_string(desc)
        if si is None:
            return None
        types = self.dex.type_ids
        i = bisect.bisect_left(types, si)
        return i if i < len(types) and types[i] == si else None

    def code(self) -> tuple[list[int], list[tuple[int, int, int]]]:
        items = self.tables.code_items()
        if self._starts is None:
            self._starts = [c[0] for c in items]
        return self._starts, items


class XrefIndex:
    """Lazily answered cross-reference queries over every dex of an app (all splits)."""

    def __init__(self, dexes: Iterable[DexFile]) -> None:
        self.views = [_DexView(d) for d in dexes]
        self._defs: dict[str, tuple[DexFile, int]] | None = None
        self.passes = 0  # regex passes made (one per dex per referrers() call): for benchmarks

    def _where(self) -> dict[str, tuple[DexFile, int]]:
        if self._defs is None:
            self._defs = {}
            for v in self.views:
                for i, desc in enumerate(v.dex.class_descriptors()):
                    self._defs.setdefault(desc, (v.dex, i))
        return self._defs

    def defines(self, name: str) -> bool:
        return _java_to_desc(name) in self._where()

    def supertypes(self, name: str) -> list[str]:
        """Superclass and interfaces of a class defined in the app ([] when it is not)."""
        loc = self._where().get(_java_to_desc(name))
        if loc is None:
            return []
        dex, i = loc
        out = []
        with structural_errors(dex.name):
            sup = dex.class_defs[i * 8 + 2]
            if sup != 0xFFFFFFFF:
                out.append(descriptor_to_java(dex.type_descriptor(sup)))
            ifaces = dex.class_defs[i * 8 + 3]
            if ifaces:
                (n,) = struct.unpack_from("<I", dex.data, ifaces)
                out.extend(descriptor_to_java(dex.type_descriptor(t))
                           for t in struct.unpack_from(f"<{n}H", dex.data, ifaces + 4))
        return out

    def referrers(self, names: Iterable[str]) -> dict[str, set[str]]:
        """For each class (and its inner classes), the outer classes whose code references it
        by type, method or field, or which extend or implement it. Self-references are left out."""
        wanted = {outer_class(n) for n in names}
        out: dict[str, set[str]] = {n: set() for n in wanted}
        if not wanted:
            return out
        for v in self.views:
            with structural_errors(v.dex.name):
                self._referrers_in(v, wanted, out)
        return out

    def _referrers_in(self, v: _DexView, wanted: set[str], out: dict[str, set[str]]) -> None:
        dex = v.dex
        # every type of this dex that is a wanted class or one of its inner classes
        type_owner: dict[int, str] = {}
        for name in wanted:
            desc = _java_to_desc(name)
            ti = v.type_index(desc)
            if ti is not None:
                type_owner[ti] = name
            for si in dex.strings_with_prefix(desc[:-1] + "$", 500):
                text = dex.string(si)
                if text.endswith(";"):
                    ti = v.type_index(text)
                    if ti is not None:
                        type_owner[ti] = name
        if not type_owner:
            return
        # subclasses and implementers
        defs = dex.class_defs
        for ci in range(dex.class_count):
            sup = defs[ci * 8 + 2]
            if sup in type_owner:
                out[type_owner[sup]].add(outer_class(descriptor_to_java(dex.type_descriptor(defs[ci * 8]))))
        t = v.tables
        method_owner = {mi: type_owner[c] for mi, (c, _p, _n) in enumerate(t.method_ids) if c in type_owner}
        field_owner = {fi: type_owner[c] for fi, (c, _t, _n) in enumerate(t.field_ids) if c in type_owner}
        if not (method_owner or field_owner or type_owner):
            return
        self.passes += 1
        starts, code = v.code()
        if not code:
            return
        data = dex.data
        lo, hi = code[0][0], max(c[1] for c in code)
        unpack = struct.unpack_from
        method_class: dict[int, str] = {}
        # one pass over the code region for every opcode that carries a method, field or type
        # index; the index is looked up in the (small) tables of wanted classes
        for m in _ANY_REF_OP.finditer(data, lo, hi):
            pos = m.start()
            if pos + 4 > hi:
                break
            op = data[pos]
            (idx,) = unpack("<H", data, pos + 2)
            if 0x6E <= op <= 0x78:
                target = method_owner.get(idx)
            elif 0x52 <= op <= 0x6D:
                target = field_owner.get(idx)
            else:
                target = type_owner.get(idx)
            if target is None:
                continue
            k = bisect.bisect_right(starts, pos) - 1
            if k < 0 or pos >= code[k][1] or (pos - code[k][0]) % 2:
                continue
            midx = code[k][2]
            caller = method_class.get(midx)
            if caller is None:
                caller = outer_class(descriptor_to_java(dex.type_descriptor(t.method_ids[midx][0])))
                method_class[midx] = caller
            if caller != target:
                out[target].add(caller)


def reverse_closure(index: XrefIndex, start: Iterable[str], is_open, max_depth: int = 8,
                    max_nodes: int = 5000, unexplored: set[str] | None = None) -> dict[str, set[str]]:
    """Explore referrers backwards from `start`, one batch query per level, continuing only
    through classes for which is_open(name) is true (those not yet attributed). Returns the
    explored reverse edges: class -> classes referencing it. Open classes whose referrers were
    not asked for (the depth or node bound was reached) are added to `unexplored`."""
    edges: dict[str, set[str]] = defaultdict(set)
    seen = {outer_class(s) for s in start}
    frontier = set(seen)
    depth = 0
    while frontier and depth < max_depth and len(seen) < max_nodes:
        found = index.referrers(frontier)
        nxt = set()
        for target, callers in found.items():
            edges[target] |= callers
            for c in callers:
                if c not in seen and is_open(c):
                    nxt.add(c)
                seen.add(c)
        frontier = nxt
        depth += 1
    if unexplored is not None:
        unexplored |= frontier
    return edges

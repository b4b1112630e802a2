"""Find call sites of sensitive APIs in DEX bytecode, fast.

Per dex file: resolve the catalogue to method, field and string *indices* (binary
search in the sorted string table, one pass over the method/field id tables), find
every place those indices are encoded after an invoke / sget / const-string opcode
with one regex pass over the file, map each hit to the method whose code contains
it, and decode only those methods' instructions to confirm the hit sits on an
instruction boundary. Methods that touch nothing sensitive are never decoded.
"""

from __future__ import annotations

import bisect
import operator
import re
import struct
from dataclasses import dataclass

from auditor.apk.dex import (
    INVOKE_OPS, SGET_OPS, CodeTables, DexFile, decode_refs, descriptor_to_java, structural_errors,
)
from auditor.knowledge import ApiEntry, api_catalogue

@dataclass(frozen=True)
class CallSite:
    api: str  # smali form of the method or field, or the URI string
    category: str
    caller: str  # smali form of the calling method
    caller_class: str  # Java form
    strength: str  # direct | reflection
    kind: str  # method | field | uri
    label: str
    permissions: tuple[str, ...]
    immutable: bool
    dex: str


_END = operator.itemgetter(1)


def _idx_alternation(indices, width: int) -> bytes:
    fmt = "<H" if width == 2 else "<I"
    return b"|".join(re.escape(struct.pack(fmt, i)) for i in sorted(indices))


class _Hierarchy:
    """Superclass and interfaces of every class the app defines (all dex files)."""

    def __init__(self, dexes: list[DexFile]) -> None:
        self.where: dict[str, tuple[DexFile, int]] = {}
        for dex in dexes:
            for i, desc in enumerate(dex.class_descriptors()):
                self.where.setdefault(desc, (dex, i))

    def ancestors(self, desc: str, limit: int = 32):
        seen = set()
        todo = [desc]
        while todo and len(seen) < limit:
            cur = todo.pop()
            if cur in seen:
                continue
            seen.add(cur)
            yield cur
            loc = self.where.get(cur)
            if loc is None:
                continue
            dex, i = loc
            sup = dex.class_defs[i * 8 + 2]
            if sup != 0xFFFFFFFF:
                todo.append(dex.type_descriptor(sup))
            ifaces = dex.class_defs[i * 8 + 3]
            if ifaces:
                (n,) = struct.unpack_from("<I", dex.data, ifaces)
                for t in struct.unpack_from(f"<{n}H", dex.data, ifaces + 4):
                    todo.append(dex.type_descriptor(t))


def scan_dexes(dexes: list[DexFile], catalogue: tuple[ApiEntry, ...] | None = None,
               failures: list | None = None) -> list[CallSite]:
    """Call sites in every dex. With `failures` (a list), a dex whose code is damaged adds
    (dex name, reason) there and the others are still scanned; without it, DexError is raised."""
    from auditor.apk.dex import DexError

    catalogue = catalogue or api_catalogue()
    hierarchy = _Hierarchy(dexes)
    out: list[CallSite] = []
    for dex in dexes:
        try:
            with structural_errors(dex.name):
                out.extend(_scan_one(dex, catalogue, hierarchy))
        except DexError as exc:
            if failures is None:
                raise
            msg = str(exc)
            failures.append((dex.name, msg[len(dex.name) + 2:] if msg.startswith(dex.name + ": ") else msg))
    return out


def _scan_one(dex: DexFile, catalogue, hierarchy: _Hierarchy) -> list[CallSite]:
    t = CodeTables.of(dex)
    methods_by_name: dict[str, list[ApiEntry]] = {}
    fields_by_name: dict[str, list[ApiEntry]] = {}
    for e in catalogue:
        target = methods_by_name if e.kind == "method" else fields_by_name if e.kind == "field" else None
        if target is not None:
            for n in e.names:
                target.setdefault(n, []).append(e)

    # 1. catalogue -> indices in this dex
    name_idx = {i: n for n in methods_by_name if (i := t.find_string(n)) is not None}
    lookup_names = {i for n in ("getMethod", "getDeclaredMethod") if (i := t.find_string(n)) is not None}
    class_string = t.find_string("Ljava/lang/Class;")
    method_targets: dict[int, ApiEntry] = {}
    reflect_lookup: set[int] = set()
    for mi, (cls, _proto, nm) in enumerate(t.method_ids):
        if nm in name_idx:
            entry = _entry_for(dex.type_descriptor(cls), methods_by_name[name_idx[nm]], hierarchy)
            if entry is not None:
                method_targets[mi] = entry
        elif nm in lookup_names and dex.type_ids[cls] == class_string:
            reflect_lookup.add(mi)
    fname_idx = {i: n for n in fields_by_name if (i := t.find_string(n)) is not None}
    field_targets: dict[int, ApiEntry] = {}
    for fi, (cls, _typ, nm) in enumerate(t.field_ids):
        name = fname_idx.get(nm)
        if name is not None:
            desc = dex.type_descriptor(cls)
            for e in fields_by_name[name]:
                if e.descriptor == desc:
                    field_targets[fi] = e
    string_targets: dict[int, ApiEntry] = {}
    for e in catalogue:
        if e.kind == "uri":
            for si in t.strings_with_prefix(e.names[0]):
                string_targets[si] = e
    # reflection: a catalogued method name loaded as a string constant
    reflect_names = {si: methods_by_name[n] for si, n in name_idx.items() if n != "<init>"}
    class_name_strings = {}
    for e in catalogue:
        if e.kind == "method":
            si = t.find_string(e.cls)
            if si is not None:
                class_name_strings[si] = e.cls
    required = {e.requires_string: t.find_string(e.requires_string) for e in catalogue if e.requires_string}

    # 2. one regex pass for candidate positions
    parts = []
    if method_targets:
        parts.append(b"[\x6e-\x72\x74-\x78][\x00-\xff](?:" + _idx_alternation(method_targets, 2) + b")")
    if field_targets:
        parts.append(b"[\x60-\x66][\x00-\xff](?:" + _idx_alternation(field_targets, 2) + b")")
    strings = set(string_targets) | (set(reflect_names) if reflect_lookup else set())
    small = {s for s in strings if s < 0x10000}
    if small:
        parts.append(b"\x1a[\x00-\xff](?:" + _idx_alternation(small, 2) + b")")
    if strings:
        parts.append(b"\x1b[\x00-\xff](?:" + _idx_alternation(strings, 4) + b")")
    if not parts:
        return []
    regex = re.compile(b"|".join(parts), re.DOTALL)
    code = t.code_items()
    starts = [c[0] for c in code]
    candidates: set[int] = set()
    if not code:
        return []
    # only the span that holds code items: padding before or after them is never searched
    lo, hi = starts[0], max(map(_END, code))  # starts are sorted (the bisect below relies on it)
    for m in regex.finditer(dex.data, lo, hi):
        pos = m.start()
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos < code[k][1] and (pos - code[k][0]) % 2 == 0:
            candidates.add(k)

    # 3. decode only the candidate methods
    out: list[CallSite] = []
    for k in sorted(candidates):
        start, end, midx = code[k]
        refs = list(decode_refs(dex.data, start, end))
        consts = {idx for _pc, op, idx in refs if op in (0x1A, 0x1B)}
        invoked = {idx for _pc, op, idx in refs if op in INVOKE_OPS}
        caller = t.method_smali(midx)
        caller_class = descriptor_to_java(caller.split("->", 1)[0])
        seen: set[tuple[str, str]] = set()

        def add(api: str, e: ApiEntry, strength: str) -> None:
            if (api, strength) in seen:
                return
            seen.add((api, strength))
            out.append(CallSite(api, e.category, caller, caller_class, strength, e.kind, e.label,
                                e.permissions, e.immutable, dex.name))

        for _pc, op, idx in refs:
            if op in INVOKE_OPS and idx in method_targets:
                e = method_targets[idx]
                if e.requires_string and required.get(e.requires_string) not in consts:
                    continue
                add(t.method_smali(idx), e, "direct")
            elif op in SGET_OPS and idx in field_targets:
                add(t.field_smali(idx), field_targets[idx], "direct")
            elif op in (0x1A, 0x1B) and idx in string_targets:
                add(dex.string(idx), string_targets[idx], "direct")
        if invoked & reflect_lookup:
            named_classes = {class_name_strings[s] for s in consts if s in class_name_strings}
            for s in consts:
                for e in reflect_names.get(s, ()):
                    if e.requires_string:
                        continue
                    if named_classes and e.cls not in named_classes:
                        continue
                    api = f"{e.descriptor}->{dex.string(s)}"
                    add(api, e, "reflection")
    return out


def _entry_for(desc: str, entries: list[ApiEntry], hierarchy: _Hierarchy) -> ApiEntry | None:
    for e in entries:
        if e.descriptor == desc:
            return e
    if desc in hierarchy.where:  # an app class: does it extend or implement a catalogued class?
        for anc in hierarchy.ancestors(desc):
            for e in entries:
                if e.descriptor == anc:
                    return e
    return None

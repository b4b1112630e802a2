"""Views of an audit that several report formats show, computed once by `auditor.audit.audit`
and carried on the result (`AuditResult.views`), so renderers only render.

- `matrix`: permission x SDK x category (each requested dangerous/special permission, its
  categories, the SDKs that document needing it, who reads its categories in code, the
  policy status);
- `data`: for each data category the app touches, who accesses it (app / each SDK /
  library / unknown third party) and the evidence (permissions, call sites in Java and
  smali form, SDKs whose vendor documents collecting it);
- `packages`: the top package prefixes of the code.

Plain frozen values; nothing here formats text for one particular output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PRIMS = {"V": "void", "Z": "boolean", "B": "byte", "S": "short", "C": "char", "I": "int", "J": "long",
          "F": "float", "D": "double"}


def _java_types(desc: str) -> list[str]:
    """Smali parameter descriptors -> simple Java type names: `ILjava/lang/String;[B` -> int, String, byte[]."""
    out, i = [], 0
    while i < len(desc):
        dims = 0
        while i < len(desc) and desc[i] == "[":
            dims += 1
            i += 1
        if i >= len(desc):
            break
        if desc[i] == "L":
            end = desc.find(";", i)
            if end < 0:
                return out
            name = desc[i + 1:end].rsplit("/", 1)[-1].replace("$", ".")
            i = end + 1
        else:
            name = _PRIMS.get(desc[i], desc[i])
            i += 1
        out.append(name + "[]" * dims)
    return out


_SMALI = re.compile(r"^L(?P<cls>[^;]+);->(?P<name>[^(:]+)(?:\((?P<args>[^)]*)\)\S*|:\S+)?$")


def java_form(api: str, qualified: bool = False) -> str:
    """Readable Java form of a smali method or field reference:
    `Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;` -> `TelephonyManager.getDeviceId()`;
    a field (`...;->SERIAL:Ljava/lang/String;`) -> `Build.SERIAL`; anything else (a content URI) unchanged.
    `qualified=True` keeps the package of the class (for callers)."""
    m = _SMALI.match(api)
    if not m:
        return api
    cls = m.group("cls").replace("/", ".")
    if not qualified:
        cls = cls.rsplit(".", 1)[-1]
    cls = cls.replace("$", ".")
    name = m.group("name")
    if m.group("args") is None and "(" not in api:
        return f"{cls}.{name}"
    args = ", ".join(_java_types(m.group("args") or ""))
    if name == "<init>":
        return f"new {cls}({args})"
    if name == "<clinit>":
        return f"{cls}.<static init>()"
    return f"{cls}.{name}({args})"


@dataclass(frozen=True)
class MatrixRow:
    permission: str
    categories: tuple[str, ...]
    sdks: tuple[str, ...]
    accessed_by: tuple[str, ...]
    policy: str  # declared | vague | denied | absent | no policy


@dataclass(frozen=True)
class Site:
    """One call site, in both forms."""
    api: str  # smali form (or the content URI)
    api_java: str  # TelephonyManager.getDeviceId()
    caller: str  # smali form
    caller_java: str  # com.example.chat.MainActivity.onCreate(Bundle)
    strength: str  # direct | reflection
    dex: str


@dataclass(frozen=True)
class Accessor:
    """Who accesses a data category in code: `party` app | sdk | library | third_party."""
    id: str  # "app", an SDK id, a library or third-party package prefix
    party: str
    name: str  # display name: "app code", the SDK's name, the prefix
    vendor: str | None  # SDK vendor (Chinese name when known), else None
    count: int
    sites: tuple[Site, ...]


@dataclass(frozen=True)
class DataCategory:
    """A data category the app can touch, with every kind of evidence for it."""
    id: str
    name: str
    zh: str
    permissions: tuple[str, ...]  # requested permissions that give access to it
    accessors: tuple[Accessor, ...]  # who reads it in code (empty with --no-code or no call)
    documented_by: tuple[str, ...]  # detected SDK ids whose vendor documents collecting it
    policy: str  # declared | vague | denied | absent | no policy
    primary_permissions: tuple[str, ...] = ()  # those of `permissions` whose main category this is


@dataclass(frozen=True)
class AuditViews:
    matrix: tuple[MatrixRow, ...]
    data: tuple[DataCategory, ...]
    packages: tuple[tuple[str, int], ...]

    def category(self, cid: str) -> DataCategory | None:
        return next((d for d in self.data if d.id == cid), None)


def _site(c) -> Site:
    s = c.site
    return Site(s.api, java_form(s.api), s.caller, java_form(s.caller, qualified=True), s.strength, s.dex)


def build_views(ctx, sites_per_accessor: int = 5) -> AuditViews:
    """Compute the shared views from the rules' context (`auditor.rules.context.AuditContext`)."""
    from auditor.report.jsonfmt import package_tree
    from auditor.rules import policy_gap

    gap = policy_gap(ctx.policy)  # "no policy" / "policy not read" stand for a status the rules cannot give
    scan = ctx.scan
    cats = ctx.cat.categories  # the run's catalogues (auditor.catalogues), packaged by default
    matrix = []
    for p in ctx.permissions:
        if not (p.protection_level == "dangerous" or p.special):
            continue
        accessors = sorted({("app" if c.party == "app" else c.accessor) for cid in p.categories
                            for c in ctx.accessed.get(cid, [])})
        policy = ((ctx.best_status(p.categories) or ("declared" if p.name in ctx.statements else "absent"))
                  if gap is None else gap)
        matrix.append(MatrixRow(p.name, tuple(p.categories), tuple(scan.needed_by.get(p.name, ())),
                                tuple(accessors), policy))

    db = ctx.cat.signatures
    by_perm: dict[str, list[str]] = {}
    primary: dict[str, list[str]] = {}
    for p in ctx.permissions:
        for cid in p.categories:
            by_perm.setdefault(cid, []).append(p.name)
        if p.categories:
            primary.setdefault(p.categories[0], []).append(p.name)
    documented: dict[str, list[str]] = {}
    for h in scan.sdks:
        sig = db.entries.get(h.id)
        for cid in (sig.data if sig else ()):
            documented.setdefault(cid, []).append(h.id)
    names = {h.id: h for h in scan.sdks}
    order = {c: i for i, c in enumerate(cats)}
    data = []
    for cid in sorted(set(by_perm) | set(ctx.accessed) | set(documented), key=lambda c: (order.get(c, 999), c)):
        groups: dict[tuple[str, str], list] = {}
        for c in ctx.accessed.get(cid, []):
            groups.setdefault((c.accessor, c.party), []).append(c)
        accessors = []
        for (aid, party), calls in sorted(groups.items(), key=lambda kv: (kv[0][1] != "app", -len(kv[1]), kv[0][0])):
            hit = names.get(aid) if party == "sdk" else None
            accessors.append(Accessor(
                aid, party, "app code" if party == "app" else (hit.name if hit else aid),
                (hit.vendor_zh or hit.vendor) if hit else None, len(calls),
                tuple(_site(c) for c in calls[:sites_per_accessor])))
        status = (ctx.status(cid) or "absent") if gap is None else gap
        cat = cats.get(cid)
        data.append(DataCategory(cid, cat.name if cat else cid, cat.zh if cat else cid, tuple(by_perm.get(cid, ())),
                                 tuple(accessors), tuple(documented.get(cid, ())), status,
                                 tuple(primary.get(cid, ()))))
    packages = tuple((t["package"], t["class_count"]) for t in package_tree(scan.facts.code.classes, depth=3, limit=50))
    return AuditViews(tuple(matrix), tuple(data), packages)

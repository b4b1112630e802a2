"""Collection before consent: what runs when the app starts, before the user can agree.

Entry points come from the manifest (Application subclass, every ContentProvider,
androidx.startup initializers, boot/package receivers, the launcher activity up to the
first UI callback). From them a breadth-first walk over the DEX code (auditor.startup.graph)
follows direct, static and virtual calls (through the app's own class hierarchy) and
the usual deferrals (Runnable/Thread/Executor/Handler, Callable, workers, listeners
handed to other code), up to a bounded depth and number of methods, keeping the path.

Every SDK initialisation call (auditor/knowledge/sdk_startup.toml) and every sensitive
API call site (the code scanner's) then gets a timing:

- pre_consent: reached from a start-up entry point on a path without a consent check;
- gated: reached from start-up only through a branch on persisted state
  (SharedPreferences/MMKV/DataStore, or an app method that reads it);
- post_consent: not reached from start-up, but from a UI callback (click handlers,
  dialog buttons) or another activity the user opens;
- unreached: neither (for example a service started by an intent this view cannot follow).
"""

from __future__ import annotations

import gc
from collections import deque
from dataclasses import dataclass, field

from auditor.apk.dex import structural_errors
from auditor.startup.catalogue import StartupEntry, startup_catalogue
from auditor.startup.graph import (
    ASYNC_TYPES, DIRECT_INVOKES, MARKERS, UI_TYPES, VIRTUAL_INVOKES, WORKER_TYPES, Program, split_smali,
)

INTENT_TARGETS = {
    "Landroid/app/Activity;": ("<clinit>", "<init>", "attachBaseContext", "onCreate", "onStart", "onPostCreate",
                               "onResume"),
    "Landroid/app/Service;": ("<clinit>", "<init>", "onCreate", "onStartCommand", "onStart", "onHandleIntent", "onBind"),
    "Landroid/content/BroadcastReceiver;": ("<clinit>", "<init>", "onReceive"),
}
UI_CALLBACKS = ("onClick", "onLongClick", "onCheckedChanged", "onItemClick", "onItemSelected", "onTouch",
                "onEditorAction", "onMenuItemClick", "onPreferenceClick")
MAX_DEPTH = 24
MAX_METHODS = 20000

TIMINGS = ("pre_consent", "gated", "post_consent", "unreached")
BOOT_ACTIONS = frozenset({
    "android.intent.action.BOOT_COMPLETED", "android.intent.action.LOCKED_BOOT_COMPLETED",
    "android.intent.action.QUICKBOOT_POWERON", "com.htc.intent.action.QUICKBOOT_POWERON",
    "android.intent.action.MY_PACKAGE_REPLACED", "android.intent.action.PACKAGE_REPLACED",
    "android.intent.action.PACKAGE_ADDED", "android.intent.action.USER_PRESENT",
})
APP_METHODS = ("<clinit>", "<init>", "attachBaseContext", "onCreate")
ACTIVITY_STARTUP = ("<clinit>", "<init>", "attachBaseContext", "onCreate", "onStart", "onPostCreate", "onResume",
                    "onPostResume", "onWindowFocusChanged")


@dataclass(frozen=True)
class EntryPoint:
    kind: str  # application | provider | initializer | receiver | launcher_activity
    component: str  # Java class name from the manifest (or the initializer)
    method: str  # smali
    timing: str = "pre_consent"


@dataclass(frozen=True)
class Reached:
    timing: str
    path: tuple[str, ...] = ()  # method smali from the entry point to the caller
    edges: tuple[str, ...] = ()  # how each step was taken: call | virtual | runnable | thread | ...
    entry: str = ""  # entry point kind the path starts at (ui_callback / activity for post_consent)


@dataclass(frozen=True)
class SdkInit:
    sdk: str
    api: str  # the init method (smali), or the provider class for kind=auto_init
    caller: str
    kind: str  # call | auto_init
    timing: str
    path: tuple[str, ...]
    edges: tuple[str, ...]
    entry: str
    party: str = "app"
    order: int = 0  # position of the call in its caller (to tell "compliance call after init" in one method)


@dataclass(frozen=True)
class SensitiveCall:
    category: str
    label: str
    api: str
    caller: str
    accessor: str
    party: str
    immutable: bool
    timing: str
    path: tuple[str, ...]
    edges: tuple[str, ...]
    entry: str


@dataclass(frozen=True)
class SdkSwitch:
    sdk: str
    name: str  # meta-data key
    value: str | None  # what the manifest sets (None: absent)
    opt_out: str  # the value that keeps the SDK from starting / collecting
    opted_out: bool
    scope: str
    timing: str  # gated when opted out, else pre_consent (the SDK starts by itself)
    path: tuple[str, ...]


@dataclass(frozen=True)
class ComplianceCall:
    sdk: str
    api: str
    caller: str
    kind: str  # pre_init | consent | opt_out
    before_init: bool
    required: bool
    timing: str
    path: tuple[str, ...]
    edges: tuple[str, ...]
    entry: str
    order: int  # position of the call in a walk of the caller (for "called after init" in one method)


@dataclass(frozen=True)
class StartupResult:
    entry_points: tuple[EntryPoint, ...]
    sdk_inits: tuple[SdkInit, ...]
    sensitive_calls: tuple[SensitiveCall, ...]
    sdk_switches: tuple[SdkSwitch, ...]
    compliance_calls: tuple[ComplianceCall, ...]
    compliance_available: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sdk -> methods the app's SDK defines
    methods_reached: int = 0
    methods_decoded: int = 0
    truncated: bool = False  # the walk hit MAX_METHODS: some code was not followed
    undecodable: int = 0  # methods whose code item could not be decoded (skipped, the walk went on)


class _Walk:
    """Breadth-first reachability with parent pointers; `follow_gated` decides whether edges under a flag
    check are taken."""

    def __init__(self, prog: Program, follow_gated: bool, ui_sink: set | None = None, sdk_code=None) -> None:
        self.prog = prog
        self.follow_gated = follow_gated
        self.sdk_code = sdk_code  # method -> True inside an SDK: its own flag checks do not gate
        self.parent: dict[str, tuple[str | None, str, str]] = {}  # method -> (parent, edge kind, entry kind)
        self.ui_sink = ui_sink
        self.truncated = False
        self.skipped_gated = False  # an edge under a flag check was left out

    def run(self, roots: list[tuple[str, str]]) -> None:
        q: deque[tuple[str, int]] = deque()
        for smali, kind in roots:
            if smali not in self.parent:
                self.parent[smali] = (None, "entry", kind)
                q.append((smali, 0))
        parent, prog, follow, sink, sdk_code = self.parent, self.prog, self.follow_gated, self.ui_sink, self.sdk_code
        bound = MAX_METHODS
        while q:  # (self.edges, inlined: this loop runs once per reached method and once per edge)
            cur, depth = q.popleft()
            if depth >= MAX_DEPTH:
                continue
            if len(parent) >= bound:
                self.truncated = True
                break
            entry = parent[cur][2]
            ungated = follow or (sdk_code is not None and sdk_code(cur))
            for nxt, kind, gated, ui in _edges(prog, cur):
                if gated and not ungated:
                    self.skipped_gated = True
                elif ui:
                    if sink is not None:
                        sink.update(ui)
                elif nxt not in parent:
                    parent[nxt] = (cur, kind, entry)
                    q.append((nxt, depth + 1))

    def edges(self, smali: str):
        ungated = self.sdk_code is not None and self.sdk_code(smali)
        for target, kind, gated, ui in _edges(self.prog, smali):
            if gated and not self.follow_gated and not ungated:
                self.skipped_gated = True
                continue
            if ui:
                if self.ui_sink is not None:
                    self.ui_sink.update(ui)
            else:
                yield target, kind

    def path(self, smali: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        methods, edges = [], []
        cur: str | None = smali
        entry = ""
        guard = 0
        while cur is not None and guard < 10000:
            parent, kind, entry = self.parent[cur]
            methods.append(cur)
            if parent is not None:
                edges.append(kind)
            cur = parent
            guard += 1
        return tuple(reversed(methods)), tuple(reversed(edges)), entry


def _callback_kind(prog: Program, typ: str) -> str | None:
    sup = prog.supertypes(typ)
    if any(s in UI_TYPES for s in sup):
        return "ui"
    for s in sup:
        if s in ASYNC_TYPES:
            return ASYNC_TYPES[s]
    if any(not prog.defined(s) and s not in MARKERS for s in sup[1:]):
        return "listener"  # implements or extends a type from outside the app: someone calls it back
    return None


def _edges(prog: Program, smali: str) -> list[tuple[str, str, bool, tuple[str, ...]]]:
    """Outgoing edges of one method, computed once per analysis: (target, kind, under a flag check, UI methods).
    What an invoke, a new-instance or a const-class leads to depends only on its operand, so that is worked
    out once per target (`_invoke_edges`...) however many methods share it."""
    cache = prog.edge_cache
    hit = cache.get(smali)
    if hit is not None:
        return hit
    out: list[tuple[str, str, bool, tuple[str, ...]]] = []
    b = prog.body(smali)
    if b is not None:
        memo = prog.target_edges
        direct_memo = prog.direct_edges
        gated = b.gated
        touched: set[str] = set()
        for n, op, target in b.invokes:
            if op in DIRECT_INVOKES:
                t = direct_memo.get(target)
                if t is None:
                    t = direct_memo[target] = _invoke_edges(prog, target, True, b.direct.get(n))
            else:
                t = memo.get(target)
                if t is None:
                    t = memo[target] = _invoke_edges(prog, target, False, b.direct.get(n))
            cls, found, clinit = t
            if cls is None:
                continue
            g = n in gated
            for r, kind in found:
                out.append((r, kind, g, ()))
            if op in (0x71, 0x77) and cls not in touched:
                touched.add(cls)
                if clinit:
                    out.append((clinit, "static_init", g, ()))
        for n, typ in b.new_instances:
            t = memo.get(("new", typ))
            if t is None:
                t = memo[("new", typ)] = _new_instance_edges(prog, typ)
            g = n in gated
            for r, kind, ui in t:
                out.append((r, kind, g, ui))
        for n, typ in b.const_classes:
            t = memo.get(("class", typ))
            if t is None:
                t = memo[("class", typ)] = _const_class_edges(prog, typ)
            g = n in gated
            for r, kind in t:
                out.append((r, kind, g, ()))
    cache[smali] = out
    return out


def _invoke_edges(prog: Program, target: str, direct: bool,
                  known: str | None) -> tuple[str | None, list[tuple[str, str]], str | None]:
    """(class, [(method, edge kind)], its static initializer) of one invoke target; class None when the app
    does not define it. `known`: the target itself when its code is in the caller's dex (no lookup)."""
    cls, name, proto = split_smali(target)
    if not prog.defined(cls):
        return None, [], None
    found: list[tuple[str, str]] = []
    r = known or prog.resolve(cls, name, proto)
    if direct:  # (clinit finds the class's methods where resolve just did: the span is cached)
        if r:
            found.append((r, "call"))
        return cls, found, prog.clinit(cls)
    if r:
        found.append((r, "call" if r.startswith(cls + "->") else "virtual"))
    found.extend((o, "virtual") for o in prog.overrides(cls, name, proto))
    return cls, found, None


def _new_instance_edges(prog: Program, typ: str) -> list[tuple[str, str, tuple[str, ...]]]:
    if not prog.defined(typ):
        return []
    out: list[tuple[str, str, tuple[str, ...]]] = []
    c = prog.clinit(typ)
    if c:
        out.append((c, "static_init", ()))
    kind = _callback_kind(prog, typ)
    if kind == "ui":
        out.append(("", "ui", tuple(prog.virtual_methods(typ))))
    elif kind:
        out.extend((m, kind, ()) for m in prog.virtual_methods(typ))
    return out


def _const_class_edges(prog: Program, typ: str) -> list[tuple[str, str]]:
    if not prog.defined(typ):
        return []
    out: list[tuple[str, str]] = []
    sup = prog.supertypes(typ)
    if any(s in WORKER_TYPES for s in sup):
        for name in ("doWork", "startWork", "onStartJob", "onHandleIntent"):
            out.extend((m, "worker") for m in prog.by_name(typ, name))
    else:  # an explicit intent (new Intent(ctx, Home.class)): the component runs without the user acting
        for base, names in INTENT_TARGETS.items():
            if base in sup:
                for name in names:
                    out.extend((m, "intent") for m in prog.by_name(typ, name))
                break
    return out


def _component_roots(prog: Program, manifest) -> tuple[list[EntryPoint], list[tuple[str, str]]]:
    """Start-up entry points, and the lifecycle methods of other activities (opened by the user)."""
    eps: list[EntryPoint] = []

    def add(kind: str, component: str, names) -> None:
        desc = "L" + component.replace(".", "/") + ";"
        for name in names:
            for m in prog.by_name(desc, name):
                eps.append(EntryPoint(kind, component, m))

    app = manifest.flags.application_class
    if app:
        add("application", app, APP_METHODS)
    launchers = set()
    for c in manifest.components:
        for f in c.intent_filters:
            if "android.intent.action.MAIN" in f.actions and "android.intent.category.LAUNCHER" in f.categories:
                launchers.add(c.target_activity or c.name)
    later: list[tuple[str, str]] = []
    for c in manifest.components:
        if c.kind == "provider" and c.enabled:
            add("provider", c.name, ("<clinit>", "<init>", "attachInfo", "onCreate"))
            for key, value in c.meta_data:
                if value == "androidx.startup":
                    add("initializer", key, ("<clinit>", "<init>", "create", "dependencies"))
        elif c.kind == "receiver" and c.enabled and any(a in BOOT_ACTIONS for f in c.intent_filters for a in f.actions):
            add("receiver", c.name, ("<clinit>", "<init>", "onReceive"))
        elif c.kind == "activity":
            desc = "L" + c.name.replace(".", "/") + ";"
            if c.name in launchers:
                add("launcher_activity", c.name, ACTIVITY_STARTUP)
            else:
                for name in ACTIVITY_STARTUP:
                    later.extend((m, "activity") for m in prog.by_name(desc, name))
            if desc in prog.where and any(s in UI_TYPES for s in prog.supertypes(desc)):
                for name in UI_CALLBACKS:  # the activity is its own click listener
                    later.extend((m, "ui_callback") for m in prog.by_name(desc, name))
    return eps, later


def _occurrences(prog: Program, caller: str, api: str) -> list[int]:
    """Instruction numbers in `caller` that invoke `api` (same class and method name)."""
    b = prog.body(caller)
    if b is None:
        return []
    cls, name, _ = split_smali(api)
    return [n for n, _op, t in b.invokes if t.startswith(f"{cls}->{name}(")]


def analyse(facts, dexes, code_calls=(), hits=(), matcher=None) -> StartupResult:
    """facts: AppFacts; dexes: the DexFiles read_app returned; code_calls: the scan's attributed sensitive
    call sites (auditor.evidence.ApiCall); hits/matcher: SDK detection, to attribute init call sites."""
    # The walk makes many small tuples and lists while the scan still holds a great many objects, so the
    # cyclic garbage collector ran full passes inside it (3 of them, 0.25 s of CPU, on bench/startup_cost.py's
    # worst case). The analysis makes no reference cycles (reference counting frees what it drops;
    # tests/test_startup_cost.py checks), so collection pauses while it runs and resumes after.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        with structural_errors("start-up analysis"):  # a damaged code item: one-line DexError, never a traceback
            return _analyse(facts, dexes, code_calls, hits, matcher)
    finally:
        if paused:
            gc.enable()


def _analyse(facts, dexes, code_calls, hits, matcher) -> StartupResult:
    prog = Program(list(dexes))
    manifest = facts.manifest
    sdk_prefixes = getattr(matcher, "prefixes", {}) if matcher is not None else {}
    package = manifest.package

    def party(caller_cls_java: str) -> str:
        if caller_cls_java.startswith(package + "."):
            return "app"
        segs = caller_cls_java.split(".")[:-1]
        for i in range(len(segs), 0, -1):
            if ".".join(segs[:i]) in sdk_prefixes:
                return "sdk"
        return "app"

    sdk_cls: dict[str, bool] = {}

    def sdk_code(smali: str) -> bool:
        """A flag check inside an SDK's own code is the SDK's state (its settings, caches), not the user's consent
        as the app records it: code an app's pre-consent init reaches in the SDK runs before consent."""
        cls = smali.split("->", 1)[0]
        hit = sdk_cls.get(cls)
        if hit is None:
            hit = sdk_cls[cls] = party(cls[1:-1].replace("/", ".")) == "sdk"
        return hit

    entries, later = _component_roots(prog, manifest)
    roots = [(e.method, e.kind) for e in entries]
    ui_methods: set[str] = set()
    pre = _Walk(prog, follow_gated=False, ui_sink=ui_methods, sdk_code=sdk_code)
    pre.run(roots)
    full = pre  # when the walk left no gated edge out, following them changes nothing: the same walk
    if pre.skipped_gated:
        full = _Walk(prog, follow_gated=True, ui_sink=ui_methods)
        full.run(roots)
    ui = _Walk(prog, follow_gated=True, ui_sink=ui_methods)
    ui.run([(m, "ui_callback") for m in sorted(ui_methods)] + later)
    # UI callbacks found while walking from UI callbacks (a dialog opened by a click) are UI too
    extra = sorted(ui_methods - set(ui.parent))
    if extra:
        ui.run([(m, "ui_callback") for m in extra])

    def timing_of(caller: str, api: str | None) -> Reached:
        if caller in pre.parent:
            occ = _occurrences(prog, caller, api) if api else []
            b = prog.body(caller)
            if not occ or b is None or sdk_code(caller) or any(n not in b.gated for n in occ):
                return Reached("pre_consent", *pre.path(caller))
        if caller in full.parent:
            return Reached("gated", *full.path(caller))
        if caller in ui.parent:
            return Reached("post_consent", *ui.path(caller))
        return Reached("unreached")

    catalogue = startup_catalogue()

    inits: list[SdkInit] = []
    compliance: list[ComplianceCall] = []
    seen: set[tuple[str, str, str]] = set()
    for caller, target, api in _call_sites(prog, catalogue):
        entry, kind, ms = target
        caller_java = split_smali(caller)[0][1:-1].replace("/", ".")
        p = party(caller_java)
        if p == "sdk":  # an SDK starting its own parts is not the app's decision
            continue
        key = (entry.id, api, caller)
        if key in seen:
            continue
        seen.add(key)
        r = timing_of(caller, api)
        order = min(_occurrences(prog, caller, api) or [0])
        if kind == "init":
            inits.append(SdkInit(entry.id, api, caller, "call", r.timing, r.path, r.edges, r.entry, p, order))
        else:
            compliance.append(ComplianceCall(entry.id, api, caller, ms.kind, ms.before_init, ms.required, r.timing,
                                             r.path, r.edges, r.entry, order))
    switches: list[SdkSwitch] = []
    meta = dict(manifest.meta_data)
    providers = {c.name: c for c in manifest.components if c.kind == "provider"}
    detected = {h.id for h in hits}
    for e in catalogue:
        for prov in e.auto_init:
            c = providers.get(prov)
            if c is None or not c.enabled:
                continue
            off = [w for w in e.switches if meta.get(w.meta_data) == w.opt_out and not w.scope]
            timing = "gated" if off else "pre_consent"
            inits.append(SdkInit(e.id, prov, prov, "auto_init", timing,
                                 (f'<provider android:name="{prov}">',), (), "provider", "sdk"))
        present = any(w.meta_data in meta for w in e.switches)
        if e.switches and (e.id in detected or present or any(p in providers for p in e.auto_init)):
            for w in e.switches:
                value = meta.get(w.meta_data)
                opted = value == w.opt_out if w.default_on else value != "true"
                timing = "gated" if opted else "pre_consent"
                path = (f'<meta-data android:name="{w.meta_data}" android:value="{value}"/>',) if value is not None \
                    else ("<application> (no such meta-data)",)
                switches.append(SdkSwitch(e.id, w.meta_data, value, w.opt_out, opted, w.scope, timing, path))
    sensitive: list[SensitiveCall] = []
    for c in code_calls:
        s = c.site
        r = timing_of(s.caller, s.api if s.kind == "method" else None)
        sensitive.append(SensitiveCall(s.category, s.label, s.api, s.caller, c.accessor, c.party, s.immutable,
                                       r.timing, r.path, r.edges, r.entry))
    available: dict[str, tuple[str, ...]] = {}
    for e in catalogue:
        names = []
        for ms in e.compliance:
            for name in ms.methods:
                if prog.defines(ms.descriptor, name):
                    names.append(f"{ms.descriptor}->{name}")
        if names:
            available[e.id] = tuple(names)
    order = {t: i for i, t in enumerate(TIMINGS)}
    inits.sort(key=lambda x: (order[x.timing], x.sdk, x.caller, x.api))
    sensitive.sort(key=lambda x: (order[x.timing], x.category, x.caller, x.api))
    compliance.sort(key=lambda x: (x.sdk, order[x.timing], x.caller, x.api))
    return StartupResult(tuple(entries), tuple(inits), tuple(sensitive), tuple(switches), tuple(compliance),
                         available, len(set(full.parent) | set(ui.parent)), prog.decoded,
                         pre.truncated or full.truncated or ui.truncated, prog.undecodable)


def _call_sites(prog: Program, catalogue: tuple[StartupEntry, ...]):
    """(caller smali, (entry, 'init'|'compliance', MethodSet)) for every call of a catalogued method, found by
    scanning the method-id tables for catalogued names and decoding only methods that reference them."""
    import bisect
    import re
    import struct

    wanted: dict[tuple[str, str], list] = {}
    for e in catalogue:
        for ms in e.init:
            for name in ms.methods:
                wanted.setdefault((ms.descriptor, name), []).append((e, "init", ms))
        for ms in e.compliance:
            for name in ms.methods:
                wanted.setdefault((ms.descriptor, name), []).append((e, "compliance", ms))
    names = {n for _c, n in wanted}
    for dex in prog.dexes:
        t = prog.table(dex)
        name_idx = {i for n in names if (i := t.find_string(n)) is not None}
        if not name_idx:
            continue
        targets: dict[int, list] = {}
        for mi, (cls, _proto, nm) in enumerate(t.method_ids):
            if nm in name_idx:
                hit = wanted.get((dex.type_descriptor(cls), dex.string(nm)))
                if hit:
                    targets[mi] = hit
        if not targets:
            continue
        alt = b"|".join(re.escape(struct.pack("<H", i)) for i in sorted(targets))
        regex = re.compile(b"[\x6e-\x72\x74-\x78][\x00-\xff](?:" + alt + b")", re.DOTALL)
        code = t.code_items()
        starts = [c[0] for c in code]
        cand: set[int] = set()
        for m in regex.finditer(dex.data):
            pos = m.start()
            k = bisect.bisect_right(starts, pos) - 1
            if k >= 0 and pos < code[k][1] and (pos - code[k][0]) % 2 == 0:
                cand.add(k)
        for k in sorted(cand):
            caller = t.method_smali(code[k][2])
            cls = split_smali(caller)[0]
            if prog.where.get(cls, (None,))[0] is not dex:
                continue  # shadowed by an earlier definition of the same class
            b = prog.body(caller)
            if b is None:
                continue
            for _n, _op, tgt in b.invokes:
                c, nm, _ = split_smali(tgt)
                for hit in wanted.get((c, nm), ()):
                    yield caller, hit, tgt

"""AUD6xx: collection before consent, from the start-up analysis (auditor/startup/). No policy needed."""

from __future__ import annotations

from auditor.knowledge import categories
from auditor.rules import rule
from auditor.rules.model import Item, Severity

# Categories whose pre-consent read is a high finding (MIIT notices name exactly these).
HIGH = frozenset({"device_id", "advertising_id", "phone_number", "network_id", "location_precise",
                  "location_approximate", "location_background", "installed_apps", "clipboard", "contacts", "sms",
                  "call_log", "accounts", "camera", "microphone", "calendar", "usage_stats"})
ORDER = {"pre_consent": 0, "gated": 1, "post_consent": 2, "unreached": 3}


def _short(smali: str) -> str:
    cls, _, rest = smali.partition("->")
    return f"{cls[1:-1].replace('/', '.')}.{rest.split('(')[0]}" if rest else smali


def path_item(kind: str, api: str, caller: str, timing: str, path, edges, entry: str, **extra) -> Item:
    steps = " -> ".join(_short(p) for p in path) if path else _short(caller)
    text = f"{_short(api)} [{timing}] reached from {entry or 'nowhere'}: {steps}"
    if edges and any(e != "call" for e in edges):
        text += f"  (via {', '.join(e for e in edges if e != 'call')})"
    loc = (("api", api), ("caller", caller), ("timing", timing), ("entry", entry), ("path", " -> ".join(path)),
           ("edges", " ".join(edges))) + tuple(extra.items())
    return Item("app", kind, text, loc)


def _startup(ctx):
    return getattr(ctx.scan, "startup", None)


@rule("AUD601", "sdk-initialised-before-consent", "high", "medium", needs_policy=False,
      summary="A third-party SDK is initialised when the app starts, before the user can agree to the privacy policy.",
      rationale="Letting an SDK start (and collect) before consent is the failure Chinese regulators cite most "
                "often: the 2019 method for identifying illegal collection (App违法违规收集使用个人信息行为认定方法) "
                "counts collection before the user agrees as collection without consent, and MIIT's notices name "
                "apps whose embedded SDKs collected at launch. The finding's evidence is the call path from the "
                "start-up entry point (Application, ContentProvider, launcher activity...) to the init call.",
      references=("App违法违规收集使用个人信息行为认定方法 (2019) 3.1", "GB/T 35273-2020 5.4",
                  "TC260-PG-20205A 移动互联网应用程序（App）收集使用个人信息自评估指南",
                  "GB/T 41391-2022 移动互联网应用程序（App）收集个人信息基本要求"),
      fix="Move the init call behind the consent dialog: call it from the 'agree' button's handler, and on later "
          "launches only when the persisted consent flag (SharedPreferences/MMKV) is set. Where the vendor offers a "
          "pre-init or privacy switch (UMConfigure.preInit, JCollectionAuth.setAuth(false)), call that at start-up "
          "instead.")
def sdk_init_before_consent(ctx, out):
    st = _startup(ctx)
    if st is None:
        return
    by_sdk: dict[str, list] = {}
    for i in st.sdk_inits:
        if i.timing == "pre_consent" and i.kind == "call":
            by_sdk.setdefault(i.sdk, []).append(i)
    for sdk, items in sorted(by_sdk.items()):
        name = ctx.hits[sdk].name if sdk in ctx.hits else sdk
        first = items[0]
        out.add("sdk", sdk, f"{name} is initialised at start-up before consent: {_short(first.api)} is reached from "
                f"the {first.entry} entry point ({len(items)} call site{'s' if len(items) > 1 else ''}).",
                [path_item("call_path", i.api, i.caller, i.timing, i.path, i.edges, i.entry, sdk=sdk) for i in items[:5]])


@rule("AUD602", "personal-data-read-before-consent", "high", "medium", needs_policy=False,
      summary="App or SDK code reads personal data at start-up, before the user can agree to the privacy policy.",
      rationale="Reading device identifiers, location, the installed-app list, the clipboard or contacts before "
                "consent is collection without consent under the 2019 identification method and GB/T 35273; it is "
                "what dynamic compliance testing at launch catches first. Reads of less sensitive categories are "
                "reported as medium.",
      references=("App违法违规收集使用个人信息行为认定方法 (2019) 3.1", "GB/T 35273-2020 5.4, 5.6",
                  "GB/T 41391-2022 4.c"),
      fix="Do not read the data on the start-up path: defer the code (or the SDK that runs it) until the user has "
          "agreed, and re-check the persisted consent flag on later launches.")
def data_before_consent(ctx, out):
    st = _startup(ctx)
    if st is None:
        return
    by_cat: dict[str, list] = {}
    for s in st.sensitive_calls:
        if s.timing == "pre_consent":
            by_cat.setdefault(s.category, []).append(s)
    cats = categories()
    for cid, items in sorted(by_cat.items()):
        who = sorted({"app code" if s.party == "app" else s.accessor for s in items})
        name = cats[cid].name if cid in cats else cid
        out.add("category", cid, f"{name} read before consent by {', '.join(who)}: {_short(items[0].api)} is reached "
                f"from the {items[0].entry} entry point.",
                [path_item("call_path", s.api, s.caller, s.timing, s.path, s.edges, s.entry, accessor=s.accessor)
                 for s in items[:5]],
                severity=None if cid in HIGH else Severity.medium)


@rule("AUD603", "auto-start-without-opt-out", "medium", "high", needs_policy=False,
      summary="An SDK that starts by itself (through its own ContentProvider) is embedded without the manifest "
              "switch that delays it until consent.",
      rationale="Firebase Analytics, Google Mobile Ads and the Facebook SDK initialise from a ContentProvider before "
                "any app code runs; only their manifest switches (firebase_analytics_collection_enabled, "
                "com.google.android.gms.ads.DELAY_APP_MEASUREMENT_INIT, com.facebook.sdk.AutoInitEnabled, ...) keep "
                "them from collecting before the user agrees.",
      references=("App违法违规收集使用个人信息行为认定方法 (2019) 3.1",
                  "Firebase: Configure Analytics data collection and usage",
                  "Facebook SDK for Android: Manually initialize the SDK / disable automatic event collection",
                  "Google Mobile Ads SDK: Delay app measurement"),
      fix="Add the SDK's opt-out <meta-data> to the manifest and turn collection on from code after consent "
          "(FirebaseAnalytics.setAnalyticsCollectionEnabled(true), FacebookSdk.setAutoInitEnabled(true), "
          "MobileAds.initialize).")
def auto_start_without_switch(ctx, out):
    st = _startup(ctx)
    if st is None:
        return
    by_sdk: dict[str, list] = {}
    for w in st.sdk_switches:
        by_sdk.setdefault(w.sdk, []).append(w)
    autos = {i.sdk: i for i in st.sdk_inits if i.kind == "auto_init"}
    for sdk, sws in sorted(by_sdk.items()):
        if sdk not in autos and sdk not in ctx.hits:
            continue
        if any(w.opted_out and not w.scope for w in sws):
            continue
        if sdk not in autos and not any(w.value == "true" for w in sws if not w.scope):
            continue  # no provider that starts it and no switch turning it on: it waits for app code
        name = ctx.hits[sdk].name if sdk in ctx.hits else sdk
        keys = ", ".join(f"{w.name}={w.opt_out}" for w in sws if not w.scope)
        ev = [Item("app", "manifest", w.path[0], (("name", w.name),) + ((("value", w.value),) if w.value is not None else ())
                   + (("opt_out", w.opt_out), ("timing", w.timing))) for w in sws]
        if sdk in autos:
            ev.insert(0, Item("app", "manifest", autos[sdk].path[0], (("element", "provider"), ("name", autos[sdk].api),
                                                                      ("timing", autos[sdk].timing))))
        out.add("sdk", sdk, f"{name} starts by itself at launch and the manifest does not set its opt-out switch "
                f"({keys}).", ev)


@rule("AUD604", "compliance-api-missing-or-late", "medium", "medium", needs_policy=False,
      summary="The app initialises an SDK at start-up, before consent, whose embedded version offers a required "
              "privacy-compliance call, but never makes that call, or makes it only after the init.",
      rationale="Vendors added compliance APIs so that apps can start them without collecting before consent: Umeng's "
                "UMConfigure.preInit, AMap's updatePrivacyShow/updatePrivacyAgree, Baidu's setAgreePrivacy, JCore's "
                "JCollectionAuth.setAuth. Their integration guides require the call before init; AMap and Baidu "
                "versions that have it refuse to work without it, and MIIT testing expects it.",
      references=("App违法违规收集使用个人信息行为认定方法 (2019) 3.1", "Umeng 合规指南 (UMConfigure.preInit)",
                  "AMap location SDK 合规使用说明 (updatePrivacyShow / updatePrivacyAgree)",
                  "Baidu LBS 隐私合规接口 (setAgreePrivacy)", "JPush 合规指南 (JCollectionAuth.setAuth)"),
      fix="Call the compliance API before the init call: at start-up with 'not agreed' (or the pre-init), and again "
          "with 'agreed' from the consent dialog.")
def compliance_missing(ctx, out):
    st = _startup(ctx)
    if st is None:
        return
    inits: dict[str, list] = {}
    for i in st.sdk_inits:
        # only an SDK that starts before consent needs its compliance call: one initialised only under the
        # consent flag, from the consent dialog, or never on any path collects nothing before the user agrees
        if i.kind == "call" and i.timing == "pre_consent":
            inits.setdefault(i.sdk, []).append(i)
    from auditor.startup.catalogue import startup_catalogue

    for e in startup_catalogue():
        if e.id not in inits:
            continue
        available = set(st.compliance_available.get(e.id, ()))
        for ms in e.compliance:
            if not ms.required:
                continue
            apis = [f"{ms.descriptor}->{n}" for n in ms.methods]
            if not any(a in available for a in apis):
                continue  # this version of the SDK has no such call
            calls = [c for c in st.compliance_calls if c.sdk == e.id and any(c.api.startswith(a + "(") for a in apis)]
            first_init = min(inits[e.id], key=lambda i: ORDER[i.timing])
            label = " / ".join(_short(a) for a in apis)
            init_ev = path_item("call_path", first_init.api, first_init.caller, first_init.timing, first_init.path,
                                first_init.edges, first_init.entry, sdk=e.id)
            if not calls:
                out.add("sdk", e.id, f"{e.name} is initialised ({_short(first_init.api)}, {first_init.timing}) but "
                        f"the app never calls {label}, which this version of the SDK provides.", [init_ev])
                continue
            if not ms.before_init:
                continue
            best = min(calls, key=lambda c: ORDER[c.timing])
            late = ORDER[best.timing] > ORDER[first_init.timing] or (
                best.caller == first_init.caller and best.timing == first_init.timing
                and best.order > first_init.order)
            if late:
                out.add("sdk", e.id, f"{e.name}: {_short(best.api)} is called only after the SDK is initialised "
                        f"({best.timing} vs {first_init.timing}).",
                        [init_ev, path_item("call_path", best.api, best.caller, best.timing, best.path, best.edges,
                                            best.entry, sdk=e.id)])


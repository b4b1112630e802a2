"""Rules that need no policy: what the app itself does that reviewers and stores flag."""

from __future__ import annotations

from auditor.rules import rule
from auditor.rules.context import P, short
from auditor.rules.model import Confidence, Item, Severity

SPECIAL_GUARDS = {
    "android.permission.BIND_ACCESSIBILITY_SERVICE": "accessibility",
    "android.permission.BIND_NOTIFICATION_LISTENER_SERVICE": "notification_listener",
    "android.permission.BIND_DEVICE_ADMIN": "device_admin",
}
PLAY_RESTRICTED = {
    P + "READ_SMS": "SMS", P + "SEND_SMS": "SMS", P + "RECEIVE_SMS": "SMS", P + "RECEIVE_MMS": "SMS",
    P + "RECEIVE_WAP_PUSH": "SMS", P + "READ_CALL_LOG": "Call Log", P + "WRITE_CALL_LOG": "Call Log",
    P + "PROCESS_OUTGOING_CALLS": "Call Log", P + "QUERY_ALL_PACKAGES": "QUERY_ALL_PACKAGES",
    P + "MANAGE_EXTERNAL_STORAGE": "All files access", P + "ACCESS_BACKGROUND_LOCATION": "Background location",
    P + "REQUEST_INSTALL_PACKAGES": "REQUEST_INSTALL_PACKAGES",
}
PLAY_TARGET_FLOOR = 35


@rule("AUD104", "special-access-requested", "medium", "high", needs_policy=False,
      summary="The app asks for a special access the user grants on a Settings page.",
      rationale="Overlay, usage access, install-packages, all-files access, accessibility services, notification "
                "listeners and device administration reach far beyond a runtime permission; the TC260 permission "
                "guide and Google Play's policies require each to be justified, and MIIT checks flag them.",
      references=("TC260 网络安全标准实践指南—移动互联网应用程序（App）系统权限申请使用指南",
                  "Google Play Developer Policy: Permissions and APIs that Access Sensitive Information"),
      fix="Remove the access if a narrower API does the job; otherwise explain it in the policy and in the UI "
          "before sending the user to the Settings page.")
def special_access(ctx, out):
    for p in ctx.permissions:
        if p.special and p.categories:
            out.add("permission", p.name, f"The app requests the special access {short(p.name)} "
                    f"({', '.join(ctx.cat.categories[c].name for c in p.categories if c in ctx.cat.categories)}).",
                    [ctx.manifest_item(p)])
    for c in ctx.scan.facts.manifest.components:
        cid = SPECIAL_GUARDS.get(c.permission or "")
        if cid:
            out.add("permission", c.permission, f"The {c.kind} {c.name} is guarded by {short(c.permission)}: "
                    f"the app offers a {ctx.cat.categories[cid].name.lower()} the user must enable.",
                    [Item("app", "manifest", f'<{c.kind} android:name="{c.name}" android:permission="{c.permission}"/>',
                          (("element", c.kind), ("name", c.name)))])


@rule("AUD105", "background-location", "medium", "high", needs_policy=False,
      summary="The app can read location in the background.",
      rationale="Background location is restricted by Google Play (declaration form and review) and is a "
                "sensitive collection under GB/T 35273 that must be disclosed and separately consented.",
      references=("Google Play policy: Location permissions (background location)", "GB/T 35273-2020 5.4"),
      fix="Drop ACCESS_BACKGROUND_LOCATION if foreground access suffices; raise targetSdk to 29+ so the platform "
          "stops granting it implicitly with foreground location.")
def background_location(ctx, out):
    for p in ctx.permissions:
        if p.name == P + "ACCESS_BACKGROUND_LOCATION":
            out.add("permission", p.name, "The app requests ACCESS_BACKGROUND_LOCATION.", [ctx.manifest_item(p)])
            return
    for p in ctx.permissions:
        if P + "ACCESS_BACKGROUND_LOCATION" in p.also_grants:
            out.add("permission", P + "ACCESS_BACKGROUND_LOCATION",
                    f"The app targets API {ctx.scan.facts.manifest.target_sdk} < 29 and requests {short(p.name)}: "
                    "on Android 10+ the platform also grants background location.",
                    [ctx.manifest_item(p)], confidence=Confidence.medium)
            return


@rule("AUD304", "immutable-identifier-read", "medium", "high", needs_policy=False,
      summary="Code reads an identifier the user cannot reset (IMEI, IMSI, SIM serial, device serial, MAC).",
      rationale="Non-resettable identifiers allow tracking across reinstalls and factory resets; MIIT's 2019 "
                "identification method and Google Play's User Data policy restrict them (Play forbids linking "
                "them to the advertising ID).",
      references=("《App违法违规收集使用个人信息行为认定方法》(2019)", "Google Play User Data policy: persistent identifiers"),
      fix="Use the advertising ID or OAID, or an app-scoped ID; if the identifier is truly needed, disclose it "
          "by name in the policy with its purpose.")
def immutable_ids(ctx, out):
    for cid, calls in sorted(ctx.accessed.items()):
        imm = [c for c in calls if c.site.immutable]
        if imm:
            who = ctx.who(imm)
            labels = sorted({c.site.label for c in imm})
            out.add("category", cid, f"{', '.join(labels)} read by {', '.join(who)}.", ctx.call_items(imm),
                    confidence=Confidence.high if any(c.site.strength == "direct" for c in imm) else Confidence.medium)


@rule("AUD305", "clipboard-read", "medium", "high", needs_policy=False,
      summary="Code reads the clipboard.",
      rationale="Reading the clipboard without a user action is a common finding of MIIT inspections; Android 12+ "
                "shows a toast each time an app reads it.",
      references=("《App违法违规收集使用个人信息行为认定方法》(2019)", "Android 12 clipboard access notifications"),
      fix="Read the clipboard only in response to a paste action, and say so in the policy.")
def clipboard(ctx, out):
    _category_read(ctx, out, "clipboard", "The clipboard is read by")


def _category_read(ctx, out, cid: str, text: str) -> None:
    calls = ctx.accessed.get(cid, [])
    if calls:
        out.add("category", cid, f"{text} {', '.join(ctx.who(calls))}.", ctx.call_items(calls))


@rule("AUD306", "installed-apps-read", "medium", "high", needs_policy=False,
      summary="Code lists installed or running apps.",
      rationale="The installed-app list reveals sensitive facts about the user; MIIT inspections flag reading it, "
                "and Google Play restricts QUERY_ALL_PACKAGES to apps whose core function needs it.",
      references=("《App违法违规收集使用个人信息行为认定方法》(2019)", "Google Play policy: QUERY_ALL_PACKAGES"),
      fix="Use <queries> for the specific packages you interact with; disclose any remaining collection.")
def installed_apps(ctx, out):
    _category_read(ctx, out, "installed_apps", "The list of installed or running apps is read by")


@rule("AUD206", "unidentified-third-party-collects", "medium", "medium", needs_policy=False,
      summary="Code that belongs neither to the app nor to a known SDK reads sensitive data.",
      rationale="An SDK that cannot be named cannot be disclosed; the TC260 SDK guide requires every embedded "
                "SDK to be identified with its collection.",
      references=("TC260 网络安全标准实践指南—移动互联网应用程序（App）使用软件开发工具包（SDK）安全指引",),
      fix="Identify the library that owns this package and disclose it, or remove it.")
def unidentified(ctx, out):
    groups: dict[str, list] = {}
    for cid, calls in ctx.accessed.items():
        if cid in ctx.cat.categories and ctx.cat.categories[cid].sensitive:
            for c in calls:
                if c.party == "third_party":
                    groups.setdefault(c.accessor, []).append(c)
    for acc, calls in sorted(groups.items()):
        cats = sorted({c.site.category for c in calls})
        out.add("sdk", f"unknown:{acc}", f"Unidentified code in {acc} reads {', '.join(cats)}.", ctx.call_items(calls))


@rule("AUD207", "sdk-configured-not-embedded", "low", "medium", needs_policy=False,
      summary="The manifest configures an SDK (keys, components, permissions) whose code is not in the app.",
      rationale="Manifest text alone does not prove an SDK is embedded, so it is not reported as detected; but an "
                "app that loads the SDK at run time (a plugin, a downloaded dex) still shares data with it, and the "
                "policy may have to name it.",
      references=("TC260 网络安全标准实践指南—移动互联网应用程序（App）使用软件开发工具包（SDK）安全指引",),
      fix="Remove leftover configuration of an SDK the app no longer uses; if it is loaded dynamically, disclose it.")
def configured_not_embedded(ctx, out):
    for c in getattr(ctx.scan, "configured", ()):
        items = [Item("app", "manifest", f"{e.kind} {e.value}", (("sdk", c.id), ("signal", e.kind), ("value", e.value)))
                 for e in c.evidence[:4]]
        out.add("sdk", c.id, f"{c.name} is configured in the manifest but none of its code, component classes or "
                f"libraries is in the app (configured but not embedded).", items)


@rule("AUD501", "play-restricted-permission", "medium", "high", needs_policy=False,
      summary="A permission Google Play restricts to approved use cases (declaration form required).",
      rationale="SMS, Call Log, QUERY_ALL_PACKAGES, MANAGE_EXTERNAL_STORAGE, background location and "
                "REQUEST_INSTALL_PACKAGES need a Permissions Declaration Form and an approved core use; apps "
                "without one are rejected.",
      references=("Google Play policy: Use of SMS or Call Log permission groups",
                  "Google Play policy: Permissions and APIs that Access Sensitive Information"),
      fix="Remove the permission, or prepare the Play Console declaration for the approved use case.")
def play_restricted(ctx, out):
    for p in ctx.permissions:
        group = PLAY_RESTRICTED.get(p.name)
        if group:
            out.add("permission", p.name, f"{short(p.name)} is restricted on Google Play ({group}): a declaration is needed.",
                    [ctx.manifest_item(p)])


@rule("AUD502", "target-sdk-too-low", "medium", "high", needs_policy=False,
      summary="targetSdkVersion is below Google Play's floor for new apps and updates (35), or below 23.",
      rationale="Below 23 runtime permissions are not enforced: every dangerous permission is granted at install. "
                "Google Play requires new apps and updates to target a recent API level (35 from August 2025).",
      references=("Google Play target API level requirement", "Android 6.0 runtime permissions"),
      fix="Raise targetSdkVersion and handle the behaviour changes of each level.")
def target_sdk(ctx, out):
    m = ctx.scan.facts.manifest
    item = Item("app", "manifest", f'<uses-sdk android:targetSdkVersion="{m.target_sdk}"/>', (("element", "uses-sdk"),))
    if m.target_sdk < 23:
        out.add("app", "targetSdkVersion", f"targetSdkVersion {m.target_sdk} < 23: dangerous permissions are granted "
                "at install, without runtime consent.", [item], severity=Severity.high)
    elif m.target_sdk < PLAY_TARGET_FLOOR:
        out.add("app", "targetSdkVersion", f"targetSdkVersion {m.target_sdk} is below Google Play's floor of "
                f"{PLAY_TARGET_FLOOR}.", [item])

"""What changed between two builds: a pure function over two scan documents.

Each side is the JSON document `auditor scan --format json` produces (schema_version 1),
either freshly computed from an APK or loaded from a saved report, so a pipeline can
keep the last release's report instead of its APK.
"""

from __future__ import annotations

from typing import Any

from auditor.errors import InputError
from auditor.knowledge import categories

SCHEMA_VERSION = 1
SEVERITIES = ("info", "low", "medium", "high")
REQUIRED_KEYS = ("schema_version", "app", "permissions", "sdks", "components")

# What crossing a targetSdk level changes for permissions and components.
TARGET_EFFECTS = (
    (23, "runtime permissions: dangerous permissions are asked for at run time instead of at install"),
    (29, "location: ACCESS_BACKGROUND_LOCATION is no longer granted with foreground location; "
         "device identifiers (IMEI, serial) need a privileged permission"),
    (30, "package visibility: other apps are hidden unless declared in <queries> or QUERY_ALL_PACKAGES; "
         "WRITE_EXTERNAL_STORAGE grants no write access (scoped storage)"),
    (31, "components with intent filters must set android:exported; Bluetooth needs BLUETOOTH_SCAN/CONNECT"),
    (33, "storage: READ_EXTERNAL_STORAGE no longer gives access to media, READ_MEDIA_IMAGES/VIDEO/AUDIO "
         "do; notifications need POST_NOTIFICATIONS"),
    (34, "photos: partial access through READ_MEDIA_VISUAL_USER_SELECTED"),
)


def check_document(doc: Any, where: str) -> dict:
    if not isinstance(doc, dict) or any(k not in doc for k in REQUIRED_KEYS):
        raise InputError(f"{where}: not an auditor scan report (missing {', '.join(k for k in REQUIRED_KEYS if not isinstance(doc, dict) or k not in doc)})")
    if doc["schema_version"] != SCHEMA_VERSION:
        raise InputError(f"{where}: scan report schema_version {doc['schema_version']} is not supported "
                         f"(this auditor reads {SCHEMA_VERSION})")
    return doc


def _perm_key(p) -> str:
    return p["name"]


def _perm_view(p) -> dict:
    return {"source": p["source"], "max_sdk_version": p["max_sdk_version"], "protection_level": p["protection_level"],
            "flags": p.get("flags", []), "applies": p.get("effective", {}).get("applies", True),
            "split": p.get("split")}


def _perm_entry(p, change: str) -> dict:
    dangerous = p.get("protection_level") == "dangerous" or p.get("special")
    return {"name": p["name"], "source": p["source"], "max_sdk_version": p["max_sdk_version"],
            "protection_level": p["protection_level"], "categories": p.get("categories", []),
            "needed_by_sdks": p.get("needed_by_sdks", []),
            "severity": ("high" if dangerous else "info") if change == "added" else "info"}


def _accessors(doc) -> dict[str, dict[str, int]]:
    ce = doc.get("code_evidence") or {}
    return {cat: {r["accessor"]: r["count"] for r in rows} for cat, rows in (ce.get("accessors") or {}).items()}


def _calls_by(doc) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for c in doc.get("api_calls", []):
        out.setdefault(c["category"], []).append(c)
    return out


def diff_documents(old: dict, new: dict) -> dict:
    old, new = check_document(old, "old"), check_document(new, "new")
    oa, na = old["app"], new["app"]
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    side = lambda d: {k: d["app"].get(k) for k in ("package", "version_code", "version_name", "min_sdk",  # noqa: E731
                                                   "target_sdk", "compile_sdk", "sha256")} | {
        "input": d.get("input", {}).get("name"), "policy": (d.get("policy") or {}).get("input", {}).get("name")}
    out["old"], out["new"] = side(old), side(new)
    app_changes = {k: {"old": oa.get(k), "new": na.get(k)}
                   for k in ("package", "version_code", "version_name", "min_sdk", "target_sdk", "compile_sdk")
                   if oa.get(k) != na.get(k)}
    notes = []
    if "target_sdk" in app_changes and oa.get("target_sdk") is not None and na.get("target_sdk") is not None:
        lo, hi = sorted((oa["target_sdk"], na["target_sdk"]))
        direction = "raised" if na["target_sdk"] > oa["target_sdk"] else "lowered"
        notes = [f"targetSdk {direction} across {lvl}: {text}" for lvl, text in TARGET_EFFECTS if lo < lvl <= hi]
    out["app"] = {"changed": app_changes, "target_sdk_effects": notes,
                  "same_package": oa.get("package") == na.get("package")}

    op = {_perm_key(p): p for p in old["permissions"]}
    np_ = {_perm_key(p): p for p in new["permissions"]}
    changed = []
    for name in sorted(set(op) & set(np_)):
        a, b = _perm_view(op[name]), _perm_view(np_[name])
        if a != b:
            diffs = {k: {"old": a[k], "new": b[k]} for k in a if a[k] != b[k]}
            # maxSdkVersion None means "every API level": lifting or raising it widens the request
            ma, mb = a["max_sdk_version"], b["max_sdk_version"]
            broader = "max_sdk_version" in diffs and ((mb is None and ma is not None) or
                                                      (ma is not None and mb is not None and mb > ma))
            changed.append({"name": name, "changes": diffs, "categories": np_[name].get("categories", []),
                            "severity": "low" if broader else "info"})
    added_perms = [_perm_entry(np_[n], "added") for n in sorted(set(np_) - set(op))]
    if new.get("policy") is not None:
        uncovered = {f["subject"]["id"] for f in new.get("findings", []) if f["rule_id"] in ("AUD101", "AUD102")}
        for x in added_perms:
            x["covered_by_policy"] = x["name"] not in uncovered
            if x["severity"] == "high" and x["covered_by_policy"]:
                x["severity"] = "medium"  # new, so worth a look, but the policy already discloses it
    out["permissions"] = {
        "added": added_perms,
        "removed": [_perm_entry(op[n], "removed") for n in sorted(set(op) - set(np_))],
        "changed": changed,
    }

    os_, ns = {s["id"]: s for s in old["sdks"]}, {s["id"]: s for s in new["sdks"]}
    sdk_changed = []
    for sid in sorted(set(os_) & set(ns)):
        a, b = os_[sid], ns[sid]
        ea = {(e["kind"], e["value"]) for e in a.get("evidence", [])}
        eb = {(e["kind"], e["value"]) for e in b.get("evidence", [])}
        ch = {}
        for k in ("confidence", "bundled_in", "version"):
            if a.get(k) != b.get(k):
                ch[k] = {"old": a.get(k), "new": b.get(k)}
        if ea != eb:
            ch["signals"] = {"added": [f"{k} {v}" for k, v in sorted(eb - ea)],
                             "removed": [f"{k} {v}" for k, v in sorted(ea - eb)]}
        if ch:
            sdk_changed.append({"id": sid, "name": b["name"], "changes": ch, "severity": "info"})
    sdk = lambda s, sev: {"id": s["id"], "name": s["name"], "vendor": s["vendor"], "category": s["category"],  # noqa: E731
                          "confidence": s["confidence"], "bundled_in": s.get("bundled_in"), "version": s.get("version"),
                          "severity": sev}
    out["sdks"] = {"added": [sdk(ns[i], "medium") for i in sorted(set(ns) - set(os_))],
                   "removed": [sdk(os_[i], "info") for i in sorted(set(os_) - set(ns))],
                   "changed": sdk_changed}

    cats = categories()
    oc, nc = _accessors(old), _accessors(new)
    calls = _calls_by(new)
    code_compared = old.get("code_evidence") is not None and new.get("code_evidence") is not None
    added, removed, cat_changed = [], [], []
    if code_compared:
        for cid in sorted(set(nc) - set(oc)):
            sens = cid in cats and cats[cid].sensitive
            added.append({"category": cid, "accessors": sorted(nc[cid]), "severity": "medium" if sens else "low",
                          "call_sites": [{"api": c["api"], "caller": c["caller"], "sdk": c["sdk"],
                                          "strength": c["strength"]} for c in calls.get(cid, [])[:5]]})
        for cid in sorted(set(oc) - set(nc)):
            removed.append({"category": cid, "accessors": sorted(oc[cid]), "severity": "info"})
        for cid in sorted(set(oc) & set(nc)):
            new_acc, gone = sorted(set(nc[cid]) - set(oc[cid])), sorted(set(oc[cid]) - set(nc[cid]))
            if new_acc or gone:
                sens = cid in cats and cats[cid].sensitive
                cat_changed.append({"category": cid, "new_accessors": new_acc, "gone_accessors": gone,
                                    "severity": ("medium" if sens else "low") if new_acc else "info"})
    out["categories"] = {"added": added, "removed": removed, "changed": cat_changed, "compared": code_compared}

    ocmp = {(c["kind"], c["name"]): c for c in old["components"]}
    ncmp = {(c["kind"], c["name"]): c for c in new["components"]}
    comp = lambda c, sev: {"kind": c["kind"], "name": c["name"], "exported": c["exported"],  # noqa: E731
                           "exported_reason": c.get("exported_reason"), "permission": c.get("permission"), "severity": sev}
    out["components"] = {
        "added": [comp(ncmp[k], "info") for k in sorted(set(ncmp) - set(ocmp))],
        "removed": [comp(ocmp[k], "info") for k in sorted(set(ocmp) - set(ncmp))],
        "newly_exported": [comp(ncmp[k], "low") for k in sorted(ncmp)
                           if ncmp[k]["exported"] and not (k in ocmp and ocmp[k]["exported"])],
        "no_longer_exported": [comp(ncmp[k], "info") for k in sorted(set(ncmp) & set(ocmp))
                               if ocmp[k]["exported"] and not ncmp[k]["exported"]],
    }

    of = {f["fingerprint"]: f for f in old.get("findings", [])}
    nf = {f["fingerprint"]: f for f in new.get("findings", [])}
    findings_compared = "findings" in old and "findings" in new
    out["findings"] = {
        "compared": findings_compared,
        "new": [nf[k] for k in nf if k not in of] if findings_compared else [],
        "resolved": [of[k] for k in of if k not in nf] if findings_compared else [],
        "unchanged": [nf[k] for k in nf if k in of] if findings_compared else [],
    }
    out["summary"] = summarize(out)
    return out


def _items(d: dict):
    for group in ("permissions", "sdks", "categories", "components"):
        for kind, rows in d[group].items():
            if isinstance(rows, list):
                for r in rows:
                    yield group, kind, r
    for f in d["findings"]["new"]:
        if f.get("status", "new") == "new":
            yield "findings", "new", f


def summarize(d: dict) -> dict:
    counts = {s: 0 for s in reversed(SEVERITIES)}
    for _g, _k, r in _items(d):
        counts[r["severity"]] += 1
    return {"counts": counts,
            "changes": sum(len(v) for g in ("permissions", "sdks", "components") for v in d[g].values())
            + len(d["categories"]["added"]) + len(d["categories"]["removed"]) + len(d["categories"]["changed"])
            + len(d["app"]["changed"])}


def worst(d: dict) -> str | None:
    present = [r["severity"] for _g, _k, r in _items(d)]
    return max(present, key=SEVERITIES.index) if present else None

"""Google Play Console *Data safety* CSV draft (`--format datasafety`).

The file has the columns, question ids, response ids, answer requirements and row order of
the CSV Play Console exports and imports (ids: auditor/knowledge/datasafety.toml, each seen
in a real export). What the binary proves is filled in:

- a data type is marked when a requested permission exists for it (the permission's main
  category: READ_PHONE_STATE is about device identifiers, not the phone number it also
  exposes on old devices), code reads it (any party), or a detected SDK's vendor
  documents collecting it;
- collected: always for a marked type (Play counts data an SDK in the app sends off the
  device as collected by the app); shared: when a detected SDK or unidentified
  third-party code reads it, or an SDK's vendor documents collecting it (the data goes to
  that vendor);
- why it is shared: the documented purpose of each SDK involved (its category).

Everything else (encryption in transit, deletion, accounts, ephemeral processing, whether
users can choose, why the app itself collects) cannot be read from a binary: it stays
blank and `datasafety_notes` lists it for the person who files the form.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache

HEADER = ["Question ID (machine readable)", "Response ID (machine readable)", "Response value",
          "Answer requirement", "Human-friendly question label"]


@lru_cache(maxsize=1)
def form() -> dict:
    from auditor.knowledge import load_toml_text, read_text

    return load_toml_text(read_text("datasafety.toml"))


@dataclass(frozen=True)
class TypeAnswer:
    type_id: str
    collected: bool
    shared: bool
    share_purposes: tuple[str, ...]
    evidence: tuple[str, ...]  # why the type is marked, for the note


def answers(result) -> tuple[dict[str, TypeAnswer], list[str]]:
    """Data type id -> what the evidence supports; plus categories with evidence but no Data safety type."""
    from auditor.report.findings import views

    f = form()
    ctypes, spurpose = f["category_types"], f["sdk_category_purpose"]
    sdk_cat = {h.id: h.category for h in result.scan.sdks}
    acc: dict[str, dict] = {}
    unmapped = []

    def mark(tid, shared_with, why):
        a = acc.setdefault(tid, {"shared": set(), "evidence": []})
        a["shared"].update(shared_with)
        a["evidence"].append(why)

    for d in views(result).data:
        if d.id in f["not_data"] or not (d.primary_permissions or d.accessors or d.documented_by):
            continue
        sharers = {a.id for a in d.accessors if a.party in ("sdk", "third_party")} | set(d.documented_by)
        why = []
        if d.primary_permissions:
            why.append("permission " + ", ".join(p.replace("android.permission.", "") for p in d.primary_permissions))
        if d.accessors:
            why.append("read in code by " + ", ".join(a.name for a in d.accessors))
        if d.documented_by:
            why.append("documented by " + ", ".join(d.documented_by))
        if d.id not in ctypes:
            unmapped.append(f"{d.name} ({'; '.join(why)})")
            continue
        for tid in ctypes[d.id]:
            mark(tid, sharers, f"{d.name}: {'; '.join(why)}")
    for h in result.scan.sdks:
        for tid in f["sdk_category_types"].get(h.category, ()):
            mark(tid, {h.id}, f"{h.name} is a {h.category.replace('_', ' ')} SDK")
    out = {}
    for tid, a in acc.items():
        purposes = sorted({spurpose[sdk_cat[s]] for s in a["shared"] if s in sdk_cat and sdk_cat[s] in spurpose})
        out[tid] = TypeAnswer(tid, True, bool(a["shared"]), tuple(purposes), tuple(a["evidence"]))
    return out, unmapped


def render_datasafety(result) -> str:
    f = form()
    marked, _ = answers(result)
    rows = [HEADER]
    for q, r, req, label in f["app_questions"]:
        value = ("true" if marked else "false") if q == "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA" else ""
        rows.append([q, r, value, req, label])
    for group, tid, label in f["data_types"]:
        rows.append([group, tid, "true" if tid in marked else "", "MULTIPLE_CHOICE", label])
    for _group, tid, tlabel in f["data_types"]:
        a = marked.get(tid)
        for q, r, req, label in f["usage_questions"]:
            value = ""
            if a is not None:
                if r == "PSL_DATA_USAGE_ONLY_COLLECTED":
                    value = "true" if a.collected else ""
                elif r == "PSL_DATA_USAGE_ONLY_SHARED":
                    value = "true" if a.shared else ""
                elif q == "DATA_USAGE_SHARING_PURPOSE" and r in a.share_purposes:
                    value = "true"
            rows.append([f"PSL_DATA_USAGE_RESPONSES:{tid}:{q}", r, value, req,
                         f"{tlabel.split(' / ')[-1]} / {label}"])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def datasafety_notes(result) -> list[str]:
    """What the draft leaves blank and why, for stderr."""
    marked, unmapped = answers(result)
    labels = {tid: label for _g, tid, label in form()["data_types"]}
    head = "Data safety draft: answers read from the binary only"
    if result.scan.code is None:
        head += " (code not scanned, --no-code: only permissions and SDK documentation count)"
    notes = [head + "; review every answer before importing it in Play Console "
             "(App content > Data safety > Import from CSV)"]
    for g in getattr(result.scan.facts, "incomplete", ()):
        notes.append(f"{g.file} could not be analysed ({g.reason}): data types it would show may be missing")
    for tid, a in marked.items():
        notes.append(f"marked {labels[tid]}: {'; '.join(a.evidence)}")
    notes.append("left blank, not knowable from the APK: encryption in transit, account creation methods, "
                 "account and data deletion (and their links), Families policy, independent security review, "
                 "accounts created outside the app")
    if marked:
        notes.append("left blank for every marked data type: processed ephemerally, whether users can choose, "
                     "why the app itself collects it (sharing purposes are filled from each SDK's documented purpose)")
    from auditor.report.findings import views

    third = sorted({a.name for d in views(result).data for a in d.accessors if a.party == "third_party"})
    if third:
        notes.append("unidentified third-party code reads data (marked shared, purpose blank): " + ", ".join(third))
    for u in unmapped:
        notes.append(f"no Data safety data type fits {u}: decide by hand")
    return notes

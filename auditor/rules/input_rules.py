"""AUD7xx: the input itself. A tampered archive (fields Android ignores that other
parsers trust), an analysis that could not read everything, and a policy in a language the
reader does not read."""

from __future__ import annotations

from auditor.rules import rule
from auditor.rules.model import Item


@rule("AUD701", "archive-tampered", "high", "high", needs_policy=False,
      summary="The archive has zip fields Android ignores that disagree with the data: parsers that trust "
              "the header see nothing, or something else.",
      rationale="Android's installer follows the central directory and reads entry data as stored or "
                "deflated whatever the method field, sizes or encryption flag claim. Malware tampers with "
                "those fields (a bogus compression method on AndroidManifest.xml or classes.dex, a compressed "
                "size of 0, a fake encryption flag, local headers that disagree with the central directory, "
                "data hidden between entries) so that analysis tools and app-store scanners fail while the "
                "phone installs the app. A release build from a normal toolchain has none of these.",
      references=("PKWARE APPNOTE.TXT (zip format)", "AOSP libziparchive (the platform's zip reader)",
                  "apkInspector: zip tampering indicators (github.com/erev0s/apkInspector)"),
      fix="Rebuild and sign the app with the standard toolchain (AGP / bundletool / apksigner); if the file "
          "came from a third party, treat it as an evasion attempt and review it manually.")
def archive_tampered(ctx, out):
    by_entry: dict[tuple[str, str], list] = {}
    for a in ctx.scan.facts.anomalies:
        by_entry.setdefault((a.part, a.entry), []).append(a)
    for (part, entry), items in sorted(by_entry.items()):
        path = "!".join(x for x in (part, entry) if x) or "(archive)"
        kinds = sorted({a.kind for a in items})
        out.add("app", f"archive:{path}", f"{path}: {', '.join(kinds)} ({'; '.join(a.detail for a in items)}).",
                [Item("app", "archive", f"{a.kind}: {a.field}: {a.detail}",
                      (("part", a.part), ("entry", a.entry), ("field", a.field), ("kind", a.kind)))
                 for a in items])


@rule("AUD702", "analysis-incomplete", "high", "high", needs_policy=False,
      summary="Part of the app could not be read (a DEX file, a split, the resource table): the code-level "
              "verdict is incomplete.",
      rationale="Everything else in the report stands (permissions, manifest-visible SDKs, components), but "
                "data access, SDK code and call sites inside the unreadable file are unknown: absence of a "
                "finding there proves nothing. A damaged or oversized DEX that the platform may still load is "
                "also a way to hide code from review.",
      references=("Android dex format (source.android.com/docs/core/runtime/dex-format)",),
      fix="Rebuild the app so every DEX, split and resource table is well formed; if the file is genuine and "
          "over a size limit, review the listed files by other means.")
def analysis_incomplete(ctx, out):
    gaps = ctx.scan.facts.incomplete
    if not gaps:
        return
    names = ", ".join(g.file for g in gaps[:5]) + (f" and {len(gaps) - 5} more" if len(gaps) > 5 else "")
    out.add("app", "code", f"The code-level verdict is incomplete: {len(gaps)} file(s) could not be analysed "
            f"({names}).",
            [Item("app", "incomplete", f"{g.file}: {g.reason}", (("file", g.file), ("reason", g.reason)))
             for g in gaps])


@rule("AUD703", "policy-language-unsupported", "high", "high", needs_policy=False,
      summary="The privacy policy is in a language the reader does not read (it reads English and "
              "Chinese): none of the checks that compare the app with its policy ran.",
      rationale="Comparing an app with a policy the reader cannot understand would report every "
                "permission, SDK and data access as undisclosed, so the policy checks (AUD1xx-AUD4xx) "
                "are skipped and this finding says so: the audit is incomplete, not clean. The language "
                "is told from the text itself (another script, or Latin-script text whose common words "
                "are German, French, Spanish... rather than English); a text with enough English or "
                "Chinese in it is read.",
      references=("MIIT App personal information protection rules (policy must disclose collection)",
                  "Google Play User Data policy (privacy policy disclosure)"),
      fix="Audit the English or Chinese version of the policy if the app has one (--policy FILE or URL); "
          "otherwise review the disclosures by hand and suppress this finding with the reason.")
def policy_language_unsupported(ctx, out):
    p = ctx.policy
    if p is None or getattr(p, "language", "en") != "other":
        return
    out.add("app", f"policy:{p.name}", f"The policy {p.name} is in a language the reader does not read: "
            "the disclosure checks (AUD1xx-AUD4xx) were not run.",
            [Item("policy", "language", f"{p.name}: language other ({len(p.text)} characters)",
                  (("policy", p.name), ("language", p.language)))])

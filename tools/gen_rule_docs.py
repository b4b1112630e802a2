"""Write docs/rules/<ID>.md and docs/rules/README.md from the rule registry.

Run: .venv/bin/python tools/gen_rule_docs.py   (tests fail when the pages are stale)
"""

from __future__ import annotations

from pathlib import Path

from auditor.rules import all_rules

OUT = Path(__file__).resolve().parents[1] / "docs" / "rules"
BLOCKS = {"1": "Permissions", "2": "Third-party SDKs", "3": "Data access in code",
          "4": "Policy claims the app does not bear out", "5": "Store rules",
          "6": "Collection before consent", "7": "The input itself"}


def page(r) -> str:
    refs = "\n".join(f"- {x}" for x in r.references)
    return (f"# {r.id} {r.name}\n\n{r.summary}\n\n"
            f"| default severity | confidence | needs a policy |\n|---|---|---|\n"
            f"| {r.severity.name} | {r.confidence.name} | {'yes' if r.needs_policy else 'no'} |\n\n"
            f"## Why it matters\n\n{r.rationale}\n\n## Requirements\n\n{refs}\n\n## How to fix\n\n{r.fix}\n\n"
            f"## Suppressing\n\nIn `.auditor.toml` (or `[tool.auditor]` of `pyproject.toml`):\n\n"
            f"```toml\n[[suppress]]\nrule = \"{r.id}\"\nsubject = \"...\"  # optional: one subject only\n"
            f"reason = \"why this is acceptable\"\n```\n")


def index(rules) -> str:
    lines = ["# Rules", "", "Ids are stable and never reused. Severity and confidence are separate axes.", ""]
    for block, title in BLOCKS.items():
        lines += [f"## AUD{block}xx {title}", "", "| id | name | severity | confidence | needs policy |",
                  "|---|---|---|---|---|"]
        for r in rules:
            if r.id[3] == block:
                lines.append(f"| [{r.id}]({r.id}.md) | {r.name} | {r.severity.name} | {r.confidence.name} | "
                             f"{'yes' if r.needs_policy else 'no'} |")
        lines.append("")
    return "\n".join(lines)


def expected() -> dict[str, str]:
    rules = all_rules()
    out = {f"{r.id}.md": page(r) for r in rules}
    out["README.md"] = index(rules)
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in expected().items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(expected())} pages to {OUT}")


if __name__ == "__main__":
    main()

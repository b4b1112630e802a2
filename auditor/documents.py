"""JSON documents for Python users: `to_dict(result)` / `to_json(result)` for every result type,
and the JSON Schemas (Draft 2020-12) those documents follow (`auditor/schemas/*.json`).

    from auditor.scan import scan_bytes
    from auditor.audit import audit
    from auditor.documents import to_json
    print(to_json(audit(scan_bytes(data, "app.apk"))))

| result | document | schema |
|---|---|---|
| `auditor.audit.AuditResult` | the scan/audit report of `auditor scan --format json` | `scan` |
| `auditor.scan.ScanResult` | the same without `policy`/`findings`/`summary`/`checklist` | `scan` |
| `auditor.policy.PolicyResult` | `auditor policy --format json` | `policy` |
| a diff (`auditor.diff.diff_documents`, already a dict) | `auditor diff --format json` | `diff` |
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from auditor import __version__

# name -> (schema file, what it describes); "audit" is an alias of "scan".
SCHEMAS = {
    "scan": "scan/audit report (auditor scan --format json)",
    "policy": "policy report (auditor policy --format json)",
    "diff": "diff report (auditor diff --format json)",
    "baseline": "baseline file (auditor baseline create)",
}
ALIASES = {"audit": "scan"}


def schema_text(name: str) -> str:
    """The schema file's text. Raises KeyError for an unknown name."""
    name = ALIASES.get(name, name)
    if name not in SCHEMAS:
        raise KeyError(name)
    return files("auditor").joinpath("schemas", f"{name}.json").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


def validate(doc: dict[str, Any], name: str) -> None:
    """Raise jsonschema.ValidationError when `doc` does not follow schema `name` (formats checked)."""
    from jsonschema import Draft202012Validator, FormatChecker

    Draft202012Validator(schema(ALIASES.get(name, name)), format_checker=FormatChecker()).validate(doc)


def to_dict(result) -> dict[str, Any]:
    """The JSON document of a result, as plain dicts/lists/str/int/float/bool/None."""
    from auditor.audit import AuditResult
    from auditor.policy import PolicyResult
    from auditor.scan import ScanResult

    if isinstance(result, AuditResult):
        from auditor.report.jsonfmt import audit_document

        return audit_document(result)
    if isinstance(result, ScanResult):
        from auditor.report.jsonfmt import scan_document

        return scan_document(result)
    if isinstance(result, PolicyResult):
        from auditor.report.policyfmt import policy_document

        return policy_document(result, __version__)
    if isinstance(result, dict) and "schema_version" in result:
        return result
    raise TypeError(f"no JSON document for {type(result).__name__}")


def to_json(result, indent: int | None = 2) -> str:
    """`to_dict(result)` as JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(to_dict(result), ensure_ascii=False, indent=indent) + "\n"

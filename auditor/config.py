"""Configuration: [tool.auditor] in pyproject.toml, or .auditor.toml. Flags override it;
unknown keys are an error (exit code 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.compiled import compiled_toml
from auditor.errors import UsageError

KEYS: dict[str, type | tuple] = {
    "fail_on": str, "format": str, "baseline": str, "no_code": bool, "exit_zero": bool,
    "disable": list, "suppress": list,
}
SUPPRESS_KEYS = {"rule", "subject", "reason"}


def _validate(cfg: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = set(cfg) - set(KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown configuration key(s): {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(KEYS))})")
    for k, v in cfg.items():
        if not isinstance(v, KEYS[k]):
            raise UsageError(f"{where}: {k} must be a {KEYS[k].__name__}")
    for i, s in enumerate(cfg.get("suppress", [])):
        if not isinstance(s, dict) or set(s) - SUPPRESS_KEYS:
            raise UsageError(f"{where}: suppress[{i}] takes rule, subject and reason")
        if not s.get("rule") or not str(s.get("reason", "")).strip():
            raise UsageError(f"{where}: suppress[{i}] needs a rule and a non-empty reason")
    return cfg


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """The configuration in force and the file it came from (None when there is none)."""
    cwd = cwd or Path.cwd()
    candidates = [explicit] if explicit else [cwd / ".auditor.toml", cwd / "pyproject.toml"]
    for path in candidates:
        if path is None or not path.is_file():
            if explicit:
                raise UsageError(f"{explicit}: configuration file not found")
            continue
        try:
            # the compiled copy (keyed by the text's hash) spares tomllib's import and parse on
            # every run from a project directory; a TOML error is never cached and raises here
            data = compiled_toml(path.read_text(encoding="utf-8"), "config")[0]
        except Exception as exc:
            raise UsageError(f"{path}: invalid TOML ({exc})") from None
        if path.name == "pyproject.toml" or "tool" in data:
            section = data.get("tool", {}).get("auditor")
            if section is None:
                if explicit:
                    return {}, path
                continue
            return _validate(section, f"{path} [tool.auditor]"), path
        return _validate(data, str(path)), path
    return {}, None


def audit_settings(cfg: dict[str, Any], fail_on: str | None = None, baseline: frozenset[str] = frozenset()):
    """AuditSettings from a configuration with flags on top (a flag wins when given).
    UsageError for a bad severity."""
    from auditor.audit import AuditSettings, Suppression
    from auditor.rules.model import Severity

    level = fail_on or cfg.get("fail_on", "high")
    try:
        sev = Severity.parse(level)
    except ValueError as exc:
        raise UsageError(f"--fail-on: {exc}") from None
    sups = tuple(Suppression(s["rule"], s["reason"], s.get("subject")) for s in cfg.get("suppress", []))
    return AuditSettings(fail_on=sev, disabled=frozenset(cfg.get("disable", [])), suppressions=sups, baseline=baseline)

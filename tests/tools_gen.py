"""Import helper: the docs generator lives in tools/, outside the package."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "gen_rule_docs", Path(__file__).resolve().parents[1] / "tools" / "gen_rule_docs.py")
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
expected_pages = _mod.expected

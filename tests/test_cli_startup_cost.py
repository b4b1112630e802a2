"""What a plain `auditor scan` pays for before it reads the app: the signature database
comes from its compiled copy after the first run, the policy reader is not imported
without a policy, and androguard's public resource table is built without minidom."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

from conftest import ROOT, SAMPLES

PROBE = """
import json, sys
import auditor.sdk.database as d
parsed = []
_orig = d._parse_all
d._parse_all = lambda folder, texts: (parsed.append(folder.name), _orig(folder, texts))[1]
from auditor.cli import main
sys.argv = ["auditor", "scan", sys.argv[1], "--format", "json", "--exit-zero"]
try:
    main()
except SystemExit as e:
    code = e.code
mods = sorted(m for m in sys.modules if m.startswith(("auditor.policy", "xml.dom")))
print(json.dumps({"code": code, "parsed": parsed, "modules": mods}), file=sys.stderr)
"""


def _probe(cache_dir) -> dict:
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(cache_dir), "PYTHONWARNINGS": "ignore"}
    env.pop("AUDITOR_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", PROBE, str(SAMPLES / "chat.apk")], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=env)
    doc = json.loads(done.stdout)
    assert doc["sdks"], "the scan found the sample's SDKs"
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_plain_scan_uses_the_compiled_database_and_skips_the_policy_reader(tmp_path):
    first = _probe(tmp_path)
    second = _probe(tmp_path)
    assert first["code"] in (0, None) and second["code"] in (0, None)
    assert first["parsed"] == ["sdk_signatures"]  # the first run parses the TOML files and compiles them
    assert second["parsed"] == []  # later runs read the compiled copy
    assert second["modules"] == [], second["modules"]  # no policy reader, no minidom


def test_public_resource_table_is_androguards_own():
    from auditor.apk import _androguard

    _androguard.axml()
    ours = sys.modules[_androguard.PUBLIC].SYSTEM_RESOURCES
    spec = importlib.util.find_spec(_androguard.PUBLIC)
    real = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(real)  # androguard's module, run on its own (minidom)
    assert ours == real.SYSTEM_RESOURCES
    assert len(ours["attributes"]["inverse"]) > 1000 and ours["attributes"]["forward"]["label"] == 0x01010001


POLICY_PROBE = """
import sys
from auditor.cli import main
sys.argv = ["auditor", "policy", sys.argv[1], "-q"]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m.startswith(("auditor.apk", "auditor.scan", "auditor.run",
                                                                "androguard")))), file=sys.stderr)
"""


def test_policy_command_does_not_load_the_app_readers():
    """`auditor policy` reads its file through auditor.source, not auditor.run (which brings the
    scanner, the zip/DEX readers and the audit)."""
    done = subprocess.run([sys.executable, "-c", POLICY_PROBE, str(SAMPLES / "policies" / "chat_policy.md")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert "data categories" in done.stdout, done.stderr  # the policy was read
    assert done.stderr.strip().splitlines()[-1:] in ([], [""]), done.stderr

"""A scan without a policy never pays for compiling the policy lexicon, and policy
claims come out in a stable order (the same JSON document on every run)."""

from __future__ import annotations

import pickle
import subprocess
import sys

from conftest import ROOT, SAMPLES

PROBE = """
import sys
from auditor.run import audit_file
from auditor.policy.lexicon import lexicon
done = audit_file(sys.argv[1])
print(len(done.result.findings), lexicon.cache_info().currsize)
"""


def test_scan_without_policy_does_not_compile_the_lexicon():
    out = subprocess.run([sys.executable, "-c", PROBE, str(SAMPLES / "chat.apk")], capture_output=True,
                         text=True, cwd=ROOT, timeout=300, check=True).stdout.split()
    assert int(out[0]) > 0 and out[1] == "0"  # findings made, lexicon never compiled


def test_packaged_lexicon_stands_in_for_the_real_one():
    from auditor.catalogues import PackagedLexicon
    from auditor.policy.lexicon import lexicon

    lazy = PackagedLexicon()
    assert lazy.raw["category"].keys() == lexicon().raw["category"].keys()
    assert lazy.fields == lexicon().fields  # the first real attribute loads and copies the lexicon
    assert "fields" in vars(lazy)
    assert isinstance(pickle.loads(pickle.dumps(PackagedLexicon())), PackagedLexicon)


def test_policy_categories_come_out_sorted():
    from auditor.policy import read_policy

    result = read_policy((SAMPLES / "policies" / "chat_policy.md").read_bytes(), "chat_policy.md")
    keys = list(result.categories)
    assert len(keys) > 3 and keys == sorted(keys)

"""CLI conventions: per-command formats (one renderer table), -o -, -q, -v, -V, colours."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

import pytest

from auditor import __version__
from auditor.audit import audit
from auditor.diff import diff_documents
from auditor.policy import read_policy
from auditor.report.formats import RENDERERS, DiffOutput, SdkListing, all_formats, render
from auditor.report.jsonfmt import audit_document
from auditor.scan import scan_bytes
from auditor.sdk import load_database
from conftest import ROOT, SAMPLES, run_cli, valid

CHAT = str(SAMPLES / "chat.apk")
LEGACY = str(SAMPLES / "legacy.apk")
POLICY = str(SAMPLES / "policies" / "chat_policy.md")
# argv of each command, without --format
COMMANDS = {
    "scan": ["scan", LEGACY, "--no-code"],
    "diff": ["diff", LEGACY, LEGACY, "--no-code"],
    "policy": ["policy", POLICY],
    "sdks list": ["sdks", "list"],
    "sdks show": ["sdks", "show", "jpush"],
}


def test_every_command_is_in_the_table():
    assert set(COMMANDS) == set(RENDERERS)
    assert {"table", "json", "sarif", "markdown", "html"} <= set(all_formats())


def cli(*args):
    """The Typer app in-process (argument parsing is what these tests check; no interpreter start-up)."""
    from typer.testing import CliRunner

    from auditor.cli import app

    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.mark.parametrize("command", sorted(RENDERERS))
def test_every_command_refuses_formats_it_cannot_write(command):
    refused = [f for f in all_formats() if f not in RENDERERS[command]] + ["pdf"]
    for fmt in refused:
        res = cli(*COMMANDS[command], "--format", fmt)
        assert res.exit_code == 2, (command, fmt, res.stdout[:200])
        assert res.stdout == "" and "writes" in res.stderr
    # the same through the real entry point, once per command
    proc = run_cli(*COMMANDS[command], "-f", refused[0])
    assert proc.returncode == 2 and proc.stdout == ""


@pytest.fixture(scope="module")
def objects():
    result = audit(scan_bytes((SAMPLES / "chat.apk").read_bytes(), "chat.apk"),
                   read_policy((SAMPLES / "policies" / "chat_policy.md").read_bytes(), "chat_policy.md"))
    doc = audit_document(result)
    db = load_database()
    return {"scan": result, "diff": DiffOutput(diff_documents(doc, doc), doc), "policy": result.policy,
            "sdks list": SdkListing(db, tuple(db.entries.values())), "sdks show": db.entries["jpush"]}


@pytest.mark.parametrize("command,fmt", [(c, f) for c, row in sorted(RENDERERS.items()) for f in row])
def test_every_format_of_every_command_renders(objects, command, fmt):
    text = render(command, fmt, objects[command])
    assert isinstance(text, str) and len(text) > 20 and text.endswith("\n")
    if fmt in ("json", "sarif"):
        doc = json.loads(text)
        schema = {"scan": "scan", "diff": "diff", "policy": "policy"}.get(command)
        if fmt == "json" and schema:
            valid(doc, schema)


def test_dash_output_means_stdout(tmp_path):
    proc = run_cli("scan", LEGACY, "--no-code", "-f", "json", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 1 and valid(json.loads(proc.stdout), "scan")["input"]["name"] == "legacy.apk"
    assert not (tmp_path / "-").exists()
    proc = run_cli("policy", POLICY, "-f", "json", "-o", "-", cwd=tmp_path)
    assert valid(json.loads(proc.stdout), "policy")["language"] == "en"
    proc = run_cli("baseline", "create", LEGACY, "--no-code", "-o", "-", cwd=tmp_path)
    assert valid(json.loads(proc.stdout), "baseline")["schema_version"] == 1 and "stdout" in proc.stderr
    proc = run_cli("sdks", "show", "jpush", "-f", "json", "-o", "-", cwd=tmp_path)
    assert json.loads(proc.stdout)["id"] == "jpush"
    assert not (tmp_path / "-").exists()


def test_version_flags():
    for flag in ("-V", "--version"):
        res = cli(flag)
        assert res.exit_code == 0 and res.stdout.strip() == f"auditor {__version__}"


def test_quiet_prints_only_the_verdict_and_verbose_prints_timings(tmp_path):
    quiet = run_cli("scan", CHAT, "--policy", POLICY, "-q")
    assert quiet.returncode == 1 and quiet.stderr == ""
    assert quiet.stdout.splitlines() == [quiet.stdout.strip()]
    assert re.fullmatch(r"FAIL: chat\.apk: [1-9]\d* high, \d+ medium, \d+ low, \d+ info new finding\(s\) "
                        r"\(fail on high\)\n", quiet.stdout)
    out = tmp_path / "r.json"
    quiet_file = run_cli("scan", CHAT, "--policy", POLICY, "-q", "-f", "json", "-o", str(out))
    assert quiet_file.stdout.startswith("FAIL: chat.apk") and valid(json.loads(out.read_text()), "scan")
    verbose = run_cli("scan", CHAT, "--policy", POLICY, "-v", "-f", "json")
    assert verbose.returncode == 1 and valid(json.loads(verbose.stdout), "scan")  # stdout stays pure JSON
    steps = [l for l in verbose.stderr.splitlines() if l.startswith("auditor: ")]
    assert any(l.startswith("auditor: scanned chat.apk") for l in steps)
    assert any("read policy chat_policy.md" in l for l in steps) and any("rendered json" in l for l in steps)
    assert all(l.endswith(" s)") for l in steps)
    both = run_cli("scan", CHAT, "-q", "-v")
    assert both.returncode == 2
    same = cli("diff", LEGACY, LEGACY, "--no-code", "-q")
    assert same.exit_code == 0 and same.stdout == "pass: legacy.apk -> legacy.apk: 0 change(s); 0 high, 0 medium, 0 low, 0 info (fail on high)\n"
    pol = run_cli("policy", POLICY, "-q")
    assert pol.returncode == 0 and len(pol.stdout.splitlines()) == 1 and pol.stdout.startswith("chat_policy.md: en")


def _run_on_tty(args, env_extra):
    """Run the CLI with stdout on a pseudo-terminal; returns what it wrote there."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "COLUMNS": "200", **env_extra}
    env.pop("NO_COLOR", None) if "NO_COLOR" not in env_extra else None
    proc = subprocess.Popen([sys.executable, "-m", "auditor.cli", *args], stdout=slave, stderr=subprocess.PIPE,
                            cwd=ROOT, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colours_only_on_a_terminal_and_never_with_no_color():
    args = ["scan", CHAT, "--policy", POLICY, "--no-code"]
    coloured = _run_on_tty(args, {})
    assert "\x1b[1;31mHIGH (" in coloured and "\x1b[0m" in coloured
    assert "\x1b[" not in _run_on_tty(args, {"NO_COLOR": "1"})
    assert "\x1b[" not in _run_on_tty([*args, "--no-color"], {})
    assert "\x1b[" not in run_cli(*args).stdout  # a pipe is not a terminal


def test_renderer_modules_import_no_circle():
    """Shared text helpers live in report/text.py (a leaf); no renderer module imports, even lazily,
    one that imports it back (table, jsonfmt and policyfmt used to form a circle)."""
    import ast

    report = ROOT / "auditor" / "report"
    names = {p.stem for p in report.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for p in report.glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("auditor.report"):
                mod = node.module.rpartition(".")[2] if node.module != "auditor.report" else "__init__"
                deps.add(mod)
                if node.module == "auditor.report":
                    deps |= {a.name for a in node.names if a.name in names}
        graph[p.stem] = deps - {p.stem}
    assert graph["text"] == set()
    assert {"table", "policyfmt", "difffmt", "sdkdb"} <= {m for m, d in graph.items() if "text" in d}

    def cycle_from(start, node, seen):
        for nxt in graph.get(node, ()):
            if nxt == start:
                return True
            if nxt not in seen:
                seen.add(nxt)
                if cycle_from(start, nxt, seen):
                    return True
        return False

    assert [m for m in graph if cycle_from(m, m, set())] == []

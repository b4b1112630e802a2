"""bench/jarclass.py's per-method conversion, which the real-binary start-up bench relies on: each method of
a class file keeps its name, descriptor, static-ness and, in bytecode order, the calls, `new`s, field reads
and strings of its own code (so the start-up walk follows the vendor's call graph method by method)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from jarclass import parse_class_methods, to_smali_methods  # noqa: E402

SRC = """
package v;
public class Sdk {
    static String host = "log.example.invalid";
    public static void init(android.content.Context c, String key, boolean debug) {
        new Thread(new Job(c)).start();
        switch (key.length()) { case 1: case 2: case 3: start(c); break; default: stop(); }
        long big = 1L << 40;
        if (big > 0) helper(key);
    }
    private static void helper(String s) { String t = s + "x"; }
    static void start(android.content.Context c) { Object o = c.getSystemService("phone"); }
    static void stop() {}
    public int size() { return 0; }
}
class Job implements Runnable {
    final android.content.Context c;
    Job(android.content.Context c) { this.c = c; }
    public void run() { Sdk.start(c); }
}
"""

STUBS = """
package android.content;
public abstract class Context { public abstract Object getSystemService(String name); }
"""


@pytest.fixture(scope="module")
def classes(tmp_path_factory):
    if shutil.which("javac") is None:
        pytest.skip("no JDK (javac) on this machine")
    d = tmp_path_factory.mktemp("jc")
    (d / "v").mkdir()
    (d / "android" / "content").mkdir(parents=True)
    (d / "v" / "Sdk.java").write_text(SRC)
    (d / "android" / "content" / "Context.java").write_text(STUBS)
    sources = [str(d / "v" / "Sdk.java"), str(d / "android" / "content" / "Context.java")]
    subprocess.run(["javac", "-d", str(d / "out"), *sources], check=True, capture_output=True)
    return {p.stem: parse_class_methods(p.read_bytes()) for p in (d / "out" / "v").glob("*.class")}


def test_each_method_keeps_its_own_references(classes):
    sdk = classes["Sdk"]
    methods = {m.name: m for m in sdk.methods}
    assert {"init", "helper", "start", "stop", "size", "<init>", "<clinit>"} <= set(methods)
    init = methods["init"]
    assert init.static and init.public and init.desc == "(Landroid/content/Context;Ljava/lang/String;Z)V"
    kinds = [r[0] for r in init.refs]
    assert ("new-instance", "v/Job") in init.refs and ("new-instance", "java/lang/Thread") in init.refs
    assert ("invoke-virtual", "java/lang/Thread", "start", "()V") in init.refs
    # calls after the tableswitch and the long constant are still found (operand lengths walked right)
    assert ("invoke-static", "v/Sdk", "start", "(Landroid/content/Context;)V") in init.refs
    assert ("invoke-static", "v/Sdk", "helper", "(Ljava/lang/String;)V") in init.refs
    assert kinds.index("new-instance") < kinds.index("invoke-static")
    assert not methods["helper"].public
    # a reference made only in start() is not put in init()
    assert ("invoke-virtual", "android/content/Context", "getSystemService", "(Ljava/lang/String;)Ljava/lang/Object;") \
        in methods["start"].refs
    assert not any(r[2:3] == ("getSystemService",) for r in init.refs)
    assert ("string", "phone") in methods["start"].refs
    assert ("string", "log.example.invalid") in methods["<clinit>"].refs
    assert classes["Job"].interfaces == ["java/lang/Runnable"]


def test_smali_has_one_method_per_java_method(classes):
    text = to_smali_methods(classes["Sdk"])
    assert ".method public static init(Landroid/content/Context;Ljava/lang/String;Z)V" in text
    assert ".method static constructor <clinit>()V" in text
    assert ".method public size()I" in text
    init_body = text.split(".method public static init(")[1].split(".end method")[0]
    assert "new-instance v0, Lv/Job;" in init_body and "getSystemService" not in init_body

"""The SDK stage's cost does not grow with the app: package prefixes are found by binary
searches in the sorted class list and URL hosts by one C-level regex pass, so the work in
Python grows with the number of signals, not with classes or strings. Counted, not timed
(a count holds on a loaded machine), and checked against plain reference implementations."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import replace

from auditor.apk.dex import strings_only_dex
from auditor.sdk import default_matcher
from auditor.sdk.matcher import Evidence, example_facts


class CountingTuple(tuple):
    """A tuple that counts element reads (bisect reads through __getitem__)."""

    reads = 0

    def __getitem__(self, i):
        CountingTuple.reads += 1
        return tuple.__getitem__(self, i)

    def __iter__(self):  # a pass over every class would show up as reads too
        CountingTuple.reads += len(self)
        return tuple.__iter__(self)


def _reference_packages(matcher, classes, app_pkg):
    """The matcher's former algorithm: group classes by package, longest segment prefix per package."""
    per_pkg = defaultdict(int)
    for cls in classes:
        per_pkg[cls.rpartition(".")[0]] += 1
    out = defaultdict(int)
    for pkg, n in per_pkg.items():
        if not pkg or pkg == app_pkg or pkg.startswith(app_pkg + "."):
            continue
        segs = pkg.split(".")
        for i in range(len(segs), 0, -1):
            if ".".join(segs[:i]) in matcher.prefixes:
                out[".".join(segs[:i])] += n
                break
    return dict(out)


def test_package_pass_reads_a_logarithmic_number_of_classes():
    matcher = default_matcher()
    rng = random.Random(5)
    roots = ["com.example.app.ui", "a.a", "b", "okhttp3.internal", "cn.jpush.android.api", "com.igexin.sdk",
             "com.tencent.bugly.crashreport", "com.umeng.analytics", "com.amap.api.location"]
    names = sorted({f"{rng.choice(roots)}.p{rng.randrange(300)}.C{i}" for i in range(120_000)})
    facts = example_facts({"package": "com.example.app"})
    facts = replace(facts, code=replace(facts.code, classes=CountingTuple(names)))
    CountingTuple.reads = 0
    hits = {h.id: h for h in matcher.match(facts)}
    bound = 2 * (len(matcher.prefixes) + 1) * (math.log2(len(names)) + 2) + 200
    assert CountingTuple.reads <= bound < len(names) / 2, (CountingTuple.reads, bound)
    counts = {e.value: e.count for h in hits.values() for e in h.evidence if e.kind == "package"}
    assert counts == _reference_packages(matcher, names, "com.example.app")
    assert {"jpush", "getui", "bugly", "umeng_analytics", "amap_location"} <= set(hits)


def test_package_counts_match_the_reference_on_nested_prefixes_and_app_packages():
    matcher = default_matcher()
    rng = random.Random(11)
    prefixes = sorted(matcher.prefixes)
    segs = ["a", "sdk", "api", "Z", "core", "x-y", "android", "internal"]
    for trial in range(40):
        names = set()
        for _ in range(300):
            base = rng.choice(prefixes).split(".")
            base = base[: rng.randrange(1, len(base) + 1)]  # parents of prefixes too
            names.add(".".join(base + [rng.choice(segs) for _ in range(rng.randrange(0, 3))] + [rng.choice("CaZ")]))
        names = sorted(names)
        # the app's package is sometimes an SDK prefix, under one, or above one
        app = rng.choice(["org.example.app", rng.choice(prefixes), rng.choice(prefixes) + ".demo",
                          rng.choice(prefixes).rpartition(".")[0]])
        got = {p: n for _first, p, n in matcher._package_counts(names, app)}
        assert got == _reference_packages(matcher, names, app), (trial, app)


def test_url_hosts_cost_no_decode_per_url():
    """30,000 URLs and 30,000 other strings: one endpoint host among them is found, and the
    strings decoded are the binary searches' probes, not the table."""
    matcher = default_matcher()
    rng = random.Random(3)
    strings = {f"https://api{i % 89}.example{i}.com/v1/{i}" for i in range(30_000)}
    strings |= {f"http://cdn{i}.Example.ORG:8080/x" for i in range(2_000)}
    strings |= {"".join(rng.choice("abcdefghij_") for _ in range(12)) for _ in range(30_000)}
    strings |= {"https://Android.Bugly.QQ.com/rqd/async", "https://xbugly.qq.com/not-it"}
    dex = strings_only_dex(strings)
    found = []
    matcher._string_hits(dex, lambda sid, ev: found.append((sid, ev)))
    assert found == [("bugly", Evidence("string", "https://Android.Bugly.QQ.com/rqd/async"))]
    signals = len(matcher.string_prefixes) + len(matcher.hosts) + 4
    assert len(dex._strings) <= signals * (math.log2(len(dex.string_ids)) + 2) + 60, len(dex._strings)


def test_url_candidates_agree_with_decoding_every_url():
    matcher = default_matcher()
    rng = random.Random(8)
    hosts = ["android.bugly.qq.com", "bugly.qq.com", "BUGLY.qq.com", "qq.com", "xbugly.qq.com", "bugly.qq.com.",
             "caf\u00e9.bugly.qq.com", "bugly.qq.\u212aom", "localhost", "a.bugly.qq.com.cn"]
    strings = {rng.choice(["http://", "https://", "ws://", "wss://"]) + rng.choice(hosts)
               + rng.choice(["", "/", ":443/p", "?q", "/a:b"]) for _ in range(400)}
    dex = strings_only_dex(strings | {"http", "https:/", "zzz"})
    for scheme in ("http://", "https://", "ws://", "wss://"):
        every = dex.strings_with_prefix(scheme, 20000)
        expect = []
        for si in every:
            host = dex.string(si)[len(scheme):].split("/", 1)[0].split(":", 1)[0].lower()
            labels = host.split(".")
            if any(".".join(labels[i:]) in matcher.hosts for i in range(len(labels) - 1)):
                expect.append(si)
        got = matcher._url_candidates(dex, scheme)
        assert set(expect) <= set(got) <= set(every)
        assert expect and len(got) < len(every)

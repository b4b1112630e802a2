"""SDK matcher speed on a synthetic app: N classes (default 300,000) spread over
app packages, obfuscated packages and a dozen real SDK prefixes, plus a DEX string
table of S strings (default 600,000: identifiers, 20,000 URLs, a few SDK hosts and
version constants). Prints the time of one whole SDK stage (package, manifest, native
library, string and version signals; database load and index build reported
separately). The CPU time is the figure to read on a loaded machine.

Run: .venv/bin/python bench/sdk_match.py [N] [S]
"""

from __future__ import annotations

import random
import sys
import time

from auditor.sdk.database import load_database
from auditor.apk.dex import strings_only_dex
from auditor.sdk.matcher import Matcher, example_facts


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    n_strings = int(sys.argv[2]) if len(sys.argv) > 2 else 600_000
    rng = random.Random(7)
    roots = ["com.example.app.ui", "com.example.app.data", "a.a", "a.b", "b", "okhttp3.internal", "androidx.core",
             "cn.jpush.android.api", "com.igexin.sdk", "com.amap.api.location", "com.tencent.bugly.crashreport",
             "com.bytedance.sdk.openadsdk.core", "com.google.firebase.analytics", "com.umeng.analytics"]
    classes = [f"{rng.choice(roots)}.p{rng.randrange(400)}.C{i}" for i in range(n)]
    t0 = time.perf_counter()
    db = load_database()
    t1 = time.perf_counter()
    matcher = Matcher(db)
    t2 = time.perf_counter()
    facts = example_facts({"package": "com.example.app", "classes": classes,
                           "native_libs": ["libjcore350.so", "libAMapSDK_Location_v6_4_0.so"]})
    alphabet = "abcdefghijklmnopqrstuvwxyz_"
    strings = {"".join(rng.choice(alphabet) for _ in range(rng.randrange(4, 30))) for _ in range(n_strings - 20_000)}
    strings |= {f"https://api{i % 97}.example{i}.com/v{i % 5}/x" for i in range(20_000)}
    strings |= {"https://android.bugly.qq.com/rqd/async", "3.3.12.0"}
    dex = strings_only_dex(strings)
    times, cpu, found, configured = [], [], [], []
    for _ in range(3):
        t3, c3 = time.perf_counter(), time.process_time()
        found, configured = matcher.match_all(facts, [dex])
        times.append(time.perf_counter() - t3)
        cpu.append(time.process_time() - c3)
    t3 = time.perf_counter()
    matcher.match(facts)
    no_strings = time.perf_counter() - t3
    print(f"database load ({len(db)} SDKs): {(t1 - t0) * 1000:.0f} ms; index build {(t2 - t1) * 1000:.0f} ms")
    print(f"whole SDK stage over {n:,} classes and {len(dex.string_ids):,} DEX strings ({len(dex.data) / 1e6:.1f} MB): "
          f"{min(times) * 1000:.0f} ms (best of 3; {min(cpu) * 1000:.0f} ms CPU; {no_strings * 1000:.0f} ms without the "
          f"string table) -> "
          f"{len(found)} SDKs: {', '.join(h.id + (f' {h.version}' if h.version else '') for h in found)}")


if __name__ == "__main__":
    main()

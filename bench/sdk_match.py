"""SDK matcher speed on a synthetic app: N classes (default 300,000) spread over
app packages, obfuscated packages and a dozen real SDK prefixes. Prints the time of
one match (database load and index build reported separately).

Run: .venv/bin/python bench/sdk_match.py [N]
"""

from __future__ import annotations

import random
import sys
import time

from auditor.sdk.database import load_database
from auditor.sdk.matcher import Matcher, example_facts


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
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
    facts = example_facts({"package": "com.example.app", "classes": classes})
    t3 = time.perf_counter()
    found = matcher.match(facts)
    t4 = time.perf_counter()
    print(f"database load ({len(db)} SDKs): {(t1 - t0) * 1000:.0f} ms; index build {(t2 - t1) * 1000:.0f} ms")
    print(f"match over {n:,} classes: {(t4 - t3) * 1000:.0f} ms -> {len(found)} SDKs: {', '.join(h.id for h in found)}")


if __name__ == "__main__":
    main()

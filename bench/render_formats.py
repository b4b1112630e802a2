"""What does each report format cost once the audit is done? Audits samples/chat.apk
against its policy once (the views are computed there), then renders every scan format
N times (default 20) and prints the median time and the output size of each, plus the
time the audit took including its shared views.

Run: .venv/bin/python bench/render_formats.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from auditor.audit import audit
    from auditor.policy import read_policy
    from auditor.report import Format, render_audit
    from auditor.rules.context import AuditContext
    from auditor.scan import scan_bytes
    from auditor.views import build_views

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    samples = ROOT / "samples"
    scan = scan_bytes((samples / "chat.apk").read_bytes(), "chat.apk")
    policy = read_policy((samples / "policies" / "chat_policy.md").read_bytes(), "chat_policy.md")
    t0 = time.perf_counter()
    result = audit(scan, policy)
    first = time.perf_counter() - t0
    views = []
    for _ in range(n):
        t0 = time.perf_counter()
        build_views(AuditContext(scan, policy))
        views.append(time.perf_counter() - t0)
    print(f"audit (rules, checklist, views), first run: {first * 1000:.1f} ms; "
          f"views alone, median of {n}: {statistics.median(views) * 1000:.2f} ms")
    for fmt in Format:
        render_audit(result, fmt)  # warm: lazy imports, cached catalogues
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            text = render_audit(result, fmt)
            times.append(time.perf_counter() - t0)
        print(f"{fmt.value:>14}: median {statistics.median(times) * 1000:7.2f} ms, "
              f"{len(text.encode('utf-8')):>7} bytes")


if __name__ == "__main__":
    main()

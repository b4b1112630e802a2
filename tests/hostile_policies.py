"""Generators of hostile policy documents (seeded, deterministic), shared by
tests/test_policy_hostile.py (small slices) and bench/policy_hostile.py (full size)."""

from __future__ import annotations

import random


def many_headings(n: int) -> tuple[bytes, str]:
    return "".join(f"# Section {i}\nWe collect your location for feature {i}.\n" for i in range(n)).encode(), "h.md"


def many_rows(n: int) -> tuple[bytes, str]:
    rows = ["| SDK名称 | 使用目的 | 收集个人信息类型 |", "|---|---|---|"]
    rows += [f"| 极光推送SDK {i} | 推送消息 | 设备标识符、位置信息 |" for i in range(n)]
    return "\n".join(rows).encode(), "t.md"


def many_html_rows(n: int) -> tuple[bytes, str]:
    body = "".join(f"<tr><td>相机权限</td><td>扫码 {i}</td><td>是</td></tr>" for i in range(n))
    return ("<html><body><table><tr><th>权限名称</th><th>使用目的</th><th>是否可关闭</th></tr>" + body
            + "</table></body></html>").encode(), "t.html"


def unpunctuated_chinese(size: int, seed: int = 5) -> tuple[bytes, str]:
    """`size` bytes of Chinese without punctuation, drawn from policy vocabulary (dense in
    lexicon terms, the worst case for the matchers)."""
    rnd = random.Random(seed)
    chars = "我们会收集您的位置信息设备标识符相机麦克风通讯录短信日历存储空间用于提供服务第三方权限"
    return "".join(rnd.choice(chars) for _ in range(size // 3)).encode(), "zh.txt"


def unpunctuated_traditional(size: int, seed: int = 5) -> tuple[bytes, str]:
    """The same in Traditional characters and Taiwan words (資訊, 裝置, 簡訊, 許可權: dense in the
    words the reader converts to mainland ones before reading, auditor/policy/hant.py)."""
    rnd = random.Random(seed)
    chars = "我們會蒐集您的位置資訊裝置識別碼相機麥克風通訊錄簡訊行事曆儲存空間用於提供服務第三方許可權"
    return "".join(rnd.choice(chars) for _ in range(size // 3)).encode(), "zh-tw.txt"


def deep_nesting(depth: int) -> tuple[bytes, str]:
    return ("<html><body>" + "<div>" * depth + "<p>我们会收集您的位置信息。</p>" + "</div>" * depth
            + "<p>We collect your device ID.</p></body></html>").encode(), "deep.html"


CASES = {
    "headings": (many_headings, 100_000),
    "markdown table rows": (many_rows, 100_000),
    "HTML table rows": (many_html_rows, 100_000),
    "unpunctuated Chinese (bytes)": (unpunctuated_chinese, 5_000_000),
    "unpunctuated Traditional (bytes)": (unpunctuated_traditional, 5_000_000),
    "nesting depth": (deep_nesting, 100_000),
}

"""The start-up (collection before consent) section of the terminal scan report."""

from __future__ import annotations


def _short(smali: str) -> str:
    cls, _, rest = smali.partition("->")
    if not rest:
        return smali
    return f"{cls[1:-1].rsplit('/', 1)[-1]}.{rest.split('(')[0]}"


def startup_lines(st, wrap) -> list[str]:
    """Lines for the table report; `wrap(text, indent)` is the report's wrapper."""
    if st is None:
        return []
    kinds: dict[str, int] = {}
    for e in st.entry_points:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    out = [wrap("entry points: " + (", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items())) or "none"), "    ")]
    for i in st.sdk_inits:
        if i.timing == "unreached":
            continue
        via = " -> ".join(_short(p) for p in i.path) if i.kind == "call" else i.path[0]
        out.append(wrap(f"  {i.timing:12s} {i.sdk}: {_short(i.api) if i.kind == 'call' else 'auto-init provider'}"
                        f"  ({via})", "                 "))
    pre: dict[str, set[str]] = {}
    for s in st.sensitive_calls:
        if s.timing in ("pre_consent", "gated"):
            pre.setdefault(s.timing, set()).add(f"{s.category} ({'app code' if s.party == 'app' else s.accessor})")
    for timing, cats in sorted(pre.items()):
        out.append(wrap(f"  data read {timing}: {', '.join(sorted(cats))}", "    "))
    for w in st.sdk_switches:
        state = f"{w.value}" if w.value is not None else "not set"
        out.append(wrap(f"  switch {w.name} = {state} ({'keeps ' + w.sdk + ' off' if w.opted_out else w.sdk + ' starts'})",
                        "    "))
    if st.truncated:
        out.append("  (the walk reached its method bound: some start-up code was not followed)")
    return out

"""Fill the gitignored caches of real app privacy policies from GitHub (bench/.cache/policies/KIND/).

Two kinds: `en` (English, tests/policy_realworld/en/sources.toml -> bench/.cache/policies/en/)
and `zh` (Chinese, tests/policy_realworld/zh/sources.toml -> bench/.cache/policies/zh/); both by
default, one with --kind. Each policy in KIND/sources.toml is a file of a public GitHub repository
at a fixed commit. The texts are third-party and never committed; this script copies them
from local repository snapshots (`git show COMMIT:PATH` in MIRROR/owner+name/repo, by default
/work/.mirror, the layout the project's fetch tool produces) and checks their sha256.

    python tools/fetch_realworld_policies.py [--kind en|zh] [--mirror DIR] [--cache DIR]
    python tools/fetch_realworld_policies.py --missing [--kind en|zh] [--split SPLIT]

--missing copies nothing: it prints, one per line, the repositories (owner/name) whose snapshot is
not under MIRROR although a policy of theirs is not cached yet - what to fetch on a new machine,
held-out splits first (`--split` keeps one split; the fetch tool finds at most 500 repositories a
session, fewer than the sources name).

(--cache DIR replaces the cache directory of the one kind given with --kind; without --kind it
is the `en` cache, as before the `zh` kind existed, and only `en` is filled.)

Exit 0 when every policy is cached and verified, 1 when some were missing or changed (each
named on stderr), 3 on a usage problem.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("en", "zh")


def sources_file(kind: str) -> Path:
    return ROOT / "tests" / "policy_realworld" / kind / "sources.toml"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", choices=KINDS, help="one kind only (default: every kind)")
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--cache", type=Path, help="cache directory of the one kind filled "
                    "(default bench/.cache/policies/KIND)")
    ap.add_argument("--missing", action="store_true", help="print the repositories to fetch, copy nothing")
    ap.add_argument("--split", help="with --missing: only policies of this split (tune, heldout, heldout2, heldout3)")
    args = ap.parse_args(argv[1:])
    kinds = (args.kind,) if args.kind else ("en",) if args.cache else KINDS
    for kind in kinds:
        if not sources_file(kind).is_file():
            print(f"error: {sources_file(kind)} not found", file=sys.stderr)
            return 3
    if args.missing:
        for repo in missing_repos(kinds, args.mirror, args.split):
            print(repo)
        return 0
    status = 0
    for kind in kinds:
        cache = args.cache or ROOT / "bench" / ".cache" / "policies" / kind
        status = max(status, fetch_kind(kind, args.mirror, cache))
    return status


_SPLIT_ORDER = {"heldout3": 0, "heldout2": 1, "heldout": 2, "tune": 3}


def missing_repos(kinds, mirror: Path, split: str | None = None, cache_root: Path | None = None) -> list[str]:
    """Repositories with an uncached policy and no snapshot under `mirror`, held-out splits first
    (then by name); `split` keeps the policies of one split only."""
    sys.path.insert(0, str(ROOT / "tools"))
    from realworld_splits import en_plan, zh_plan

    cache_root = cache_root or ROOT / "bench" / ".cache" / "policies"
    best: dict[str, int] = {}
    for kind in kinds:
        sources = tomllib.loads(sources_file(kind).read_text(encoding="utf-8")).get("policy", {})
        for _, name, sp in (en_plan if kind == "en" else zh_plan)(sources):
            if split and sp != split:
                continue
            src = sources[name]
            dest = cache_root / kind / name
            if dest.is_file() and hashlib.sha256(dest.read_bytes()).hexdigest() == src["sha256"]:
                continue
            if (mirror / src["repo"].replace("/", "+") / "repo").is_dir():
                continue
            best[src["repo"]] = min(best.get(src["repo"], 9), _SPLIT_ORDER.get(sp, 9))
    return sorted(best, key=lambda r: (best[r], r.lower()))


def fetch_kind(kind: str, mirror: Path, cache: Path) -> int:
    """Copy and verify every policy of KIND/sources.toml into `cache`: 0 all there, 1 some not."""
    sources = tomllib.loads(sources_file(kind).read_text(encoding="utf-8")).get("policy", {})
    cache.mkdir(parents=True, exist_ok=True)
    bad = 0
    for key, src in sorted(sources.items()):
        dest = cache / key
        if dest.is_file() and hashlib.sha256(dest.read_bytes()).hexdigest() == src["sha256"]:
            continue
        gitdir = mirror / src["repo"].replace("/", "+") / "repo"
        if (gitdir / ".git").is_dir():  # some snapshots arrive as a non-bare repo/.git
            gitdir = gitdir / ".git"
        try:
            data = subprocess.run(
                ["git", "--git-dir", str(gitdir), "show", f"{src['commit']}:{src['path']}"],
                capture_output=True, check=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            print(f"{key}: not available from {gitdir} ({type(exc).__name__})", file=sys.stderr)
            bad += 1
            continue
        if hashlib.sha256(data).hexdigest() != src["sha256"]:
            print(f"{key}: sha256 differs from sources.toml, not cached", file=sys.stderr)
            bad += 1
            continue
        dest.write_bytes(data)
    print(f"{len(sources) - bad}/{len(sources)} policies cached in {cache}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

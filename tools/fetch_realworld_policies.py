"""Fill the gitignored caches of real app privacy policies from GitHub (bench/.cache/policies/KIND/).

Two kinds: `en` (English, tests/policy_realworld/en/sources.toml -> bench/.cache/policies/en/)
and `zh` (Chinese, tests/policy_realworld/zh/sources.toml -> bench/.cache/policies/zh/); both by
default, one with --kind. Each policy in KIND/sources.toml is a file of a public GitHub repository
at a fixed commit. The texts are third-party and never committed; this script copies them
from local repository snapshots (`git show COMMIT:PATH` in MIRROR/owner+name/repo, by default
/work/.mirror, the layout the project's fetch tool produces) and checks their sha256.

    python tools/fetch_realworld_policies.py [--kind en|zh] [--mirror DIR] [--cache DIR]

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
    args = ap.parse_args(argv[1:])
    kinds = (args.kind,) if args.kind else ("en",) if args.cache else KINDS
    for kind in kinds:
        if not sources_file(kind).is_file():
            print(f"error: {sources_file(kind)} not found", file=sys.stderr)
            return 3
    status = 0
    for kind in kinds:
        cache = args.cache or ROOT / "bench" / ".cache" / "policies" / kind
        status = max(status, fetch_kind(kind, args.mirror, cache))
    return status


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

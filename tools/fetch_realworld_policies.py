"""Fill the gitignored cache of real English app privacy policies (bench/.cache/policies/en/).

Each policy in tests/policy_realworld/en/sources.toml is a file of a public GitHub repository
at a fixed commit. The texts are third-party and never committed; this script copies them
from local repository snapshots (`git show COMMIT:PATH` in MIRROR/owner+name/repo, by default
/work/.mirror, the layout the project's fetch tool produces) and checks their sha256.

    python tools/fetch_realworld_policies.py [--mirror DIR] [--cache DIR]

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
SOURCES = ROOT / "tests" / "policy_realworld" / "en" / "sources.toml"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--cache", type=Path, default=ROOT / "bench" / ".cache" / "policies" / "en")
    args = ap.parse_args(argv[1:])
    if not SOURCES.is_file():
        print(f"error: {SOURCES} not found", file=sys.stderr)
        return 3
    sources = tomllib.loads(SOURCES.read_text(encoding="utf-8"))["policy"]
    args.cache.mkdir(parents=True, exist_ok=True)
    bad = 0
    for key, src in sorted(sources.items()):
        dest = args.cache / key
        if dest.is_file() and hashlib.sha256(dest.read_bytes()).hexdigest() == src["sha256"]:
            continue
        gitdir = args.mirror / src["repo"].replace("/", "+") / "repo"
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
    print(f"{len(sources) - bad}/{len(sources)} policies cached in {args.cache}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Bring the vendor SDK binaries that bench/vendor_manifest.toml lists into one directory
(/work/vendor-jars by default, shared with other benchmarks; never inside the repository)
and check each file's sha256. Files already there with the right hash are kept.

- npm:<package>@<version>:<path>: `npm pack <package>@<version>` into a cache directory,
  then the file at <path> inside the tarball;
- github:<owner>/<repo>@<commit>:<path>: `git show <commit>:<path>` from a clone of the
  repository: an existing bare mirror under --mirrors (owner+repo/repo), else a blobless
  clone into the cache directory.

    .venv/bin/python bench/vendor_fetch.py [--dir /work/vendor-jars] [--cache bench/.cache/vendor-src]

Prints one line per file and exits 1 if any file could not be fetched or has another hash.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _npm(spec: str, cache: Path) -> bytes:
    pkg_ver, member = spec.split(":", 1)
    pkg, ver = pkg_ver.rsplit("@", 1)
    tgz = cache / f"{pkg.lstrip('@').replace('/', '-')}-{ver}.tgz"
    if not tgz.is_file():
        subprocess.run(["npm", "pack", f"{pkg}@{ver}", "--silent"], cwd=cache, check=True, capture_output=True)
    with tarfile.open(tgz) as tf:
        for m in tf.getmembers():
            if m.isfile() and m.name.split("/", 1)[-1] == member:
                return tf.extractfile(m).read()
    raise FileNotFoundError(f"{member} not in {tgz.name}")


def _github(spec: str, cache: Path, mirrors: Path) -> bytes:
    repo_commit, path = spec.split(":", 1)
    repo, commit = repo_commit.split("@", 1)
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    if not git_dir.is_dir():
        git_dir = cache / (repo.replace("/", "+") + ".git")
        if not git_dir.is_dir():
            subprocess.run(["git", "clone", "--bare", "--filter=blob:none", f"https://github.com/{repo}.git", str(git_dir)],
                           check=True, capture_output=True)
    return subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", type=Path, default=HERE / "vendor_manifest.toml")
    ap.add_argument("--dir", type=Path, default=Path("/work/vendor-jars"))
    ap.add_argument("--cache", type=Path, default=HERE / ".cache" / "vendor-src")
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    args = ap.parse_args()
    files = tomllib.loads(args.manifest.read_text())["files"]
    args.dir.mkdir(parents=True, exist_ok=True)
    args.cache.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name, entry in sorted(files.items()):
        target = args.dir / name
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == entry["sha256"]:
            print(f"have    {name}")
            continue
        kind, spec = entry["source"].split(":", 1)
        try:
            data = _npm(spec, args.cache) if kind == "npm" else _github(spec, args.cache, args.mirrors)
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"FAILED  {name}: {entry['source']}: {e}")
            bad += 1
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry["sha256"]:
            print(f"HASH    {name}: {entry['source']} gives {digest}")
            bad += 1
            continue
        if target.exists():  # someone else's file of that name with other content: keep theirs
            print(f"CLASH   {name}: a different file of that name is already in {args.dir}")
            bad += 1
            continue
        target.write_bytes(data)
        print(f"fetched {name} ({len(data)} bytes)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""Load and validate sdk_signatures/: one TOML file per SDK.

The database version (VERSION) and a content hash over every file go into every
report, so a finding can be traced to the exact data that produced it.

Parsing 300+ TOML files costs about half a second, more than the rest of a scan of a
small app, so the packaged database is also kept compiled (auditor.compiled): one JSON
document (data only, never pickle) in the user's cache directory, named by the content
hash of the TOML files. Every load still reads and hashes the TOML files (a few milliseconds): a
changed, added or removed file changes the hash, so a stale compiled copy is never
used. A cache that cannot be read, written or trusted (another owner, wrong hash,
wrong shape) is ignored and the TOML files are parsed, so a read-only home or
site-packages only costs time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from auditor.compiled import cache_file, read_doc, write_doc
from auditor.errors import UsageError
from auditor.knowledge import categories, load_toml_text, permission_base

SIGNAL_KINDS = ("packages", "components", "component_suffixes", "meta_data", "native_libs", "assets", "actions",
                "strings", "uses_permissions")
# Vendor roots too broad to own: they would claim unrelated code (React Native under
# com.facebook, every Play services client under com.google.android.gms, ...).
FORBIDDEN_PREFIXES = {
    "android", "androidx", "java", "javax", "kotlin", "kotlinx", "dalvik", "org", "com", "cn", "io", "net",
    "com.google", "com.google.android", "com.google.android.gms", "com.google.firebase", "com.facebook",
    "com.tencent", "com.baidu", "com.alibaba", "com.alipay", "com.huawei", "com.huawei.hms", "com.xiaomi",
    "com.amap", "com.amap.api", "com.umeng", "com.bytedance", "com.netease", "com.sina", "com.taobao",
    "com.android", "org.apache", "com.squareup", "okhttp3", "com.meizu", "com.vivo", "com.heytap",
    "com.tencent.mm", "com.iflytek", "com.mob", "cn.jiguang", "com.hihonor",
}


def expand_permission(name: str) -> str:
    return name if "." in name else f"android.permission.{name}"


@dataclass(frozen=True)
class Signature:
    id: str
    name: str
    vendor_en: str
    vendor_zh: str | None
    category: str
    market: str
    website: str
    privacy_policy: str | None
    permissions: tuple[str, ...]
    data: tuple[str, ...]
    aliases: tuple[str, ...]
    signals: dict[str, tuple[str, ...]]
    bundles: dict[str, tuple[str, ...]]
    examples: dict[str, tuple[dict[str, Any], ...]]
    notes: str | None = None
    short_prefix_reason: str | None = None
    vendor_packages: tuple[str, ...] = ()
    versions: tuple[dict[str, str], ...] = ()
    version_notes: tuple[dict[str, Any], ...] = ()
    sources: tuple[str, ...] = ()
    verified: str | None = None


@dataclass(frozen=True)
class SignatureDB:
    version: str
    sha256: str
    entries: dict[str, Signature] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)


def _default_dir() -> Path:
    return Path(str(resources.files("sdk_signatures")))


def _build(raw: dict[str, Any]) -> Signature:
    sig = raw.get("signals", {})
    return Signature(
        id=raw["id"], name=raw["name"], vendor_en=raw["vendor"]["en"], vendor_zh=raw["vendor"].get("zh"),
        category=raw["category"], market=raw["market"], website=raw["website"],
        privacy_policy=raw.get("privacy_policy"),
        permissions=tuple(expand_permission(p) for p in raw.get("permissions", ())),
        data=tuple(raw.get("data", ())), aliases=tuple(raw["aliases"]),
        signals={k: tuple(sig.get(k, ())) for k in SIGNAL_KINDS},
        bundles={k: tuple(v) for k, v in raw.get("bundles", {}).items()},
        examples={k: tuple(v) for k, v in raw.get("examples", {}).items()},
        notes=raw.get("notes"), short_prefix_reason=raw.get("short_prefix_reason"),
        vendor_packages=tuple(raw.get("vendor_packages", ())),
        versions=tuple(raw.get("versions", ())), version_notes=tuple(raw.get("version_notes", ())),
        sources=tuple(raw.get("sources", ())), verified=raw.get("verified"),
    )


def _read_folder(folder: Path) -> tuple[str, str, dict[str, bytes]]:
    """(version, content hash, {stem: TOML bytes}) of a signature folder."""
    files = sorted(folder.glob("*.toml"))
    digest = hashlib.sha256()
    texts: dict[str, bytes] = {}
    for f in files:
        data = f.read_bytes()
        digest.update(f.name.encode() + b"\0" + data + b"\0")
        texts[f.stem] = data
    version_file = folder / "VERSION"
    version = version_file.read_text().strip() if version_file.exists() else "unversioned"
    return version, digest.hexdigest(), texts


def _parse_all(folder: Path, texts: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    raw: dict[str, dict[str, Any]] = {}
    for stem, data in texts.items():
        try:
            raw[stem] = load_toml_text(data.decode("utf-8"))
        except Exception as exc:  # tomllib.TOMLDecodeError, UnicodeDecodeError
            raise UsageError(f"{stem}.toml: invalid TOML ({exc})") from None
    return raw


def load_raw(folder: Path) -> tuple[str, str, dict[str, dict[str, Any]]]:
    version, sha, texts = _read_folder(folder)
    return version, sha, _parse_all(folder, texts)


def _read_compiled(path: Path, sha: str, stems: set[str]) -> dict[str, dict[str, Any]] | None:
    """The entries of a compiled database, or None when it is absent, not to be trusted or not
    made from these files."""
    doc = read_doc(path, sha)
    entries = doc.get("entries") if doc is not None else None
    if not isinstance(entries, dict) or set(entries) != stems or not all(isinstance(v, dict) for v in entries.values()):
        return None
    return entries


def load_compiled(folder: Path) -> tuple[SignatureDB, str]:
    """The database of `folder` (not validated) and where it came from: "cache" or "toml"."""
    version, sha, texts = _read_folder(folder)
    path = cache_file("sdk-signatures", sha)
    raw = _read_compiled(path, sha, set(texts)) if path is not None else None
    if raw is not None:
        try:
            return SignatureDB(version, sha, {k: _build(v) for k, v in raw.items()}), "cache"
        except (KeyError, TypeError, AttributeError, ValueError):  # a well-formed file of the wrong shape
            pass
    raw = _parse_all(folder, texts)
    db = SignatureDB(version, sha, {k: _build(v) for k, v in raw.items()})
    if path is not None:
        write_doc(path, sha, {"entries": raw})
    return db, "toml"


def load_database(folder: Path | None = None) -> SignatureDB:
    if folder is None:
        return _default_database()
    version, sha, raw = load_raw(folder)
    problems = validate_raw(raw)
    if problems:
        raise UsageError(f"signature database {folder} is invalid: {problems[0]} ({len(problems)} problem(s))")
    return SignatureDB(version, sha, {k: _build(v) for k, v in raw.items()})


@lru_cache(maxsize=1)
def _default_database() -> SignatureDB:
    return load_compiled(_default_dir())[0]


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return json.loads((_default_dir() / "schema.json").read_text())


def validate_raw(raw: dict[str, dict[str, Any]]) -> list[str]:
    """Every problem in the database, as `file: message` lines (empty list: valid)."""
    import jsonschema

    problems: list[str] = []
    validator = jsonschema.Draft202012Validator(_schema())
    cats = set(categories())
    perms = permission_base()
    owners: dict[tuple[str, str], str] = {}
    for stem, entry in sorted(raw.items()):
        errors = sorted(validator.iter_errors(entry), key=lambda e: list(e.path))
        for e in errors:
            where = "/".join(str(p) for p in e.path) or "(top)"
            problems.append(f"{stem}.toml: {where}: {e.message}")
        if errors:
            continue
        if entry["id"] != stem:
            problems.append(f"{stem}.toml: id {entry['id']!r} differs from the file name")
        for v in entry.get("versions", ()):
            problems.extend(f"{stem}.toml: {p}" for p in _version_problems(v))
        for c in entry.get("data", ()) + [c for n in entry.get("version_notes", ()) for c in n.get("data", ())]:
            if c not in cats:
                problems.append(f"{stem}.toml: unknown data category {c!r}")
        for p in entry.get("permissions", ()):
            if not perms.lookup(expand_permission(p)).known:
                problems.append(f"{stem}.toml: permission {p!r} is not in the knowledge base")
        sig = entry["signals"]
        if not any(sig.get(k) for k in SIGNAL_KINDS):
            problems.append(f"{stem}.toml: no signals")
        for prefix in sig.get("packages", ()):
            if prefix in FORBIDDEN_PREFIXES:
                problems.append(f"{stem}.toml: package prefix {prefix!r} is a vendor root that would claim unrelated code")
            if prefix.count(".") < 1 and not entry.get("short_prefix_reason"):
                problems.append(f"{stem}.toml: package prefix {prefix!r} has one segment (add short_prefix_reason)")
        # aliases and package prefixes are owned by one SDK; a component, meta-data key or library
        # several SDKs list is a shared signal (it strengthens a detection but never makes one alone)
        owned = [("alias", a.casefold()) for a in entry["aliases"]]
        owned += [("package", p) for p in sig.get("packages", ())]
        for key in owned:
            other = owners.setdefault(key, stem)
            if other != stem:
                problems.append(f"{stem}.toml: {key[0]} {key[1]!r} is also claimed by {other}.toml")
    for stem, entry in raw.items():
        for target in entry.get("bundles", {}):
            if target not in raw:
                problems.append(f"{stem}.toml: bundles unknown SDK {target!r}")
    return problems


def _version_problems(v: dict[str, str]) -> list[str]:
    import re

    from auditor.sdk.versions import literal_prefix

    try:
        rx = re.compile(v["pattern"])
    except re.error as exc:
        return [f"version pattern {v['pattern']!r} is not a regular expression ({exc})"]
    out = []
    if not rx.groups:
        out.append(f"version pattern {v['pattern']!r} has no group")
    if v["source"] == "string" and len(literal_prefix(v["pattern"])) < 4:
        out.append(f"version pattern {v['pattern']!r} needs a literal prefix of 4+ characters to search for")
    if v["source"] == "class_string" and "." not in v.get("class", ""):
        out.append("version source 'class_string' needs class = \"pkg.Class\"")
    if v["source"] == "field" and "." not in v.get("field", ""):
        out.append("version source 'field' needs field = \"pkg.Class.FIELD\"")
    return out


def validate_folder(folder: Path | None = None) -> tuple[int, list[str]]:
    folder = folder or _default_dir()
    _version, _sha, raw = load_raw(folder)
    problems = validate_raw(raw)
    if not problems:
        problems = check_examples(SignatureDB("check", "", {k: _build(v) for k, v in raw.items()}))
    return len(raw), problems


def check_examples(db: SignatureDB) -> list[str]:
    """Every `match` example must detect its own SDK and no other; every `no_match` must not detect it."""
    from auditor.sdk.matcher import Matcher, example_dexes, example_facts

    matcher = Matcher(db)
    problems: list[str] = []
    for sid, sig in sorted(db.entries.items()):
        for i, ex in enumerate(sig.examples.get("match", ())):
            found = {h.id for h in matcher.match(example_facts(ex), example_dexes(ex))}
            if found != {sid}:
                problems.append(f"{sid}.toml: match example {i + 1} detects {sorted(found) or 'nothing'}, expected only {sid}")
        for i, ex in enumerate(sig.examples.get("no_match", ())):
            found = {h.id for h in matcher.match(example_facts(ex), example_dexes(ex))}
            if sid in found:
                problems.append(f"{sid}.toml: no_match example {i + 1} detects {sid}")
    return problems

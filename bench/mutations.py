"""Hostile and evasive variants of the project's own sample APKs (a seeded generator).

`write_zip` writes a zip byte by byte so that every header field can lie; the
`TAMPER` techniques are the ones malware uses against analysis tools (Android installs
the result), `REFUSED` the ones Android's zip reader refuses, `campaign(seed, n)`
yields random mixtures of them plus truncations, bombs, padded DEX files, deep
manifests and byte flips. Used by bench/campaign.py and by tests/test_hostile_inputs.py.
Nothing here is third-party: every input derives from samples/*.apk.
"""

from __future__ import annotations

import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@dataclass
class ZEntry:
    name: str
    data: bytes
    method: int = 8  # what is actually written: 0 stored, 8 deflate
    flags: int = 0
    cd: dict = field(default_factory=dict)  # central-directory field overrides
    lfh: dict = field(default_factory=dict)  # local-header field overrides
    gap_before: bytes = b""
    raw_name: bytes | None = None


def write_zip(entries: list[ZEntry], *, trailing: bytes = b"", eocd: dict | None = None) -> bytes:
    out = bytearray()
    cds = []
    for e in entries:
        out += e.gap_before
        if e.method == 8:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = c.compress(e.data) + c.flush()
        else:
            body = e.data
        name = e.raw_name if e.raw_name is not None else e.name.encode()
        f = {"method": e.method, "flags": e.flags, "crc": zlib.crc32(e.data), "csize": len(body),
             "usize": len(e.data)}
        lf = {**f, **e.lfh}
        cf = {**f, **e.cd}
        off = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, lf["flags"], lf["method"], 0, 0x21,
                           lf["crc"], lf["csize"], lf["usize"], len(name), 0) + name + body
        cds.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, cf["flags"], cf["method"], 0, 0x21,
                               cf["crc"], cf["csize"], cf["usize"], len(name), 0, 0, 0, 0, 0, off) + name)
    cd_off = len(out)
    for c in cds:
        out += c
    eo = {"disk": 0, "cd_disk": 0, "on_disk": len(cds), "total": len(cds), "cd_size": len(out) - cd_off,
          "cd_off": cd_off, "comment_len": 0, **(eocd or {})}
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", eo["disk"], eo["cd_disk"], eo["on_disk"], eo["total"],
                       eo["cd_size"], eo["cd_off"], eo["comment_len"])
    return bytes(out + trailing)


def sample_entries(apk: str = "chat.apk") -> list[ZEntry]:
    with zipfile.ZipFile(SAMPLES / apk) as zf:
        return [ZEntry(i.filename, zf.read(i), 8 if i.compress_type == 8 else 0) for i in zf.infolist()]


def _with(entries: list[ZEntry], name: str, **changes) -> list[ZEntry]:
    out = []
    for e in entries:
        if e.name == name:
            e = ZEntry(**{**e.__dict__, **changes})
        out.append(e)
    return out


# Android installs these (its zip reader ignores the field); expected: audited + AUD701 naming entry and field.
TAMPER = {
    "manifest-bad-method-stored": (lambda es: write_zip(_with(es, "AndroidManifest.xml", method=0,
                                                              cd={"method": 0x1337}, lfh={"method": 0x1337})),
                                   "AndroidManifest.xml", "compression method"),
    "dex-bad-method-deflated": (lambda es: write_zip(_with(es, "classes.dex", method=8,
                                                           cd={"method": 99}, lfh={"method": 99})),
                                "classes.dex", "compression method"),
    "manifest-cd-compressed-size-0": (lambda es: write_zip(_with(es, "AndroidManifest.xml", method=8,
                                                                 cd={"csize": 0}, lfh={"csize": 0})),
                                      "AndroidManifest.xml", "compressed size"),
    "dex-fake-encryption-flag": (lambda es: write_zip(_with(es, "classes.dex", flags=1)),
                                 "classes.dex", "general purpose flags"),
    "manifest-local-header-lies": (lambda es: write_zip(_with(es, "AndroidManifest.xml", method=8,
                                                              lfh={"method": 0, "csize": 0, "usize": 0})),
                                   "AndroidManifest.xml", "compression method"),
    "manifest-wrong-uncompressed-size": (lambda es: write_zip(_with(es, "AndroidManifest.xml", method=8,
                                                                    cd={"usize": 7}, lfh={"usize": 7})),
                                         "AndroidManifest.xml", "uncompressed size"),
    "data-between-entries": (lambda es: write_zip(_with(es, "classes.dex", gap_before=b"\xde\xad" * 4096)),
                             "*", "local header offset"),
    "trailing-junk": (lambda es: write_zip(es, trailing=b"JUNK" * 100), "", "end of archive"),
}

# Android refuses these; expected: exit 3 with a one-line reason saying Android would refuse it.
REFUSED = {
    "duplicate-manifest": (lambda es: write_zip(es + [ZEntry("AndroidManifest.xml", _other_manifest(es))]),
                           "duplicate entry name"),
    "nul-in-name": (lambda es: write_zip(es + [ZEntry("x", b"hidden", raw_name=b"assets/a\x00.txt")]),
                    "NUL byte"),
    "eocd-entry-count-lies": (lambda es: write_zip(es, eocd={"on_disk": 3}), "end-of-central-directory"),
    "eocd-cd-offset-lies": (lambda es: write_zip(es, eocd={"cd_off": 10**6}), "end-of-central-directory"),
    "string-pool-count-0": (lambda es: write_zip(_with(es, "AndroidManifest.xml",
                                                       data=_pool_count(es, 0))), "string pool holds no strings"),
}


def _manifest(es: list[ZEntry]) -> bytes:
    return next(e.data for e in es if e.name == "AndroidManifest.xml")


def _other_manifest(es: list[ZEntry]) -> bytes:
    return _manifest(es).replace(b"c\x00h\x00a\x00t\x00", b"c\x00h\x00a\x00x\x00")


def _pool_count(es: list[ZEntry], count: int) -> bytes:
    d = bytearray(_manifest(es))
    struct.pack_into("<I", d, 16, count)
    return bytes(d)


def unused_bad_string(man: bytes) -> bytes:
    """The manifest with one more string-pool entry, used by nothing, whose offset points far
    outside the pool: the platform only checks offsets of strings it reads (so does aapt)."""
    m = bytearray(man)
    count, _styles, _flags, start = struct.unpack_from("<IIII", m, 16)
    csize = struct.unpack_from("<I", m, 12)[0]
    ins = 36 + 4 * count
    m[ins:ins] = struct.pack("<I", 0x7FFFFFF0)
    struct.pack_into("<I", m, 16, count + 1)
    struct.pack_into("<I", m, 28, start + 4)
    struct.pack_into("<I", m, 12, csize + 4)
    struct.pack_into("<I", m, 4, len(m))
    return bytes(m)


def virtual_entry(size: int) -> bytes:
    """What AGP's zipflinger writes into a hole: a local header, empty name, no data, an extra
    field spanning the rest."""
    return struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 0, 0, 0, 0, 0, 0, 0, 0, 0, size - 30) + b"\0" * (size - 30)


def damaged_dex(es: list[ZEntry], which: str = "classes.dex") -> bytes:
    """A DEX whose class table points outside the file: the manifest stays readable."""
    dex = bytearray(next(e.data for e in es if e.name == which))
    struct.pack_into("<I", dex, 0x64, 0x7FFFFF00)  # class_defs_off
    return write_zip(_with(es, which, data=bytes(dex)))


def padded_dex(es: list[ZEntry], pad: int, inside: bool = False, copies: int = 1) -> bytes:
    """classes.dex followed by `pad` zero bytes (after the DEX's own size, or inside it when
    `inside`: the header's file_size grows too), stored as `copies` DEX entries."""
    dex = bytearray(next(e.data for e in es if e.name == "classes.dex"))
    dex += b"\0" * pad
    if inside:
        struct.pack_into("<I", dex, 0x20, len(dex))
    blob = bytes(dex)
    rest = [e for e in es if e.name != "classes.dex"]
    dexes = [ZEntry("classes.dex" if i == 0 else f"classes{i + 1}.dex", blob) for i in range(copies)]
    return write_zip(rest + dexes)


def deep_manifest(manifest: bytes, depth: int) -> bytes:
    """The binary manifest with `depth` nested copies of its first <activity> (attributes
    dropped) inserted right after <application> opens."""
    size = struct.unpack_from("<I", manifest, 4)[0]
    pos = 8 + struct.unpack_from("<I", manifest, 12)[0]
    chunks = []
    while pos + 8 <= size:
        ctype, _h, csize = struct.unpack_from("<HHI", manifest, pos)
        chunks.append((ctype, pos, csize))
        pos += csize
    def name_of(off):
        return struct.unpack_from("<I", manifest, off + 20)[0]

    starts = [c for c in chunks if c[0] == 0x0102]
    strings = _pool_strings(manifest)
    app = next(c for c in starts if strings[name_of(c[1])] == "application")
    act = next(c for c in starts if strings[name_of(c[1])] == "activity")
    ns, nm = struct.unpack_from("<iI", manifest, act[1] + 16)
    open_el = struct.pack("<HHIIiiIHHHHHH", 0x0102, 16, 36, 1, -1, ns, nm, 20, 20, 0, 0, 0, 0)
    close_el = struct.pack("<HHIIiiI", 0x0103, 16, 24, 1, -1, ns, nm)
    cut = app[1] + app[2]
    body = manifest[:cut] + open_el * depth + close_el * depth + manifest[cut:size]
    out = bytearray(body)
    struct.pack_into("<I", out, 4, len(out))
    return bytes(out)


def _pool_strings(axml: bytes) -> list[str]:
    count, _styles, flags, start = struct.unpack_from("<IIII", axml, 16)
    utf8 = flags & 0x100
    out = []
    for i in range(count):
        off = 8 + start + struct.unpack_from("<I", axml, 36 + 4 * i)[0]
        if utf8:
            n = axml[off + 1] if not axml[off + 1] & 0x80 else 0  # short strings only (enough here)
            skip = 2 if not axml[off] & 0x80 else 3
            out.append(axml[off + skip: off + skip + n].decode("utf-8", "replace"))
        else:
            n = struct.unpack_from("<H", axml, off)[0]
            out.append(axml[off + 2: off + 2 + 2 * n].decode("utf-16-le", "replace"))
    return out


def bomb(es: list[ZEntry], size: int) -> bytes:
    return write_zip(es + [ZEntry("assets/bomb.bin", b"\0" * size)])


def split_bundle_of_big_dex(es: list[ZEntry], splits: int, dex_size: int) -> bytes:
    base = write_zip(es)
    big = bytearray(next(e.data for e in es if e.name == "classes.dex")) + b"\0" * dex_size
    struct.pack_into("<I", big, 0x20, len(big))
    parts = [ZEntry("base.apk", base, 0)]
    man = _manifest(es)
    for i in range(splits):
        parts.append(ZEntry(f"split_{i}.apk", write_zip([ZEntry("AndroidManifest.xml", man),
                                                         ZEntry("classes.dex", bytes(big))]), 0))
    return write_zip(parts)


def named_inputs(heavy: bool = True):
    """(label, factory) for every named technique; factories build the bytes on demand."""
    es = sample_entries("chat.apk")
    out = []
    for name, (make, *_rest) in TAMPER.items():
        out.append((f"tamper:{name}", lambda make=make: make(es)))
    for name, (make, _why) in REFUSED.items():
        out.append((f"refused:{name}", lambda make=make: make(es)))
    out += [
        ("damaged-dex", lambda: damaged_dex(es)),
        ("deep-manifest-100000", lambda: write_zip(_with(es, "AndroidManifest.xml",
                                                         data=deep_manifest(_manifest(es), 100_000)))),
        ("bomb-64MiB-asset", lambda: bomb(es, 64 << 20)),
        ("bomb-manifest-64MiB", lambda: write_zip(_with(es, "AndroidManifest.xml",
                                                        data=_manifest(es) + b"\0" * (64 << 20)))),
    ]
    if heavy:
        out += [
            ("bomb-dex-1GiB-size-says-12", lambda: write_zip(
                [e for e in es if e.name != "classes.dex"]
                + [ZEntry("classes.dex", b"\0" * (1 << 30), cd={"usize": 12}, lfh={"usize": 12})])),
            ("padded-dex-450MB-x8", lambda: padded_dex(es, 450 << 20, copies=8)),
            ("padded-dex-inside-450MB-x8", lambda: padded_dex(es, 450 << 20, inside=True, copies=8)),
            ("padded-dex-inside-60MB-x8", lambda: padded_dex(es, 60 << 20, inside=True, copies=8)),
            ("bundle-16-splits-400MB-dex", lambda: split_bundle_of_big_dex(es, 16, 400 << 20)),
        ]
    return out


def campaign(seed: int, count: int, heavy: bool = True, only: str | None = None, lazy: bool = False):
    """Yield (label, bytes): every named input once, then `count` seeded random mutations.
    `only`: a substring; inputs whose label lacks it are not even built. `lazy`: named
    inputs are yielded as (label, None), for the caller to build with `emit`."""
    es = sample_entries("chat.apk")
    for label, make in named_inputs(heavy):
        if only is None or only in label:
            yield label, None if lazy else make()
    if only is not None and not only.startswith("random"):
        return
    rng = random.Random(seed)
    base = write_zip(es)
    techniques = list(TAMPER.values())
    for i in range(count):
        kind = rng.choice(["truncate", "flip-header", "flip-entry", "tamper", "flip-manifest", "flip-dex"])
        if kind == "truncate":
            data = base[:rng.randrange(len(base))]
        elif kind == "flip-header":  # a byte in a zip structure (local headers, central directory, end record)
            data = bytearray(base)
            spots = [m for m in range(len(base) - 4) if base[m:m + 2] == b"PK"]
            p = rng.choice(spots) + rng.randrange(46)
            if p < len(data):
                data[p] = rng.randrange(256)
            data = bytes(data)
        elif kind == "flip-entry":
            data = bytearray(base)
            for _ in range(rng.choice([1, 4, 32])):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        elif kind == "tamper":
            data = rng.choice(techniques)[0](es)
        else:
            target = "AndroidManifest.xml" if kind == "flip-manifest" else "classes.dex"
            blob = bytearray(next(e.data for e in es if e.name == target))
            for _ in range(rng.choice([1, 2, 8])):
                blob[rng.randrange(len(blob))] = rng.randrange(256)
            data = write_zip(_with(es, target, data=bytes(blob)))
        yield f"random:{kind}:{i}", data


def emit(label: str, path: str) -> None:
    """Write one named input to a file (the campaign builds big inputs in a separate process,
    so that the scans it measures are not forked from a process holding gigabytes)."""
    make = dict(named_inputs(True))[label]
    Path(path).write_bytes(make())


if __name__ == "__main__":
    import sys

    if len(sys.argv) == 4 and sys.argv[1] == "emit":
        emit(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit("usage: mutations.py emit LABEL PATH")

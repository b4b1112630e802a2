"""Reading an input: a path (a regular file only) or bytes already in memory; large inputs
mapped instead of read.

This module imports nothing heavy: `auditor policy` reads its input through it without
loading the app readers.

An input of MAP_THRESHOLD bytes or more is opened as a read-only `mmap`: it supports `len`,
slicing and the buffer protocol, which is all the zip, manifest and DEX readers use, and
only the pages they touch (end record, central directory, the entries they read) become
resident. A 1.5 GB game APK whose bulk is assets then costs what its code costs.

The one hazard of a mapping: if another process truncates the file while it is being read,
touching a page past the new end raises SIGBUS. Inputs under the threshold are read into
memory, so the hazard is limited to inputs that would otherwise cost their whole size.
"""

from __future__ import annotations

import hashlib
import mmap
from pathlib import Path
from typing import Union

Source = Union[Path, bytes]

MAP_THRESHOLD = 64 * 1024**2
_HASH_CHUNK = 16 * 1024**2  # a multiple of every page size


def map_file(path: Path) -> mmap.mmap:
    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def sha256_hex(data) -> str:
    """SHA-256 of an input's bytes. A mapped input is hashed a chunk at a time and each chunk's
    pages are released after use, so hashing a large file does not make it resident."""
    if not isinstance(data, mmap.mmap):
        return hashlib.sha256(data).hexdigest()
    h = hashlib.sha256()
    view = memoryview(data)
    try:
        for off in range(0, len(data), _HASH_CHUNK):
            h.update(view[off:off + _HASH_CHUNK])
            if hasattr(data, "madvise"):
                data.madvise(mmap.MADV_DONTNEED, off, min(_HASH_CHUNK, len(data) - off))
    finally:
        view.release()
    return h.hexdigest()


def read_source(src: Source, name: str, *, map_large: bool = False):
    """Bytes of a path (or the bytes themselves); AuditorError with the CLI's wording on failure.
    With `map_large`, a regular file of MAP_THRESHOLD bytes or more comes back as a read-only
    `mmap` (it supports len, slicing and the buffer protocol, which is all the app readers use)."""
    from auditor.errors import InputError

    if isinstance(src, (bytes, bytearray, memoryview)):
        return bytes(src)
    import stat

    try:
        path = Path(src)
        if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            # /dev/zero, a FIFO, a socket: reading would never end or never be the same twice
            raise InputError(f"{src}: not a regular file (a device, pipe or socket); refused")
        if map_large and path.stat().st_size >= MAP_THRESHOLD:
            return map_file(path)
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{src}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{src}: no such file") from None
    except OSError as exc:
        raise InputError(f"{src}: cannot be read ({exc.strerror})") from None

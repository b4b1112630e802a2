"""A zip reader that reads an archive the way Android's installer does.

Python's zipfile trusts fields Android ignores (the local header, the compression
method, the compressed size, the encryption flag), so an app tampered with those
fields is rejected here while it installs on a phone: the audit would be blind to it.
This reader follows the central directory (as libziparchive does), finds each
entry's data through its local header's name and extra lengths, reads the data as
stored or deflated whatever the method field claims, takes sizes from what actually
inflates, and records every disagreement as an `ArchiveAnomaly` (entry and field).

What Android refuses to open is refused here too, with a one-line reason that says
so: duplicate entry names, a NUL byte in a name, an end-of-central-directory record
inconsistent with the file, a central directory that does not parse, a local header
offset inside the central directory.

Facts used (public format, APPNOTE.TXT; libziparchive behaviour as documented by
AOSP and apkInspector): EOCD is the last `PK\\x05\\x06` within 65,557 bytes of the end;
no spanning; every central record starts with `PK\\x01\\x02`; data starts after the
*local* header's name and extra fields; method 0 is copied, anything else inflated;
the APK Signing Block sits between the last entry and the central directory.

Inflation is streamed and bounded: an entry stops at the caller's byte limit, and the
shared budget is charged with what was actually produced, so a bomb costs at most the
limit, never the size it claims.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from auditor.errors import InputError
from auditor.model import ArchiveAnomaly

EOCD_SIG = b"PK\x05\x06"
CD_SIG = b"PK\x01\x02"
LFH_SIG = b"PK\x03\x04"
ZIP64_LOCATOR_SIG = b"PK\x06\x07"
SIGNING_BLOCK_MAGIC = b"APK Sig Block 42"
_EOCD = struct.Struct("<4sHHHHIIH")
_CD = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LFH = struct.Struct("<4sHHHHHIIIHH")
_CHUNK = 1 << 20


class AndroidRefuses(InputError):
    """The archive is one Android's zip reader refuses: the app cannot be installed."""


class EntryError(InputError):
    """One entry cannot be read (the archive itself is fine)."""


class EntryTooLarge(EntryError):
    pass


@dataclass
class Entry:
    name: str
    flags: int
    method: int
    crc: int
    csize: int
    usize: int
    lfh_offset: int
    data_offset: int = -1  # after the local header; -1 when the local header is unreadable
    lfh: tuple | None = None


class AndroidZip:
    def __init__(self, data, where: str, max_entries: int = 200_000, part: str | None = None) -> None:
        self.data = memoryview(data) if not isinstance(data, memoryview) else data
        self.where = where  # names the archive in errors about the whole archive
        self.part = where if part is None else part  # names it in entry paths and anomalies ("" = the input)
        self.anomalies: list[ArchiveAnomaly] = []
        self.entries: dict[str, Entry] = {}
        self._parse(max_entries)

    # -- anomalies -----------------------------------------------------------------
    def note(self, kind: str, entry: str, field: str, detail: str) -> None:
        a = ArchiveAnomaly(self.part, entry, kind, field, detail)
        if a not in self.anomalies:
            self.anomalies.append(a)

    def _refuse(self, why: str) -> None:
        raise AndroidRefuses(f"{self.where or 'archive'}: {why}; Android would refuse to install it")

    # -- structure -----------------------------------------------------------------
    def _parse(self, max_entries: int) -> None:
        d = self.data
        n = len(d)
        if n < 22:
            raise InputError(f"{self.where}: corrupt or truncated zip archive (too short for an end record)")
        start = max(0, n - 65535 - 22)
        tail = bytes(d[start:])
        pos = tail.rfind(EOCD_SIG)
        while pos >= 0 and pos + 22 > len(tail):
            pos = tail.rfind(EOCD_SIG, 0, pos)
        if pos < 0:
            raise InputError(f"{self.where}: corrupt or truncated zip archive (no end-of-central-directory record)")
        eocd = start + pos
        (_sig, disk, cd_disk, on_disk, total, cd_size, cd_off, comment_len) = _EOCD.unpack_from(d, eocd)
        if eocd >= 20 and bytes(d[eocd - 20:eocd - 16]) == ZIP64_LOCATOR_SIG:
            raise InputError(f"{self.where}: zip64 archives are not supported")
        if disk != 0 or cd_disk != 0 or on_disk != total:
            self._refuse(f"inconsistent end-of-central-directory record (disk {disk}/{cd_disk}, "
                         f"{on_disk} entries on this disk of {total})")
        if cd_off + cd_size > eocd:
            self._refuse(f"inconsistent end-of-central-directory record (central directory at {cd_off} "
                         f"+ {cd_size} bytes runs past the end record at {eocd})")
        end = eocd + 22 + comment_len
        if end > n:
            self._refuse(f"inconsistent end-of-central-directory record (comment of {comment_len} bytes "
                         "runs past the end of the file)")
        if end < n:
            self.note("trailing-data", "", "end of archive", f"{n - end} bytes after the end record")
        if total > max_entries:
            raise InputError(f"{self.where}: {total} zip entries exceed the limit of {max_entries}")
        self.cd_offset = cd_off
        p = cd_off
        cd_end = cd_off + cd_size
        for i in range(total):
            if p + 46 > cd_end or bytes(d[p:p + 4]) != CD_SIG:
                self._refuse(f"central directory record {i} of {total} is damaged (end record says {total} entries)")
            rec = _CD.unpack_from(d, p)
            (_s, _vm, _vn, flags, method, _t, _dt, crc, csize, usize, nlen, xlen, clen,
             _dstart, _iattr, _eattr, lfh_off) = rec
            if p + 46 + nlen + xlen + clen > cd_end:
                self._refuse(f"central directory record {i} runs past the central directory")
            raw = bytes(d[p + 46:p + 46 + nlen])
            p += 46 + nlen + xlen + clen
            if b"\0" in raw:
                shown = raw.replace(b"\0", b"\\0").decode("utf-8", "replace")
                self._refuse(f"entry name {shown!r} contains a NUL byte")
            name = raw.decode("utf-8" if flags & 0x800 else "utf-8", "replace")
            if name in self.entries:
                self._refuse(f"duplicate entry name {name!r} (two entries with one name)")
            if lfh_off >= cd_off:
                self._refuse(f"entry {name!r}: local header offset {lfh_off} lies in or after the central directory")
            if not name:
                self.note("empty-name", "", "file name", "an entry with an empty name")
                continue
            self.entries[name] = Entry(name, flags, method, crc, csize, usize, lfh_off)
        if p != cd_end:
            self.note("size-mismatch", "", "central directory size",
                      f"end record says {cd_size} bytes, records take {p - cd_off}")
        for e in self.entries.values():
            self._local_header(e)
        self._gaps()

    def _local_header(self, e: Entry) -> None:
        d = self.data
        if e.lfh_offset + 30 > len(d) or bytes(d[e.lfh_offset:e.lfh_offset + 4]) != LFH_SIG:
            self.note("bad-local-header", e.name, "signature", f"no local header at offset {e.lfh_offset}")
            return
        lfh = _LFH.unpack_from(d, e.lfh_offset)
        (_s, _ver, flags, method, _t, _dt, crc, csize, usize, nlen, xlen) = lfh
        e.lfh = lfh
        e.data_offset = e.lfh_offset + 30 + nlen + xlen
        lname = bytes(d[e.lfh_offset + 30:e.lfh_offset + 30 + nlen]).decode("utf-8", "replace")
        if lname != e.name:
            self.note("header-mismatch", e.name, "file name", f"local header says {lname!r}")
        if method != e.method:
            self.note("header-mismatch", e.name, "compression method",
                      f"local header says {method}, central directory {e.method}")
        if (flags & 1) != (e.flags & 1):
            self.note("header-mismatch", e.name, "encryption flag",
                      f"local header flags {flags:#06x}, central directory {e.flags:#06x}")
        if not flags & 0x8:  # without a data descriptor the local sizes must agree
            for field, lv, cv in (("crc32", crc, e.crc), ("compressed size", csize, e.csize),
                                  ("uncompressed size", usize, e.usize)):
                if lv != cv:
                    self.note("header-mismatch", e.name, field, f"local header says {lv}, central directory {cv}")
        if e.flags & 1:
            self.note("fake-encryption", e.name, "general purpose flags",
                      "encryption flag set; the data is read as if unencrypted, as Android does")
        if e.method not in (0, 8):
            self.note("bad-method", e.name, "compression method", f"method {e.method} (neither stored nor deflate)")

    def _gaps(self) -> None:
        ents = sorted((e for e in self.entries.values() if e.data_offset >= 0), key=lambda e: e.lfh_offset)
        prev_end, prev_name = 0, ""
        for e in ents:
            if e.lfh_offset > prev_end and not self._virtual_fill(prev_end, e.lfh_offset):
                self.note("data-between-entries", prev_name or e.name, "local header offset",
                          f"{e.lfh_offset - prev_end} unreferenced bytes before this entry's header"
                          if not prev_name else f"{e.lfh_offset - prev_end} unreferenced bytes after this entry")
            elif e.lfh_offset < prev_end and prev_name:
                self.note("overlapping-entries", e.name, "local header offset",
                          f"header at {e.lfh_offset} lies inside the data of {prev_name!r}")
            end = e.data_offset + e.csize
            if e.flags & 0x8:
                has_sig = bytes(self.data[end:end + 4]) == b"PK\x07\x08"
                end += 16 if has_sig else 12
            prev_end, prev_name = max(prev_end, end), e.name
        cd = self.cd_offset
        if prev_end < cd:
            gap = cd - prev_end
            if not self._signing_block_fills(prev_end, cd) and not self._virtual_fill(prev_end, cd):
                self.note("data-between-entries", prev_name, "central directory offset",
                          f"{gap} unreferenced bytes before the central directory")

    def _virtual_fill(self, start: int, end: int) -> bool:
        """AGP's zipflinger fills holes with "virtual entries": local headers with an empty name,
        no data and an extra field spanning the hole. Not hidden data."""
        d = self.data
        pos = start
        while pos + 30 <= end and bytes(d[pos:pos + 4]) == LFH_SIG:
            _s, _v, _f, _m, _t, _dt, _crc, csize, _u, nlen, xlen = _LFH.unpack_from(d, pos)
            if nlen or csize:
                return False
            pos += 30 + xlen
        return pos == end

    def _signing_block_fills(self, start: int, cd: int) -> bool:
        d = self.data
        if cd - start < 32 or bytes(d[cd - 16:cd]) != SIGNING_BLOCK_MAGIC:
            return False
        size = struct.unpack_from("<Q", d, cd - 24)[0]
        block = cd - size - 8
        if block < start:
            return False
        # apksigner pads the entries to a 4096-byte boundary before the block
        return block == start or (block % 4096 == 0 and block - start < 4096
                                  and not any(bytes(d[start:block])))

    # -- reading -------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [n for n in self.entries if not n.endswith("/")]

    def size_hint(self, name: str) -> int:
        return self.entries[name].usize

    def read(self, name: str, limit: int, budget: list[int] | None = None, want: int | None = None) -> bytes:
        """The entry's bytes as Android would read them, at most `limit` bytes (EntryTooLarge beyond).
        With `want`, only the first `want` bytes are produced (the rest is never inflated)."""
        e = self.entries.get(name)
        if e is None:
            raise EntryError(f"{self._w(name)}: entry not found")
        if e.data_offset < 0:
            raise EntryError(f"{self._w(name)}: local header is missing or damaged")
        if e.data_offset > len(self.data):
            raise EntryError(f"{self._w(name)}: data lies past the end of the archive")
        if want is not None:
            out = self._prefix(e, min(want, limit))
        elif e.method == 0:
            out = self._stored(e, e.usize, limit)
            if e.csize != e.usize:
                self.note("size-mismatch", name, "compressed size",
                          f"stored entry: compressed size {e.csize}, uncompressed {e.usize}")
        elif e.method == 8:
            out = self._inflate(e, limit)
        else:
            try:  # Android copies method 0 and inflates the rest; a lying method hides stored data too
                out = self._inflate(e, limit, strict=True)
            except EntryTooLarge:
                raise
            except EntryError:
                size = e.usize if e.usize == e.csize or not e.csize else e.csize
                out = self._stored(e, size, limit)
        if budget is not None:
            budget[0] -= len(out)
            if budget[0] < 0:
                raise EntryTooLarge(f"{self._w(name)}: archive inflates beyond the total size limit (zip bomb?)")
        if want is not None:
            return out
        if len(out) != e.usize:
            self.note("size-mismatch", name, "uncompressed size",
                      f"central directory says {e.usize}, data holds {len(out)}")
        crc = zlib.crc32(out)
        if crc != e.crc and not e.flags & 1:
            self.note("crc-mismatch", name, "crc32", f"central directory says {e.crc:#010x}, data has {crc:#010x}")
        return out

    def _w(self, name: str) -> str:
        return f"{self.part}!{name}" if self.part else name

    def _stored(self, e: Entry, size: int, limit: int) -> bytes:
        if size > limit:
            raise EntryTooLarge(f"{self._w(e.name)}: entry of {size} bytes exceeds the {limit}-byte limit")
        end = e.data_offset + size
        if end > len(self.data):
            raise EntryError(f"{self._w(e.name)}: stored data runs past the end of the archive")
        return bytes(self.data[e.data_offset:end])

    def _inflate(self, e: Entry, limit: int, strict: bool = False) -> bytes:
        d = self.data
        # The compressed size may lie (0 is a known evasion): read until the deflate stream ends.
        stop = len(d)
        pos = e.data_offset
        dec = zlib.decompressobj(-15)
        parts: list[bytes] = []
        got = 0
        try:
            while not dec.eof:
                if dec.unconsumed_tail:
                    chunk = dec.unconsumed_tail
                else:
                    if pos >= stop:
                        break
                    chunk = bytes(d[pos:min(stop, pos + _CHUNK)])
                    pos += len(chunk)
                piece = dec.decompress(chunk, limit + 1 - got)
                got += len(piece)
                parts.append(piece)
                if got > limit:
                    raise EntryTooLarge(f"{self._w(e.name)}: entry exceeds the {limit}-byte limit (inflation stopped there)")
        except zlib.error as exc:
            raise EntryError(f"{self._w(e.name)}: cannot be decompressed ({exc})") from None
        if not dec.eof:
            raise EntryError(f"{self._w(e.name)}: cannot be decompressed (deflate stream is truncated)")
        if strict and not got:
            raise EntryError(f"{self._w(e.name)}: not deflate data")
        consumed = (pos - len(dec.unused_data) - len(dec.unconsumed_tail)) - e.data_offset
        if consumed != e.csize and not strict:
            self.note("size-mismatch", e.name, "compressed size",
                      f"central directory says {e.csize}, the deflate stream takes {consumed}")
        return b"".join(parts)

    def read_prefix(self, name: str, n: int) -> bytes:
        """The first n bytes of an entry (a DEX header before deciding to read it all)."""
        e = self.entries.get(name)
        if e is None or e.data_offset < 0:
            raise EntryError(f"{self._w(name)}: local header is missing or damaged")
        return self._prefix(e, n)

    def _prefix(self, e: Entry, n: int) -> bytes:
        """At most n bytes from the start of the entry's data: inflated when the data is a deflate
        stream (whatever the method says), else stored."""
        if e.method == 0:
            return bytes(self.data[e.data_offset:e.data_offset + n])
        dec = zlib.decompressobj(-15)
        parts, got, pos = [], 0, e.data_offset
        try:
            while got < n and not dec.eof:
                chunk = dec.unconsumed_tail or bytes(self.data[pos:pos + _CHUNK])
                if not dec.unconsumed_tail:
                    if not chunk:
                        break
                    pos += len(chunk)
                piece = dec.decompress(chunk, n - got)
                parts.append(piece)
                got += len(piece)
        except zlib.error:
            if e.method == 8:
                raise EntryError(f"{self._w(e.name)}: cannot be decompressed (damaged deflate stream)") from None
            return bytes(self.data[e.data_offset:e.data_offset + n])
        return b"".join(parts)

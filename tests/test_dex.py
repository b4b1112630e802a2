from __future__ import annotations

import struct
import zipfile

import pytest

from auditor.apk.dex import DexError, DexFile, decode_mutf8, descriptor_to_java
from conftest import SAMPLES


def chat_dex() -> bytes:
    with zipfile.ZipFile(SAMPLES / "chat.apk") as zf:
        return zf.read("classes.dex")


def test_class_names():
    dex = DexFile(chat_dex())
    names = {descriptor_to_java(d) for d in dex.class_descriptors()}
    assert "com.example.chat.DeviceInfo" in names
    assert "com.xiaomi.push.service.receivers.NetworkStatusReceiver" in names
    assert len(names) == dex.class_count == 35


def test_mutf8():
    assert decode_mutf8(b"abc") == "abc"
    assert decode_mutf8(b"a\xc0\x80b") == "a\x00b"
    # U+1F600 as a CESU-8 surrogate pair
    assert decode_mutf8(b"\xed\xa0\xbd\xed\xb8\x80") == "\U0001F600"


@pytest.mark.parametrize("mutate,msg", [
    (lambda d: d[:50], "truncated"),
    (lambda d: b"dey\n035\0" + d[8:], "bad magic"),
    (lambda d: d[:32] + struct.pack("<I", len(d) + 10) + d[36:], "truncated"),
    (lambda d: d[:0x60] + struct.pack("<I", 10**6) + d[0x64:], "class_defs"),
    (lambda d: d[:0x28] + struct.pack("<I", 0x87654321) + d[0x2C:], "byte order"),
])
def test_damaged_dex_is_refused(mutate, msg):
    with pytest.raises(DexError, match=msg):
        DexFile(mutate(chat_dex()))

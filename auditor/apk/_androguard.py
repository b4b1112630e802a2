"""The one doorway to androguard: imported lazily, its loguru output silenced."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def _silence() -> None:
    try:
        from loguru import logger
    except ImportError:  # pragma: no cover - loguru is a hard dependency of androguard
        return
    logger.disable("androguard")


PUBLIC = "androguard.core.resources.public"


def public_resources(xml: bytes) -> dict:
    """androguard's SYSTEM_RESOURCES table from its public.xml, built the way its module
    builds it (every <public> element: type, name, hex id), with lxml instead of minidom."""
    from lxml import etree

    res: dict[str, dict[str, int]] = {}
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for el in root.iter("public"):
        res.setdefault(el.get("type", ""), {})[el.get("name", "")] = int(el.get("id", ""), 16)
    return {
        "attributes": {"forward": dict(res["attr"]), "inverse": {v: k for k, v in res["attr"].items()}},
        "styles": {"forward": dict(res["style"]), "inverse": {v: k for k, v in res["style"].items()}},
    }


@lru_cache(maxsize=None)
def _public_table() -> None:
    """androguard.core.axml imports androguard's table of Android's public resource ids, a
    module that parses its 190 kB public.xml with minidom at import: 60-100 ms, a tenth of a
    small app's scan. The manifest printer needs the table (SYSTEM_RESOURCES) for every
    attribute, so it cannot be skipped; the same table is built here with lxml (~10 ms)
    and registered as that module before androguard asks for it. Anything unexpected
    (no public.xml, a layout change) leaves androguard to import its own module."""
    import sys
    import types
    from importlib.util import find_spec
    from pathlib import Path

    if PUBLIC in sys.modules:
        return
    try:
        spec = find_spec(PUBLIC)
        xml = Path(spec.origin).with_name("public.xml").read_bytes()
        table = public_resources(xml)
    except Exception:  # noqa: BLE001 - any failure: androguard's own import path
        return
    module = types.ModuleType(PUBLIC)
    module.__file__, module.__spec__ = spec.origin, spec
    module.SYSTEM_RESOURCES = table
    sys.modules[PUBLIC] = module
    parent, _, child = PUBLIC.rpartition(".")
    setattr(sys.modules[parent], child, module)


def axml():
    """androguard.core.axml, with logging off."""
    _silence()
    _public_table()
    from androguard.core import axml as mod

    return mod

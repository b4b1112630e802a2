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


def axml():
    """androguard.core.axml, with logging off."""
    _silence()
    from androguard.core import axml as mod

    return mod

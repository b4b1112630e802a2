"""Third-party SDK detection: the signature database and the matcher."""

from __future__ import annotations

from functools import lru_cache

from auditor.sdk.database import Signature, SignatureDB, load_database
from auditor.sdk.matcher import Evidence, Matcher, SdkHit

__all__ = ["Evidence", "Matcher", "SdkHit", "Signature", "SignatureDB", "default_matcher", "load_database"]


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    return Matcher(load_database())

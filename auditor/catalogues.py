"""The knowledge an audit runs against, as one value: signature database, sensitive-API
catalogue, policy lexicon and data categories.

Settings carry a `Catalogues` so that a run is pinned to one database: a batch loads it
once in the client, hashes it into the store key, and ships it to every worker once.
Library callers that pass none get the packaged catalogues (loaded once per process).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True, eq=False)
class Catalogues:
    signatures: Any  # auditor.sdk.SignatureDB
    apis: tuple  # auditor.knowledge.ApiEntry, ...
    lexicon: Any  # auditor.policy.lexicon.Lexicon
    categories: dict  # id -> auditor.knowledge.Category

    @cached_property
    def matcher(self):
        from auditor.sdk.matcher import Matcher

        return Matcher(self.signatures)

    @cached_property
    def sdk_index(self):
        """The policy reader's alias/vendor index over this signature database."""
        from auditor.policy.extract import build_sdk_index

        return build_sdk_index(self.lexicon, self.signatures)

    @cached_property
    def sentence_model(self):
        """The learned English sentence model (auditor/policy/sentence_model.json), None when absent."""
        from auditor.policy.learned import packaged_model

        return packaged_model()

    @cached_property
    def sha256(self) -> str:
        """Content hash of all four catalogues (the signature database's own hash included)."""
        h = hashlib.sha256()
        h.update(self.signatures.sha256.encode())
        h.update(repr(self.apis).encode())
        h.update(json.dumps(self.lexicon.raw, sort_keys=True, ensure_ascii=False).encode())
        h.update(repr(sorted(self.categories.items())).encode())
        return h.hexdigest()

    def __getstate__(self) -> dict:
        # Derived indexes are rebuilt on the receiving side: smaller to ship, and a
        # worker builds them once for all its tasks.
        return {k: getattr(self, k) for k in ("signatures", "apis", "lexicon", "categories")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


class PackagedLexicon:
    """Stands for the packaged policy lexicon until a policy is read.

    Compiling the lexicon's patterns costs about 0.6 s, more than the rest of a scan of a
    small app, and a scan without a policy only needs its raw table (category names). The
    first other attribute loads the real lexicon and copies its fields here, so the
    reader's hot loops read plain attributes afterwards."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        if name == "raw":
            return _raw_lexicon()
        from auditor.policy.lexicon import lexicon

        real = lexicon()
        self.__dict__.update(vars(real))
        return getattr(real, name)

    def __reduce__(self):
        return (PackagedLexicon, ())


@lru_cache(maxsize=1)
def _raw_lexicon() -> dict:
    from importlib import resources

    from auditor.policy.lexicon import load_toml_text

    return load_toml_text(resources.files("auditor.policy").joinpath("lexicon.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def default_catalogues() -> Catalogues:
    """The packaged catalogues, loaded once per process (the lexicon when first used)."""
    from auditor.knowledge import api_catalogue, categories
    from auditor.sdk import load_database

    return Catalogues(load_database(), api_catalogue(), PackagedLexicon(), categories())


def load_catalogues(signatures: Path | None = None) -> Catalogues:
    """Packaged catalogues, with the signature database from `signatures` when given
    (validated; a UsageError names the first problem)."""
    base = default_catalogues()
    if signatures is None:
        return base
    from auditor.sdk import load_database

    return Catalogues(load_database(signatures), base.apis, base.lexicon, base.categories)

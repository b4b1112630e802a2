"""Policy reader: what a privacy policy declares, with quoted evidence."""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass

from auditor.policy.extract import (
    CategoryClaim, Evidence, PermissionClaim, SdkClaim, SdkTypeClaim, extract_categories, extract_permissions,
    extract_sdks, push_notifications, sentences,
)
from auditor.policy.text import Document, read_document

__all__ = ["PolicyResult", "read_policy", "Evidence", "CategoryClaim", "PermissionClaim", "SdkClaim", "SdkTypeClaim"]


@dataclass(frozen=True)
class PolicyResult:
    name: str
    sha256: str
    language: str
    encoding: str
    format: str
    categories: dict[str, CategoryClaim]
    permissions: tuple[PermissionClaim, ...]
    sdks: tuple[SdkClaim, ...]
    sdk_types: tuple[SdkTypeClaim, ...]
    sections: tuple[str, ...]
    text: str
    # what the learned sentence model changed (auditor.policy.learned), None when it was off:
    # {"model": its training header's annotations digest, "changes": {category: {...}}}
    learned: dict | None = None
    # "traditional": written in Traditional Chinese and read converted to Simplified (auditor.policy.hant):
    # `text` and every quote are the converted text; "" otherwise
    script: str = ""


def read_policy(data: bytes, name: str = "policy.txt", catalogues=None, charset: str | None = None,
                learned: bool | None = None, learned_zh: bool | None = None) -> PolicyResult:
    """Bytes of a policy (txt, md, html, pdf; UTF-8, UTF-16 or GBK) -> its claims. Pure; raises
    InputError. `catalogues` (auditor.catalogues.Catalogues) supplies the lexicon, the SDK
    names and the sentence model; None: packaged. `charset`: the encoding a server declared for
    the bytes, if any. `learned`: combine the English reading with the learned sentence model
    (auditor.policy.learned); None: the model file's own default (off since session 27). `learned_zh`: the same for a
    Chinese reading and the Chinese model (sentence_model_zh.json; None: its own default, off)."""
    # The reader allocates millions of small objects on a large document (blocks, sentences,
    # match offsets) and builds no reference cycles; the cyclic collector would only walk
    # them again and again (a fifth of the CPU time on 100,000 blocks). Paused, then restored.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_policy(data, name, catalogues, charset, learned, learned_zh)
    finally:
        if was_enabled:
            gc.enable()


def _read_policy(data: bytes, name: str, catalogues, charset: str | None, learned: bool | None,
                 learned_zh: bool | None = None) -> PolicyResult:
    lx = catalogues.lexicon if catalogues is not None else None
    doc: Document = read_document(data, name, charset, lx)
    sents = sentences(doc)
    idx = catalogues.sdk_index if catalogues is not None else None
    perms = extract_permissions(doc, sents, lx)
    cats = extract_categories(doc, sents, perms, lx, idx)
    sdks, types = extract_sdks(doc, sents, lx, idx)
    cats = push_notifications(cats, sdks, lx, idx)
    changed = None
    from auditor.policy import learned as _learned

    model = (_learned.chosen_model(catalogues, learned) if doc.language == "en" else
             _learned.chosen_model(catalogues, learned_zh, "zh") if doc.language == "zh" else None)
    if model is not None:
        from auditor.policy.extract import _evidence, _scan

        cats, changes = _learned.apply(model, doc, sents, _scan(doc, sents, lx, idx), cats,
                                       lambda s, e: _evidence(doc, s, e),
                                       frozenset((e.start, e.end) for pc in perms for e in pc.evidence))
        changed = {"model": model.header.get("annotations_sha256", ""), "changes": changes}
    return PolicyResult(
        name=name, sha256=hashlib.sha256(data).hexdigest(), language=doc.language, encoding=doc.encoding,
        format=doc.format, categories=cats, permissions=tuple(perms), sdks=tuple(sdks), sdk_types=tuple(types),
        sections=tuple(h.title for h in doc.headings), text=doc.text, learned=changed, script=doc.script,
    )

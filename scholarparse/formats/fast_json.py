"""JSON text byte for byte as the json and jsonl formats write it, made by orjson when it can be.

orjson serialises a document about ten times faster than ``json.dumps``, which counts when a
batch writes hundreds of thousands of them; but importing it loads about 10 ms of the standard
library (dataclasses, uuid, …), more than a whole one-file run spends on JSON, so only batch
conversion and large outputs (``formats.worth_fast_json``) use it. Its output equals
``json.dumps(value, ensure_ascii=False)`` with our separators for every value a document holds
except floats below 1e-4, which it writes as ``1e-5`` where the standard library writes
``1e-05``. Scores are the only floats in a document, so a document with such a score goes to
the standard library.
"""

from __future__ import annotations

from typing import Any

import orjson


def compact(document: dict[str, Any]) -> bytes:
    """One line of JSON, no spaces (``separators=(",", ":")``), UTF-8, no newline."""
    if _has_tiny_score(document):
        import json

        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return orjson.dumps(document)


def indented(value: Any, documents: list[dict[str, Any]]) -> bytes:
    """``value`` (a document or a list of them) indented by two spaces, UTF-8, no newline."""
    if any(_has_tiny_score(document) for document in documents):
        import json

        return json.dumps(value, ensure_ascii=False, indent=2).encode()
    return orjson.dumps(value, option=orjson.OPT_INDENT_2)


def _has_tiny_score(document: dict[str, Any]) -> bool:
    return any(
        type(score := paper["score"]) is float and score < 1e-4
        for paper in document.get("papers", ())
    )

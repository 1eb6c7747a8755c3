"""JSON Lines: one compact document per line, for streaming tools; a ``links`` document is
one link per line (what a reader of links wants to stream)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from . import worth_fast_json


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    documents = [
        line
        for document in documents
        for line in (document["links"] if document["kind"] == "links" else [document])
    ]
    if worth_fast_json(documents):
        from .fast_json import compact

        for document in documents:
            stream.write(compact(document).decode())
            stream.write("\n")
        return
    for document in documents:
        stream.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
        stream.write("\n")

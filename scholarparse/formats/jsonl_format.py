"""JSON Lines: one compact document per line, for streaming tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    for document in documents:
        stream.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
        stream.write("\n")

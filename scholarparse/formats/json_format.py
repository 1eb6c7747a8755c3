"""JSON: UTF-8 text (not ASCII escapes), indented by two spaces, for people and for ``jq``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from . import worth_fast_json


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    value: Any = documents[0] if single else list(documents)
    if worth_fast_json(documents):
        from .fast_json import indented

        stream.write(indented(value, list(documents)).decode())
    else:
        stream.write(json.dumps(value, ensure_ascii=False, indent=2))
    stream.write("\n")

"""YAML through ``safe_dump`` only: loads back (``safe_load``) equal to the JSON output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    import yaml  # only this format needs PyYAML

    value: Any = documents[0] if single else list(documents)
    yaml.safe_dump(value, stream, allow_unicode=True, sort_keys=False, width=100)

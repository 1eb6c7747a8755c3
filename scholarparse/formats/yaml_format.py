"""YAML through the safe dumper only: loads back (``safe_load``) equal to the JSON output.

With libyaml installed, its C emitter (``CSafeDumper``) writes the same text three to four
times faster (tests/test_formats.py checks the texts are equal); else PyYAML's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    import yaml  # only this format needs PyYAML

    value: Any = documents[0] if single else list(documents)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    yaml.dump(value, stream, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)

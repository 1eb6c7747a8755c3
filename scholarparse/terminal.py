"""Make text from a dump harmless on a terminal.

A dump is untrusted: an escape sequence in a title could clear the screen or rewrite what the
user sees, and bidirectional overrides can reorder it. Such characters are shown as escapes.
"""

from __future__ import annotations

import regex

# C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = regex.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with every unsafe character written as a Python-style escape (``\\x1b``)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: regex.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

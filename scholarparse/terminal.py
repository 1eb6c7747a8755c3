"""Make text from a dump harmless on a terminal.

A dump is untrusted: an escape sequence in a title could clear the screen or rewrite what the
user sees, and bidirectional overrides can reorder it. Such characters are shown as escapes.
"""

from __future__ import annotations

# C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = [
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_ESCAPES = {code: f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" for code in _UNSAFE}

# For structured output shown on a terminal: line ends and tabs are layout, not danger, and a
# JSON-style escape (\u001b) keeps JSON valid. (JSON itself already escapes C0 controls.)
_DOCUMENT_ESCAPES = {code: f"\\u{code:04x}" for code in _UNSAFE if chr(code) not in "\n\t"}


def visible(text: str) -> str:
    """``text`` with every unsafe character written as a Python-style escape (``\\x1b``)."""
    return text.translate(_ESCAPES)


def visible_document(text: str) -> str:
    """A rendered document (JSON, YAML, CSV) safe to print on a terminal, layout kept."""
    return text.translate(_DOCUMENT_ESCAPES)

"""Entries of an abstract-only dump: each ``Abstract:`` marker at a line start opens one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ..patterns import compile_pattern
from ..text import join_paragraphs, paragraphs
from .scan import RawAbstract, Scan

NAME = "abstracts"

# "Abstract:" at a line start, after any indent. Looked for after a line end: a pattern that
# starts with a literal lets the engine skip from one "\n" to the next at memchr speed, where
# "^" would be tried at every character (0.061 s -> 0.007 s over the bench corpus's abstract
# dumps).
_MARKER = compile_pattern(r"[ ]*+Abstract:")
_MARKER_AFTER_LINE_END = compile_pattern(r"\n[ ]*+Abstract:")


class Marker(NamedTuple):
    start: int  # where its line starts
    end: int  # just after "Abstract:", where the entry's text starts


def markers(text: str, start: int = 0, end: int | None = None) -> Iterator[Marker]:
    """The markers of ``text`` whose line starts at ``start`` or later and that end by ``end``.

    As ``^`` does, a line counts only where it really starts: at 0 or after a ``\\n``.
    """
    stop = len(text) if end is None else end
    if start == 0 and (first := _MARKER.match(text, 0, stop)) is not None:
        yield Marker(0, first.end())
    for found in _MARKER_AFTER_LINE_END.finditer(text, max(start - 1, 0), stop):
        yield Marker(found.start() + 1, found.end())


def extract(scan: Scan) -> None:
    text = scan.text
    found = list(markers(text))
    preamble_end = found[0].start if found else len(text)
    preamble = paragraphs(text, 0, preamble_end)
    if preamble:
        scan.preamble = join_paragraphs(preamble)
        scan.preamble_line = scan.lines.line_of(preamble[0][0])
    for number, marker in enumerate(found):
        end = found[number + 1].start if number + 1 < len(found) else len(text)
        scan.abstracts.append(entry(text, marker, end, scan.lines.line_of(marker.start)))


def entry(text: str, marker: Marker, end: int, line: int) -> RawAbstract:
    """The entry that ``marker`` opens and ``end`` closes: its paragraphs, joined."""
    written = text[marker.end : end].strip(" \n")
    if "\n" not in written and "  " not in written:
        # One paragraph with single spaces, as most entries are: it is its own text, with no
        # paragraph split and collapse (the 6,853 entries of the bench corpus: 0.062 s ->
        # 0.032 s, bench/stages.py).
        return RawAbstract(line, written)
    return RawAbstract(line, join_paragraphs(paragraphs(text, marker.end, end)) or "")

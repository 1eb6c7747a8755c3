"""Entries of an abstract-only dump: each ``Abstract:`` marker at a line start opens one."""

from __future__ import annotations

import re

from ..text import join_paragraphs, paragraphs
from .scan import RawAbstract, Scan

NAME = "abstracts"

MARKER = re.compile(r"^[ ]*+Abstract:", re.MULTILINE)


def extract(scan: Scan) -> None:
    text = scan.text
    markers = list(MARKER.finditer(text))
    preamble_end = markers[0].start() if markers else len(text)
    preamble = paragraphs(text, 0, preamble_end)
    if preamble:
        scan.preamble = join_paragraphs(preamble)
        scan.preamble_line = scan.lines.line_of(preamble[0][0])
    for number, marker in enumerate(markers):
        end = markers[number + 1].start() if number + 1 < len(markers) else len(text)
        scan.abstracts.append(entry(text, marker, end, scan.lines.line_of(marker.start())))


def entry(text: str, marker: re.Match[str], end: int, line: int) -> RawAbstract:
    """The entry that ``marker`` opens and ``end`` closes: its paragraphs, joined."""
    return RawAbstract(line, join_paragraphs(paragraphs(text, marker.end(), end)) or "")

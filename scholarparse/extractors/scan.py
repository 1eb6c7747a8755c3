"""What the extractors share: the normalised text, its line index, and the raw findings.

The raw records are ``NamedTuple``s rather than dataclasses: they are internal, immutable once
made, and cost a fifth of a dataclass to define, which counts on the CLI's start-up path.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..text import LineIndex


class RawLine(NamedTuple):
    """A line as written (whitespace collapsed) with its 1-based line number."""

    line: int
    text: str


class RawField(NamedTuple):
    """A recognised header line: which field it fills, the value as written, the whole line."""

    line: int
    name: str
    value: str
    text: str


class RawHeader(NamedTuple):
    """The profile header: the name line, the recognised fields in order, the rest, and the
    page text a copy took along above the name."""

    name: RawLine | None
    fields: list[RawField]
    unknown: list[RawLine]
    page_text: list[RawLine]


class RawAuthors(NamedTuple):
    """An authors line split into names and affiliations; ``truncated`` if it ended in et al."""

    names: list[str]
    truncated: bool
    affiliations: list[str]


class RawMeta(NamedTuple):
    """A meta line's fields as written, in the order of ``papers.META_LINE``'s groups (so that
    ``RawMeta._make(match.groups())`` builds it: cheaper than ``groupdict()``, once per paper)."""

    score: str | None
    split: str | None  # the line break after the score, when the parts have lines of their own
    category: str
    split_late: str | None  # the same after the category, when there is no score
    date: str
    month: str | None
    day: str | None
    year: str | None
    iso_year: str | None
    iso_month: str | None
    iso_day: str | None
    code: str | None


class RawPaper(NamedTuple):
    """One paper block: the meta line's fields and the paragraphs after it."""

    line: int
    meta: RawMeta
    title: str | None
    authors: RawAuthors | None
    prose_line: int | None  # first line of a paragraph that stood where the authors line goes
    abstract: str | None
    suspect_meta_lines: tuple[RawLine, ...]  # abstract lines that look like unreadable meta lines


class RawAbstract(NamedTuple):
    line: int
    text: str


class Scan:
    """Input and output of the extractor chain for one dump; each extractor fills its part."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.header: RawHeader | None = None
        self.papers: list[RawPaper] = []
        self.preamble: str | None = None
        self.preamble_line: int | None = None
        self.abstracts: list[RawAbstract] = []
        # Every paper meta line with the offset of its line, found once (``papers.metas_of``)
        # for the header, which ends at the first, and for the paper blocks.
        self.metas: list[tuple[int, re.Match[str]]] | None = None

"""What the extractors share: the normalised text, its line index, and the raw findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import LineIndex


@dataclass(frozen=True)
class RawLine:
    """A line as written (whitespace collapsed) with its 1-based line number."""

    line: int
    text: str


@dataclass(frozen=True)
class RawField:
    """A recognised header line: which field it fills and the number as written."""

    line: int
    name: str
    value: str
    text: str


@dataclass
class RawHeader:
    """The profile header: the name line, the recognised fields in order, the rest."""

    name: RawLine | None = None
    fields: list[RawField] = field(default_factory=list)
    unknown: list[RawLine] = field(default_factory=list)


@dataclass(frozen=True)
class RawAuthors:
    """An authors line split into names and affiliations; ``truncated`` if it ended in et al."""

    names: list[str]
    truncated: bool
    affiliations: list[str]


@dataclass
class RawPaper:
    """One paper block: the meta line's named groups and the paragraphs after it."""

    line: int
    meta: dict[str, str | None]
    title: str | None
    authors: RawAuthors | None
    prose_line: int | None
    abstract: str | None


@dataclass
class RawAbstract:
    line: int
    text: str


@dataclass
class Scan:
    """Input and output of the extractor chain for one dump."""

    text: str
    lines: LineIndex
    header: RawHeader | None = None
    papers: list[RawPaper] = field(default_factory=list)
    preamble: str | None = None
    preamble_line: int | None = None
    abstracts: list[RawAbstract] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Scan:
        return cls(text=text, lines=LineIndex(text))

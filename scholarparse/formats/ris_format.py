"""RIS: the tagged format of EndNote, Mendeley, Zotero and most library catalogues.

One record per paper: ``TY  - UNPB`` (unpublished work, the RIS type readers know for a
preprint), ``ID`` (the citation key), ``TI``, one ``AU`` per author (``Family, Given``, a
particle with the family, a suffix last: ``King, Martin Luther, Jr.``), ``PY``, ``DA``
(``YYYY/MM/DD/``), ``AB``, ``KW`` (the category), ``N1`` (score and code flag), ``ER``. Lines
end in CRLF, as the RIS specification writes them. RIS is read line by line, so a line break
inside a value becomes a space; TeX accents become Unicode. RIS has no mark for a cut author
list: ``N1`` says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from ..latex import to_unicode
from ..names import Name, split_name
from .citations import Citation, citations


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    for citation in citations(documents, "ris"):
        stream.writelines(f"{tag}  - {value}\r\n" for tag, value in _record(citation))
        stream.write("\r\n")


def _record(citation: Citation) -> Iterator[tuple[str, str]]:
    paper = citation.paper
    yield "TY", "UNPB"
    yield "ID", citation.key
    if paper["title"]:
        yield "TI", _line(paper["title"])
    for author in paper["authors"]:
        name = split_name(author)
        yield "AU", _line(name.literal or _family_first(name))
    if (parts := citation.date_parts) is not None:
        year, month, day = parts
        yield "PY", str(year)
        yield "DA", f"{year:04d}/{month:02d}/{day:02d}/"
    if paper["abstract"]:
        yield "AB", _line(paper["abstract"])
    yield "KW", _line(paper["category"])
    if note := citation.note(cut_list=True):  # RIS has no mark for a cut author list
        yield "N1", note
    yield "ER", ""


def _family_first(name: Name) -> str:
    """``von Oswald, Johannes``; RIS puts a suffix after the given names."""
    parts = [name.family_with_particle(), name.given, name.suffix]
    return ", ".join(part for part in parts if part)


def _line(text: str) -> str:
    return " ".join(to_unicode(text).split())

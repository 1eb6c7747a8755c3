"""Documents read back from what ``parse`` wrote: JSON to typed records, every field checked.

``link`` and ``diff`` take a document wherever they take a dump, so a profile parsed once can
be compared again later without its dump. The records keep the line numbers of the dump the
document was parsed from, which a round trip through ``render`` would lose, and so its
``source`` stays the dump's path, which those line numbers refer to.
"""

from __future__ import annotations

from typing import Any

from .errors import InputError, LayoutError
from .fields import Fields
from .model import (
    Abstract,
    AbstractsDocument,
    Diagnostic,
    Document,
    ExtraLine,
    Metrics,
    Paper,
    ProfileDocument,
)
from .render import documents_from_json

DOCUMENT_KINDS = ("profile", "abstracts")


def looks_like_json(text: str) -> bool:
    """What ``parse`` writes starts with ``{`` (a document, JSON Lines) or ``[`` then ``{``
    (an array of documents); a dump never does."""
    head = text.lstrip()
    return head.startswith("{") or (head.startswith("[") and head[1:].lstrip()[:1] in ("{", "]"))


def documents_from_json_text(text: str, *, source: str | None = None) -> list[Document]:
    """Every document in ``text``: one, an array of them, or JSON Lines."""
    return [
        document_from_dict(item, source=source) for item in documents_from_json(text, source=source)
    ]


def document_from_json(text: str, *, source: str | None = None) -> Document:
    """The one document in ``text``; a faulty one raises ``InputError`` (``bad-json``,
    ``bad-document``, ``not-one-document``), another kind of document ``LayoutError``."""
    documents = documents_from_json(text, source=source)
    if len(documents) != 1:
        raise InputError(
            f"holds {len(documents)} documents, not one",
            source=source,
            hint="pick one: jq '.[0]' FILE (an array) or sed -n 1p FILE (JSON Lines)",
            code="not-one-document",
        )
    return document_from_dict(documents[0], source=source)


def document_from_dict(data: Any, *, source: str | None = None) -> Document:
    """A ``ProfileDocument`` or ``AbstractsDocument`` equal to the one ``data`` was written
    from (``to_dict()``, or its JSON read back)."""
    fields = Fields(data, source, "the document")
    kind = fields.get("kind", str)
    if kind not in DOCUMENT_KINDS:
        raise LayoutError(
            f"this is a {kind!r} document, not a profile or an abstract-only dump",
            source=source,
            hint="give a profile or abstracts document, as 'parse' writes it",
            code="wrong-layout",
        )
    diagnostics = tuple(
        Diagnostic(
            item.get("severity", str),
            item.get("code", str),
            item.get("line", int, optional=True),
            item.get("message", str),
        )
        for item in fields.items("diagnostics")
    )
    if kind == "abstracts":
        return AbstractsDocument(
            source=fields.get("source", str, optional=True),
            preamble=fields.get("preamble", str, optional=True),
            abstracts=tuple(
                Abstract(item.get("index", int), item.get("line", int), item.get("text", str))
                for item in fields.items("abstracts")
            ),
            diagnostics=diagnostics,
        )
    metrics = fields.fields("metrics")
    return ProfileDocument(
        source=fields.get("source", str, optional=True),
        as_of=fields.get("as_of", str),
        name=fields.get("name", str, optional=True),
        category=fields.get("category", str, optional=True),
        metrics=Metrics(*(metrics.get(key, int, optional=True) for key in Metrics._fields)),
        declared_paper_count=fields.get("declared_paper_count", int, optional=True),
        papers=tuple(_paper(item) for item in fields.items("papers")),
        extra=tuple(
            ExtraLine(item.get("line", int), item.get("text", str))
            for item in fields.items("extra")
        ),
        diagnostics=diagnostics,
    )


def _is_iso_date(text: str) -> bool:
    """A real date written ``YYYY-MM-DD``, as documents write dates (the exports, stats and
    diff take it apart)."""
    import datetime as dt

    try:
        return len(text) == 10 and dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _paper(item: Fields) -> Paper:
    date = item.get("date", str, optional=True)
    if date is not None and not _is_iso_date(date):
        raise item.error(f"{item.path('date')} is {date!r}, not a YYYY-MM-DD date")
    return Paper(
        item.get("index", int),
        item.get("line", int),
        item.get("score", (int, float), optional=True),
        item.get("category", str),
        date,
        item.get("date_raw", str),
        item.get("year_inferred", bool),
        item.get("has_code", bool),
        item.get("title", str, optional=True),
        tuple(item.strings("authors")),
        item.get("authors_truncated", bool),
        tuple(item.strings("affiliations")),
        item.get("abstract", str, optional=True),
    )

"""The typed records scholarparse produces: immutable typed records with ``to_dict()``.

Immutable all the way down: every sequence in a record is a tuple, so a document handed to
several consumers (a writer, a database, the user's code) cannot be changed by one under the
others. ``to_dict()`` gives the JSON shape, with lists.

They are ``typing.NamedTuple`` classes rather than ``@dataclass``es: the same typed fields,
defaults and keyword construction, immutable once parsed, at a fifth of the cost to define -
and defining them is on the start-up path of every command (the README's start-up figure).
The price is tuple behaviour (``len(paper)``, ``paper == tuple(paper)``), and a field named
``index`` that hides ``tuple.index``; compare records through ``to_dict()``.
``to_dict()`` is written out by hand because the key order is part of the output contract
(the JSON Schema in ``schema/``) and because it runs once per record in batch conversion.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

SCHEMA_VERSION = 1

Severity = Literal["warning", "error"]


class Diagnostic(NamedTuple):
    """A problem found in a dump that did not stop the parse. ``code`` is stable (README)."""

    severity: Severity
    code: str
    line: int | None
    message: str

    def report(self, source: str) -> str:
        """The compiler-style line printed on stderr: ``FILE:LINE: warning: message [code]``."""
        where = source if self.line is None else f"{source}:{self.line}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "line": self.line,
            "message": self.message,
        }


class Metrics(NamedTuple):
    """The profile header's numbers; ``None`` where the dump does not show one."""

    h_index: int | None = None
    papers: int | None = None
    citations: int | None = None
    novelty_percent: int | None = None
    ai_score: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "h_index": self.h_index,
            "papers": self.papers,
            "citations": self.citations,
            "novelty_percent": self.novelty_percent,
            "ai_score": self.ai_score,
        }


class ExtraLine(NamedTuple):
    """A header line that fits no known field, kept whole so nothing is lost."""

    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text}


class Paper(NamedTuple):
    """One paper block of a profile dump."""

    index: int  # type: ignore[assignment]  # shadows tuple.index, by design: the contract key
    line: int
    score: float | int | None
    category: str
    date: str | None
    date_raw: str
    year_inferred: bool
    has_code: bool
    title: str | None
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    affiliations: tuple[str, ...] = ()
    abstract: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # The keys are the fields, in order, built in C once per paper.
        fields: dict[str, Any] = dict(zip(_PAPER_FIELDS, self, strict=True))
        fields["authors"] = list(self.authors)
        fields["affiliations"] = list(self.affiliations)
        return fields


_PAPER_FIELDS = Paper._fields


class ProfileDocument(NamedTuple):
    """A researcher's profile page: header, metrics and paper blocks."""

    source: str | None
    as_of: str
    name: str | None
    category: str | None
    metrics: Metrics
    declared_paper_count: int | None
    papers: tuple[Paper, ...]
    extra: tuple[ExtraLine, ...]
    diagnostics: tuple[Diagnostic, ...]
    kind: Literal["profile"] = "profile"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "as_of": self.as_of,
            "name": self.name,
            "category": self.category,
            "metrics": self.metrics.to_dict(),
            "declared_paper_count": self.declared_paper_count,
            "papers": [paper.to_dict() for paper in self.papers],
            "extra": [extra.to_dict() for extra in self.extra],
            "diagnostics": [diagnostic.to_dict() for diagnostic in self.diagnostics],
        }


class Abstract(NamedTuple):
    """One entry of an abstract-only dump."""

    index: int  # type: ignore[assignment]  # shadows tuple.index, by design: the contract key
    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "line": self.line, "text": self.text}


class AbstractsDocument(NamedTuple):
    """A list of abstracts copied one after another."""

    source: str | None
    preamble: str | None
    abstracts: tuple[Abstract, ...]
    diagnostics: tuple[Diagnostic, ...]
    kind: Literal["abstracts"] = "abstracts"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "preamble": self.preamble,
            "abstracts": [abstract.to_dict() for abstract in self.abstracts],
            "diagnostics": [diagnostic.to_dict() for diagnostic in self.diagnostics],
        }


Document = ProfileDocument | AbstractsDocument

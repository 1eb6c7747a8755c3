"""The typed records scholarparse produces: plain dataclasses with ``to_dict()``.

``to_dict()`` is written out by hand rather than using ``dataclasses.asdict`` because the key
order is part of the output contract (JSON Schema in ``schema/``) and because it is on the hot path
of batch conversion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Union

SCHEMA_VERSION = 1

Severity = Literal["warning", "error"]


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in a dump that did not stop the parse. ``code`` is stable (README)."""

    severity: Severity
    code: str
    line: int | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "line": self.line,
            "message": self.message,
        }


@dataclass
class Metrics:
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


@dataclass(frozen=True)
class ExtraLine:
    """A header line that fits no known field, kept whole so nothing is lost."""

    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text}


@dataclass
class Paper:
    """One paper block of a profile dump."""

    index: int
    line: int
    score: float | int | None
    category: str
    date: str | None
    date_raw: str
    year_inferred: bool
    has_code: bool
    title: str | None
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    affiliations: list[str] = field(default_factory=list)
    abstract: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "line": self.line,
            "score": self.score,
            "category": self.category,
            "date": self.date,
            "date_raw": self.date_raw,
            "year_inferred": self.year_inferred,
            "has_code": self.has_code,
            "title": self.title,
            "authors": list(self.authors),
            "authors_truncated": self.authors_truncated,
            "affiliations": list(self.affiliations),
            "abstract": self.abstract,
        }


@dataclass
class ProfileDocument:
    """A researcher's profile page: header, metrics and paper blocks."""

    source: str | None
    as_of: str
    name: str | None
    category: str | None
    metrics: Metrics
    declared_paper_count: int | None
    papers: list[Paper]
    extra: list[ExtraLine]
    diagnostics: list[Diagnostic]
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


@dataclass(frozen=True)
class Abstract:
    """One entry of an abstract-only dump."""

    index: int
    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "line": self.line, "text": self.text}


@dataclass
class AbstractsDocument:
    """A list of abstracts copied one after another."""

    source: str | None
    preamble: str | None
    abstracts: list[Abstract]
    diagnostics: list[Diagnostic]
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


Document = Union[ProfileDocument, AbstractsDocument]

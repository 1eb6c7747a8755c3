"""From raw findings to typed documents: numbers, dates, authors, cross-checks, diagnostics.

The extractors say what the text says; this module decides what it means and reports, with a
stable code and a line number, every place where the dump breaks the layout's rules.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import NamedTuple

from . import dates
from .codes import WARNING_CODES
from .extractors.scan import RawAbstract, RawAuthors, RawHeader, RawMeta, RawPaper, Scan
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
from .text import EncodingGuess, collapse

_METRIC_FIELDS = frozenset(Metrics._fields)


class _Diagnostics(list[Diagnostic]):
    def warn(self, code: str, line: int | None, message: str) -> None:
        assert code in WARNING_CODES, f"undocumented diagnostic code {code!r}"
        self.append(Diagnostic("warning", code, line, message))

    def in_line_order(self) -> tuple[Diagnostic, ...]:
        # Line order reads like a compiler's; sorted() is stable, so ties keep finding order.
        return tuple(sorted(self, key=lambda d: (d.line is None, d.line or 0)))


def profile_document(scan: Scan, *, source: str | None, as_of: dt.date) -> ProfileDocument:
    diagnostics = _Diagnostics()
    header = scan.header or RawHeader(None, [], [], [])
    metrics: dict[str, int | None] = {}
    found: dict[str, int] = {}
    extra: list[ExtraLine] = []
    category: str | None = None
    declared: int | None = None

    if header.name is None:
        diagnostics.warn("missing-name", None, "no researcher name before the header")
    if header.page_text:
        first, last = header.page_text[0].line, header.page_text[-1].line
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        diagnostics.warn(
            "text-before-name",
            first,
            f"page text before the name ({lines}), as a copy that started above the profile "
            "has; kept in extra",
        )
        extra.extend(ExtraLine(line.line, line.text) for line in header.page_text)
    for unknown in header.unknown:
        extra.append(ExtraLine(unknown.line, unknown.text))
        diagnostics.warn(
            "unknown-header-line", unknown.line, f"header line not recognised: {unknown.text!r}"
        )
    for field in header.fields:
        if field.name in found:
            extra.append(ExtraLine(field.line, field.text))
            diagnostics.warn(
                "duplicate-header-field",
                field.line,
                f"{field.name} given again (first on line {found[field.name]}); kept the first",
            )
            continue
        found[field.name] = field.line
        if field.name == "category":
            category = field.value
        elif field.name == "declared_paper_count":
            declared = _count(field.value)
        elif field.name in _METRIC_FIELDS:
            metrics[field.name] = _count(field.value)
    extra = _one_entry_a_line(sorted(extra, key=lambda item: item.line))

    papers = [
        _paper(raw, index, as_of, diagnostics) for index, raw in enumerate(scan.papers, start=1)
    ]
    _report_duplicates(papers, diagnostics)
    if declared is not None and declared != len(papers):
        diagnostics.warn(
            "paper-count-mismatch",
            found["declared_paper_count"],
            f"the heading declares {_papers(declared)} but {len(papers)} "
            f"{'was' if len(papers) == 1 else 'were'} found",
        )
    return ProfileDocument(
        source=source,
        as_of=as_of.isoformat(),
        name=header.name.text if header.name else None,
        category=category,
        metrics=Metrics(**metrics),
        declared_paper_count=declared,
        papers=tuple(papers),
        extra=tuple(extra),
        diagnostics=diagnostics.in_line_order(),
    )


def _one_entry_a_line(extra: list[ExtraLine]) -> list[ExtraLine]:
    """Repeated metrics sharing one line ("h-index7  30papers", both given before) are kept
    as one entry with that line's number, as every other line is: a line is one entry."""
    merged: list[ExtraLine] = []
    for item in extra:
        if merged and merged[-1].line == item.line:
            merged[-1] = ExtraLine(item.line, f"{merged[-1].text} {item.text}")
        else:
            merged.append(item)
    return merged


def _report_duplicates(papers: list[Paper], diagnostics: _Diagnostics) -> None:
    """Warn about a paper pasted twice: both copies stay, since either may be the one the user
    meant, but a silent duplicate would count twice in everything made from the document.

    Papers are grouped by their date as written: strings shared through the date cache, whose
    hashes are computed once (a set of titles, each hashed afresh, cost 3% of the parse of the
    bench corpus, 0.79 -> 0.82 s)."""
    by_date: dict[str, list[Paper]] = {}
    for paper in papers:
        same_date = by_date.get(paper.date_raw)
        if same_date is None:
            by_date[paper.date_raw] = [paper]
            continue
        for first in same_date:
            if first[_LISTING] == paper[_LISTING]:
                diagnostics.warn(
                    "duplicate-paper",
                    paper.line,
                    f"paper {paper.index} repeats paper {first.index} (line {first.line}): the "
                    "same meta line, title and authors line; both kept",
                )
                break
        same_date.append(paper)


# The fields of a paper from its meta line, title and authors line: score to affiliations (the
# date and year_inferred among them follow from date_raw).
_LISTING = slice(Paper._fields.index("score"), Paper._fields.index("affiliations") + 1)


def _papers(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def _count(value: str) -> int:
    return int(value.replace(",", ""))


def _paper(raw: RawPaper, index: int, as_of: dt.date, diagnostics: _Diagnostics) -> Paper:
    line, meta, title, authors, prose_line, abstract, suspects = raw
    date = _DATES.get((meta.date, as_of)) or _date(meta, as_of)
    if date.iso is None:
        diagnostics.warn("bad-date", line, f"paper {index}: {date.raw!r} is not a real date")
    elif date.after_as_of:
        diagnostics.warn(
            "date-after-as-of",
            line,
            f"paper {index}: {date.raw!r} is after the reference date {as_of}; check --as-of",
        )
    for suspect in suspects:
        diagnostics.warn(
            "suspect-meta-line",
            suspect.line,
            f"paper {index}: {suspect.text!r} looks like a paper's meta line with a date that "
            "cannot be read; kept as abstract text",
        )
    if title is None:
        diagnostics.warn("missing-title", line, f"paper {index} has no title")
    if authors is None:
        where = prose_line if prose_line is not None else line
        what = "reads as prose; kept as abstract" if prose_line is not None else "is missing"
        diagnostics.warn("missing-authors", where, f"paper {index}: the authors line {what}")
        authors = _NO_AUTHORS
    score = meta.score
    names, truncated, affiliations = authors
    # A tuple in the order of Paper's fields, made without Paper's Python ``__new__``: 60,000
    # times in the bench corpus.
    return _new_paper(
        (
            index,
            line,
            (float(score) if "." in score else int(score)) if score else None,
            meta.category or "",
            date.iso,
            date.raw,
            date.year_inferred,
            meta.code is not None,
            title,
            tuple(names),
            truncated,
            tuple(affiliations),
            abstract,
        )
    )


_new_paper = functools.partial(tuple.__new__, Paper)
_NO_AUTHORS = RawAuthors([], False, [])


class _Date(NamedTuple):
    raw: str  # as written, whitespace collapsed
    iso: str | None  # None if it is not a real date
    year_inferred: bool
    after_as_of: bool


# A profile's papers share few distinct dates, and a batch's even fewer: the calendar work is
# done once per date as written and reference date (58,917 papers of the bench corpus have
# 4,345 distinct dates). Keyed on the written date alone, which fixes its groups: cheaper to
# hash than the groups. Cleared when full, so hostile input cannot grow it without bound
# (16,384 entries of about 300 bytes: 5 MB at most).
_DATES: dict[tuple[str, dt.date], _Date] = {}
_DATES_HELD = 16384


def _date(meta: RawMeta, as_of: dt.date) -> _Date:
    """The date of ``meta``, resolved and remembered (the caller looks in ``_DATES`` first)."""
    if len(_DATES) >= _DATES_HELD:
        _DATES.clear()
    found = _DATES[meta.date, as_of] = _resolve_date(meta, as_of)
    return found


def _resolve_date(meta: RawMeta, as_of: dt.date) -> _Date:
    if meta.iso_year:
        date, inferred = dates.resolve(
            int(meta.iso_month or 0), int(meta.iso_day or 0), int(meta.iso_year), as_of
        )
    else:
        month = dates.month_number(meta.month or "")
        date, inferred = (None, False)
        if month is not None:
            year = int(meta.year) if meta.year else None
            date, inferred = dates.resolve(month, int(meta.day or 0), year, as_of)
    if date is None:
        return _Date(collapse(meta.date), None, False, False)
    return _Date(collapse(meta.date), date.isoformat(), inferred, date > as_of)


def abstracts_document(scan: Scan, *, source: str | None) -> AbstractsDocument:
    diagnostics = _Diagnostics()
    if scan.preamble is not None:
        diagnostics.append(preamble_warning(scan.preamble_line))
    abstracts = []
    for index, raw in enumerate(scan.abstracts, start=1):
        abstract, warning = abstract_entry(index, raw)
        abstracts.append(abstract)
        if warning is not None:
            diagnostics.append(warning)
    return AbstractsDocument(
        source=source,
        preamble=scan.preamble,
        abstracts=tuple(abstracts),
        diagnostics=diagnostics.in_line_order(),
    )


# The two steps of an abstract-only dump, shared with the streaming path (``streaming.py``),
# which meets the entries one at a time.


def preamble_warning(line: int | None) -> Diagnostic:
    return Diagnostic(
        "warning",
        "text-before-first-abstract",
        line,
        "text before the first 'Abstract:' marker is not an abstract; kept as preamble",
    )


def abstract_entry(index: int, raw: RawAbstract) -> tuple[Abstract, Diagnostic | None]:
    """The entry, and its warning if it is empty."""
    warning = None
    if not raw.text:
        warning = Diagnostic("warning", "empty-abstract", raw.line, f"abstract {index} has no text")
    return Abstract(index, raw.line, raw.text), warning


def with_encoding_guessed(document: Document, guess: EncodingGuess) -> Document:
    """``document`` with the warning that ``--encoding auto`` read it as ``guess.encoding``."""
    diagnostics = _Diagnostics(document.diagnostics)
    diagnostics.warn(
        "encoding-guessed",
        guess.line,
        f"not UTF-8 (the first byte UTF-8 refused is on this line): read as {guess.encoding}",
    )
    return document._replace(diagnostics=diagnostics.in_line_order())

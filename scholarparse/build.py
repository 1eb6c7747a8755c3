"""From raw findings to typed documents: numbers, dates, authors, cross-checks, diagnostics.

The extractors say what the text says; this module decides what it means and reports, with a
stable code and a line number, every place where the dump breaks the layout's rules.
"""

from __future__ import annotations

import datetime as dt
import functools

from . import dates
from .codes import WARNING_CODES
from .extractors.scan import RawAbstract, RawHeader, RawPaper, Scan
from .model import (
    Abstract,
    AbstractsDocument,
    Diagnostic,
    ExtraLine,
    Metrics,
    Paper,
    ProfileDocument,
)
from .text import collapse

_METRIC_FIELDS = frozenset(Metrics._fields)


class _Diagnostics(list[Diagnostic]):
    def warn(self, code: str, line: int | None, message: str) -> None:
        assert code in WARNING_CODES, f"undocumented diagnostic code {code!r}"
        self.append(Diagnostic("warning", code, line, message))

    def in_line_order(self) -> list[Diagnostic]:
        # Line order reads like a compiler's; sorted() is stable, so ties keep finding order.
        return sorted(self, key=lambda d: (d.line is None, d.line or 0))


def profile_document(scan: Scan, *, source: str | None, as_of: dt.date) -> ProfileDocument:
    diagnostics = _Diagnostics()
    header = scan.header or RawHeader(None, [], [])
    metrics: dict[str, int | None] = {}
    found: dict[str, int] = {}
    extra: list[ExtraLine] = []
    category: str | None = None
    declared: int | None = None

    if header.name is None:
        diagnostics.warn("missing-name", None, "no researcher name before the header")
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
    extra.sort(key=lambda item: item.line)

    papers = [
        _paper(raw, index, as_of, diagnostics) for index, raw in enumerate(scan.papers, start=1)
    ]
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
        papers=papers,
        extra=extra,
        diagnostics=diagnostics.in_line_order(),
    )


def _papers(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def _count(value: str) -> int:
    return int(value.replace(",", ""))


def _paper(raw: RawPaper, index: int, as_of: dt.date, diagnostics: _Diagnostics) -> Paper:
    meta = raw.meta
    date_raw = collapse(meta.date)
    parts = (meta.month, meta.day, meta.year, meta.iso_year, meta.iso_month, meta.iso_day)
    date, year_inferred = _date(parts, as_of)
    if date is None:
        diagnostics.warn("bad-date", raw.line, f"paper {index}: {date_raw!r} is not a real date")
    elif date > as_of:
        diagnostics.warn(
            "date-after-as-of",
            raw.line,
            f"paper {index}: {date_raw!r} is after the reference date {as_of}; check --as-of",
        )
    for suspect in raw.suspect_meta_lines:
        diagnostics.warn(
            "suspect-meta-line",
            suspect.line,
            f"paper {index}: {suspect.text!r} looks like a paper's meta line with a date that "
            "cannot be read; kept as abstract text",
        )
    if raw.title is None:
        diagnostics.warn("missing-title", raw.line, f"paper {index} has no title")
    if raw.authors is None:
        where = raw.prose_line if raw.prose_line is not None else raw.line
        what = "reads as prose; kept as abstract" if raw.prose_line is not None else "is missing"
        diagnostics.warn("missing-authors", where, f"paper {index}: the authors line {what}")
    score = meta.score
    authors = raw.authors
    return Paper(
        index=index,
        line=raw.line,
        score=(float(score) if "." in score else int(score)) if score else None,
        category=meta.category or "",
        date=_isoformat(date) if date else None,
        date_raw=date_raw,
        year_inferred=year_inferred and date is not None,
        has_code=meta.code is not None,
        title=raw.title,
        authors=authors.names if authors else [],
        authors_truncated=authors.truncated if authors else False,
        affiliations=authors.affiliations if authors else [],
        abstract=raw.abstract,
    )


# A profile's papers share few distinct dates, and a batch's even fewer per distinct text: the
# calendar work is done once per date as written (about 5% of a parse, measured on the bench
# corpus, where 58,917 papers have 4,345 distinct dates).
@functools.lru_cache(maxsize=4096)
def _date(parts: tuple[str | None, ...], as_of: dt.date) -> tuple[dt.date | None, bool]:
    """The date of a meta line's date groups (``RawMeta`` month to iso_day) and whether its
    year was inferred; ``None`` if it is not a real date."""
    month_name, day, year, iso_year, iso_month, iso_day = parts
    if iso_year:
        return dates.resolve(int(iso_month or 0), int(iso_day or 0), int(iso_year), as_of)
    month = dates.month_number(month_name or "")
    if month is None:
        return None, False
    return dates.resolve(month, int(day or 0), int(year) if year else None, as_of)


_isoformat = functools.lru_cache(maxsize=4096)(dt.date.isoformat)


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
        abstracts=abstracts,
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

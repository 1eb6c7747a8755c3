"""Hypothesis strategies for whole documents, in the dictionary form ``to_dict`` gives.

Each generated document is one a real dump could produce, so ``parse(render(doc))`` must give
it back: names with particles, hyphens, apostrophes and non-ASCII letters; titles with LaTeX,
colons, question marks and digits; abstracts of one or several paragraphs; every optional part
present or absent; dates in and out of the reference year, with and without their year.

Abstract paragraphs end in a full stop after a long word, as prose does: a paragraph standing
where the authors line goes is then read as prose, which is the layout's own rule (FORMAT.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from tests.conftest import AS_OF

FIRST_NAMES = ["Nino", "María José", "Zoë", "Michał", "Seán", "Ahmed M.", "Zhang", "Дмитрий"]
PARTICLES = ["", "", "von ", "de la ", "van der ", "'t "]
LAST_NAMES = ["Scherrer", "Oswald", "Zając", "O'Connor", "Plaza-del-Arco", "Höppe", "Wei", "Иванов"]
SUFFIXES = ["", "", "", " Jr."]
AFFILIATIONS = ["deepmind", "oxford", "stanford", "mila", "eth-zurich", "upf"]
TITLE_WORDS = [
    "Causal", "models", "of", "Learning:", "the", "$\\nabla$", "$O(n^2)$", "LLMs", "Graph",
    "via", "2024", "Why", "work?", "v0.5", "Trust", "Your", "{\\em", "sparse}", "3D", "a",
]  # fmt: skip
PROSE_WORDS = ["we", "study", "causal", "models", "which", "are", "hard", "to", "learn", "from"]
PROSE_WORDS += ["data", "alone,", "$x_i$", "(e.g.", "ours)", "in", "2023", "Our", "method"]
SENTENCE_ENDS = ["results.", "benchmarks.", "literature.", "data.", "models."]
CATEGORIES = ["CL", "LG", "AI", "CV", "ML", "RO", "NE", "STAT"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
FULL_MONTHS += ["September", "October", "November", "December"]
EXTRA_HEADER_LINES = ["Verified email at mit.edu", "Followers: many", "Homepage"]


@st.composite
def names(draw: st.DrawFn) -> str:
    parts = (FIRST_NAMES, PARTICLES, LAST_NAMES, SUFFIXES)
    first, particle, last, suffix = (draw(st.sampled_from(options)) for options in parts)
    return f"{first} {particle}{last}{suffix}"


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(PROSE_WORDS), min_size=2, max_size=40))
    return " ".join(["We", *words, draw(st.sampled_from(SENTENCE_ENDS))])


@st.composite
def dates(draw: st.DrawFn) -> tuple[str, str, bool]:
    """(date as the site writes it, ISO date, whether its year was left out)."""
    day = draw(st.dates(min_value=dt.date(2015, 1, 1), max_value=AS_OF))
    style = draw(st.sampled_from(["short", "full", "ordinal", "iso"]))
    if style == "iso":
        return day.isoformat(), day.isoformat(), False
    month = (MONTHS if style == "short" else FULL_MONTHS)[day.month - 1]
    number = f"{day.day}th" if style == "ordinal" and day.day in (4, 5, 6) else str(day.day)
    # The site drops the year when the day is the latest such day up to the copy's date.
    latest = AS_OF.year if (day.month, day.day) <= (AS_OF.month, AS_OF.day) else AS_OF.year - 1
    if day.year == latest and draw(st.booleans()):
        return f"{month} {number}", day.isoformat(), True
    return f"{month} {number}, {day.year}", day.isoformat(), False


@st.composite
def scores(draw: st.DrawFn) -> int | float | None:
    kind = draw(st.sampled_from(["none", "integer", "decimal"]))
    if kind == "none":
        return None
    whole = draw(st.integers(0, 999))
    if kind == "integer":
        return whole
    return float(f"{whole}.{draw(st.integers(0, 99))}")


@st.composite
def papers(draw: st.DrawFn, index: int) -> dict[str, Any]:
    date_raw, date, year_inferred = draw(dates())
    authors = draw(st.lists(names(), max_size=5))
    abstract = draw(st.lists(paragraphs(), max_size=3))
    return {
        "index": index,
        "line": 0,
        "score": draw(scores()),
        "category": draw(st.sampled_from(CATEGORIES)),
        "date": date,
        "date_raw": date_raw,
        "year_inferred": year_inferred,
        "has_code": draw(st.booleans()),
        "title": " ".join(draw(st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=16))),
        "authors": authors,
        "authors_truncated": bool(authors) and draw(st.booleans()),
        "affiliations": draw(st.lists(st.sampled_from(AFFILIATIONS), max_size=3)),
        "abstract": "\n\n".join(abstract) or None,
    }


def _counts() -> st.SearchStrategy[int | None]:
    return st.one_of(st.none(), st.integers(0, 10**6))


@st.composite
def profile_documents(draw: st.DrawFn, max_papers: int = 100) -> dict[str, Any]:
    # Mostly a few papers, one profile in five up to the limit: long ones are slow to draw.
    count = draw(st.integers(0, max_papers if draw(st.integers(0, 4)) == 0 else 8))
    metrics = {
        key: draw(_counts())
        for key in ("h_index", "papers", "citations", "novelty_percent", "ai_score")
    }
    declared = draw(st.one_of(st.none(), st.just(count), st.integers(0, 200)))
    name = draw(st.one_of(names(), st.none()))
    if name is None and all(value is None for value in metrics.values()):
        name = draw(names())  # the first header line would be taken for the name
    if name is not None and count == 0 and declared is None:
        metrics["h_index"] = metrics["h_index"] or 0  # something must say "profile"
    extra = draw(st.lists(st.sampled_from(EXTRA_HEADER_LINES), max_size=1))
    return {
        "kind": "profile",
        "name": name,
        "category": draw(st.one_of(st.none(), st.sampled_from(CATEGORIES))),
        "metrics": metrics,
        "declared_paper_count": declared,
        "papers": [draw(papers(index)) for index in range(1, count + 1)],
        "extra": [{"line": 0, "text": text} for text in extra],
    }


@st.composite
def abstracts_documents(draw: st.DrawFn) -> dict[str, Any]:
    entries = draw(st.lists(st.lists(paragraphs(), max_size=3), min_size=1, max_size=30))
    return {
        "kind": "abstracts",
        "preamble": draw(st.one_of(st.none(), paragraphs())),
        "abstracts": [
            {"index": index, "line": 0, "text": "\n\n".join(entry)}
            for index, entry in enumerate(entries, start=1)
        ],
    }


def documents() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(profile_documents(), abstracts_documents())


def expected_warnings(document: dict[str, Any]) -> list[str]:
    """The warning codes parsing the rendered document must give, sorted."""
    if document["kind"] == "abstracts":
        codes = ["text-before-first-abstract"] if document["preamble"] else []
        codes += ["empty-abstract" for entry in document["abstracts"] if not entry["text"]]
        return sorted(codes)
    codes = [] if document["name"] is not None else ["missing-name"]
    codes += ["unknown-header-line" for _ in document["extra"]]
    declared = document["declared_paper_count"]
    if declared is not None and declared != len(document["papers"]):
        codes.append("paper-count-mismatch")
    codes += [
        "missing-authors"
        for paper in document["papers"]
        if not (paper["authors"] or paper["affiliations"])
    ]
    seen: set[tuple[object, ...]] = set()
    for paper in document["papers"]:
        values = (paper[field] for field in PAPER_IDENTITY)
        key = tuple(tuple(value) if isinstance(value, list) else value for value in values)
        if key in seen:
            codes.append("duplicate-paper")
        seen.add(key)
    return sorted(codes)


# What makes two paper blocks the same paper pasted twice: the meta line, the title and the
# authors line (FORMAT.md).
PAPER_IDENTITY = ("score", "category", "date_raw", "has_code", "title", "authors")
PAPER_IDENTITY += ("authors_truncated", "affiliations")

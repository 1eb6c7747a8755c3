"""CSV: one row per paper (or abstract), the profile's name and metrics repeated as columns.

A profile without papers still gets one row, so no profile disappears from a spreadsheet. Lists
are joined with "; ". Documents of both layouts cannot share one header row.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a formula (and a tab or
carriage return can hide one): text from a dump that starts so gets a leading "'", which makes
the spreadsheet show it as text (OWASP's advice on CSV injection). Numbers are never changed.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any, TextIO

from . import UnsupportedDocuments

PROFILE_COLUMNS = (
    "source", "name", "profile_category", "h_index", "papers", "citations",
    "novelty_percent", "ai_score", "declared_paper_count",
    "index", "line", "score", "category", "date", "date_raw", "year_inferred", "has_code",
    "title", "authors", "authors_truncated", "affiliations", "abstract",
)  # fmt: skip
ABSTRACT_COLUMNS = ("source", "index", "line", "text")
LINK_COLUMNS = (
    "abstracts", "abstract_index", "abstract_line", "relation", "similarity",
    "paper_source", "paper_index", "paper_line", "paper_title",
    "runner_up_source", "runner_up_index", "runner_up_similarity", "also_in",
)  # fmt: skip


# stats: which of its figures a CSV holds (--table: stats.TABLES), and their columns.
STATS_TABLES = {
    "years": ("year", "papers"),
    "categories": ("category", "papers"),
    "authors": ("name", "papers"),
    "affiliations": ("name", "papers"),
    "profiles": (
        "source", "name", "category", "h_index", "citations", "papers_listed", "first_year",
        "last_year",
    ),
}  # fmt: skip
_STATS_KEYS = {"years": "papers_per_year"}


def render(
    documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool, table: str = "years"
) -> None:
    """``table``: for a stats document, which of its figures (``STATS_TABLES``)."""
    kinds = {document["kind"] for document in documents}
    if len(kinds) > 1:
        raise UnsupportedDocuments(
            "csv cannot hold profile and abstract documents together; use jsonl"
        )
    writer = csv.writer(stream, lineterminator="\n")
    if kinds == {"stats"}:
        columns = STATS_TABLES[table]
        writer.writerow(columns)
        for document in documents:
            rows = document[_STATS_KEYS.get(table, table)]
            writer.writerows([_cell(row[column]) for column in columns] for row in rows)
        return
    if kinds == {"links"}:
        writer.writerow(LINK_COLUMNS)
        for document in documents:
            writer.writerows([_cell(value) for value in row] for row in _link_rows(document))
        return
    if not kinds <= {"profile", "abstracts"}:
        raise UnsupportedDocuments(f"csv cannot hold a {kinds.pop()} document; use json")
    is_profile = kinds == {"profile"}
    writer.writerow(PROFILE_COLUMNS if is_profile else ABSTRACT_COLUMNS)
    for document in documents:
        rows = _profile_rows(document) if is_profile else _abstract_rows(document)
        writer.writerows([_cell(value) for value in row] for row in rows)


def _profile_rows(document: dict[str, Any]) -> list[list[Any]]:
    metrics = document["metrics"]
    profile = [
        document["source"],
        document["name"],
        document["category"],
        metrics["h_index"],
        metrics["papers"],
        metrics["citations"],
        metrics["novelty_percent"],
        metrics["ai_score"],
        document["declared_paper_count"],
    ]
    papers = document["papers"] or [None]
    return [profile + _paper_cells(paper) for paper in papers]


def _paper_cells(paper: dict[str, Any] | None) -> list[Any]:
    columns = PROFILE_COLUMNS[PROFILE_COLUMNS.index("index") :]
    if paper is None:
        return [None] * len(columns)
    return [paper[column] for column in columns]


def _link_rows(document: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for link in document["links"]:
        paper = link["paper"] or {}
        other = link["runner_up"] or {}
        rows.append(
            [
                document["abstracts"],
                link["abstract_index"],
                link["abstract_line"],
                link["relation"],
                link["similarity"],
                paper.get("source"),
                paper.get("index"),
                paper.get("line"),
                paper.get("title"),
                other.get("source"),
                other.get("index"),
                other.get("similarity"),
                [f"{place['source']}#{place['index']}" for place in link["also_in"]],
            ]
        )
    return rows


def _abstract_rows(document: dict[str, Any]) -> list[list[Any]]:
    entries = document["abstracts"] or [None]
    return [
        [document["source"]] + ([a["index"], a["line"], a["text"]] if a else [None] * 3)
        for a in entries
    ]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value

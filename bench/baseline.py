"""Benchmark baseline: a plain line-by-line ``re`` parser for the two dump layouts.

This is what the benchmark compares scholarparse against, not part of the library: the script a
competent engineer would write in an afternoon to pull the same fields out of a profile dump or an
abstract-only dump (see FORMAT.md). It uses only the standard library and does none of the
library's careful work: no Unicode normalisation, no diagnostics or line numbers, no BOM or
line-end handling beyond what ``open(..., encoding="utf-8")`` gives, no check that an authors line
really is one, and a year-less date simply gets ``REFERENCE_YEAR``.

Usage: ``python bench/baseline.py INPUT_DIR OUTPUT.jsonl`` writes one JSON line per ``*.txt`` file
found under INPUT_DIR (sorted by path), each with a ``"source"`` key holding the file's path.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

REFERENCE_YEAR = 2026

MONTHS = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "May": 5,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}

# e.g. "81.8CLMay 29Code", "CLMay 5, 2024", "MLSeptember 30, 2024"
META_RE = re.compile(
    r"(\d+(?:\.\d+)?)?([A-Z]+)(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+(\d{1,2})(?:,\s*(\d{4}))?\s*(Code)?"
)
METRIC_RES = [
    ("h_index", re.compile(r"h-index\s*([\d,]+)")),
    ("papers", re.compile(r"([\d,]+)\s*papers")),
    ("citations", re.compile(r"([\d,]+)\s*citations")),
    ("novelty_percent", re.compile(r"Novelty\s*([\d,]+)\s*%")),
    ("ai_score", re.compile(r"AI\s*Score\s*([\d,]+)")),
]
HEADING_RE = re.compile(r"(\d+) Papers?")
CATEGORY_RE = re.compile(r"[A-Z]{2,}")
ABSTRACT_MARKER = "Abstract:"


def collapse(lines: list[str]) -> str:
    """Join a paragraph's lines and collapse runs of whitespace to one space."""
    return " ".join(" ".join(lines).split())


def parse(text: str) -> dict[str, Any]:
    """Parse one dump: abstracts if an ``Abstract:`` line comes before any meta line."""
    lines = text.splitlines()
    for line in lines:
        if line.startswith(ABSTRACT_MARKER):
            return parse_abstracts(lines)
        if META_RE.fullmatch(line.strip()):
            break
    return parse_profile(lines)


def parse_abstracts(lines: list[str]) -> dict[str, Any]:
    entries: list[list[list[str]]] = []  # entry -> paragraphs -> lines
    for raw in lines:
        line = raw.strip()
        if line.startswith(ABSTRACT_MARKER):
            entries.append([[]])
            line = line[len(ABSTRACT_MARKER) :].strip()
            if line:
                entries[-1][-1].append(line)
            continue
        if not entries:
            continue  # text before the first marker is not an abstract
        paragraphs = entries[-1]
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    abstracts = ["\n\n".join(collapse(p) for p in entry if p) for entry in entries]
    return {"kind": "abstracts", "abstracts": abstracts}


def to_int(digits: str) -> int:
    return int(digits.replace(",", ""))


def parse_meta(match: re.Match[str]) -> dict[str, Any]:
    score_text, category, month, day, year, code = match.groups()
    score: int | float | None = None
    if score_text is not None:
        score = float(score_text) if "." in score_text else int(score_text)
    year_number = int(year) if year else REFERENCE_YEAR
    return {
        "score": score,
        "category": category,
        "date": f"{year_number:04d}-{MONTHS[month]:02d}-{int(day):02d}",
        "has_code": code is not None,
    }


def finish_paper(paper: dict[str, Any], paragraphs: list[list[str]]) -> dict[str, Any]:
    texts = [collapse(p) for p in paragraphs if p]
    paper["title"] = texts[0] if texts else None
    authors: list[str] = []
    affiliations: list[str] = []
    truncated = False
    if len(texts) > 1:
        names, _, affiliation_text = texts[1].partition("·")
        names = names.strip()
        if names.endswith("et al."):
            truncated = True
            names = names[: -len("et al.")]
        authors = [name.strip() for name in names.split(",") if name.strip()]
        affiliations = [a.strip() for a in affiliation_text.split(",") if a.strip()]
    paper["authors"] = authors
    paper["authors_truncated"] = truncated
    paper["affiliations"] = affiliations
    paper["abstract"] = "\n\n".join(texts[2:]) or None
    return paper


def parse_profile(lines: list[str]) -> dict[str, Any]:
    metrics: dict[str, int | None] = {key: None for key, _ in METRIC_RES}
    doc: dict[str, Any] = {
        "kind": "profile",
        "name": None,
        "category": None,
        "metrics": metrics,
        "declared_paper_count": None,
        "papers": [],
    }
    paper: dict[str, Any] | None = None
    paragraphs: list[list[str]] = []
    for raw in lines:
        line = raw.strip()
        match = META_RE.fullmatch(line)
        if match:
            if paper is not None:
                doc["papers"].append(finish_paper(paper, paragraphs))
            paper = parse_meta(match)
            paragraphs = [[]]
        elif paper is not None:
            if line:
                paragraphs[-1].append(line)
            elif paragraphs[-1]:
                paragraphs.append([])
        elif not line:
            continue
        elif doc["name"] is None:
            doc["name"] = line
        elif CATEGORY_RE.fullmatch(line):
            doc["category"] = line
        elif heading := HEADING_RE.fullmatch(line):
            doc["declared_paper_count"] = int(heading.group(1))
        else:
            for key, pattern in METRIC_RES:
                metric = pattern.fullmatch(line)
                if metric:
                    metrics[key] = to_int(metric.group(1))
                    break
    if paper is not None:
        doc["papers"].append(finish_paper(paper, paragraphs))
    return doc


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit("usage: python bench/baseline.py INPUT_DIR OUTPUT.jsonl")
    input_dir, output_path = argv
    paths: list[str] = []
    for directory, _, files in os.walk(input_dir):
        paths.extend(os.path.join(directory, f) for f in files if f.endswith(".txt"))
    with open(output_path, "w", encoding="utf-8") as out:
        for path in sorted(paths):
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError) as error:
                print(f"skipping {path}: {error}", file=sys.stderr)
                continue
            doc = {"source": path, **parse(text)}
            out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])

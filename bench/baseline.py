"""Benchmark baseline: the plain script a competent engineer writes to convert the dumps.

What ``make bench`` compares scholarparse against, not part of the library: read each file,
split it into lines, match the meta line and the header lines with anchored ``re.match`` per
line, and write one ``json.dumps`` line per file. A paper is a meta line, the next non-blank
line as its title, the next as its authors line, and the rest up to the next meta line as its
abstract. Only the standard library, and none of the library's careful work: no Unicode
normalisation, no diagnostics or line numbers, no check that an authors line is one, no BOM or
line-end handling beyond ``splitlines``; a year-less date gets ``REFERENCE_YEAR``. Nothing is
done that this does not need, and nothing is made slower than it need be.

Usage: ``python bench/baseline.py INPUT_DIR OUTPUT.jsonl`` writes one JSON line per ``*.txt``
file under INPUT_DIR (sorted by path), each with a ``"source"`` key holding the file's path.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

REFERENCE_YEAR = 2026
MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}

# "81.8CLMay 29Code", "CLMay 5, 2024"
META = re.compile(
    r"(\d+(?:\.\d+)?)?([A-Z]{2,})(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(\d{1,2})(?:, (\d{4}))?(Code)?$"
)
METRICS = (
    ("h_index", re.compile(r"h-index(\d+)$")),
    ("papers", re.compile(r"(\d+)papers$")),
    ("citations", re.compile(r"(\d+)citations$")),
    ("novelty_percent", re.compile(r"Novelty(\d+)%$")),
    ("ai_score", re.compile(r"AI Score(\d+)$")),
)
HEADING = re.compile(r"(\d+) Papers?$")
CATEGORY = re.compile(r"[A-Z]{2,}$")
MARKER = "Abstract:"


def parse(text: str) -> dict[str, Any]:
    """One dump: an abstract list if an ``Abstract:`` line comes before any meta line."""
    lines = text.splitlines()
    for line in lines:
        if line.startswith(MARKER):
            return parse_abstracts(lines)
        if META.match(line):
            break
    return parse_profile(lines)


def parse_abstracts(lines: list[str]) -> dict[str, Any]:
    entries: list[list[str]] = []
    for line in lines:
        if line.startswith(MARKER):
            entries.append([line[len(MARKER) :].strip()])
        elif entries and line:
            entries[-1].append(line)
    return {"kind": "abstracts", "abstracts": ["\n\n".join(filter(None, e)) for e in entries]}


def parse_profile(lines: list[str]) -> dict[str, Any]:
    metrics: dict[str, int | None] = dict.fromkeys(key for key, _ in METRICS)
    document: dict[str, Any] = {
        "kind": "profile",
        "name": None,
        "category": None,
        "metrics": metrics,
        "declared_paper_count": None,
        "papers": [],
    }
    papers = document["papers"]
    body: list[str] | None = None  # the non-blank lines after the current paper's meta line
    for line in lines:
        meta = META.match(line)
        if meta:
            if body is not None:
                papers[-1].update(paper_body(body))
            papers.append(paper_meta(meta))
            body = []
        elif body is not None:
            if line:
                body.append(line)
        elif not line:
            continue
        elif document["name"] is None:
            document["name"] = line
        elif CATEGORY.match(line):
            document["category"] = line
        elif heading := HEADING.match(line):
            document["declared_paper_count"] = int(heading.group(1))
        else:
            for key, pattern in METRICS:
                metric = pattern.match(line)
                if metric:
                    metrics[key] = int(metric.group(1))
                    break
    if body is not None:
        papers[-1].update(paper_body(body))
    return document


def paper_meta(meta: re.Match[str]) -> dict[str, Any]:
    score, category, month, day, year, code = meta.groups()
    return {
        "score": None if score is None else float(score),
        "category": category,
        "date": f"{year or REFERENCE_YEAR}-{MONTHS[month]:02d}-{int(day):02d}",
        "has_code": code is not None,
    }


def paper_body(body: list[str]) -> dict[str, Any]:
    authors_line = body[1] if len(body) > 1 else ""
    names, _, affiliations = authors_line.partition(" · ")
    truncated = names.endswith(" et al.")
    if truncated:
        names = names[: -len(" et al.")]
    return {
        "title": body[0] if body else None,
        "authors": names.split(", ") if names else [],
        "authors_truncated": truncated,
        "affiliations": affiliations.split(", ") if affiliations else [],
        "abstract": "\n\n".join(body[2:]) or None,
    }


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit("usage: python bench/baseline.py INPUT_DIR OUTPUT.jsonl")
    input_dir, output_path = argv
    paths = [
        os.path.join(directory, name)
        for directory, _, names in os.walk(input_dir)
        for name in names
        if name.endswith(".txt")
    ]
    with open(output_path, "w", encoding="utf-8") as out:
        for path in sorted(paths):
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError) as error:
                print(f"skipping {path}: {error}", file=sys.stderr)
                continue
            out.write(json.dumps({"source": path, **parse(text)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])

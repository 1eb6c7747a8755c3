"""The profile header: the name, the topic code, the metrics and the "N Papers" heading.

The header is every line before the first paper meta line. Each line is matched whole against
one pattern with a named group per field, so a line that fits none is kept, not guessed at.
"""

from __future__ import annotations

import re

from ..text import collapse
from .papers import metas_of
from .scan import RawField, RawHeader, RawLine, Scan

NAME = "header"

# A count as the site prints it: "875" or "12,345". Bounded so a hostile line of a million digits
# is reported as an unknown line instead of becoming an enormous integer.
_NUMBER = r"(?:\d{1,3}(?:,\d{3}){1,5}|\d{1,18})"

# Every header line is a number with a label glued before or after it, or the topic code.
HEADER_LINE = re.compile(
    rf"""
      (?:(?P<prefix>[A-Za-z][A-Za-z-]{{0,15}}(?:[ ][A-Za-z]{{1,16}})?)[ ]*+)?  # "AI Score"
      (?P<number>{_NUMBER})
      (?:[ ]*+(?P<suffix>[A-Za-z]{{1,16}}|%))?    # "papers", "citations", "%"
    | (?P<category>[A-Z]{{1,16}})                 # topic code: the main arXiv area
    """,
    re.VERBOSE,
)

_LINE_TEXT = re.compile(r"[^\n]++")  # the text of a line that is not empty

# Which field a (prefix, suffix) pair fills. Prefixes are compared in lower case without spaces;
# suffixes as written, because case is what tells the site's total "20papers" from the list's
# heading "20 Papers".
FIELD_BY_LABELS = {
    ("h-index", ""): "h_index",
    ("novelty", "%"): "novelty_percent",
    ("aiscore", ""): "ai_score",
    ("", "papers"): "papers",
    ("", "paper"): "papers",
    ("", "citations"): "citations",
    ("", "citation"): "citations",
    ("", "Papers"): "declared_paper_count",
    ("", "Paper"): "declared_paper_count",
}


def classify(line: str) -> tuple[str, str] | None:
    """``(field, value as written)`` for a header line, or ``None`` if it fits no field."""
    match = HEADER_LINE.fullmatch(line)
    if match is None:
        return None
    prefix, number, suffix, category = match.groups()  # in the pattern's order
    if category:
        return "category", category
    field = FIELD_BY_LABELS.get(((prefix or "").lower().replace(" ", ""), suffix or ""))
    return (field, number) if field else None


def extract(scan: Scan) -> None:
    metas = metas_of(scan)
    header_end = metas[0][0] if metas else len(scan.text)
    name: RawLine | None = None
    fields: list[RawField] = []
    unknown: list[RawLine] = []
    expecting_name = True
    # Line by line, but never visiting empty lines: a copy may hold millions of them here.
    for written in _LINE_TEXT.finditer(scan.text, 0, header_end):
        line = collapse(written.group())
        if not line:
            continue
        number = scan.lines.line_of(written.start())
        found = classify(line)
        if expecting_name:
            # The name is the first non-blank line, unless that line is plainly a metric or the
            # heading: then the copy lost the name, and the line still counts as what it is.
            expecting_name = False
            if found is None or found[0] == "category":
                name = RawLine(number, line)
                continue
        if found is None:
            unknown.append(RawLine(number, line))
        else:
            fields.append(RawField(number, found[0], found[1], line))
    scan.header = RawHeader(name, fields, unknown)

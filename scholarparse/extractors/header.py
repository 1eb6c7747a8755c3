"""The profile header: the name, the topic code, the metrics and the "N Papers" heading.

The header is every line before the first paper meta line. Each line is matched whole against
one pattern with a named group per field, so a line that fits none is kept, not guessed at.
"""

from __future__ import annotations

import re

from ..patterns import compile_pattern
from ..text import collapse
from .papers import metas_of
from .scan import RawField, RawHeader, RawLine, Scan

NAME = "header"

# A count as the site prints it: "875" or "12,345". Bounded so a hostile line of a million digits
# is reported as an unknown line instead of becoming an enormous integer.
_NUMBER = r"(?:\d{1,3}(?:,\d{3}){1,5}|\d{1,18})"

# Every header line is a number with a label glued before or after it, or the topic code.
HEADER_LINE = compile_pattern(
    rf"""
      (?:(?P<prefix>[A-Za-z][A-Za-z-]{{0,15}}(?:[ ][A-Za-z]{{1,16}})?)[ ]*+)?  # "AI Score"
      (?P<number>{_NUMBER})
      (?:[ ]*+(?P<suffix>[A-Za-z]{{1,16}}|%))?    # "papers", "citations", "%"
    | (?P<category>[A-Z]{{1,16}})                 # topic code: the main arXiv area
    """,
    re.VERBOSE,
)

# One metric of several on a line: like ``HEADER_LINE``'s first branch, but a label after the
# number is one of the site's, so that "h-index0 AI Score0" splits after the first number.
_METRIC_ON_A_LINE = compile_pattern(
    rf"""
      (?:[A-Za-z][A-Za-z-]{{0,15}}(?:[ ][A-Za-z]{{1,16}})?[ ]?)?  # "h-index", "AI Score"
      {_NUMBER}
      (?:[ ]?(?:[Pp]apers?|citations?|%))?                     # "papers", "citations", "%"
    """,
    re.VERBOSE,
)

_LINE_TEXT = compile_pattern(r"[^\n]++")  # the text of a line that is not empty

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


def header_items(line: str, number: int = 0) -> list[RawField] | None:
    """The fields header line ``number`` holds, or ``None`` if it is not a header line.

    A line is one field, or several metrics on one line as some copies lay them out
    (``h-index75  20papers  875citations``, tabs or runs of spaces between them); each is read
    as if it stood on its own line.
    """
    found = classify(line)
    if found is not None:
        return [RawField(number, found[0], found[1], line)]
    return _metrics_on_one_line(line, number) if " " in line else None


def _metrics_on_one_line(line: str, number: int) -> list[RawField] | None:
    items = []
    position = 0
    while position < len(line):
        match = _METRIC_ON_A_LINE.match(line, position)
        if match is None or (match.end() < len(line) and line[match.end()] != " "):
            return None
        text = match.group()
        found = classify(text)
        if found is None or found[0] == "category":
            return None
        items.append(RawField(number, found[0], found[1], text))
        position = match.end() + 1
    return items if len(items) > 1 else None


def extract(scan: Scan) -> None:
    metas = metas_of(scan)
    header_end = metas[0][0] if metas else len(scan.text)
    line_of = scan.lines.line_of
    lines: list[tuple[int, str]] = []  # every non-blank line: (number, text)
    fields_of: list[list[RawField] | None] = []  # and what it holds, if it is a header line
    first_metric = None
    # Line by line, but never visiting empty lines: a copy may hold millions of them here.
    for written in _LINE_TEXT.finditer(scan.text, 0, header_end):
        line = collapse(written.group())
        if not line:
            continue
        number = line_of(written.start())
        found = header_items(line, number)
        if first_metric is None and found is not None and found[0].name not in _NOT_METRICS:
            first_metric = len(lines)
        lines.append((number, line))
        fields_of.append(found)
    # The name is the line right before the header block: lines above it are page text that a
    # copy started too early took along ("Skip to main content", the site's menu). Without a
    # header block the name is the first line, as the seeds have it.
    block = _header_block_start(lines, fields_of, first_metric)
    name_at = 0 if block is None else block - 1
    fields: list[RawField] = []
    unknown: list[RawLine] = []
    for at in range(name_at + 1, len(lines)):
        found = fields_of[at]
        if found is None:
            unknown.append(RawLine(*lines[at]))
        else:
            fields.extend(found)
    scan.header = RawHeader(
        RawLine(*lines[name_at]) if name_at >= 0 and lines else None,
        fields,
        unknown,
        [RawLine(*line) for line in lines[: max(name_at, 0)]],
    )


def _header_block_start(
    lines: list[tuple[int, str]], fields_of: list[list[RawField] | None], first_metric: int | None
) -> int | None:
    """Where the topic code and metrics start, or ``None`` when the header has none.

    The block is found by its first metric (or, without any, by a topic code below the first
    line), with the topic codes right above it. A first line that looks like a code ("CL") in
    a paragraph of its own is still the name, as when it is the only line above the metrics.
    Without a block, a first line that is a heading or a metric means the copy lost the name.
    """

    def is_topic(at: int) -> bool:
        found = fields_of[at]
        return found is not None and found[0].name == "category"

    anchor = first_metric
    if anchor is None:
        anchor = next((at for at in range(1, len(lines)) if is_topic(at)), None)
    if anchor is None:
        return 0 if fields_of and fields_of[0] is not None and not is_topic(0) else None
    start = anchor
    while start > 0 and is_topic(start - 1):
        start -= 1
    if start == 0 < anchor and lines[1][0] - lines[0][0] > 1:
        return 1  # a blank line below the first line: a name that looks like a code
    return start


_NOT_METRICS = frozenset({"category", "declared_paper_count"})

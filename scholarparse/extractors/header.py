"""The profile header: the name, the topic code, the metrics and the "N Papers" heading.

The header is every line before the first paper meta line. Each line is matched whole against
one pattern with a named group per field, so a line that fits none is kept, not guessed at.
"""

from __future__ import annotations

import regex

from ..text import collapse
from .papers import META_LINE
from .scan import RawField, RawHeader, RawLine, Scan

NAME = "header"

# A count as the site prints it: "875" or "12,345". Bounded so a hostile line of a million digits
# is reported as an unknown line instead of becoming an enormous integer.
_NUMBER = r"(?:\d{1,3}(?:,\d{3}){1,6}|\d{1,18})"

HEADER_LINE = regex.compile(
    rf"""
      (?i:h-index)[ ]*+(?P<h_index>{_NUMBER})
    | (?P<papers>{_NUMBER})[ ]*+papers?                 # the site's total, lowercase, glued
    | (?P<citations>{_NUMBER})[ ]*+(?i:citations?)
    | (?i:novelty)[ ]*+(?P<novelty_percent>{_NUMBER})[ ]*+%
    | (?i:ai)[ ]*+(?i:score)[ ]*+(?P<ai_score>{_NUMBER})
    | (?P<declared_paper_count>{_NUMBER})[ ]*+Papers?   # the list heading, capitalised
    | (?P<category>[A-Z]{{1,16}})                       # topic code: the main arXiv area
    """,
    regex.VERBOSE,
)


def extract(scan: Scan) -> None:
    first_meta = META_LINE.search(scan.text)
    header_text = scan.text[: first_meta.start() if first_meta else len(scan.text)]
    header = RawHeader()
    expecting_name = True
    for number, raw in enumerate(header_text.split("\n"), start=1):
        line = collapse(raw)
        if not line:
            continue
        match = HEADER_LINE.fullmatch(line)
        if expecting_name:
            # The name is the first non-blank line, unless that line is plainly a metric or the
            # heading: then the copy lost the name, and the line still counts as what it is.
            expecting_name = False
            if match is None or match.lastgroup == "category":
                header.name = RawLine(number, line)
                continue
        if match is None:
            header.unknown.append(RawLine(number, line))
        else:
            name = match.lastgroup or ""
            header.fields.append(RawField(number, name, match.group(name), line))
    scan.header = header

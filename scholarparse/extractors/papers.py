"""Paper blocks of a profile dump: a meta line, a title, an authors line, an abstract.

The regex engine finds every meta line over the whole text in one pass; the text between two
meta lines is one paper block, split into paragraphs. Only ``[ ]`` and ``\\n`` appear as
whitespace here because ``text.normalise`` has mapped every other space character to ``' '``.
"""

from __future__ import annotations

import regex

from ..text import join_paragraphs, paragraphs
from .scan import RawAuthors, RawPaper, Scan

NAME = "papers"

_MONTH = r"""
    Jan(?:uary)? | Feb(?:ruary)? | Mar(?:ch)? | Apr(?:il)? | May | June? | July?
  | Aug(?:ust)? | Sep(?:t(?:ember)?)? | Oct(?:ober)? | Nov(?:ember)? | Dec(?:ember)?
"""

META_LINE = regex.compile(
    rf"""
    ^[ ]*+
    (?P<score>\d{{1,6}}(?:\.\d{{1,6}})?)?      # relevance score, maybe an integer, maybe absent
    (?P<category>[A-Z]{{1,16}})                 # arXiv area; backtracks off the month's capital
    (?P<date>
        (?P<month>{_MONTH})\.?[ ]{{1,4}}        # "Sep", "Sept.", "September"
        (?P<day>\d{{1,2}})
        (?:,[ ]{{0,4}}(?P<year>\d{{4}}))?       # absent for the copy's current year
    )
    [ ]*+(?P<code>Code)?                        # code is available
    [ ]*+$
    """,
    regex.MULTILINE | regex.VERBOSE,
)

# One author: one to six words, each starting with a letter and made of letters, combining marks,
# apostrophes, hyphens and dots (initials, "Jr."). No digits, no other punctuation: that is prose.
_AUTHOR = regex.compile(
    r"""
    [\p{L}'’][\p{L}\p{M}'’.\-]*+              # "O'Connor", "'t Hooft", "Plaza-del-Arco", "M."
    (?:[ ][\p{L}'’][\p{L}\p{M}'’.\-]*+){0,5}
    """,
    regex.VERBOSE,
)

# The site cuts long author lists and says so with a trailing "et al.".
_ET_AL = regex.compile(r"(?:^|,?[ ]+)et[ ]al\.?$")

# A name may end in a dot only as an initial ("John Q.") or a short suffix ("Jr.").
_SENTENCE_END = regex.compile(r"(?:^|[ ])\p{L}{3,}\.$")


def extract(scan: Scan) -> None:
    text = scan.text
    metas = list(META_LINE.finditer(text))
    for number, meta in enumerate(metas):
        end = metas[number + 1].start() if number + 1 < len(metas) else len(text)
        scan.papers.append(_paper_block(scan, meta, end))


def _paper_block(scan: Scan, meta: regex.Match[str], end: int) -> RawPaper:
    line = scan.lines.line_of(meta.start())
    found = paragraphs(scan.text, meta.end(), end)
    title = found[0][1] if found else None
    authors = parse_authors_line(found[1][1]) if len(found) > 1 else None
    prose_line = None
    if authors is None and len(found) > 1:
        prose_line = scan.lines.line_of(found[1][0])
    abstract_from = 2 if authors is not None else 1
    return RawPaper(
        line=line,
        meta=meta.groupdict(),
        title=title,
        authors=authors,
        prose_line=prose_line,
        abstract=join_paragraphs(found[abstract_from:]),
    )


def parse_authors_line(paragraph: str) -> RawAuthors | None:
    """Split ``Names, … et al. · affiliations`` or return ``None`` when it reads as prose."""
    names_part, dot, affiliations_part = paragraph.partition("·")
    names_part = names_part.strip()
    et_al = _ET_AL.search(names_part)
    if et_al:
        names_part = names_part[: et_al.start()]
    names = [name.strip() for name in names_part.split(",")]
    names = [name for name in names if name]
    if not names and not (dot and affiliations_part.strip()):
        return None
    if any(not _AUTHOR.fullmatch(name) for name in names):
        return None
    if names and _SENTENCE_END.search(names[-1]) and not et_al:
        return None
    affiliations = [part.strip() for part in affiliations_part.split(",")]
    return RawAuthors(
        names=names,
        truncated=et_al is not None,
        affiliations=[part for part in affiliations if part],
    )

"""Paper blocks of a profile dump: a meta line, a title, an authors line, an abstract.

The regex engine finds every meta line over the whole text in one pass; the text between two
meta lines is one paper block, split into paragraphs. Only ``[ ]`` and ``\\n`` appear as
whitespace here because ``text.normalise`` has mapped every other space character to ``' '``.

Author names need Unicode properties (``\\p{L}``), so their patterns use ``regex``; the others
need nothing the stdlib ``re`` lacks, and it runs them about twice as fast.
"""

from __future__ import annotations

import functools
import re

from ..dates import MONTH_NAMES
from ..latex import has_tex, to_unicode
from ..patterns import LazyPattern, compile_pattern, regex_compile
from ..text import collapse, join_paragraphs, paragraphs
from .scan import RawAuthors, RawLine, RawMeta, RawPaper, Scan

NAME = "papers"

# A meta line's parts (score, category, date, "Code") are glued as the seeds show them
# ("81.8CLMay 29Code"), or separated by spaces (a tab is a space once ``text.normalise`` has
# run), or each on a line of its own, as other browsers copy them. The line break after the
# first part (``split``: after the score, ``split_late``: after a category with no score before
# it) chooses the split form: every later separator is then a line break too, and a "Code"
# line counts only when the title follows it directly ("Code" before a blank line is a
# one-word title). The first part is read before any of this, so a line of prose fails at its
# first characters, as it did when only the glued form was read.
_LINE_BREAK = r"[ ]*+\n[ ]*+"
_SEPARATOR = r"[ ]*+(?:\n[ ]*+)?"  # between two parts of a meta line, in any of its forms
_CODE_ON_ITS_LINE = rf"{_LINE_BREAK}(?=Code[ ]*+\n[ ]*+[^ \n])"
_META_FIELDS = rf"""
    [ ]*+
    (?:(?P<score>\d{{1,6}}(?:\.\d{{1,6}})?)   # relevance score, maybe an integer, maybe absent
       (?:(?P<split>{_LINE_BREAK})|[ ]*+))?
    (?=[A-Z][A-Z\d \n])                    # a capital, then the date's capital or digit (or a
                                            # separator): ends most lines of prose before the
                                            # month names (25%)
    (?P<category>[A-Z]{{1,16}})             # arXiv area; backtracks off the month's capital
    (?(split){_LINE_BREAK}|(?(score)[ ]*+|(?P<split_late>{_LINE_BREAK})?[ ]*+))
    (?P<date>
        (?P<month>{"|".join(MONTH_NAMES)})\.?   # "Sep", "Sept.", "September"
        [ ]{{1,4}}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?
        (?:,[ ]{{0,4}}(?P<year>\d{{4}}))?     # absent for the copy's current year
      | (?P<iso_year>\d{{4}})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})   # "2025-03-04"
    )
    (?:(?(split){_CODE_ON_ITS_LINE}|(?(split_late){_CODE_ON_ITS_LINE}|[ ]*+))
       (?P<code>Code))?                     # code is available
    [ ]*+$
"""
# A split meta line spans four lines at most, and its "Code" is read with the line after it.
_META_LINE_MOST_LINES = 6


def meta_lines(text: str) -> list[tuple[int, re.Match[str]]]:
    """Every paper meta line of ``text``, with the offset where its line starts.

    Each match may go on over its paper's common block (``_COMMON_BLOCK``); the next is looked
    for after it, so no two overlap, also after a split meta line that opens the text (whose
    category and date lines read as a meta line of their own).
    """
    first = _meta_line_first(text)
    after = _META_LINE_AFTER_LINE_END.finditer(text, first.end() if first else 0)
    found = [(match.start() + 1, match) for match in after]
    return [(0, first), *found] if first else found


def metas_of(scan: Scan) -> list[tuple[int, re.Match[str]]]:
    """``meta_lines`` of the scan's text, found on first use and kept on the scan."""
    if scan.metas is None:
        scan.metas = meta_lines(scan.text)
    return scan.metas


def _meta_line_first(text: str) -> re.Match[str] | None:
    """The meta line that opens ``text``, if it opens with one (a copy that lost the header).

    Checked on a copy of the first lines (a split meta line and the title's start) with the
    pattern every run compiles; ``META_LINE`` is compiled only for the rare dump that passes.
    """
    end = text.find("\n")
    first_line = (text if end < 0 else text[:end]).strip(" ")
    if first_line.isdigit() or first_line.replace(".", "", 1).isdigit() or first_line.isupper():
        # a score or a category alone: maybe the first part of a split meta line
        for _ in range(_META_LINE_MOST_LINES - 1):
            if end < 0:
                break
            end = text.find("\n", end + 1)
    head = text if end < 0 else text[:end]
    if _META_LINE_AFTER_LINE_END.match("\n" + head) is None:
        return None
    found: re.Match[str] | None = META_LINE.match(text)
    return found


def meta_line_end(meta: re.Match[str]) -> int:
    """Where the meta line of ``meta`` ends: the match may go on over the paper's block."""
    return meta.end() if meta.group("body") is None else meta.start("body")


def first_meta_line(text: str) -> tuple[int, re.Match[str]] | None:
    """The first paper meta line of ``text`` and its offset, reading no further than it and
    its paper's common block."""
    first = _meta_line_first(text)
    if first:
        return 0, first
    match = _META_LINE_AFTER_LINE_END.search(text)
    return None if match is None else (match.start() + 1, match)


# A paragraph of an abstract that opens with what looks like a meta line whose date could not
# be read ("CLMay 30 2025", "CL 2025/03/04"): its paper would be merged silently, so it is
# reported. Only a short first line that starts with a glued category and ends like a date.
_SUSPECT_FIELDS = r"""
    (?:\d{1,6}(?:\.\d{1,6})?[ ]?)?
    [A-Z]{2,16}[ ]?(?:[A-Z][a-z]{1,8}\.?[ ]?\d|\d)  # glued category, then a date-like start
    [^\n]{0,30}?(?:\d|Code|st|nd|rd|th)[ ]*+$       # short, and ends like a date or "Code"
"""
SUSPECT_META_LINE = compile_pattern(_SUSPECT_FIELDS, re.MULTILINE | re.VERBOSE)


# One author: one to ten words, each starting with a letter and made of letters, combining marks,
# apostrophes, hyphens, dots (initials, "Jr.") and the Catalan middle dot. No digits, no other
# punctuation: that is prose. "O'Connor", "Plaza-del-Arco", "M.", "Gal·la", "María José García
# de la Fuente".
def _author(first: str, rest: str) -> str:
    word = rf"[{first}'\u2019][{rest}'\u2019.\-\u00b7]*+"
    return rf"{word}(?:[ ]{word}){{0,9}}"


# A list of authors as the site writes it: names separated by ", ", none starting with "and"/"or".
# Each name is followed by ", " and more, or by the end: the name's pattern appears once, which
# halves the time to compile it (start-up).
def _author_list(author: str) -> str:
    return rf"(?:(?!(?:and|or)[ ]){author}(?:,[ ](?=.)|\Z))++"


# Names outside the Latin alphabet, and lines that are not a plain list, are rare: compiled on
# first use (``LazyPattern``).
_AUTHOR = LazyPattern(regex_compile, _author(r"\p{L}", r"\p{L}\p{M}"))
_AUTHOR_LIST = LazyPattern(regex_compile, _author_list(_AUTHOR.pattern))
# Most names are written in Latin letters, and the stdlib engine checks a list of them about
# four times faster. Every letter listed here is a ``\p{L}`` (tests/test_extractors.py), so what
# this accepts ``_AUTHOR_LIST`` accepts too; the rest falls through to it.
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_AUTHOR_LIST = compile_pattern(_author_list(_author(LATIN_LETTERS, LATIN_LETTERS)))


# The common authors line in one match: Latin names with no middle dot, then maybe " et al.",
# then maybe " · " and plain affiliations. No word of a name may be the "et" of "et al", which
# the full reading below strips first. What this accepts, the full reading reads the same way
# (tests/test_extractors.py compares them on generated lines); anything else goes there. About
# two thirds of the time of the full reading (3.0 -> 2.0 us a line on the bench corpus).
#
# ``line_end`` is where the line stops: the end of the string for a line on its own, a line
# break for the line inside a paper block (``_BLOCK_AUTHORS_LINE``); ``repeat`` how many names
# it may hold.
def _plain_authors_line(line_end: str, repeat: str = "++") -> str:
    word = (
        rf"(?!et[ ]al(?:[.,\ \n]|{line_end}))"
        rf"[{LATIN_LETTERS}'\u2019][{LATIN_LETTERS}'\u2019.\-]*+"
    )
    affiliation = r"[^ ,·\n]++(?:[ ][^ ,·\n]++)*+"
    return rf"""
    (?P<names>(?:(?!(?:and|or)[ ]){word}(?:[ ]{word}){{0,9}}
      (?:,[ ](?=[^ \n])|(?=[ ]et[ ]al\.|[ ]·[ ]|{line_end}))
    ){repeat})
    (?P<et_al>[ ]et[ ]al\.)?
    (?:[ ]·[ ](?P<affiliations>{affiliation}(?:,[ ]{affiliation})*+))?
    """


_PLAIN_AUTHORS_LINE = compile_pattern(_plain_authors_line(r"\Z"), re.VERBOSE)

_NAME_SUFFIXES = frozenset({"Jr.", "Sr.", "Esq."})

# " · " before the affiliations; a dot inside a word (Catalan "Gal·la") is part of a name.
_AFFILIATION_DOT = compile_pattern(r"[ ]·[ ]?|·[ ]")


# A paper block after its meta line: the first paragraph (a run of non-blank lines) is the
# title, the second may be the authors line, the third starts the abstract. One match per block
# keeps the per-paper work in the regex engine; only an abstract of several paragraphs needs
# more (the match then stops short of the block's end).
_LINE = r"[ ]*+[^ \n][^\n]*+"  # a non-blank line, from its start to its end
_PARAGRAPH = rf"{_LINE}(?:\n{_LINE})*+"
_NEXT = r"\n(?:[ ]*+\n)++[ ]*+"  # one or more blank lines, and the next line's indent
_BLOCK = compile_pattern(
    rf"""
    [ \n]*+(?P<title>{_PARAGRAPH})               # blank lines, then the title paragraph
    (?:{_NEXT}(?P<second>{_PARAGRAPH})            # the next paragraph
      (?:{_NEXT}(?P<third>{_PARAGRAPH}))?         # and the one after it
    )?
    [ \n]*+                                      # blank lines up to the next block
    """,
    re.VERBOSE,
)

# The common paper block, read in the same match as its meta line: a title line, a blank line,
# a plain authors line (``_plain_authors_line``), and maybe a blank line and a one-line
# abstract. The engine then never tries a meta line at the lines the block holds, and Python
# skips ``_paper_block``'s work: 53,071 of the bench corpus's 58,917 blocks are read this way,
# and ``parse_bytes`` + ``to_dict`` + orjson over the corpus takes 1.04 s against 1.11 s
# (medians of 5 passes, alternated; with the lean ``build._paper``).
# A line it takes must not start a meta line, or the paper after it would be lost:
# ``_NO_META_LINE`` refuses every line that could (a score, then a capital run and a month,
# which every meta line starts with), and the rare title it refuses too goes the long way.
# Anything else (a wrapped line, an abstract of several paragraphs, an authors line that ends
# a sentence, a suspect first line) is read by ``_paper_block``: ``extract`` sends a block
# there when more than blank lines follow what the match read. tests/test_extractors.py
# compares the two readings on generated blocks and on every fixture.
_LINE_TEXT = r"[^ \n][^\n]*+"  # a line's text from its first character that is not a space
_MONTH_STARTS = "|".join(sorted({name[:3] for name in MONTH_NAMES}))
_NO_META_LINE = (
    rf"(?!(?:\d{{1,6}}(?:\.\d{{1,6}})?{_SEPARATOR})?[A-Z]{{1,16}}{_SEPARATOR}"
    rf"(?:{_MONTH_STARTS}|\d{{4}}-))"
)
# ``body`` is empty: it marks where the block starts (``meta_line_end``) without a copy of the
# block in every ``groups()`` (parse + JSON line over the bench corpus, best of 3 passes, medians
# of 15 alternated processes: 1.008 s against 1.029 s).
# At most 256 names: under the ``regex`` engine (Python 3.11.0 to 3.11.4) a line of 100,000
# names took 40 MB more in this match than on its own (tests/test_hostile.py); a longer line
# goes the long way.
_BLOCK_AUTHORS_LINE = _plain_authors_line(r"[ ]*+(?:\n|\Z)", "{1,256}+")
_COMMON_BLOCK = rf"""
    (?:(?P<body>)
      \n(?:[ ]*+\n)*+[ ]*+{_NO_META_LINE}(?P<title>{_LINE_TEXT})
      {_NEXT}{_NO_META_LINE}{_BLOCK_AUTHORS_LINE}[ ]*+
      (?:{_NEXT}{_NO_META_LINE}(?!{_SUSPECT_FIELDS})(?P<abstract>{_LINE_TEXT}))?
    )?
"""
# One meta line, matched where a line starts. Only real month names count, so a title such as
# "GPTZero 2" never starts a paper.
META_LINE = LazyPattern(compile_pattern, _META_FIELDS + _COMMON_BLOCK, re.MULTILINE | re.VERBOSE)
# The same after a line end: a pattern that starts with a literal lets the engine skip from one
# "\n" to the next at memchr speed, where "^" would be tried at every character.
_META_LINE_AFTER_LINE_END = compile_pattern(
    r"\n" + _META_FIELDS + _COMMON_BLOCK, re.MULTILINE | re.VERBOSE
)


def extract(scan: Scan) -> None:
    text = scan.text
    metas = metas_of(scan)
    line_of = scan.lines.line_of
    papers = scan.papers
    last = len(metas) - 1
    for number, (start, meta) in enumerate(metas):
        end = metas[number + 1][0] if number < last else len(text)
        fields = meta.groups()
        names = fields[_NAMES]
        # The common block read whole: only blank lines follow it, and its authors line does not
        # end in a full stop (which ``parse_authors_line`` looks at further).
        if (
            names is None
            or (names[-1] == "." and fields[_ET_AL] is None)
            or text[meta.end() : end].strip(" \n")
        ):
            papers.append(_paper_block(scan, start, fields, meta_line_end(meta), end))
            continue
        affiliations = fields[_AFFILIATIONS]
        abstract = fields[_ABSTRACT]
        papers.append(
            _raw_paper(
                (
                    line_of(start),
                    _raw_meta(fields[:_BODY]),
                    _collapsed(fields[_TITLE]),
                    _raw_authors(
                        (
                            names.split(", "),
                            fields[_ET_AL] is not None,
                            affiliations.split(", ") if affiliations else [],
                        )
                    ),
                    None,
                    abstract if abstract is None else _collapsed(abstract),
                    (),
                )
            )
        )
    scan.metas = None  # a match object weighs more than the fields the papers keep from it


def _collapsed(line: str) -> str:
    """``collapse`` of a line that starts with a character that is not a space."""
    return line if line[-1] != " " and "  " not in line else collapse(line)


# Where the common block's groups are in ``meta.groups()``: after the meta line's.
_BODY, _TITLE, _NAMES, _ET_AL, _AFFILIATIONS, _ABSTRACT = range(
    len(RawMeta._fields), len(RawMeta._fields) + 6
)


def _paper_block(
    scan: Scan, start: int, meta: tuple[str | None, ...], meta_end: int, end: int
) -> RawPaper:
    text = scan.text
    line_of = scan.lines.line_of
    line = line_of(start)  # first: LineIndex counts forwards
    block = _BLOCK.match(text, meta_end, end)
    title = authors = prose_line = None
    abstract: list[tuple[int, str]] = []
    if block is not None:
        raw_title, second, third = block.groups()
        authors = None if second is None else _authors_paragraph(second)
        found = None
        if "\n" in raw_title and (authors is None or _a_lone_name(authors)):
            found = _authors_in_title(raw_title)
        if found is not None:
            # The copy dropped the blank line after the title: the authors line is in its
            # paragraph, and what follows it there opens the abstract.
            title_lines, authors, rest = found
            title = collapse(title_lines)
            if rest:
                abstract.append((block.start("title") + len(raw_title) - len(rest), collapse(rest)))
            if second is not None:
                abstract.append((block.start("second"), collapse(second)))
        else:
            title = collapse(raw_title)
            if second is not None and authors is None:
                second_start = block.start("second")
                if (opening := _authors_opening(second)) is not None:
                    # The blank line after the authors line was dropped: the abstract follows.
                    authors, rest = opening
                    abstract.append((second_start + len(second) - len(rest), collapse(rest)))
                else:
                    prose_line = line_of(second_start)
                    abstract.append((second_start, collapse(second)))
        if third is not None:
            abstract.append((block.start("third"), collapse(third)))
        if block.end() < end:
            abstract.extend(paragraphs(text, block.end(), end))
    suspects = []
    for offset, _ in abstract:
        if suspect := SUSPECT_META_LINE.match(text, offset):
            suspects.append(RawLine(line_of(offset), suspect.group()))
    return RawPaper(
        line,
        _raw_meta(meta[:_BODY]),
        title,
        authors,
        prose_line,
        join_paragraphs(abstract),
        tuple(suspects),
    )


def _authors_in_title(title: str) -> tuple[str, RawAuthors, str] | None:
    """A title paragraph of several lines that holds the authors line: (the title's lines,
    the authors, the lines after them), or ``None``.

    Only an authors line that cannot be part of a title counts (``self_evident``): a wrapped
    title's second line is often a string of capitalised words, which reads as one name. The
    caller looks here only when the next paragraph, where the seeds have the authors line, is
    not one, or is a lone name, which a short abstract can read as.
    """
    position = title.index("\n")
    while position >= 0:
        line_end = title.find("\n", position + 1)
        candidate = title[position + 1 : None if line_end < 0 else line_end]
        authors = parse_authors_line(collapse(candidate))
        if authors is not None and self_evident(authors):
            rest = "" if line_end < 0 else title[line_end + 1 :]
            return title[:position], authors, rest
        position = line_end
    return None


def _authors_paragraph(paragraph: str) -> RawAuthors | None:
    """The paragraph after the title read whole as the authors line, as the seeds have it."""
    authors = parse_authors_line(collapse(paragraph))
    if authors is None or ("\n" in paragraph and _runs_into_the_abstract(authors)):
        return None
    return authors


def _runs_into_the_abstract(authors: RawAuthors) -> bool:
    """For an authors paragraph of several lines: whether its "affiliations" run on for more
    than a few words or end in a full stop. Affiliations are short slugs ("deepmind, oxford");
    those are the abstract, whose blank line above the copy dropped."""
    affiliations = authors.affiliations
    return bool(affiliations) and (
        affiliations[-1].endswith(".")
        or any(part.count(" ") >= _AFFILIATION_MOST_WORDS for part in affiliations)
    )


_AFFILIATION_MOST_WORDS = 8  # "Max Planck Institute for Intelligent Systems" has 6


def _authors_opening(paragraph: str) -> tuple[RawAuthors, str] | None:
    """The authors line that opens ``paragraph`` and the text after it, when the copy dropped
    the blank line between the authors line and the abstract; ``None`` otherwise.

    The line stands where the authors line goes, so reading as people's names is enough;
    an abstract's first line is a sentence's start, with words in lower case.
    """
    line_end = paragraph.find("\n")
    if line_end < 0:
        return None
    authors = parse_authors_line(collapse(paragraph[:line_end]))
    if authors is None or not all(map(looks_like_a_person, authors.names)):
        return None
    return authors, paragraph[line_end + 1 :]


# Words of a name that may be in lower case: particles ("Johannes von Oswald", "María José
# García de la Fuente", "Gerard 't Hooft").
_NAME_PARTICLES = frozenset((
    "von", "van", "der", "den", "de", "del", "della", "dei", "degli", "di", "da", "das", "dos",
    "do", "du", "la", "le", "les", "lo", "ter", "ten", "te", "zu", "zum", "zur", "bin", "binti",
    "ibn", "al", "el", "af", "av", "y", "e", "i", "'t",
))  # fmt: skip


def looks_like_a_person(name: str) -> bool:
    """Every word of ``name`` starts with a capital (or a letter without case), but for
    particles: "Johannes von Oswald", "Łukasz Kaiser", not "We study causal models"."""
    for word in to_unicode(name).split(" "):
        if word in _NAME_PARTICLES or word in _NAME_SUFFIXES:
            continue
        letters = word.lstrip("{}'\u2019")
        if len(letters) > 2 and letters[1] in "'\u2019":  # d'Alembert, l'Huillier
            letters = letters[2:]
        if not letters or letters[0].islower():
            return False
    return True


def _a_lone_name(authors: RawAuthors) -> bool:
    """One name, without "et al." or affiliations: what a short line of prose can read as."""
    return len(authors.names) < 2 and not authors.truncated and not authors.affiliations


def self_evident(authors: RawAuthors) -> bool:
    """An authors line no title line could be: it ends in "et al.", names affiliations, or
    lists two names or more of two words or more, each name a person's."""
    if not all(map(looks_like_a_person, authors.names)):
        return False
    several = len(authors.names) > 1 and all(" " in name for name in authors.names)
    return authors.truncated or bool(authors.affiliations) or several


# ``RawMeta._make`` without its length check: the groups are RawMeta's fields by construction.
# The same for the records the common block makes, which spares a Python call each.
_raw_meta = functools.partial(tuple.__new__, RawMeta)
_raw_authors = functools.partial(tuple.__new__, RawAuthors)
_raw_paper = functools.partial(tuple.__new__, RawPaper)


def parse_authors_line(paragraph: str) -> RawAuthors | None:
    """Split ``Names, … et al. · affiliations`` or return ``None`` when it reads as prose."""
    plain = _PLAIN_AUTHORS_LINE.fullmatch(paragraph)
    if plain is not None:
        names_text, et_al, affiliations_text = plain.groups()
        names = names_text.split(", ")
        if et_al or not names[-1].endswith(".") or not _ends_a_sentence(names[-1]):
            affiliations = affiliations_text.split(", ") if affiliations_text else []
            return RawAuthors(names, et_al is not None, affiliations)
    return authors_line_in_full(paragraph)


def authors_line_in_full(paragraph: str) -> RawAuthors | None:
    """``parse_authors_line`` for any line: stray spaces, middle dots, any script."""
    names_part, dot, affiliations_part = _split_affiliations(paragraph)
    names_part, truncated = _without_et_al(names_part.strip())
    if _LATIN_AUTHOR_LIST.fullmatch(names_part) or _AUTHOR_LIST.fullmatch(names_part):
        names = names_part.split(", ")
    else:
        names = [name.strip() for name in names_part.split(",")]
        names = [name for name in names if name]
        if not names and not (dot and affiliations_part.strip()):
            return None
        if any(not _is_a_name(name) or name.startswith(("and ", "or ")) for name in names):
            return None
    if names and not truncated and names[-1].endswith(".") and _ends_a_sentence(names[-1]):
        return None
    affiliations = [part for part in map(str.strip, affiliations_part.split(",")) if part]
    return RawAuthors(names, truncated, affiliations)


def _is_a_name(name: str) -> bool:
    """One author's name; TeX accents (``G\\"odel``, ``{\\L}ukasz``) are letters of it."""
    return _AUTHOR.fullmatch(to_unicode(name) if has_tex(name) else name) is not None


def _split_affiliations(paragraph: str) -> tuple[str, str, str]:
    """Split at the first middle dot that touches a space: the Catalan "l·l" stays a letter."""
    dot = paragraph.find("·")  # most lines have none, or one: look from there, not the start
    separator = None if dot < 0 else _AFFILIATION_DOT.search(paragraph, max(dot - 1, 0))
    if separator is None:
        return paragraph, "", ""
    return paragraph[: separator.start()], "·", paragraph[separator.end() :]


def _without_et_al(names: str) -> tuple[str, bool]:
    """The site cuts long author lists and says so with a trailing "et al."."""
    head, found, tail = names.rpartition("et al")
    if found and tail in ("", ".") and (not head or head.endswith(" ")):
        return head.rstrip(" ,"), True
    return names, False


def _ends_a_sentence(name: str) -> bool:
    """For a name ending in a dot: it may do so only as an initial ("John Q.") or a suffix
    ("Jr.", "Sr."); any other dot ends a sentence."""
    last_word = name.rpartition(" ")[2]
    is_initial = len(last_word) == 2 and last_word[0].isupper()
    return not is_initial and last_word not in _NAME_SUFFIXES

"""The raw layer: what each pattern and extractor reads, before any typing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarparse.extractors import Scan, abstracts, papers, run_chain
from scholarparse.extractors.header import classify
from scholarparse.extractors.papers import (
    META_LINE,
    SUSPECT_META_LINE,
    meta_lines,
    parse_authors_line,
)
from scholarparse.extractors.scan import RawAbstract, RawAuthors, RawMeta, RawPaper
from scholarparse.text import join_paragraphs, normalise, paragraphs
from tests.conftest import FIXTURES
from tests.strategies import AFFILIATIONS, FIRST_NAMES, LAST_NAMES


@pytest.mark.parametrize(
    ("line", "groups"),
    [
        ("81.8CLMay 29Code", ("81.8", "CL", "May 29", None, "Code")),
        ("AIOct 24, 2024", (None, "AI", "Oct 24, 2024", "2024", None)),
        ("77CVDec 3", ("77", "CV", "Dec 3", None, None)),
        ("MLSeptember 30, 2024Code", (None, "ML", "September 30, 2024", "2024", "Code")),
        ("  LGJun 5, 2025  ", (None, "LG", "Jun 5, 2025", "2025", None)),
        ("CLMay 30th, 2025Code", (None, "CL", "May 30th, 2025", "2025", "Code")),
        ("12CV2025-03-04", ("12", "CV", "2025-03-04", None, None)),
    ],
)
def test_meta_line_groups(line: str, groups: tuple[str | None, ...]) -> None:
    match = META_LINE.fullmatch(line)
    assert match is not None
    found = match.group("score", "category", "date", "year", "code")
    assert found == groups


@pytest.mark.parametrize(
    "line",
    ["GPTZero 2", "CL", "AI Score59", "Uncovering mesa-optimization", "81.8CLMay", "CLMayo 3"],
)
def test_not_meta_lines(line: str) -> None:
    assert list(meta_lines(line)) == []


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("h-index75", ("h_index", "75")),
        ("20papers", ("papers", "20")),
        ("1 paper", ("papers", "1")),
        ("20 Papers", ("declared_paper_count", "20")),
        ("1 Paper", ("declared_paper_count", "1")),
        ("12,345citations", ("citations", "12,345")),
        ("Novelty52%", ("novelty_percent", "52")),
        ("AI Score59", ("ai_score", "59")),
        ("AIScore59", ("ai_score", "59")),
        ("CL", ("category", "CL")),
        ("Followers12", None),
        ("Nino Scherrer", None),
        ("h-index" + "9" * 40, None),  # too long to be a count: reported, not an enormous int
        ("12,34citations", None),
    ],
)
def test_header_classify(line: str, field: tuple[str, str] | None) -> None:
    assert classify(line) == field


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Maty Bohacek, Nino Scherrer, Nicholas Dufour et al. · stanford",
            RawAuthors(["Maty Bohacek", "Nino Scherrer", "Nicholas Dufour"], True, ["stanford"]),
        ),
        (
            "Tanya Rodchenko, Natasha Noy, Nino Scherrer",
            RawAuthors(["Tanya Rodchenko", "Natasha Noy", "Nino Scherrer"], False, []),
        ),
        (
            "Bertie Vidgen, Ahmed M. Ahmed et al. · deepmind, oxford",
            RawAuthors(["Bertie Vidgen", "Ahmed M. Ahmed"], True, ["deepmind", "oxford"]),
        ),
        (
            "Flor Miriam Plaza-del-Arco, Gerard 't Hooft, Seán O'Connor Jr.",
            RawAuthors(
                ["Flor Miriam Plaza-del-Arco", "Gerard 't Hooft", "Seán O'Connor Jr."], False, []
            ),
        ),
        ("Nino Scherrer", RawAuthors(["Nino Scherrer"], False, [])),
        (
            "Núria Gal·la, Pol Puig · upf",  # a Catalan middle dot is part of a name
            RawAuthors(["Núria Gal·la", "Pol Puig"], False, ["upf"]),
        ),
        (
            "María José García de la Fuente Sánchez, Ana Ruiz",
            RawAuthors(["María José García de la Fuente Sánchez", "Ana Ruiz"], False, []),
        ),
        ("· mila", RawAuthors([], False, ["mila"])),
        (  # beyond Latin: the Unicode-aware pattern
            "Zhang Wei, Дмитрий Иванов, 李 明 · tsinghua",
            RawAuthors(["Zhang Wei", "Дмитрий Иванов", "李 明"], False, ["tsinghua"]),
        ),
        (  # a combining mark NFC cannot compose (Devanagari)
            "Priya Sharma, प्रिया शर्मा",
            RawAuthors(["Priya Sharma", "प्रिया शर्मा"], False, []),
        ),
    ],
)
def test_authors_lines(paragraph: str, expected: RawAuthors) -> None:
    assert parse_authors_line(paragraph) == expected


def test_the_latin_fast_path_accepts_only_letters() -> None:
    """Every character of ``LATIN_LETTERS`` is a Unicode letter, so the stdlib fast path never
    accepts a name the ``\\p{L}`` pattern would refuse."""
    ranges = regex.findall(r"(.)-(.)|(.)", papers.LATIN_LETTERS)
    letters = [
        chr(code)
        for low, high, single in ranges
        for code in (range(ord(low), ord(high) + 1) if low else [ord(single)])
    ]
    assert len(letters) == 52 + 23 + 31 + 344  # ASCII, Latin-1 letters, Latin Extended-A and B
    assert [char for char in letters if not regex.fullmatch(r"\p{L}", char)] == []


# Pieces an authors line is made of, and the ones that trip a reader up: "et al" with and
# without its dot or a space before it, middle dots inside and beside names, "and", stray
# spaces and commas, initials and suffixes that end in a dot, words that end a sentence.
_AUTHORS_LINE_PIECES = [
    *FIRST_NAMES, *LAST_NAMES, *AFFILIATIONS, "Gal·la", "Bret", "al", "et", "et al", "et al.",
    "Jr.", "M.", "models.", "and", "or", "Li", "·", " · ", " ·", "· ", ", ", ",", " ", "  ",
]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_AUTHORS_LINE_PIECES), min_size=1, max_size=12))
def test_the_plain_authors_line_reads_as_the_full_reading_does(pieces: list[str]) -> None:
    line = " ".join("".join(pieces).split())  # collapsed, as the paper extractor passes it
    assert parse_authors_line(line) == papers.authors_line_in_full(line)


@pytest.mark.parametrize(
    "line",
    [
        "Bertie Vidgen, Ahmed M. Ahmed et al. · deepmind, oxford",
        "Tanya Rodchenko, Natasha Noy, Nino Scherrer",
        "Seán O'Connor Jr., Zoë Höppe · eth zurich",
    ],
)
def test_common_authors_lines_take_the_plain_path(line: str) -> None:
    assert papers._PLAIN_AUTHORS_LINE.fullmatch(line) is not None


@pytest.mark.parametrize(
    "paragraph",
    [
        "We study causal models, which are hard to learn from data alone.",
        "Code is available.",
        "Accepted at ICML 2024",
        "Large language models, however, remain poorly understood by their users.",
        "Transformers, RNNs, and CNNs",
        "causal causal of.",  # found by the property tests: a sentence ending in a short word
    ],
)
def test_prose_is_not_an_authors_line(paragraph: str) -> None:
    assert parse_authors_line(paragraph) is None


@pytest.mark.parametrize(
    "line",
    ["CLMai 3, 2024", "81.8 CL May 28 2024 Code", "CLMay 2, 2024 · Code", "LG 2025/03/04"],
)
def test_suspect_meta_lines(line: str) -> None:
    assert list(meta_lines(line)) == []
    assert SUSPECT_META_LINE.match(line) is not None


@pytest.mark.parametrize(
    "line",
    ["COVID19 vaccines reduced hospital admissions across all age groups in the trial", "GPT4"],
)
def test_prose_is_not_a_suspect_meta_line(line: str) -> None:
    assert SUSPECT_META_LINE.match(line) is None


def test_profile_chain_keeps_raw_strings() -> None:
    text = normalise("Ada\n\nh-index1,024\n\n90.5CSJan 2Code\nA title\n\nAda Lovelace\n")
    scan = run_chain("profile", Scan(text))
    assert scan.header is not None
    assert [(f.line, f.name, f.value) for f in scan.header.fields] == [(3, "h_index", "1,024")]
    paper = scan.papers[0]
    assert paper.meta.score == "90.5"  # a string still: typing is build's job
    assert (paper.line, paper.title, paper.abstract) == (5, "A title", None)


def test_abstract_chain_with_marker_alone_and_blank_line() -> None:
    text = normalise("Abstract:\n\nFirst text\nwraps.\n\nSecond para.\nAbstract: Next")
    scan = run_chain("abstracts", Scan(text))
    assert [(a.line, a.text) for a in scan.abstracts] == [
        (1, "First text wraps.\n\nSecond para."),
        (7, "Next"),
    ]
    assert scan.preamble is None


def test_raw_meta_fields_follow_the_meta_line_groups() -> None:
    # RawMeta._make(match.groups()[:12]) relies on the two orders being the same, and the
    # common block's reading on where its groups are.
    common_block = ("body", "title", "names", "et_al", "affiliations", "abstract")
    for pattern in (papers.META_LINE, papers._META_LINE_AFTER_LINE_END):
        assert tuple(pattern.groupindex) == RawMeta._fields + common_block


def _papers_read_the_long_way(text: str) -> list[RawPaper]:
    """Every paper block read by ``_paper_block``, between meta lines found by the meta line's
    pattern alone: at the start of the text, then where a line starts after a line break."""
    flags = re.MULTILINE | re.VERBOSE
    after_line_end = re.compile(r"\n" + papers._META_FIELDS, flags)
    first = re.compile(papers._META_FIELDS, flags).match(text)
    after = after_line_end.finditer(text, first.end() if first else 0)
    metas = [(match.start() + 1, match) for match in after]
    if first:
        metas.insert(0, (0, first))
    scan = Scan(text)
    ends = [start for start, _ in metas[1:]] + [len(text)] if metas else []
    return [
        papers._paper_block(scan, start, meta.groups(), meta.end(), end)
        for (start, meta), end in zip(metas, ends, strict=True)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "7\nA\nDec 31st \nCode   \n \nX\n  · \n\nx \n",  # a split meta line inside the first
        "  7 \n A  \n 2025-03-04 \n Code \n\n\nA",
        "Ann Lee\n\nCL\n\n MJan 1,2020 \nX\n\n Ann Lee,  \n",
    ],
)
def test_the_common_block_reads_these_as_the_long_way_does(text: str) -> None:
    text = normalise(text)
    assert run_chain("profile", Scan(text)).papers == _papers_read_the_long_way(text)


# A paper block as the common block has it (title, blank line, authors line, blank line,
# abstract), each part drawn from ordinary lines and from the ones that must send the block the
# long way: meta lines and their parts, a suspect meta line, lines that start like a meta line,
# stray and doubled spaces, an authors line that ends a sentence, a missing blank line, more
# paragraphs after the abstract.
_TITLES = ["Causal models", "LLMs May Help", "AI May 5 Things", "3D  Graphs", "Title end ", " ",
           "  indented title", "81.8", "CL", "LGJul 17Code", "Code", "Ann Lee et al.",
           "Causal models\nof graphs ", "Causal models\nLGJul 17Code", "Causal models\n81.8",
           "A wrapped title\nAnn Lee, Bo Wei et al.\nWe study models."]  # fmt: skip
_GAPS = ["\n\n", "\n \n\n", "\n"]
_AUTHORS = ["Nino Scherrer, Zoë Höppe", "Ann Lee et al.", "Ann Lee, Bo Wei et al. · mila, oxford",
            "Seán O'Connor Jr. · eth-zurich", "We study models.", "Ann Lee, Bo Wei, models.",
            "Ann  Lee, Bo Wei", "Ann Lee,", "CLMay 3", "12CV2025-03-04", "Gal·la Puig",
            "CL\nMay 29", "Code", "Ann Lee", "Ann Lee · mila", "Ann Lee,  ",
            "A B, C D, ", ", ".join(["Ann Lee"] * 300)]  # fmt: skip
_ABSTRACTS = ["We study causal models, which are hard to learn.", "CLMay 30 2025", "AI May 5",
              "CL 2025/03/04", "CLSpt 3", "CL\nMay 29\nCode\nA title",
              "Two  spaces.", "Ends in a space. ", "", "Code"]  # fmt: skip
_TAILS = ["", "", "\n", "\n\nA second paragraph.", "\nwrapped on.", "\n  \n", " ",
          "\n\nCLMay 30 2025", "\n\nCL 2025/03/04\nmore", "\nLGJul 17Code\nA title",
          "\n\n  indented  paragraph\n  wrapped ", "\n\n81.8\nCL\nMay 2\nA title"]  # fmt: skip


@settings(max_examples=500)
@given(
    st.lists(
        st.tuples(*(st.sampled_from(part) for part in (_TITLES, _GAPS, _AUTHORS, _GAPS))),
        min_size=1,
        max_size=3,
    ),
    st.lists(st.tuples(st.sampled_from(_ABSTRACTS), st.sampled_from(_TAILS)), min_size=3),
)
def test_the_common_block_reads_as_the_long_way_does(
    blocks: list[tuple[str, ...]], ends: list[tuple[str, str]]
) -> None:
    text = "Ann Lee\n\nCL\n"
    for block, end in zip(blocks, ends, strict=False):
        text += "\nCLMay 2\n" + "".join(block) + "".join(end) + "\n"
    text = normalise(text)
    scan = run_chain("profile", Scan(text))
    assert scan.papers == _papers_read_the_long_way(text)


@pytest.mark.parametrize("dump", sorted(FIXTURES.glob("**/*.txt")), ids=str)
def test_the_common_block_reads_every_fixture_as_the_long_way_does(dump: Path) -> None:
    text = normalise(dump.read_bytes().decode("utf-8", "replace"))
    scan = run_chain("profile", Scan(text))
    assert scan.papers == _papers_read_the_long_way(text)
    common = [meta for _, meta in meta_lines(text) if meta.group("body") is not None]
    if dump.name == "seed.txt" and dump.parent.name == "profiles":
        assert len(common) == 20  # the seed's blocks are all common ones


@pytest.mark.parametrize("opening", ["CLMay 2\n", "  81.8CLMay 2Code   \n", "CLMay 2\r\n"])
def test_a_dump_that_opens_with_a_meta_line_has_its_paper_on_line_one(opening: str) -> None:
    text = normalise(opening + "A title\n\nAnn Lee\n\nCLMay 3\nAnother")
    assert [offset for offset, _ in papers.meta_lines(text)] == [0, text.index("CLMay 3")]
    first = papers.first_meta_line(text)
    assert first is not None and first[0] == 0


def test_a_split_meta_line_that_opens_the_text_is_one_paper() -> None:
    # Its category and date lines are a meta line of their own ("CL\nMay 2"), which was read
    # as a second paper, the first left empty.
    text = "81.8\nCL\nMay 2\n\nTitle\n\nAnn Lee\n\nCLMay 3\nAnother\n\nBo Wei\n"
    assert [offset for offset, _ in meta_lines(text)] == [0, text.index("CLMay 3")]
    found = run_chain("profile", Scan(text)).papers
    assert [(paper.line, paper.meta.score, paper.title) for paper in found] == [
        (1, "81.8", "Title"),
        (9, None, "Another"),
    ]


def test_a_first_line_that_only_starts_like_a_meta_line_is_none() -> None:
    text = "CLMay 2 is not a date line\n\nCLMay 3\nA title"
    assert [offset for offset, _ in papers.meta_lines(text)] == [text.index("CLMay 3")]


def test_markers_are_found_only_where_a_line_starts() -> None:
    text = "Abstract: a\n  Abstract: b\nno Abstract: c\nAbstract:"
    found = list(abstracts.markers(text))
    assert [text[marker.start : marker.end] for marker in found] == [
        "Abstract:",
        "  Abstract:",
        "Abstract:",
    ]
    assert [marker.start for marker in found] == [0, 12, 41]
    # From an offset, as "^" does: a line that starts there counts, one cut in two does not.
    assert [marker.start for marker in abstracts.markers(text, 12)] == [12, 41]
    assert [marker.start for marker in abstracts.markers(text, 13)] == [41]
    assert [marker.start for marker in abstracts.markers(text, 0, 40)] == [0, 12]


@given(st.lists(st.sampled_from(["Text", "more text.", " ", "  ", "\n", "\n\n", "\n \n", "·"])))
def test_an_abstract_entry_on_one_line_reads_as_its_paragraphs_do(pieces: list[str]) -> None:
    text = "Abstract:" + "".join(pieces)
    marker = abstracts.Marker(0, len("Abstract:"))
    long_way = join_paragraphs(paragraphs(text, marker.end, len(text))) or ""
    assert abstracts.entry(text, marker, len(text), 1) == RawAbstract(1, long_way)

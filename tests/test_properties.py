"""Property tests on dump-shaped text: built from the layout's own parts, not random noise.

Random text almost never holds a meta line or an authors line, so these strategies assemble
profiles from generated headers and paper blocks, with every optional part present or not, and
check what must hold for any of them.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import scholarparse

AS_OF = dt.date(2026, 11, 22)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

words = st.sampled_from(
    ["causal", "models", "Learning", "of", "the", "$\\nabla$", "LLMs:", "Graph", "via", "2024"]
)
names = st.sampled_from(
    ["Nino Scherrer", "Johannes von Oswald", "Michał Zając", "Ahmed M. Ahmed", "Zoë O'Neil"]
)
affiliations = st.sampled_from(["deepmind", "oxford", "stanford", "mila"])


@st.composite
def paper_blocks(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    score = draw(st.one_of(st.none(), st.integers(0, 99), st.sampled_from(["81.8", "7.25"])))
    category = draw(st.sampled_from(["CL", "LG", "AI", "CV", "ML", "RO"]))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    year = draw(st.one_of(st.none(), st.integers(2015, 2026)))
    code = draw(st.booleans())
    date = f"{MONTHS[month - 1]} {day}" + (f", {year}" if year else "")
    meta = f"{'' if score is None else score}{category}{date}{'Code' if code else ''}"
    title = " ".join(draw(st.lists(words, min_size=1, max_size=12)))
    authors = draw(st.lists(names, max_size=4))
    truncated = bool(authors) and draw(st.booleans())
    places = draw(st.lists(affiliations, max_size=2))
    authors_line = ", ".join(authors) + (" et al." if truncated else "")
    if places:
        authors_line += " · " + ", ".join(places)
    abstract = draw(st.lists(st.lists(words, min_size=3, max_size=30), max_size=3))
    paragraphs = [meta + "\n" + title]
    if authors_line:
        paragraphs.append(authors_line)
    paragraphs.extend(" ".join(paragraph) + "." for paragraph in abstract)
    expected = {
        "category": category,
        "has_code": code,
        "year_inferred": year is None,
        "authors": authors,
        "authors_truncated": truncated,
        "affiliations": places,
    }
    return "\n\n".join(paragraphs), expected


@st.composite
def profiles(draw: st.DrawFn) -> tuple[str, list[dict[str, object]]]:
    header = ["Ada Lovelace", ""]
    header += draw(st.lists(st.sampled_from(["CL", "h-index75", "1,234citations", "Novelty5%"])))
    blocks = draw(st.lists(paper_blocks(), max_size=8))
    separator = draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n\t\n"]))
    text = "\n".join(header) + separator + separator.join(block for block, _ in blocks)
    return text, [expected for _, expected in blocks]


@given(profiles(), st.sampled_from(["\n", "\r\n", "\r"]))
def test_every_generated_paper_is_found_whole(
    profile: tuple[str, list[dict[str, object]]], line_end: str
) -> None:
    text, expected = profile
    document = scholarparse.parse_text(text.replace("\n", line_end), kind="profile", as_of=AS_OF)
    assert isinstance(document, scholarparse.ProfileDocument)
    assert len(document.papers) == len(expected)
    lines = text.split("\n")
    for paper, wanted in zip(document.papers, expected, strict=True):
        assert {key: paper.to_dict()[key] for key in wanted} == wanted
        assert lines[paper.line - 1].startswith(
            (str(paper.score) if paper.score is not None else "") + paper.category
        )
        if paper.year_inferred:  # the latest such day on or before the reference date
            assert paper.date is not None
            assert paper.date <= AS_OF.isoformat()
    assert document.name == "Ada Lovelace"


@given(
    st.lists(st.lists(words, min_size=1, max_size=20), min_size=1, max_size=10), st.integers(0, 3)
)
def test_every_abstract_marker_opens_one_entry(entries: list[list[str]], blanks: int) -> None:
    text = ("\n" * (blanks + 1)).join("Abstract:" + " ".join(entry) for entry in entries)
    document = scholarparse.parse_text(text, kind="abstracts")
    assert isinstance(document, scholarparse.AbstractsDocument)
    assert [entry.text for entry in document.abstracts] == [" ".join(e) for e in entries]
    assert [entry.line for entry in document.abstracts] == [
        1 + index * (blanks + 1) for index in range(len(entries))
    ]

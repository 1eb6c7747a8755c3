"""Copies from other browsers and tools (FORMAT.md): each layout parses to the seed's document.

The seed is rewritten here by plain text edits, the way those copies lay the page out, and each
rewrite is compared with the hand-checked ``seed.expected.json``. The renderer's layouts are
then checked on every fixture and on generated documents: any layout gives the same document.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import scholarparse
from scholarparse.extractors.papers import parse_authors_line, self_evident
from scholarparse.render import Layout, render
from tests.conftest import AS_OF, PROFILE_SEED, expected_for, golden_cases, without_messages
from tests.strategies import expected_warnings, profile_documents
from tests.test_cli import run
from tests.test_metamorphic import without_lines

SEED_EXPECTED = expected_for(PROFILE_SEED)

# A seed meta line, read by the test on its own: score, category, date, "Code".
_SEED_META = re.compile(
    r"^(\d+(?:\.\d+)?)?([A-Z]+?)((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d+"
    r"(?:, \d{4})?)(Code)?$",
    re.MULTILINE,
)
_SEED_METRICS = "h-index75\n20papers\n875citations\nNovelty52%\nAI Score59"


def parse(text: str) -> dict[str, Any]:
    return scholarparse.parse_text(text, source="seed.txt", as_of=AS_OF).to_dict()


def meta_parts_joined_by(separator: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        return _SEED_META.sub(lambda m: separator.join(part for part in m.groups() if part), text)

    return rewrite


def metrics_with_a_space(text: str) -> str:
    spaced = "h-index 75\n20 papers\n875 citations\nNovelty 52%\nAI Score 59"
    return text.replace(_SEED_METRICS, spaced)


def metrics_on_one_line(text: str) -> str:
    return text.replace(_SEED_METRICS, _SEED_METRICS.replace("\n", "\t"))


def metrics_on_one_line_with_spaces(text: str) -> str:
    return text.replace(_SEED_METRICS, _SEED_METRICS.replace("\n", "    "))


def without_blank_lines(before_authors: bool, after_authors: bool) -> Callable[[str], str]:
    """Drop the blank line before and/or after every authors line. In the seed every paper is
    a meta line, a one-line title, a blank line, the authors line and a blank line."""

    def rewrite(text: str) -> str:
        lines = text.split("\n")
        dropped = set()
        for number, line in enumerate(lines):
            if _SEED_META.match(line):
                assert lines[number + 2] == "" and lines[number + 3] and lines[number + 4] == ""
                if before_authors:
                    dropped.add(number + 2)
                if after_authors:
                    dropped.add(number + 4)
        return "\n".join(line for number, line in enumerate(lines) if number not in dropped)

    rewrite.__name__ = f"without_blank_lines_{before_authors}_{after_authors}"
    return rewrite


REWRITES: list[Callable[[str], str]] = [
    meta_parts_joined_by(" "),
    meta_parts_joined_by("   "),
    meta_parts_joined_by("\t"),
    meta_parts_joined_by("\n"),
    metrics_with_a_space,
    metrics_on_one_line,
    metrics_on_one_line_with_spaces,
    without_blank_lines(True, False),
    without_blank_lines(False, True),
    without_blank_lines(True, True),
]
_IDS = ["spaced", "several-spaces", "tabbed", "split", "metrics-spaced", "metrics-one-line-tabs"]
_IDS += ["metrics-one-line-spaces", "no-blank-before-authors", "no-blank-after-authors"]
_IDS += ["no-blank-lines-around-authors"]


@pytest.mark.parametrize("rewrite", REWRITES, ids=_IDS)
def test_the_seed_rewritten_parses_to_the_seeds_document_without_warnings(
    rewrite: Callable[[str], str],
) -> None:
    text = PROFILE_SEED.read_text("utf-8")
    rewritten = rewrite(text)
    assert rewritten != text
    assert without_lines(without_messages(parse(rewritten))) == without_lines(SEED_EXPECTED)


def test_all_the_rewrites_at_once() -> None:
    text = PROFILE_SEED.read_text("utf-8")
    for rewrite in (meta_parts_joined_by("\n"), metrics_on_one_line, without_blank_lines(1, 1)):
        text = rewrite(text)
    assert without_lines(without_messages(parse(text))) == without_lines(SEED_EXPECTED)


def test_a_split_meta_lines_paper_is_on_the_line_of_its_first_part() -> None:
    text = meta_parts_joined_by("\n")(PROFILE_SEED.read_text("utf-8"))
    # Paper 1 stays on line 12, its four parts on lines 12-15; paper 2 ("LG", "Sep 11, 2023")
    # starts three lines later than in the seed, on line 22.
    lines = text.split("\n")
    assert lines[11:16] == ["81.8", "CL", "May 29", "Code", SEED_EXPECTED["papers"][0]["title"]]
    assert lines[21:24] == ["LG", "Sep 11, 2023", SEED_EXPECTED["papers"][1]["title"]]
    papers = parse(text)["papers"]
    assert [papers[0]["line"], papers[1]["line"]] == [12, 22]


# --- TeX names and page text --------------------------------------------------------------

TEX_NAMES = {
    "Maty Bohacek": "Maty Boh\\'a\\v{c}ek",
    "Johannes von Oswald": "J{\\o}hannes von Oswald",
    "Paul Röttger": 'Paul R\\"{o}ttger',
    "Michał Zając": "Micha{\\l} Zaj\\k{a}c",
}


def test_tex_accented_names_are_read_and_kept_as_written() -> None:
    name_line, rest = PROFILE_SEED.read_text("utf-8").split("\n", 1)
    for unicode, tex in TEX_NAMES.items():
        assert unicode in rest
        rest = rest.replace(unicode, tex)
    expected = copy.deepcopy(SEED_EXPECTED)
    for paper in expected["papers"]:
        paper["authors"] = [TEX_NAMES.get(name, name) for name in paper["authors"]]
    parsed = parse(f"{name_line}\n{rest}")
    assert without_messages(parsed) == expected
    # and without the blank lines around the authors lines as well
    parsed = parse(without_blank_lines(True, True)(f"{name_line}\n{rest}"))
    assert without_lines(without_messages(parsed)) == without_lines(expected)


@pytest.mark.parametrize(
    "line",
    [
        'Kurt G\\"odel, Paul Erd\\H{o}s, Fran\\c{c}ois Chollet et al. · ias',
        "S{\\o}ren Hauberg, {\\L}ukasz Kaiser",
        "Jos\\'e Miguel Hern\\'andez-Lobato, Maty Boh\\'a\\v{c}ek",
        "Aur\\'{e}lien Lucchi, Dami\\'{a}n Blasi, \\'{I}sak Jon\\aa{}s",
        'Tobias H{\\"o}ppe, Mart\\\'{\\i}n Arjovsky, G\\"{o}khan Ta\\c{s}',
    ],
)
def test_tex_accents_are_letters_of_a_name(line: str) -> None:
    authors = parse_authors_line(line)
    assert authors is not None
    names = line.split(" · ")[0].removesuffix(" et al.")
    assert authors.names == names.split(", ")  # as written, backslashes and braces included


def test_page_text_above_the_name_is_kept_in_extra_with_one_warning() -> None:
    chrome = "Skip to main content\nHome\nExplore\n\nSign in\n\n"
    parsed = without_messages(parse(chrome + PROFILE_SEED.read_text("utf-8")))
    assert parsed["name"] == "Nino Scherrer"
    assert parsed["extra"] == [
        {"line": 1, "text": "Skip to main content"},
        {"line": 2, "text": "Home"},
        {"line": 3, "text": "Explore"},
        {"line": 5, "text": "Sign in"},
    ]
    assert parsed["diagnostics"] == [{"severity": "warning", "code": "text-before-name", "line": 1}]
    expected = {key: value for key, value in SEED_EXPECTED.items() if key != "extra"}
    del parsed["extra"], parsed["diagnostics"]
    del expected["diagnostics"]
    assert without_lines(parsed) == without_lines(expected)


def test_a_paper_pasted_twice_is_kept_twice_with_a_warning_on_the_copy() -> None:
    text = PROFILE_SEED.read_text("utf-8")
    lines = text.split("\n")
    first_paper = "\n".join(lines[11:18])  # meta line (line 12) to abstract (line 17), blank
    assert lines[11] == "81.8CLMay 29Code" and lines[18] == "LGSep 11, 2023"
    pasted = "\n".join(lines[:18]) + "\n" + first_paper + "\n" + "\n".join(lines[18:])
    parsed = without_messages(parse(pasted.replace("20 Papers", "21 Papers")))
    assert len(parsed["papers"]) == 21
    first, copy_ = parsed["papers"][0], parsed["papers"][1]
    assert (first["line"], copy_["line"]) == (12, 19)
    assert without_lines(first) == without_lines(copy_) | {"index": 1}
    assert parsed["diagnostics"] == [{"severity": "warning", "code": "duplicate-paper", "line": 19}]


# --- false positives ----------------------------------------------------------------------

HEADER = "Ada Byron\n\nCL\nh-index 3\n\n"


@pytest.mark.parametrize(
    "title",
    [
        "CL May Be All You Need",
        "AI 2027: Scenarios for Frontier Models",
        "1984",
        "CV",
        "Transformers",
        "LG May 3 Is Not a Date Line Here",
        "Code",
    ],
)
def test_a_title_that_starts_like_a_meta_line_is_a_title(title: str) -> None:
    for meta in ("77CLMay 29", "77 CL May 29", "77\nCL\nMay 29"):
        text = f"{HEADER}{meta}\n{title}\n\nAda Byron, Alan Turing\n\nWe study things."
        papers = parse(text)["papers"]
        assert [(p["title"], p["authors"], p["has_code"]) for p in papers] == [
            (title, ["Ada Byron", "Alan Turing"], False)
        ], meta


def test_lines_of_only_a_number_or_a_category_stay_in_the_abstract() -> None:
    abstract = "We measured\n42\n\n42\n\nCV\n\nMay 29\n\nCL\n\nand more."
    text = f"{HEADER}77CLMay 29\nA Title\n\nAda Byron, Alan Turing\n\n{abstract}"
    papers = parse(text)["papers"]
    assert len(papers) == 1
    assert papers[0]["abstract"] == ("We measured 42\n\n42\n\nCV\n\nMay 29\n\nCL\n\nand more.")


def test_a_header_with_a_topic_code_is_a_header() -> None:
    parsed = parse("Ada Byron\n\nCL\n\nLG\nMay 29\nA Title\n\nAda Byron, Alan Turing")
    assert (parsed["name"], parsed["category"]) == ("Ada Byron", "CL")
    assert [(p["category"], p["title"], p["line"]) for p in parsed["papers"]] == [
        ("LG", "A Title", 5)
    ]


def test_a_code_line_followed_by_a_blank_line_is_a_one_word_title() -> None:
    text = f"{HEADER}CL\nMay 29\nCode\n\nAda Byron, Alan Turing"
    (paper,) = parse(text)["papers"]
    assert (paper["title"], paper["has_code"], paper["authors"]) == (
        "Code",
        False,
        ["Ada Byron", "Alan Turing"],
    )


def test_a_wrapped_titles_second_line_is_not_taken_for_authors() -> None:
    # A string of capitalised words reads as one name; only a self-evident authors line counts
    # inside a title's paragraph.
    text = f"{HEADER}CLMay 29\nLearning to Reason\nWith Trees, Graphs, Forests\n\nAda Byron\n\nWe."
    (paper,) = parse(text)["papers"]
    assert paper["title"] == "Learning to Reason With Trees, Graphs, Forests"
    assert paper["authors"] == ["Ada Byron"]


def test_a_sentence_that_opens_an_abstract_is_not_an_authors_line() -> None:
    text = f"{HEADER}CLMay 29\nA Title\n\nWe study causal models\nwhich are hard to learn."
    (paper,) = parse(text)["papers"]
    assert paper["authors"] == []
    assert paper["abstract"] == "We study causal models which are hard to learn."


# --- every layout of the renderer ---------------------------------------------------------

LAYOUTS = [Layout(meta_parts=parts) for parts in ("glued", "spaced", "tabbed", "lines")] + [
    Layout(metric_space=True),
    Layout(metrics_on_one_line=True),
    Layout(blank_before_authors=False),
    Layout(blank_after_authors=False),
    Layout("lines", True, True, False, False),
    Layout("tabbed", True, False, True, False),
]


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """Line numbers dropped, diagnostics by code: a layout moves lines and so the messages."""
    compared: dict[str, Any] = without_lines(document)
    compared["diagnostics"] = [diagnostic["code"] for diagnostic in document["diagnostics"]]
    return compared


def authors_lines_can_lose_their_blank_line(document: dict[str, Any]) -> bool:
    """Whether every authors line is one no title line could be (``self_evident``): only such
    a line can be found where a copy dropped the blank line between the title and it."""
    return all(
        self_evident(authors)
        for paper in document["papers"]
        if (paper["authors"] or paper["affiliations"])
        and (authors := parse_authors_line(_authors_line(paper))) is not None
    )


def _authors_line(paper: dict[str, Any]) -> str:
    line = ", ".join(paper["authors"]) + (" et al." if paper["authors_truncated"] else "")
    return f"{line} · {', '.join(paper['affiliations'])}" if paper["affiliations"] else line


def _fixture_layouts() -> list[tuple[Path, Layout]]:
    """Every profile fixture in every layout, but for a layout without the blank line before
    the authors line on a fixture with an authors line of one plain name, which no parser can
    tell from a title's second line (README, "Layouts"). The page-text fixture renders its
    page text as header lines, which a document cannot tell apart."""
    pairs = []
    for case in golden_cases():
        if case.parent.name != "profiles" or case.stem == "page-text-before-name":
            continue
        document = scholarparse.parse_file(case, as_of=AS_OF).to_dict()
        can_lose = authors_lines_can_lose_their_blank_line(document)
        # A paper titled "Code" without the code flag, its meta parts on lines and its title
        # directly above the authors line, reads as flag and no title: the layout's own limit.
        titled_code = any(paper["title"] == "Code" for paper in document["papers"])
        pairs += [
            (case, layout)
            for layout in LAYOUTS
            if (layout.blank_before_authors or can_lose)
            and not (
                titled_code and layout.meta_parts == "lines" and not layout.blank_before_authors
            )
        ]
    return pairs


FIXTURE_LAYOUTS = _fixture_layouts()


@pytest.mark.parametrize(
    ("case", "layout"),
    FIXTURE_LAYOUTS,
    ids=[f"{case.stem}-{layout!r}" for case, layout in FIXTURE_LAYOUTS],
)
def test_every_fixture_in_every_layout_parses_to_the_same_document(
    case: Path, layout: Layout
) -> None:
    document = scholarparse.parse_file(case, as_of=AS_OF).to_dict()
    seed_layout = parse(render(document))
    assert comparable(parse(render(document, layout=layout))) == comparable(seed_layout)


def test_most_fixtures_are_checked_without_the_blank_line_before_authors() -> None:
    without_blank = {case for case, layout in FIXTURE_LAYOUTS if not layout.blank_before_authors}
    every = {case for case, _ in FIXTURE_LAYOUTS}
    assert len(without_blank) >= len(every) // 2


@given(
    profile_documents(max_papers=20),
    st.builds(
        Layout,
        st.sampled_from(["glued", "spaced", "tabbed", "lines"]),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    ),
)
def test_generated_documents_in_any_layout_parse_back_with_the_expected_warnings(
    document: dict[str, Any], layout: Layout
) -> None:
    assume(layout.blank_before_authors or authors_lines_can_lose_their_blank_line(document))
    parsed = parse(render(document, layout=layout))
    assert without_lines(_content(parsed)) == without_lines(_content(document))
    assert sorted(d["code"] for d in parsed["diagnostics"]) == expected_warnings(document)


def _content(document: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in document.items()
        if key not in ("source", "as_of", "schema_version", "diagnostics")
    }


def test_every_combination_of_knobs_on_the_seed() -> None:
    document = scholarparse.parse_file(PROFILE_SEED, as_of=AS_OF).to_dict()
    expected = comparable(document)
    for knobs in itertools.product(("glued", "spaced", "tabbed", "lines"), *[(False, True)] * 4):
        layout = Layout(*knobs)  # type: ignore[arg-type]
        assert comparable(parse(render(document, layout=layout))) == expected | {
            "source": "seed.txt"
        }


def test_the_stdlib_engine_is_used_only_where_it_matches_possessive_repeats_right() -> None:
    # CPython fixed gh-106052 and gh-100061 in 3.11.5; before it, patterns run on ``regex``.
    import sys

    from scholarparse.patterns import POSSESSIVE_REPEATS_WORK

    assert (sys.version_info >= (3, 11, 5)) == POSSESSIVE_REPEATS_WORK


def test_metrics_repeated_on_one_line_are_one_extra_entry_and_fit_the_database(
    tmp_path: Path,
) -> None:
    text = "Ann Lee\n\nh-index5\t20papers\nh-index7\t30papers\n\nCLMay 2\nT\n\nAnn Lee, Bo Li"
    parsed = parse(text)
    assert parsed["metrics"]["h_index"] == 5 and parsed["metrics"]["papers"] == 20
    assert parsed["extra"] == [{"line": 4, "text": "h-index7 30papers"}]
    assert [(d["code"], d["line"]) for d in parsed["diagnostics"]] == [
        ("duplicate-header-field", 4),
        ("duplicate-header-field", 4),
    ]
    dump = tmp_path / "x.txt"
    dump.write_text(text, "utf-8")
    result = run("batch", str(dump), "--db", str(tmp_path / "x.db"), "-q", "--as-of", "2026-11-22")
    assert result.exit_code == 0, result.stderr

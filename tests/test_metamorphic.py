"""What copies do to a dump must not change its parse (FORMAT.md, "What copies do")."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scholarparse
from scholarparse.codes import ERROR_CODES
from scholarparse.extractors.papers import META_LINE
from scholarparse.render import render
from tests.conftest import AS_OF, golden_cases
from tests.strategies import documents

SEEDS = [case for case in golden_cases() if case.stem in ("seed", "unseen-researcher")]


def without_lines(value: Any) -> Any:
    """A document with every line number dropped: transformations that add lines move them,
    and with them the messages that name a line ("repeats paper 1 (line 12)")."""
    if isinstance(value, dict):
        return {
            key: without_lines(item)
            for key, item in value.items()
            if key != "line" and not (key == "message" and "severity" in value)
        }
    if isinstance(value, list):
        return [without_lines(item) for item in value]
    return value


def parse(text: str) -> dict[str, Any]:
    document = scholarparse.parse_text(text, source="x.txt", as_of=AS_OF).to_dict()
    return document


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def lone_cr(text: str) -> str:
    return text.replace("\n", "\r")


def bom(text: str) -> str:
    return "\ufeff" + text


def trailing_whitespace(text: str) -> str:
    return "\n".join(line + " \t " for line in text.split("\n"))


def nbsp(text: str) -> str:
    # The page's spaces become NBSP inside every line, the " · " and "AI Score" included.
    return text.replace(" ", "\u00a0")


def more_blank_lines(text: str) -> str:
    return text.replace("\n\n", "\n\n  \n\n\n")


def hard_wrap(text: str) -> str:
    """Wrap every long line at 40 columns, as a mail client would (titles, abstracts)."""
    lines = []
    for line in text.split("\n"):
        lines.extend(
            textwrap.wrap(line, 40, break_long_words=False, break_on_hyphens=False)
            if len(line) > 40
            else [line]
        )
    return "\n".join(lines)


KEEP_LINES: list[Callable[[str], str]] = [crlf, lone_cr, bom, trailing_whitespace, nbsp]
MOVE_LINES: list[Callable[[str], str]] = [more_blank_lines]


@pytest.mark.parametrize("change", KEEP_LINES, ids=lambda change: change.__name__)
@pytest.mark.parametrize("case", SEEDS, ids=lambda case: f"{case.parent.name}/{case.stem}")
def test_changes_that_keep_lines(case: Path, change: Callable[[str], str]) -> None:
    text = case.read_text("utf-8")
    assert parse(change(text)) == parse(text)


@pytest.mark.parametrize("change", MOVE_LINES, ids=lambda change: change.__name__)
@pytest.mark.parametrize("case", SEEDS, ids=lambda case: f"{case.parent.name}/{case.stem}")
def test_changes_that_move_lines(case: Path, change: Callable[[str], str]) -> None:
    text = case.read_text("utf-8")
    assert without_lines(parse(change(text))) == without_lines(parse(text))


def test_hard_wrapping_a_profile() -> None:
    text = next(case for case in SEEDS if case.parent.name == "profiles").read_text("utf-8")
    wrapped = parse(hard_wrap(text))
    original = parse(text)
    assert wrapped["papers"] and without_lines(wrapped) == without_lines(original)


def wrap_at(width: int) -> Callable[[str], str]:
    """Hard-wrap titles, authors lines and abstracts at ``width``, as a mail client would.

    Header lines and meta lines are short and are never wrapped by a copy; an abstract-only
    dump has neither, so every line of it may wrap.
    """

    def wrap(text: str) -> str:
        lines = text.split("\n")
        first_meta = next((n for n, line in enumerate(lines) if META_LINE.fullmatch(line)), None)
        start = 0 if first_meta is None and "Abstract:" in text else (first_meta or len(lines))
        wrapped = lines[:start]
        for line in lines[start:]:
            long = len(line) > width and not META_LINE.fullmatch(line)
            wrapped.extend(
                textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
                if long
                else [line]
            )
        return "\n".join(wrapped)

    return wrap


@given(documents(), st.sampled_from(KEEP_LINES))
def test_copy_artifacts_that_keep_lines_on_generated_dumps(
    document: dict[str, Any], change: Callable[[str], str]
) -> None:
    text = render(document)
    assert parse(change(text)) == parse(text)


@given(documents(), st.integers(20, 120), st.sampled_from([more_blank_lines, crlf]))
def test_wrapping_and_blank_lines_on_generated_dumps(
    document: dict[str, Any], width: int, also: Callable[[str], str]
) -> None:
    text = render(document)
    changed = also(wrap_at(width)(more_blank_lines(text)))
    assert without_lines(parse(changed)) == without_lines(parse(text))


def assert_document_or_registered_error(parse_input: Callable[[], object]) -> None:
    """Any input ends in a document or in one of the library's own, documented errors."""
    try:
        document = parse_input()
    except scholarparse.ScholarparseError as error:
        assert error.code in ERROR_CODES
        return
    assert isinstance(document, scholarparse.ProfileDocument | scholarparse.AbstractsDocument)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text_gives_a_document_or_our_error(text: str) -> None:
    assert_document_or_registered_error(lambda: scholarparse.parse_text(text, as_of=AS_OF))


@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_document_or_our_error(data: bytes) -> None:
    assert_document_or_registered_error(lambda: scholarparse.parse_bytes(data, as_of=AS_OF))


# The characters every pattern looks at, in lines: capitals that make categories and months,
# digits, "Code", separators, the middle dot, LaTeX and line ends. Random text over this
# alphabet reaches the patterns' corners far more often than arbitrary Unicode does.
_PATTERN_TEXT = st.lists(
    st.sampled_from(
        ["CL", "May", "Sept.", " ", "  ", "\n", "\n\n", "\r", "1", "29", ", 2024", "Code", ".",
         ",", " · ", "·", "$", "{", "Abstract:", "h-index", "Papers", "et al.", "\u00a0", "é"]
    ),
    max_size=200,
).map("".join)  # fmt: skip


@given(_PATTERN_TEXT)
def test_text_of_the_patterns_own_characters_gives_a_document_or_our_error(text: str) -> None:
    assert_document_or_registered_error(lambda: scholarparse.parse_text(text, as_of=AS_OF))

"""Decoding and the one normalisation rule (FORMAT.md), each step alone."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from scholarparse import text
from scholarparse.errors import InputError
from scholarparse.text import (
    OTHER_WHITESPACE,
    LineIndex,
    collapse,
    decode,
    join_paragraphs,
    normalise,
    paragraphs,
    require_text,
)


def test_other_whitespace_is_exactly_what_str_split_splits_on_but_space_and_line_ends() -> None:
    every_space = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert set(OTHER_WHITESPACE) == every_space - {" ", "\n", "\r"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("\ufeffName\n", "Name\n"),
        ("AI\u00a0Score59\t \n", "AI Score59  \n"),
        ("form\x0cfeed\u2028sep", "form feed sep"),
        ("Ho\u0308ppe", "Höppe"),
        ("plain ascii\n\nstays", "plain ascii\n\nstays"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_keeps_the_number_of_lines() -> None:
    raw = "\ufeffa\r\n\r\nb\rc\u2028d\x0ce\x85f\n"
    assert normalise(raw).count("\n") == 4  # \r\n, \r\n, \r, \n; U+2028, FF and NEL are spaces


def test_collapse_and_paragraphs() -> None:
    text = "\n  Title  over\n two lines \n \n\n Second\tparagraph \n"
    found = paragraphs(normalise(text))
    assert [paragraph for _, paragraph in found] == ["Title over two lines", "Second paragraph"]
    assert [LineIndex(text).line_of(offset) for offset, _ in found] == [2, 6]
    assert join_paragraphs(found) == "Title over two lines\n\nSecond paragraph"
    assert join_paragraphs([]) is None
    assert collapse("  a \n b  ") == "a b"


def test_line_index_restarts_for_an_earlier_offset() -> None:
    lines = LineIndex("a\nb\nc")
    assert [lines.line_of(4), lines.line_of(2), lines.line_of(0)] == [3, 2, 1]


@pytest.mark.parametrize(
    "data",
    [
        "Zoë".encode(),
        b"\xef\xbb\xbf" + "Zoë".encode(),
        "\ufeffZoë".encode("utf-16-le"),
        "\ufeffZoë".encode("utf-16-be"),
        "\ufeffZoë".encode("utf-32-le"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-le-bom"],
)
def test_decode_honours_byte_order_marks(data: bytes) -> None:
    assert normalise(decode(data)) == "Zoë"


def test_decode_error_names_offset_line_and_hint() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"line one\r\nline two \xff\n", source="f.txt")
    assert caught.value.code == "decode-error"
    assert caught.value.line == 2
    assert "0xff at offset 19" in caught.value.message
    assert caught.value.hint is not None and "encoding='auto'" in caught.value.hint
    assert caught.value.cli_hint is not None and "--encoding auto" in caught.value.cli_hint
    assert str(caught.value).startswith("f.txt:2: cannot decode")


def test_nul_bytes_are_binary_input() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"abc\n\x00def")
    assert (caught.value.code, caught.value.line) == ("binary-input", 2)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\xef\xbb\xbfabc\x00", "binary-input"),  # UTF-8 with its byte-order mark
        ("ab\x00c".encode("utf-16"), "binary-input"),  # found in the text: 00 00 is one character
        (b"ab\xc0\x80c", "decode-error"),  # the overlong NUL of some encoders is not UTF-8
    ],
)
def test_a_nul_character_is_found_in_every_encoding(data: bytes, code: str) -> None:
    """UTF-8 text is checked in its bytes only: no NUL character can hide from that check."""
    with pytest.raises(InputError) as caught:
        decode(data)
    assert caught.value.code == code


def test_other_encodings_by_name() -> None:
    assert decode(b"Ren\xe9", encoding="latin-1") == "René"
    with pytest.raises(InputError) as caught:
        decode(b"x", encoding="klingon")
    assert caught.value.code == "unknown-encoding"


@pytest.mark.parametrize("text", ["", " \n\t\n"])
def test_require_text(text: str) -> None:
    with pytest.raises(InputError) as caught:
        require_text(text, "x.txt")
    assert caught.value.code == "empty-input"


def test_text_below_the_combining_marks_is_nfc_so_normalise_may_skip_the_check() -> None:
    """Every character below U+0300 (Latin-1 and the Latin extensions) is a starter, and NFC
    composes only adjacent starters, so checking every pair proves it for any length."""
    below = [chr(code) for code in range(0x300)]
    assert [char for char in below if unicodedata.combining(char)] == []
    changed = [
        repr(first + second)
        for first in below
        for second in below
        if not unicodedata.is_normalized("NFC", first + second)
    ]
    assert changed == []
    assert unicodedata.combining("\u0300") != 0  # where the fast path must stop


@pytest.mark.parametrize(
    "raw",
    [
        "Cafe\u0301",  # a combining accent
        "\u1100\u1161",  # Hangul jamo, composed by algorithm
        "\u212b",  # the angstrom sign, which NFC replaces
        "a\U0001d15e",  # an astral character: the full check
        "Zaja\u0328c ok",
        "plain \u2019 \u2014 text",  # non-ASCII, nothing to change
        "caf\xe9 na\xefve",  # Latin-1: the fast path
        "caf\xe9 e\u0301",  # Latin-1 and a combining accent: the full check
    ],
)
def test_normalise_gives_nfc_whatever_the_fast_path(raw: str) -> None:
    assert text.normalise(raw) == unicodedata.normalize("NFC", raw)
    assert text.normalise(raw, utf8=raw.encode()) == unicodedata.normalize("NFC", raw)


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeffZa\u0142\u00f3\u017c \u2003g\u0119\u015bl\u0105 ja\u017a\u0144\r\n",  # BOM, em space
        "\u0141\u00f3d\u017a\u3000\u2028x\u00a0y\x85z",  # ideographic space, separators
        "\u0142\u1680\u205f\u202f\u200a\u2000e\u0301",  # spaces beyond Latin-1, then NFC
        "ascii\tonly\x0c",
        "\u0142\ttab\r\nline\x1fend\x0b",  # ASCII spaces and CRLF in text beyond Latin-1
        "caf\xe9\tx\ry\xa0z\x1c",  # ... and in Latin-1 text
    ],
)
def test_normalise_maps_every_other_space_whatever_the_path(raw: str) -> None:
    lines = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    expected = unicodedata.normalize("NFC", lines)
    for char in OTHER_WHITESPACE:
        expected = expected.replace(char, " ")
    assert normalise(raw) == expected
    assert normalise(raw, utf8=raw.encode()) == expected

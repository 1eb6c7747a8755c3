"""From bytes to clean text: decoding, line ends, whitespace, Unicode form, line numbers.

The one normalisation rule (FORMAT.md) is applied in two places only:

* ``normalise`` runs once over the whole text. It turns every line end into ``\\n`` and every
  other whitespace character into a plain space *without changing the number of lines*, so an
  offset in the normalised text still maps to the original file's line number.
* ``collapse`` and ``paragraphs`` turn a stretch of that text into a field value: whitespace runs
  become one space, paragraphs are joined with one blank line.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

import regex

from .errors import InputError

# Every character Python's str.isspace() accepts, but for the plain space and the line ends.
# ``normalise`` maps them all to a space; ``collapse`` (str.split) agrees on the same set.
_ASCII_OTHER_WHITESPACE = "\t\x0b\x0c\x1c\x1d\x1e\x1f"
_UNICODE_WHITESPACE = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
OTHER_WHITESPACE = _ASCII_OTHER_WHITESPACE + _UNICODE_WHITESPACE

# Every BMP character that can make a text change under NFC: combining marks, characters NFC
# replaces, and characters that compose with the one before them (generated from unicodedata;
# tests/test_text.py checks it still covers Python's Unicode data). A text with none of them,
# and no astral characters, is NFC already; checking that with a stdlib ``re`` character set is
# several times faster than ``unicodedata.is_normalized``, which then runs only on the rest.
_NFC_SUSPECTS = (
    "\u0300-\u034e\u0350-\u036f\u0374\u037e\u0387\u0483-\u0487\u0591-\u05bd\u05bf"
    "\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc"
    "\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0711\u0730-\u074a\u07eb-\u07f3\u07fd"
    "\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d\u0859-\u085b\u0898-\u089f"
    "\u08ca-\u08e1\u08e3-\u08ff\u093c\u094d\u0951-\u0954\u0958-\u095f\u09bc\u09be\u09cd"
    "\u09d7\u09dc-\u09dd\u09df\u09fe\u0a33\u0a36\u0a3c\u0a4d\u0a59-\u0a5b\u0a5e\u0abc"
    "\u0acd\u0b3c\u0b3e\u0b4d\u0b56-\u0b57\u0b5c-\u0b5d\u0bbe\u0bcd\u0bd7\u0c3c\u0c4d"
    "\u0c55-\u0c56\u0cbc\u0cc2\u0ccd\u0cd5-\u0cd6\u0d3b-\u0d3c\u0d3e\u0d4d\u0d57\u0dca"
    "\u0dcf\u0ddf\u0e38-\u0e3a\u0e48-\u0e4b\u0eb8-\u0eba\u0ec8-\u0ecb\u0f18-\u0f19\u0f35"
    "\u0f37\u0f39\u0f43\u0f4d\u0f52\u0f57\u0f5c\u0f69\u0f71-\u0f76\u0f78\u0f7a-\u0f7d"
    "\u0f80-\u0f84\u0f86-\u0f87\u0f93\u0f9d\u0fa2\u0fa7\u0fac\u0fb5\u0fb7\u0fb9\u0fc6"
    "\u102e\u1037\u1039-\u103a\u108d\u1161-\u1175\u11a8-\u11c2\u135d-\u135f\u1714-\u1715"
    "\u1734\u17d2\u17dd\u18a9\u1939-\u193b\u1a17-\u1a18\u1a60\u1a75-\u1a7c\u1a7f"
    "\u1ab0-\u1abd\u1abf-\u1ace\u1b34-\u1b35\u1b44\u1b6b-\u1b73\u1baa-\u1bab\u1be6"
    "\u1bf2-\u1bf3\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce0\u1ce2-\u1ce8\u1ced\u1cf4\u1cf8-\u1cf9"
    "\u1dc0-\u1dff\u1f71\u1f73\u1f75\u1f77\u1f79\u1f7b\u1f7d\u1fbb\u1fbe\u1fc9\u1fcb"
    "\u1fd3\u1fdb\u1fe3\u1feb\u1fee-\u1fef\u1ff9\u1ffb\u1ffd\u2000-\u2001\u20d0-\u20dc"
    "\u20e1\u20e5-\u20f0\u2126\u212a-\u212b\u2329-\u232a\u2adc\u2cef-\u2cf1\u2d7f"
    "\u2de0-\u2dff\u302a-\u302f\u3099-\u309a\ua66f\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1"
    "\ua806\ua82c\ua8c4\ua8e0-\ua8f1\ua92b-\ua92d\ua953\ua9b3\ua9c0\uaab0\uaab2-\uaab4"
    "\uaab7-\uaab8\uaabe-\uaabf\uaac1\uaaf6\uabed\uf900-\ufa0d\ufa10\ufa12\ufa15-\ufa1e"
    "\ufa20\ufa22\ufa25-\ufa26\ufa2a-\ufa6d\ufa70-\ufad9\ufb1d-\ufb1f\ufb2a-\ufb36"
    "\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufb4e\ufe20-\ufe2f"
)

# One or more blank lines (lines holding only spaces once ``normalise`` has run). Possessive so a
# long run of spaces is scanned once.
_BLANK_LINES = regex.compile(r"\n(?:[ ]*+\n)+")

_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_NAMES = {"utf-8", "utf_8", "utf8", "u8", "utf-8-sig", "utf_8_sig"}

DECODE_HINT = "name the file's encoding with --encoding, for example --encoding latin-1"


def decode(data: bytes, *, encoding: str | None = None, source: str | None = None) -> str:
    """Decode a dump, honouring a byte-order mark, and refuse what is not text.

    With the default encoding (UTF-8) a UTF-8, UTF-16 or UTF-32 byte-order mark chooses the
    codec, because editors on Windows save copied text that way.
    """
    codec = choose_codec(data[:4], encoding, source)
    if codec == "utf-8" and b"\x00" in data:
        raise binary_input_error(data.index(b"\x00"), data, source)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise decode_error(error.start, data[error.start], codec, data, source) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise binary_input_error(nul, text, source)
    return text


def choose_codec(head: bytes, encoding: str | None, source: str | None) -> str:
    """The codec for a file starting with ``head``: a byte-order mark decides for UTF-8."""
    codec = encoding or "utf-8"
    if not is_text_encoding(codec):
        raise InputError(f"unknown text encoding {codec!r}", source=source, code="unknown-encoding")
    if codecs.lookup(codec).name.replace("_", "-") in _UTF8_NAMES:
        # Plain utf-8 (the BOM is dropped by normalise): its codec is loaded already.
        return next((name for bom, name in _BYTE_ORDER_MARKS if head.startswith(bom)), "utf-8")
    return codec


def decode_error(
    offset: int, byte: int, codec: str, data: bytes | None, source: str | None
) -> InputError:
    """The error for an undecodable byte; ``data`` (the bytes before it) gives the line."""
    return InputError(
        f"cannot decode byte 0x{byte:02x} at offset {offset} as {codec}",
        source=source,
        line=None if data is None else _line_of_byte(data, offset),
        hint=DECODE_HINT,
        code="decode-error",
    )


def is_text_encoding(name: str) -> bool:
    """True for a codec that turns bytes into text ("latin-1"), not "hex" or "rot13"."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return bool(getattr(info, "_is_text_encoding", True))


def binary_input_error(offset: int, data: bytes | str | None, source: str | None) -> InputError:
    """The error for a NUL at ``offset``; ``data`` (what comes before it) gives the line."""
    return InputError(
        f"binary input: NUL character at offset {offset}; this is not a text dump",
        source=source,
        line=None if data is None else _line_of_byte(data, offset),
        hint="if it is UTF-16 text without a byte-order mark, pass --encoding utf-16",
        code="binary-input",
    )


def _line_of_byte(data: bytes | str, offset: int) -> int:
    head = data[:offset]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def normalise(text: str) -> str:
    """Line ends to ``\\n``, other whitespace to ``' '``, Unicode NFC, BOM dropped.

    Every step keeps the number of lines, so line numbers stay those of the original file. Each
    step is skipped when the text does not need it, and the checks are single-character scans
    (memchr speed), so a clean dump costs almost nothing here.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    is_ascii = text.isascii()  # ASCII text is NFC and holds no Unicode spaces
    if not is_ascii and not _is_nfc(text):
        text = unicodedata.normalize("NFC", text)
    for char in _ASCII_OTHER_WHITESPACE if is_ascii else OTHER_WHITESPACE:
        if char in text:  # one fast scan per character; most texts hold none of them
            text = text.replace(char, " ")
    return text


def _is_nfc(text: str) -> bool:
    no_astral = len(text.encode("utf-16-le")) == 2 * len(text)
    if no_astral and _nfc_suspects().search(text) is None:
        return True
    return unicodedata.is_normalized("NFC", text)


@functools.cache
def _nfc_suspects() -> re.Pattern[str]:
    """Compiled on first use: the character set costs a millisecond, which ASCII input skips."""
    return re.compile(f"[{_NFC_SUSPECTS}]")


def require_text(text: str, source: str | None) -> None:
    """Refuse input with nothing to parse, with a message that says which kind of nothing."""
    if not text:
        raise InputError("the input is empty", source=source, code="empty-input")
    if text.isspace():
        raise InputError("the input holds only whitespace", source=source, code="empty-input")


def collapse(text: str) -> str:
    """One paragraph's text: whitespace runs (line breaks included) to one space, ends stripped.

    After ``normalise`` the only whitespace left is ``' '`` and ``'\\n'``, so a paragraph on one
    line with single spaces (most of them) only needs its ends stripped, which is far cheaper
    than splitting it into words.
    """
    if "\n" not in text and "  " not in text:
        return text.strip(" ")
    return " ".join(text.split())


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """The paragraphs of ``text[start:end]`` as ``(offset of first character, collapsed text)``.

    Offsets index the normalised text, so ``LineIndex.line_of`` turns them into line numbers.
    """
    stop = len(text) if end is None else end
    found: list[tuple[int, str]] = []
    position = start
    for separator in _BLANK_LINES.finditer(text, start, stop):
        _add_paragraph(found, text, position, separator.start())
        position = separator.end()
    _add_paragraph(found, text, position, stop)
    return found


def _add_paragraph(found: list[tuple[int, str]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    collapsed = collapse(chunk)
    if collapsed:
        found.append((start + len(chunk) - len(chunk.lstrip()), collapsed))


def join_paragraphs(found: list[tuple[int, str]]) -> str | None:
    """Paragraph texts separated by one blank line, or ``None`` when there are none."""
    return "\n\n".join(paragraph for _, paragraph in found) or None


class LineIndex:
    """Maps offsets of the normalised text to 1-based line numbers of the original file.

    Extractors ask in increasing order, so counting from the last answer keeps the total work
    linear in the size of the text; an earlier offset restarts the count.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def line_of(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line

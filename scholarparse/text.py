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
import unicodedata
from typing import NamedTuple

from .errors import InputError
from .patterns import compile_pattern

# Every character Python's str.isspace() accepts, but for the plain space and the line ends.
# ``normalise`` maps them all to a space; ``collapse`` (str.split) agrees on the same set.
_ASCII_OTHER_WHITESPACE = "\t\x0b\x0c\x1c\x1d\x1e\x1f"
_LATIN_1_OTHER_WHITESPACE = _ASCII_OTHER_WHITESPACE + "\x85\xa0"
_NON_ASCII_WHITESPACE = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
OTHER_WHITESPACE = _ASCII_OTHER_WHITESPACE + _NON_ASCII_WHITESPACE

# One or more blank lines (lines holding only spaces once ``normalise`` has run). Possessive so a
# long run of spaces is scanned once.
_BLANK_LINES = compile_pattern(r"\n(?:[ ]*+\n)++")

_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_NAMES = {"utf-8", "utf_8", "utf8", "u8", "utf-8-sig", "utf_8_sig"}

DECODE_HINT = (
    "pass encoding='auto', which reads the bytes as UTF-8 or else as Windows-1252, or name "
    "this file's encoding (encoding='latin-1')"
)
DECODE_CLI_HINT = (
    "use --encoding auto, which reads each file as UTF-8 or else as Windows-1252, or name this "
    "file's encoding for it alone (--encoding latin-1)"
)

# ``--encoding auto``: a byte-order mark decides, else UTF-8 when the bytes are UTF-8, else
# Windows-1252. That is what editors on Windows save a copied page as; it covers Latin-1's
# printable range, and its five undefined bytes are read as Latin-1 (this error handler).
AUTO_ENCODING = "auto"
FALLBACK_ENCODING = "windows-1252"
_LATIN_1_FOR_UNDEFINED = "scholarparse-latin-1-for-undefined"
codecs.register_error(
    _LATIN_1_FOR_UNDEFINED,
    lambda error: (error.object[error.start : error.end].decode("latin-1"), error.end),  # type: ignore[attr-defined]
)


class EncodingGuess(NamedTuple):
    """What ``--encoding auto`` chose for a file that is not UTF-8, and the line of its first
    byte that UTF-8 refused."""

    encoding: str
    line: int | None


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
    if codec == "utf-8":
        # In UTF-8 a NUL comes only from a 0x00 byte (the overlong C0 80 does not decode), and
        # the bytes had none: no second scan, of the text (0.025 s of the bench corpus's
        # 0.043 s of decoding).
        return text
    nul = text.find("\x00")
    if nul >= 0:
        raise binary_input_error(nul, text, source)
    return text


def decode_guessing(data: bytes, *, source: str | None = None) -> tuple[str, EncodingGuess | None]:
    """``decode`` with ``--encoding auto``: the text, and the guess when it was not UTF-8.

    Only a decoding error of plain UTF-8 leads to the guess: a NUL byte is still
    ``binary-input``, and bytes that break the encoding their byte-order mark names are a
    ``decode-error``.
    """
    try:
        return decode(data, source=source), None
    except InputError as error:
        if error.code != "decode-error" or choose_codec(data[:4], None, source) != "utf-8":
            raise
        if data.startswith(codecs.BOM_UTF8):
            raise
        line = error.line
    return data.decode(FALLBACK_ENCODING, _LATIN_1_FOR_UNDEFINED), EncodingGuess(
        FALLBACK_ENCODING, line
    )


def choose_codec(head: bytes, encoding: str | None, source: str | None) -> str:
    """The codec for a file starting with ``head``: a byte-order mark decides for UTF-8 (and
    for ``auto``, which is UTF-8 with a fallback: ``decode_guessing``)."""
    codec = "utf-8" if encoding in (None, AUTO_ENCODING) else encoding
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
        cli_hint=DECODE_CLI_HINT,
        code="decode-error",
    )


def is_text_encoding(name: str) -> bool:
    """True for a codec that turns bytes into text ("latin-1"), not "hex" or "rot13"; and for
    ``auto``."""
    if name == AUTO_ENCODING:
        return True
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
        hint="if it is UTF-16 text without a byte-order mark, pass encoding='utf-16'",
        cli_hint="if it is UTF-16 text without a byte-order mark, pass --encoding utf-16",
        code="binary-input",
    )


def _line_of_byte(data: bytes | str, offset: int) -> int:
    head = data[:offset]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def normalise(text: str, *, utf8: bytes | None = None) -> str:
    """Line ends to ``\\n``, other whitespace to ``' '``, Unicode NFC, BOM dropped.

    Every step keeps the number of lines, so line numbers stay those of the original file. Each
    step is skipped when the text does not need it, and the checks are single-character scans
    (memchr speed), so a clean dump costs almost nothing here. ``utf8`` is the UTF-8 the text
    was decoded from, when the caller has it: it spares encoding the text again.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
        utf8 = None if utf8 is None else utf8[len(codecs.BOM_UTF8) :]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        other_whitespace = _ASCII_OTHER_WHITESPACE
    elif _is_latin_1(text):
        other_whitespace = _LATIN_1_OTHER_WHITESPACE
    else:
        beyond = _beyond_ascii(text, utf8)
        if max(beyond) >= _FIRST_COMBINING_MARK:
            # normalize() returns the text itself when its quick check passes; a text that needs
            # the full check is normalised once, not checked in full and then normalised.
            normalised = unicodedata.normalize("NFC", text)
            if normalised != text:
                text = normalised
                beyond = _beyond_ascii(text, None)
        other_whitespace = _ASCII_OTHER_WHITESPACE + "".join(
            char for char in _NON_ASCII_WHITESPACE if char in beyond
        )
    for char in other_whitespace:
        if char in text:  # one fast scan per character; most texts hold none of them
            text = text.replace(char, " ")
    return text


def _is_latin_1(text: str) -> bool:
    """True for text made of U+0000-U+00FF only, which is NFC already (see below).

    CPython stores such text one byte per character, so encoding it is a plain copy, several
    times faster than ``unicodedata.is_normalized``; wider text fails at its first character.
    """
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


# Text made only of characters below U+0300, where the combining marks start, is NFC: none of
# them changes under NFC or composes with its neighbour (tests/test_text.py checks every pair).
_FIRST_COMBINING_MARK = "\u0300"
_ASCII_BYTES = bytes(range(0x80))


def _beyond_ascii(text: str, utf8: bytes | None) -> str:
    """The characters of ``text`` beyond ASCII, in order: a few hundred in a typical dump.

    Deleting the ASCII bytes from the UTF-8 is a table lookup per byte in C, 3.5 times
    faster than ``unicodedata.is_normalized`` on the text, and what is left is small enough to
    check for NFC and for whitespace at no cost. ``normalise`` on the bench corpus's 1,424
    dumps beyond Latin-1: 0.32 s before, 0.14 s after (0.17 s from text, which must be encoded).
    """
    if utf8 is None:
        utf8 = text.encode("utf-8", "surrogatepass")
    return utf8.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


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
    if len(found) == 1:  # most abstracts: no need to build a generator and join
        return found[0][1]
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

"""The library's entry points: text, bytes or a file in, a typed document out."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import gc
import os
import stat
from collections.abc import Iterator
from typing import BinaryIO

from . import build
from .dates import parse_iso_date
from .detect import KINDS, LOOKED_FOR, Kind, detect_normalised
from .errors import InputError, LayoutError
from .extractors import Scan, run_chain
from .model import Document
from .text import (
    AUTO_ENCODING,
    binary_input_error,
    choose_codec,
    decode,
    decode_guessing,
    normalise,
    require_text,
)

_OTHER_COMMAND = {"profile": "abstracts", "abstracts": "profile"}
_LAYOUT_NAMES = {"profile": "a profile dump", "abstracts": "an abstract-only dump"}


def parse_text(
    text: str,
    kind: Kind | None = None,
    source: str | None = None,
    as_of: dt.date | str | None = None,
) -> Document:
    """Parse a dump held in memory.

    ``kind`` forces a layout ("profile" or "abstracts"); by default it is detected. ``as_of`` is
    the day the page was copied, which fixes the year of year-less dates (default: today).
    Raises ``InputError`` for empty text and ``LayoutError`` when the layout is unknown or is
    plainly not the one asked for.
    """
    return _parse(normalise(text), kind, source, as_of)


def _parse(
    text: str, kind: Kind | None, source: str | None, as_of: dt.date | str | None
) -> Document:
    """``parse_text`` of normalised text."""
    reference = _reference_date(as_of)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    require_text(text, source)
    detected = detect_normalised(text, explain=False)
    if kind is None:
        if detected.kind is None:
            raise LayoutError(
                f"cannot tell the layout: found {LOOKED_FOR}",
                source=source,
                hint="choose one: kind='profile' or kind='abstracts'",
                cli_hint="choose one with 'scholarparse profile' or 'scholarparse abstracts'",
                code="unknown-layout",
            )
        kind = detected.kind
    elif detected.kind is not None and detected.kind != kind:
        raise LayoutError(
            f"this is {_LAYOUT_NAMES[detected.kind]}, not {_LAYOUT_NAMES[kind]} "
            f"({detected.evidence[0]})",
            source=source,
            hint=f"pass kind={detected.kind!r}, or leave kind out to detect the layout",
            cli_hint=f"use 'scholarparse {_OTHER_COMMAND[kind]}' or 'scholarparse parse'",
            code="wrong-layout",
        )
    with gc_paused():
        scan = run_chain(kind, Scan(text))
        if kind == "profile":
            return build.profile_document(scan, source=source, as_of=reference)
        return build.abstracts_document(scan, source=source)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a document is built.

    A document is a tree of tuples, lists and strings, with no cycles to collect; but each
    full collection walks every object alive, and a dump of 200,000 papers triggers enough of
    them to make the parse grow faster than its input (twice as slow at 1.6 MB, measured with
    tests/hostile.py). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_bytes(
    data: bytes,
    kind: Kind | None = None,
    source: str | None = None,
    encoding: str | None = None,
    as_of: dt.date | str | None = None,
) -> Document:
    """Decode (UTF-8 by default, byte-order-mark aware) and parse; see ``parse_text``.

    ``encoding="auto"`` reads a file that is not UTF-8 as Windows-1252, and says so in the
    document's diagnostics (``encoding-guessed``).
    """
    guess = None
    if encoding == AUTO_ENCODING:
        text, guess = decode_guessing(data, source=source)
    else:
        text = decode(data, encoding=encoding, source=source)
    utf8 = data if guess is None and choose_codec(data[:4], encoding, source) == "utf-8" else None
    document = _parse(normalise(text, utf8=utf8), kind, source, as_of)
    return document if guess is None else build.with_encoding_guessed(document, guess)


def parse_file(
    path: str | os.PathLike[str],
    kind: Kind | None = None,
    encoding: str | None = None,
    as_of: dt.date | str | None = None,
) -> Document:
    """Read and parse one dump; a file that cannot be read raises ``InputError``."""
    return parse_bytes(read_file(path), kind, os.fspath(path), encoding, as_of)


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or an ``InputError`` that says plainly why not."""
    source = os.fspath(path)
    try:
        with open(path, "rb") as stream:
            return read_stream(stream, source)
    except FileNotFoundError:
        raise InputError("no such file", source=source, code="file-not-found") from None
    except IsADirectoryError:
        raise InputError(
            "is a directory, not a dump",
            source=source,
            hint="name a file",
            code="is-a-directory",
        ) from None
    except PermissionError:
        raise InputError("permission denied", source=source, code="permission-denied") from None
    except OSError as error:
        raise InputError(
            f"cannot read: {error.strerror or error}", source=source, code="read-error"
        ) from None


def read_stream(stream: BinaryIO, source: str) -> bytes:
    """Everything ``stream`` holds. A character device other than a terminal (``/dev/zero``,
    ``/dev/urandom``) may never end: it is read a megabyte at a time, and its first NUL,
    which no text dump holds but in UTF-16 or UTF-32 (which a byte-order mark announces),
    stops it as binary input rather than fill the memory."""
    try:
        device = stat.S_ISCHR(os.fstat(stream.fileno()).st_mode) and not stream.isatty()
    except (OSError, ValueError):  # no descriptor (io.BytesIO): a stream of known bytes
        device = False
    if not device:  # a terminal too: read in pieces, it would take a Ctrl-D for each
        return stream.read()
    pieces: list[bytes] = []
    while piece := stream.read(_DEVICE_PIECE):
        pieces.append(piece)
        if b"\x00" in piece and not pieces[0].startswith(_WIDE_BYTE_ORDER_MARKS):
            data = b"".join(pieces)
            raise binary_input_error(data.index(b"\x00"), data, source)
    return b"".join(pieces)


_DEVICE_PIECE = 1 << 20
# UTF-16's, and UTF-32's (little-endian starts as UTF-16's does)
_WIDE_BYTE_ORDER_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


def _reference_date(as_of: dt.date | str | None) -> dt.date:
    if as_of is None:
        return dt.date.today()
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    return parse_iso_date(as_of)

"""An abstract-only dump of any size to JSON Lines in constant memory.

``scholarparse abstracts FILE --format jsonl`` would otherwise hold the file, its text and its
document at once. Here the file is read twice in chunks: first to prove that every byte decodes
(so no error can appear once output has begun), then to normalise it a chunk of whole lines at a
time and write each entry as soon as the next marker closes it. Only the entry being read and
the preamble are held. The bytes written are those of the in-memory path: the same extractor
and build steps make each entry, and a JSON object is its items written in order.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator

from . import build
from .detect import detect_normalised
from .errors import InputError, LayoutError
from .extractors.abstracts import Marker, entry, markers
from .model import SCHEMA_VERSION, Diagnostic
from .text import (
    binary_input_error,
    choose_codec,
    decode_error,
    join_paragraphs,
    normalise,
    paragraphs,
    require_text,
)

CHUNK_BYTES = 1 << 20


def stream_abstracts_jsonl(
    path: str, write: Callable[[str], object], *, encoding: str | None = None
) -> list[Diagnostic]:
    """Write the dump at ``path`` as its one JSON Lines document; return its diagnostics.

    Every error (unreadable, undecodable, binary, empty, a profile dump) is raised before
    anything is written.
    """
    codec = _check_decodes(path, encoding)
    chunks = _normalised_chunks(path, codec)
    held = ""  # the text not yet written: the preamble, then the entry being read
    for chunk in chunks:
        held += chunk
        if (first := next(markers(held), None)) is not None:
            break
    else:
        first = None
    preamble_end = len(held) if first is None else first.start
    _check_layout(held if first is None else held[: first.end], path)
    diagnostics: list[Diagnostic] = []
    found = paragraphs(held, 0, preamble_end)
    preamble = join_paragraphs(found)
    if found:
        diagnostics.append(build.preamble_warning(held.count("\n", 0, found[0][0]) + 1))
    head = {"kind": "abstracts", "schema_version": SCHEMA_VERSION, "source": path}
    write(_dumps({**head, "preamble": preamble})[:-1] + ',"abstracts":[')
    if first is not None:
        line = 1 + held.count("\n", 0, preamble_end)  # the line ``held`` starts on
        held = held[preamble_end:]
        index = 0
        scanned = 1  # every marker before this offset of ``held`` is in ``marks``
        marks = [_opening_marker(held)]
        for piece in _with_end(chunks):
            held += piece or ""
            marks += markers(held, scanned)
            scanned = len(held)
            closing = len(marks) if piece is None else len(marks) - 1
            counted = 0  # ``line`` is the line of this offset of ``held``
            for number in range(closing):
                marker = marks[number]
                end = marks[number + 1].start if number + 1 < len(marks) else len(held)
                line += held.count("\n", counted, marker.start)
                counted = marker.start
                index += 1
                abstract, warning = build.abstract_entry(index, entry(held, marker, end, line))
                write(("," if index > 1 else "") + _dumps(abstract.to_dict()))
                if warning is not None:
                    diagnostics.append(warning)
            if closing and piece is not None:
                keep = marks[-1].start
                line += held.count("\n", counted, keep)
                held = held[keep:]
                scanned -= keep
                marks = [_opening_marker(held)]
    write('],"diagnostics":' + _dumps([d.to_dict() for d in diagnostics]) + "}\n")
    return diagnostics


def _opening_marker(held: str) -> Marker:
    """The marker that ``held`` starts with: it is always cut where one starts."""
    marker = next(markers(held), None)
    assert marker is not None and marker.start == 0
    return marker


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _with_end(chunks: Iterator[str]) -> Iterator[str | None]:
    """The chunks, then ``None``: the end of the file closes the last entry."""
    yield from chunks
    yield None


def _check_layout(text: str, path: str) -> None:
    """Refuse what the in-memory path refuses: empty input, or a profile dump."""
    require_text(text, path)
    detection = detect_normalised(text)
    if detection.kind == "profile":
        raise LayoutError(
            f"this is a profile dump, not an abstract-only dump ({detection.evidence[0]})",
            source=path,
            hint="use 'scholarparse profile' or 'scholarparse parse'",
            code="wrong-layout",
        )


def _read(path: str) -> Iterator[bytes]:
    """The file's bytes in chunks, then ``b""`` once (which tells a decoder to finish)."""
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                yield chunk
    except OSError as error:
        raise InputError(
            f"cannot read: {error.strerror or error}", source=path, code="read-error"
        ) from None
    yield b""


def _check_decodes(path: str, encoding: str | None) -> str:
    """The codec, once every byte of the file has decoded with it (the first pass).

    Reports what ``text.decode`` would for the whole file: with UTF-8 a NUL byte anywhere
    outranks an undecodable byte before it.
    """
    chunks = _read(path)
    first = next(chunks)
    codec = choose_codec(first[:4], encoding, path)
    decoder = codecs.getincrementaldecoder(codec)()
    offset = chars = 0  # bytes and characters before this chunk
    byte_lines = text_lines = 1  # the line this chunk starts on, counted in each
    failure: InputError | None = None
    previous_cr, previous_text = False, ""  # a CRLF split between chunks is one line end
    for chunk in _prepend(first, chunks):
        if codec == "utf-8" and b"\x00" in chunk:
            nul = chunk.index(b"\x00")
            problem = binary_input_error(offset + nul, None, path)
            problem.line = byte_lines + _line_ends(chunk[:nul].decode("latin-1"))
            raise problem
        if failure is None:
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                good = codecs.decode(error.object[: error.start], codec, "replace")
                at = offset - len(pending) + error.start
                failure = decode_error(at, error.object[error.start], codec, None, path)
                failure.line = text_lines + _line_ends(good)
                if codec != "utf-8":
                    raise failure from None
                text = ""
            if "\x00" in text:
                nul = text.index("\x00")
                problem = binary_input_error(chars + nul, None, path)
                problem.line = text_lines + _line_ends(text[:nul])
                raise problem
            chars += len(text)
            text_lines += _line_ends(text) - (previous_text.endswith("\r") and text[:1] == "\n")
            previous_text = text or previous_text
        offset += len(chunk)
        byte_lines += _line_ends(chunk.decode("latin-1")) - (previous_cr and chunk[:1] == b"\n")
        previous_cr = chunk.endswith(b"\r")
    if failure is not None:
        raise failure
    return codec


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _line_ends(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _normalised_chunks(path: str, codec: str) -> Iterator[str]:
    """The file's text, normalised, in chunks of whole lines (the second pass).

    A chunk is cut after its last line end, but never between the halves of a CRLF, so each
    is normalised exactly as the whole text would be. Only the first may start with the BOM
    that ``normalise`` drops.
    """
    decoder = codecs.getincrementaldecoder(codec)()
    carry = ""
    first = True
    for chunk in _read(path):
        text = carry + decoder.decode(chunk, final=not chunk)
        carry = ""
        if chunk:
            cut = max(text.rfind("\n"), text.rfind("\r", 0, len(text) - 1)) + 1
            text, carry = text[:cut], text[cut:]
        if text:
            yield normalise(text) if first else normalise("\n" + text)[1:]
            first = False

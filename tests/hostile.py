"""Hostile inputs, each a function of a size in bytes: the shapes that make parsers slow or fail.

Shared by tests/test_hostile.py (at the sizes issue 4 names) and bench/scaling.py (at 1, 10
and 100 MB, to show that parse time grows linearly). Every shape is deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Callable

HEADER = b"Ann Lee\n\nh-index1\n\n"
META = b"CLMay 2\n"


def _repeat(unit: bytes, size: int) -> bytes:
    return unit * max(1, size // len(unit))


def whitespace_only(size: int) -> bytes:
    return _repeat(b" \t\r\n\x0c", size)


def nul_bytes(size: int) -> bytes:
    return HEADER + _repeat(b"\x00", size)


def invalid_utf8(size: int) -> bytes:
    return _repeat(b"caf\xc3\xa9 ", size // 2) + b"\xc3\x28" + _repeat(b"x", size // 2)


def utf16_with_bom(size: int) -> bytes:
    text = "Zoë Müller\n\nh-index3\n\nCLMay 2\nA title\n\nZoë Müller · eth\n\n"
    return (text + _repeat(b"Abstract text. ", size).decode()).encode("utf-16")


def one_long_line(size: int) -> bytes:
    """A paper whose abstract is one line of ``size`` bytes."""
    return HEADER + META + b"A title\n\nAnn Lee\n\n" + _repeat(b"long words ", size)


def blank_lines(size: int) -> bytes:
    """A header and one paper, ``size`` blank lines apart."""
    return HEADER + _repeat(b"\n", size) + META + b"A title"


def meta_like_lines(size: int) -> bytes:
    """Every line a paper's meta line: one paper (with no title) per line."""
    return HEADER + _repeat(META, size)


def many_authors(size: int) -> bytes:
    """One authors line holding ``size / 9`` names."""
    names = _repeat(b"Ann Lee, ", size)[:-2]
    return HEADER + META + b"A title\n\n" + names + b" \xc2\xb7 mit\n\nAbstract."


def long_number(size: int) -> bytes:
    """A header metric, a would-be score and a would-be day of ``size / 3`` digits each."""
    digits = _repeat(b"9", size // 3)
    return HEADER + b"h-index" + digits + b"\n\n" + digits + b"CLMay 2\nT\n\nCLMay " + digits


def nested_brackets(size: int) -> bytes:
    """A title of ``size`` nested ``$`` and ``{``, as broken LaTeX."""
    half = max(1, size // 2)
    return HEADER + META + b"$" * half + b"{" * half + b"\n\nAnn Lee\n\nAbstract."


def random_bytes(size: int) -> bytes:
    return random.Random(0).randbytes(size)


def random_text(size: int) -> bytes:
    """Lines drawn from the characters every pattern looks at: capitals, digits, spaces,
    commas, dots, middle dots, "$", "{" and line ends, after a real header."""
    alphabet = "CLMayJunSep Code 0123456789,.·$\n\n  abc"
    chunk = "".join(random.Random(0).choices(alphabet, k=min(size, 1 << 16))).encode()
    return HEADER + _repeat(chunk, size)  # a 64 KB random chunk repeated: cheap at 100 MB


SHAPES: dict[str, Callable[[int], bytes]] = {
    "whitespace-only": whitespace_only,
    "nul-bytes": nul_bytes,
    "invalid-utf8": invalid_utf8,
    "utf16-with-bom": utf16_with_bom,
    "one-long-line": one_long_line,
    "blank-lines": blank_lines,
    "meta-like-lines": meta_like_lines,
    "many-authors": many_authors,
    "long-number": long_number,
    "nested-brackets": nested_brackets,
    "random-bytes": random_bytes,
    "random-text": random_text,
}

"""Which layout a text is, with the evidence, so a wrong guess can be explained."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .extractors.abstracts import MARKER
from .extractors.header import HEADER_LINE
from .extractors.papers import META_LINE
from .text import LineIndex, normalise

Kind = Literal["profile", "abstracts"]
KINDS: tuple[Kind, ...] = ("profile", "abstracts")

# A profile header is short; looking further would only find abstract text.
_HEADER_LINES_TO_READ = 40

LOOKED_FOR = (
    "an 'Abstract:' marker, a paper meta line such as '81.8CLMay 29Code', "
    "or a header metric such as 'h-index75'"
)


@dataclass(frozen=True)
class Detection:
    """The layout (``None`` if unknown) and the lines that say so, e.g. ``line 12: meta line``."""

    kind: Kind | None
    evidence: tuple[str, ...]


def detect(text: str) -> Detection:
    """Tell a profile dump from an abstract-only dump by the first telling line of each.

    An abstract-only dump wins when its first marker comes before any paper meta line: a profile
    never starts a line with ``Abstract:`` ahead of its papers.
    """
    return detect_normalised(normalise(text))


def detect_normalised(text: str) -> Detection:
    """``detect`` for text that ``text.normalise`` has already been through."""
    lines = LineIndex(text)
    marker = MARKER.search(text)
    meta = META_LINE.search(text, 0, marker.start() if marker else len(text))
    evidence: list[str] = []
    if marker:
        evidence.append(f"line {lines.line_of(marker.start())}: 'Abstract:' marker")
    if meta:
        line = lines.line_of(meta.start())
        evidence.append(f"line {line}: paper meta line {meta.group().strip()!r}")
    metric = _first_header_metric(text)
    if metric:
        evidence.append(metric)
    if marker and not meta:
        return Detection("abstracts", tuple(evidence))
    if meta or metric:
        return Detection("profile", tuple(evidence))
    return Detection(None, tuple(evidence))


def _first_header_metric(text: str) -> str | None:
    for number, line in enumerate(text.split("\n", _HEADER_LINES_TO_READ)[:-1], start=1):
        match = HEADER_LINE.fullmatch(" ".join(line.split()))
        if match and match.lastgroup != "category":
            return f"line {number}: header {match.lastgroup} {line.strip()!r}"
    return None

"""Which layout a text is, with the evidence, so a wrong guess can be explained."""

from __future__ import annotations

from typing import Literal, NamedTuple

from .extractors.abstracts import markers
from .extractors.header import header_items
from .extractors.papers import first_meta_line, meta_line_end
from .text import LineIndex, normalise

Kind = Literal["profile", "abstracts"]
KINDS: tuple[Kind, ...] = ("profile", "abstracts")

# A profile header is short; looking further would only find abstract text.
_HEADER_LINES_TO_READ = 40

LOOKED_FOR = (
    "no 'Abstract:' marker, no paper meta line such as '81.8CLMay 29Code' "
    "and no header metric such as 'h-index75'"
)


class Detection(NamedTuple):
    """The layout (``None`` if unknown) and the lines that say so, e.g. ``line 12: meta line``."""

    kind: Kind | None
    evidence: tuple[str, ...]


def detect(text: str) -> Detection:
    """Tell a profile dump from an abstract-only dump by the first telling line of each.

    An abstract-only dump wins when its first marker comes before any paper meta line: a profile
    never starts a line with ``Abstract:`` ahead of its papers.
    """
    return detect_normalised(normalise(text))


def detect_normalised(text: str, *, explain: bool = True) -> Detection:
    """``detect`` for text that ``text.normalise`` has already been through.

    With ``explain=False`` the header is not searched for a metric once a meta line or a
    marker has decided: the parse needs only the first piece of evidence, and reads the header
    itself. (An abstract-only dump's long lines made that search a twentieth of a batch.)
    """
    lines = LineIndex(text)
    # A profile's first meta line comes early, and only the text before it can hold a marker
    # that counts: neither search reads a profile to its end.
    meta = first_meta_line(text)
    marker = next(markers(text, 0, meta[0] if meta else len(text)), None)
    if marker:
        meta = None  # the marker comes first: an abstract-only dump quoting a meta line
    evidence: list[str] = []
    if marker:
        evidence.append(f"line {lines.line_of(marker.start)}: 'Abstract:' marker")
    if meta:
        line = lines.line_of(meta[0])
        written = text[meta[0] : meta_line_end(meta[1])]
        evidence.append(f"line {line}: paper meta line {' '.join(written.split())!r}")
    metric = _first_header_metric(text) if explain or not (meta or marker) else None
    if metric:
        evidence.append(metric)
    if marker and not meta:
        return Detection("abstracts", tuple(evidence))
    if meta or metric:
        return Detection("profile", tuple(evidence))
    return Detection(None, tuple(evidence))


def _first_header_metric(text: str) -> str | None:
    for number, line in enumerate(
        text.split("\n", _HEADER_LINES_TO_READ)[:_HEADER_LINES_TO_READ], start=1
    ):
        found = header_items(" ".join(line.split()))
        if found and found[0].name != "category":
            return f"line {number}: header {found[0].name} {line.strip()!r}"
    return None

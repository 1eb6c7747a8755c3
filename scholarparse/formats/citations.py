"""What the three citation formats (BibTeX, CSL-JSON, RIS) share: which documents they hold,
citation keys, dates, the note, and the warning for a paper exported without a date.

They hold papers, so only profile documents: an abstract-only dump has no titles, authors or
dates to cite, and asking for one is refused with the formats that do fit it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from ..latex import without_controls
from ..names import split_name
from ..patterns import compile_pattern
from . import UnsupportedDocuments

# What fits each kind of document instead, for the error that refuses it.
_FITS = {"profile-diff": "json, jsonl, yaml or table"}
_FITS_MOST = "json, jsonl, yaml, csv or table"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Words a citation key skips when it takes the title's first word, as reference managers do.
_FUNCTION_WORDS = frozenset(
    ("a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "from", "by", "at",
     "as", "is", "are", "via", "towards", "toward")
)  # fmt: skip
_KEY_WORD = compile_pattern(r"[a-z0-9]++")
# Latin letters that Unicode does not decompose into a base letter and a mark.
_NOT_DECOMPOSED = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "\u0131": "i"}
)  # fmt: skip


class Citation(NamedTuple):
    """One paper to export, with its unique citation key."""

    key: str
    paper: dict[str, Any]

    @property
    def date_parts(self) -> list[int] | None:
        """[year, month, day], or None for a paper without a readable date."""
        date = self.paper["date"]
        return None if date is None else [int(part) for part in date.split("-")]

    def note(self, *, cut_list: bool = False) -> str:
        """The site's score and code flag, which no citation field holds; with ``cut_list``,
        that the site cut the author list (for formats without BibTeX's "and others")."""
        parts = []
        if self.paper["score"] is not None:
            parts.append(f"Score {self.paper['score']}")
        if self.paper["has_code"]:
            parts.append("code available")
        if cut_list and self.paper["authors_truncated"]:
            parts.append("more authors than listed")
        return "; ".join(parts)


def citations(documents: Sequence[dict[str, Any]], format_name: str) -> list[Citation]:
    """Every paper of ``documents`` in order, once however many profiles list it, each with a
    key unique among them all.

    Anything but a profile raises ``UnsupportedDocuments`` naming the formats that fit it.
    """
    for document in documents:
        if document["kind"] != "profile":
            kind = document["kind"]
            what = "an abstract-only dump" if kind == "abstracts" else f"a {kind} document"
            raise UnsupportedDocuments(
                f"{format_name} holds the papers of profiles, not {what}; "
                f"use {_FITS.get(kind, _FITS_MOST)}",
                source=document.get("source"),
            )
    from ..match import one_per_paper  # co-authors' profiles list the same papers: cite once

    listed = [_printable(paper) for document in documents for paper in document["papers"]]
    papers = one_per_paper(listed, lambda paper: (paper["title"], paper["abstract"]))
    return [Citation(key, paper) for key, paper in zip(_unique_keys(papers), papers, strict=True)]


def _printable(paper: dict[str, Any]) -> dict[str, Any]:
    """The paper with control characters dropped from its text: no export can hold them."""
    text = ("title", "abstract", "category")
    clean = {key: without_controls(paper[key]) for key in text if paper[key] is not None}
    return {**paper, **clean, "authors": [without_controls(name) for name in paper["authors"]]}


def undated(documents: Sequence[dict[str, Any]]) -> Iterator[str]:
    """A warning for each paper that a citation export writes without a date."""
    for document in documents:
        for paper in document.get("papers") or ():
            if paper["date"] is None:
                shown = paper["date_raw"] or "none"
                yield (
                    f"{document['source'] or '<input>'}:{paper['line']}: warning: paper "
                    f"{paper['index']} has no readable date ({shown}); exported without one "
                    "[undated-export]"
                )


def _unique_keys(papers: list[dict[str, Any]]) -> list[str]:
    """``familyYEARword`` keys; keys that collide get ``a``, ``b``, ... in order."""
    keys = [_key(paper) for paper in papers]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    taken = {key for key, count in counts.items() if count == 1}
    unique = []
    for key in keys:
        if counts[key] == 1:
            unique.append(key)
            continue
        suffix = 0
        while (candidate := key + _letters(suffix)) in taken:
            suffix += 1
        taken.add(candidate)
        unique.append(candidate)
    return unique


def _letters(number: int) -> str:
    """a, b, ..., z, aa, ab, ...: spreadsheet columns in lower case."""
    letters = ""
    number += 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def _key(paper: dict[str, Any]) -> str:
    family = ""
    if paper["authors"]:
        name = split_name(paper["authors"][0])
        family = _ascii_word(name.family or name.literal)
    year = paper["date"][:4] if paper["date"] else "nd"
    words = _KEY_WORD.findall(_ascii(paper["title"] or ""))
    word = next((word for word in words if word not in _FUNCTION_WORDS), "")
    return f"{family or 'anon'}{year}{word}"


def _ascii(text: str) -> str:
    """Lower-case ASCII: accents dropped (``Rühle`` -> ``ruhle``), other letters lost."""
    folded = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    return folded.encode("ascii", "ignore").decode().lower()


def _ascii_word(text: str) -> str:
    return "".join(_KEY_WORD.findall(_ascii(text)))

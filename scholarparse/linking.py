"""Which paper each abstract of an abstract-only dump came from: ``identical``, ``revised`` or
``unmatched``, with the runner-up and the other profiles that hold the same paper.

A paper that appears in several profiles (co-authors' pages) is one paper: papers are grouped
by their normalised title and abstract, the group is searched once, and its first member is the
link while the others are ``also_in``. A revision is called only when the best paper clears
``min_similarity`` and is clearly ahead of the runner-up (``MIN_LEAD`` times its similarity):
an abstract that resembles two papers of one topic about equally is left ``unmatched`` with the
warning ``ambiguous-link``, since a wrong link is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .model import Abstract, AbstractsDocument, Diagnostic, ProfileDocument

if TYPE_CHECKING:
    from .match import Match

LINKS_SCHEMA_VERSION = 1

# Chosen on the seeds and fixtures/link/revisions, then checked on fixtures/link/unseen
# (README, "Linking abstracts to papers"): there the true revisions score 0.247 and above,
# the abstracts from elsewhere, near neighbours included, 0.180 and below; 0.21 is the middle.
MIN_SIMILARITY = 0.21
MIN_LEAD = 1.5

Relation = Literal["identical", "revised", "unmatched"]


class Candidate(NamedTuple):
    """A paper that an abstract may come from, wherever it was read (a dump, a database)."""

    source: str | None
    index: int  # type: ignore[assignment]  # shadows tuple.index: the contract key
    line: int
    title: str | None
    abstract: str


class PaperRef(NamedTuple):
    source: str | None
    index: int  # type: ignore[assignment]  # shadows tuple.index: the contract key
    line: int
    title: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class RunnerUp(NamedTuple):
    source: str | None
    index: int  # type: ignore[assignment]  # shadows tuple.index: the contract key
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Place(NamedTuple):
    """The same paper in another profile."""

    source: str | None
    index: int  # type: ignore[assignment]  # shadows tuple.index: the contract key

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Link(NamedTuple):
    abstract_index: int
    abstract_line: int
    relation: Relation
    similarity: float
    paper: PaperRef | None
    runner_up: RunnerUp | None
    also_in: tuple[Place, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "abstract_index": self.abstract_index,
            "abstract_line": self.abstract_line,
            "relation": self.relation,
            "similarity": self.similarity,
            "paper": None if self.paper is None else self.paper.to_dict(),
            "runner_up": None if self.runner_up is None else self.runner_up.to_dict(),
            "also_in": [place.to_dict() for place in self.also_in],
        }


class LinksDocument(NamedTuple):
    """Every entry of an abstract-only dump with the paper it came from, if any."""

    abstracts: str | None
    profiles: tuple[str | None, ...] | str
    links: tuple[Link, ...]
    diagnostics: tuple[Diagnostic, ...]
    kind: Literal["links"] = "links"

    def summary(self) -> dict[str, int]:
        counts = {"identical": 0, "revised": 0, "unmatched": 0}
        for link in self.links:
            counts[link.relation] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "schema_version": LINKS_SCHEMA_VERSION,
            "abstracts": self.abstracts,
            "profiles": self.profiles if isinstance(self.profiles, str) else list(self.profiles),
            "links": [link.to_dict() for link in self.links],
            "summary": self.summary(),
            "diagnostics": [diagnostic.to_dict() for diagnostic in self.diagnostics],
        }


def link(
    abstracts: AbstractsDocument,
    profiles: Sequence[ProfileDocument],
    *,
    min_similarity: float = MIN_SIMILARITY,
) -> LinksDocument:
    """Link each entry of ``abstracts`` to the paper of ``profiles`` it came from."""
    return link_candidates(
        abstracts,
        candidates_of(profiles),
        profiles=tuple(profile.source for profile in profiles),
        min_similarity=min_similarity,
    )


def candidates_of(profiles: Iterable[ProfileDocument]) -> Iterable[Candidate]:
    """Every paper of ``profiles`` that has an abstract, in order."""
    for profile in profiles:
        for paper in profile.papers:
            if paper.abstract:
                yield Candidate(
                    profile.source, paper.index, paper.line, paper.title, paper.abstract
                )


class _Group(NamedTuple):
    """One paper, however many profiles show it (same normalised title and abstract)."""

    members: list[Candidate]


def link_candidates(
    abstracts: AbstractsDocument,
    candidates: Iterable[Candidate],
    *,
    profiles: tuple[str | None, ...] | str,
    min_similarity: float = MIN_SIMILARITY,
) -> LinksDocument:
    """``link`` against papers from anywhere (``--db`` reads them from a database)."""
    from .match import TextIndex, fingerprint, normalise  # not on the command line's start-up path

    if not 0.0 <= min_similarity <= 1.0:
        raise ValueError(f"min_similarity must be between 0 and 1, not {min_similarity}")
    groups: list[_Group] = []
    by_paper: dict[tuple[str, bytes], int] = {}
    by_abstract: dict[bytes, int] = {}
    texts: list[str] = []
    for candidate in candidates:
        abstract = fingerprint(candidate.abstract)
        key = (normalise(candidate.title or ""), abstract)
        place = by_paper.get(key)
        if place is None:
            place = by_paper[key] = len(groups)
            groups.append(_Group([]))
            texts.append(candidate.abstract)
            by_abstract.setdefault(abstract, place)
        groups[place].members.append(candidate)
    index = TextIndex(texts)
    links: list[Link] = []
    diagnostics: list[Diagnostic] = []
    for entry in abstracts.abstracts:
        identical = by_abstract.get(fingerprint(entry.text)) if entry.text else None
        ranked = [match for match in index.search(entry.text, 3) if match.position != identical]
        best = ranked[0] if ranked else None
        second = ranked[1] if len(ranked) > 1 else None
        if identical is not None:
            links.append(_link(entry, "identical", 1.0, groups[identical], best, groups))
        elif best is not None and best.similarity >= min_similarity:
            if second is None or best.similarity >= MIN_LEAD * second.similarity:
                links.append(
                    _link(entry, "revised", best.similarity, groups[best.position], second, groups)
                )
                continue
            diagnostics.append(_ambiguous(entry, best, second, groups))
            links.append(_link(entry, "unmatched", best.similarity, None, best, groups))
        else:
            similarity = 0.0 if best is None else best.similarity
            links.append(_link(entry, "unmatched", similarity, None, best, groups))
    return LinksDocument(
        abstracts=abstracts.source,
        profiles=profiles,
        links=tuple(links),
        diagnostics=tuple(diagnostics),
    )


def _link(
    entry: Abstract,
    relation: Relation,
    similarity: float,
    group: _Group | None,
    runner_up: Match | None,
    groups: list[_Group],
) -> Link:
    """The link of one entry; ``runner_up`` is the closest other paper (for an unmatched
    entry: the closest paper, to show how near it came)."""
    paper = None if group is None else group.members[0]
    other = None
    if runner_up is not None:
        first = groups[runner_up.position].members[0]
        other = RunnerUp(first.source, first.index, round(runner_up.similarity, 3))
    return Link(
        abstract_index=entry.index,
        abstract_line=entry.line,
        relation=relation,
        similarity=round(similarity, 3),
        paper=None
        if paper is None
        else PaperRef(paper.source, paper.index, paper.line, paper.title),
        runner_up=other,
        also_in=()
        if group is None
        else tuple(Place(member.source, member.index) for member in group.members[1:]),
    )


def _ambiguous(entry: Abstract, best: Match, second: Match, groups: list[_Group]) -> Diagnostic:
    first, other = groups[best.position].members[0], groups[second.position].members[0]
    return Diagnostic(
        "warning",
        "ambiguous-link",
        entry.line,
        f"abstract {entry.index} is about as close to paper {first.index} of "
        f"{first.source or '<input>'} ({best.similarity:.2f}) as to paper {other.index} of "
        f"{other.source or '<input>'} ({second.similarity:.2f}); left unmatched",
    )

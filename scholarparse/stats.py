"""Figures of one profile or many: papers per year, categories, code, scores, top co-authors
and affiliations, and a row per profile.

Papers are counted once however many profiles list them: two listings are one paper when their
normalised titles and abstracts are equal (``match.normalise``: case, punctuation and spacing
folded), and the paper keeps the fields of its first listing in the order the profiles are
given. ``duplicates`` says how many listings were merged so. A paper without a readable date
counts in ``undated``, in no year. Ranks are most first, ties by name in code-point order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Literal, NamedTuple

from .model import Diagnostic, ProfileDocument

STATS_SCHEMA_VERSION = 1
TOP = 10
# The figures that come as a table of rows (stats -f csv --table).
TABLES = ("years", "categories", "authors", "affiliations", "profiles")


class Listing(NamedTuple):
    """What the figures need of one paper as a profile lists it."""

    title: str | None
    abstract: str | None
    date: str | None  # YYYY-MM-DD
    category: str
    has_code: bool
    score: float | int | None
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]


class Profile(NamedTuple):
    """One profile given: its header figures and the papers it lists."""

    source: str | None
    name: str | None
    category: str | None
    h_index: int | None
    citations: int | None
    listings: tuple[Listing, ...]

    @classmethod
    def of(cls, document: ProfileDocument) -> Profile:
        listings = tuple(
            Listing(
                paper.title,
                paper.abstract,
                paper.date,
                paper.category,
                paper.has_code,
                paper.score,
                paper.authors,
                paper.affiliations,
            )
            for paper in document.papers
        )
        metrics = document.metrics
        return cls(
            document.source,
            document.name,
            document.category,
            metrics.h_index,
            metrics.citations,
            listings,
        )

    def to_dict(self) -> dict[str, Any]:
        years = [int(listing.date[:4]) for listing in self.listings if listing.date]
        return {
            "source": self.source,
            "name": self.name,
            "category": self.category,
            "h_index": self.h_index,
            "citations": self.citations,
            "papers_listed": len(self.listings),
            "first_year": min(years, default=None),
            "last_year": max(years, default=None),
        }


class Scores(NamedTuple):
    scored: int  # papers with a score ("count" in JSON; a tuple has a count method)
    min: float | int | None
    median: float | int | None
    max: float | int | None

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.scored, "min": self.min, "median": self.median, "max": self.max}


class Stats(NamedTuple):
    profiles: tuple[Profile, ...]
    papers: int
    duplicates: int
    undated: int
    papers_per_year: tuple[tuple[int, int], ...]
    categories: tuple[tuple[str, int], ...]
    with_code: int
    scores: Scores
    authors: tuple[tuple[str, int], ...]
    affiliations: tuple[tuple[str, int], ...]
    top: int
    diagnostics: tuple[Diagnostic, ...] = ()  # the inputs' warnings are theirs
    kind: Literal["stats"] = "stats"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "schema_version": STATS_SCHEMA_VERSION,
            "profiles": [profile.to_dict() for profile in self.profiles],
            "papers": self.papers,
            "duplicates": self.duplicates,
            "undated": self.undated,
            "papers_per_year": [{"year": y, "papers": n} for y, n in self.papers_per_year],
            "categories": [{"category": c, "papers": n} for c, n in self.categories],
            "with_code": self.with_code,
            "scores": self.scores.to_dict(),
            "top": self.top,
            "authors": [{"name": name, "papers": n} for name, n in self.authors],
            "affiliations": [{"name": name, "papers": n} for name, n in self.affiliations],
            "diagnostics": [diagnostic.to_dict() for diagnostic in self.diagnostics],
        }


def stats(profiles: Iterable[ProfileDocument | Profile], *, top: int = TOP) -> Stats:
    """The figures over every paper of ``profiles``, in the order given (which decides whose
    listing of a shared paper counts); ``top`` authors and affiliations."""
    given = tuple(p if isinstance(p, Profile) else Profile.of(p) for p in profiles)
    from .match import one_per_paper

    listings = [listing for profile in given for listing in profile.listings]
    papers = one_per_paper(listings, lambda listing: (listing.title, listing.abstract))
    years = Counter(int(paper.date[:4]) for paper in papers if paper.date)
    scores = sorted(paper.score for paper in papers if paper.score is not None)
    return Stats(
        profiles=given,
        papers=len(papers),
        duplicates=len(listings) - len(papers),
        undated=sum(paper.date is None for paper in papers),
        papers_per_year=tuple((year, years[year]) for year in _every_year(years)),
        categories=_ranked(Counter(paper.category for paper in papers)),
        with_code=sum(paper.has_code for paper in papers),
        scores=Scores(
            len(scores),
            scores[0] if scores else None,
            _median(scores) if scores else None,
            scores[-1] if scores else None,
        ),
        authors=_ranked(_per_paper(paper.authors for paper in papers))[:top],
        affiliations=_ranked(_per_paper(paper.affiliations for paper in papers))[:top],
        top=top,
    )


def _median(scores: list[float | int]) -> float | int:
    """The median, the mean of the middle two for an even count, computed in decimal so that
    40.1 and 45.2 give 42.65, not 42.650000000000006, and a whole number stays an int.
    Imported here: the command line imports this module for TOP."""
    import statistics
    from decimal import Decimal

    middle = statistics.median([Decimal(repr(score)) for score in scores])
    return int(middle) if middle == middle.to_integral_value() else float(middle)


def _every_year(years: Counter[int]) -> range:
    return range(min(years), max(years) + 1) if years else range(0)


def _per_paper(names: Iterable[Sequence[str]]) -> Counter[str]:
    """How many papers each name is on (a name twice on one paper counts once)."""
    counts: Counter[str] = Counter()
    for paper_names in names:
        counts.update(set(paper_names))
    return counts


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

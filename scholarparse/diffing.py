"""What changed in a profile between two copies: metrics, name, papers added, removed, changed.

Papers are compared as the dates say, not as the dumps print them: ``Dec 3`` in a copy of
2025-12-20 and ``Dec 3, 2025`` in one of 2026-11-22 are one date, because each copy was parsed
with its own ``as_of``. Papers are paired in passes, surest first, each over those still
unpaired: the same title and date; the same title; the same abstract (a revised title); then
the most similar by the matcher (``match.py``, words weighted over both copies) or by the
title's characters (``rapidfuzz``, for a reworded title of a paper without abstract). A paper
that only moved is unchanged.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Literal, NamedTuple

from .linking import MIN_SIMILARITY
from .model import Diagnostic, Metrics, Paper, ProfileDocument

DIFF_SCHEMA_VERSION = 1

# Below these a pair is not one paper: the matcher's threshold (that of link) and, for titles
# alone, a character similarity (rapidfuzz's token_sort_ratio, 0..1).
MIN_ABSTRACT_SIMILARITY = MIN_SIMILARITY
MIN_TITLE_SIMILARITY = 0.9

COMPARED_FIELDS = (
    "score",
    "category",
    "date",
    "has_code",
    "title",
    "authors",
    "authors_truncated",
    "affiliations",
    "abstract",
)


class Copy(NamedTuple):
    source: str | None
    as_of: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Change(NamedTuple):
    """A value in the old copy and in the new one (``delta``: new minus old, for numbers)."""

    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"old": _plain(self.old), "new": _plain(self.new)}


class MetricChange(NamedTuple):
    old: int | None
    new: int | None

    def to_dict(self) -> dict[str, Any]:
        delta = None if self.old is None or self.new is None else self.new - self.old
        return {"old": self.old, "new": self.new, "delta": delta}


class AbstractChange(NamedTuple):
    old: str | None
    new: str | None
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Listed(NamedTuple):
    """A paper added (its index in the new copy) or removed (in the old one)."""

    index: int  # type: ignore[assignment]  # shadows tuple.index: the contract key
    title: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class PaperChange(NamedTuple):
    old_index: int
    new_index: int
    title: str | None
    fields: tuple[tuple[str, Change | AbstractChange], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_index": self.old_index,
            "new_index": self.new_index,
            "title": self.title,
            "fields": {name: change.to_dict() for name, change in self.fields},
        }


class ProfileDiff(NamedTuple):
    old: Copy
    new: Copy
    name: Change | None
    metrics: tuple[tuple[str, MetricChange], ...]
    added: tuple[Listed, ...]
    removed: tuple[Listed, ...]
    changed: tuple[PaperChange, ...]
    unchanged: int
    diagnostics: tuple[Diagnostic, ...]
    kind: Literal["profile-diff"] = "profile-diff"

    @property
    def differs(self) -> bool:
        """Anything added, removed or changed: a paper, a metric or the name."""
        return bool(self.name or self.metrics or self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "schema_version": DIFF_SCHEMA_VERSION,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "name": None if self.name is None else self.name.to_dict(),
            "metrics": {key: change.to_dict() for key, change in self.metrics},
            "papers": {
                "added": [paper.to_dict() for paper in self.added],
                "removed": [paper.to_dict() for paper in self.removed],
                "changed": [change.to_dict() for change in self.changed],
                "unchanged": self.unchanged,
            },
            "diagnostics": [diagnostic.to_dict() for diagnostic in self.diagnostics],
        }


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def diff(old: ProfileDocument, new: ProfileDocument) -> ProfileDiff:
    """What changed from ``old`` to ``new``, two copies of one profile."""
    from .match import TextIndex

    index = TextIndex(_text(paper) for paper in (*old.papers, *new.papers))
    pairs = _pair(old.papers, new.papers, index)
    paired_old = {o for o, _ in pairs}
    paired_new = {n for _, n in pairs}
    changed = []
    for o, n in sorted(pairs, key=lambda pair: pair[1]):
        fields = _changed_fields(old.papers[o], new.papers[n], index)
        if fields:
            changed.append(
                PaperChange(old.papers[o].index, new.papers[n].index, new.papers[n].title, fields)
            )
    diagnostics = []
    if old.as_of > new.as_of:
        diagnostics.append(
            Diagnostic(
                "warning",
                "copies-out-of-order",
                None,
                f"the old copy ({old.as_of}) is dated after the new one ({new.as_of}): "
                "are OLD and NEW the right way round, and their --as-of dates right?",
            )
        )
    return ProfileDiff(
        old=Copy(old.source, old.as_of),
        new=Copy(new.source, new.as_of),
        name=None if old.name == new.name else Change(old.name, new.name),
        metrics=tuple(
            (key, MetricChange(before, after))
            for key, before, after in zip(Metrics._fields, old.metrics, new.metrics, strict=True)
            if before != after
        ),
        added=tuple(
            Listed(paper.index, paper.title)
            for position, paper in enumerate(new.papers)
            if position not in paired_new
        ),
        removed=tuple(
            Listed(paper.index, paper.title)
            for position, paper in enumerate(old.papers)
            if position not in paired_old
        ),
        changed=tuple(changed),
        unchanged=len(pairs) - len(changed),
        diagnostics=tuple(diagnostics),
    )


def _text(paper: Paper) -> str:
    return f"{paper.title or ''}\n{paper.abstract or ''}"


def _pair(old: Sequence[Paper], new: Sequence[Paper], index: Any) -> list[tuple[int, int]]:
    """Pairs of positions (old, new), one per paper found in both copies."""
    from .match import normalise

    pairs: list[tuple[int, int]] = []
    free_old = set(range(len(old)))
    free_new = set(range(len(new)))

    def by_key(key: Callable[[Paper], Hashable | None]) -> None:
        waiting: dict[Hashable, deque[int]] = defaultdict(deque)
        for position in sorted(free_old):
            value = key(old[position])
            if value is not None:
                waiting[value].append(position)
        for position in sorted(free_new):
            value = key(new[position])
            if value is not None and waiting.get(value):
                pair = (waiting[value].popleft(), position)
                pairs.append(pair)
                free_old.discard(pair[0])
                free_new.discard(pair[1])

    def title(paper: Paper) -> str | None:
        return normalise(paper.title) if paper.title else None

    by_key(lambda paper: (title(paper), paper.date or paper.date_raw))
    by_key(title)
    by_key(lambda paper: normalise(paper.abstract) if paper.abstract else None)
    if free_old and free_new:
        _pair_by_similarity(old, new, index, free_old, free_new, pairs)
    return pairs


def _pair_by_similarity(
    old: Sequence[Paper],
    new: Sequence[Paper],
    index: Any,
    free_old: set[int],
    free_new: set[int],
    pairs: list[tuple[int, int]],
) -> None:
    """Pair what is left, most similar first: by words (title and abstract, through the index
    of both copies, whose first ``len(old)`` texts are the old papers), or by a title's
    characters."""
    from rapidfuzz import fuzz

    scored: list[tuple[float, int, int]] = []
    for n in sorted(free_new):
        for match in index.search(_text(new[n]), 4, among=free_old):
            if match.similarity >= MIN_ABSTRACT_SIMILARITY:
                scored.append((match.similarity, match.position, n))
        title = new[n].title
        for o in free_old:
            other = old[o].title
            if title and other:
                ratio = fuzz.token_sort_ratio(other, title) / 100
                if ratio >= MIN_TITLE_SIMILARITY:
                    scored.append((ratio, o, n))
    for _, o, n in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        if o in free_old and n in free_new:
            pairs.append((o, n))
            free_old.discard(o)
            free_new.discard(n)


def _changed_fields(
    old: Paper, new: Paper, index: Any
) -> tuple[tuple[str, Change | AbstractChange], ...]:
    found: list[tuple[str, Change | AbstractChange]] = []
    for name in COMPARED_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if name == "date":
            before, after = old.date or old.date_raw, new.date or new.date_raw
        if before == after:
            continue
        if name == "abstract":
            similarity = round(index.similarity(before or "", after or ""), 3)
            found.append((name, AbstractChange(before, after, similarity)))
        else:
            found.append((name, Change(before, after)))
    return tuple(found)

"""Pair texts by the words they share, weighted by how rare each word is among those searched.

Two versions of one abstract can share few characters in order (abstract 5 of the abstract
seed and paper 15 of the profile seed: a ``difflib`` ratio of 0.07) and still be one paper:
what survives a rewrite is its rare words, a method's name, a dataset's, the tasks. So a text
is the set of its words, each weighted by its inverse document frequency over the texts being
searched (``ln((N + 1) / (df + 0.5))``: a word in every text weighs next to nothing, one in a
single text the most), and two texts are as similar as the cosine of their weighted sets.
Function words are dropped outright, since a small collection (one profile of 20 papers) is
too few texts to learn that "we" says nothing.

Searching scales through an inverted index over rare words: each text is posted under its
``RARE_WORDS`` rarest words only, so no posting list is long (a common word is rarely among a
text's rarest). A query looks up all its words, takes the texts that share the most weight with
it there as candidates, and scores those exactly, common words included. A revision keeps some
of its paper's rarest words (a method's name survives a rewrite), so its paper is among the
candidates. Each text is kept as an array of word numbers, 4 bytes a word.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import math
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Container, Iterable
from operator import itemgetter
from typing import NamedTuple, TypeVar

from .api import gc_paused
from .patterns import compile_pattern

Listed = TypeVar("Listed")
_WORD = compile_pattern(r"\w++")
_NOT_WORD = compile_pattern(r"[\W_]++")

# English function words: they carry no topic, and a small collection cannot learn so.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself
    just may me might more most must my no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up upon us very was we were what when where
    which while who whom why will with would you your yours
    """.split()  # noqa: SIM905 - a paragraph of words reads better than 130 quoted ones
)

# Each text is found through its RARE_WORDS rarest words; a query scores exactly the
# CANDIDATES texts that share the most weight with it there, and visits at most
# POSTINGS_BUDGET postings (rarest words first): the bound that keeps a query fast whatever
# the size of the index. Measured with ``bench/matcher.py``.
RARE_WORDS = 24
CANDIDATES = 32
POSTINGS_BUDGET = 16384
# Below this many texts every one is scored exactly (a profile or a few): the runner-up is then
# the true second, even when it shares none of its rarest words with the query.
SCORE_ALL_BELOW = 1000


def normalise(text: str) -> str:
    """Case, punctuation and whitespace folded away: two texts equal under this are identical
    copies (a dropped full stop, a curly quote, a line break are not a revision)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def one_per_paper(
    listings: Iterable[Listed], title_and_abstract: Callable[[Listed], tuple[str | None, ...]]
) -> list[Listed]:
    """Each paper once, as its first listing (stats, citation exports): two listings are one
    paper when their normalised titles and abstracts are equal, as co-authors' profiles list
    the same papers. A listing without an abstract is never merged: a title alone ("Same
    Title", or none) does not show two papers are one. A revised abstract is another version."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for listing in listings:
        key = tuple(normalise(text or "") for text in title_and_abstract(listing))
        if not key[-1]:
            kept.append(listing)
        elif key not in seen:
            seen.add(key)
            kept.append(listing)
    return kept


def fingerprint(text: str) -> bytes:
    """A 16-byte digest of ``normalise(text)``: identity of a text, kept cheaply for 100,000."""
    return hashlib.blake2b(normalise(text).encode(), digest_size=16).digest()


def words(text: str) -> set[str]:
    """The distinct content words of ``text``, case-folded, function words dropped."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return set(_WORD.findall(text.casefold())) - STOP_WORDS


class Match(NamedTuple):
    """A text of the index (its position in the texts given) and its similarity, 0..1."""

    position: int
    similarity: float


class TextIndex:
    """Texts to search, each weighted against all the others; see the module's docstring."""

    @gc_paused()  # millions of small objects and no cycles: collecting would only walk them
    def __init__(self, texts: Iterable[str]) -> None:
        numbers: dict[str, int] = {}
        number = numbers.setdefault
        # A word's number is the order it was first met in, words of a text taken in sorted
        # order: the same numbers, and so the same ties broken the same way, in every process
        # (a set's order changes with the hash seed).
        documents = [
            array("I", [number(word, len(numbers)) for word in sorted(words(text))])
            for text in texts
        ]
        counted = Counter(itertools.chain.from_iterable(documents))
        frequency = [counted[number] for number in range(len(numbers))]
        self._numbers = numbers
        self._count = len(documents)
        self._unseen_weight = self._weight(0)
        self._weights = [self._weight(df) for df in frequency]
        squares = [weight * weight for weight in self._weights]
        self._squares = squares
        self._documents = documents
        self._norms = [math.sqrt(sum(map(squares.__getitem__, doc))) for doc in documents]
        rank = [0] * len(frequency)
        for place, word_number in enumerate(sorted(range(len(frequency)), key=self._order)):
            rank[word_number] = place
        self._postings: list[list[int]] = [[] for _ in frequency]
        for position, document in enumerate(documents):
            for word_number in sorted(document, key=rank.__getitem__)[:RARE_WORDS]:
                self._postings[word_number].append(position)

    def __len__(self) -> int:
        return self._count

    def _order(self, number: int) -> tuple[float, int]:
        """Rarest first; among equally rare words, the first seen (a stable order)."""
        return (-self._weights[number], number)

    def _weight(self, document_frequency: int) -> float:
        return math.log((self._count + 1) / (document_frequency + 0.5))

    def search(self, text: str, limit: int = 2, among: Container[int] | None = None) -> list[Match]:
        """The ``limit`` texts most similar to ``text``, best first (ties: the earlier text);
        only those at positions ``among``, when it is given."""
        query = self._query(text)
        if query is None:
            return []
        numbers, norm = query
        if self._count <= SCORE_ALL_BELOW:
            candidates = [p for p in range(self._count) if among is None or p in among]
        else:
            candidates = self._candidates(numbers, among)
        scored = [Match(position, self._cosine(numbers, norm, position)) for position in candidates]
        scored.sort(key=lambda match: (-match.similarity, match.position))
        return scored[:limit]

    def _candidates(self, numbers: set[int], among: Container[int] | None) -> list[int]:
        """The texts that share the most of their rarest words with the query's, counted in C
        (``Counter`` over the postings): a filter, the exact score decides."""
        lists = []
        budget = POSTINGS_BUDGET
        for number in sorted(numbers, key=self._order):
            postings = self._postings[number]
            budget -= len(postings)
            if budget < 0:
                break
            lists.append(postings)
        counts = Counter(itertools.chain.from_iterable(lists))
        shared = counts.items() if among is None else [i for i in counts.items() if i[0] in among]
        # Ties go to the text met first: the same in every process (see __init__).
        return [position for position, _ in heapq.nlargest(CANDIDATES, shared, key=itemgetter(1))]

    def similarity(self, first: str, second: str) -> float:
        """How similar two texts are, 0..1, weighing their words as this index does."""
        one, other = words(first), words(second)
        if not one or not other:
            return 0.0
        shared = sum(self._square(word) for word in one & other)
        norms = math.sqrt(sum(map(self._square, one)) * sum(map(self._square, other)))
        return min(1.0, shared / norms)

    def _square(self, word: str) -> float:
        number = self._numbers.get(word)
        return self._unseen_weight**2 if number is None else self._squares[number]

    def _query(self, text: str) -> tuple[set[int], float] | None:
        """The query's known word numbers and its norm (unknown words count in the norm at the
        weight of a word no indexed text has); ``None`` for a text without content words."""
        found = words(text)
        if not found:
            return None
        numbers = {self._numbers[word] for word in found if word in self._numbers}
        unseen = len(found) - len(numbers)
        total = sum(self._squares[number] for number in numbers)
        return numbers, math.sqrt(total + unseen * self._unseen_weight**2)

    def _cosine(self, numbers: set[int], norm: float, position: int) -> float:
        document_norm = self._norms[position]
        if not norm or not document_norm:
            return 0.0
        squares = self._squares
        shared = sum(squares[number] for number in self._documents[position] if number in numbers)
        return min(1.0, shared / (norm * document_norm))

"""Pair texts by the words they share, weighted by how rare each word is among those searched.

Two versions of one abstract can share few characters in order (abstract 5 of the abstract
seed and paper 15 of the profile seed: a ``difflib`` ratio of 0.07) and still be one paper:
what survives a rewrite is its rare words, a method's name, a dataset's, the tasks. So a text
is the set of its words, each weighted by its inverse document frequency over the texts being
searched (``ln((N + 1) / (df + 0.5))``: a word in every text weighs next to nothing, one in a
single text the most), and two texts are as similar as the cosine of their weighted sets.
Function words are dropped outright, since a small collection (one profile of 20 papers) is
too few texts to learn that "we" says nothing.

Searching scales through an inverted index: a query looks up the postings of its rarest words
only, takes the texts that share the most weight with it as candidates, and scores those
exactly. Common words, whose postings would be long, never choose a candidate; they only count
in the exact score. Each text is kept as an array of word numbers, 4 bytes a word.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from array import array
from collections.abc import Container, Iterable
from typing import NamedTuple

_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"[\W_]+")

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

# A query looks up the postings of its rarest words, this many at least (and more, if it has
# not found CANDIDATES texts sharing them), and scores exactly at most CANDIDATES texts: enough
# for a heavily revised abstract, whose rare words are mostly kept, to have its paper among
# them (measured in ``bench/matcher.py``).
QUERY_WORDS = 32
CANDIDATES = 16


def normalise(text: str) -> str:
    """Case, punctuation and whitespace folded away: two texts equal under this are identical
    copies (a dropped full stop, a curly quote, a line break are not a revision)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def fingerprint(text: str) -> bytes:
    """A 16-byte digest of ``normalise(text)``: identity of a text, kept cheaply for 100,000."""
    return hashlib.blake2b(normalise(text).encode(), digest_size=16).digest()


def words(text: str) -> set[str]:
    """The distinct content words of ``text``, case-folded, function words dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return {word for word in _WORD.findall(folded) if word not in STOP_WORDS}


class Match(NamedTuple):
    """A text of the index (its position in the texts given) and its similarity, 0..1."""

    position: int
    similarity: float


class TextIndex:
    """Texts to search, each weighted against all the others; see the module's docstring."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._numbers: dict[str, int] = {}
        documents: list[array[int]] = []
        frequency: list[int] = []
        for text in texts:
            document = array("I")
            for word in words(text):
                number = self._numbers.get(word)
                if number is None:
                    number = self._numbers[word] = len(frequency)
                    frequency.append(0)
                frequency[number] += 1
                document.append(number)
            documents.append(document)
        self._count = len(documents)
        self._unseen_weight = self._weight(0)
        self._weights = [self._weight(df) for df in frequency]
        squares = [weight * weight for weight in self._weights]
        self._squares = squares
        self._documents = documents
        self._norms = [math.sqrt(sum(squares[number] for number in doc)) for doc in documents]
        # Past its QUERY_WORDS rarest words, a query that has not found CANDIDATES texts yet
        # goes on through words up to this common, never through the longest postings.
        self._longest_postings = max(CANDIDATES, self._count // 20)
        self._postings: list[list[int]] = [[] for _ in frequency]
        for position, document in enumerate(documents):
            for number in document:
                self._postings[number].append(position)

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
        shared: dict[int, float] = {}
        for looked_up, number in enumerate(sorted(numbers, key=self._order)):
            postings = self._postings[number]
            if looked_up >= QUERY_WORDS and (
                len(shared) >= CANDIDATES or len(postings) > self._longest_postings
            ):
                break
            square = self._squares[number]
            for position in postings:
                if among is None or position in among:
                    shared[position] = shared.get(position, 0.0) + square
        candidates = sorted(shared, key=lambda position: (-shared[position], position))
        scored = [
            Match(position, self._cosine(numbers, norm, position))
            for position in candidates[:CANDIDATES]
        ]
        scored.sort(key=lambda match: (-match.similarity, match.position))
        return scored[:limit]

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

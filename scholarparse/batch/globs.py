"""Which file names a batch takes from a directory: the globs people write.

``*.txt`` matches a file's name at any depth, as the README has always said; a pattern with a
``/`` matches the path below the directory named, where ``**/`` stands for no directory or
several (``2026/**/*.txt``); ``{txt,md}`` lists alternatives (``*.{txt,md}``). ``*``, ``?``
and ``[...]`` mean what they mean to a shell, and ``*`` never crosses a ``/``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable

Matcher = Callable[[str], bool]


def matcher(patterns: Iterable[str]) -> Matcher:
    """A test of a relative path (``"2026/a.txt"``) against any of ``patterns``."""
    compiled = [_compile(expanded) for pattern in patterns for expanded in expand_braces(pattern)]
    return lambda relative: any(pattern.fullmatch(relative) for pattern in compiled)


def expand_braces(pattern: str) -> list[str]:
    """``*.{txt,md}`` -> ``["*.txt", "*.md"]``; nested and repeated lists expand in turn. A
    brace without a closing one, or without a comma inside, is a plain character."""
    depth, opened = 0, -1
    commas: list[int] = []
    for position, char in enumerate(pattern):
        if char == "{":
            if depth == 0:
                opened, commas = position, []
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0 and commas:
                head, tail = pattern[:opened], pattern[position + 1 :]
                cuts = [opened, *commas, position]
                options = [pattern[start + 1 : end] for start, end in itertools.pairwise(cuts)]
                return [
                    found for option in options for found in expand_braces(head + option + tail)
                ]
        elif char == "," and depth == 1:
            commas.append(position)
    return [pattern]


def _compile(pattern: str) -> re.Pattern[str]:
    """The regular expression of one brace-free pattern. Without a ``/``, the pattern is for
    the name alone, so it may stand below any directory."""
    if "/" not in pattern:
        pattern = "**/" + pattern
    parts: list[str] = []
    position = 0
    while position < len(pattern):
        if pattern.startswith("**/", position):
            parts.append("(?:[^/]*/)*")  # no directory, or several
            position += 3
            continue
        char = pattern[position]
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[" and (end := pattern.find("]", position + 2)) > 0:
            inside = pattern[position + 1 : end]
            negated = inside.startswith("!")
            body = re.escape(inside[1:] if negated else inside).replace("\\-", "-")
            parts.append(f"[{'^' if negated else ''}{body}]")
            position = end
        else:
            parts.append(re.escape(char))
        position += 1
    return re.compile("".join(parts), re.DOTALL)

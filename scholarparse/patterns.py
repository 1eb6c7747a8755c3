"""Patterns compiled on first use, so that start-up pays only for the patterns a run needs.

``re`` and ``regex`` compile in Python: each pattern of the parser costs a few tenths of a
millisecond at import, which every one-file run pays before it reads a byte. The patterns of
rare paths (a dump that opens with a meta line, authors outside the Latin alphabet) wait here
until asked. Each use goes through one more attribute lookup, so hot patterns stay compiled.
Only those rare patterns need ``regex`` (for ``\\p{L}``), so it too is imported on first use:
about 15 ms that most runs never pay (``python -X importtime``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


class LazyPattern:
    """Stands for ``compile(pattern, flags)``: the same methods and attributes."""

    def __init__(self, compile: Callable[[str, int], Any], pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._compile = compile
        self._flags = flags
        self._compiled: Any = None

    def __getattr__(self, name: str) -> Any:
        # Called only for what is not set in __init__: match, fullmatch, groupindex, ...
        if self._compiled is None:
            self._compiled = self._compile(self.pattern, self._flags)
        return getattr(self._compiled, name)


def regex_compile(pattern: str, flags: int = 0) -> Any:
    """``regex.compile``, importing ``regex`` only when a pattern needs it."""
    import regex

    return regex.compile(pattern, flags)


def _possessive_repeats_work() -> bool:
    """False on CPython 3.11.0 to 3.11.4, whose ``re`` matches possessive repeats of groups
    wrongly (gh-106052 and gh-100061, fixed in 3.11.5): ``(?:ab?c)*+`` matches "a", and
    ``a(?:\\n *b)*+`` takes the "\\n" of "a\\n\\nb". Debian 12's Python is 3.11.2: there a
    paper's title took the blank line after it, and every paper lost its authors line."""
    run_on = re.match("a(?:\n *b)*+", "a\n\nb")
    return re.fullmatch("(?:ab?c)*+", "a") is None and run_on is not None and run_on.end() == 1


POSSESSIVE_REPEATS_WORK = _possessive_repeats_work()


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile``, or ``regex.compile`` where ``re`` is one of the broken releases above.

    The stdlib engine runs this package's patterns about twice as fast as ``regex``, which
    matches possessive repeats correctly on every release; both take the same syntax here.
    """
    if POSSESSIVE_REPEATS_WORK:
        return re.compile(pattern, flags)
    compiled: re.Pattern[str] = regex_compile(pattern, flags)
    return compiled

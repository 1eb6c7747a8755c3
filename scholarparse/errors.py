"""One exception hierarchy: everything the library raises on bad input is a ScholarparseError.

Each error carries a stable ``code`` (documented in the README) and, where it can be known, the
``source`` and ``line`` it concerns, so the CLI can print it like a compiler would.

A ``hint`` says what to do next in the words of whoever called: an error the library's public
functions raise names their Python arguments (``encoding='auto'``), and carries the command
line's spelling of the same advice (``--encoding auto``) as ``cli_hint``, which the CLI prints
instead. Errors only the command line can meet (batch, ``-o``) have a ``hint`` in its words.
"""

from __future__ import annotations


class ScholarparseError(Exception):
    """Root of every error scholarparse raises for bad input."""

    code = "error"

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        hint: str | None = None,
        cli_hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.hint = hint
        self.cli_hint = cli_hint or hint
        if code is not None:
            self.code = code

    def location(self) -> str:
        """``FILE:LINE``, ``FILE`` or ``<input>``, the prefix of the one-line report."""
        where = self.source or "<input>"
        return f"{where}:{self.line}" if self.line is not None else where

    def __str__(self) -> str:
        return f"{self.location()}: {self.message} [{self.code}]"


class InputError(ScholarparseError):
    """The input cannot be read or is not text: missing, unreadable, empty, binary, undecodable."""

    code = "input-error"


class LayoutError(ScholarparseError):
    """The text is not a layout scholarparse reads, or not the one that was asked for."""

    code = "unknown-layout"


class OutputError(ScholarparseError):
    """The output cannot be written: a missing directory, a full disk, a closed stream."""

    code = "write-error"


class ReaderLeft(OutputError):
    """Standard output's reader went away (``| head``): the output ends quietly, with exit 1,
    as a well-behaved filter's does; there is nobody left to tell."""

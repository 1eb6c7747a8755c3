"""The work done for one input, in a worker process: read, hash, parse, and prepare the output.

Everything costly happens here, so it runs in parallel: the parse, and turning the document into
what the destination stores (a JSON line, a rendered file, database rows). The main process only
writes what comes back, in input order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ..api import parse_bytes, read_file
from ..dates import modified_date
from ..errors import ScholarparseError
from ..model import Document
from .inputs import Input
from .spool import spool

Payload = Callable[[Document], Any]
"""Turns a parsed document into what the destination writes; runs in the worker."""


class Settings(NamedTuple):
    """What every input is converted with (picklable, sent to each worker once)."""

    encoding: str
    as_of: dt.date | None  # None: each file's modification date (--as-of mtime)
    payload: Payload
    hash_content: bool  # the destination records a content hash (the database)
    # Warnings of the output rather than the parse (a citation format's undated papers).
    output_warnings: Callable[[Document], tuple[str, ...]] | None = None
    # Where a worker leaves its chunks' payloads for the destination to copy (spool.py).
    spool: str | None = None


class Task(NamedTuple):
    input: Input
    known_sha256: str | None  # recorded by an earlier run: skip the parse if unchanged


class Failure(NamedTuple):
    code: str
    line: int | None
    message: str
    hint: str | None

    def to_dict(self, source: str) -> dict[str, Any]:
        return {
            "source": source,
            "code": self.code,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }


class Outcome(NamedTuple):
    """What came of one input. ``status`` is ok, warnings, failed, or unchanged (skipped)."""

    input: Input
    status: str
    layout: str | None
    sha256: str | None
    size: int | None
    papers: int
    abstracts: int
    warnings: tuple[str, ...]  # "FILE:LINE: warning: message [code]" lines, ready to print
    failure: Failure | None
    payload: Any


def convert_chunk(tasks: Sequence[Task], settings: Settings) -> list[Outcome]:
    """A worker's unit of work: a chunk's outcomes, in order, their payloads spooled when the
    destination gave a spool directory."""
    outcomes = [convert(task, settings) for task in tasks]
    return outcomes if settings.spool is None else spool(outcomes, settings.spool)


def convert(task: Task, settings: Settings) -> Outcome:
    """Convert one input; a bad file becomes a failed ``Outcome``, never an exception."""
    item = task.input
    data: bytes | None = None
    sha256 = None
    try:
        data = read_file(item.source)
        if settings.hash_content:
            import hashlib  # only destinations that record a hash (the database) pay for it

            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 == task.known_sha256:
                return Outcome(item, "unchanged", None, sha256, len(data), 0, 0, (), None, None)
        as_of = settings.as_of or modified_date(item.source)
        document = parse_bytes(data, None, item.source, settings.encoding, as_of)
        payload = settings.payload(document)
    except ScholarparseError as error:
        failure = Failure(error.code, error.line, error.message, error.cli_hint)
        return _failed(item, data, sha256, failure)
    except Exception as error:  # a bug: this file fails, the batch goes on
        failure = Failure(
            "internal-error",
            None,
            f"internal error: {type(error).__name__}: {error}",
            "run 'scholarparse parse --debug' on this file for the traceback, and report it",
        )
        return _failed(item, data, sha256, failure)
    warnings = tuple(diagnostic.report(item.source) for diagnostic in document.diagnostics)
    if settings.output_warnings is not None:
        warnings += settings.output_warnings(document)
    counted = document.papers if document.kind == "profile" else document.abstracts
    return Outcome(
        item,
        "warnings" if warnings else "ok",
        document.kind,
        sha256,
        len(data),
        len(counted) if document.kind == "profile" else 0,
        len(counted) if document.kind == "abstracts" else 0,
        warnings,
        None,
        payload,
    )


def _failed(item: Input, data: bytes | None, sha256: str | None, failure: Failure) -> Outcome:
    size = None if data is None else len(data)
    return Outcome(item, "failed", None, sha256, size, 0, 0, (), failure, None)

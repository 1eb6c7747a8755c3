"""Batch conversion: many dumps, parsed in parallel, into files, JSON Lines or a database.

The parts, in the order a batch uses them: ``inputs`` (which files), ``convert`` (one file, in a
worker), ``runner`` (the pool and the input order), ``destinations`` and ``database`` (where the
outcomes go), ``report`` (what the person at the terminal sees).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import stat
from typing import NamedTuple

from .. import __version__
from ..errors import InputError, OutputError
from ..formats import CITATION_FORMATS
from .convert import Outcome, Settings
from .destinations import STDOUT, JsonLines, OutDir, jsonl_line, rendered, undated_warnings
from .inputs import Input, collect, file_ids
from .report import Reporter, counted
from .runner import Destination, Interrupted, Summary, run


class Request(NamedTuple):
    """A batch as the command line asks for it; exactly one of out_dir, jsonl, db and parquet
    is set."""

    paths: list[str]
    patterns: tuple[str, ...]  # --glob, each a batch.globs pattern
    out_dir: str | None
    output_format: str
    jsonl: str | None
    db: str | None
    resume: bool
    encoding: str
    as_of: dt.date | None  # None: each file's modification date (--as-of mtime)
    prune: bool = False  # --db: remove the rows of files gone from the directories named
    parquet: str | None = None  # --parquet DIR
    errors: str | None = None  # --errors FILE: the failures, written when the batch ends


def prepare(request: Request) -> tuple[list[Input], Destination, Settings]:
    """The inputs, the opened destination and the workers' settings for a request.

    The destination's own files are left out of the inputs, so that a run never reads what it
    writes, and so is the output directory when it lies inside an input directory.
    """
    outputs = [
        path for path in (request.jsonl, request.db, request.errors) if path not in (None, STDOUT)
    ]
    directories = [path for path in (request.out_dir, request.parquet) if path]
    _check_errors_file(request, directories)
    inputs = collect(request.paths, request.patterns, exclude=directories)
    if not inputs:
        globs = " or ".join(f"'{pattern}'" for pattern in request.patterns)
        raise InputError(
            f"no input files matched --glob {globs}",
            source=", ".join(request.paths),
            hint="name the files, or a --glob that matches them (hidden files are skipped)",
            code="no-inputs",
        )
    written = file_ids(path for path in outputs if path)  # only destinations that exist
    found = [item for item in inputs if written and file_ids([item.source]) & written]
    for item in found:
        if not _written_by_us(item.source):
            raise OutputError(
                "refusing to replace it: it is one of the inputs",
                source=item.source,
                hint="name a destination outside the inputs, or narrow --glob",
                code="unsafe-output-path",
            )
    inputs = [item for item in inputs if item not in found]
    destination: Destination
    settings_text = made_with(request.encoding, request.as_of)
    if request.db is not None:
        from .database import Database, rows  # sqlite3 and the schema file: only for --db

        directories = [path for path in request.paths if os.path.isdir(path)]
        destination = Database(
            request.db, settings_text, directories=directories, prune=request.prune
        )
        settings = Settings(request.encoding, request.as_of, rows, hash_content=True)
    elif request.parquet is not None:
        from .database import rows
        from .parquet import ParquetTables  # pyarrow: only for --parquet

        destination = ParquetTables(request.parquet, settings_text)
        settings = Settings(request.encoding, request.as_of, rows, hash_content=True)
    elif request.jsonl is not None:
        destination = JsonLines(request.jsonl, resume=request.resume, settings=settings_text)
        settings = Settings(request.encoding, request.as_of, jsonl_line, hash_content=False)
    else:
        assert request.out_dir is not None
        destination = OutDir(
            request.out_dir,
            request.output_format,
            resume=request.resume,
            inputs=inputs,
            settings=settings_text,
        )
        payload = functools.partial(rendered, request.output_format)
        warnings = undated_warnings if request.output_format in CITATION_FORMATS else None
        settings = Settings(request.encoding, request.as_of, payload, False, warnings)
    return inputs, destination, settings


def _check_errors_file(request: Request, directories: list[str]) -> None:
    """``--errors`` names a file of its own, in a directory that can take it: not the
    destination, nor one inside an output directory, where it would replace a document or a
    table when the batch ends; and an hour's batch does not end with a failure list it cannot
    write. (One of the inputs is refused with the destinations.)"""
    if request.errors is None:
        return
    errors = os.path.realpath(request.errors)
    same = [path for path in (request.jsonl, request.db) if path and path != STDOUT]
    inside = [path for path in directories if errors.startswith(os.path.realpath(path) + os.sep)]
    if (
        any(os.path.realpath(path) == errors for path in same)
        or inside
        or (request.jsonl == STDOUT and _is_stdout(request.errors))
    ):
        where = "inside the output directory" if inside else "the batch's output"
        raise OutputError(
            f"refusing to write the failures there: it is {where}",
            source=request.errors,
            hint="name a file of its own for --errors, beside the output",
            code="unsafe-output-path",
        )
    directory = os.path.dirname(errors)
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK | os.X_OK):
        reason = "Permission denied" if os.path.isdir(directory) else "No such file or directory"
        raise OutputError(f"cannot write: {reason}", source=request.errors, code="write-error")


def _is_stdout(path: str) -> bool:
    """True for a path to the file or pipe standard output writes to: ``/dev/stdout``,
    ``/dev/fd/1``, or the file stdout was redirected to. A terminal or ``/dev/null`` is not:
    lines written there are written through, and nothing is truncated."""
    try:
        stdout = os.fstat(1)
        return not stat.S_ISCHR(stdout.st_mode) and os.path.samestat(os.stat(path), stdout)
    except OSError:
        return False


def made_with(encoding: str, as_of: dt.date | None) -> str:
    """What every document is made with. Each destination records it, so that no run mixes
    documents made with other settings into its output (``as_of`` None: --as-of mtime)."""
    return f"scholarparse {__version__}; as-of {as_of or 'mtime'}; {encoding}"


def _written_by_us(path: str) -> bool:
    """True for what an earlier run may have left at a --jsonl or --db path: JSON Lines (which
    starts with "{") or an SQLite database. A dump never starts so; it is an input to keep."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(16)
    except OSError:
        return False  # unreadable: an input all the same, so not to be replaced
    return head.lstrip()[:1] == b"{" or head == b"SQLite format 3\x00" or not head


__all__ = [
    "Destination",
    "Input",
    "Interrupted",
    "Outcome",
    "Reporter",
    "Request",
    "Summary",
    "counted",
    "prepare",
    "run",
]

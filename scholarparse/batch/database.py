"""The ``--db`` destination: an SQLite database with one table per record type.

Workers turn each document into plain row tuples (``rows``); the main process writes them here.
Writes are grouped in transactions committed about once a second, each holding only whole
files, so a run killed at any moment leaves the rows of every committed file complete and those
of the rest absent. A file whose content and settings are recorded already is not parsed again.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from importlib.resources import files
from typing import Any, NamedTuple

from ..errors import OutputError
from ..model import Document
from .convert import Failure, Outcome
from .inputs import Input

SCHEMA_VERSION = 2
_COMMIT_EVERY_SECONDS = 0.5

Row = tuple[Any, ...]


class Rows(NamedTuple):
    """A document as rows, without the ids the main process assigns."""

    layout: str
    preamble: str | None
    profile: Row | None  # name, category, five metrics, declared count, as_of
    papers: list[Row]  # position, line, score, …, abstract (the columns of `papers`)
    authors: list[Row]  # paper position, position, name
    affiliations: list[Row]  # paper position, position, name
    extra: list[Row]  # line, text
    abstracts: list[Row]  # position, line, text
    diagnostics: list[Row]  # severity, code, line, message


def schema_sql() -> str:
    """The database's schema, with a comment on every column (``scholarparse schema database``)."""
    return files("scholarparse").joinpath("batch/database.sql").read_text("utf-8")


def rows(document: Document) -> Rows:
    """Runs in the worker: the document's values in the order of the tables' columns."""
    diagnostics = [(d.severity, d.code, d.line, d.message) for d in document.diagnostics]
    if document.kind == "abstracts":
        abstracts = [(a.index, a.line, a.text) for a in document.abstracts]
        return Rows("abstracts", document.preamble, None, [], [], [], [], abstracts, diagnostics)
    metrics = document.metrics
    profile = (
        document.name,
        document.category,
        *metrics,
        document.declared_paper_count,
        document.as_of,
    )
    papers: list[Row] = []
    authors: list[Row] = []
    affiliations: list[Row] = []
    for paper in document.papers:
        papers.append(
            (
                paper.index,
                paper.line,
                paper.score,
                paper.category,
                paper.date,
                paper.date_raw,
                paper.year_inferred,
                paper.has_code,
                paper.title,
                paper.authors_truncated,
                paper.abstract,
            )
        )
        authors.extend((paper.index, place, name) for place, name in enumerate(paper.authors, 1))
        affiliations.extend(
            (paper.index, place, name) for place, name in enumerate(paper.affiliations, 1)
        )
    extra = [(line.line, line.text) for line in document.extra]
    return Rows("profile", None, profile, papers, authors, affiliations, extra, [], diagnostics)


class Database:
    """An open ``--db`` file, written in the batch's input order."""

    def __init__(self, path: str, settings: str) -> None:
        self.path = path
        self.settings = settings
        _require_writable(path)
        try:
            self._connection = sqlite3.connect(path, isolation_level=None)
            self._connection.execute("PRAGMA foreign_keys = ON")
            version = self._connection.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._connection.executescript(f"BEGIN; {schema_sql()} COMMIT;")
            elif version == 1:
                self._connection.executescript(f"BEGIN; {_FROM_VERSION_1} COMMIT;")
            elif version != SCHEMA_VERSION:
                raise OutputError(
                    f"the database has schema version {version}; this scholarparse writes "
                    f"version {SCHEMA_VERSION}",
                    source=path,
                    hint="name a new database file",
                    code="bad-database",
                )
            self._known = dict(
                self._connection.execute(
                    "SELECT path, sha256 FROM files WHERE settings = ? AND status != 'failed'",
                    (settings,),
                )
            )
            # Failed files are read again each run (and reported again), but rewritten only
            # when they fail differently, so that a re-run changes nothing.
            self._failed = {
                path: (sha256, code, message)
                for path, sha256, code, message in self._connection.execute(
                    "SELECT path, sha256, error_code, error_message FROM files "
                    "WHERE settings = ? AND status = 'failed'",
                    (settings,),
                )
            }
            self._next_paper = self._connection.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM papers"
            ).fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise _database_error(path, error) from None
        self._in_transaction = False
        self._last_commit = time.monotonic()
        self._started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.saved = 0

    def skips(self, item: Input) -> bool:
        return False  # unchanged files are skipped by hash, in the worker

    def known_sha256(self, item: Input) -> str | None:
        return self._known.get(item.source)

    def write(self, outcome: Outcome) -> Failure | None:
        if outcome.status == "unchanged" or self._fails_as_before(outcome):
            return None
        try:
            if not self._in_transaction:
                self._connection.execute("BEGIN")
                self._in_transaction = True
            self._replace(outcome)
            if time.monotonic() - self._last_commit >= _COMMIT_EVERY_SECONDS:
                self._commit()
        except sqlite3.DatabaseError as error:
            raise _database_error(self.path, error) from None
        return None

    def _fails_as_before(self, outcome: Outcome) -> bool:
        failure = outcome.failure
        if failure is None:
            return False
        recorded = self._failed.get(outcome.input.source)
        return recorded == (outcome.sha256, failure.code, failure.message)

    def close(self, *, completed: bool) -> None:
        """Commit what is whole; an interrupted write is rolled back by closing without it."""
        try:
            if completed and self._in_transaction:
                self._commit()
            elif self._in_transaction:
                self._connection.execute("ROLLBACK")
                self._in_transaction = False
            if not completed:  # what this run committed: the rows parsed since it started
                self.saved = self._connection.execute(
                    "SELECT count(*) FROM files WHERE parsed_at >= ? AND status != 'failed'",
                    (self._started,),
                ).fetchone()[0]
            self._connection.close()
        except sqlite3.DatabaseError as error:
            raise _database_error(self.path, error) from None

    def _commit(self) -> None:
        self._connection.execute("COMMIT")
        self._in_transaction = False
        self._last_commit = time.monotonic()

    def _replace(self, outcome: Outcome) -> None:
        execute = self._connection.execute
        found: Rows | None = outcome.payload
        failure = outcome.failure
        parsed_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        row = execute(
            "SELECT id, good_parsed_at FROM files WHERE path = ?", (outcome.input.source,)
        ).fetchone()
        error = (failure.code, failure.message) if failure else (None, None)
        if row is not None and failure is not None and row[1] is not None:
            # It converted before and fails now: its rows stay, and the row says why.
            execute(
                "UPDATE files SET sha256 = ?, size = ?, status = 'failed', parsed_at = ?, "
                "settings = ?, error_code = ?, error_message = ? WHERE id = ?",
                (outcome.sha256, outcome.size, parsed_at, self.settings, *error, row[0]),
            )
            return
        values = (
            outcome.sha256,
            outcome.size,
            found.layout if found else None,
            "failed" if outcome.status == "failed" else outcome.status,
            parsed_at,
            self.settings,
            found.preamble if found else None,
            None if failure else parsed_at,
            *error,
        )
        if row is None:
            file_id: int = execute(
                "INSERT INTO files (path, sha256, size, layout, status, parsed_at, settings, "
                "preamble, good_parsed_at, error_code, error_message) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (outcome.input.source, *values),
            ).lastrowid  # type: ignore[assignment]  # an INSERT always sets it
        else:
            file_id = row[0]
            for table in ("profiles", "abstracts", "diagnostics"):  # papers etc. cascade
                execute(f"DELETE FROM {table} WHERE file_id = ?", (file_id,))
            execute(
                "UPDATE files SET sha256 = ?, size = ?, layout = ?, status = ?, parsed_at = ?, "
                "settings = ?, preamble = ?, good_parsed_at = ?, error_code = ?, "
                "error_message = ? WHERE id = ?",
                (*values, file_id),
            )
        if failure is not None:
            execute(
                "INSERT INTO diagnostics VALUES (?, 'error', ?, ?, ?)",
                (file_id, failure.code, failure.line, failure.message),
            )
            return
        assert found is not None
        self._insert(file_id, found)

    def _insert(self, file_id: int, found: Rows) -> None:
        many = self._connection.executemany
        if found.profile is not None:
            self._connection.execute(
                "INSERT INTO profiles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (file_id, *found.profile),
            )
        first = self._next_paper
        self._next_paper += len(found.papers)
        many(
            "INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + row[0] - 1, file_id, *row) for row in found.papers],
        )
        for table, values in (("authors", found.authors), ("affiliations", found.affiliations)):
            many(
                f"INSERT INTO {table} VALUES (?, ?, ?)",
                [(first + paper - 1, place, name) for paper, place, name in values],
            )
        many("INSERT INTO extra_lines VALUES (?, ?, ?)", [(file_id, *r) for r in found.extra])
        many("INSERT INTO abstracts VALUES (?, ?, ?, ?)", [(file_id, *r) for r in found.abstracts])
        many(
            "INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?)",
            [(file_id, *r) for r in found.diagnostics],
        )


# Version 1 to 2: the columns that let a failed re-parse keep the rows of the last good one.
_FROM_VERSION_1 = """
ALTER TABLE files ADD COLUMN good_parsed_at TEXT;
ALTER TABLE files ADD COLUMN error_code TEXT;
ALTER TABLE files ADD COLUMN error_message TEXT;
UPDATE files SET good_parsed_at = parsed_at WHERE status != 'failed';
UPDATE files SET
    error_code = (SELECT code FROM diagnostics WHERE file_id = files.id AND severity = 'error'),
    error_message = (
        SELECT message FROM diagnostics WHERE file_id = files.id AND severity = 'error'
    )
WHERE status = 'failed';
PRAGMA user_version = 2;
"""


def _require_writable(path: str) -> None:
    """A file that cannot be created or written is a ``write-error`` that says why (SQLite's
    own "unable to open database file" would read as a damaged database)."""
    try:
        if not os.path.exists(path):
            open(path, "xb").close()  # an empty file is a new database to SQLite
        elif not os.access(path, os.W_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror}", source=path) from None


def _database_error(path: str, error: sqlite3.DatabaseError) -> OutputError:
    return OutputError(
        f"database error: {error}",
        source=path,
        hint="is it a database this scholarparse wrote? name a new file to start afresh",
        code="bad-database",
    )

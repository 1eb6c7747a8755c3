"""The ``--db`` destination: an SQLite database with one table per record type.

Workers turn each document into plain row tuples (``rows``); the main process writes them here.
Writes are grouped in transactions committed about once a second, each holding only whole
files, so a run killed at any moment leaves the rows of every committed file complete and those
of the rest absent. A file whose content and settings are recorded already is not parsed again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from importlib.resources import files
from typing import Any, NamedTuple

from ..errors import InputError, OutputError
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

    def __init__(
        self, path: str, settings: str, *, directories: Sequence[str] = (), prune: bool = False
    ) -> None:
        """``directories``: those the run was given; files recorded below them that no longer
        exist are counted (``gone``), and with ``prune`` their rows are removed."""
        self.path = path
        self.settings = settings
        self._below = tuple(os.path.join(os.path.realpath(name), "") for name in directories)
        self._prune = prune
        self.gone = 0
        _require_writable(path)
        try:
            self._connection = sqlite3.connect(path, isolation_level=None)
            self._connection.execute("PRAGMA foreign_keys = ON")
            version = self._connection.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._connection.executescript(f"BEGIN; {schema_sql()} COMMIT;")
            elif version == 1:
                _upgrade_from_version_1(self._connection)
            elif version != SCHEMA_VERSION:
                raise OutputError(
                    f"the database has schema version {version}; this scholarparse writes "
                    f"version {SCHEMA_VERSION}",
                    source=path,
                    hint="name a new database file",
                    code="bad-database",
                )
            # Both keyed by the resolved path, which is what identifies a file here.
            self._known = dict(
                self._connection.execute(
                    "SELECT resolved_path, sha256 FROM files "
                    "WHERE settings = ? AND status != 'failed'",
                    (settings,),
                )
            )
            # Failed files are read again each run (and reported again), but rewritten only
            # when they fail differently, so that a re-run changes nothing.
            self._failed = {
                path: (sha256, code, message)
                for path, sha256, code, message in self._connection.execute(
                    "SELECT resolved_path, sha256, error_code, error_message FROM files "
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
        return self._known.get(os.path.realpath(item.source))

    def spool(self) -> str | None:
        return None  # rows come in the outcomes

    def write(self, outcome: Outcome) -> Failure | None:
        resolved = os.path.realpath(outcome.input.source)
        if outcome.status == "unchanged" or self._fails_as_before(outcome, resolved):
            self._spelled(outcome.input.source, resolved)
            return None
        try:
            if not self._in_transaction:
                self._connection.execute("BEGIN")
                self._in_transaction = True
            self._replace(outcome, resolved)
            if time.monotonic() - self._last_commit >= _COMMIT_EVERY_SECONDS:
                self._commit()
        except sqlite3.DatabaseError as error:
            raise _database_error(self.path, error) from None
        return None

    def _fails_as_before(self, outcome: Outcome, resolved: str) -> bool:
        failure = outcome.failure
        if failure is None:
            return False
        recorded = self._failed.get(resolved)
        return recorded == (outcome.sha256, failure.code, failure.message)

    def _spelled(self, path: str, resolved: str) -> None:
        """Record the path as this run gave it, for a file whose rows stay as they are."""
        try:
            self._connection.execute(
                "UPDATE files SET path = ? WHERE resolved_path = ? AND path != ?",
                (path, resolved, path),
            )
        except sqlite3.DatabaseError as error:
            raise _database_error(self.path, error) from None

    def close(self, *, completed: bool) -> None:
        """Commit what is whole; an interrupted write is rolled back by closing without it."""
        try:
            if completed:
                self._look_for_files_gone()
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

    def _replace(self, outcome: Outcome, resolved: str) -> None:
        execute = self._connection.execute
        found: Rows | None = outcome.payload
        failure = outcome.failure
        parsed_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        row = execute(
            "SELECT id, good_parsed_at FROM files WHERE resolved_path = ?", (resolved,)
        ).fetchone()
        error = (failure.code, failure.message) if failure else (None, None)
        if row is not None and failure is not None and row[1] is not None:
            # It converted before and fails now: its rows stay, and the row says why.
            execute(
                "UPDATE files SET path = ?, sha256 = ?, size = ?, status = 'failed', "
                "parsed_at = ?, settings = ?, error_code = ?, error_message = ? WHERE id = ?",
                (
                    outcome.input.source,
                    outcome.sha256,
                    outcome.size,
                    parsed_at,
                    self.settings,
                    *error,
                    row[0],
                ),
            )
            return
        values = (
            outcome.input.source,
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
                "preamble, good_parsed_at, error_code, error_message, resolved_path) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, resolved),
            ).lastrowid  # type: ignore[assignment]  # an INSERT always sets it
        else:
            file_id = row[0]
            for table in ("profiles", "abstracts", "diagnostics"):  # papers etc. cascade
                execute(f"DELETE FROM {table} WHERE file_id = ?", (file_id,))
            execute(
                "UPDATE files SET path = ?, sha256 = ?, size = ?, layout = ?, status = ?, "
                "parsed_at = ?, settings = ?, preamble = ?, good_parsed_at = ?, "
                "error_code = ?, error_message = ? WHERE id = ?",
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

    def _look_for_files_gone(self) -> None:
        """Count, or with ``--prune`` remove, the files recorded below the run's directories
        that no longer exist (a dump renamed or deleted): their rows would stay forever."""
        if not self._below:
            return
        gone = [
            (file_id,)
            for file_id, resolved in self._connection.execute("SELECT id, resolved_path FROM files")
            if resolved.startswith(self._below) and not os.path.exists(resolved)
        ]
        self.gone = len(gone)
        if gone and self._prune:
            if not self._in_transaction:
                self._connection.execute("BEGIN")
                self._in_transaction = True
            self._connection.executemany("DELETE FROM files WHERE id = ?", gone)

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


def _upgrade_from_version_1(connection: sqlite3.Connection) -> None:
    """Version 1 (0.4) to 2, in place: a file is identified by its resolved path, and a failed
    re-parse keeps the rows of the last good one.

    Paths are resolved from the directory this run starts in. Rows that version 1 held twice
    for one file under two spellings ("dumps/a.txt", "./dumps/a.txt") are one file now: the
    latest parse is kept, the others' rows go. SQLite cannot drop the old UNIQUE on ``path``,
    so ``files`` is rebuilt (SQLite's documented procedure: foreign keys off meanwhile).
    """
    latest: dict[str, tuple[str, int]] = {}
    duplicates: list[tuple[int]] = []
    for file_id, path, parsed_at in connection.execute(
        "SELECT id, path, parsed_at FROM files ORDER BY parsed_at, id"
    ):
        resolved = os.path.realpath(path)
        if resolved in latest:
            duplicates.append((latest[resolved][1],))
        latest[resolved] = (parsed_at, file_id)
    connection.execute("BEGIN")
    connection.executemany("DELETE FROM files WHERE id = ?", duplicates)  # rows cascade
    connection.execute("COMMIT")
    connection.create_function("resolved", 1, os.path.realpath, deterministic=True)
    connection.execute("PRAGMA foreign_keys = OFF")
    # The table's definition ends at the first ")" alone on a line (comments hold semicolons).
    new_files = schema_sql().split("CREATE TABLE files ", 1)[1].split("\n);", 1)[0] + "\n)"
    connection.executescript(
        f"""
        BEGIN;
        CREATE TABLE files_version_2 {new_files};
        INSERT INTO files_version_2 (
            id, path, resolved_path, sha256, size, layout, status, parsed_at, settings,
            preamble, good_parsed_at, error_code, error_message
        )
        SELECT id, path, resolved(path), sha256, size, layout, status, parsed_at, settings,
            preamble,
            CASE WHEN status != 'failed' THEN parsed_at END,
            (SELECT code FROM diagnostics WHERE file_id = files.id AND severity = 'error'),
            (SELECT message FROM diagnostics WHERE file_id = files.id AND severity = 'error')
        FROM files;
        DROP TABLE files;
        ALTER TABLE files_version_2 RENAME TO files;
        PRAGMA user_version = 2;
        COMMIT;
        """
    )
    connection.execute("PRAGMA foreign_keys = ON")


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


def papers_with_abstracts(path: str) -> list[tuple[str, int, int, str | None, str]]:
    """``(source, position, line, title, abstract)`` of every paper in a database ``batch --db``
    wrote, in file and paper order, for ``link --db``."""
    with _read_only(path) as connection:
        rows: list[tuple[str, int, int, str | None, str]] = connection.execute(
            "SELECT files.path, papers.position, papers.line, papers.title, papers.abstract "
            "FROM papers JOIN files ON files.id = papers.file_id "
            "WHERE papers.abstract IS NOT NULL AND papers.abstract != '' "
            "ORDER BY files.path, papers.position"
        ).fetchall()
        return rows


def profiles_for_stats(path: str) -> list[Any]:
    """Every profile of a database ``batch --db`` wrote, as ``stats.Profile`` records with
    their papers, in the order of the files' paths, for ``stats --db``."""
    from ..stats import Listing, Profile

    with _read_only(path) as connection:
        names: dict[int, list[str]] = {}
        places: dict[int, list[str]] = {}
        for table, found in (("authors", names), ("affiliations", places)):
            for paper_id, name in connection.execute(
                f"SELECT paper_id, name FROM {table} ORDER BY paper_id, position"
            ):
                found.setdefault(paper_id, []).append(name)
        listings: dict[int, list[Listing]] = {}
        for file_id, paper_id, *fields in connection.execute(
            "SELECT file_id, id, title, abstract, date, category, has_code, score "
            "FROM papers ORDER BY file_id, position"
        ):
            title, abstract, date, category, has_code, score = fields
            listing = Listing(
                title,
                abstract,
                date,
                category,
                bool(has_code),
                _score(score),
                tuple(names.get(paper_id, ())),
                tuple(places.get(paper_id, ())),
            )
            listings.setdefault(file_id, []).append(listing)
        profiles = [
            Profile(source, name, category, h_index, citations, tuple(listings.get(file_id, ())))
            for file_id, source, name, category, h_index, citations in connection.execute(
                "SELECT files.id, files.path, name, category, h_index, citations "
                "FROM profiles JOIN files ON files.id = profiles.file_id ORDER BY files.path"
            )
        ]
    if not profiles:  # figures of nothing would read as a profile without papers
        raise InputError(
            "the database holds no profile",
            source=path,
            hint="convert profile dumps into it with 'scholarparse batch DIR --db FILE'",
            code="no-inputs",
        )
    return profiles


def _score(value: float | None) -> float | int | None:
    """A score as the document has it: SQLite's REAL gives 82.0 for the site's "82"."""
    return int(value) if value is not None and value.is_integer() else value


@contextlib.contextmanager
def _read_only(path: str) -> Iterator[sqlite3.Connection]:
    """The database opened read-only: a missing file is an error, never a new empty database,
    and one this scholarparse did not write is ``bad-database``."""
    if not os.path.isfile(path):
        code = "is-a-directory" if os.path.isdir(path) else "file-not-found"
        message = "is a directory, not a database" if code == "is-a-directory" else "no such file"
        raise InputError(message, source=path, code=code)
    if not os.access(path, os.R_OK):
        raise InputError("permission denied", source=path, code="permission-denied")
    uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version not in (1, SCHEMA_VERSION):
                raise InputError(
                    f"not a database 'scholarparse batch --db' wrote (schema version {version})",
                    source=path,
                    code="bad-database",
                )
            yield connection
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise InputError(f"database error: {error}", source=path, code="bad-database") from None

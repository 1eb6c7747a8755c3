"""The ``--parquet DIR`` destination: ``DIR/<table>.parquet`` for every table of the database.

For analysts' tools (DuckDB, polars, pandas): the same tables, columns and ids as a fresh
``batch --db`` database (``database.sql``), typed: dates as ``date32``, flags as booleans,
scores as ``float64``, times as UTC timestamps. Rows are buffered per table and written as a row
group whenever a table holds ``ROW_GROUP_ROWS`` of them, so memory stays flat however many files
the batch reads.

Each table is written to a hidden ``.<table>.parquet.partial`` file in DIR and renamed over
``<table>.parquet`` only when the batch completes: an interrupted or failed run leaves the
previous files as they were and removes its partial ones. The names are fixed and DIR is the
only directory written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from typing import Any

from ..errors import OutputError
from ..extras import require
from .convert import Failure, Outcome
from .database import Rows
from .inputs import Input
from .interrupts import ctrl_c_deferred

# Rows a table buffers before it writes them as a row group: about 6 MB of papers. Measured on
# 10,000 bench-corpus files with --jobs 2, peak RSS of the main process: 8,192 rows 153 MB,
# 4,096 rows 145 MB, and 122 MB with jemalloc instead of mimalloc (_quiet_memory_pool).
ROW_GROUP_ROWS = 4096

Row = tuple[Any, ...]


def _schemas(pa: Any) -> dict[str, Any]:
    """Every table's columns, in ``database.sql``'s order and with its names."""
    text, integer, flag = pa.string(), pa.int64(), pa.bool_()
    utc = pa.timestamp("ms", tz="UTC")  # Parquet has no unit of seconds
    columns: dict[str, list[tuple[str, Any]]] = {
        "files": [
            ("id", integer), ("path", text), ("resolved_path", text), ("sha256", text),
            ("size", integer), ("layout", text), ("status", text), ("parsed_at", utc),
            ("settings", text), ("preamble", text), ("good_parsed_at", utc),
            ("error_code", text), ("error_message", text),
        ],
        "profiles": [
            ("file_id", integer), ("name", text), ("category", text), ("h_index", integer),
            ("papers", integer), ("citations", integer), ("novelty_percent", integer),
            ("ai_score", integer), ("declared_paper_count", integer), ("as_of", pa.date32()),
        ],
        "papers": [
            ("id", integer), ("file_id", integer), ("position", integer), ("line", integer),
            ("score", pa.float64()), ("category", text), ("date", pa.date32()),
            ("date_raw", text), ("year_inferred", flag), ("has_code", flag), ("title", text),
            ("authors_truncated", flag), ("abstract", text),
        ],
        "authors": [("paper_id", integer), ("position", integer), ("name", text)],
        "affiliations": [("paper_id", integer), ("position", integer), ("name", text)],
        "extra_lines": [("file_id", integer), ("line", integer), ("text", text)],
        "abstracts": [
            ("file_id", integer), ("position", integer), ("line", integer), ("text", text),
        ],
        "diagnostics": [
            ("file_id", integer), ("severity", text), ("code", text), ("line", integer),
            ("message", text),
        ],
    }  # fmt: skip
    return {table: pa.schema(fields) for table, fields in columns.items()}


def _quiet_memory_pool(pa: Any) -> None:
    """Arrow's default allocator (mimalloc) keeps what a written row group freed; jemalloc and
    the system's hand it back, which keeps the batch's memory flat (23 MB less, measured)."""
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # a pyarrow built without jemalloc
        pa.set_memory_pool(pa.system_memory_pool())


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


class ParquetTables:
    """An open ``--parquet`` directory, written in the batch's input order."""

    def __init__(self, directory: str, settings: str) -> None:
        """``settings``: what the documents are made with, as ``files.settings`` records it."""
        self._pa = require("pyarrow", "parquet", "--parquet")
        self._pq = require("pyarrow.parquet", "parquet", "--parquet")
        _quiet_memory_pool(self._pa)
        self.directory = directory
        self.settings = settings
        self._schemas = _schemas(self._pa)
        self._buffers: dict[str, list[Row]] = {table: [] for table in self._schemas}
        self._writers: dict[str, Any] = {}
        self._next_file = 1
        self._next_paper = 1
        self._written = 0
        self.saved = 0
        try:
            os.makedirs(directory, exist_ok=True)
            for table, schema in self._schemas.items():
                self._writers[table] = self._pq.ParquetWriter(self._partial(table), schema)
        except OSError as error:
            self._remove_partials()
            raise OutputError(f"cannot write: {error.strerror}", source=directory) from None
        except BaseException:  # a Ctrl-C while the writers open: no partial file left
            self._remove_partials()
            raise

    def _partial(self, table: str) -> str:
        return os.path.join(self.directory, f".{table}.parquet.partial")

    def skips(self, item: Input) -> bool:
        return False  # each run writes the tables whole

    def known_sha256(self, item: Input) -> str | None:
        return None

    def spool(self) -> str | None:
        return None  # rows come in the outcomes

    def write(self, outcome: Outcome) -> Failure | None:
        file_id = self._next_file
        self._next_file += 1
        found: Rows | None = outcome.payload
        failure = outcome.failure
        parsed_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self._add(
            "files",
            [
                (
                    file_id,
                    outcome.input.source,
                    os.path.realpath(outcome.input.source),
                    outcome.sha256,
                    outcome.size,
                    found.layout if found else None,
                    outcome.status,
                    parsed_at,
                    self.settings,
                    found.preamble if found else None,
                    None if failure else parsed_at,
                    failure.code if failure else None,
                    failure.message if failure else None,
                )
            ],
        )
        if failure is not None:
            self._add(
                "diagnostics", [(file_id, "error", failure.code, failure.line, failure.message)]
            )
        elif found is not None:
            self._add_rows(file_id, found)
        self._written += 1
        return None

    def _add_rows(self, file_id: int, found: Rows) -> None:
        if found.profile is not None:
            *profile, as_of = found.profile
            self._add("profiles", [(file_id, *profile, _date(str(as_of)))])
        first = self._next_paper
        self._next_paper += len(found.papers)
        self._add(
            "papers",
            [
                (first + row[0] - 1, file_id, *row[:4], _date(row[4]), *row[5:])
                for row in found.papers
            ],
        )
        for table, values in (("authors", found.authors), ("affiliations", found.affiliations)):
            self._add(table, [(first + paper - 1, place, name) for paper, place, name in values])
        self._add("extra_lines", [(file_id, *row) for row in found.extra])
        self._add("abstracts", [(file_id, *row) for row in found.abstracts])
        self._add("diagnostics", [(file_id, *row) for row in found.diagnostics])

    def _add(self, table: str, rows: list[Row]) -> None:
        buffer = self._buffers[table]
        buffer.extend(rows)
        if len(buffer) >= ROW_GROUP_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        buffer = self._buffers[table]
        if not buffer:
            return
        schema = self._schemas[table]
        columns = [
            self._pa.array(values, type=field.type)
            for values, field in zip(zip(*buffer, strict=True), schema, strict=True)
        ]
        try:
            self._writers[table].write_batch(
                self._pa.RecordBatch.from_arrays(columns, schema=schema)
            )
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror}", source=self.directory) from None
        buffer.clear()

    def close(self, *, completed: bool) -> None:
        """Write what is buffered and rename every table into place; or, interrupted, remove
        the partial files and leave the previous tables as they were."""
        try:
            if completed:
                for table in self._schemas:
                    self._flush(table)
            for writer in self._writers.values():
                writer.close()
            if completed:
                with ctrl_c_deferred():  # all the new tables or none: a Ctrl-C waits for the last
                    for table in self._schemas:
                        final = os.path.join(self.directory, f"{table}.parquet")
                        os.replace(self._partial(table), final)
                    self.saved = self._written
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror}", source=self.directory) from None
        finally:
            if not completed:
                self._remove_partials()

    def _remove_partials(self) -> None:
        for table in self._schemas:
            with contextlib.suppress(OSError):
                os.remove(self._partial(table))

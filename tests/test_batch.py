"""Batch conversion: every destination, broken files among good ones, order, resuming, safety."""

from __future__ import annotations

import datetime as dt
import errno
import gc
import io
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scholarparse.batch import database, made_with, pool
from scholarparse.batch import spool as spool_module
from scholarparse.batch.convert import Outcome, Settings, Task
from scholarparse.batch.destinations import JsonLines, OutDir
from scholarparse.batch.inputs import Input
from scholarparse.batch.interrupts import ctrl_c_deferred
from scholarparse.batch.spool import Copier, Spooled, spool
from scholarparse.cli import cli
from scholarparse.errors import OutputError
from scholarparse.model import Document
from tests.conftest import (
    FIXTURES,
    PROFILE_SEED,
    drain_terminal,
    expected_for,
    interrupt_job,
    run_process,
)

AS_OF = ["--as-of", "2026-11-22"]
GOOD = [
    "profiles/seed.txt",
    "profiles/unseen-researcher.txt",
    "profiles/diagnostics.txt",  # parses, with warnings
    "abstracts/seed.txt",
    "abstracts/preamble.txt",  # parses, with a warning
]
BROKEN = {
    "broken/binary.txt": "binary-input",
    "broken/bad-utf16.txt": "decode-error",  # its byte-order mark says UTF-16: no guessing
    "broken/empty.txt": "empty-input",
    "broken/dangling.txt": "file-not-found",  # a symbolic link to nothing: unreadable
    "broken/no-layout.txt": "unknown-layout",
}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "120"})


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    """A tree of good dumps (copies of fixtures) with broken files among them."""
    root = tmp_path / "dumps"
    for name in GOOD:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / name, target)
    (root / "broken").mkdir()
    (root / "broken/binary.txt").write_bytes(b"h-index5\x00\x01\x02")
    (root / "broken/bad-utf16.txt").write_bytes(b"\xff\xfeh\x00i")  # an odd byte at the end
    (root / "broken/empty.txt").write_bytes(b"")
    (root / "broken/dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "broken/no-layout.txt").write_text("just a note\n", "utf-8")
    (root / "profiles/notes.md").write_text("not a dump, not *.txt\n", "utf-8")
    return root


def sources(root: Path, names: list[str]) -> list[str]:
    return sorted(str(root / name) for name in names)


def parse_alone(path: str) -> dict[str, Any]:
    """What `scholarparse parse FILE` prints for the file by itself."""
    result = run("parse", path, "--format", "json", *AS_OF)
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def table_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, parse times left out (they say when, not what)."""
    with sqlite3.connect(db) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        found = {
            table: sorted(connection.execute(f"SELECT * FROM {table}"), key=repr)
            for table in tables
        }
        columns = [row[1] for row in connection.execute("PRAGMA table_info(files)")]
    times = {columns.index("parsed_at"), columns.index("good_parsed_at")}
    found["files"] = [
        tuple(value for at, value in enumerate(row) if at not in times) for row in found["files"]
    ]
    return found


# --- every destination: the good converted, the broken listed, exit 1 ----------------------


def test_jsonl_holds_each_good_file_as_parse_gives_it_and_lists_the_broken(
    dumps: Path, tmp_path: Path
) -> None:
    out, errors = tmp_path / "all.jsonl", tmp_path / "errors.jsonl"
    result = run("batch", str(dumps), "--jsonl", str(out), "--errors", str(errors), *AS_OF)
    assert result.exit_code == 1
    documents = read_jsonl(out)
    assert [document["source"] for document in documents] == sources(dumps, GOOD)
    for document in documents:
        assert document == parse_alone(document["source"])
    by_source = {document["source"]: document for document in documents}
    assert len(by_source[str(dumps / "profiles/seed.txt")]["papers"]) == 20
    assert len(by_source[str(dumps / "abstracts/seed.txt")]["abstracts"]) == 10
    failed = {entry["source"]: entry["code"] for entry in read_jsonl(errors)}
    assert failed == {str(dumps / name): code for name, code in BROKEN.items()}
    for name, code in BROKEN.items():
        assert f"Error: {dumps / name}" in result.stderr
        assert f"[{code}]" in result.stderr
    assert f"{dumps / 'profiles/diagnostics.txt'}:" in result.stderr  # its warnings, located
    assert "batch: 10 files" in result.stderr
    assert "3 ok, 2 with warnings, 5 failed" in result.stderr


@pytest.mark.parametrize(
    ("errors", "destination", "message"),
    [
        ("dumps/profiles/seed.txt", ["--jsonl", "all.jsonl"], "it is one of the inputs"),
        ("all.jsonl", ["--jsonl", "./all.jsonl"], "it is the batch's output"),
        ("all.db", ["--db", "all.db"], "it is the batch's output"),
        ("out/errors.jsonl", ["--out-dir", "out"], "it is inside the output directory"),
    ],
)
def test_an_errors_file_never_replaces_an_input_or_an_output(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: str,
    destination: list[str], message: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "all.jsonl").write_bytes(b'{"kind":"profile"}\n')  # an earlier run's, kept
    seed = (dumps / "profiles/seed.txt").read_bytes()
    result = run("batch", "dumps", *destination, "--errors", errors, *AS_OF)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {errors}: refusing to ")
    assert f"{message} [unsafe-output-path]\n" in result.stderr
    assert (dumps / "profiles/seed.txt").read_bytes() == seed
    assert (tmp_path / "all.jsonl").read_bytes() == b'{"kind":"profile"}\n'
    assert not (tmp_path / "all.db").exists()
    assert not (tmp_path / "out").exists()


def test_an_errors_file_that_is_stdout_is_refused_when_the_lines_go_there(tmp_path: Path) -> None:
    output = tmp_path / "stdout.txt"
    command = [sys.executable, "-m", "scholarparse", "batch", str(PROFILE_SEED), "--jsonl", "-"]
    for errors in ("/dev/stdout", "/dev/fd/1", str(output)):
        with open(output, "wb") as stdout:
            result = subprocess.run(
                [*command, "--errors", errors, *AS_OF],
                stdout=stdout,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
            )
        assert result.returncode == 1
        assert result.stderr.startswith(
            f"Error: {errors}: refusing to write the failures there: it is the batch's output "
            "[unsafe-output-path]\n"
        )
        assert output.read_bytes() == b""  # nothing converted, nothing truncated after


def test_an_errors_file_in_a_missing_directory_fails_before_anything_is_converted(
    dumps: Path, tmp_path: Path
) -> None:
    errors = tmp_path / "missing" / "errors.jsonl"
    result = run(
        "batch", str(dumps), "--jsonl", str(tmp_path / "all.jsonl"), "--errors", str(errors)
    )
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {errors}: cannot write: No such file or directory [write-error]\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["dumps"]


def test_an_errors_file_that_cannot_be_written_at_the_end_fails_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: str, content: str) -> None:
        raise OutputError("cannot write: No space left on device", source=path)

    monkeypatch.setattr("scholarparse.cli.write_file", full_disk)
    errors = tmp_path / "errors.jsonl"
    out = tmp_path / "all.jsonl"
    result = run("batch", str(PROFILE_SEED), "--jsonl", str(out), "--errors", str(errors), *AS_OF)
    assert result.exit_code == 1  # every input converted, but the list of failures is lost
    assert (
        f"Error: {errors}: cannot write: No space left on device [write-error]\n" in result.stderr
    )
    assert len(read_jsonl(out)) == 1


def test_out_dir_mirrors_the_tree_with_each_file_as_parse_gives_it(
    dumps: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("batch", str(dumps), "--out-dir", str(out), *AS_OF)
    assert result.exit_code == 1
    written = sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
    # and the record of the settings the files were made with, for --resume
    assert written == sorted(
        [".scholarparse-settings"] + [n.replace(".txt", ".json") for n in GOOD]
    )
    for name in GOOD:
        document = json.loads((out / name.replace(".txt", ".json")).read_text("utf-8"))
        assert document == parse_alone(str(dumps / name))


def test_out_dir_in_yaml_matches_parse_in_yaml(dumps: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("batch", str(dumps / "profiles"), "--out-dir", str(out), "-f", "yaml", *AS_OF)
    alone = run("parse", str(dumps / "profiles/seed.txt"), "--format", "yaml", *AS_OF)
    assert (out / "seed.yaml").read_text("utf-8") == alone.stdout


def test_database_holds_the_documents_and_the_errors(dumps: Path, tmp_path: Path) -> None:
    db = tmp_path / "papers.db"
    result = run("batch", str(dumps), "--db", str(db), *AS_OF)
    assert result.exit_code == 1
    seed = expected_for(FIXTURES / "profiles/seed.txt")
    with sqlite3.connect(db) as connection:
        statuses = dict(connection.execute("SELECT path, status FROM files"))
        assert statuses == {
            **{str(dumps / name): "ok" for name in GOOD},
            str(dumps / "profiles/diagnostics.txt"): "warnings",
            str(dumps / "abstracts/preamble.txt"): "warnings",
            **{str(dumps / name): "failed" for name in BROKEN},
        }
        errors = dict(
            connection.execute(
                "SELECT path, code FROM diagnostics JOIN files ON files.id = file_id "
                "WHERE severity = 'error'"
            )
        )
        assert errors == {str(dumps / name): code for name, code in BROKEN.items()}
        titles = [
            row[0]
            for row in connection.execute(
                "SELECT title FROM papers JOIN profiles USING (file_id) "
                "WHERE profiles.name = 'Nino Scherrer' ORDER BY position"
            )
        ]
        assert titles == [paper["title"] for paper in seed["papers"]]
        first_authors = list(
            connection.execute(
                "SELECT name FROM authors WHERE paper_id = (SELECT id FROM papers JOIN profiles "
                "USING (file_id) WHERE profiles.name = 'Nino Scherrer' AND position = 1) "
                "ORDER BY position"
            )
        )
        assert [row[0] for row in first_authors] == seed["papers"][0]["authors"]
        abstracts = connection.execute(
            "SELECT count(*) FROM abstracts JOIN files ON files.id = file_id WHERE path = ?",
            (str(dumps / "abstracts/seed.txt"),),
        ).fetchone()[0]
        assert abstracts == 10
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


# --- the README's queries -------------------------------------------------------------------


def readme_queries() -> list[tuple[str, list[str]]]:
    """The README's sqlite3 examples: (query, the lines shown as its output)."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("### Querying the database", 1)[1].split("\n## ", 1)[0]
    section = section.split("\n### ", 1)[0]
    found = []
    for block in section.split("```console\n")[1:]:
        command, *shown = block.split("```", 1)[0].splitlines()
        assert command.startswith("$ sqlite3 papers.db '")
        found.append((command.split("'")[1], shown))
    return found


def test_the_readme_queries_print_what_the_readme_shows(tmp_path: Path) -> None:
    db = tmp_path / "papers.db"
    seeds = [str(FIXTURES / "profiles/seed.txt"), str(FIXTURES / "abstracts/seed.txt")]
    assert run("batch", *seeds, "--db", str(db), *AS_OF).exit_code == 0
    queries = readme_queries()
    assert len(queries) == 3
    with sqlite3.connect(db) as connection:
        for query, shown in queries:
            rows = connection.execute(query).fetchall()
            assert ["|".join(str(value) for value in row) for row in rows] == shown


def test_the_readme_queries_agree_with_the_hand_checked_seed() -> None:
    papers = expected_for(FIXTURES / "profiles/seed.txt")["papers"]
    (_, co_authors), (_, per_year), (_, with_code) = readme_queries()
    authors = [name for paper in papers for name in paper["authors"]]
    for line in co_authors:
        name, count = line.rsplit("|", 1)
        assert authors.count(name) == int(count)
    years = [paper["date"][:4] for paper in papers]
    assert per_year == [f"{year}|{years.count(year)}" for year in sorted(set(years))]
    coded = sorted((p["date"], p["title"]) for p in papers if p["has_code"])
    assert with_code == [f"{date}|{title}" for date, title in reversed(coded)]


# --- order and parallelism ------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_any_number_of_jobs_writes_the_bytes_one_job_does(
    jobs: str, dumps: Path, tmp_path: Path
) -> None:
    for count in ("1", jobs):
        run("batch", str(dumps), "--jsonl", str(tmp_path / f"{count}.jsonl"), "-j", count, *AS_OF)
        run("batch", str(dumps), "--out-dir", str(tmp_path / f"out{count}"), "-j", count, *AS_OF)
        run("batch", str(dumps), "--db", str(tmp_path / f"{count}.db"), "-j", count, *AS_OF)
    assert (tmp_path / "1.jsonl").read_bytes() == (tmp_path / f"{jobs}.jsonl").read_bytes()
    outputs = sorted((tmp_path / "out1").rglob("*.json"))
    assert outputs
    for one in outputs:
        other = tmp_path / f"out{jobs}" / one.relative_to(tmp_path / "out1")
        assert one.read_bytes() == other.read_bytes()
    assert table_rows(tmp_path / "1.db") == table_rows(tmp_path / f"{jobs}.db")


def test_many_files_over_two_processes_keep_the_input_order(tmp_path: Path) -> None:
    """Enough files for many chunks, finished by the two workers in any order."""
    cases = sorted(FIXTURES.glob("*/*.txt"))
    for number in range(120):
        case = cases[number % len(cases)]
        shutil.copyfile(case, tmp_path / f"{number:03}-{case.parent.name}-{case.name}")
    outputs = []
    for jobs in ("1", "2"):
        output = tmp_path / f"jobs{jobs}.jsonl"
        run("batch", str(tmp_path), "--jsonl", str(output), "-j", jobs, *AS_OF)
        outputs.append(output.read_bytes())
    sources = [json.loads(line)["source"] for line in outputs[0].splitlines()]
    assert sources == sorted(str(path) for path in tmp_path.glob("[0-9]*.txt"))
    assert outputs[0] == outputs[1]


def _source_of(document: Document) -> bytes:
    return f"{document.source}\n".encode()


def _killed_at_the_fifth(document: Document) -> bytes:
    if document.source is not None and document.source.endswith("04.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _source_of(document)


def _tasks(tmp_path: Path, count: int) -> list[Task]:
    seed = FIXTURES / "abstracts" / "seed.txt"
    for number in range(count):
        shutil.copyfile(seed, tmp_path / f"{number:02}.txt")
    return [Task(Input(str(path), path.name), None) for path in sorted(tmp_path.glob("*.txt"))]


@pytest.mark.parametrize(("jobs", "size"), [(2, 1), (3, 2), (4, 5)])
def test_the_pool_hands_back_outcomes_in_task_order(tmp_path: Path, jobs: int, size: int) -> None:
    tasks = _tasks(tmp_path, 23)
    settings = Settings("utf-8", dt.date(2026, 11, 22), _source_of, hash_content=False)
    got = [outcome.payload for outcome in pool.outcomes(tasks, settings, jobs, size)]
    assert got == [f"{task.input.source}\n".encode() for task in tasks]


def test_the_pool_freezes_objects_only_while_it_forks_and_never_a_callers(
    tmp_path: Path,
) -> None:
    settings = Settings("utf-8", dt.date(2026, 11, 22), _source_of, hash_content=False)
    assert gc.get_freeze_count() == 0
    list(pool.outcomes(_tasks(tmp_path, 4), settings, 2, 1))
    assert gc.get_freeze_count() == 0  # unfrozen after the forks
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        list(pool.outcomes(_tasks(tmp_path, 4), settings, 2, 1))
        assert gc.get_freeze_count() == frozen  # the caller's, left as they were
    finally:
        gc.unfreeze()


def test_a_killed_worker_stops_the_batch_with_an_error_naming_its_files(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, 12)
    settings = Settings("utf-8", dt.date(2026, 11, 22), _killed_at_the_fifth, hash_content=False)
    with pytest.raises(pool.WorkerDied) as caught:
        list(pool.outcomes(tasks, settings, 2, 3))
    assert caught.value.code == "worker-died"
    assert caught.value.source == str(tmp_path / "03.txt")  # the first of its chunk: 03, 04, 05
    assert "killed by signal 9; this file and the 2 after it were not converted" in str(
        caught.value
    )


# --- chunks spooled through files (batch/spool.py) ----------------------------------------


def _lines_of(tasks: list[Task]) -> bytes:
    return b"".join(f"{task.input.source}\n".encode() for task in tasks)


def test_workers_spool_their_lines_and_the_jsonl_file_holds_them_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = _tasks(tmp_path, 23)
    target = tmp_path / "out" / "all.jsonl"
    target.parent.mkdir()
    destination = JsonLines(str(target), resume=False)
    directory = destination.spool()
    assert directory is not None
    assert Path(directory).parent == target.parent  # beside the target: the directory named
    assert Path(directory).name.startswith(".all.jsonl.partial.spool-")
    settings = Settings("utf-8", dt.date(2026, 11, 22), _source_of, False, spool=directory)
    copies = []
    sendfile = os.sendfile
    monkeypatch.setattr(os, "sendfile", lambda *args: copies.append(args) or sendfile(*args))
    for outcome in pool.outcomes(tasks, settings, 2, 5):
        assert type(outcome.payload) is Spooled  # only where the line lies came through the pipe
        destination.write(outcome)
    destination.close(completed=True)
    assert target.read_bytes() == _lines_of(tasks)
    assert len(copies) == 5  # one copy per chunk of five: the lines of a chunk are contiguous
    assert sorted(path.name for path in target.parent.iterdir()) == ["all.jsonl"]


def _spooled(tmp_path: Path, lines: list[bytes]) -> list[Outcome]:
    """Outcomes whose payloads are ``lines``, spooled into one chunk file."""
    item = Input(str(tmp_path / "x.txt"), "x.txt")
    outcomes = [Outcome(item, "ok", "profile", None, 1, 0, 0, (), None, line) for line in lines]
    return spool(outcomes, str(tmp_path))


def test_a_chunk_file_is_removed_as_soon_as_its_last_line_is_copied(tmp_path: Path) -> None:
    (spool_dir := tmp_path / "spool").mkdir()
    first = _spooled(spool_dir, [b"a\n", b"b\n"])
    second = _spooled(spool_dir, [b"c\n"])
    with open(tmp_path / "out", "wb") as stream:
        copier = Copier(stream, str(spool_dir))
        copier.add(first[0].payload)
        assert Path(first[0].payload.path).exists()
        copier.add(first[1].payload)
        assert not Path(first[0].payload.path).exists()
        assert (tmp_path / "out").read_bytes() == b"a\nb\n"
        copier.add(second[0].payload)
        copier.close()
    assert (tmp_path / "out").read_bytes() == b"a\nb\nc\n"
    assert not spool_dir.exists()


def test_a_chunk_of_failed_inputs_spools_nothing(tmp_path: Path) -> None:
    item = Input(str(tmp_path / "x.txt"), "x.txt")
    failed = [Outcome(item, "failed", None, None, None, 0, 0, (), None, None)] * 3
    assert spool(failed, str(tmp_path)) == failed
    assert list(tmp_path.iterdir()) == []


def test_a_spool_write_that_fails_leaves_the_lines_in_the_outcomes_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FullDisk(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    opened = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode: opened(fd, mode) and FullDisk())
    item = Input(str(tmp_path / "x.txt"), "x.txt")
    outcomes = [Outcome(item, "ok", "profile", None, 1, 0, 0, (), None, b"1\n")]
    assert spool(outcomes, str(tmp_path)) == outcomes
    assert list(tmp_path.iterdir()) == []


def test_a_spooled_line_outside_the_spool_is_refused(tmp_path: Path) -> None:
    (elsewhere := tmp_path / "elsewhere").mkdir()
    (spooled,) = _spooled(elsewhere, [b"1\n"])
    destination = JsonLines(str(tmp_path / "all.jsonl"), resume=False)
    destination.spool()
    with pytest.raises(OutputError, match="spooled output outside the spool"):
        destination.write(spooled)
    destination.close(completed=False)
    assert Path(spooled.payload.path).exists()  # not ours to copy, nor to remove


def test_lines_are_copied_by_reading_where_sendfile_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "sendfile", refused)
    target = tmp_path / "all.jsonl"
    destination = JsonLines(str(target), resume=False)
    directory = destination.spool()
    assert directory is not None
    for outcome in _spooled(Path(directory), [b'{"a":1}\n', b'{"b":2}\n']):
        destination.write(outcome)
    destination.close(completed=True)
    assert target.read_bytes() == b'{"a":1}\n{"b":2}\n'


def test_lines_spooled_and_lines_sent_whole_keep_their_order(tmp_path: Path) -> None:
    """A worker whose spool failed sends its lines in the outcomes, between spooled ones."""
    target = tmp_path / "all.jsonl"
    destination = JsonLines(str(target), resume=False)
    directory = Path(destination.spool() or "")
    item = Input(str(tmp_path / "x.txt"), "x.txt")
    whole = Outcome(item, "ok", "profile", None, 1, 0, 0, (), None, b"2\n")
    for outcome in [*_spooled(directory, [b"1\n"]), whole, *_spooled(directory, [b"3\n"])]:
        destination.write(outcome)
    destination.close(completed=True)
    assert target.read_bytes() == b"1\n2\n3\n"


def test_a_spool_that_cannot_be_written_leaves_the_lines_in_the_outcomes(tmp_path: Path) -> None:
    item = Input(str(tmp_path / "x.txt"), "x.txt")
    outcomes = [Outcome(item, "ok", "profile", None, 1, 0, 0, (), None, b"1\n")]
    assert spool(outcomes, str(tmp_path / "gone")) == outcomes


def test_a_ctrl_c_on_stdout_counts_whole_lines_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A Ctrl-C that stops a write to a reader that waits leaves half a line out: the
    # interrupted message's "N saved" counts the whole ones.
    class Interrupted(io.BytesIO):
        def write(self, data: Any) -> int:
            if data == b"22\n":
                super().write(data[:1])
                raise KeyboardInterrupt
            return super().write(data)

    out = Interrupted()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out))
    destination = JsonLines("-", resume=False)
    item = Input(str(tmp_path / "x.txt"), "x.txt")
    with pytest.raises(KeyboardInterrupt):
        for line in (b"1\n", b"22\n", b"3\n"):
            destination.write(Outcome(item, "ok", "profile", None, 1, 0, 0, (), None, line))
    assert out.getvalue() == b"1\n2"
    assert destination.saved == 1


def test_a_ctrl_c_halfway_through_a_copy_leaves_whole_lines_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "all.jsonl"
    destination = JsonLines(str(target), resume=False)
    directory = Path(destination.spool() or "")
    first = _spooled(directory, [b'{"a":1}\n'])
    second = _spooled(directory, [b'{"b":2}\n', b'{"c":3}\n'])
    calls = []
    sendfile = os.sendfile

    def interrupted(out: int, source: int, offset: int, count: int) -> int:
        calls.append(count)
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C, after 5 bytes of the second chunk's 16
        return sendfile(out, source, offset, count if len(calls) == 1 else 5)

    monkeypatch.setattr(os, "sendfile", interrupted)
    for outcome in [*first, second[0]]:
        destination.write(outcome)
    with pytest.raises(KeyboardInterrupt):
        destination.write(second[1])
    destination.close(completed=False)
    assert (tmp_path / ".all.jsonl.partial").read_bytes() == b'{"a":1}\n'
    assert destination.saved == 1
    assert not directory.exists()


def test_a_chunk_file_cut_short_is_a_write_error(tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    destination = JsonLines(str(target), resume=False)
    directory = Path(destination.spool() or "")
    (outcome,) = _spooled(directory, [b"12345\n"])
    os.truncate(outcome.payload.path, 3)
    with pytest.raises(OutputError, match=r"cannot write: spooled output .* was cut short"):
        destination.write(outcome)
    destination.close(completed=False)
    assert not directory.exists()


def test_two_jobs_leave_nothing_but_the_jsonl_file_beside_it(dumps: Path, tmp_path: Path) -> None:
    (out := tmp_path / "out").mkdir()
    (temporary := tmp_path / "tmp").mkdir()
    command = ["batch", str(dumps), "--jsonl", str(out / "all.jsonl"), "-j", "2", *AS_OF]
    run_process(*command, env={"TMPDIR": str(temporary)})
    run("batch", str(dumps), "--jsonl", str(tmp_path / "one.jsonl"), "-j", "1", *AS_OF)
    assert sorted(path.name for path in out.iterdir()) == ["all.jsonl"]
    assert list(temporary.iterdir()) == []  # nor anywhere else
    assert (out / "all.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def _three_hundred_kilobytes(document: Document) -> bytes:
    return b"x" * 300_000


def _eight_megabytes(document: Document) -> bytes:
    return b"x" * 8_000_000


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail a test that hangs, instead of hanging the suite (SIGALRM interrupts a blocked pipe)."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("hung: the pool waited for itself")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.usefixtures("alarm")
def test_long_paths_and_large_outcomes_do_not_block_the_pool(tmp_path: Path) -> None:
    """Each chunk's outcomes (4.8 MB) overfill the worker's pipe while the chunk's paths (64 kB
    and more) would overfill the main process's: only chunk numbers go that way, so neither
    waits for the other (before, it hung)."""
    seed = tmp_path / "seed.txt"
    shutil.copyfile(FIXTURES / "abstracts" / "seed.txt", seed)
    # The same file under 48 names of 2 kB each, with relative paths as long (distinct strings:
    # pickle would send a repeated one once).
    names = [str(tmp_path) + "/." * (1000 + number) + "/seed.txt" for number in range(48)]
    tasks = [Task(Input(name, name[::-1]), None) for name in names]
    settings = Settings("utf-8", dt.date(2026, 11, 22), _three_hundred_kilobytes, False)
    sizes = [len(outcome.payload) for outcome in pool.outcomes(tasks, settings, 2, 16)]
    assert sizes == [300_000] * 48


def test_workers_started_before_a_failing_start_are_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = []
    start = pool._Worker.__init__

    def second_start_fails(self: pool._Worker, *args: Any) -> None:
        if started:
            raise OSError("fork failed")
        start(self, *args)
        started.append(self)

    monkeypatch.setattr(pool._Worker, "__init__", second_start_fails)
    settings = Settings("utf-8", dt.date(2026, 11, 22), _source_of, hash_content=False)
    with pytest.raises(OSError, match="fork failed"):
        list(pool.outcomes(_tasks(tmp_path, 4), settings, 2, 1))
    assert not started[0].process.is_alive()
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("alarm")
def test_a_worker_killed_halfway_through_its_outcomes_is_worker_died(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, 6)
    settings = Settings("utf-8", dt.date(2026, 11, 22), _eight_megabytes, hash_content=False)
    converted = pool.outcomes(tasks, settings, 2, 1)
    next(converted)  # chunk 0 read; the workers are now stuck sending chunks 1 and 2 (8 MB each)
    time.sleep(0.5)
    for child in multiprocessing.active_children():
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    with pytest.raises(pool.WorkerDied) as caught:
        list(converted)
    assert caught.value.source == str(tmp_path / "01.txt")


@pytest.mark.usefixtures("alarm")
def test_a_worker_that_ends_after_its_last_outcome_loses_nothing(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, 8)
    settings = Settings("utf-8", dt.date(2026, 11, 22), _source_of, hash_content=False)
    got = []
    for outcome in pool.outcomes(tasks, settings, 2, 1):
        got.append(outcome.payload)
        if len(got) == len(tasks):  # every outcome is in: the workers wait for the word to stop
            for child in multiprocessing.active_children():
                os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
            time.sleep(0.2)
    assert got == [f"{task.input.source}\n".encode() for task in tasks]


def test_jsonl_to_stdout_streams_in_input_order(dumps: Path) -> None:
    result = run("batch", str(dumps / "profiles"), "--jsonl", "-", "-q", *AS_OF)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"] for line in lines] == sources(
        dumps, [name for name in GOOD if name.startswith("profiles/")]
    )
    assert result.stderr == ""  # --quiet: no summary, no warnings


# --- the database: re-runs change nothing, a changed file replaces its rows -----------------


def test_a_second_run_leaves_the_database_byte_for_byte_unchanged(
    dumps: Path, tmp_path: Path
) -> None:
    db = tmp_path / "papers.db"
    run("batch", str(dumps), "--db", str(db), *AS_OF)
    before = db.read_bytes()
    result = run("batch", str(dumps), "--db", str(db), *AS_OF)
    assert db.read_bytes() == before
    assert "5 unchanged" in result.stderr or "5 failed" in result.stderr


def test_a_changed_file_replaces_its_rows(dumps: Path, tmp_path: Path) -> None:
    db = tmp_path / "papers.db"
    run("batch", str(dumps / "profiles"), "--db", str(db), *AS_OF)
    shutil.copyfile(FIXTURES / "profiles/minimal-papers.txt", dumps / "profiles/seed.txt")
    run("batch", str(dumps / "profiles"), "--db", str(db), *AS_OF)
    expected = expected_for(FIXTURES / "profiles/minimal-papers.txt")
    with sqlite3.connect(db) as connection:
        titles = [
            row[0]
            for row in connection.execute(
                "SELECT title FROM papers JOIN files ON files.id = file_id WHERE path = ? "
                "ORDER BY position",
                (str(dumps / "profiles/seed.txt"),),
            )
        ]
        orphans = connection.execute(
            "SELECT count(*) FROM authors WHERE paper_id NOT IN (SELECT id FROM papers)"
        ).fetchone()[0]
    assert titles == [paper["title"] for paper in expected["papers"]]
    assert orphans == 0


def test_another_schema_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA user_version = 7")
    result = run("batch", str(FIXTURES / "profiles/seed.txt"), "--db", str(db), *AS_OF)
    assert result.exit_code == 1
    assert "[bad-database]" in result.stderr


def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 100, "utf-8")
    result = run("batch", str(FIXTURES / "profiles/seed.txt"), "--db", str(db), *AS_OF)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db}: database error")
    assert "Traceback" not in result.stderr


# --- interrupted runs and --resume ----------------------------------------------------------


def many_dumps(root: Path, count: int) -> Path:
    names = ["profiles/seed.txt", "profiles/unseen-researcher.txt", "abstracts/seed.txt"]
    for number in range(count):
        target = root / f"d{number % 7}" / f"{number:04d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / names[number % len(names)], target)
    return root


def test_interrupted_database_run_resumes_to_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many_dumps(tmp_path / "dumps", 40)
    clean, resumed = tmp_path / "clean.db", tmp_path / "resumed.db"
    run("batch", str(root), "--db", str(clean), "-j", "1", *AS_OF)

    monkeypatch.setattr(database, "_COMMIT_EVERY_SECONDS", 0.0)  # commit after every file
    write = database.Database.write
    written = 0

    def interrupted_write(self: database.Database, outcome: Any) -> Any:
        nonlocal written
        written += 1
        if written == 17:  # Ctrl-C in the middle of the run
            raise KeyboardInterrupt
        return write(self, outcome)

    monkeypatch.setattr(database.Database, "write", interrupted_write)
    result = run("batch", str(root), "--db", str(resumed), "-j", "1", *AS_OF)
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == (
        "Error: interrupted: 16 files saved, 24 left; run the same command with --resume to finish"
    )
    with sqlite3.connect(resumed) as connection:
        assert connection.execute("SELECT count(*) FROM files").fetchone()[0] == 16
    monkeypatch.setattr(database.Database, "write", write)
    result = run("batch", str(root), "--db", str(resumed), "-j", "1", "--resume", *AS_OF)
    assert result.exit_code == 0
    assert "16 unchanged" in result.stderr
    assert table_rows(resumed) == table_rows(clean)


def test_a_killed_database_run_is_consistent_and_resumes_to_the_same_rows(
    tmp_path: Path,
) -> None:
    # Enough files for a run of a few seconds. The kill lands at 60% of the time the same run
    # took without it: after the first commit (made half a second in) and before the last.
    # (Polling the database for a commit instead was flaky: while the writer's page cache
    # spills, it holds the lock a reader needs, almost from one commit to the next.)
    root = many_dumps(tmp_path / "dumps", 6000)
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"
    command = [sys.executable, "-m", "scholarparse", "batch", str(root), *AS_OF, "-q", "-j", "2"]
    started = time.monotonic()
    subprocess.run([*command, "--db", str(clean)], check=True)
    whole_run = time.monotonic() - started
    assert whole_run > 1.0, "the run is too short to be killed in its middle: give it more files"
    process = subprocess.Popen([*command, "--db", str(killed)])
    time.sleep(0.6 * whole_run)
    assert process.poll() is None, "the run ended before the kill: give it more files"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10  # its workers, orphaned, end at their next chunk
    while _processes_naming(str(killed)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_naming(str(killed)) == []
    with sqlite3.connect(killed) as connection:  # read-write: it rolls the torn write back
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        committed = connection.execute("SELECT count(*) FROM files").fetchone()[0]
        assert 0 < committed < 6000  # killed in its middle
        incomplete = connection.execute(
            "SELECT count(*) FROM profiles WHERE declared_paper_count != "
            "(SELECT count(*) FROM papers WHERE papers.file_id = profiles.file_id)"
        ).fetchone()[0]
        assert incomplete == 0  # every committed profile has all its papers
    subprocess.run([*command, "--db", str(killed), "--resume"], check=True)
    assert table_rows(killed) == table_rows(clean)


# A worker that has just forked waits here, in multiprocessing's start-up, before it could
# ignore a Ctrl-C itself: what the terminal's Ctrl-C meets when it comes as the workers start.
_SLOW_WORKER_START = """
import sys, time, multiprocessing.util
close_stdin, marker = multiprocessing.util._close_stdin, sys.argv[1]
def slow():
    open(marker, "a").close()
    time.sleep(0.5)
    close_stdin()
multiprocessing.util._close_stdin = slow
from scholarparse.cli import main
sys.argv = ["scholarparse", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("moment", ["a worker starts", "the workers convert"])
def test_ctrl_c_stops_every_worker_and_says_how_to_finish(tmp_path: Path, moment: str) -> None:
    root = many_dumps(tmp_path / "dumps", 3600)  # a run of a second or more, interrupted
    output = tmp_path / "out.jsonl"
    started = tmp_path / "a-worker-started"
    args = ["batch", str(root), "--jsonl", str(output), "-j", "2", "-q", *AS_OF]
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WORKER_START, str(started), *args],
        stderr=subprocess.PIPE,
        start_new_session=True,  # a job of its own, as a shell makes it
    )
    partial = tmp_path / ".out.jsonl.partial"

    def now() -> bool:
        if moment == "a worker starts":
            return started.exists()
        return partial.exists() and partial.stat().st_size > 0  # the workers convert

    stderr = interrupt_job(process, now)
    assert process.returncode == 130
    assert len(stderr.splitlines()) == 1, stderr  # no worker's traceback
    said = re.fullmatch(
        r"Error: interrupted: (\d+) files? saved, (\d+) left; "
        r"run the same command with --resume to finish\n",
        stderr,
    )
    assert said is not None, stderr
    saved, left = int(said[1]), int(said[2])
    assert saved + left == 3600
    if moment == "a worker starts":
        assert saved == 0
        assert not partial.exists()  # stopped before any line: no trace
    else:
        assert saved == len(partial.read_bytes().splitlines())  # every saved line is whole
    assert not output.exists()
    assert _processes_naming(str(root)) == []  # forked workers share the command line


def test_workers_spawned_rather_than_forked_start_deaf_to_ctrl_c_too() -> None:
    # Where the pool spawns (macOS), or dask serves, its workers: the resource tracker that
    # multiprocessing starts with the first of them unblocked SIGINT for the rest.
    code = """
import multiprocessing, signal, time
from scholarparse.batch.interrupts import ctrl_c_held
with ctrl_c_held(spawning=True):
    workers = [multiprocessing.get_context("spawn").Process(target=time.sleep, args=(9,))
               for _ in range(2)]
    for worker in workers:
        worker.start()
for worker in workers:
    with open(f"/proc/{worker.pid}/status") as status:
        blocked = int(status.read().split("SigBlk:")[1].split()[0], 16)
    print(bool(blocked & 1 << signal.SIGINT - 1))
    worker.terminate()
print(signal.pthread_sigmask(signal.SIG_BLOCK, []) == set())
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "True", "True"], result.stderr


def test_a_deferred_ctrl_c_is_taken_at_the_end_as_it_would_have_been() -> None:
    def ctrl_c() -> None:
        os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt), ctrl_c_deferred():  # Python's own: raised
        ctrl_c()
        done = True  # the step goes on to its end
    assert done
    with pytest.raises(OSError), ctrl_c_deferred():  # the step failed: its error is the news
        ctrl_c()
        raise OSError(errno.ENOSPC, "No space left on device")
    taken: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: taken.append(number))
    try:
        with ctrl_c_deferred():  # a caller's own handler: called once, after
            ctrl_c()
            assert taken == []
        assert taken == [signal.SIGINT]
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with ctrl_c_deferred():  # ignored: stays ignored
            ctrl_c()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_stdout_that_is_a_device_may_take_the_errors_too(tmp_path: Path) -> None:
    # /dev/null (or a terminal) is written through: lines and failures both reach it, and
    # nothing is truncated. A file or a pipe behind stdout is refused (the test above).
    command = [sys.executable, "-m", "scholarparse", "batch", str(PROFILE_SEED), "--jsonl", "-"]
    with open(os.devnull, "wb") as null:
        result = subprocess.run(
            [*command, "--errors", os.devnull, *AS_OF],
            stdout=null,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr


def test_lines_to_a_closed_stdout_are_a_write_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scholarparse", "batch", str(PROFILE_SEED), "--jsonl", "-"],
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert (
        result.stderr == "Error: <stdout>: cannot write: standard output is closed [write-error]\n"
    )


def _processes_naming(text: str) -> list[int]:
    """The live processes whose command line holds ``text`` (Linux's /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue  # ended while we looked
    return found


@pytest.mark.parametrize("jobs", ["1", "2"])  # two: the lines come in through the spool
def test_an_interrupted_jsonl_file_is_completed_by_resume(
    dumps: Path, tmp_path: Path, jobs: str
) -> None:
    clean, resumed = tmp_path / "clean.jsonl", tmp_path / "resumed.jsonl"
    run("batch", str(dumps), "--jsonl", str(clean), *AS_OF)
    lines = clean.read_bytes().splitlines(keepends=True)
    # What a killed run leaves: the partial file, its last line torn, the settings it was made
    # with beside it, and a spool directory with a chunk file; the target not there.
    partial = tmp_path / ".resumed.jsonl.partial"
    partial.write_bytes(b"".join(lines[:2]) + lines[2][:100])
    Path(f"{partial}.settings").write_text(made_with("auto", dt.date(2026, 11, 22)), "utf-8")
    (stale := tmp_path / ".resumed.jsonl.partial.spool-k1ll3d").mkdir()
    (stale / "chunk-1").write_bytes(lines[3])
    result = run("batch", str(dumps), "--jsonl", str(resumed), "--resume", "-j", jobs, *AS_OF)
    assert result.exit_code == 1  # the broken files fail again
    assert ", 2 unchanged;" in result.stderr  # the two whole lines were kept, not made again
    assert resumed.read_bytes() == clean.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "clean.jsonl",
        "dumps",
        "resumed.jsonl",
    ]


def test_a_stale_spool_swapped_for_a_link_empties_nothing_elsewhere(tmp_path: Path) -> None:
    # In a shared /tmp another user can put a link where the spool was once it has been looked
    # at: the removal goes through the directory it opens, and opens no link.
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine", "utf-8")
    link = tmp_path / ".all.jsonl.partial.spool-swapped"
    link.symlink_to(precious)
    spool_module._remove_spool(str(link))
    assert (precious / "notes.txt").read_text("utf-8") == "mine"
    assert link.is_symlink()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("room", ["for half the lines", "for all but the last bytes"])
def test_a_file_that_cannot_grow_keeps_whole_lines_that_resume_completes(
    tmp_path: Path, jobs: str, room: str
) -> None:
    # A real limit on the file's size (RLIMIT_FSIZE: writes past it fail with EFBIG, as writes
    # to a full disk fail), no root needed: lines short enough to sit in the write buffer, so
    # the flush that fails stops halfway through one. With room for all but the last bytes, the
    # last flush fails, as the batch completes.
    dumps = tmp_path / "tiny"
    dumps.mkdir()
    for number in range(1, 101):
        text = f"Abstract: Tiny abstract number {number:03} about learning.\n"
        (dumps / f"t{number:03}.txt").write_text(text, "utf-8")
    clean = tmp_path / "clean.jsonl"
    assert run_process("batch", str(dumps), "--jsonl", str(clean), *AS_OF).returncode == 0
    limit = 10_000 if room == "for half the lines" else clean.stat().st_size - 50
    output = tmp_path / "out.jsonl"
    args = ["batch", str(dumps), "--jsonl", str(output), "-j", jobs, "-q", *AS_OF]

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    stopped = subprocess.run(
        [sys.executable, "-m", "scholarparse", *args],
        capture_output=True,
        text=True,
        preexec_fn=limited,
        check=False,
    )
    assert stopped.returncode == 1
    assert stopped.stderr.endswith(f"Error: {output}: cannot write: File too large [write-error]\n")
    assert not output.exists()
    partial = (tmp_path / ".out.jsonl.partial").read_bytes()
    assert partial.endswith(b"\n")
    lines = partial.splitlines()
    assert 20 < len(lines) < 100  # about 220 bytes a line
    assert partial == b"".join(clean.read_bytes().splitlines(keepends=True)[: len(lines)])
    for number, line in enumerate(lines, start=1):
        document = json.loads(line)
        assert document["source"] == str(dumps / f"t{number:03}.txt")
        text = f"Tiny abstract number {number:03} about learning."
        assert [entry["text"] for entry in document["abstracts"]] == [text]
    assert run_process(*args, "--resume").returncode == 0
    assert output.read_bytes() == clean.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["clean.jsonl", "out.jsonl", "tiny"]


def test_out_dir_resume_skips_outputs_newer_than_their_input(dumps: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("batch", str(dumps / "profiles"), "--out-dir", str(out), *AS_OF)
    seed_output = out / "seed.json"
    seed_output.write_text("{}\n", "utf-8")  # newer than its input: taken as up to date
    old = time.time() - 3600
    os.utime(out / "unseen-researcher.json", (old, old))  # older than its input: redone
    result = run("batch", str(dumps / "profiles"), "--out-dir", str(out), "--resume", *AS_OF)
    assert result.exit_code == 0
    assert "2 unchanged" in result.stderr
    assert seed_output.read_text("utf-8") == "{}\n"
    unseen = json.loads((out / "unseen-researcher.json").read_text("utf-8"))
    assert unseen == parse_alone(str(dumps / "profiles/unseen-researcher.txt"))


# --- never outside the output directory, never over an input --------------------------------


def test_a_symlink_inside_the_output_directory_is_not_followed(dumps: Path, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "profiles").symlink_to(elsewhere)
    result = run("batch", str(dumps), "--out-dir", str(out), *AS_OF)
    assert result.exit_code == 1
    assert list(elsewhere.iterdir()) == []
    assert f"not writing {out / 'profiles' / 'seed.json'}" in result.stderr
    assert "[unsafe-output-path]" in result.stderr
    assert (out / "abstracts/seed.json").exists()


def test_an_output_never_replaces_an_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes((FIXTURES / "profiles/seed.txt").read_bytes())
    (tmp_path / "a.json").write_bytes((FIXTURES / "profiles/minimal-papers.txt").read_bytes())
    before = (tmp_path / "a.json").read_bytes()
    result = run("batch", str(tmp_path), "--glob", "a.*", "--out-dir", str(tmp_path), *AS_OF)
    assert result.exit_code == 1
    assert (tmp_path / "a.json").read_bytes() == before
    assert "[unsafe-output-path]" in result.stderr or "[output-collision]" in result.stderr


@pytest.mark.parametrize("destination", ["--jsonl", "--db"])
def test_a_jsonl_or_database_destination_never_replaces_an_input(
    destination: str, tmp_path: Path
) -> None:
    dump = tmp_path / "a.txt"
    shutil.copyfile(FIXTURES / "profiles/seed.txt", dump)
    result = run("batch", str(tmp_path), destination, str(dump), *AS_OF)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {dump}: refusing to replace it: it is one of the inputs [unsafe-output-path]"
    )
    assert dump.read_bytes() == (FIXTURES / "profiles/seed.txt").read_bytes()


def test_an_earlier_jsonl_output_among_the_inputs_is_left_out_and_replaced(
    tmp_path: Path,
) -> None:
    shutil.copyfile(FIXTURES / "profiles/seed.txt", tmp_path / "a.txt")
    output = tmp_path / "out.txt"
    for _ in range(2):  # the second run finds out.txt among the inputs: its own output
        result = run("batch", str(tmp_path), "--jsonl", str(output), *AS_OF)
        assert result.exit_code == 0, result.stderr
    assert len(output.read_text("utf-8").splitlines()) == 1


def test_inputs_named_with_dot_dot_or_absolute_paths_stay_inside_the_output_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, name, seed in [("in/deep", "a.txt", "profiles"), ("in", "b.txt", "abstracts"),
                               ("other", "c.txt", "profiles")]:  # fmt: skip
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / seed / "seed.txt", tmp_path / folder / name)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    named = ["../in/./deep/a.txt", str(tmp_path / "other" / "c.txt"), "../in/deep/.."]
    result = run("batch", *named, "--out-dir", "out", *AS_OF)
    assert result.exit_code == 0, result.stderr
    written = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*.json"))
    # Files named directly keep their name; a directory's files mirror the paths below it.
    assert written == [
        "work/out/a.json",
        "work/out/b.json",
        "work/out/c.json",
        "work/out/deep/a.json",
    ]


def test_a_batch_that_converts_nothing_leaves_an_existing_jsonl_file(tmp_path: Path) -> None:
    output = tmp_path / "kept.jsonl"
    output.write_text("keep\n", "utf-8")
    result = run("batch", str(tmp_path / "missing.txt"), "--jsonl", str(output), *AS_OF)
    assert result.exit_code == 1
    assert "[file-not-found]" in result.stderr
    assert output.read_text("utf-8") == "keep\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.jsonl"]


def test_two_inputs_for_one_output_name_collide(tmp_path: Path) -> None:
    for name in ("a.txt", "a.md"):
        shutil.copyfile(FIXTURES / "profiles/seed.txt", tmp_path / name)
    out = tmp_path / "out"
    result = run("batch", str(tmp_path), "--glob", "a.*", "--out-dir", str(out), *AS_OF)
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'a.txt'}: {out / 'a.json'} is already the output of" in (
        result.stderr
    )
    assert "[output-collision]" in result.stderr


def test_the_output_directory_inside_an_input_is_not_read(dumps: Path) -> None:
    out = dumps / "converted"
    run("batch", str(dumps / "profiles"), "--out-dir", str(out), *AS_OF)
    result = run("batch", str(dumps), "--out-dir", str(out), "--glob", "*", *AS_OF)
    assert str(out / "profiles") not in result.stderr.replace(str(out) + "/profiles", "")
    assert not (out / "converted").exists()


# --- usage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "choose exactly one destination"),
        (["--jsonl", "a.jsonl", "--db", "a.db"], "choose exactly one destination"),
        (["--jsonl", "a.jsonl", "--format", "yaml"], "--format applies to --out-dir only"),
        (["--jsonl", "-", "--resume"], "--resume cannot continue output sent to stdout"),
        (["--db", "a.db", "--jobs", "0"], "0 is not in the range x>=1"),
    ],
)
def test_usage_mistakes_exit_2(arguments: list[str], message: str) -> None:
    result = run("batch", str(FIXTURES / "profiles"), *arguments)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_directory_with_no_matching_files_is_an_error_and_writes_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "dumps" / ".hidden.txt").write_bytes(PROFILE_SEED.read_bytes())
    for option, name in (("--jsonl", "out.jsonl"), ("--db", "out.db"), ("--out-dir", "out")):
        result = run("batch", str(tmp_path / "dumps"), option, str(tmp_path / name))
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            f"Error: {tmp_path / 'dumps'}: no input files matched --glob '*.txt' [no-inputs]"
        )
        assert not (tmp_path / name).exists()


def test_several_globs_brace_lists_and_double_stars_match(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    for name in ("a.txt", "b.md", "c.pdf", "2026/x/d.txt", "2026/e.md", ".git/f.txt", ".g.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROFILE_SEED, root / name)

    def sources(*globs: str) -> list[str]:
        output = tmp_path / "out.jsonl"
        options = [option for glob in globs for option in ("--glob", glob)]
        result = run("batch", str(root), *options, "--jsonl", str(output), "-q", *AS_OF)
        assert result.exit_code == 0, result.stderr
        found = [json.loads(line)["source"] for line in output.read_text("utf-8").splitlines()]
        return [os.path.relpath(source, root) for source in found]

    assert sources() == ["2026/x/d.txt", "a.txt"]  # the default, *.txt, at any depth
    assert sources("*.{txt,md}") == ["2026/e.md", "2026/x/d.txt", "a.txt", "b.md"]
    assert sources("*.md", "*.pdf") == ["2026/e.md", "b.md", "c.pdf"]
    assert sources("2026/**/*.txt") == ["2026/x/d.txt"]
    assert sources("2026/*.md") == ["2026/e.md"]


def test_without_out_dir_no_directory_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    shutil.copyfile(FIXTURES / "profiles/seed.txt", inner / "seed.txt")
    monkeypatch.chdir(inner)  # the working directory lies inside the input
    result = run("batch", str(tmp_path), "--jsonl", str(tmp_path / "out.jsonl"), *AS_OF)
    assert result.exit_code == 0
    assert [d["source"] for d in read_jsonl(tmp_path / "out.jsonl")] == [str(inner / "seed.txt")]


def _stderr_on_a_terminal(arguments: list[str]) -> str:
    import pty

    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "scholarparse", "batch", *arguments, *AS_OF]
    process = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=secondary, timeout=60)
    os.close(secondary)
    shown = drain_terminal(primary)
    assert process.returncode == 0
    return shown.decode("utf-8", "replace")


def test_a_terminal_gets_a_progress_bar_and_a_log_does_not(tmp_path: Path) -> None:
    root = many_dumps(tmp_path / "dumps", 30)
    out = str(tmp_path / "out.jsonl")
    shown = _stderr_on_a_terminal([str(root), "--jsonl", out])
    assert "converting" in shown and "30/30" in shown and "files/s" in shown
    assert "batch: 30 files" in shown
    quiet = _stderr_on_a_terminal([str(root), "--jsonl", out, "--quiet"])
    assert quiet == ""
    logged = run("batch", str(root), "--jsonl", out, *AS_OF)  # stderr is not a terminal
    assert "converting" not in logged.stderr
    assert logged.stderr.startswith("batch: 30 files")


def test_a_database_in_a_missing_directory_is_a_write_error(tmp_path: Path) -> None:
    target = tmp_path / "no-such-directory" / "p.db"
    result = run("batch", str(FIXTURES / "profiles" / "seed.txt"), "--db", str(target), *AS_OF)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {target}: cannot write: No such file or directory [write-error]"
    ]
    assert not target.parent.exists()


def test_a_folder_of_utf8_and_latin1_dumps_converts_with_every_name_right(tmp_path: Path) -> None:
    root = tmp_path / "dumps"
    root.mkdir()
    shutil.copyfile(PROFILE_SEED, root / "utf8.txt")
    latin1 = "Zoë Abernathy\n\nCL\nh-index3\n\nCLMay 2\nA Título\n\nZoë Abernathy, Renée Blanc\n"
    (root / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    (root / "cp1252.txt").write_bytes(latin1.replace("Título", "Título \u2013 €5").encode("cp1252"))
    output = tmp_path / "out.jsonl"
    result = run("batch", str(root), "--jsonl", str(output), *AS_OF)  # --encoding auto
    assert result.exit_code == 0, result.stderr
    documents = {
        os.path.basename(document["source"]): document
        for document in map(json.loads, output.read_text("utf-8").splitlines())
    }
    assert documents["utf8.txt"]["name"] == "Nino Scherrer"
    assert documents["utf8.txt"]["diagnostics"] == []
    for name, title in (("latin1.txt", "A Título"), ("cp1252.txt", "A Título \u2013 €5")):
        document = documents[name]
        assert document["name"] == "Zoë Abernathy"
        assert document["papers"][0]["title"] == title
        assert document["papers"][0]["authors"] == ["Zoë Abernathy", "Renée Blanc"]
        assert [(d["code"], d["line"]) for d in document["diagnostics"]] == [
            ("encoding-guessed", 1)
        ]
    warned = [line for line in result.stderr.splitlines() if "[encoding-guessed]" in line]
    assert len(warned) == 2


def test_a_failed_reparse_keeps_the_rows_of_the_last_good_one(tmp_path: Path) -> None:
    dump = tmp_path / "latin1.txt"
    dump.write_bytes(
        "Zoë Abernathy\n\nh-index3\n\nCLMay 2\nA Title\n\nZoë Abernathy\n".encode("latin-1")
    )
    db = tmp_path / "p.db"
    first = run("batch", str(dump), "--db", str(db), "--encoding", "latin-1", "-q", *AS_OF)
    assert first.exit_code == 0, first.stderr
    kept = table_rows(db)
    assert kept["profiles"][0][1] == "Zoë Abernathy" and len(kept["papers"]) == 1

    again = run("batch", str(dump), "--db", str(db), "--encoding", "utf-8", "-q", *AS_OF)
    assert again.exit_code == 1
    assert again.stderr.splitlines()[0].endswith("as utf-8 [decode-error]")
    now = table_rows(db)
    for table in ("profiles", "papers", "authors", "diagnostics"):
        assert now[table] == kept[table], table  # nothing the user had is gone
    with sqlite3.connect(db) as connection:
        status, error, good, parsed = connection.execute(
            "SELECT status, error_code, good_parsed_at, parsed_at FROM files"
        ).fetchone()
    assert (status, error) == ("failed", "decode-error")
    assert good is not None and good <= parsed

    fixed = run("batch", str(dump), "--db", str(db), "--encoding", "latin-1", "-q", *AS_OF)
    assert fixed.exit_code == 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status, error_code FROM files").fetchone() == ("ok", None)


VERSION_1_FILES = """CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT,
    size INTEGER,
    layout TEXT CHECK (layout IN ('profile', 'abstracts')),
    status TEXT NOT NULL CHECK (status IN ('ok', 'warnings', 'failed')),
    parsed_at TEXT NOT NULL,
    settings TEXT NOT NULL,
    preamble TEXT
)"""  # as scholarparse 0.4 wrote it (database.sql, schema version 1)


def test_a_version_1_database_is_upgraded_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(FIXTURES / "abstracts/seed.txt", tmp_path / "a.txt")
    db = tmp_path / "old.db"
    schema = database.schema_sql()
    start = schema.index("CREATE TABLE files")
    schema = schema[:start] + VERSION_1_FILES + schema[schema.index("\n);", start) + 2 :]
    with sqlite3.connect(db) as connection:  # one file under two spellings, one failed
        connection.executescript(schema.replace("user_version = 2", "user_version = 1"))
        insert = "INSERT INTO files VALUES (?, ?, 'x', 1, ?, ?, ?, 's', NULL)"
        connection.execute(insert, (1, "a.txt", "abstracts", "ok", "T1"))
        connection.execute(insert, (2, "./a.txt", "abstracts", "ok", "T2"))
        connection.execute(insert, (3, "b.txt", None, "failed", "T3"))
        connection.execute("INSERT INTO abstracts VALUES (1, 1, 1, 'old spelling')")
        connection.execute("INSERT INTO abstracts VALUES (2, 1, 1, 'latest spelling')")
        connection.execute("INSERT INTO diagnostics VALUES (3, 'error', 'decode-error', 1, 'bad')")
    result = run("batch", "nothing-to-do.txt", "--db", str(db), "-q", *AS_OF)
    assert result.exit_code == 1  # the one input does not exist; the upgrade happened
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (2,)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = connection.execute(
            "SELECT id, path, resolved_path, status, good_parsed_at, error_code, error_message "
            "FROM files WHERE id <= 3 ORDER BY id"
        ).fetchall()
        kept = connection.execute("SELECT file_id, text FROM abstracts").fetchall()
    resolved = os.path.realpath(tmp_path)
    assert rows == [
        (2, "./a.txt", f"{resolved}/a.txt", "ok", "T2", None, None),
        (3, "b.txt", f"{resolved}/b.txt", "failed", None, "decode-error", "bad"),
    ]
    assert kept == [(2, "latest spelling")]


@pytest.fixture
def two_dumps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``dumps/a.txt`` and ``dumps/b.txt`` in the working directory, which is ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dumps").mkdir()
    shutil.copyfile(PROFILE_SEED, tmp_path / "dumps/a.txt")
    shutil.copyfile(FIXTURES / "profiles/unseen-researcher.txt", tmp_path / "dumps/b.txt")
    return tmp_path


def test_a_file_is_one_file_in_the_database_whatever_its_spelling(two_dumps: Path) -> None:
    tmp_path = two_dumps
    (tmp_path / "link").symlink_to(tmp_path / "dumps")
    for spelling in ("dumps", "./dumps", str(tmp_path / "dumps"), "link"):
        result = run("batch", spelling, "--db", "p.db", "-q", *AS_OF)
        assert result.exit_code == 0, result.stderr
    with sqlite3.connect("p.db") as connection:
        files = connection.execute("SELECT path, resolved_path FROM files ORDER BY path").fetchall()
        assert connection.execute("SELECT count(*) FROM profiles").fetchone() == (2,)
    resolved = os.path.realpath(tmp_path / "dumps")
    # the path as the latest run gave it; the file by its resolved path
    assert files == [("link/a.txt", f"{resolved}/a.txt"), ("link/b.txt", f"{resolved}/b.txt")]


def test_a_renamed_dump_is_reported_and_pruned(two_dumps: Path) -> None:
    tmp_path = two_dumps
    assert run("batch", "dumps", "--db", "p.db", *AS_OF).exit_code == 0
    (tmp_path / "dumps/b.txt").rename(tmp_path / "dumps/c.txt")

    kept = run("batch", "dumps", "--db", "p.db", *AS_OF)
    assert kept.exit_code == 0
    assert kept.stderr.splitlines()[-1] == (
        "batch: the database holds 1 file under dumps that no longer exists; "
        "--prune removes their rows"
    )
    pruned = run("batch", "dumps", "--db", "p.db", "--prune", *AS_OF)
    assert (
        pruned.stderr.splitlines()[-1] == "batch: removed the rows of 1 file that no longer exist"
    )
    with sqlite3.connect("p.db") as connection:
        paths = connection.execute("SELECT path FROM files ORDER BY path").fetchall()
        profiles = connection.execute("SELECT count(*) FROM profiles").fetchone()
    assert (paths, profiles) == ([("dumps/a.txt",), ("dumps/c.txt",)], (2,))
    assert run("batch", "dumps", "--jsonl", "x.jsonl", "--prune").exit_code == 2  # --db only


@pytest.mark.parametrize("destination", ["--jsonl", "--out-dir"])
def test_resume_with_other_settings_gives_what_one_clean_run_with_them_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, destination: str
) -> None:
    root = many_dumps(tmp_path / "dumps", 30)
    clean, resumed = tmp_path / "clean", tmp_path / "resumed"
    if destination == "--jsonl":
        clean, resumed = clean.with_suffix(".jsonl"), resumed.with_suffix(".jsonl")
    new_date = ["--as-of", "2026-12-01"]
    assert run("batch", str(root), destination, str(clean), "-j", "1", *new_date).exit_code == 0

    # An interrupted run with the old date, resumed with the new one.
    write = {"--jsonl": JsonLines.write, "--out-dir": OutDir.write}[destination]
    written = 0

    def interrupted_write(self: Any, outcome: Any) -> Any:
        nonlocal written
        written += 1
        if written == 12:
            raise KeyboardInterrupt
        return write(self, outcome)

    target = {"--jsonl": JsonLines, "--out-dir": OutDir}[destination]
    monkeypatch.setattr(target, "write", interrupted_write)
    first = run("batch", str(root), destination, str(resumed), "-j", "1", *AS_OF)
    assert first.exit_code == 130
    monkeypatch.setattr(target, "write", write)
    again = run("batch", str(root), destination, str(resumed), "-j", "1", "--resume", *new_date)
    assert again.exit_code == 0, again.stderr
    assert "0 unchanged" in again.stderr  # nothing made with the old date was kept

    def contents(path: Path) -> list[bytes]:
        if path.is_file():
            return sorted(path.read_bytes().replace(str(resumed).encode(), b"X").splitlines())
        return [
            item.read_bytes().replace(str(resumed).encode(), b"X")
            for item in sorted(path.rglob("*.json"))
        ]

    def as_clean(path: Path) -> list[bytes]:
        return [
            line.replace(str(clean).encode(), b"X")
            for line in (
                sorted(path.read_bytes().splitlines())
                if path.is_file()
                else [item.read_bytes() for item in sorted(path.rglob("*.json"))]
            )
        ]

    assert contents(resumed) == as_clean(clean)

"""Going past one process: batch --parquet for analysts, batch --dask on a cluster, and the
plain error of an extra that is not installed.

The database (``batch --db``) is tested on its own in test_batch.py; the Parquet tables must
hold exactly its rows, typed, and a Dask run exactly the bytes of ``--jobs``.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

import scholarparse
import scholarparse.dask
from scholarparse.batch import cluster, parquet
from scholarparse.batch.convert import Settings, Task
from scholarparse.batch.destinations import JsonLines
from scholarparse.batch.inputs import Input
from scholarparse.batch.spool import Spooled
from scholarparse.errors import OutputError
from scholarparse.extras import MissingExtra
from scholarparse.model import Document
from tests.conftest import FIXTURES, ROOT, interrupt_job, run_process
from tests.test_batch import many_dumps

AS_OF = ["--as-of", "2026-11-22"]
TABLES = (
    "files", "profiles", "papers", "authors", "affiliations", "extra_lines", "abstracts",
    "diagnostics",
)  # fmt: skip


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    """Every fixture dump, and one broken file among them."""
    root = tmp_path / "dumps"
    shutil.copytree(FIXTURES, root, ignore=shutil.ignore_patterns("*.json", "*.bib", "*.ris"))
    (root / "broken.txt").write_bytes(b"h-index5\x00\n")
    return root


# --- Parquet ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A Parquet value as SQLite stores it: booleans as 0/1, dates and times as text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_parquet_tables_hold_the_rows_of_the_database(dumps: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "out.db", tmp_path / "parquet"
    assert run_process("batch", str(dumps), "--db", str(db), *AS_OF, "-q").returncode == 1
    assert run_process("batch", str(dumps), "--parquet", str(out), *AS_OF, "-q").returncode == 1
    assert sorted(os.listdir(out)) == sorted(f"{table}.parquet" for table in TABLES)
    connection = sqlite3.connect(db)
    times = {"parsed_at", "good_parsed_at"}  # each run's own clock
    for table in TABLES:
        names = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        stored = pq.read_table(out / f"{table}.parquet")
        assert stored.column_names == names, table
        kept = [name for name in names if name not in times]
        expected = connection.execute(f"SELECT {', '.join(kept)} FROM {table}").fetchall()
        got = [tuple(_plain(row[name]) for name in kept) for row in stored.to_pylist()]
        assert sorted(got, key=repr) == sorted(expected, key=repr), table
        assert stored.num_rows > 0, table


def test_parquet_columns_are_typed(dumps: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    run_process("batch", str(dumps), "--parquet", str(out), *AS_OF, "-q")
    papers = pq.read_schema(out / "papers.parquet")
    assert str(papers.field("date").type) == "date32[day]"
    assert str(papers.field("score").type) == "double"
    assert str(papers.field("has_code").type) == "bool"
    assert str(papers.field("id").type) == "int64"
    files = pq.read_schema(out / "files.parquet")
    assert str(files.field("parsed_at").type) == "timestamp[ms, tz=UTC]"
    assert str(pq.read_schema(out / "profiles.parquet").field("as_of").type) == "date32[day]"


def test_duckdb_reads_the_seed_papers_per_year(tmp_path: Path) -> None:
    """The seed's papers per year, counted by hand from its meta lines (as of 2026-11-22)."""
    out = tmp_path / "parquet"
    seed = str(FIXTURES / "profiles" / "seed.txt")
    assert run_process("batch", seed, "--parquet", str(out), *AS_OF).returncode == 0
    rows = duckdb.sql(
        f"SELECT year(date) AS year, count(*) FROM '{out}/papers.parquet' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert rows == [(2021, 2), (2022, 3), (2023, 4), (2024, 3), (2025, 6), (2026, 2)]


def test_the_readme_duckdb_query_prints_what_the_readme_shows(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("### Parquet, for DuckDB", 1)[1].split("```console\n", 1)[1]
    batch_line, query_line, *shown = block.split("```", 1)[0].splitlines()
    arguments = batch_line.removeprefix("$ scholarparse ").split()
    (tmp_path / "fixtures").symlink_to(FIXTURES)
    assert run_process(*arguments, cwd=tmp_path).returncode == 0
    query = query_line.split('duckdb.sql(\\"', 1)[1].split('\\")', 1)[0]
    with duckdb.connect() as connection:
        connection.execute(f"SET file_search_path = '{tmp_path}'")
        rows = connection.sql(query).fetchall()
    cells = [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in shown
        if line.startswith("│") and line.split("│")[2].strip().isdigit()
    ]
    assert [[str(value) for value in row] for row in rows] == cells


def test_parquet_writes_row_groups_as_it_goes(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 7)
    tables = parquet.ParquetTables(str(tmp_path / "out"), "settings")
    seed = scholarparse.parse_file(FIXTURES / "profiles" / "seed.txt", as_of="2026-11-22")
    from scholarparse.batch.convert import Outcome
    from scholarparse.batch.database import rows

    for number in range(3):
        item = Input(f"seed-{number}.txt", f"seed-{number}.txt")
        outcome = Outcome(item, "ok", "profile", "0" * 64, 1, 20, 0, (), None, rows(seed))
        tables.write(outcome)
    tables.close(completed=True)
    papers = pq.ParquetFile(tmp_path / "out" / "papers.parquet")
    assert papers.metadata.num_rows == 60
    # Each file's 20 papers pass the 7 of a group: written at once, one group per file.
    groups = [papers.metadata.row_group(n).num_rows for n in range(papers.num_row_groups)]
    assert groups == [20, 20, 20]
    ids = pq.read_table(tmp_path / "out" / "papers.parquet").column("id").to_pylist()
    assert ids == list(range(1, 61))


def test_an_interrupted_parquet_run_leaves_the_old_tables(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "papers.parquet").write_bytes(b"the previous run's table")
    tables = parquet.ParquetTables(str(out), "settings")
    tables.close(completed=False)
    assert sorted(os.listdir(out)) == ["papers.parquet"]  # no partial file left
    assert (out / "papers.parquet").read_bytes() == b"the previous run's table"
    assert tables.saved == 0


@pytest.mark.parametrize("moment", ["the tables open", "rows are written"])
def test_ctrl_c_on_parquet_says_the_tables_are_as_they_were(tmp_path: Path, moment: str) -> None:
    root = many_dumps(tmp_path / "dumps", 3600)
    (out := tmp_path / "out").mkdir()
    (out / "papers.parquet").write_bytes(b"the previous run's table")
    process = subprocess.Popen(
        [sys.executable, "-m", "scholarparse", "batch", str(root), "--parquet", str(out), "-q"],
        stderr=subprocess.PIPE,
        start_new_session=True,
    )

    def now() -> bool:
        if moment == "the tables open":
            return any(path.name.endswith(".partial") for path in out.iterdir())
        papers = out / ".papers.parquet.partial"  # rows are written: a row group beyond the
        return papers.exists() and papers.stat().st_size > 4  # file's magic number

    stderr = interrupt_job(process, now)
    assert process.returncode == 130
    assert stderr == (
        "Error: interrupted; the tables are as they were: run the same command again\n"
    )
    assert [path.name for path in out.iterdir()] == ["papers.parquet"]
    assert (out / "papers.parquet").read_bytes() == b"the previous run's table"


def test_a_ctrl_c_as_the_tables_are_renamed_waits_for_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All the new tables or none: a real SIGINT sent while the second table is renamed into
    place is taken once the last is."""
    (out := tmp_path / "out").mkdir()
    (out / "papers.parquet").write_bytes(b"the previous run's table")
    tables = parquet.ParquetTables(str(out), "settings")
    replace, renamed = os.replace, []

    def renaming(source: str, target: str) -> None:
        renamed.append(target)
        if len(renamed) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # raised here, were it not held
        replace(source, target)

    monkeypatch.setattr(os, "replace", renaming)
    with pytest.raises(KeyboardInterrupt):
        tables.close(completed=True)
    assert sorted(os.listdir(out)) == sorted(f"{table}.parquet" for table in TABLES)
    assert pq.read_table(out / "papers.parquet").num_rows == 0  # the new one, empty
    assert len(renamed) == len(TABLES)


def test_a_rename_that_fails_after_a_ctrl_c_is_the_error_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (out := tmp_path / "out").mkdir()
    tables = parquet.ParquetTables(str(out), "settings")
    replace, renamed = os.replace, []

    def renaming(source: str, target: str) -> None:
        renamed.append(target)
        if len(renamed) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        if len(renamed) == 3:
            raise OSError(errno.EIO, "Input/output error")
        replace(source, target)

    monkeypatch.setattr(os, "replace", renaming)
    with pytest.raises(OutputError, match="cannot write: Input/output error"):
        tables.close(completed=True)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_parquet_refuses_resume(tmp_path: Path) -> None:
    result = run_process("batch", "fixtures", "--parquet", str(tmp_path), "--resume")
    assert result.returncode == 2
    assert "--resume does not apply to --parquet" in result.stderr


# --- missing extras -----------------------------------------------------------------------


def _without(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a Python where ``module`` cannot be imported."""
    code = (
        f"import sys; sys.modules[{module!r}] = None; sys.argv = ['scholarparse', *{args!r}]; "
        "from scholarparse.cli import main; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )


@pytest.mark.parametrize(
    ("module", "option", "extra"),
    [("pyarrow", "--parquet", "parquet"), ("distributed", "--dask", "dask")],
)
def test_a_missing_extra_is_one_error_and_a_hint(
    tmp_path: Path, module: str, option: str, extra: str
) -> None:
    if option == "--parquet":
        args = ("batch", "fixtures", "--parquet", str(tmp_path / "out"))
    else:
        args = ("batch", "fixtures", "--jsonl", str(tmp_path / "out.jsonl"), "--dask", "local:1")
    result = _without(module, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {option} needs {module}, which is not installed [missing-extra]",
        f"hint: pip install 'scholarparse[{extra}]'",
    ]
    assert os.listdir(tmp_path) == []  # nothing begun


def test_the_library_says_which_extra_is_missing(monkeypatch: Any) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(MissingExtra) as caught:
        scholarparse.dask.documents(["fixtures"])
    assert caught.value.hint == "pip install 'scholarparse[dask]'"


# --- Dask ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_cluster() -> Any:
    """One LocalCluster of two worker processes for the tests that run on a cluster."""
    import warnings

    from distributed import LocalCluster

    with warnings.catch_warnings():  # "Port 8787 is already in use": another cluster's
        warnings.simplefilter("ignore", UserWarning)
        started = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
    with started:
        yield started


@pytest.mark.parametrize(
    "destination",
    [
        ["--jsonl", "OUT/out.jsonl"],
        ["--out-dir", "OUT/dir"],
        ["--parquet", "OUT/parquet"],
        ["--db", "OUT/out.db"],
    ],
)
def test_dask_writes_the_bytes_of_jobs(
    dumps: Path, tmp_path: Path, destination: list[str], local_cluster: Any
) -> None:
    outputs = {}
    for name, runner in (
        ("jobs", ["--jobs", "2"]),
        ("dask", ["--dask", local_cluster.scheduler_address]),
    ):
        (tmp_path / name).mkdir()
        where = [part.replace("OUT", str(tmp_path / name)) for part in destination]
        result = run_process("batch", str(dumps), *where, *runner, *AS_OF)
        assert result.returncode == 1, result.stderr  # broken.txt fails in both
        assert f"{dumps / 'broken.txt'}:1: binary input" in result.stderr
        outputs[name] = _contents(tmp_path / name)
    assert outputs["dask"] == outputs["jobs"]
    assert len(outputs["jobs"]) >= 1


def _contents(root: Path) -> dict[str, Any]:
    """Every file's bytes, but a Parquet table's rows without the run's clock."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.suffix == ".parquet":
            rows = pq.read_table(path).to_pylist()
            found[str(path.relative_to(root))] = [
                {k: v for k, v in row.items() if not k.endswith("parsed_at")} for row in rows
            ]
        elif path.suffix == ".db":
            with sqlite3.connect(path) as connection:
                for table in TABLES:
                    rows = connection.execute(f"SELECT * FROM {table}").fetchall()
                    names = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
                    found[table] = [
                        [v for n, v in zip(names, row, strict=True) if not n.endswith("parsed_at")]
                        for row in rows
                    ]
        elif path.is_file() and path.name != ".scholarparse-settings":
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


# A temporary directory too deep for the fork server's socket (a Unix socket's path holds at
# most 107 bytes): local:N then spawns its workers, as dask does by default.
@pytest.mark.parametrize("temporary_name", ["tmp", "deep" * 25])
def test_dask_local_starts_its_own_cluster_and_leaves_nothing_behind(
    tmp_path: Path, temporary_name: str
) -> None:
    (out := tmp_path / "out").mkdir()
    (temporary := tmp_path / temporary_name).mkdir()
    jobs, dask = tmp_path / "jobs.jsonl", out / "dask.jsonl"
    run_process("batch", "fixtures", "--jsonl", str(jobs), "--jobs", "2", *AS_OF, "-q")
    result = run_process(
        "batch", "fixtures", "--jsonl", str(dask), "--dask", "local:2", *AS_OF,
        env={"TMPDIR": str(temporary)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert dask.read_bytes() == jobs.read_bytes()
    assert [path.name for path in out.iterdir()] == ["dask.jsonl"]  # no spool left
    # The fork server's socket directory (multiprocessing's) is gone; dask's own scratch
    # space, where its workers lock their directories, is dask's to keep.
    assert [path.name for path in temporary.iterdir()] == ["dask-scratch-space"]


def _killed_once(marker: str, document: Document) -> bytes:
    """A payload whose worker dies the first time it meets 04.txt, and works after."""
    if document.source is not None and document.source.endswith("04.txt"):
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            pass
        else:
            os.kill(os.getpid(), signal.SIGKILL)
    return f"{document.source}\n".encode()


def _twelve_tasks(tmp_path: Path) -> list[Task]:
    """Twelve copies of the abstracts seed, 00.txt to 11.txt, as tasks."""
    tasks = []
    for number in range(12):
        path = tmp_path / f"{number:02}.txt"
        shutil.copyfile(FIXTURES / "abstracts" / "seed.txt", path)
        tasks.append(Task(Input(str(path), path.name), None))
    return tasks


def test_a_dead_worker_has_its_tasks_run_again(tmp_path: Path, local_cluster: Any) -> None:
    tasks = _twelve_tasks(tmp_path)
    marker = tmp_path / "killed-once"
    payload = functools.partial(_killed_once, str(marker))
    settings = Settings("utf-8", dt.date(2026, 11, 22), payload, hash_content=False)
    got = [o.payload for o in cluster.outcomes(tasks, settings, local_cluster.scheduler_address, 3)]
    assert marker.exists()  # a worker did die
    assert got == [f"{task.input.source}\n".encode() for task in tasks]


def test_chunks_shrink_towards_the_end_and_keep_every_task_in_order() -> None:
    tasks = [Task(Input(f"{number}.txt", f"{number}.txt"), None) for number in range(100)]
    chunks = cluster.guided(tasks, 20, 2)
    # 100 left: 20 (a quarter is 25); 80: 20; 60: 15, raised to 16; 44: 16; 28: 16; the 12 left.
    assert [len(chunk) for chunk in chunks] == [20, 20, 16, 16, 16, 12]
    assert [task for chunk in chunks for task in chunk] == tasks
    assert [len(chunk) for chunk in cluster.guided(tasks[:12], 3, 2)] == [3, 3, 3, 3]


def _worker_settings() -> tuple[str, bool]:
    import dask

    tick = dask.config.get("distributed.admin.tick.interval")
    return str(tick), bool(dask.config.get("distributed.worker.profile.enabled"))


def _restarted(client: Any, dead: int) -> bool:
    """Wait until the cluster has two workers again, none of them process ``dead``."""
    from distributed.comm.core import CommClosedError

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            pids = set(client.run(os.getpid).values())
        except (CommClosedError, OSError):  # the dead one, not yet removed
            pids = set()
        if len(pids) == 2 and dead not in pids:
            return True
        time.sleep(0.1)
    return False


def test_a_restarted_local_worker_keeps_the_clusters_settings() -> None:
    """A nanny reads dask's settings again when it restarts a dead worker: they hold for the
    cluster's whole life, and are undone when it closes."""
    import dask
    import distributed

    with cluster._client(distributed, "local:2", forked=False) as client:
        assert set(client.run(_worker_settings).values()) == {("1s", False)}
        first = next(iter(client.run(os.getpid).values()))
        os.kill(first, signal.SIGKILL)
        assert _restarted(client, first)  # a new worker took its place
        assert set(client.run(_worker_settings).values()) == {("1s", False)}
    assert dask.config.get("distributed.admin.tick.interval") == "20ms"  # undone


def test_a_dead_local_worker_loses_no_spooled_line(tmp_path: Path) -> None:
    """With local:N the workers spool their lines (batch/spool.py): the chunk of a worker
    killed while converting it is converted and spooled again by another, and its lines come
    out once, in order."""
    tasks = _twelve_tasks(tmp_path)
    (out := tmp_path / "out").mkdir()
    destination = JsonLines(str(out / "all.jsonl"), resume=False)
    marker = tmp_path / "killed-once"
    payload = functools.partial(_killed_once, str(marker))
    settings = Settings("utf-8", dt.date(2026, 11, 22), payload, False, spool=destination.spool())
    for outcome in cluster.outcomes(tasks, settings, "local:2", 3):
        assert type(outcome.payload) is Spooled
        destination.write(outcome)
    destination.close(completed=True)
    assert marker.exists()  # a worker did die
    assert (out / "all.jsonl").read_text() == "".join(f"{task.input.source}\n" for task in tasks)
    assert [path.name for path in out.iterdir()] == ["all.jsonl"]


@pytest.mark.parametrize(
    "moment", ["the fork server imports", "the workers start", "the workers convert"]
)
def test_ctrl_c_on_a_local_cluster_is_one_line_and_leaves_nothing(
    tmp_path: Path, moment: str
) -> None:
    """A terminal's Ctrl-C goes to every process of the job: the workers and the fork server
    do not see it (each printed a traceback), and the command says what it kept. One pressed
    while the workers start waits until the cluster is up, which is then closed."""
    root = many_dumps(tmp_path / "dumps", 3600)
    (out := tmp_path / "out").mkdir()
    partial = out / ".all.jsonl.partial"
    started = tmp_path / "a-worker-started"
    # Each worker says it is starting, then takes a second more.
    (preload := tmp_path / "slow_start.py").write_text(
        f"import time\nopen({str(started)!r}, 'a').close()\ntime.sleep(1)\n"
    )
    command = [sys.executable, "-m", "scholarparse", "batch", str(root), "--dask", "local:2"]
    process = subprocess.Popen(
        [*command, "--jsonl", str(out / "all.jsonl"), "-q", *AS_OF],
        stderr=subprocess.PIPE,
        start_new_session=True,  # a job of its own, as a shell makes it
        env={**os.environ, "DASK_DISTRIBUTED__WORKER__PRELOAD": json.dumps([str(preload)])},
    )

    def now() -> bool:
        if moment == "the workers start":
            return started.exists()
        if moment == "the workers convert":
            return partial.exists() and partial.stat().st_size > 0
        return any(b"forkserver" in line for line in _job(process.pid).values())

    stderr = interrupt_job(process, now)
    assert process.returncode == 130
    assert len(stderr.splitlines()) == 1, stderr
    line = stderr.rstrip("\n")
    said = re.fullmatch(
        r"Error: interrupted(?:: (\d+) files? saved, (\d+) left)?; "
        r"run the same command with --resume to finish",
        line,
    )
    assert said is not None, line
    if said[1] is not None:
        assert int(said[1]) + int(said[2]) == 3600
        saved = int(said[1])
        assert saved == (len(partial.read_bytes().splitlines()) if saved else 0)  # whole lines
        assert saved or not partial.exists()  # stopped before any line: no trace
    deadline = time.monotonic() + 30
    while _job(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _job(process.pid) == {}  # workers, nannies and the fork server ended too
    assert not [path for path in out.iterdir() if ".spool-" in path.name]


def _job(group: int) -> dict[int, bytes]:
    """The live processes of process group ``group`` and their command lines (Linux's /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                found[int(stat.parent.name)] = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # ended while we looked
    return found


def test_a_local_cluster_whose_workers_cannot_start_is_a_dask_error(tmp_path: Path) -> None:
    # Each worker runs a preload that ends it at once: the cluster never starts.
    (preload := tmp_path / "no_workers.py").write_text('raise SystemExit("no workers")\n')
    result = run_process(
        "batch", "fixtures/profiles", "--jsonl", str(tmp_path / "all.jsonl"), "--dask", "local:2",
        env={"DASK_DISTRIBUTED__WORKER__PRELOAD": json.dumps([str(preload)])},
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "Error: local:2: cannot start a local cluster: Nanny failed to start. [dask-error]",
        "hint: check that this user can start Python processes here, or use --jobs",
    ]  # the workers' own output above it says why
    assert sorted(path.name for path in tmp_path.iterdir()) == ["no_workers.py"]


def test_an_unreachable_scheduler_is_one_error(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    with pytest.raises(cluster.ClusterError) as caught:
        list(cluster.outcomes([], Settings("utf-8", None, bytes, False), "tcp://127.0.0.1:9", 1))
    assert caught.value.code == "dask-error"
    assert caught.value.source == "tcp://127.0.0.1:9"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dask", "local:0"], "local:N wants a number of workers from 1 to 256"),
        (["--dask", "local:99999999"], "local:N wants a number of workers from 1 to 256"),
        (["--dask", "local:\u00b2"], "local:N wants a number of workers from 1 to 256"),
        (["--dask", "local:2", "--jobs", "2"], "--jobs and --dask: choose one"),
    ],
)
def test_dask_usage_mistakes(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_process("batch", "fixtures", "--jsonl", str(tmp_path / "o.jsonl"), *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_dask_bag_of_documents(dumps: Path) -> None:
    bag = scholarparse.dask.documents([str(dumps)], as_of="2026-11-22")
    items = bag.compute(scheduler="sync")
    sources = sorted(str(path) for path in dumps.rglob("*.txt"))
    assert len(items) == len(sources)
    failed = [item for item in items if isinstance(item, scholarparse.ScholarparseError)]
    assert [(error.source, error.code) for error in failed] == [
        (str(dumps / "broken.txt"), "binary-input")
    ]
    parsed = {item.source: item for item in items if not isinstance(item, Exception)}
    seed = str(dumps / "profiles" / "seed.txt")
    assert parsed[seed].to_dict() == scholarparse.parse_file(seed, as_of="2026-11-22").to_dict()
    assert json.dumps(parsed[seed].to_dict())  # a document, not a stand-in


def test_a_bad_scheduler_address_is_one_error_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_process("batch", "fixtures/profiles", "--jsonl", str(out), "--dask", "foo")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "Error: foo: not a scheduler's address: missing port number in address 'foo' [dask-error]"
    )
    assert os.listdir(tmp_path) == []  # no partial file left behind

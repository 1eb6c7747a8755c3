"""Unreadable files, as a user who is not root meets them.

Root reads a mode-000 file, so under root (as CI runs) each command runs in a forked child that
has become the unprivileged user ``nobody`` (uid 65534) first; under any other user it runs as
that user. Either way the file really cannot be read: nothing is mocked, and nothing skipped.
The child runs the command in process, as Click's runner does, so it needs no interpreter it
might not be allowed to open.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scholarparse.cli import cli
from tests.conftest import PROFILE_SEED, ROOT

NOBODY = 65534


@pytest.fixture
def readable_directory() -> Iterator[Path]:
    """A directory anyone may enter (pytest's own are root's alone), removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="scholarparse-permissions-"))
    directory.chmod(0o755)
    try:
        yield directory
    finally:
        _remove(directory)


def _remove(directory: Path) -> None:
    directory.chmod(0o755)
    for below, directories, files in os.walk(directory):  # top-down: opened before entered
        for name in directories:
            os.chmod(os.path.join(below, name), 0o755)
        for name in files:
            os.chmod(os.path.join(below, name), 0o644)
    shutil.rmtree(directory)


def run_unprivileged(directory: Path, *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``scholarparse ARGS`` run in ``directory`` by a user
    who is not root."""
    if os.geteuid() == 0:
        _import_what_the_command_needs(directory, args)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: drop root, run, report, and leave without running pytest's exit
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            os.chdir(directory)
            result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "120"})
            report = [result.exit_code, result.stdout, result.stderr, os.geteuid()]
            os.write(write_end, json.dumps(report).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        received = reader.read()
    os.waitpid(child, 0)
    exit_code, stdout, stderr, user = json.loads(received)
    assert user != 0, "the command must run as a user who is not root"
    return exit_code, stdout, stderr


def _import_what_the_command_needs(directory: Path, args: tuple[str, ...]) -> None:
    """Root runs the command first, on a copy of ``directory``, so that every module it needs
    is imported: the unprivileged child may not read the interpreter's own library (a pyenv
    under /root)."""
    for warm_up in (
        ["profile", str(PROFILE_SEED), "-f", "json"],
        ["parse", "-", "--encoding", "x"],
    ):
        CliRunner().invoke(cli, warm_up)
    scratch = Path(tempfile.mkdtemp()) / "copy"
    shutil.copytree(directory, scratch)  # the warm-up's writes land in the copy
    os.chdir(scratch)
    try:
        CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(ROOT)
        _remove(scratch.parent)


@pytest.mark.parametrize("command", ["profile", "abstracts", "parse", "detect", "render"])
def test_an_unreadable_file_is_permission_denied_for_every_command(
    readable_directory: Path, command: str
) -> None:
    dump = readable_directory / "x.txt"
    shutil.copyfile(PROFILE_SEED, dump)
    dump.chmod(0o000)
    exit_code, stdout, stderr = run_unprivileged(readable_directory, command, "x.txt")
    assert (exit_code, stdout) == (1, "")
    assert stderr == "Error: x.txt: permission denied [permission-denied]\n"


@pytest.mark.parametrize("jobs", ["1", "2"])  # two: the workers spool their lines (spool.py)
def test_unreadable_files_and_directories_in_a_batch_fail_alone(
    readable_directory: Path, jobs: str
) -> None:
    dumps = readable_directory / "dumps"
    (dumps / "locked").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "locked/c.txt"):
        shutil.copyfile(PROFILE_SEED, dumps / name)
    (dumps / "b.txt").chmod(0o000)
    (dumps / "locked").chmod(0o000)
    readable_directory.chmod(0o777)  # for the output file
    command = ["batch", "dumps", "--jsonl", "out.jsonl", "-q", "-j", jobs, "--as-of", "2026-11-22"]
    exit_code, _, stderr = run_unprivileged(readable_directory, *command)
    assert exit_code == 1
    assert stderr.splitlines()[:2] == [
        "Error: dumps/b.txt: permission denied [permission-denied]",
        "Error: dumps/locked: permission denied [permission-denied]",
    ]
    written = (readable_directory / "out.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["source"] for line in written] == ["dumps/a.txt"]
    assert sorted(path.name for path in readable_directory.iterdir()) == ["dumps", "out.jsonl"]


def test_an_unwritable_output_is_a_write_error(readable_directory: Path) -> None:
    shutil.copyfile(PROFILE_SEED, readable_directory / "x.txt")  # where the user can read it
    target = readable_directory / "out.json"
    target.write_text("kept\n")
    target.chmod(0o444)
    exit_code, _, stderr = run_unprivileged(
        readable_directory, "profile", "x.txt", "-o", "out.json"
    )
    assert exit_code == 1
    assert stderr.startswith("Error: out.json: cannot write: Permission denied")
    assert target.read_text() == "kept\n"


def test_a_database_the_user_cannot_write_is_a_write_error(readable_directory: Path) -> None:
    shutil.copyfile(PROFILE_SEED, readable_directory / "x.txt")
    target = readable_directory / "p.db"
    target.write_bytes(b"")
    target.chmod(0o444)
    exit_code, _, stderr = run_unprivileged(
        readable_directory, "batch", "x.txt", "--db", "p.db", "-q", "-j", "1"
    )
    assert exit_code == 1
    assert stderr == "Error: p.db: cannot write: Permission denied [write-error]\n"
    assert target.read_bytes() == b""

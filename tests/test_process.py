"""The console entry point as a real process: exit codes, closed and full outputs, pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import hostile
from tests.conftest import PROFILE_SEED, drain_terminal

COMMAND = [sys.executable, "-m", "scholarparse"]
MINIMAL = PROFILE_SEED.parent / "minimal-papers.txt"


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*COMMAND, *args], capture_output=True, timeout=60, **kwargs)  # type: ignore[call-overload, no-any-return]


def test_success_and_failure_codes(tmp_path: Path) -> None:
    assert run("profile", str(PROFILE_SEED), "-f", "json").returncode == 0
    missing = run("profile", str(tmp_path / "missing.txt"))
    assert missing.returncode == 1
    assert missing.stderr.decode().startswith("Error: ")
    assert run("profile", str(PROFILE_SEED), "--format", "nope").returncode == 2


@pytest.mark.parametrize(
    ("args", "source"),
    [
        (["parse", "/dev/zero"], "/dev/zero"),
        (["abstracts", "/dev/zero", "-f", "jsonl"], "/dev/zero"),
        (["batch", "/dev/zero", "--jsonl", "-"], "/dev/zero"),
        (["parse", "-"], "<stdin>"),  # with /dev/zero as stdin
    ],
)
def test_an_endless_device_is_binary_input_at_once(args: list[str], source: str) -> None:
    # A device never ends: read whole, it filled the memory (4 GB in 5 s). Its first NUL stops
    # it, as a file's does; a memory limit makes the old behaviour fail fast, not the machine.
    def limited() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    with open("/dev/zero", "rb") as zeros:
        result = subprocess.run(
            [*COMMAND, *args], stdin=zeros, capture_output=True, timeout=60, preexec_fn=limited
        )
    assert result.returncode == 1
    assert result.stderr.decode().startswith(
        f"Error: {source}:1: binary input: NUL character at offset 0; this is not a text dump "
        "[binary-input]\n"
    )


def test_stdin_from_a_terminal_ends_at_one_ctrl_d() -> None:
    # A terminal is a character device that ends, for each read, at a Ctrl-D: read whole.
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [*COMMAND, "parse", "-", "-f", "jsonl", "--as-of", "2026-11-22"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    os.write(controller, b"Abstract: typed at a terminal.\n\x04")  # one Ctrl-D, at a line start
    try:
        stdout, _ = process.communicate(timeout=30)
    finally:
        os.close(controller)
    assert process.returncode == 0
    assert [entry["text"] for entry in json.loads(stdout)["abstracts"]] == ["typed at a terminal."]


def test_a_wide_text_device_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A device's NUL stops it, but for text whose byte-order mark says it is UTF-16 or UTF-32.
    from scholarparse import api
    from scholarparse.errors import InputError

    monkeypatch.setattr(api.stat, "S_ISCHR", lambda mode: True)  # files read as devices are
    for codec in ("utf-16", "utf-16-be", "utf-32", "utf-32-be"):
        text = "\ufeffAbstract: wide." if codec.endswith("-be") else "Abstract: wide."
        (wide := tmp_path / f"{codec}.txt").write_bytes(text.encode(codec))
        assert api.read_file(wide) == text.encode(codec)
    (narrow := tmp_path / "utf-8.txt").write_bytes(b"Abstract: \x00")
    with pytest.raises(InputError, match="NUL character at offset 10"):
        api.read_file(narrow)


def test_a_full_disk_is_a_write_error_not_a_bug() -> None:
    with open("/dev/full", "w") as full:  # Linux: every write fails with ENOSPC
        result = subprocess.run(
            [*COMMAND, "profile", str(PROFILE_SEED), "-f", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        "Error: <stdout>: cannot write: No space left on device [write-error]"
    ]


def test_closed_stdout_is_a_write_error() -> None:
    result = subprocess.run(
        [*COMMAND, "profile", str(PROFILE_SEED), "-f", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert b"[write-error]" in result.stderr


def test_a_reader_that_leaves_early_ends_output_quietly() -> None:
    big = "\n".join(["Abstract: " + "word " * 50] * 20000)
    process = subprocess.Popen(
        [*COMMAND, "abstracts", "-", "-f", "jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdout.close()  # the reader is gone before the first byte is written
    process.stdin.write(big.encode())
    process.stdin.close()
    stderr = process.stderr.read() if process.stderr else b""
    assert process.wait(timeout=60) == 1
    assert b"Traceback" not in stderr


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv"])
def test_a_reader_that_leaves_mid_output_gets_exit_1(
    output_format: str, unbuffered: bool, tmp_path: Path
) -> None:
    """Unbuffered, Python's stdout would drop what a short write leaves, silently (exit 0)."""
    dump = tmp_path / "many.txt"
    dump.write_bytes(hostile.meta_like_lines(8 * 20_000))  # megabytes of output
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [*COMMAND, "profile", str(dump), "-q", "-f", output_format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    assert len(process.stdout.read(10)) == 10
    process.stdout.close()  # the reader leaves after the first bytes, as head does
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert stderr == b""


def test_non_utf8_locale_still_writes_utf8_json() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = run("profile", str(PROFILE_SEED), "-f", "json", env=env)
    assert result.returncode == 0
    assert "Michał Zając" in result.stdout.decode("utf-8")


def test_data_formats_on_a_terminal_escape_dump_controls(tmp_path: Path) -> None:
    import pty

    dump = tmp_path / "hostile.txt"
    dump.write_text("Abstract: clear \x1b[2J screen \u202egnp.exe \x9b1m\n", "utf-8")
    for output_format in ("json", "yaml", "csv"):
        primary, secondary = pty.openpty()
        process = subprocess.run(
            [*COMMAND, "abstracts", str(dump), "-f", output_format],
            stdout=secondary,
            stderr=subprocess.PIPE,
            timeout=60,
        )
        os.close(secondary)
        shown = drain_terminal(primary)
        assert process.returncode == 0
        assert b"\x1b" not in shown and "\u202e".encode() not in shown, output_format
        assert "\x9b".encode() not in shown, output_format
        assert b"\\u202e" in shown, output_format


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_to_stdout_whose_reader_leaves_ends_quietly(jobs: str) -> None:
    # As `scholarparse batch DIR --jsonl - | head -1`: the first line is read, then the pipe
    # closes. The batch ends with exit 1 and no word about it: the reader got what it asked.
    process = subprocess.Popen(
        [*COMMAND, "batch", str(PROFILE_SEED.parent.parent), "--jsonl", "-", "-q", "-j", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert first.startswith(b'{"kind":')  # more than a pipe holds follows it
    assert stderr == b""


def test_ris_on_a_terminal_shows_its_lines_not_escaped_carriage_returns() -> None:
    import pty

    primary, secondary = pty.openpty()
    process = subprocess.run(
        [*COMMAND, "profile", str(MINIMAL), "-f", "ris"],  # small: the terminal is read after
        stdout=secondary,
        stderr=subprocess.PIPE,
        timeout=60,
    )
    os.close(secondary)
    shown = drain_terminal(primary).decode("utf-8")
    assert process.returncode == 0
    assert "\\u000d" not in shown
    assert "TY  - UNPB" in shown.splitlines()[0]


def test_output_to_dev_stdout_when_it_is_a_pipe() -> None:
    """/dev/stdout resolves to "pipe:[N]", which is no file name: it is written through."""
    result = run("profile", str(MINIMAL), "-f", "json", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Lena Brandt"

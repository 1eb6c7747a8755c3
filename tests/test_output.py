"""Where output goes: files replaced whole, links followed, devices written through."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from scholarparse.errors import OutputError
from scholarparse.output import choose_format, write_file


def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_file(str(tmp_path / "new.json"), "{}\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644
    assert [path.name for path in tmp_path.iterdir()] == ["new.json"]  # no temporary left


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "old.json"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    write_file(str(target), "new")
    assert (target.read_text("utf-8"), stat.S_IMODE(target.stat().st_mode)) == ("new", 0o640)


def test_a_symlink_stays_and_its_target_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", "utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_file(str(link), "new")
    assert link.is_symlink()
    assert real.read_text("utf-8") == "new"


def test_a_pipe_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text("utf-8")))
    reader.start()
    write_file(str(fifo), "through the pipe")
    reader.join(timeout=10)
    assert received == ["through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_missing_directory_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_file(str(tmp_path / "missing" / "out.json"), "{}")
    assert caught.value.code == "write-error"
    assert str(caught.value).endswith("cannot write: No such file or directory [write-error]")


@pytest.mark.parametrize(
    ("requested", "path", "terminal", "chosen"),
    [
        ("yaml", "out.csv", False, "yaml"),
        (None, "out.CSV", False, "csv"),
        (None, "out.ndjson", False, "jsonl"),
        (None, "out.yml", False, "yaml"),
        (None, "out.txt", False, "table"),
        (None, "out.data", False, "json"),
        (None, None, True, "table"),
        (None, None, False, "json"),
    ],
)
def test_choose_format(
    requested: str | None, path: str | None, terminal: bool, chosen: str
) -> None:
    assert choose_format(requested, path, terminal) == chosen

"""Streaming an abstract-only dump: the very bytes, warnings and errors of the in-memory path."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from scholarparse import streaming
from scholarparse.api import parse_file
from scholarparse.cli import cli
from scholarparse.errors import ScholarparseError
from tests.conftest import FIXTURES

ABSTRACT_FIXTURES = sorted((FIXTURES / "abstracts").glob("*.txt"))


def in_memory(path: Path) -> str:
    document = parse_file(path, kind="abstracts").to_dict()
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def streamed(path: Path) -> str:
    out = io.StringIO()
    streaming.stream_abstracts_jsonl(str(path), out.write)
    return out.getvalue()


@pytest.mark.parametrize("chunk_bytes", [1, 7, 64, 1 << 20])
@pytest.mark.parametrize("case", ABSTRACT_FIXTURES, ids=lambda path: path.stem)
def test_streaming_writes_the_in_memory_bytes(
    case: Path, chunk_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "CHUNK_BYTES", chunk_bytes)
    assert streamed(case) == in_memory(case)


def test_the_seed_streams_its_ten_abstracts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "CHUNK_BYTES", 100)
    document = json.loads(streamed(FIXTURES / "abstracts/seed.txt"))
    assert [entry["line"] for entry in document["abstracts"]] == [1, 2, 3, 4, 5, 7, 12, 17, 22, 27]


_PIECES = st.sampled_from(
    [
        "Abstract:",
        "Abstract: ",
        "  Abstract:",
        "text",
        "more words",
        "é",
        "e\u0301",
        "\ufeff",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "   ",
        "\t",
        "\u00a0",
        "\u2028",
        "81.8CLMay 29Code",
        "h-index5",
    ]
)


@given(pieces=st.lists(_PIECES, max_size=40), chunk_bytes=st.integers(1, 12))
def test_any_text_streams_as_it_parses(
    pieces: list[str], chunk_bytes: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("stream") / "dump.txt"
    path.write_text("".join(pieces), "utf-8", newline="")
    streaming.CHUNK_BYTES, saved = chunk_bytes, streaming.CHUNK_BYTES
    try:
        try:
            expected = in_memory(path)
        except ScholarparseError as error:
            with pytest.raises(ScholarparseError) as raised:
                streamed(path)
            assert str(raised.value) == str(error)
            return
        assert streamed(path) == expected
    finally:
        streaming.CHUNK_BYTES = saved


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"  \n\n",
        b"Abstract: one\n\xff\xfe broken\n",
        b"Abstract: one\nAbstract: two\x00\n",
        b"Abstract: caf\xc3",
        "\ufeffAbstract: utf-16 text\r\nAbstract: two".encode("utf-16"),
        b"Nino Scherrer\n\nh-index75\n\n81.8CLMay 29Code\nTitle\n",
        b"bad \xff first, then a NUL later\n" + b"x" * 50 + b"\x00",
    ],
)
@pytest.mark.parametrize("chunk_bytes", [3, 1 << 20])
def test_errors_are_those_of_the_in_memory_path_and_come_first(
    data: bytes, chunk_bytes: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "CHUNK_BYTES", chunk_bytes)
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    try:
        expected = in_memory(path)
    except ScholarparseError as error:
        written: list[str] = []
        with pytest.raises(ScholarparseError) as raised:
            streaming.stream_abstracts_jsonl(str(path), written.append)
        assert (str(raised.value), raised.value.cli_hint) == (str(error), error.cli_hint)
        assert written == []
    else:
        assert streamed(path) == expected


def test_the_command_streams_and_reports_warnings(tmp_path: Path) -> None:
    case = FIXTURES / "abstracts/empty-entry.txt"
    result = CliRunner().invoke(cli, ["abstracts", str(case), "--format", "jsonl"])
    assert result.exit_code == 0
    assert result.stdout == in_memory(case)
    assert f"{case}:2: warning: abstract 2 has no text [empty-abstract]" in result.stderr
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["abstracts", str(case), "-o", str(out), "--strict", "-q"])
    assert result.exit_code == 1  # --strict: there were warnings
    assert out.read_text("utf-8") == in_memory(case)
    assert result.stderr == ""


def test_a_profile_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n", "utf-8")
    result = CliRunner().invoke(
        cli, ["abstracts", str(FIXTURES / "profiles/seed.txt"), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "[wrong-layout]" in result.stderr
    assert out.read_text("utf-8") == "kept\n"

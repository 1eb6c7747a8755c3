"""The command line through Click's runner: exit codes, stdout and stderr checked apart."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

import scholarparse.api
from scholarparse.cli import cli
from tests.conftest import ABSTRACTS_SEED, PROFILE_SEED

AS_OF = ["--as-of", "2026-11-22"]


def run(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env={"COLUMNS": "120"})


def error_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


# --- success --------------------------------------------------------------------------------


def test_profile_json_is_the_document() -> None:
    result = run("profile", str(PROFILE_SEED), "--format", "json", *AS_OF)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["name"] == "Nino Scherrer"
    assert document["metrics"]["citations"] == 875
    assert [paper["index"] for paper in document["papers"]] == list(range(1, 21))
    assert result.stderr == ""


def test_json_is_utf8_not_ascii_escaped() -> None:
    result = run("profile", str(PROFILE_SEED), "-f", "json", *AS_OF)
    assert "Michał Zając" in result.stdout
    assert "\\u0142" not in result.stdout


def test_default_format_off_a_terminal_is_json() -> None:
    result = run("abstracts", str(ABSTRACTS_SEED))
    assert json.loads(result.stdout)["kind"] == "abstracts"


def test_stdin_dash() -> None:
    result = run("profile", "-", "-f", "json", *AS_OF, input=PROFILE_SEED.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == "<stdin>"


def test_parse_detects_each_file_and_lists_several() -> None:
    result = run("parse", str(PROFILE_SEED), str(ABSTRACTS_SEED), "-f", "json", *AS_OF)
    assert result.exit_code == 0
    documents = json.loads(result.stdout)
    assert [document["kind"] for document in documents] == ["profile", "abstracts"]


def test_parse_one_file_gives_the_document_itself() -> None:
    result = run("parse", str(ABSTRACTS_SEED), "-f", "json")
    assert json.loads(result.stdout)["kind"] == "abstracts"


def test_parse_jsonl_gives_one_document_per_line() -> None:
    result = run("parse", str(PROFILE_SEED), str(ABSTRACTS_SEED), "-f", "jsonl", *AS_OF)
    lines = result.stdout.splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["profile", "abstracts"]


def test_yaml_loads_back_equal_to_json() -> None:
    as_json = json.loads(run("profile", str(PROFILE_SEED), "-f", "json", *AS_OF).stdout)
    as_yaml = yaml.safe_load(run("profile", str(PROFILE_SEED), "-f", "yaml", *AS_OF).stdout)
    assert as_yaml == as_json


def test_csv_has_one_row_per_paper() -> None:
    result = run("profile", str(PROFILE_SEED), "-f", "csv", *AS_OF)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 20
    assert rows[0]["name"] == "Nino Scherrer"
    assert rows[0]["h_index"] == "75"
    assert rows[0]["authors"] == "Maty Bohacek; Nino Scherrer; Nicholas Dufour"
    assert rows[0]["authors_truncated"] == "true"
    assert rows[11]["affiliations"] == "deepmind; oxford"
    assert rows[15]["date"] == "2024-10-24"


def test_csv_refuses_mixed_layouts_as_a_usage_error() -> None:
    result = run("parse", str(PROFILE_SEED), str(ABSTRACTS_SEED), "-f", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_table_shows_header_and_papers() -> None:
    result = run("profile", str(PROFILE_SEED), "-f", "table", *AS_OF)
    assert result.exit_code == 0
    assert "Nino Scherrer" in result.stdout
    assert "h-index 75" in result.stdout
    assert "2024-10-24" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes


def test_output_file_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run("profile", str(PROFILE_SEED), "-o", str(target), *AS_OF)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text("utf-8"))["declared_paper_count"] == 20
    assert [path.name for path in tmp_path.iterdir()] == ["out.json"]


def test_output_file_untouched_when_the_input_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous", "utf-8")
    result = run("profile", str(tmp_path / "missing.txt"), "-o", str(target))
    assert result.exit_code == 1
    assert target.read_text("utf-8") == "previous"


# --- warnings -------------------------------------------------------------------------------

WARNED = "Ada Lovelace\n\nFollowers12\n\nLGMay 2, 2024\nA title\n\nA. Author\n"


def test_warning_names_file_line_and_code(tmp_path: Path) -> None:
    dump = tmp_path / "warned.txt"
    dump.write_text(WARNED, "utf-8")
    result = run("profile", str(dump), "-f", "json")
    assert result.exit_code == 0
    assert error_lines(result) == [
        f"{dump}:3: warning: header line not recognised: 'Followers12' [unknown-header-line]"
    ]
    assert json.loads(result.stdout)["extra"] == [{"line": 3, "text": "Followers12"}]


def test_strict_turns_warnings_into_exit_1_and_quiet_silences_them(tmp_path: Path) -> None:
    dump = tmp_path / "warned.txt"
    dump.write_text(WARNED, "utf-8")
    result = run("profile", str(dump), "-f", "json", "--strict", "--quiet")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout)["name"] == "Ada Lovelace"


# --- errors ---------------------------------------------------------------------------------


def assert_one_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1
    lines = error_lines(result)
    assert 1 <= len(lines) <= 2, lines
    assert lines[0].startswith("Error: ")
    assert len(lines) == 1 or lines[1].startswith("hint: ")
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert_one_error(run("profile", str(missing)), f"{missing}: no such file [file-not-found]")


def test_directory(tmp_path: Path) -> None:
    assert_one_error(run("profile", str(tmp_path)), "is a directory", "[is-a-directory]")


def test_permission_denied(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Tests may run as root, who can read a mode-000 file; fail the open itself instead.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(scholarparse.api, "open", refuse, raising=False)
    assert_one_error(run("profile", str(PROFILE_SEED)), "permission denied [permission-denied]")


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n\xc2\xa0\n"], ids=["empty", "whitespace"])
def test_empty_input(tmp_path: Path, content: bytes) -> None:
    dump = tmp_path / "empty.txt"
    dump.write_bytes(content)
    assert_one_error(run("parse", str(dump)), "[empty-input]")


def test_binary_input(tmp_path: Path) -> None:
    dump = tmp_path / "image.txt"
    dump.write_bytes(b"Nino\nh-index75\x00\x01\x02")
    assert_one_error(run("profile", str(dump)), f"{dump}:2:", "NUL", "[binary-input]")


def test_undecodable_bytes_name_the_offset_and_suggest_encoding(tmp_path: Path) -> None:
    dump = tmp_path / "latin.txt"
    dump.write_bytes(b"Ren\xe9 Descartes\nh-index9\n")
    result = run("profile", str(dump))
    assert_one_error(result, f"{dump}:1:", "0xe9 at offset 3", "[decode-error]", "--encoding")


def test_explicit_encoding_decodes_it(tmp_path: Path) -> None:
    dump = tmp_path / "latin.txt"
    dump.write_bytes(b"Ren\xe9 Descartes\nh-index9\n")
    result = run("profile", str(dump), "--encoding", "latin-1", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["name"] == "René Descartes"


def test_undetectable_layout_says_what_it_looked_for(tmp_path: Path) -> None:
    dump = tmp_path / "notes.txt"
    dump.write_text("shopping list\neggs\n", "utf-8")
    assert_one_error(run("parse", str(dump)), "Abstract:", "h-index75", "[unknown-layout]")


def test_profile_given_an_abstract_dump() -> None:
    result = run("profile", str(ABSTRACTS_SEED))
    assert_one_error(result, "abstract-only dump, not a profile dump", "[wrong-layout]")


def test_abstracts_given_a_profile_dump() -> None:
    result = run("abstracts", str(PROFILE_SEED))
    assert_one_error(result, "profile dump, not an abstract-only dump", "[wrong-layout]")


def test_parse_reports_a_bad_file_and_keeps_the_good(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("parse", str(ABSTRACTS_SEED), str(missing), "-f", "jsonl")
    assert result.exit_code == 1
    assert [json.loads(line)["kind"] for line in result.stdout.splitlines()] == ["abstracts"]
    assert error_lines(result) == [f"Error: {missing}: no such file [file-not-found]"]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("profile", str(tmp_path / "missing.txt"), "--debug")
    assert isinstance(result.exception, scholarparse.InputError)


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "nope"],
        ["--as-of", "yesterday"],
        ["--encoding", "klingon"],
        ["--no-such-option"],
    ],
)
def test_usage_mistakes_exit_2(args: list[str]) -> None:
    result = run("profile", str(PROFILE_SEED), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_output_suffix_chooses_the_format(tmp_path: Path) -> None:
    target = tmp_path / "papers.csv"
    result = run("profile", str(PROFILE_SEED), "-o", str(target), *AS_OF)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert len(rows) == 20


def test_output_into_a_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.json"
    result = run("profile", str(PROFILE_SEED), "-o", str(target))
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: {target}: cannot write: No such file or directory [write-error]"
    ]


def test_stdin_can_be_named_once() -> None:
    result = run("parse", "-", "-", input=b"Abstract: x")
    assert result.exit_code == 2


def test_text_to_text_codecs_are_not_encodings() -> None:
    result = run("profile", str(PROFILE_SEED), "--encoding", "rot13")
    assert result.exit_code == 2
    assert "unknown text encoding" in result.stderr


def test_as_of_from_the_environment() -> None:
    result = CliRunner().invoke(
        cli, ["profile", str(PROFILE_SEED), "-f", "json"], env={"SCHOLARPARSE_AS_OF": "2025-01-01"}
    )
    assert json.loads(result.stdout)["papers"][0]["date"] == "2024-05-29"


def test_impossible_as_of_date_says_so() -> None:
    result = run("profile", str(PROFILE_SEED), "--as-of", "2026-02-30")
    assert result.exit_code == 2
    assert "'2026-02-30' is not a real date" in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"scholarparse, version {scholarparse.__version__}"


def test_schema_command_prints_the_shipped_schema() -> None:
    result = run("schema", "profile")
    assert json.loads(result.stdout)["properties"]["kind"] == {"const": "profile"}


def test_detect_command_gives_the_evidence() -> None:
    result = run("detect", str(PROFILE_SEED), str(ABSTRACTS_SEED))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        f"{PROFILE_SEED}: profile, utf-8 (line 12: paper meta line '81.8CLMay 29Code'"
    )
    assert lines[1].startswith(f"{ABSTRACTS_SEED}: abstracts, utf-8 (line 1: 'Abstract:' marker")


def test_detect_reports_the_encoding_it_found(tmp_path: Path) -> None:
    dump = tmp_path / "latin1.txt"
    dump.write_bytes("Zoë Abernathy\n\nh-index3\n".encode("latin-1"))
    result = run("detect", str(dump))
    assert result.stdout == (
        f"{dump}: profile, windows-1252 (line 3: header h_index 'h-index3'; line 1: not UTF-8)\n"
    )
    assert result.exit_code == 0


def test_completion_script() -> None:
    result = run("completion", "bash")
    assert result.exit_code == 0
    assert "_SCHOLARPARSE_COMPLETE" in result.stdout


# --- no output replaces an input ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["profile", "victim.txt", "-o", "victim.txt", "-f", "json"],
        ["parse", "other.txt", "./link-to-victim.txt", "-o", "victim.txt"],
        ["abstracts", "victim.txt", "-o", "hard-link.txt", "-f", "jsonl"],  # the streamed path
        ["abstracts", "victim.txt", "-o", "victim.txt", "-f", "yaml"],
        ["render", "victim.txt", "-o", "./victim.txt"],
    ],
    ids=[
        "profile",
        "parse-through-a-symlink",
        "abstracts-streamed-hard-link",
        "abstracts",
        "render",
    ],
)
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    dump = tmp_path / "victim.txt"
    dump.write_bytes((ABSTRACTS_SEED if command[0] == "abstracts" else PROFILE_SEED).read_bytes())
    (tmp_path / "other.txt").write_bytes(PROFILE_SEED.read_bytes())
    (tmp_path / "link-to-victim.txt").symlink_to(dump)
    (tmp_path / "hard-link.txt").hardlink_to(dump)
    before = dump.read_bytes()
    result = run(*command)
    assert result.exit_code == 1
    written = command[command.index("-o") + 1]
    assert error_lines(result) == [
        f"Error: {written}: the output would replace an input [unsafe-output-path]",
        "hint: write the document to another file",
    ]
    assert result.stdout == ""
    assert dump.read_bytes() == before


def test_an_output_that_is_a_device_is_written_through_even_when_read_too() -> None:
    # /dev/null is no regular file: nothing to lose, so reading and writing it is allowed.
    result = run("parse", "/dev/null", "-o", "/dev/null")
    assert error_lines(result) == ["Error: /dev/null: the input is empty [empty-input]"]


def test_as_of_mtime_takes_each_files_modification_date(tmp_path: Path) -> None:
    dump = tmp_path / "saved.txt"
    dump.write_text("Ann Lee\n\nh-index3\n\nCLDec 3\nT\n\nAnn Lee, Bo Li\n", "utf-8")
    saved = dt.datetime(2025, 6, 1, 12, 0).timestamp()  # local noon: the same date anywhere
    os.utime(dump, (saved, saved))
    document = json.loads(run("profile", str(dump), "--as-of", "mtime", "-f", "json").stdout)
    # Dec 3 without a year, in a copy saved on 2025-06-01: the Dec 3 before it
    assert (document["as_of"], document["papers"][0]["date"]) == ("2025-06-01", "2024-12-03")
    batch = run("batch", str(dump), "--jsonl", "-", "--as-of", "mtime", "-q")
    assert json.loads(batch.stdout)["as_of"] == "2025-06-01"
    piped = run("profile", "-", "--as-of", "mtime", "-f", "json", input=dump.read_bytes())
    assert json.loads(piped.stdout)["as_of"] == dt.date.today().isoformat()  # stdin: today

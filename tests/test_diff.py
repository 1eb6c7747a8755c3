"""diff: two copies of a profile against the changes written down by hand beside them
(fixtures/diff/*/expected.json, from reading the two dumps, never from running the tool)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import scholarparse
from scholarparse.cli import cli
from tests.conftest import FIXTURES, PROFILE_SEED

CASES = sorted(path.parent for path in (FIXTURES / "diff").glob("*/expected.json"))


def _expected(case: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((case / "expected.json").read_text("utf-8"))
    return loaded


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def _diff_of(case: Path, *extra: str) -> dict[str, Any]:
    expected = _expected(case)
    result = _run(
        "diff",
        str(case / "old.txt"),
        str(case / "new.txt"),
        "--old-as-of",
        expected["old_as_of"],
        "--new-as-of",
        expected["new_as_of"],
        "-f",
        "json",
        *extra,
    )
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_there_are_cases() -> None:
    assert {case.name for case in CASES} >= {"seed-a-year-on", "unseen", "no-change"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_change_is_found_and_no_other(case: Path) -> None:
    expected = _expected(case)
    document = _diff_of(case)
    papers = document["papers"]
    assert document["name"] == expected["name"]
    assert document["metrics"] == expected["metrics"]
    assert papers["added"] == expected["added"]
    assert papers["removed"] == expected["removed"]
    assert [
        {"old_index": c["old_index"], "new_index": c["new_index"], "fields": sorted(c["fields"])}
        for c in papers["changed"]
    ] == expected["changed"]
    assert papers["unchanged"] == expected["unchanged"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_diff_validates_against_the_shipped_schema(case: Path) -> None:
    schema = json.loads(_run("schema", "profile-diff").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_diff_of(case)))
    assert errors == []


def test_the_values_of_a_change_are_those_of_each_copy() -> None:
    document = _diff_of(FIXTURES / "diff" / "seed-a-year-on")
    by_old = {change["old_index"]: change for change in document["papers"]["changed"]}
    assert by_old[9]["fields"] == {"score": {"old": 64.3, "new": None}}
    assert by_old[3]["fields"] == {"has_code": {"old": False, "new": True}}
    title = by_old[13]["fields"]["title"]
    assert title["old"].startswith("Review, Refine, Repeat:")
    assert title["new"] == "On the Role of Feedback in Test-Time Scaling of Agentic AI Workflows"
    abstract = by_old[2]["fields"]["abstract"]
    assert 0.2 < abstract["similarity"] < 1.0
    assert document["old"] == {
        "source": str(FIXTURES / "diff" / "seed-a-year-on" / "old.txt"),
        "as_of": "2025-12-20",
    }


def test_one_date_written_two_ways_is_no_change() -> None:
    """`Dec 9` in the copy of 2025-12-20 and `Dec 9, 2025` in that of 2026-11-22."""
    case = FIXTURES / "diff" / "seed-a-year-on"
    assert "CLDec 9\n" in (case / "old.txt").read_text("utf-8")
    assert "Dec 9, 2025" in (case / "new.txt").read_text("utf-8")
    changed = _diff_of(case)["papers"]["changed"]
    assert all("date" not in change["fields"] for change in changed)


def test_the_same_dumps_read_against_one_date_show_the_trap() -> None:
    """Read with one --as-of (2026-11-22) for both, `Dec 9` in the old copy is 2025-12-09
    still; but `Jan 23` (2025 in the old copy) becomes 2026-01-23: a false change, which is
    why each copy needs its own date."""
    case = FIXTURES / "diff" / "seed-a-year-on"
    result = _run("diff", str(case / "old.txt"), str(case / "new.txt"), "--as-of", "2026-11-22")
    dates = [
        change["fields"]["date"]
        for change in json.loads(result.stdout)["papers"]["changed"]
        if "date" in change["fields"]
    ]
    assert {"old": "2026-01-23", "new": "2025-01-23"} in dates


def test_exit_code_says_whether_the_copies_differ() -> None:
    case = FIXTURES / "diff" / "seed-a-year-on"
    differs = _run("diff", str(case / "old.txt"), str(case / "new.txt"), "--exit-code", "-q")
    assert differs.exit_code == 1
    same = FIXTURES / "diff" / "no-change"
    equal = _run(
        "diff", str(same / "old.txt"), str(same / "new.txt"), "--exit-code", "--as-of", "2026-11-29"
    )
    assert equal.exit_code == 0, equal.output
    without = _run("diff", str(case / "old.txt"), str(case / "new.txt"), "-q")
    assert without.exit_code == 0


def test_a_document_parse_wrote_carries_its_own_as_of(tmp_path: Path) -> None:
    case = FIXTURES / "diff" / "seed-a-year-on"
    old_json = tmp_path / "old.json"
    parsed = _run("profile", str(case / "old.txt"), "--as-of", "2025-12-20", "-o", str(old_json))
    assert parsed.exit_code == 0
    document = json.loads(
        _run("diff", str(old_json), str(case / "new.txt"), "--as-of", "2026-11-22").stdout
    )
    # The document names the dump it was parsed from, which its line numbers refer to.
    assert document["old"] == {"source": str(case / "old.txt"), "as_of": "2025-12-20"}
    by_dump = _diff_of(case)
    assert document["papers"] == by_dump["papers"]
    assert document["metrics"] == by_dump["metrics"]


def test_the_library_call_returns_typed_records() -> None:
    case = FIXTURES / "diff" / "unseen"
    old = scholarparse.parse_file(case / "old.txt", as_of="2026-03-01")
    new = scholarparse.parse_file(case / "new.txt", as_of="2026-10-15")
    assert isinstance(old, scholarparse.ProfileDocument)
    assert isinstance(new, scholarparse.ProfileDocument)
    result = scholarparse.diff(old, new)
    assert result.differs
    assert [paper.index for paper in result.added] == [1, 4, 9]
    assert dict(result.metrics)["h_index"].to_dict() == {"old": 14, "new": 16, "delta": 2}
    assert not scholarparse.diff(new, new).differs


def test_the_table_shows_deltas_with_signs_and_what_changed() -> None:
    case = FIXTURES / "diff" / "seed-a-year-on"
    result = _run(
        "diff",
        str(case / "old.txt"),
        str(case / "new.txt"),
        "--old-as-of",
        "2025-12-20",
        "--new-as-of",
        "2026-11-22",
        "-f",
        "table",
    )
    lines = result.stdout.splitlines()
    assert "h-index: 68 → 75 (+7)" in lines
    assert "novelty %: 54 → 52 (-2)" in lines
    assert "    has_code: no → yes" in lines
    assert "unchanged: 12" in lines


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        ("fixtures/abstracts/seed.txt", "fixtures/profiles/seed.txt", "wrong-layout"),
        ("fixtures/profiles/seed.txt", "fixtures/no-such-file.txt", "file-not-found"),
    ],
)
def test_bad_inputs_get_one_line_and_exit_1(first: str, second: str, code: str) -> None:
    root = Path(__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "scholarparse", "diff", first, second],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].endswith(f"[{code}]")
    assert "Traceback" not in result.stderr


def test_a_document_of_another_kind_is_refused(tmp_path: Path) -> None:
    abstracts = tmp_path / "a.json"
    _run("abstracts", "fixtures/abstracts/seed.txt", "-o", str(abstracts))
    result = _run("diff", str(abstracts), str(PROFILE_SEED))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {abstracts}: this is an abstracts document, not a profile document [wrong-layout]"
    )


def test_csv_cannot_hold_a_diff_and_says_what_can(tmp_path: Path) -> None:
    result = _run("diff", str(PROFILE_SEED), str(PROFILE_SEED), "-f", "csv")
    assert result.exit_code == 2
    assert "'csv' is not one of 'table', 'json', 'jsonl', 'yaml'" in result.stderr
    by_suffix = _run("diff", str(PROFILE_SEED), str(PROFILE_SEED), "-o", str(tmp_path / "d.csv"))
    assert by_suffix.exit_code == 2
    assert "csv cannot hold a profile-diff document; use json [unsupported-format]" in (
        by_suffix.stderr
    )

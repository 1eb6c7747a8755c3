"""link: every abstract entry against the paper it came from, written down by hand beside the
dumps (fixtures/link/*/expected.json), and the seeds' facts from the issue."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

import scholarparse
from scholarparse.cli import cli
from scholarparse.match import TextIndex, normalise
from tests.conftest import ABSTRACTS_SEED, FIXTURES, PROFILE_SEED, ROOT

CASES = sorted(path.parent for path in (FIXTURES / "link").glob("*/expected.json"))


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _links(*args: str) -> dict[str, Any]:
    result = _run("link", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _expected(case: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((case / "expected.json").read_text("utf-8"))
    return loaded


def test_the_seeds_link_as_the_issue_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries 1, 2, 3, 4, 7, 8, 9 identical to papers 9, 11, 17, 13, 16, 12, 4; entry 5
    revised from paper 15, 6 from 14, 10 from 3; no entry linked to a wrong paper."""
    monkeypatch.chdir(ROOT)
    document = _links(
        "fixtures/abstracts/seed.txt", "fixtures/profiles/seed.txt", "--as-of", "2026-11-22"
    )
    found = {
        link["abstract_index"]: (link["relation"], link["paper"]["index"])
        for link in document["links"]
    }
    assert found == {
        1: ("identical", 9),
        2: ("identical", 11),
        3: ("identical", 17),
        4: ("identical", 13),
        5: ("revised", 15),
        6: ("revised", 14),
        7: ("identical", 16),
        8: ("identical", 12),
        9: ("identical", 4),
        10: ("revised", 3),
    }
    assert document["summary"] == {"identical": 7, "revised": 3, "unmatched": 0}
    assert document["links"][0]["paper"] == {
        "source": "fixtures/profiles/seed.txt",
        "index": 9,
        "line": 68,
        "title": "Emergent temporal abstractions in autoregressive models enable hierarchical "
        "reinforcement learning",
    }


def test_entry_5_is_a_revision_characters_alone_would_miss() -> None:
    """The issue's hard case: a difflib ratio of 0.07, found by the rare words it shares."""
    import difflib

    profile = scholarparse.parse_file(PROFILE_SEED, as_of="2026-11-22")
    abstracts = scholarparse.parse_file(ABSTRACTS_SEED)
    assert isinstance(profile, scholarparse.ProfileDocument)
    assert isinstance(abstracts, scholarparse.AbstractsDocument)
    paper, entry = profile.papers[14].abstract or "", abstracts.abstracts[4].text
    assert difflib.SequenceMatcher(None, paper, entry).ratio() < 0.1
    link = scholarparse.link(abstracts, [profile]).links[4]
    assert (link.relation, link.paper and link.paper.index) == ("revised", 15)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_entry_links_as_written_down(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    expected = _expected(case)
    document = _links(expected["abstracts"], *expected["profiles"], "--as-of", expected["as_of"])
    assert len(document["links"]) == len(expected["links"])
    for link, want in zip(document["links"], expected["links"], strict=True):
        paper = link["paper"]
        got = {
            "entry": link["abstract_index"],
            "relation": link["relation"],
            "profile": paper and paper["source"],
            "paper": paper and paper["index"],
            "also_in": [
                {"profile": place["source"], "paper": place["index"]} for place in link["also_in"]
            ],
        }
        assert got == {
            "entry": want["entry"],
            "relation": want["relation"],
            "profile": want.get("profile"),
            "paper": want.get("paper"),
            "also_in": want.get("also_in", []),
        }, want.get("how")


def test_the_cases_hold_each_kind_of_entry() -> None:
    relations = [link["relation"] for case in CASES for link in _expected(case)["links"]]
    assert len(CASES) >= 2
    assert {relation: relations.count(relation) for relation in set(relations)} == {
        "identical": 8,
        "revised": 19,
        "unmatched": 13,
    }


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_links_validate_against_the_shipped_schema(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    expected = _expected(case)
    schema = json.loads(_run("schema", "links").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    document = _links(expected["abstracts"], *expected["profiles"], "--as-of", expected["as_of"])
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []


def test_a_database_is_searched_like_the_profiles_it_holds(tmp_path: Path) -> None:
    case = FIXTURES / "link" / "unseen"
    database = tmp_path / "papers.db"
    converted = _run(
        "batch", str(case / "profile.txt"), str(case / "coauthor.txt"), "--db", str(database)
    )
    assert converted.exit_code == 0, converted.output
    by_db = _links(str(case / "abstracts.txt"), "--db", str(database))
    by_files = _links(
        str(case / "abstracts.txt"), str(case / "profile.txt"), str(case / "coauthor.txt")
    )
    assert by_db["profiles"] == str(database)
    assert [link["relation"] for link in by_db["links"]] == [
        link["relation"] for link in by_files["links"]
    ]
    # The database lists files by path; coauthor.txt sorts first, so shared papers are found
    # there first and profile.txt is where they are also.
    shared = by_db["links"][5]
    assert shared["paper"]["source"] == str(case / "coauthor.txt")
    assert shared["also_in"] == [{"source": str(case / "profile.txt"), "index": 7}]


def test_documents_parse_wrote_link_as_their_dumps_do(tmp_path: Path) -> None:
    abstracts, profile = tmp_path / "a.json", tmp_path / "p.json"
    _run("abstracts", str(ABSTRACTS_SEED), "-o", str(abstracts))
    _run("profile", str(PROFILE_SEED), "--as-of", "2026-11-22", "-o", str(profile))
    by_documents = _links(str(abstracts), str(profile))
    by_dumps = _links(str(ABSTRACTS_SEED), str(PROFILE_SEED), "--as-of", "2026-11-22")
    assert by_documents["links"] == by_dumps["links"]


def test_jsonl_is_one_link_a_line_and_csv_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ("link", "fixtures/abstracts/seed.txt", "fixtures/profiles/seed.txt")
    lines = _run(*args, "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["abstract_index"] for line in lines] == list(range(1, 11))
    rows = _run(*args, "-f", "csv").stdout.splitlines()
    assert len(rows) == 11
    assert rows[0].startswith("abstracts,abstract_index,abstract_line,relation,similarity,")
    assert rows[5].split(",")[:4] == ["fixtures/abstracts/seed.txt", "5", "5", "revised"]


def test_the_table_shows_entry_relation_similarity_title(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = _run(
        "link", "fixtures/abstracts/seed.txt", "fixtures/profiles/seed.txt", "-f", "table"
    )
    text = result.stdout
    assert "fixtures/abstracts/seed.txt: 7 identical, 3 revised, 0 unmatched" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("9 "))
    assert row.split()[:4] == ["9", "identical", "1.00", "#4:"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((str(PROFILE_SEED), str(PROFILE_SEED)), "wrong-layout"),
        ((str(ABSTRACTS_SEED), str(ABSTRACTS_SEED)), "wrong-layout"),
        ((str(ABSTRACTS_SEED), "no-such-profile.txt"), "file-not-found"),
        ((str(ABSTRACTS_SEED), "--db", "no-such.db"), "file-not-found"),
    ],
)
def test_bad_inputs_get_one_line_and_exit_1(args: tuple[str, ...], code: str) -> None:
    result = _run("link", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert result.stderr.splitlines()[0].endswith(f"[{code}]")


def test_a_profile_given_as_abstracts_says_the_order() -> None:
    result = _run("link", str(PROFILE_SEED), str(PROFILE_SEED))
    assert result.stderr.splitlines()[1] == (
        "hint: link takes the abstract-only dump first, then the profiles"
    )


def test_a_json_document_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    _run("profile", str(PROFILE_SEED), "-o", str(profile))
    result = _run("link", str(profile), str(PROFILE_SEED))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {profile}: this is a profile document, not an abstracts document [wrong-layout]"
    )


def test_a_file_that_is_not_a_database_is_bad_database(tmp_path: Path) -> None:
    result = _run("link", str(ABSTRACTS_SEED), "--db", str(PROFILE_SEED))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith("[bad-database]")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("PRAGMA user_version = 7").connection.close()
    result = _run("link", str(ABSTRACTS_SEED), "--db", str(other))
    assert result.stderr.splitlines()[0].endswith("(schema version 7) [bad-database]")


def test_profiles_and_db_are_one_or_the_other() -> None:
    neither = _run("link", str(ABSTRACTS_SEED))
    both = _run("link", str(ABSTRACTS_SEED), str(PROFILE_SEED), "--db", "x.db")
    assert (neither.exit_code, both.exit_code) == (2, 2)
    assert "give PROFILE files or --db, one of the two" in neither.stderr


def test_a_stricter_threshold_leaves_the_weakest_revision_unmatched() -> None:
    document = _links(str(ABSTRACTS_SEED), str(PROFILE_SEED), "--min-similarity", "0.3")
    assert document["links"][4]["relation"] == "unmatched"
    assert document["links"][4]["runner_up"]["index"] == 15
    assert document["summary"] == {"identical": 7, "revised": 2, "unmatched": 1}


def test_two_papers_about_equally_close_are_left_unmatched_with_a_warning() -> None:
    abstracts_of_papers = [
        "The Zorvex method improves Qentil results.",
        "The Zorvex method degrades Qentil results.",
        "A survey of protein folding.",
        "Tax law in medieval Venice.",
    ]
    blocks = "\n\n".join(
        f"CLMay {day}\nPaper {day}\n\nAda Lovelace, Alan Turing\n\n{text}"
        for day, text in enumerate(abstracts_of_papers, start=1)
    )
    profile = scholarparse.parse_text(
        f"Ada Lovelace\n\nCL\nh-index1\n\n4 Papers\n\n{blocks}\n",
        as_of="2026-11-22",
        source="p.txt",
    )
    abstracts = scholarparse.parse_text(
        "Abstract:The Zorvex method changes Qentil results.", source="a.txt"
    )
    assert isinstance(profile, scholarparse.ProfileDocument)
    assert isinstance(abstracts, scholarparse.AbstractsDocument)
    result = scholarparse.link(abstracts, [profile])
    assert result.links[0].relation == "unmatched"
    assert result.links[0].similarity > 0.21  # clears the threshold, but not by a lead
    assert [d.code for d in result.diagnostics] == ["ambiguous-link"]
    assert result.diagnostics[0].message == (
        "abstract 1 is about as close to paper 1 of p.txt (0.39) as to paper 2 of p.txt "
        "(0.39); left unmatched"
    )


def test_normalising_folds_case_punctuation_and_spacing() -> None:
    assert normalise("Large-scale  models, e.g. GPT-4.\n") == normalise(
        "large scale models e g gpt 4"
    )


def test_the_index_ranks_the_revision_above_its_neighbours() -> None:
    index = TextIndex(
        [
            "Iterative Agent Decoding (IAD) inserts feedback between decoding steps.",
            "Best-of-N sampling with reward models gives an agent feedback.",
            "A benchmark of financial question answering.",
        ]
    )
    best = index.search("We propose Iterative Agent Decoding, which uses verifier feedback.")
    assert [match.position for match in best] == [0, 1]
    assert best[0].similarity > 2 * best[1].similarity


def test_a_coauthors_copy_with_titles_written_otherwise_is_the_same_paper(tmp_path: Path) -> None:
    """Papers are one by their normalised title and abstract: a copy whose titles are in
    capitals must not split each paper in two and leave every revision ambiguous."""
    copy = scholarparse.parse_file(PROFILE_SEED, as_of="2026-11-22").to_dict()
    for paper in copy["papers"]:
        paper["title"] = paper["title"].upper()
    shouting = tmp_path / "coauthor.json"
    shouting.write_text(json.dumps(copy), "utf-8")
    revisions = str(FIXTURES / "link" / "revisions" / "abstracts.txt")
    alone = _links(revisions, str(PROFILE_SEED), "--as-of", "2026-11-22")
    both = _links(revisions, str(PROFILE_SEED), str(shouting), "--as-of", "2026-11-22")
    assert both["summary"] == alone["summary"]
    assert alone["summary"]["revised"] == 12

"""stats: the figures of one profile or many, in every format, from dumps or a database."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sqlite3
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

import scholarparse
from scholarparse.cli import cli
from scholarparse.stats import Listing, Profile, stats
from tests.conftest import FIXTURES, PROFILE_SEED, ROOT

AS_OF = ["--as-of", "2026-11-22"]
UNSEEN = [
    FIXTURES / "link" / "unseen" / "profile.txt",
    FIXTURES / "link" / "unseen" / "coauthor.txt",
    FIXTURES / "diff" / "unseen" / "new.txt",
]


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "80", **(env or {})})


def figures(*paths: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    result = run("stats", *map(str, paths), *AS_OF, "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_the_seed_as_counted_by_hand() -> None:
    """Papers per year, categories, code and the first author, read off the seed's meta lines
    and authors lines (as of 2026-11-22, so "May 29" is 2026)."""
    found = figures(PROFILE_SEED)
    years = {row["year"]: row["papers"] for row in found["papers_per_year"]}
    assert years == {2021: 2, 2022: 3, 2023: 4, 2024: 3, 2025: 6, 2026: 2}
    assert found["categories"] == [
        {"category": "CL", "papers": 9},
        {"category": "LG", "papers": 8},
        {"category": "ML", "papers": 2},
        {"category": "AI", "papers": 1},
    ]
    assert found["with_code"] == 3
    assert found["authors"][0] == {"name": "Nino Scherrer", "papers": 11}
    assert (found["papers"], found["duplicates"], found["undated"]) == (20, 0, 0)
    assert found["scores"] == {"count": 1, "min": 81.8, "median": 81.8, "max": 81.8}
    assert found["profiles"] == [
        {
            "source": str(PROFILE_SEED),
            "name": "Nino Scherrer",
            "category": "CL",
            "h_index": 75,
            "citations": 875,
            "papers_listed": 20,
            "first_year": 2021,
            "last_year": 2026,
        }
    ]


def _readme_outputs(command_start: str) -> list[str]:
    """The lines the README shows under its example that starts with ``command_start``."""
    readme = (ROOT / "README.md").read_text("utf-8")
    after = readme.split(command_start, 1)[1].split("\n", 1)[1]
    return after.split("```", 1)[0].split("\n$ ", 1)[0].strip("\n").splitlines()


def test_the_figures_agree_with_the_readme_jq_and_sql_examples() -> None:
    """The README's jq and SQL outputs are checked against real runs elsewhere (test_readme,
    test_batch); here stats must give the same numbers."""
    found = figures(PROFILE_SEED)
    categories_example = "| jq -c '[.papers[].category] | group_by(.)"
    jq_categories = json.loads(_readme_outputs(categories_example)[0])
    assert {row["category"]: row["papers"] for row in found["categories"]} == jq_categories
    years = _readme_outputs("$ sqlite3 papers.db 'SELECT substr(date, 1, 4)")
    assert [f"{row['year']}|{row['papers']}" for row in found["papers_per_year"]] == years
    authors = _readme_outputs("$ sqlite3 papers.db 'SELECT name, count(*) AS papers FROM authors")
    assert [f"{row['name']}|{row['papers']}" for row in found["authors"][:5]] == authors
    uniq = _readme_outputs("| jq -r '.papers[].authors[]' | sort | uniq -c")
    counted = {name: int(count) for count, name in (line.split(maxsplit=1) for line in uniq)}
    ranked = {row["name"]: row["papers"] for row in found["authors"]}
    assert {name: ranked[name] for name in counted} == counted


# --- profiles never seen, counted independently --------------------------------------------


def _key(text: str | None) -> str:
    """Independent of match.normalise: NFKC, case folded, only letters and digits kept."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def counted_by_hand(paths: list[Path]) -> dict[str, Any]:
    documents = [scholarparse.parse_file(path, as_of="2026-11-22").to_dict() for path in paths]
    listings = [paper for document in documents for paper in document["papers"]]
    seen, papers = set(), []
    for paper in listings:
        key = (_key(paper["title"]), _key(paper["abstract"]))
        if key not in seen:
            seen.add(key)
            papers.append(paper)
    years = Counter(int(paper["date"][:4]) for paper in papers if paper["date"])
    authors = Counter(name for paper in papers for name in set(paper["authors"]))
    scored = sorted(paper["score"] for paper in papers if paper["score"] is not None)
    middle = len(scored) // 2
    median = None
    if scored:
        median = scored[middle] if len(scored) % 2 else (scored[middle - 1] + scored[middle]) / 2
    return {
        "papers": len(papers),
        "duplicates": len(listings) - len(papers),
        "undated": sum(paper["date"] is None for paper in papers),
        "years": {y: years[y] for y in range(min(years), max(years) + 1)},
        "categories": Counter(paper["category"] for paper in papers),
        "with_code": sum(paper["has_code"] for paper in papers),
        "authors": authors,
        "scores": (
            len(scored),
            scored[0] if scored else None,
            median,
            scored[-1] if scored else None,
        ),
    }


@pytest.mark.parametrize(
    "paths",
    [[UNSEEN[0]], [UNSEEN[1]], [UNSEEN[2]], UNSEEN[:2], UNSEEN],
    ids=["profile", "coauthor", "diff-new", "profile+coauthor", "all three"],
)
def test_profiles_never_seen_alone_and_together(paths: list[Path]) -> None:
    found = figures(*paths)
    expected = counted_by_hand(paths)
    assert found["papers"] == expected["papers"]
    assert found["duplicates"] == expected["duplicates"]
    assert found["undated"] == expected["undated"]
    assert {r["year"]: r["papers"] for r in found["papers_per_year"]} == expected["years"]
    assert {r["category"]: r["papers"] for r in found["categories"]} == expected["categories"]
    assert found["with_code"] == expected["with_code"]
    scores = found["scores"]
    assert (scores["count"], scores["min"], scores["median"], scores["max"]) == expected["scores"]
    ranked = sorted(expected["authors"].items(), key=lambda item: (-item[1], item[0]))[:10]
    assert [(r["name"], r["papers"]) for r in found["authors"]] == ranked


def test_a_paper_in_two_profiles_counts_once() -> None:
    """The unseen profile and its co-author's share papers (fixtures/link/unseen)."""
    together = figures(*UNSEEN[:2])
    alone = [figures(path)["papers"] for path in UNSEEN[:2]]
    assert together["duplicates"] > 0
    assert together["papers"] == sum(alone) - together["duplicates"]
    assert [row["papers_listed"] for row in together["profiles"]] == alone


def test_stats_of_a_database_equal_stats_of_the_files(tmp_path: Path) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    for number, path in enumerate(UNSEEN):
        shutil.copyfile(path, dumps / f"{number}.txt")  # sorted paths: the order given below
    db = tmp_path / "papers.db"
    assert run("batch", str(dumps), "--db", str(db), *AS_OF, "-q").exit_code == 0
    from_db = figures(extra=("--db", str(db)))
    from_files = figures(*sorted(dumps.iterdir()))
    assert from_db == from_files


# --- rules --------------------------------------------------------------------------------


def _listing(
    score: float | None, authors: tuple[str, ...], date: str | None = "2025-01-01"
) -> Listing:
    return Listing(f"title {score} {authors}", None, date, "CL", False, score, authors, ())


def test_median_of_an_even_count_and_ties_in_code_point_order() -> None:
    listings = (
        _listing(1, ("Zoë",)),
        _listing(4, ("Zoe",)),
        _listing(2, ("zoe",)),
        _listing(3, ("Zoe", "Zoë")),
        _listing(None, ("Émile",), date=None),
    )
    found = stats([Profile("p.txt", "P", "CL", None, None, listings)]).to_dict()
    assert found["scores"] == {"count": 4, "min": 1, "median": 2.5, "max": 4}
    assert found["authors"] == [
        {"name": "Zoe", "papers": 2},
        {"name": "Zoë", "papers": 2},
        {"name": "zoe", "papers": 1},
        {"name": "Émile", "papers": 1},
    ]
    assert found["undated"] == 1
    assert found["papers_per_year"] == [{"year": 2025, "papers": 4}]


def test_years_without_papers_are_zeros() -> None:
    listings = (_listing(None, ("A",), "2020-03-01"), _listing(None, ("B",), "2023-01-01"))
    found = stats([Profile(None, None, None, None, None, listings)]).to_dict()
    assert [row["papers"] for row in found["papers_per_year"]] == [1, 0, 0, 1]


def test_an_undated_paper_counts_in_no_year() -> None:
    found = figures(FIXTURES / "profiles" / "citation-specials.txt")
    assert found["undated"] == 1
    assert found["papers_per_year"] == [
        {"year": 2025, "papers": 1},
        {"year": 2026, "papers": 1},
    ]


def test_top(tmp_path: Path) -> None:
    assert len(figures(PROFILE_SEED, extra=("--top", "3"))["authors"]) == 3
    assert figures(PROFILE_SEED, extra=("--top", "0"))["affiliations"] == []


# --- formats ------------------------------------------------------------------------------


def test_validates_against_the_shipped_schema() -> None:
    schema = json.loads(run("schema", "stats").stdout)
    jsonschema.validate(figures(*UNSEEN), schema)
    jsonschema.validate(figures(PROFILE_SEED), schema)


@pytest.mark.parametrize(
    ("table", "lines"),
    [
        ("years", ["year,papers", "2021,2", "2022,3", "2023,4", "2024,3", "2025,6", "2026,2"]),
        ("categories", ["category,papers", "CL,9", "LG,8", "ML,2", "AI,1"]),
        ("affiliations", ["name,papers", "deepmind,3", "oxford,2", "mila,1", "stanford,1"]),
    ],
)
def test_csv_tables(table: str, lines: list[str]) -> None:
    result = run("stats", str(PROFILE_SEED), *AS_OF, "-f", "csv", "--table", table)
    assert result.stdout.splitlines() == lines


def test_yaml_is_the_json() -> None:
    import yaml

    result = run("stats", str(PROFILE_SEED), *AS_OF, "-f", "yaml")
    assert yaml.safe_load(result.stdout) == figures(PROFILE_SEED)


def test_the_table_fits_80_columns_without_colour() -> None:
    result = run("stats", *map(str, UNSEEN), str(PROFILE_SEED), *AS_OF, "-f", "table")
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert "\x1b" not in result.stdout
    assert [
        line.strip()
        for line in lines
        if line.strip()
        in ("Papers per year", "Categories", "Top authors", "Top affiliations", "Profiles")
    ] == ["Papers per year", "Categories", "Top authors", "Top affiliations", "Profiles"]
    year_2025 = next(line for line in lines if line.strip().startswith("2025 "))
    assert "█" in year_2025 and year_2025.rstrip().endswith(str(_year(2025)))


def _year(year: int) -> int:
    found = figures(*UNSEEN, PROFILE_SEED)
    return next(row["papers"] for row in found["papers_per_year"] if row["year"] == year)


def test_dump_text_is_escaped_in_the_table(tmp_path: Path) -> None:
    dump = PROFILE_SEED.read_text("utf-8").replace("Nino Scherrer", "Nino \x1b[31mScherrer", 1)
    (tmp_path / "evil.txt").write_text(dump, "utf-8")
    result = run("stats", str(tmp_path / "evil.txt"), *AS_OF, "-f", "table")
    assert "\x1b" not in result.stdout
    assert "Nino \\x1b[31mScherrer" in result.stdout


def test_svg_and_html_show_the_chart(tmp_path: Path) -> None:
    svg, html = tmp_path / "stats.svg", tmp_path / "stats.html"
    result = run("stats", str(PROFILE_SEED), *AS_OF, "--svg", str(svg), "--html", str(html))
    assert result.exit_code == 0, result.output
    root = ElementTree.parse(svg).getroot()  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    shown = "".join(root.itertext()).replace("\xa0", " ")
    for text in ("Nino Scherrer", "Papers", "per", "year", "Categories", "2025", "█"):
        assert text in shown
    assert "Papers per year" in html.read_text("utf-8")


def test_the_readme_picture_is_the_seed(tmp_path: Path) -> None:
    """The committed picture is what --svg makes of the seed today."""
    made = tmp_path / "seed.svg"
    assert run("stats", str(PROFILE_SEED), *AS_OF, "--svg", str(made), "-q").exit_code == 0
    committed = (ROOT / "docs" / "stats-seed.svg").read_text("utf-8")
    assert _without_ids(made.read_text("utf-8")) == _without_ids(committed)


def _without_ids(svg: str) -> str:
    """Rich names an export's CSS classes by a hash of its content and a random id."""
    return re.sub(r"terminal-\d+", "terminal", svg)


# --- bad inputs ---------------------------------------------------------------------------


def test_an_abstract_dump_is_one_error() -> None:
    result = run("stats", str(FIXTURES / "abstracts" / "seed.txt"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {FIXTURES / 'abstracts' / 'seed.txt'}: stats reads profiles: this is an "
        "abstract-only dump, not a profile dump (line 1: 'Abstract:' marker) [wrong-layout]",
        "hint: give dumps of a researcher's page, or what 'parse' wrote from them",
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [([], 2), (["--db", "x.db", "fixtures/profiles/seed.txt"], 2), (["--db", "missing.db"], 1)],
)
def test_usage_and_missing_database(args: list[str], code: int) -> None:
    assert run("stats", *args).exit_code == code


def test_a_database_that_is_not_one(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    result = run("stats", "--db", str(db))
    assert result.exit_code == 1
    assert "[bad-database]" in result.stderr


def test_library_call() -> None:
    document = scholarparse.parse_file(PROFILE_SEED, as_of=dt.date(2026, 11, 22))
    assert isinstance(document, scholarparse.ProfileDocument)
    assert scholarparse.stats([document]).with_code == 3


def test_documents_parse_wrote_count_like_their_dumps(tmp_path: Path) -> None:
    """One document, an array of them (parse of several files) or JSON Lines (batch --jsonl)."""
    array, lines = tmp_path / "two.json", tmp_path / "two.jsonl"
    for path, output_format in ((array, "json"), (lines, "jsonl")):
        made = run("parse", *map(str, UNSEEN[:2]), *AS_OF, "-f", output_format, "-o", str(path))
        assert made.exit_code == 0
    from_dumps = figures(*UNSEEN[:2])
    assert figures(array) == from_dumps
    assert figures(lines) == from_dumps


def test_an_array_is_not_one_profile_for_diff(tmp_path: Path) -> None:
    array = tmp_path / "two.json"
    run("parse", *map(str, UNSEEN[:2]), *AS_OF, "-f", "json", "-o", str(array))
    result = run("diff", str(array), str(UNSEEN[0]))
    assert result.exit_code == 1
    assert f"Error: {array}: holds 2 documents, not one [not-one-document]" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--table", "authors", "-f", "json"], "--table applies to csv, and the output is json"),
        (["--svg", "x", "--html", "x"], "--svg, --html and -o must name different files"),
        (["--svg", "x", "-o", "x"], "--svg, --html and -o must name different files"),
        (["--svg", "-"], "--svg and --html write files: name one"),
        (["--svg", "./x", "--html", "x"], "--svg, --html and -o must name different files"),
    ],
)
def test_options_that_cannot_apply(args: list[str], message: str) -> None:
    result = run("stats", str(PROFILE_SEED), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_mistyped_year_does_not_draw_a_thousand_bars() -> None:
    listings = (_listing(1, ("A",), "1001-01-01"), _listing(2, ("B",), "2023-01-01"))
    document = stats([Profile(None, "P", None, None, None, listings)]).to_dict()
    assert len(document["papers_per_year"]) == 1023  # the document has every year
    from scholarparse.formats.stats_table import _years

    assert _years(document["papers_per_year"]) == [("1001", 1), ("1002-2022", 0), ("2023", 1)]


@pytest.mark.parametrize(
    ("scores", "median"),
    [((40.1, 45.2), 42.65), ((1e-12, 3e-12), 2e-12), ((10**400, 10**400), 10**400), ((1, 2), 1.5)],
)
def test_a_median_without_binary_noise(scores: tuple[float, float], median: float) -> None:
    listings = tuple(_listing(score, (f"A{score}",)) for score in scores)
    assert stats([Profile(None, "P", None, None, None, listings)]).scores.median == median


def test_a_database_without_profiles_is_an_error(tmp_path: Path) -> None:
    db = tmp_path / "abstracts.db"
    assert run("batch", str(FIXTURES / "abstracts" / "seed.txt"), "--db", str(db)).exit_code == 0
    result = run("stats", "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db}: the database holds no profile [no-inputs]")

"""BibTeX, CSL-JSON and RIS exports, read back by the tools people use.

The truth for the seed is its hand-checked golden document (``seed.expected.json``); for the
profiles the project has never seen, the parsed document, as the exports must hold what the
parse gave. ``fixtures/citations/citation-specials.expected.*`` were written by hand from
``fixtures/profiles/citation-specials.txt``.
"""

from __future__ import annotations

import calendar
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pybtex.database
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

import scholarparse
from scholarparse.latex import to_unicode
from scholarparse.names import split_name
from tests.conftest import AS_OF, FIXTURES, PROFILE_SEED, ROOT, run_process

CSL_SCHEMA = json.loads((ROOT / "tests" / "data" / "csl" / "csl-data.json").read_text())
SPECIALS = FIXTURES / "profiles" / "citation-specials.txt"
SPECIALS_EXPECTED = FIXTURES / "citations" / "citation-specials.expected"
UNSEEN = [
    FIXTURES / "link" / "unseen" / "profile.txt",
    FIXTURES / "link" / "unseen" / "coauthor.txt",
    FIXTURES / "diff" / "unseen" / "old.txt",
    FIXTURES / "diff" / "unseen" / "new.txt",
    FIXTURES / "diff" / "seed-a-year-on" / "new.txt",
]
SEED_PAPERS = json.loads((FIXTURES / "profiles" / "seed.expected.json").read_text())["papers"]

# What LaTeX prints for the escapes the export writes.
_LATEX_ESCAPES = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}


def latex_text(value: str) -> str:
    """A field as LaTeX prints it: escapes read, case-protecting braces gone, math as is."""
    out = []
    position = 0
    while position < len(value):
        escape = next((key for key in _LATEX_ESCAPES if value.startswith(key, position)), None)
        if escape is not None:
            out.append(_LATEX_ESCAPES[escape])
            position += len(escape)
        elif value[position] == "$":
            end = value.index("$", position + 1) + 1
            out.append(value[position:end])
            position = end
        elif value[position] in "{}":
            position += 1
        else:
            out.append(value[position])
            position += 1
    return "".join(out)


def export(path: Path, format_name: str) -> str:
    return (
        scholarparse.to_bibtex(parse(path))
        if format_name == "bibtex"
        else {
            "csl-json": scholarparse.to_csl_json,
            "ris": scholarparse.to_ris,
        }[format_name](parse(path))
    )


def parse(path: Path) -> scholarparse.ProfileDocument:
    document = scholarparse.parse_file(path, kind="profile", as_of=AS_OF)
    assert isinstance(document, scholarparse.ProfileDocument)
    return document


def papers_of(path: Path) -> list[dict[str, Any]]:
    return SEED_PAPERS if path == PROFILE_SEED else parse(path).to_dict()["papers"]


ALL_PROFILES = [PROFILE_SEED, *UNSEEN]


# --- BibTeX -------------------------------------------------------------------------------


def written_name(parts: list[list[str]]) -> str:
    """A name as the site writes it, from BibTeX's parts: First von Last Jr."""
    return " ".join(word for part in parts for word in part)


@pytest.mark.parametrize("path", ALL_PROFILES, ids=lambda path: path.parent.name + "/" + path.name)
def test_bibtexparser_reads_every_paper_back(path: Path) -> None:
    papers = papers_of(path)
    library = bibtexparser.parse_string(
        export(path, "bibtex"), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    assert library.failed_blocks == []
    assert len(library.entries) == len(papers)
    assert len({entry.key for entry in library.entries}) == len(papers)
    for entry, paper in zip(library.entries, papers, strict=True):
        fields = entry.fields_dict
        assert entry.entry_type == "misc"
        assert latex_text(fields["title"].value) == paper["title"]
        names = [written_name([n.first, n.von, n.last, n.jr]) for n in fields["author"].value]
        expected = paper["authors"] + (["others"] if paper["authors_truncated"] else [])
        assert names == expected
        assert fields["year"].value == paper["date"][:4]
        assert fields["month"].value == calendar.month_abbr[int(paper["date"][5:7])].lower()
        assert fields["date"].value == paper["date"]
        assert latex_text(fields["abstract"].value) == paper["abstract"]
        assert fields["keywords"].value == paper["category"]


@pytest.mark.parametrize("path", ALL_PROFILES, ids=lambda path: path.parent.name + "/" + path.name)
def test_pybtex_reads_every_paper_back(path: Path) -> None:
    papers = papers_of(path)
    entries = list(pybtex.database.parse_string(export(path, "bibtex"), "bibtex").entries.values())
    assert len(entries) == len(papers)
    for entry, paper in zip(entries, papers, strict=True):
        assert latex_text(entry.fields["title"]) == paper["title"]
        assert entry.fields["year"] == paper["date"][:4]
        assert entry.fields["month"] == calendar.month_name[int(paper["date"][5:7])]
        persons = entry.persons["author"]
        names = [
            written_name([p.first_names, p.middle_names, p.prelast_names, p.last_names])
            + (" " + " ".join(p.lineage_names) if p.lineage_names else "")
            for p in persons
        ]
        expected = paper["authors"] + (["others"] if paper["authors_truncated"] else [])
        assert names == expected


def test_seed_bibtex_splits_names_as_bibtex_reads_them() -> None:
    entries = pybtex.database.parse_string(export(PROFILE_SEED, "bibtex"), "bibtex").entries
    oswald = entries["oswald2023uncovering"].persons["author"][0]
    assert (oswald.first_names, oswald.prelast_names, oswald.last_names) == (
        ["Johannes"],
        ["von"],
        ["Oswald"],
    )
    authors = "von Oswald, Johannes and Schlegel, Maximilian and Meulemans, Alexander and others"
    assert f"author = {{{authors}}}" in export(PROFILE_SEED, "bibtex")


def test_specials_bibtex_is_the_hand_written_file() -> None:
    expected = Path(f"{SPECIALS_EXPECTED}.bib").read_text(encoding="utf-8")
    assert export(SPECIALS, "bibtex") == expected


def test_latex_specials_in_titles_do_not_break_readers() -> None:
    text = export(SPECIALS, "bibtex")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == [
        "cruz2026profit",
        "kingndrethinking",
        "dartagnan2025study",
    ]
    title = library.entries[0].fields_dict["title"].value
    assert latex_text(title) == (
        "Profit & Loss: 100% of $\\nabla$-Flows for C# and snake_case {Braces} ~ ^ \\ in LLMs"
    )
    entries = pybtex.database.parse_string(text, "bibtex").entries
    ruhle = entries["cruz2026profit"].persons["author"][2]
    assert ruhle.last_names == ['R\\"uhle']  # TeX accents untouched in BibTeX


def test_bibtex_compiles_with_latex_special_characters_balanced() -> None:
    """BibTeX counts every brace, escaped or not: each field's braces must balance."""
    for path in [SPECIALS, *ALL_PROFILES]:
        depth = 0
        for character in export(path, "bibtex"):
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth >= 0
        assert depth == 0


# --- CSL-JSON -----------------------------------------------------------------------------


def csl_written(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    parts = ("given", "non-dropping-particle", "family", "suffix")
    return " ".join(name[part] for part in parts if part in name)


@pytest.mark.parametrize("path", ALL_PROFILES, ids=lambda path: path.parent.name + "/" + path.name)
def test_csl_json_validates_and_holds_every_paper(path: Path) -> None:
    papers = papers_of(path)
    items = json.loads(export(path, "csl-json"))
    jsonschema.validate(items, CSL_SCHEMA, cls=jsonschema.Draft7Validator)
    assert len(items) == len(papers)
    assert len({item["id"] for item in items}) == len(items)
    for item, paper in zip(items, papers, strict=True):
        assert item["type"] == "article"
        assert item["title"] == to_unicode(paper["title"])
        assert [csl_written(name) for name in item["author"]] == [
            to_unicode(author) for author in paper["authors"]
        ]
        assert item["issued"] == {"date-parts": [[int(p) for p in paper["date"].split("-")]]}
        assert item["abstract"] == to_unicode(paper["abstract"])


@pytest.mark.parametrize("path", ALL_PROFILES, ids=lambda path: path.parent.name + "/" + path.name)
def test_citeproc_renders_every_item(path: Path) -> None:
    items = json.loads(export(path, "csl-json"))
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    for item in items:
        assert any(item["title"] in entry for entry in rendered)


def test_seed_csl_json_particle() -> None:
    items = {item["id"]: item for item in json.loads(export(PROFILE_SEED, "csl-json"))}
    assert items["oswald2023uncovering"]["author"][0] == {
        "family": "Oswald",
        "given": "Johannes",
        "non-dropping-particle": "von",
    }


def test_specials_csl_json_is_the_hand_written_file() -> None:
    expected = json.loads(Path(f"{SPECIALS_EXPECTED}.csl.json").read_text())
    items = json.loads(export(SPECIALS, "csl-json"))
    jsonschema.validate(items, CSL_SCHEMA, cls=jsonschema.Draft7Validator)
    assert items == expected


# --- RIS ----------------------------------------------------------------------------------


def ris_written(author: str) -> str:
    """``Family, Given[, Suffix]`` back to ``Given Family[ Suffix]``."""
    parts = author.split(", ")
    return " ".join([*parts[1:2], parts[0], *parts[2:]])


@pytest.mark.parametrize("path", ALL_PROFILES, ids=lambda path: path.parent.name + "/" + path.name)
def test_rispy_reads_every_paper_back(path: Path) -> None:
    papers = papers_of(path)
    text = export(path, "ris")
    assert "\n" not in text.replace("\r\n", "")
    records = rispy.load(io.StringIO(text, newline=""))
    assert len(records) == len(papers)
    for record, paper in zip(records, papers, strict=True):
        assert record["type_of_reference"] == "UNPB"
        assert record["title"] == to_unicode(paper["title"])
        assert [ris_written(author) for author in record["authors"]] == [
            to_unicode(author) for author in paper["authors"]
        ]
        assert record["year"] == paper["date"][:4]
        assert record["date"] == paper["date"].replace("-", "/") + "/"


def test_specials_ris_is_the_hand_written_file() -> None:
    expected = Path(f"{SPECIALS_EXPECTED}.ris").read_bytes().decode()
    assert export(SPECIALS, "ris") == expected


def test_seed_ris_particle_with_the_family() -> None:
    records = rispy.load(io.StringIO(export(PROFILE_SEED, "ris"), newline=""))
    assert records[1]["authors"][0] == "von Oswald, Johannes"


# --- keys, dates, documents ---------------------------------------------------------------


def test_keys_are_unique_ascii_and_suffixed_on_collision() -> None:
    document = parse(PROFILE_SEED).to_dict()
    revised = json.loads(json.dumps(document))  # other versions: the same keys, other papers
    for paper in revised["papers"]:
        paper["abstract"] += " We release the code."
    keys = [
        entry.key
        for entry in bibtexparser.parse_string(scholarparse.to_bibtex([document, revised])).entries
    ]
    assert len(keys) == 40 == len(set(keys))
    assert all(key.isascii() for key in keys)
    assert keys[1] == "oswald2023uncoveringa"
    assert keys[21] == "oswald2023uncoveringb"


def test_a_paper_in_two_profiles_is_cited_once() -> None:
    """The unseen profile and its co-author's list 2 papers both (fixtures/link/unseen)."""
    both = [parse(UNSEEN[0]), parse(UNSEEN[1])]
    alone = [len(bibtexparser.parse_string(scholarparse.to_bibtex(d)).entries) for d in both]
    together = bibtexparser.parse_string(scholarparse.to_bibtex(both)).entries
    assert alone == [10, 5]
    assert len(together) == 13
    assert len(json.loads(scholarparse.to_csl_json(both))) == 13
    assert len(rispy.loads(scholarparse.to_ris(both))) == 13


def test_undated_paper_exports_without_a_date_and_says_so() -> None:
    document = parse(SPECIALS)
    assert scholarparse.undated_warnings(document) == [
        f"{SPECIALS}:19: warning: paper 2 has no readable date (Feb 30, 2023); "
        "exported without one [undated-export]"
    ]
    entry = bibtexparser.parse_string(scholarparse.to_bibtex(document)).entries[1]
    assert "year" not in entry.fields_dict and "date" not in entry.fields_dict


def test_library_refuses_an_abstract_list() -> None:
    abstracts = scholarparse.parse_file(FIXTURES / "abstracts" / "seed.txt")
    with pytest.raises(scholarparse.InputError) as caught:
        scholarparse.to_ris(abstracts)
    assert caught.value.code == "unsupported-format"
    assert "json, jsonl, yaml, csv or table" in str(caught.value)


# --- command line -------------------------------------------------------------------------


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_process(*args, cwd=cwd, env={"SCHOLARPARSE_AS_OF": AS_OF.isoformat()})


def test_cli_abstract_dump_as_bibtex_is_a_usage_error(tmp_path: Path) -> None:
    abstracts = str(FIXTURES / "abstracts" / "seed.txt")
    for args in (["parse", abstracts, "-f", "bibtex"], ["abstracts", abstracts, "-o", "x.bib"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.splitlines()[-1] == (
            f"Error: {abstracts}: bibtex holds the papers of profiles, not an abstract-only "
            "dump; use json, jsonl, yaml, csv or table [unsupported-format]"
        )
        assert not (tmp_path / "x.bib").exists()
    offered = run("abstracts", abstracts, "-f", "bibtex")  # not even offered
    assert offered.returncode == 2
    assert "'bibtex' is not one of 'table', 'json', 'jsonl', 'yaml', 'csv'" in offered.stderr


def test_cli_names_the_abstract_dump_among_profiles_that_a_citation_format_refuses() -> None:
    abstracts = str(FIXTURES / "abstracts" / "seed.txt")
    result = run("parse", str(PROFILE_SEED), abstracts, "-f", "ris")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Error: {abstracts}: ris holds the papers of profiles, not an abstract-only dump; "
        "use json, jsonl, yaml, csv or table [unsupported-format]"
    )


@pytest.mark.parametrize(
    ("name", "first_line"),
    [("out.bib", "@misc{cruz2026profit,"), ("out.ris", "TY  - UNPB"), ("out.csl.json", "[")],
)
def test_cli_format_from_the_output_suffix(tmp_path: Path, name: str, first_line: str) -> None:
    result = run("profile", str(SPECIALS), "-o", str(tmp_path / name))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / name).read_text(encoding="utf-8").splitlines()[0] == first_line
    assert result.stderr.splitlines()[-1].endswith("exported without one [undated-export]")


def test_cli_strict_fails_on_an_undated_export(tmp_path: Path) -> None:
    seed = run("profile", str(PROFILE_SEED), "-f", "ris", "--strict")
    assert seed.returncode == 0 and seed.stderr == ""
    assert run("profile", str(SPECIALS), "-f", "ris", "--strict").returncode == 1


def test_batch_out_dir_writes_citation_files(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_bytes(PROFILE_SEED.read_bytes())
    (inputs / "abstracts.txt").write_bytes((FIXTURES / "abstracts" / "seed.txt").read_bytes())
    out = tmp_path / "out"
    result = run("batch", str(inputs), "--out-dir", str(out), "-f", "csl-json")
    assert result.returncode == 1  # the abstract list fails, the profile is written
    assert sorted(os.listdir(out)) == [".scholarparse-settings", "seed.csl.json"]
    assert len(json.loads((out / "seed.csl.json").read_text())) == 20
    assert f"{inputs / 'abstracts.txt'}: csl-json holds the papers of profiles" in result.stderr
    assert "[unsupported-format]" in result.stderr


# --- what a dump may hold -----------------------------------------------------------------


def _profile_with(title: str, authors: str = "Ann Lee, Bo Chen", abstract: str = "Text.") -> str:
    return (
        f"Ann Lee\n\nCL\nh-index1\n\n1 Paper\n\nCLMar 3, 2025\n{title}\n\n{authors}\n\n{abstract}\n"
    )


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("Pricing in US$100 & A$200 Markets", r"{Pricing} in {US\$100 \& A\$}200 {Markets}"),
        ("A $x%y$ trick", r"{A} \$x\%y\$ trick"),
        ("$#P$-hardness", r"{\$\#P\$}-hardness"),
        (
            r"$\input{/etc/passwd}$ leak",
            r"\$\textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{}\$ leak",
        ),
        ("Evil \x1b]0;pwned\x07 title", "{Evil} ]0;pwned title"),
        (r"Fran\c cois and $\nabla$", r"{Fran\c cois} and {$\nabla$}"),
        (r"$\mathcal{O}(n \log n)$ Sorting", r"{$\mathcal{O}(n \log n)$ Sorting}"),
        (
            r"Reading $\InputIfFileExists{/etc/passwd}{}{}$",
            r"{Reading \$\textbackslash{}InputIfFileExists\textbraceleft{}/etc/passwd"
            r"\textbraceright{}\textbraceleft{}\textbraceright{}\textbraceleft{}"
            r"\textbraceright{}\$}",
        ),
        (
            r"Caret $\inp^^75t{x}$",
            r"{Caret} \$\textbackslash{}inp\textasciicircum{}"
            r"\textasciicircum{}75t\textbraceleft{}x\textbraceright{}\$",
        ),
        (r"Skip $\iffalse$ rest", r"{Skip} \$\textbackslash{}iffalse\$ rest"),
        (
            r"Set $a{\}$ Notation",
            r"{Set} \$a\textbraceleft{}\textbackslash{}"
            r"\textbraceright{}\$ {Notation}",
        ),
    ],
)
def test_tex_from_a_dump_never_breaks_or_reaches_outside_a_latex_build(
    title: str, written: str
) -> None:
    """Math passes through only when it is safe: no & % # (misplaced tab, comment,
    parameter), no command that reads or writes files; control characters are dropped."""
    document = scholarparse.parse_text(_profile_with(title), kind="profile", as_of="2026-11-22")
    text = scholarparse.to_bibtex(document)
    assert f"  title = {{{written}}},\n" in text
    assert bibtexparser.parse_string(text).failed_blocks == []


def test_an_at_sign_opening_a_paragraph_is_not_a_new_entry() -> None:
    dump = _profile_with("A Title", abstract="First paragraph.\n\n@misc{x, title={y}}")
    text = scholarparse.to_bibtex(scholarparse.parse_text(dump, kind="profile", as_of=AS_OF))
    library = bibtexparser.parse_string(text)
    assert (len(library.entries), len(library.failed_blocks)) == (1, 0)
    assert "\n{@}misc" in text


def test_names_that_nameparser_would_cut() -> None:
    assert split_name("Wei (David) Chen").given == "Wei (David)"
    authors = "Md. Mahfuzur Rahman, Mr. and Mrs. Smith, Dr. Who"
    document = scholarparse.parse_text(
        _profile_with("A Title", authors=authors), kind="profile", as_of="2026-11-22"
    )
    text = scholarparse.to_bibtex(document)
    assert "author = {Rahman, Md. Mahfuzur and Smith, Mr. {and} Mrs. and Who, Dr.}" in text
    persons = pybtex.database.parse_string(text, "bibtex").entries["rahman2025title"]
    assert len(persons.persons["author"]) == 3


def test_papers_without_abstracts_are_never_merged() -> None:
    dump = (
        "Ann Lee\n\nCL\nh-index1\n\n2 Papers\n\n"
        "CLMar 3, 2025\nSame Title\n\nAnn Lee\n\n"
        "CLMar 3, 2024\nSame Title\n\nBo Chen\n"
    )
    document = scholarparse.parse_text(dump, kind="profile", as_of="2026-11-22")
    assert len(bibtexparser.parse_string(scholarparse.to_bibtex(document)).entries) == 2
    assert scholarparse.stats([document]).papers == 2


def test_a_document_with_a_bad_date_is_a_bad_document() -> None:
    document = parse(PROFILE_SEED).to_dict()
    document["papers"][0]["date"] = "2023"
    with pytest.raises(scholarparse.InputError) as caught:
        scholarparse.to_bibtex(document)
    assert caught.value.code == "bad-document"
    assert "papers[0].date is '2023', not a YYYY-MM-DD date" in str(caught.value)

"""The renderer: documents back into the site's layout, and parsing that gives them back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import scholarparse
from scholarparse.render import render
from tests.conftest import AS_OF, PROFILE_SEED, drain_terminal, golden_cases
from tests.strategies import documents, expected_warnings
from tests.test_cli import run

# What a document does not say, so a rendered dump cannot give it back.
_NOT_CONTENT = {"line", "source", "as_of", "schema_version", "diagnostics"}


def content(value: Any) -> Any:
    """A document without line numbers, source, reference date and diagnostics."""
    if isinstance(value, dict):
        return {key: content(item) for key, item in value.items() if key not in _NOT_CONTENT}
    if isinstance(value, list):
        return [content(item) for item in value]
    return value


def parse(text: str) -> dict[str, Any]:
    return scholarparse.parse_text(text, as_of=AS_OF).to_dict()


def test_rendering_the_profile_seeds_parse_gives_the_seed_byte_for_byte(tmp_path: Path) -> None:
    parsed = run("parse", str(PROFILE_SEED), "--as-of", AS_OF.isoformat(), "-f", "json", "-q")
    document = tmp_path / "seed.json"
    document.write_text(parsed.stdout, "utf-8")
    rendered = run("render", str(document))
    assert rendered.exit_code == 0, rendered.output
    assert rendered.stdout_bytes == PROFILE_SEED.read_bytes()


@pytest.mark.parametrize("case", golden_cases(), ids=lambda case: f"{case.parent.name}/{case.stem}")
def test_parse_render_parse_is_the_identity_on_every_fixture(case: Path) -> None:
    first = scholarparse.parse_file(case, as_of=AS_OF).to_dict()
    again = parse(render(first))
    assert content(again) == content(first)
    codes = [d["code"] for d in first["diagnostics"]]
    # A suspect meta line is a line break inside a paragraph, which a document does not keep;
    # nor does it keep where page text stood: it comes back as unknown header lines.
    kept = [code for code in codes if code not in ("suspect-meta-line", "text-before-name")]
    if "text-before-name" in codes:
        page_text = len(first["extra"]) - codes.count("unknown-header-line")
        page_text -= codes.count("duplicate-header-field")
        kept = sorted(kept + ["unknown-header-line"] * page_text)
        assert sorted(d["code"] for d in again["diagnostics"]) == kept
    else:
        assert [d["code"] for d in again["diagnostics"]] == kept


@given(documents())
def test_parse_of_render_gives_the_generated_document_back(document: dict[str, Any]) -> None:
    text = render(document)
    parsed = parse(text)
    assert content(parsed) == content(document)
    assert sorted(d["code"] for d in parsed["diagnostics"]) == expected_warnings(document)


def test_render_reads_json_lines_and_one_document_arrays(tmp_path: Path) -> None:
    document = scholarparse.parse_file(PROFILE_SEED, as_of=AS_OF).to_dict()
    for name, text in [
        ("array.json", json.dumps([document])),
        ("lines.jsonl", "\n" + json.dumps(document) + "\n\n"),
    ]:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        result = run("render", str(path))
        assert result.exit_code == 0
        assert result.stdout_bytes == PROFILE_SEED.read_bytes()


def test_render_writes_the_output_file(tmp_path: Path) -> None:
    document = tmp_path / "in.json"
    document.write_text(json.dumps(scholarparse.parse_file(PROFILE_SEED).to_dict()), "utf-8")
    result = run("render", str(document), "-o", str(tmp_path / "out.txt"))
    assert result.exit_code == 0
    assert (tmp_path / "out.txt").read_bytes() == PROFILE_SEED.read_bytes()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '{"kind": "profile",\n  "name": }',
            "Error: <stdin>:2: not JSON: Expecting value [bad-json]",
        ),
        (
            "[1, 2]\n",
            "Error: <stdin>: holds 2 documents; render writes one dump [not-one-document]",
        ),
        ("[]", "Error: <stdin>: holds 0 documents; render writes one dump [not-one-document]"),
        ('{"a": 1}\n{"b": 2\n', "Error: <stdin>:2: not JSON: Expecting ',' delimiter [bad-json]"),
        (
            "[3]",
            "Error: <stdin>: not a scholarparse document: the document is an integer, "
            "not an object [bad-document]",
        ),
        (
            '{"kind": "paper"}',
            "Error: <stdin>: not a scholarparse document: 'kind' is 'paper', not 'profile' or "
            "'abstracts' [bad-document]",
        ),
        (
            '{"kind": "abstracts", "preamble": null, "abstracts": [{"text": "a"}, {"text": 7}]}',
            "Error: <stdin>: not a scholarparse document: abstracts[1].text is an integer, "
            "not a string [bad-document]",
        ),
        (
            '{"kind": "profile", "name": "A", "category": null, "metrics": {}}',
            "Error: <stdin>: not a scholarparse document: metrics.h_index is missing "
            "[bad-document]",
        ),
    ],
)
def test_render_refuses_what_is_not_one_document(text: str, error: str) -> None:
    result = run("render", "-", input=text)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == error


def test_render_of_empty_or_undecodable_input_says_what_json_needs() -> None:
    empty = run("render", "-", input="  \n")
    assert empty.exit_code == 1
    assert empty.stderr.splitlines() == [
        "Error: <stdin>: the input holds only whitespace [empty-input]"
    ]
    latin = run("render", "-", input='{"name": "caf\xe9"}'.encode("latin-1"))
    assert latin.exit_code == 1
    assert latin.stderr.splitlines()[1] == (
        "hint: JSON is UTF-8: render reads what 'scholarparse parse' writes"
    )


def test_a_score_of_true_is_not_a_number() -> None:
    document = scholarparse.parse_file(PROFILE_SEED).to_dict()
    document["papers"][0]["score"] = True
    with pytest.raises(scholarparse.InputError, match=r"papers\[0\]\.score is true, not an"):
        render(document)


def test_on_a_terminal_render_shows_control_characters_escaped(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    text = "Ann\n\nh-index1\n\nCLMay 2\nA \x1b[2J title"
    document = tmp_path / "in.json"
    document.write_text(json.dumps(parse(text)), "utf-8")
    command = [sys.executable, "-m", "scholarparse", "render", str(document)]
    piped = subprocess.run(command, capture_output=True, check=True)
    assert piped.stdout == text.encode()  # a pipe gets the exact text back
    primary, secondary = pty.openpty()
    with subprocess.Popen(command, stdout=secondary, stderr=secondary) as process:
        os.close(secondary)
        shown = drain_terminal(primary)
    assert process.returncode == 0
    assert b"\x1b" not in shown
    assert b"A \\u001b[2J title" in shown

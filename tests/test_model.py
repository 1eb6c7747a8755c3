"""The records are immutable all the way down, and the library's errors speak Python."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import scholarparse
from scholarparse.render import render

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _mutable_parts(value: Any, where: str = "document") -> list[str]:
    """Every list, dict or set reachable from a record, by where it is."""
    if isinstance(value, list | dict | set):
        return [where]
    if isinstance(value, tuple):
        names = getattr(value, "_fields", range(len(value)))
        return [
            part
            for name, item in zip(names, value, strict=True)
            for part in _mutable_parts(item, f"{where}.{name}")
        ]
    return []


@pytest.mark.parametrize("dump", ["profiles/seed.txt", "abstracts/seed.txt"])
def test_a_parsed_document_holds_no_list(dump: str) -> None:
    document = scholarparse.parse_file(FIXTURES / dump, as_of="2026-11-22")
    assert _mutable_parts(document) == []


def test_a_paper_s_names_are_a_tuple_and_its_dict_a_list() -> None:
    document = scholarparse.parse_file(FIXTURES / "profiles" / "seed.txt", as_of="2026-11-22")
    assert isinstance(document, scholarparse.ProfileDocument)
    paper = document.papers[11]
    assert paper.affiliations == ("deepmind", "oxford")
    with pytest.raises(AttributeError):
        paper.affiliations.append("mit")  # type: ignore[attr-defined]
    as_dict = paper.to_dict()
    assert as_dict["affiliations"] == ["deepmind", "oxford"]
    as_dict["affiliations"].append("mit")  # the dict is the caller's own: the record stays
    assert paper.affiliations == ("deepmind", "oxford")


def test_the_json_shape_is_unchanged() -> None:
    """to_dict() equals its JSON read back: lists where JSON has arrays, as before."""
    document = scholarparse.parse_file(FIXTURES / "profiles" / "seed.txt", as_of="2026-11-22")
    as_dict = document.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert render(as_dict) == render(document)


def test_a_decode_error_from_the_library_names_the_encoding_argument() -> None:
    with pytest.raises(scholarparse.InputError) as caught:
        scholarparse.parse_bytes("Zo\u00eb\n".encode("latin-1"), source="z.txt")
    assert caught.value.hint is not None
    assert "encoding='auto'" in caught.value.hint
    assert "--" not in caught.value.hint


def test_binary_input_from_the_library_names_the_encoding_argument() -> None:
    with pytest.raises(scholarparse.InputError) as caught:
        scholarparse.parse_bytes("Ada\n".encode("utf-16-le"), source="u.txt")
    assert caught.value.code == "binary-input"
    assert caught.value.hint == (
        "if it is UTF-16 text without a byte-order mark, pass encoding='utf-16'"
    )


def test_a_layout_error_from_the_library_names_the_kind_argument() -> None:
    with pytest.raises(scholarparse.LayoutError) as unknown:
        scholarparse.parse_text("just a note\n", source="n.txt")
    assert unknown.value.hint == "choose one: kind='profile' or kind='abstracts'"
    abstracts = (FIXTURES / "abstracts" / "seed.txt").read_text(encoding="utf-8")
    with pytest.raises(scholarparse.LayoutError) as wrong:
        scholarparse.parse_text(abstracts, kind="profile", source="a.txt")
    assert wrong.value.code == "wrong-layout"
    assert wrong.value.hint == "pass kind='abstracts', or leave kind out to detect the layout"


def test_the_command_line_gives_the_same_advice_in_its_own_words(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from scholarparse.cli import cli

    dump = tmp_path / "z.txt"
    dump.write_bytes("Zo\u00eb\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["profile", str(dump)])
    assert result.exit_code == 1
    assert "hint: use --encoding auto" in result.stderr
    assert "encoding='auto'" not in result.stderr

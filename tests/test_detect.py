"""Layout detection and the evidence it gives."""

from __future__ import annotations

import pytest

import scholarparse
from tests.conftest import ABSTRACTS_SEED, PROFILE_SEED


def test_profile_seed() -> None:
    found = scholarparse.detect(PROFILE_SEED.read_text("utf-8"))
    assert found.kind == "profile"
    assert found.evidence[0] == "line 12: paper meta line '81.8CLMay 29Code'"
    assert found.evidence[1] == "line 4: header h_index 'h-index75'"


def test_abstract_seed() -> None:
    found = scholarparse.detect(ABSTRACTS_SEED.read_text("utf-8"))
    assert (found.kind, found.evidence) == ("abstracts", ("line 1: 'Abstract:' marker",))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ada Lovelace\n\nh-index3\n\n0 Papers\n", "profile"),  # metrics, no papers
        ("Ada Lovelace\nLGMay 2, 2024\nTitle\n", "profile"),  # papers, no metrics
        ("Some notes first\n\nAbstract: text", "abstracts"),  # a preamble
        ("\ufeff\r\nAbstract:\r\ntext", "abstracts"),
        ("nothing to see\nhere\n", None),
    ],
)
def test_detect(text: str, kind: str | None) -> None:
    assert scholarparse.detect(text).kind == kind


def test_parse_text_refuses_what_it_cannot_detect() -> None:
    with pytest.raises(scholarparse.LayoutError) as caught:
        scholarparse.parse_text("nothing to see\n", source="notes.txt")
    assert caught.value.code == "unknown-layout"
    assert str(caught.value).startswith("notes.txt: cannot tell the layout")


def test_forced_kind_wins_over_an_unsure_detection() -> None:
    document = scholarparse.parse_text("Ada Lovelace\n", kind="profile", as_of="2026-11-22")
    assert isinstance(document, scholarparse.ProfileDocument)
    assert (document.name, document.papers, document.diagnostics) == ("Ada Lovelace", (), ())

"""TeX accents to Unicode: every form arXiv metadata writes, checked against the letter meant."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scholarparse.latex import to_unicode


@pytest.mark.parametrize(
    ("tex", "unicode"),
    [
        ('Kurt G\\"odel', "Kurt Gödel"),
        ('G\\"{o}del', "Gödel"),
        ('G{\\"o}del', "Gödel"),
        ('G{\\"{o}}del', "Gödel"),
        ("Paul Erd\\H{o}s", "Paul Erdős"),
        ("Fran\\c{c}ois", "François"),
        ("Fran\\c cois", "François"),
        ("Maty Boh\\'a\\v{c}ek", "Maty Boháček"),
        ("S{\\o}ren Hauberg", "Søren Hauberg"),
        ("S\\o{}ren", "Søren"),
        ("{\\L}ukasz Kaiser", "Łukasz Kaiser"),
        ('\\AA{}ngstr\\"om', "Ångström"),
        ("Jon\\aa{}s", "Jonås"),
        ("Mart\\'{\\i}n", "Martín"),
        ("Mart\\'\\i n", "Martín"),
        ("Ji\\v{r}\\'{\\i}", "Jiří"),
        ("Jos\\'e Miguel Hern\\'andez-Lobato", "José Miguel Hernández-Lobato"),
        ("\\`a la \\^ete", "à la ête"),
        ("Pe\\~na", "Peña"),
        ("\\k{a}\\r{u}\\.{z}\\={a}\\u{g}\\d{s}", "ąůżāğṣ"),
        ("Stra\\ss e", "Straße"),
        ("\\ae\\AE\\oe\\OE", "æÆœŒ"),
        ("\\l\\L\\o\\O", "łŁøØ"),
    ],
)
def test_accents_and_special_letters(tex: str, unicode: str) -> None:
    assert to_unicode(tex) == unicode
    assert unicodedata.is_normalized("NFC", to_unicode(tex))


@pytest.mark.parametrize(
    "text",
    [
        "Trust Your $\\nabla$: Gradient-based Intervention",  # math is not an accent
        "\\LaTeX{} and \\emph{emphasis}",  # commands that are not accents
        "\\v{} stays: an accent without a letter",
        "{LLM} keeps its protecting braces",
        "no TeX at all",
    ],
)
def test_what_is_not_an_accent_stays_as_written(text: str) -> None:
    assert to_unicode(text) == text


@given(st.text(alphabet=st.characters(blacklist_characters="\\")))
def test_text_without_a_backslash_is_returned_unchanged(text: str) -> None:
    assert to_unicode(text) is text


@given(st.text(alphabet="\\{}'\"`^~=.uvHckdbrtoOlLaAijs e", max_size=40))
def test_any_mix_of_tex_characters_decodes_without_error(text: str) -> None:
    decoded = to_unicode(text)
    assert unicodedata.is_normalized("NFC", decoded)

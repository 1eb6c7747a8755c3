"""Name splitting (names.py): the parts reference managers keep apart, as BibTeX reads them."""

from __future__ import annotations

import pytest
from pybtex.database import Person

from scholarparse.names import Name, split_name

# (written, given, particle, family, suffix): each split checked by hand.
SPLITS = [
    ("Johannes von Oswald", "Johannes", "von", "Oswald", ""),
    ("Ludwig van Beethoven", "Ludwig", "van", "Beethoven", ""),
    ("Maria de la Cruz", "Maria", "de la", "Cruz", ""),
    ("Jean-Luc d'Artagnan", "Jean-Luc", "", "d'Artagnan", ""),  # one word: BibTeX's last name
    ("Flor Miriam Plaza-del-Arco", "Flor Miriam", "", "Plaza-del-Arco", ""),
    ("Ahmed M. Ahmed", "Ahmed M.", "", "Ahmed", ""),
    ("J. R. R. Tolkien", "J. R. R.", "", "Tolkien", ""),
    ("Martin Luther King Jr.", "Martin Luther", "", "King", "Jr."),
    ("Martin Luther King, Jr.", "Martin Luther", "", "King", "Jr."),
    ("Vincent Van Gogh", "Vincent", "", "Van Gogh", ""),  # a capital particle: family name
    ("Nino Scherrer", "Nino", "", "Scherrer", ""),
    ("Dean Foster", "Dean", "", "Foster", ""),  # not the title "Dean"
    ("Major Lee", "Major", "", "Lee", ""),  # not the title "Major"
    ("Madonna", "", "", "Madonna", ""),  # one word: a family name
    ("Hugo  de   Garis", "Hugo", "de", "Garis", ""),  # runs of spaces
]


@pytest.mark.parametrize(("written", "given", "particle", "family", "suffix"), SPLITS)
def test_split(written: str, given: str, particle: str, family: str, suffix: str) -> None:
    assert split_name(written) == Name(given, particle, family, suffix)


@pytest.mark.parametrize(("written", "given", "particle", "family", "suffix"), SPLITS)
def test_bibtex_reads_the_inverted_name_into_the_same_parts(
    written: str, given: str, particle: str, family: str, suffix: str
) -> None:
    person = Person(split_name(written, keep_tex=True).inverted())
    assert " ".join(person.first_names + person.middle_names) == given
    assert " ".join(person.prelast_names) == particle
    assert " ".join(person.last_names) == family
    assert " ".join(person.lineage_names) == suffix


def test_bibtex_form_of_a_particle_and_a_suffix() -> None:
    assert split_name("Johannes von Oswald").inverted() == "von Oswald, Johannes"
    assert split_name("Martin Luther King Jr.").inverted() == "King, Jr., Martin Luther"


def test_csl_name_objects() -> None:
    assert split_name("Johannes von Oswald").to_csl() == {
        "family": "Oswald",
        "given": "Johannes",
        "non-dropping-particle": "von",
    }
    assert split_name("Martin Luther King Jr.").to_csl() == {
        "family": "King",
        "given": "Martin Luther",
        "suffix": "Jr.",
    }
    assert split_name("Madonna").to_csl() == {"family": "Madonna"}


@pytest.mark.parametrize("written", ["王小明", "山田 太郎", "محمد علي"])
def test_a_script_without_letter_case_is_kept_whole(written: str) -> None:
    assert split_name(written) == Name(literal=written)
    assert split_name(written).to_csl() == {"literal": written}


def test_tex_accents_are_unicode_unless_kept() -> None:
    assert split_name('Ellen R\\"uhle') == Name("Ellen", "", "Rühle")
    assert split_name("{\\L}ukasz Kaiser") == Name("Łukasz", "", "Kaiser")
    assert split_name('Ellen R\\"uhle', keep_tex=True) == Name("Ellen", "", 'R\\"uhle')

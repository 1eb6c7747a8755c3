"""A person's name as the site shows it (``Johannes von Oswald``) split into the parts that
reference managers keep apart: given names, particle, family name, suffix.

``nameparser`` does the splitting (suffixes, initials, hyphens, multi-word particles); it is
wrapped where it is wrong for an authors line:

* its titles are switched off: an authors line holds no "Dr." or "Sir", and with them on it
  reads the names ``Major Lee``, ``Dean Foster`` or ``Pope Francis`` as a title and a name;
* a lower-case particle it leaves on the family name (``von Oswald``) is split off as the
  particle, which is how BibTeX reads ``von Oswald, Johannes`` (the "von" part is the words
  that start in lower case, but the last) and what CSL's ``non-dropping-particle`` holds. A
  capitalised one (``Van Gogh``, ``Le Pen``) stays in the family name, and so does an elided
  one (``d'Artagnan``, one word), as BibTeX reads them too;
* a name of one word is a family name (it gives it as a given name);
* a name in a script without letter case (Chinese, Japanese, Arabic, ...) is kept whole as a
  ``literal``: which part is the family name cannot be read from it.

TeX accents (``R\\"uhle``) are turned into Unicode before splitting (``latex.to_unicode``), so
the parts are Unicode, but for BibTeX, which reads TeX and gets the name as written.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from .latex import has_tex, to_unicode


class Name(NamedTuple):
    """The parts of one name; ``literal`` alone when it cannot be split."""

    given: str = ""
    particle: str = ""
    family: str = ""
    suffix: str = ""
    literal: str = ""

    def family_with_particle(self) -> str:
        """``von Oswald``: the family name as it is written after the given names."""
        return f"{self.particle} {self.family}" if self.particle else self.family

    def inverted(self) -> str:
        """``Family, Given``: ``von Oswald, Johannes``, ``King, Jr., Martin Luther``."""
        if self.literal:
            return self.literal
        parts = [self.family_with_particle()]
        if self.suffix:
            parts.append(self.suffix)
        if self.given:
            parts.append(self.given)
        return ", ".join(parts)

    def to_csl(self) -> dict[str, str]:
        """A CSL-JSON name object."""
        if self.literal:
            return {"literal": self.literal}
        fields = {
            "family": self.family,
            "given": self.given,
            "non-dropping-particle": self.particle,
            "suffix": self.suffix,
        }
        return {key: value for key, value in fields.items() if value}


@functools.lru_cache(maxsize=4096)
def split_name(written: str, *, keep_tex: bool = False) -> Name:
    """The parts of ``written``, one author's name as the site shows it; its TeX accents are
    turned into Unicode unless ``keep_tex`` (BibTeX reads them, and the user wrote them)."""
    unicode = written if keep_tex or not has_tex(written) else to_unicode(written)
    name = " ".join(unicode.split())
    if not name:
        return Name(literal=written)
    if not _has_case(name):
        return Name(literal=name)
    parsed = _parser()(name)
    # A first word ending in "." is a title to nameparser whatever its list says ("Md.
    # Mahfuzur Rahman"): an authors line holds none, so it is a given name.
    nickname = f"({parsed.nickname})" if parsed.nickname else ""  # "Wei (David) Chen"
    given = " ".join(part for part in (parsed.title, parsed.first, nickname, parsed.middle) if part)
    family = parsed.last
    if not family:  # one word: nameparser calls it a given name (or a suffix: "Jr.")
        given, family = "", given or name
    particle = ""
    words = family.split(" ")
    while len(words) > 1 and words[0][:1].islower():
        particle = f"{particle} {words.pop(0)}".strip()
    family = " ".join(words)
    return Name(given=given, particle=particle, family=family, suffix=parsed.suffix)


def _has_case(name: str) -> bool:
    """Whether the name's letters have upper and lower case (Latin, Greek, Cyrillic, ...)."""
    return any(character.isupper() or character.islower() for character in name)


@functools.cache
def _parser() -> Any:
    from nameparser import HumanName
    from nameparser.config import Constants

    constants = Constants()
    constants.titles.remove(*list(constants.titles))
    constants.first_name_titles.remove(*list(constants.first_name_titles))
    return functools.partial(HumanName, constants=constants)

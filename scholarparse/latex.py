"""TeX accent commands to Unicode: ``G\\"odel`` -> ``Gödel``, ``{\\L}ukasz`` -> ``Łukasz``.

arXiv metadata writes accented names in TeX, and copies of the site keep them. Documents keep
names exactly as written (contract v1); this module is the one place that reads the accents,
for the authors-line rule (a TeX accent is a letter of a name) and for exports whose readers do
not read TeX. Only accents and the special letters are decoded: other TeX (math, braces that
protect case) is left as it is.
"""

from __future__ import annotations

import re
import unicodedata

from .patterns import LazyPattern, compile_pattern

# Accent commands and the combining mark each puts on the letter after it.
_SYMBOL_ACCENTS = {  # a control symbol takes the next character directly: \"o
    "'": "\u0301",  # acute
    "`": "\u0300",  # grave
    "^": "\u0302",  # circumflex
    '"': "\u0308",  # diaeresis
    "~": "\u0303",  # tilde
    "=": "\u0304",  # macron
    ".": "\u0307",  # dot above
}
_LETTER_ACCENTS = {  # a control word needs a brace or a space before its letter: \v{c}, \c c
    "u": "\u0306",  # breve
    "v": "\u030c",  # caron
    "H": "\u030b",  # double acute
    "c": "\u0327",  # cedilla
    "k": "\u0328",  # ogonek
    "d": "\u0323",  # dot below
    "b": "\u0331",  # macron below
    "r": "\u030a",  # ring above
    "t": "\u0361",  # tie, over two letters: \t{oo}
}
_SPECIAL_LETTERS = {
    "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø",
    "l": "ł", "L": "Ł", "ss": "ß", "i": "\u0131", "j": "\u0237", "dh": "ð", "DH": "Ð", "th": "þ",
    "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
}  # fmt: skip

_SPECIAL_NAMES = "|".join(sorted(_SPECIAL_LETTERS, key=len, reverse=True))
_SYMBOLS = re.escape("".join(_SYMBOL_ACCENTS))
_LETTERS = "".join(_LETTER_ACCENTS)

# One accented letter or special letter, maybe inside a group of its own: \"o, \"{o}, {\"o},
# {\"{o}}, \v{c}, \c c, \'{\i}, \'\i, {\o}, \o{}, \aa{}. The base is one letter (two for the
# tie), or the dotless \i and \j, which take accents in place of i and j.
_ACCENTED = LazyPattern(  # compiled on the first name with a backslash: most runs meet none
    re.compile,
    rf"""
    (?P<group>\{{)?                              # {{\"o}}: a group around the command
    \\(?:
        (?P<accent>[{_SYMBOLS}]|[{_LETTERS}](?![A-Za-z]))
        [ ]?                                     # \c c: a space may end a control word
        (?:\{{(?P<braced>\\[ij](?![A-Za-z])|[A-Za-z]{{1,2}})\}}
          |(?P<bare>\\[ij](?![A-Za-z])(?:[ ](?=[A-Za-z]))?|[A-Za-z]))
      | (?P<special>{_SPECIAL_NAMES})(?![A-Za-z])(?:\{{\}}|[ ](?=[A-Za-z]))?
    )
    (?(group)\}})
    """,
    re.VERBOSE,
)


def has_tex(text: str) -> bool:
    """True when ``text`` may hold a TeX command: the cheap test before ``to_unicode``."""
    return "\\" in text


def to_unicode(text: str) -> str:
    """``text`` with every TeX accent and special letter as a Unicode character, in NFC.

    What is not an accent or a special letter, or is malformed (``\\v{}``), stays as written.
    """
    if not has_tex(text):
        return text
    return unicodedata.normalize("NFC", _ACCENTED.sub(_decode, text))


def _decode(match: re.Match[str]) -> str:
    special = match.group("special")
    if special is not None:
        return _SPECIAL_LETTERS[special]
    mark = _SYMBOL_ACCENTS.get(match.group("accent")) or _LETTER_ACCENTS[match.group("accent")]
    base = match.group("braced") or match.group("bare")
    base = base.strip("\\ ")  # \i and \j: the accent stands where their dot was
    if len(base) == 2:  # the tie joins two letters: o + tie + o
        return base[0] + mark + base[1]
    return base + mark


# What BibTeX output escapes, and how. Braces become commands with balanced braces of their
# own: BibTeX counts every brace, escaped or not, so a lone "\{" would end a field early.
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIALS = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")

# Inline math as arXiv titles write it: "$" to "$" on one line, not starting or ending in a
# space ("costs $5 and $10" is not math).
MATH = compile_pattern(r"\$(?=[^\s$])[^$\n]*+(?<=\S)\$")
# What inline math from a dump may hold to pass into BibTeX as written: letters, digits,
# spaces, operators, braces, and control words from the list below (or thin spaces). An allow
# list, not a deny list: TeX has too many ways to read a file or end the document (\\input,
# \\InputIfFileExists, ^^5cinput, \\iffalse, \\end) to name them all.
_MATH_CHARACTERS = compile_pattern(
    r"(?:[A-Za-z0-9 +\-=<>()\[\]|.,;:!?/*'^_{}]|\\[A-Za-z]++|\\[,;! ])*+"
)
_CONTROL_WORD = compile_pattern(r"\\([A-Za-z]++)")
_MATH_WORDS = frozenset(
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
    xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta
    Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega nabla partial infty times cdot cdots ldots
    dots leq geq le ge neq ne approx sim simeq equiv propto in notin subset subseteq supset
    supseteq cup cap setminus sum prod int oint log ln exp sin cos tan max min arg argmax argmin
    lim sup inf det sqrt frac mathcal mathbb mathrm mathbf mathit mathsf boldsymbol text
    textrm textit textbf operatorname ell hbar hat widehat tilde widetilde bar vec dot ddot
    overline underline to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow
    Leftrightarrow mapsto uparrow downarrow pm mp circ star ast bullet langle rangle lvert
    rvert lVert rVert lfloor rfloor lceil rceil mid top bot forall exists nexists neg land lor
    wedge vee oplus otimes odot perp parallel ll gg prime emptyset varnothing left right big
    Big bigg Bigg quad qquad
    """.split()  # noqa: SIM905 (a word list reads better as words)
)
# C0 and C1 control characters but tab and line feed: LaTeX rejects them, readers choke.
_CONTROLS = compile_pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """``text`` without control characters (an ANSI escape in a dump): exports cannot hold
    them, and the terminal must not see them."""
    return _CONTROLS.sub("", text)


def safe_math(tex: str) -> bool:
    """Whether inline math from a dump (``$...$``) may go into BibTeX as written: only the
    characters and control words of the allow list above, no ``^^`` (TeX's way of writing any
    character, a backslash included), and braces balanced (BibTeX counts every brace)."""
    inner = tex[1:-1]
    return (
        _MATH_CHARACTERS.fullmatch(inner) is not None
        and "^^" not in inner
        and all(word in _MATH_WORDS for word in _CONTROL_WORD.findall(inner))
        and _balanced(inner)
    )


def escape(text: str) -> str:
    """``text`` for a BibTeX field: control characters dropped, LaTeX's special characters
    escaped, while the TeX already in it (safe inline math, accents such as ``R\\"uhle``) is
    kept as it is."""
    text = without_controls(text)
    if not _SPECIALS.search(text):
        return text
    kept = [match.span() for match in MATH.finditer(text) if safe_math(match.group())]
    if has_tex(text):
        kept += [
            match.span()
            for match in _ACCENTED.finditer(text)
            if not any(start <= match.start() < end for start, end in kept)
        ]
    pieces = []
    position = 0
    for start, end in sorted(kept):
        pieces.append(_SPECIALS.sub(_escaped, text[position:start]))
        pieces.append(text[start:end])
        position = end
    pieces.append(_SPECIALS.sub(_escaped, text[position:]))
    return "".join(pieces)


def _escaped(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def _balanced(tex: str) -> bool:
    depth = 0
    for character in tex:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0

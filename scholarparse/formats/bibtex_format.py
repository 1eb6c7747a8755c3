"""BibTeX: one ``@misc`` entry per paper, for LaTeX (BibTeX and biblatex) and reference managers.

``@misc`` because the site's papers are preprints with no venue: every BibTeX style and
biblatex know the type, where ``@online`` is biblatex's alone and wants a URL the dump does not
hold. Fields: ``title`` (words with capitals braced, so that styles which lower-case titles keep
``{LLM}`` and ``{FinanceBench}``), ``author`` (``Family, Given and ...``, ``and others`` when
the site cut the list), ``year``, ``month`` (the standard macro), ``date`` (ISO, biblatex's
field), ``abstract``, ``keywords`` (the category) and ``note`` (score and code flag).

Text is escaped for LaTeX, but TeX already in it (math, accents) is kept: BibTeX reads TeX, and
the user's copy has it so. Names are split by ``names.split_name`` the way BibTeX reads
``Family, Given``: ``von Oswald, Johannes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..latex import MATH, escape, safe_math
from ..names import split_name
from ..patterns import compile_pattern
from .citations import MONTHS, Citation, citations

# A title's tokens: inline math, a run of spaces, a word (anything else up to a space or "$";
# a control word's space stays in its word, so "Fran\c cois" is one).
_TOKEN = compile_pattern(
    rf"(?P<math>{MATH.pattern})|(?P<space>\s++)"
    r"|(?P<word>(?:\\[A-Za-z]++[ ](?=[A-Za-z])|[^\s$])++|\$)"
)
# An "@" that opens a line of a field (a paragraph of an abstract): lenient readers
# (bibtexparser 2) take it for the start of a new entry; braced, LaTeX prints it the same.
_LINE_START_AT = compile_pattern(r"(?m)(?<=\n)@")
# The word "and" inside a name: BibTeX would read it as the separator between two names.
_AND = compile_pattern(r"(?i)(?<![^\s,])and(?![^\s,])")


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    entries = [_entry(citation) for citation in citations(documents, "bibtex")]
    stream.write("\n".join(entries))


def _entry(citation: Citation) -> str:
    paper = citation.paper
    fields: list[tuple[str, str]] = []
    if paper["title"]:
        fields.append(("title", "{" + protect_case(paper["title"]) + "}"))
    if paper["authors"]:
        names = [_bibtex_name(author) for author in paper["authors"]]
        if paper["authors_truncated"]:
            names.append("others")
        fields.append(("author", "{" + " and ".join(names) + "}"))
    if (parts := citation.date_parts) is not None:
        year, month, _ = parts
        fields += [
            ("year", "{" + str(year) + "}"),
            ("month", MONTHS[month - 1]),  # the macro: styles print it in their language
            ("date", "{" + paper["date"] + "}"),
        ]
    if paper["abstract"]:
        fields.append(("abstract", "{" + escape(paper["abstract"]) + "}"))
    fields.append(("keywords", "{" + escape(paper["category"]) + "}"))
    if note := citation.note():
        fields.append(("note", "{" + escape(note) + "}"))
    body = "".join(f"  {name} = {_LINE_START_AT.sub('{@}', value)},\n" for name, value in fields)
    return f"@misc{{{citation.key},\n{body}}}\n"


def protect_case(title: str) -> str:
    """``title`` escaped, each run of words with a capital letter and each formula in braces:
    ``{Large Language Models} for {FinanceBench}``. Styles lower-case what is not braced."""
    out: list[str] = []
    group: list[str] = []  # a run of protected words and the spaces between them
    for token in _TOKEN.finditer(title):
        text = token.group()
        if token.lastgroup == "space":
            (group if group else out).append(" ")
            continue
        if token.lastgroup == "math" and safe_math(text):
            group.append(text)
        elif any(character.isupper() for character in text):
            group.append(escape(text))
        else:
            _close(group, out)
            out.append(escape(text))
    _close(group, out)
    return "".join(out)


def _close(group: list[str], out: list[str]) -> None:
    """Brace the run of protected words, leaving its trailing space outside."""
    if not group:
        return
    trailing = group[-1] == " "
    if trailing:
        group.pop()
    out.append("{" + "".join(group) + "}")
    if trailing:
        out.append(" ")
    group.clear()


def _bibtex_name(written: str) -> str:
    """``Family, Given`` as BibTeX reads it; a name that cannot be split is one braced unit."""
    name = split_name(written, keep_tex=True)
    if name.literal:
        return "{" + escape(name.literal) + "}"
    return _AND.sub(lambda word: "{" + word.group() + "}", escape(name.inverted()))

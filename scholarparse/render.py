"""Documents back into the site's layout: parsing's inverse, for fixtures, tests and benchmarks.

The layout is the one the seeds show (FORMAT.md): sections separated by one blank line, header
metrics glued to their labels, a paper's meta line directly above its title, and no newline
after the last line, as a copy from the page ends. Rendering what ``parse`` gave and parsing it
again gives the same document, line numbers aside; what the layout cannot say (which line a
header line was on, how many blank lines there were, how a number was grouped) is not kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from .errors import InputError
from .fields import Fields
from .model import AbstractsDocument, Document, ProfileDocument

# Header metric lines in the order the site prints them, as (key in "metrics", line template
# with "{space}" where a copy may put a space between label and number).
METRIC_LINES = (
    ("h_index", "h-index{space}{value}"),
    ("papers", "{value}{space}papers"),
    ("citations", "{value}{space}citations"),
    ("novelty_percent", "Novelty{space}{value}%"),
    ("ai_score", "AI Score{space}{value}"),
)

MetaParts = Literal["glued", "spaced", "tabbed", "lines"]
META_PART_SEPARATORS: dict[str, str] = {"glued": "", "spaced": " ", "tabbed": "\t", "lines": "\n"}


class Layout(NamedTuple):
    """How a copy lays the page out, one knob per way other browsers and tools differ from
    the seeds (FORMAT.md, "Copies from other browsers and tools"). Every layout parses to the
    same document; the default is the seeds' own."""

    meta_parts: MetaParts = "glued"  # "81.8CLMay 29Code", "81.8 CL May 29 Code", tabs, lines
    metric_space: bool = False  # "h-index 75" instead of "h-index75"
    metrics_on_one_line: bool = False  # every metric on one line, tab-separated
    blank_before_authors: bool = True  # a blank line between the title and the authors line
    blank_after_authors: bool = True  # a blank line between the authors line and the abstract


SEED_LAYOUT = Layout()


def render(
    document: Document | Mapping[str, Any],
    *,
    source: str | None = None,
    layout: Layout = SEED_LAYOUT,
) -> str:
    """The dump a document was parsed from, as the site lays it out (or as ``layout`` says a
    copy from another browser does).

    ``document`` is a parsed document or its dictionary form (``to_dict``, or JSON read back).
    A dictionary that is not a scholarparse document raises ``InputError`` (code
    ``bad-document``) naming ``source`` and the first field that is wrong.
    """
    if isinstance(document, ProfileDocument | AbstractsDocument):
        document = document.to_dict()
    fields = Fields(document, source, "the document")
    kind = fields.get("kind", str)
    if kind == "profile":
        return _profile(fields, layout)
    if kind == "abstracts":
        return _abstracts(fields)
    raise fields.error(f"'kind' is {kind!r}, not 'profile' or 'abstracts'")


def documents_from_json(text: str, *, source: str | None = None) -> list[Any]:
    """The documents in ``text``: one JSON document, a JSON array of them, or JSON Lines
    (what ``parse`` writes with json, with several files, and with jsonl). Text that is none
    of these raises ``InputError`` (code ``bad-json``) with the line of the first fault."""
    import json

    try:
        value = json.loads(text)
    except json.JSONDecodeError as whole:
        if not whole.msg.startswith("Extra data"):
            raise _bad_json(whole.msg, source, whole.lineno) from None
        values = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    values.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise _bad_json(error.msg, source, number) from None
        return values
    return value if isinstance(value, list) else [value]


def _bad_json(message: str, source: str | None, line: int) -> InputError:
    return InputError(
        f"not JSON: {message}",
        source=source,
        line=line,
        hint="render reads what 'scholarparse parse --format json' or '--format jsonl' writes",
        code="bad-json",
    )


def _profile(document: Fields, layout: Layout) -> str:
    name = document.get("name", str, optional=True)
    category = document.get("category", str, optional=True)
    metrics = document.fields("metrics")
    space = " " if layout.metric_space else ""
    metric_lines = [
        template.format(value=value, space=space)
        for key, template in METRIC_LINES
        if (value := metrics.get(key, int, optional=True)) is not None
    ]
    if layout.metrics_on_one_line and metric_lines:
        metric_lines = ["\t".join(metric_lines)]
    topic = [category] if category else []
    # Without a name the first header line must be a metric: a topic code there would be read
    # as the name.
    header = topic + metric_lines if name is not None else metric_lines + topic
    header += [extra.get("text", str) for extra in document.items("extra")]
    declared = document.get("declared_paper_count", int, optional=True)
    sections = [name] if name is not None else []
    if header:
        sections.append("\n".join(header))
    if declared is not None:
        sections.append(f"{declared} Paper" if declared == 1 else f"{declared} Papers")
    sections.extend(_paper(paper, layout) for paper in document.items("papers"))
    return "\n\n".join(sections)


def _paper(paper: Fields, layout: Layout) -> str:
    score = paper.get("score", (int, float), optional=True)
    parts = (
        "" if score is None else str(score),
        paper.get("category", str),
        paper.get("date_raw", str),
        "Code" if paper.get("has_code", bool) else "",
    )
    meta = META_PART_SEPARATORS[layout.meta_parts].join(part for part in parts if part)
    title = paper.get("title", str, optional=True)
    authors = ", ".join(paper.strings("authors"))
    if authors and paper.get("authors_truncated", bool):
        authors += " et al."
    affiliations = ", ".join(paper.strings("affiliations"))
    if affiliations:
        authors = f"{authors} · {affiliations}" if authors else f"· {affiliations}"
    abstract = paper.get("abstract", str, optional=True)
    text = meta if title is None else f"{meta}\n{title}"
    if authors:
        text += ("\n\n" if layout.blank_before_authors else "\n") + authors
    if abstract:
        blank = not authors or layout.blank_after_authors
        text += ("\n\n" if blank else "\n") + abstract
    return text


def _abstracts(document: Fields) -> str:
    preamble = document.get("preamble", str, optional=True)
    sections = [preamble] if preamble else []
    sections.extend("Abstract:" + entry.get("text", str) for entry in document.items("abstracts"))
    return "\n\n".join(sections)

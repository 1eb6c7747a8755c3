"""Documents back into the site's layout: parsing's inverse, for fixtures, tests and benchmarks.

The layout is the one the seeds show (FORMAT.md): sections separated by one blank line, header
metrics glued to their labels, a paper's meta line directly above its title, and no newline
after the last line, as a copy from the page ends. Rendering what ``parse`` gave and parsing it
again gives the same document, line numbers aside; what the layout cannot say (which line a
header line was on, how many blank lines there were, how a number was grouped) is not kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import InputError
from .model import AbstractsDocument, Document, ProfileDocument

# Header metric lines in the order the site prints them, as (key in "metrics", line template).
METRIC_LINES = (
    ("h_index", "h-index{}"),
    ("papers", "{}papers"),
    ("citations", "{}citations"),
    ("novelty_percent", "Novelty{}%"),
    ("ai_score", "AI Score{}"),
)


def render(document: Document | Mapping[str, Any], *, source: str | None = None) -> str:
    """The dump a document was parsed from, as the site lays it out.

    ``document`` is a parsed document or its dictionary form (``to_dict``, or JSON read back).
    A dictionary that is not a scholarparse document raises ``InputError`` (code
    ``bad-document``) naming ``source`` and the first field that is wrong.
    """
    if isinstance(document, ProfileDocument | AbstractsDocument):
        document = document.to_dict()
    fields = _Fields(document, source, "the document")
    kind = fields.get("kind", str)
    if kind == "profile":
        return _profile(fields)
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


def _profile(document: _Fields) -> str:
    name = document.get("name", str, optional=True)
    category = document.get("category", str, optional=True)
    metrics = document.fields("metrics")
    metric_lines = [
        template.format(value)
        for key, template in METRIC_LINES
        if (value := metrics.get(key, int, optional=True)) is not None
    ]
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
    sections.extend(_paper(paper) for paper in document.items("papers"))
    return "\n\n".join(sections)


def _paper(paper: _Fields) -> str:
    score = paper.get("score", (int, float), optional=True)
    meta = "".join(
        (
            "" if score is None else str(score),
            paper.get("category", str),
            paper.get("date_raw", str),
            "Code" if paper.get("has_code", bool) else "",
        )
    )
    title = paper.get("title", str, optional=True)
    authors = ", ".join(paper.strings("authors"))
    if authors and paper.get("authors_truncated", bool):
        authors += " et al."
    affiliations = ", ".join(paper.strings("affiliations"))
    if affiliations:
        authors = f"{authors} · {affiliations}" if authors else f"· {affiliations}"
    abstract = paper.get("abstract", str, optional=True)
    paragraphs = [meta if title is None else f"{meta}\n{title}", authors, abstract or ""]
    return "\n\n".join(part for part in paragraphs if part)


def _abstracts(document: _Fields) -> str:
    preamble = document.get("preamble", str, optional=True)
    sections = [preamble] if preamble else []
    sections.extend("Abstract:" + entry.get("text", str) for entry in document.items("abstracts"))
    return "\n\n".join(sections)


class _Fields:
    """Typed reads from one JSON object, each failure a one-line ``bad-document`` error that
    says where in the document it is (``papers[3].title``)."""

    def __init__(self, data: object, source: str | None, where: str) -> None:
        self._source = source
        self._where = where
        if not isinstance(data, Mapping):
            raise self.error(f"{where} is {_json_type(data)}, not an object")
        self._data = data

    def error(self, message: str) -> InputError:
        return InputError(
            f"not a scholarparse document: {message}",
            source=self._source,
            hint="render reads what 'scholarparse parse --format json' writes",
            code="bad-document",
        )

    def get(self, key: str, types: type | tuple[type, ...], *, optional: bool = False) -> Any:
        if key not in self._data:
            raise self.error(f"{self._path(key)} is missing")
        value = self._data[key]
        if value is None and optional:
            return None
        wanted = types if isinstance(types, tuple) else (types,)
        # bool is an int to Python, never to a document: a score or a count of true is wrong.
        if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
            names = " or ".join(_TYPE_NAMES[kind] for kind in wanted)
            raise self.error(f"{self._path(key)} is {_json_type(value)}, not {names}")
        return value

    def fields(self, key: str) -> _Fields:
        return _Fields(self.get(key, dict), self._source, self._path(key))

    def items(self, key: str) -> list[_Fields]:
        return [
            _Fields(item, self._source, f"{self._path(key)}[{number}]")
            for number, item in enumerate(self.get(key, list))
        ]

    def strings(self, key: str) -> list[str]:
        values: list[str] = self.get(key, list)
        for number, value in enumerate(values):
            if not isinstance(value, str):
                path = f"{self._path(key)}[{number}]"
                raise self.error(f"{path} is {_json_type(value)}, not a string")
        return values

    def _path(self, key: str) -> str:
        return key if self._where == "the document" else f"{self._where}.{key}"


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "an object",
}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return next((name for kind, name in _TYPE_NAMES.items() if isinstance(value, kind)), "a value")

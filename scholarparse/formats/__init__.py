"""Output formats: one module each, all with ``render(documents, stream, *, single)``.

``documents`` are ``to_dict()`` results; ``single`` says the user asked for one document, so the
structured formats print it bare rather than as a one-item list. Modules are imported only when
chosen, so ``--format json`` never loads Rich or PyYAML.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol, TextIO

FORMATS = ("table", "json", "jsonl", "yaml", "csv", "bibtex", "csl-json", "ris")
CITATION_FORMATS = ("bibtex", "csl-json", "ris")  # papers of profiles only: formats/citations.py


class UnsupportedDocuments(ValueError):
    """A format cannot hold these documents (CSV: profiles and abstract lists together;
    BibTeX: an abstract list); ``source``: the document's, when one is to blame."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class Renderer(Protocol):
    def __call__(
        self, documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool
    ) -> None: ...


def renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name`` (one of ``FORMATS``)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}_format")
    render: Renderer = module.render
    return render


# Above this many papers and abstracts, JSON is written by orjson (``fast_json``): the same
# bytes, several times faster, at an import cost (about 10 ms) that only large output repays.
_FAST_JSON_RECORDS = 2000


def worth_fast_json(documents: Sequence[dict[str, Any]]) -> bool:
    records = sum(
        len(items)
        for document in documents
        for items in (document.get("papers"), document.get("abstracts"))
        if isinstance(items, list)  # a stats document's "papers" is a count
    )
    return records > _FAST_JSON_RECORDS

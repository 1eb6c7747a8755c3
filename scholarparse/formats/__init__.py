"""Output formats: one module each, all with ``render(documents, stream, *, single)``.

``documents`` are ``to_dict()`` results; ``single`` says the user asked for one document, so the
structured formats print it bare rather than as a one-item list. Modules are imported only when
chosen, so ``--format json`` never loads Rich or PyYAML.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol, TextIO

FORMATS = ("table", "json", "jsonl", "yaml", "csv")


class UnsupportedDocuments(ValueError):
    """A format cannot hold these documents together (CSV: profiles and abstract lists)."""


class Renderer(Protocol):
    def __call__(
        self, documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool
    ) -> None: ...


def renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name`` (one of ``FORMATS``)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{name}_format")
    render: Renderer = module.render
    return render

"""Citation exports as library calls: ``to_bibtex``, ``to_csl_json`` and ``to_ris``.

Each takes one profile document or several (parsed, or their ``to_dict()`` / JSON form) and
gives the text ``--format bibtex``, ``csl-json`` or ``ris`` writes, with citation keys unique
across all of them. Papers without a readable date are written without one;
``undated_warnings`` lists them, as the command line does on stderr.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import InputError
from .formats import UnsupportedDocuments, renderer
from .formats.citations import undated
from .model import Document
from .reading import document_from_dict

Documents = Document | Mapping[str, Any] | Iterable[Document | Mapping[str, Any]]


def to_bibtex(documents: Documents) -> str:
    """BibTeX: one ``@misc`` entry per paper."""
    return _export("bibtex", documents)


def to_csl_json(documents: Documents) -> str:
    """CSL-JSON: a JSON array with one ``article`` item per paper."""
    return _export("csl-json", documents)


def to_ris(documents: Documents) -> str:
    """RIS: one ``UNPB`` record per paper, CRLF line ends."""
    return _export("ris", documents)


def undated_warnings(documents: Documents) -> list[str]:
    """``FILE:LINE: warning: ... [undated-export]`` for each paper exported without a date."""
    return list(undated(_dicts(documents)))


def _export(format_name: str, documents: Documents) -> str:
    buffer = io.StringIO()
    try:
        renderer(format_name)(_dicts(documents), buffer, single=False)
    except UnsupportedDocuments as error:
        raise InputError(str(error), code="unsupported-format") from None
    return buffer.getvalue()


def _dicts(documents: Documents) -> list[dict[str, Any]]:
    """Every document as a checked ``to_dict()``: a dictionary is read back field by field, so
    a wrong one fails with ``bad-document`` naming the field, never with a KeyError."""
    if isinstance(documents, Document | Mapping):
        documents = [documents]
    return [
        (item if isinstance(item, Document) else document_from_dict(item)).to_dict()
        for item in documents
    ]

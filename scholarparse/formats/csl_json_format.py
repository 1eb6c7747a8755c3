"""CSL-JSON: the items that Zotero, pandoc's citeproc and every CSL processor read.

One item per paper: ``type`` ``article`` (CSL's type for a preprint), ``id`` (the citation key),
``title``, ``author`` (split names, or ``literal`` for a name that cannot be split), ``issued``
(``date-parts``), ``abstract``, ``keyword`` (the category) and ``note`` (score, code flag, and
that the site cut the author list: CSL has no "et al." of its own). CSL processors do not read
TeX, so accents become Unicode (``R\\"uhle`` -> ``Rühle``); math is left as written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from ..latex import to_unicode
from ..names import split_name
from .citations import Citation, citations


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    items = [item(citation) for citation in citations(documents, "csl-json")]
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def item(citation: Citation) -> dict[str, Any]:
    """The CSL-JSON item of one paper."""
    paper = citation.paper
    value: dict[str, Any] = {"id": citation.key, "type": "article"}
    if paper["title"]:
        value["title"] = to_unicode(paper["title"])
    if paper["authors"]:
        value["author"] = [split_name(author).to_csl() for author in paper["authors"]]
    if (parts := citation.date_parts) is not None:
        value["issued"] = {"date-parts": [parts]}
    if paper["abstract"]:
        value["abstract"] = to_unicode(paper["abstract"])
    value["keyword"] = paper["category"]
    if note := citation.note(cut_list=True):  # CSL has no "et al." of its own
        value["note"] = note
    return value

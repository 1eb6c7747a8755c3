"""Documents as a ``dask.bag``, for people who compose their own Dask pipelines.

``documents(paths)`` finds the dumps as ``batch`` does (files, and directories walked with
``patterns``) and gives a bag whose items are parsed documents, one per file, in the order of
the sorted paths. Each partition is parsed where Dask runs it, so the paths must be readable
there (a shared filesystem). A file that fails is an item too: the ``ScholarparseError`` it
raised, so that one bad dump does not stop the pipeline and none disappears unseen::

    import scholarparse.dask
    bag = scholarparse.dask.documents(["dumps/"], as_of="2026-11-22")
    papers = bag.filter(lambda d: d.kind == "profile").map(lambda d: len(d.papers)).sum()
    papers.compute()

Needs the dask extra: ``pip install 'scholarparse[dask]'``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .api import parse_file
from .batch.inputs import collect
from .errors import InputError, ScholarparseError
from .extras import require
from .model import Document

PARTITION_SIZE = 32  # files a partition parses: a task's work, against its scheduling cost


def documents(
    paths: Sequence[str],
    *,
    patterns: Sequence[str] = ("*.txt",),
    as_of: dt.date | str | None = None,
    encoding: str = "auto",
    partition_size: int = PARTITION_SIZE,
) -> Any:
    """A ``dask.bag.Bag`` of the documents of every dump under ``paths``: a ``Document`` per
    file, or the ``ScholarparseError`` it failed with. ``as_of`` as in ``parse_file`` (default
    today); ``encoding`` is ``auto`` as in ``batch``."""
    bag = require("dask.bag", "dask", "scholarparse.dask")
    found = [item.source for item in collect(list(paths), tuple(patterns), exclude=[])]
    if not found:
        raise InputError(
            "no input files matched " + " or ".join(f"'{p}'" for p in patterns),
            source=", ".join(paths),
            code="no-inputs",
        )
    return bag.from_sequence(found, partition_size=partition_size).map(
        _document, as_of=as_of, encoding=encoding
    )


def _document(
    path: str, *, as_of: dt.date | str | None, encoding: str
) -> Document | ScholarparseError:
    try:
        return parse_file(path, encoding=encoding, as_of=as_of)
    except ScholarparseError as error:
        return error

"""Which files a batch converts: the paths named, directories walked, in one sorted order.

Sorting once, here, is what makes every destination list the inputs in the same order whatever
the number of worker processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from .globs import Matcher, matcher


class Input(NamedTuple):
    """One file to convert.

    ``source`` is the path as the user would write it (the named directory joined with the path
    below it), which is what ``scholarparse parse`` would print as the document's source.
    ``relative`` is its path below the named directory (for a file named directly: its name),
    which ``--out-dir`` mirrors.
    """

    source: str
    relative: str


def collect(
    paths: Iterable[str], patterns: Sequence[str], exclude: Iterable[str] = ()
) -> list[Input]:
    """Files named directly, and files under named directories that match any of ``patterns``
    (``globs.matcher``: ``*.txt``, ``*.{txt,md}``, ``2026/**/*.txt``).

    Directories are walked recursively without following symbolic links to directories (which
    could loop), skipping any directory in ``exclude`` (the output directory, when it lies
    inside an input), and hidden files and directories (``.DS_Store``, ``.git``) below the
    paths named. A path that does not exist is kept: reading it reports the error. Sorted by
    source, each file once.
    """
    matches = matcher(patterns)
    excluded = {os.path.realpath(path) for path in exclude}
    found: dict[str, Input] = {}
    for path in paths:
        if os.path.isdir(path):
            for item in _walk(path, matches, excluded):
                found.setdefault(item.source, item)
        else:
            found.setdefault(path, Input(path, os.path.basename(path)))
    return [found[source] for source in sorted(found)]


def _walk(root: str, matches: Matcher, excluded: set[str]) -> Iterator[Input]:
    # A directory that cannot be listed is an input too: reading it fails with the reason
    # (permission-denied), where os.walk alone would skip its dumps without a word.
    unlisted: list[str] = []
    for directory, subdirectories, names in os.walk(root, onerror=_remember(unlisted)):
        subdirectories[:] = [
            name
            for name in subdirectories
            if not name.startswith(".")
            and os.path.realpath(os.path.join(directory, name)) not in excluded
        ]
        below = os.path.relpath(directory, root)  # once per directory: about 5 us a call
        for name in names:
            relative = name if below == os.curdir else os.path.join(below, name)
            if not name.startswith(".") and matches(relative):
                yield Input(os.path.join(directory, name), relative)
    for directory in unlisted:
        below = os.path.relpath(directory, root)
        yield Input(directory, os.path.basename(directory) if below == os.curdir else below)


def _remember(unlisted: list[str]) -> Callable[[OSError], None]:
    def remember(error: OSError) -> None:
        unlisted.append(error.filename)

    return remember


FileId = tuple[int, int]  # (device, inode): the same file whatever the path that names it


def file_ids(paths: Iterable[str]) -> set[FileId]:
    """Which files ``paths`` name, symbolic links followed; paths naming nothing are left out."""
    found = set()
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            continue
        found.add((status.st_dev, status.st_ino))
    return found

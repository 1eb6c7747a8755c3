"""Where output goes: standard output, or a named file replaced whole.

A file is written to a temporary file beside it and renamed over it, so a reader never sees
half a document and a failed run leaves the old file as it was. A symlink is followed (its
target is replaced, the link stays), and a path that is not a regular file - ``/dev/stdout``,
``/dev/null``, a named pipe - is written through, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import TextIO

from .errors import OutputError

FORMAT_BY_SUFFIX = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
    ".txt": "table",
    ".bib": "bibtex",
    ".ris": "ris",
}
# Suffixes of two parts, looked up before the last part alone.
FORMAT_BY_DOUBLE_SUFFIX = {".csl.json": "csl-json"}


def choose_format(requested: str | None, path: str | None, stdout_is_terminal: bool) -> str:
    """The format asked for; else the output file's suffix; else a table only for a person."""
    if requested:
        return requested
    if path is not None:
        suffixes = "".join(PurePath(path).suffixes[-2:]).lower()
        if suffixes in FORMAT_BY_DOUBLE_SUFFIX:
            return FORMAT_BY_DOUBLE_SUFFIX[suffixes]
        return FORMAT_BY_SUFFIX.get(PurePath(path).suffix.lower(), "json")
    return "table" if stdout_is_terminal else "json"


def refuse_to_replace_an_input(path: str, inputs: Iterable[str]) -> None:
    """Raise ``OutputError`` (``unsafe-output-path``) when ``path`` is one of ``inputs``.

    The same file is found by device and inode, through any spelling or link: ``-o`` would
    replace the dump with its document, and the copy would be gone. Only a regular file can
    be lost so; a device or a pipe (``/dev/stdout``) is written through, never replaced.
    """
    try:
        target = os.stat(path)
    except OSError:
        return  # not there: nothing to lose (an unreachable one is the write's error)
    if not stat.S_ISREG(target.st_mode):
        return
    for name in inputs:
        try:
            same = os.path.samestat(target, os.stat(name))
        except OSError:
            continue  # reading it reports why
        if same:
            raise OutputError(
                "the output would replace an input",
                source=path,
                hint="write the document to another file",
                code="unsafe-output-path",
            )


def write_file(path: str, content: str) -> None:
    """Replace ``path`` with ``content`` atomically; see the module's docstring."""
    with replacing(path) as stream:
        stream.write(content)


@contextlib.contextmanager
def replacing(path: str) -> Iterator[TextIO]:
    """A UTF-8 stream whose text replaces ``path`` when the block ends without an exception.

    An exception leaves ``path`` as it was. ``OSError`` becomes ``OutputError``.
    """
    target = os.path.realpath(path)
    try:
        existing = os.stat(path)  # through links, /dev/stdout's to a pipe included
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise _output_error(path, error) from None
    try:
        if existing is not None and (
            not stat.S_ISREG(existing.st_mode) or path.startswith(_OPEN_DESCRIPTORS)
        ):
            # A device, a pipe, or an open descriptor (/dev/stdout redirected to a file):
            # written through, as the shell opened it; renaming over it would lose the rest.
            with open(path, "w", encoding="utf-8", newline="") as stream:
                yield stream
            return
        if existing is not None and not os.access(target, os.W_OK):
            raise PermissionError(13, "Permission denied")
        mode = stat.S_IMODE(existing.st_mode) if existing else _new_file_mode()
        import tempfile  # with shutil and the compression modules: only for -o

        handle, temporary = tempfile.mkstemp(
            dir=os.path.dirname(target), prefix=".scholarparse-", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                yield stream
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise _output_error(path, error) from None


# Names of a process's own open files: what they point at is the shell's to manage.
_OPEN_DESCRIPTORS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def _new_file_mode() -> int:
    """What ``open()`` would give a new file: 0o666 less the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _output_error(path: str, error: OSError) -> OutputError:
    return OutputError(f"cannot write: {error.strerror or error}", source=path)

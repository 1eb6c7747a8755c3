"""Chunk outputs handed to the main process through files beside the target, not through pipes.

A worker that sends a chunk's JSON lines through its pipe costs the main process a read, a
reassembly and an unpickling of every byte before it writes them: a third of its CPU time on
the bench corpus, on a machine where the workers want both cores, and 364 MB over a socket for
10,000 files with ``--dask local:2``. Instead, the worker writes the chunk's payloads into one
file of a spool directory that the destination made beside its target, and sends only where
each payload lies (``Spooled``). The destination copies those ranges into its file with
``os.sendfile``, which moves them inside the kernel, and removes each chunk file as soon as
its last payload is copied. Linux only, where ``sendfile`` copies between files; elsewhere, and
whenever the spool cannot be written, the payloads travel as before.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

if TYPE_CHECKING:
    from .convert import Outcome

# ``sendfile`` between two regular files is Linux's (2.6.33 and later).
AVAILABLE = sys.platform == "linux"


class Spooled(NamedTuple):
    """Where a payload lies: ``length`` bytes at ``offset`` of the chunk file ``path``;
    ``last`` for the file's last payload, after which it can go."""

    path: str
    offset: int
    length: int
    last: bool


def make_directory(partial: str) -> str | None:
    """A new private directory next to the hidden file ``partial`` (``.NAME.partial``), named
    after it, or ``None`` when the spool cannot be used (not Linux, or no directory made)."""
    if not AVAILABLE:
        return None
    import tempfile  # here and below: a batch of one process never loads it

    directory, name = os.path.split(os.path.abspath(partial))
    try:
        return tempfile.mkdtemp(dir=directory, prefix=f"{name}{_SUFFIX}")
    except OSError:
        return None


_SUFFIX = ".spool-"


def remove_stale(partial: str) -> None:
    """Remove what runs killed before their end (SIGTERM, SIGKILL) left spooled for the same
    ``partial``: no two runs write one partial file at once, so none is in use."""
    if not AVAILABLE:
        return  # no spool is ever made there
    directory, name = os.path.split(os.path.abspath(partial))
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith(name + _SUFFIX) and entry.is_dir(follow_symlinks=False):
                _remove_spool(entry.path)


def _remove_spool(path: str) -> None:
    """Remove a spool directory and the chunk files in it; what cannot be removed stays.

    Through a descriptor of the directory, opened without following a symbolic link, as
    ``shutil.rmtree`` does on Linux: a spool swapped for a link between the caller's look and
    this (another user can, in a shared ``/tmp``) cannot make it remove files elsewhere; what
    it removes are names in the directory it opened. Not ``rmtree`` itself, whose import
    (zlib, bz2, lzma) cost every ``--jsonl FILE`` batch 3 ms.
    """
    try:
        directory = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        with os.scandir(directory) as entries:
            names = [entry.name for entry in entries]
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=directory)
    except OSError:
        return
    finally:
        os.close(directory)
    with contextlib.suppress(OSError):
        os.rmdir(path)  # a link put in its place is not a directory: refused


def spool(outcomes: Sequence[Outcome], directory: str) -> list[Outcome]:
    """Runs in the worker: the chunk's payloads written to one new file of ``directory``, and
    the outcomes saying where. A spool that cannot be written leaves the payloads as they are:
    the main process then writes them itself, and reports the error if its own write fails.
    """
    import tempfile

    at = [number for number, outcome in enumerate(outcomes) if _spoolable(outcome.payload)]
    if not at:  # every input of the chunk failed: nothing to write
        return list(outcomes)
    try:
        descriptor, path = tempfile.mkstemp(dir=directory, prefix="chunk-")
    except OSError:
        return list(outcomes)
    spooled = list(outcomes)
    offset = 0
    try:
        with os.fdopen(descriptor, "wb") as stream:
            for number in at:
                payload = outcomes[number].payload
                stream.write(payload)
                where = Spooled(path, offset, len(payload), number == at[-1])
                spooled[number] = outcomes[number]._replace(payload=where)
                offset += len(payload)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)
        return list(outcomes)
    return spooled


def _spoolable(payload: object) -> bool:
    return type(payload) is bytes and bool(payload)


class Copier:
    """Copies spooled payloads into ``stream``, in the order given: ranges that follow each
    other in one chunk file are copied with one system call, and a chunk file is removed as
    soon as its last payload is copied."""

    def __init__(self, stream: BinaryIO, directory: str) -> None:
        self._stream = stream
        self.directory = directory
        self._pending: Spooled | None = None  # the ranges not yet copied, as one

    def add(self, payload: Spooled) -> None:
        if os.path.dirname(payload.path) != self.directory:  # only ever our own chunk files
            raise OSError(errno.EINVAL, f"spooled output outside the spool: {payload.path}")
        pending = self._pending
        if (
            pending is not None
            and pending.path == payload.path
            and pending.offset + pending.length == payload.offset
        ):
            payload = Spooled(
                pending.path, pending.offset, pending.length + payload.length, payload.last
            )
        else:
            self.flush()
        self._pending = payload
        if payload.last:
            self.flush()

    def flush(self) -> None:
        """Copy what is pending; call before anything else is written to the stream."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        self._stream.flush()
        _copy(pending, self._stream)
        if pending.last:
            with contextlib.suppress(OSError):
                os.unlink(pending.path)

    def close(self) -> None:
        """Copy what is pending, then remove the spool directory, also when the copy fails."""
        try:
            self.flush()
        finally:
            _remove_spool(self.directory)


_PIECE = 1 << 20  # what the fallback copy reads at a time


def _copy(source: Spooled, stream: BinaryIO) -> None:
    """``source``'s bytes appended to ``stream`` at its position, in the kernel where it can."""
    with open(source.path, "rb") as chunk:
        offset, left = source.offset, source.length
        target = stream.fileno()
        try:
            while left:
                sent = os.sendfile(target, chunk.fileno(), offset, left)
                if sent == 0:
                    break
                offset += sent
                left -= sent
        except OSError as error:
            if error.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                raise
        chunk.seek(offset)
        while left:  # a file system sendfile refuses, or a chunk file shorter than said
            data = chunk.read(min(left, _PIECE))
            if not data:
                raise OSError(errno.EIO, f"spooled output {source.path} was cut short")
            stream.write(data)
            left -= len(data)
        stream.flush()
    stream.seek(0, os.SEEK_END)  # the buffered stream's idea of its position: after the copy

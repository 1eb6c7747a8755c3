"""Chunk outputs handed to the main process through files beside the target, not through pipes.

A worker that sends a chunk's JSON lines through its pipe costs the main process a read, a
reassembly and an unpickling of every byte before it writes them: a third of its CPU time on
the bench corpus, on a machine where the workers want both cores, and 364 MB over a socket for
10,000 files with ``--dask local:2``. Instead, the worker writes the chunk's payloads into one
file of a spool directory that the destination made beside its target, and sends only where
each payload lies (``Spooled``). The destination copies those ranges into its file with
``os.sendfile``, which moves them inside the kernel, and removes each chunk file once it has
moved past it. Linux only, where ``sendfile`` copies between files; elsewhere, and whenever the
spool cannot be written, the payloads travel as before.
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
    """Where a payload lies: ``length`` bytes at ``offset`` of the chunk file ``path``."""

    path: str
    offset: int
    length: int


def make_directory(beside: str) -> str | None:
    """A new private directory next to the file ``beside``, or ``None`` when the spool cannot
    be used (not Linux, or the directory cannot be made)."""
    if not AVAILABLE:
        return None
    import tempfile  # here and below: a batch of one process never loads it (6 ms with shutil)

    directory, name = os.path.split(os.path.abspath(beside))
    try:
        return tempfile.mkdtemp(dir=directory, prefix=f".{name}.spool-")
    except OSError:
        return None


def spool(outcomes: Sequence[Outcome], directory: str) -> list[Outcome]:
    """Runs in the worker: the chunk's payloads written to one new file of ``directory``, and
    the outcomes saying where. A spool that cannot be written leaves the payloads as they are:
    the main process then writes them itself, and reports the error if its own write fails.
    """
    import tempfile

    try:
        descriptor, path = tempfile.mkstemp(dir=directory, prefix="chunk-")
    except OSError:
        return list(outcomes)
    spooled = []
    offset = 0
    try:
        with os.fdopen(descriptor, "wb") as stream:
            for outcome in outcomes:
                payload = outcome.payload
                if type(payload) is bytes and payload:
                    stream.write(payload)
                    outcome = outcome._replace(payload=Spooled(path, offset, len(payload)))
                    offset += len(payload)
                spooled.append(outcome)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)
        return list(outcomes)
    return spooled


class Copier:
    """Copies spooled payloads into ``stream``, in the order given: ranges that follow each
    other in one chunk file are copied with one system call, and a chunk file is removed once
    a payload of another comes."""

    def __init__(self, stream: BinaryIO, directory: str) -> None:
        self._stream = stream
        self.directory = directory
        self._pending: Spooled | None = None  # the ranges not yet copied, as one

    def add(self, payload: Spooled) -> None:
        pending = self._pending
        if pending is not None and pending.path == payload.path:
            if pending.offset + pending.length == payload.offset:
                self._pending = pending._replace(length=pending.length + payload.length)
                return
            self.flush()
        elif pending is not None:
            self.flush()
            with contextlib.suppress(OSError):
                os.unlink(pending.path)
        self._pending = payload

    def flush(self) -> None:
        """Copy what is pending; call before anything else is written to the stream."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self._stream.flush()
            _copy(pending, self._stream)

    def close(self) -> None:
        """Copy what is pending, then remove the spool directory, also when the copy fails."""
        import shutil

        try:
            self.flush()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


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
        if left:  # a file system sendfile refuses, or a chunk file shorter than said
            chunk.seek(offset)
            data = chunk.read(left)
            if len(data) != left:
                raise OSError(errno.EIO, f"spooled output {source.path} was cut short")
            stream.write(data)
            stream.flush()
    stream.seek(0, os.SEEK_END)  # the buffered stream's idea of its position: after the copy

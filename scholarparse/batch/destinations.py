"""Where a batch writes: JSON Lines (a file or stdout) or one file per input in a directory.

Both write nothing half-done. JSON Lines go to a ``.partial`` file beside the target, renamed
over it when the batch ends, so an interrupted run leaves the old target untouched and a partial
file that ``--resume`` completes. Files in ``--out-dir`` are each written to a temporary file and
renamed. The database, the third destination, is in ``database.py``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import stat
import sys
import time
from typing import BinaryIO

from ..errors import InputError, OutputError, ReaderLeft
from ..formats import UnsupportedDocuments, renderer
from ..formats.fast_json import compact, indented
from ..model import Document
from .convert import Failure, Outcome
from .inputs import FileId, Input, file_ids
from .spool import Copier, Spooled, remove_stale
from .spool import make_directory as make_spool_directory

STDOUT = "-"


def jsonl_line(document: Document) -> bytes:
    """The document as one line of JSON Lines, as ``scholarparse parse --format jsonl`` prints."""
    return compact(document.to_dict()) + b"\n"


# The suffix of --out-dir files, where it is not the format's name.
SUFFIXES = {"bibtex": ".bib", "csl-json": ".csl.json", "ris": ".ris"}


def rendered(output_format: str, document: Document) -> bytes:
    """The document as ``scholarparse parse --format FORMAT`` prints it; a format that cannot
    hold it (BibTeX of an abstract list) fails this input with ``unsupported-format``."""
    if output_format == "json":
        value = document.to_dict()
        return indented(value, [value]) + b"\n"
    buffer = io.StringIO()
    try:
        renderer(output_format)([document.to_dict()], buffer, single=True)
    except UnsupportedDocuments:  # a citation format of an abstract list: say what batch has
        raise InputError(
            f"{output_format} holds the papers of profiles, not an abstract-only dump; "
            "convert it with -f json or -f yaml, or to --jsonl, --db or --parquet",
            source=document.source,
            code="unsupported-format",
        ) from None
    return buffer.getvalue().encode()


def undated_warnings(document: Document) -> tuple[str, ...]:
    """The warnings of a citation format's export: papers written without a date."""
    from ..formats.citations import undated

    return tuple(undated([document.to_dict()]))


class JsonLines:
    """One document per line, in input order, to a file or to stdout."""

    def __init__(self, target: str, *, resume: bool, settings: str = "") -> None:
        """``settings``: what documents are made with (version, --as-of, --encoding). A partial
        file made with other settings is started afresh by --resume, never continued: the
        output is then as one clean run with these settings would make it."""
        self.target = target
        self.done: set[str] = set()  # sources already in the partial file (--resume)
        self.saved = 0
        self._stream: BinaryIO
        self._written = False  # any document in the partial file
        self._copier: Copier | None = None  # copies the lines workers spooled (spool())
        if target == STDOUT:
            self.partial = None
            if sys.stdout is None:  # started with stdout closed (>&-)
                raise OutputError("cannot write: standard output is closed", source="<stdout>")
            sys.stdout.flush()
            self._stream = sys.stdout.buffer
            return
        directory, name = os.path.split(os.path.abspath(target))
        self.partial = os.path.join(directory, f".{name}.partial")
        self._settings_file = self.partial + ".settings"
        remove_stale(self.partial)
        try:
            continuing = (
                resume
                and os.path.exists(self.partial)
                and _read_text(self._settings_file) == settings
            )
            if continuing:
                self.done = _complete_lines(self.partial)
                self._written = bool(self.done)
            else:
                with open(self._settings_file, "w", encoding="utf-8") as stream:
                    stream.write(settings)
            # Closed in close(): the stream lives as long as the batch. Not opened to append
            # (O_APPEND), which sendfile refuses (spool.py): a resumed file is written at its end.
            self._stream = open(self.partial, "r+b" if continuing else "wb")  # noqa: SIM115
            self._stream.seek(0, os.SEEK_END)
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror}", source=target) from None

    def skips(self, item: Input) -> bool:
        return item.source in self.done

    def known_sha256(self, item: Input) -> str | None:
        return None

    def spool(self) -> str | None:
        """A directory beside the partial file where workers may leave their chunks' lines for
        ``write`` to copy in (``spool.py``), made on the first call; ``None`` for stdout."""
        if self._copier is None and self.partial is not None:
            directory = make_spool_directory(self.partial)
            if directory is not None:
                self._copier = Copier(self._stream, directory)
        return None if self._copier is None else self._copier.directory

    def write(self, outcome: Outcome) -> Failure | None:
        payload = outcome.payload
        if payload is not None:
            self._written = True
            try:
                if type(payload) is Spooled:
                    assert self._copier is not None, "a spooled line without a spool"
                    self._copier.add(payload)
                else:
                    if self._copier is not None:
                        self._copier.flush()
                    self._stream.write(payload)
            except OSError as error:
                raise self._write_error(error) from None
            # A whole line: the partial file keeps it (close copies the rest). On stdout, a
            # Ctrl-C raised as a write returns leaves its line uncounted, and one that stops a
            # write to a reader that waits leaves a torn line uncounted: "N saved" are whole.
            self.saved += 1
        return None

    def _write_error(self, error: OSError) -> OutputError:
        if self.partial is None and isinstance(error, BrokenPipeError):
            return ReaderLeft("the reader of standard output left", source=self.target)
        return OutputError(f"cannot write: {error.strerror}", source=self.target)

    def close(self, *, completed: bool) -> None:
        """Flush; when the batch completed, put the partial file in place of the target.

        A batch that converted nothing (every input failed) leaves an existing target as it
        was, as ``-o`` does.
        """
        try:
            try:
                self._finish_writing()
            except OSError:
                if self.partial is None:
                    raise
                if completed:  # the batch fails here, its partial file kept whole for --resume
                    _cut_torn_line(self.partial)
                    raise
                # The batch stopped already, and says why (a full disk fails the write that
                # stopped it, then this flush of the rest): the torn line is still cut below.
            if self.partial is None:
                return
            if not completed:
                # A Ctrl-C can land halfway through a copy of spooled lines, a full disk halfway
                # through a line: the partial file keeps whole lines only. And they are counted
                # from the file, not as they are written: a Ctrl-C can land between a line's
                # write and its count.
                _cut_torn_line(self.partial)
                self.saved = _count_lines(self.partial) - len(self.done)
                if self.saved == 0 and not self.done:  # stopped before any line: no trace
                    os.unlink(self.partial)
                    os.unlink(self._settings_file)
                return
            target = os.path.realpath(self.target)
            if self._written or not os.path.exists(target):
                os.replace(self.partial, target)
            else:
                os.unlink(self.partial)
            os.unlink(self._settings_file)
        except OSError as error:
            raise self._write_error(error) from None

    def _finish_writing(self) -> None:
        """Copy what is spooled, flush and close the partial file; it is closed also when the
        copy or the flush fails, whose error is the one raised."""
        try:
            if self._copier is not None:
                self._copier.close()
            self._stream.flush()
        except BaseException:
            if self.partial is not None:
                with contextlib.suppress(OSError):  # flushing again fails the same way
                    self._stream.close()
            raise
        if self.partial is not None:
            self._stream.close()  # an error here (a network file system's) is reported


def _cut_torn_line(path: str) -> None:
    """Truncate the file after its last line end, reading back from its end."""
    with open(path, "r+b") as stream:
        size = end = stream.seek(0, os.SEEK_END)
        keep = 0
        while end > 0:
            start = max(0, end - (1 << 16))
            stream.seek(start)
            newline = stream.read(end - start).rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        if keep < size:
            stream.truncate(keep)


def _count_lines(path: str) -> int:
    with open(path, "rb") as stream:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except (OSError, UnicodeDecodeError):
        return None


def _complete_lines(partial: str) -> set[str]:
    """Sources of the complete lines of an interrupted run; a torn last line is cut off."""
    done: set[str] = set()
    keep = 0
    with open(partial, "rb") as stream:
        for line in stream:
            if not line.endswith(b"\n"):
                break
            try:
                source = json.loads(line)["source"]
            except (ValueError, KeyError, TypeError):
                break
            done.add(source)
            keep += len(line)
    os.truncate(partial, keep)
    return done


# Where --out-dir records the settings its files were made with (a hidden file: batch never
# reads it as a dump).
SETTINGS_FILE = ".scholarparse-settings"


class OutDir:
    """One file per input below ``directory``, mirroring the inputs' relative paths.

    Paths are resolved one directory at a time with ``O_NOFOLLOW`` relative to the directory
    above, so neither ``..`` nor a symbolic link planted inside the output directory can lead a
    write outside it; and no output may replace one of the inputs.
    """

    def __init__(
        self,
        directory: str,
        output_format: str,
        *,
        resume: bool,
        inputs: list[Input],
        settings: str = "",
    ) -> None:
        """``settings``: what documents are made with. The directory records them with the
        time they were first used (``SETTINGS_FILE``); --resume skips only outputs written
        since, so outputs made with other settings are made again, never kept beside new ones.
        """
        self.directory = directory
        self.suffix = SUFFIXES.get(output_format, "." + output_format)
        self.resume = resume
        self._inputs = file_ids(item.source for item in inputs)
        self._written: dict[str, str] = {}  # output name -> the input it came from
        self.saved = 0
        try:
            os.makedirs(directory, exist_ok=True)
            self._root = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            self._since = self._settings_since(settings)
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror}", source=directory) from None

    def _settings_since(self, settings: str) -> int:
        """When outputs of ``settings`` started being written here (ns), recording it."""
        recorded = None
        with contextlib.suppress(OSError, ValueError, UnicodeDecodeError):
            descriptor = os.open(SETTINGS_FILE, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=self._root)
            with os.fdopen(descriptor, "rb") as stream:
                recorded = json.loads(stream.read())
        if isinstance(recorded, dict) and recorded.get("settings") == settings:
            return int(recorded.get("since", 0))
        since = time.time_ns()
        content = json.dumps({"settings": settings, "since": since}).encode()
        try:
            _write_below(self._root, SETTINGS_FILE, content, self._inputs)
        except _UnsafePath as error:
            message = f"not writing {SETTINGS_FILE}: {error}"
            raise OutputError(message, source=self.directory) from None
        return since

    def output_name(self, item: Input) -> str:
        return os.path.splitext(item.relative)[0] + self.suffix

    def skips(self, item: Input) -> bool:
        """With --resume: the output exists and is no older than its input, as make would."""
        if not self.resume:
            return False
        try:
            output = os.stat(os.path.join(self.directory, self.output_name(item)))
            fresh = output.st_mtime_ns >= self._since  # made with these settings
            return fresh and output.st_mtime >= os.stat(item.source).st_mtime
        except OSError:
            return False

    def known_sha256(self, item: Input) -> str | None:
        return None

    def spool(self) -> str | None:
        return None  # payloads come in the outcomes

    def write(self, outcome: Outcome) -> Failure | None:
        """Write one output file; a path that cannot be written safely fails this input only."""
        if outcome.payload is None:
            return None
        name = self.output_name(outcome.input)
        shown = os.path.join(self.directory, name)
        earlier = self._written.setdefault(name, outcome.input.source)
        if earlier != outcome.input.source:
            return Failure(
                "output-collision", None, f"{shown} is already the output of {earlier}", None
            )
        try:
            _write_below(self._root, name, outcome.payload, self._inputs)
        except _UnsafePath as error:
            return Failure("unsafe-output-path", None, f"not writing {shown}: {error}", None)
        except OSError as error:
            raise OutputError(f"cannot write: {error.strerror}", source=shown) from None
        self.saved += 1  # written whole, atomically
        return None

    def close(self, *, completed: bool) -> None:
        os.close(self._root)


class _UnsafePath(Exception):
    pass


def _write_below(root: int, name: str, content: bytes, inputs: set[FileId]) -> None:
    parts = name.split(os.sep)
    if os.path.isabs(name) or any(part in ("", ".", "..") for part in parts):
        raise _UnsafePath("the name leaves the output directory")
    directory = os.dup(root)
    try:
        for part in parts[:-1]:
            child = _enter(directory, part)
            os.close(directory)
            directory = child
        _replace_at(directory, parts[-1], content, inputs)
    finally:
        os.close(directory)


def _enter(directory: int, part: str) -> int:
    """Open (making it if needed) the subdirectory ``part``; a symbolic link is refused."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(part, dir_fd=directory)
    try:
        return os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=directory)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _UnsafePath(f"{part} is a symbolic link or not a directory") from None
        raise


def _replace_at(directory: int, name: str, content: bytes, inputs: set[FileId]) -> None:
    try:
        existing = os.stat(name, dir_fd=directory, follow_symlinks=False)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        if not stat.S_ISREG(existing.st_mode):
            raise _UnsafePath("it exists and is not a regular file")
        if (existing.st_dev, existing.st_ino) in inputs:
            raise _UnsafePath("it is one of the inputs")
    temporary = f".{name}.{os.getpid()}.tmp"
    handle = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666, dir_fd=directory
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
    except BaseException:
        os.unlink(temporary, dir_fd=directory)
        raise

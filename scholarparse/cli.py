"""The command line: parse arguments, call the library, hand documents to a format.

This is the one place where errors become messages and exit codes:
0 success (warnings included), 1 an input could not be parsed or ``--strict`` met a warning,
2 usage mistakes (Click), 3 an internal error (a bug: ``--debug`` shows the traceback).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import click

from . import __version__
from .api import gc_paused, parse_bytes, read_file, read_stream
from .dates import AS_OF_MTIME, modified_date, parse_iso_date
from .detect import Kind, detect
from .errors import InputError, LayoutError, OutputError, ReaderLeft, ScholarparseError
from .extras import MissingExtra
from .formats import CITATION_FORMATS, FORMATS, Renderer, UnsupportedDocuments, renderer
from .linking import MIN_SIMILARITY
from .model import Document, ProfileDocument
from .output import choose_format, refuse_to_replace_an_input, replacing, write_file
from .stats import TABLES as STATS_TABLES
from .stats import TOP
from .terminal import visible, visible_document
from .text import (
    AUTO_ENCODING,
    choose_codec,
    decode,
    decode_guessing,
    is_text_encoding,
    require_text,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
STDIN = "-"
STDIN_SOURCE = "<stdin>"
STDOUT_NAME = "<stdout>"

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="scholarparse")
def cli() -> None:
    """Turn text dumps of researcher profiles and abstract lists into clean records.

    Output is a table on a terminal and JSON otherwise; choose with --format. Warnings go to
    stderr as "FILE:LINE: warning: message [code]", errors as "Error: FILE: message [code]".
    """


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | str | None:
    if value is None or value == AS_OF_MTIME:
        return value
    try:
        return parse_iso_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _dask_address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``local:N`` with N >= 1, or a scheduler's address (checked when connecting)."""
    if value is not None and value.startswith("local:"):
        count = value[len("local:") :]
        if not (count.isascii() and count.isdigit()) or not 1 <= int(count) <= _MOST_LOCAL_WORKERS:
            raise click.BadParameter(
                f"{value!r}: local:N wants a number of workers from 1 to {_MOST_LOCAL_WORKERS}"
            )
    return value


_MOST_LOCAL_WORKERS = 256  # processes on one machine; a cluster is for more


def _encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not is_text_encoding(value):
        raise click.BadParameter(f"unknown text encoding {value!r}")
    return value


def _path(**options: Any) -> click.Path:
    """A path parameter that scholarparse opens itself.

    ``click.Path`` checks readability with ``access()`` before the command runs and calls an
    unreadable file a usage mistake (exit 2); opened by scholarparse, it is the documented
    ``permission-denied`` (exit 1) for every user, root or not.
    """
    return click.Path(readable=False, **options)


def _encoding_option(default: str) -> Callable[[Any], Any]:
    return click.option(
        "--encoding",
        default=default,
        show_default=True,
        callback=_encoding,
        help="Input encoding; with utf-8 a UTF-8/16/32 byte-order mark is honoured; auto reads "
        "each file as UTF-8, or else as Windows-1252 with an encoding-guessed warning.",
    )


def _format_option(formats: Sequence[str]) -> Callable[[Any], Any]:
    """-f with the formats that can hold what the command writes."""
    return click.option(
        "-f",
        "--format",
        "output_format",
        type=click.Choice(formats),
        help="Output format. [default: from the -o file's suffix; else table on a terminal, "
        "json otherwise]",
    )


# What every document fits; the citation formats hold the papers of profiles only.
_DATA_FORMATS = tuple(name for name in FORMATS if name not in CITATION_FORMATS)
_OUTPUT_OPTION = click.option(
    "-o",
    "--output",
    type=_path(dir_okay=False, allow_dash=True),
    default=STDIN,
    help="Write to this file instead of stdout (replaced whole, once all input is parsed).",
)
_AS_OF_OPTION = click.option(
    "--as-of",
    callback=_as_of,
    metavar="YYYY-MM-DD",
    envvar="SCHOLARPARSE_AS_OF",
    show_envvar=True,
    help="Profiles: the day the page was copied, which fixes the year of year-less "
    "dates; 'mtime': each file's modification date. [default: today]",
)
_REPORTING_OPTIONS = (
    click.option("--strict", is_flag=True, help="Exit 1 when there is any warning."),
    click.option("-q", "--quiet", is_flag=True, help="Do not print warnings."),
    click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors."),
)
_PARSING_OPTIONS = (_AS_OF_OPTION, _encoding_option("utf-8"), *_REPORTING_OPTIONS)
# A batch reads folders where editors mix: UTF-8 files beside Latin-1 ones. One encoding for
# all would garble one kind or fail the other, so each file's is found (``auto``).
_BATCH_PARSING_OPTIONS = (_AS_OF_OPTION, _encoding_option("auto"), *_REPORTING_OPTIONS)


def _with_options(*options: Callable[[Any], Any]) -> Callable[..., Any]:
    """Apply Click options so that ``--help`` lists them in the order given."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


_output_options = _with_options(_format_option(FORMATS), _OUTPUT_OPTION, *_PARSING_OPTIONS)
_data_output_options = _with_options(
    _format_option(_DATA_FORMATS), _OUTPUT_OPTION, *_PARSING_OPTIONS
)


def _read_database_option(help: str) -> Callable[[Any], Any]:
    """--db for a command that reads a database 'batch --db' wrote (link, stats)."""
    return click.option("--db", type=_path(dir_okay=False), help=help)


_FILE = click.argument("file", type=_path(allow_dash=True), metavar="FILE")
_FILES = click.argument("files", nargs=-1, required=True, type=_path(allow_dash=True))


@cli.command()
@_FILE
@_output_options
def profile(file: str, **options: Any) -> None:
    """Parse a researcher profile dump (FILE, or - for stdin)."""
    _convert([file], "profile", single=True, **options)


@cli.command()
@_FILE
@_data_output_options
def abstracts(file: str, **options: Any) -> None:
    """Parse an abstract-only dump (FILE, or - for stdin).

    As JSON Lines a FILE of any size is streamed in constant memory.
    """
    _refuse_to_replace_an_input(options["output"], [file], options["debug"])
    to_stdout = options["output"] == STDIN
    for_a_person = to_stdout and sys.stdout is not None and sys.stdout.isatty()
    path = None if to_stdout else options["output"]
    chosen = choose_format(options["output_format"], path, for_a_person)
    # Streamed in constant memory, but for --encoding auto, whose guess needs the whole file.
    if chosen == "jsonl" and file != STDIN and os.path.isfile(file) and not _guessing(options):
        _stream_abstracts(file, for_a_person=for_a_person, **options)
    _convert([file], "abstracts", single=True, **options)


def _guessing(options: dict[str, Any]) -> bool:
    return bool(options["encoding"] == AUTO_ENCODING)


def _stream_abstracts(
    file: str,
    *,
    for_a_person: bool,
    output: str,
    encoding: str,
    strict: bool,
    quiet: bool,
    debug: bool,
    **_: Any,
) -> None:
    from .streaming import stream_abstracts_jsonl

    try:
        if output == STDIN:
            if sys.stdout is None:
                raise OutputError("cannot write: standard output is closed", source=STDOUT_NAME)
            escape = visible_document if for_a_person else str
            diagnostics = []

            def write(stream: TextIO) -> None:
                diagnostics.extend(
                    stream_abstracts_jsonl(
                        file, lambda text: stream.write(escape(text)), encoding=encoding
                    )
                )

            _to_stdout("jsonl", write)
        else:
            with replacing(output) as stream:
                diagnostics = stream_abstracts_jsonl(file, stream.write, encoding=encoding)
    except ScholarparseError as error:
        if debug:
            raise
        _report_error(error)
        sys.exit(EXIT_FAILED)
    if not quiet:
        for diagnostic in diagnostics:
            click.echo(visible(diagnostic.report(file)), err=True)
    sys.exit(EXIT_FAILED if strict and diagnostics else EXIT_OK)


@cli.command()
@_FILES
@_output_options
def parse(files: tuple[str, ...], **options: Any) -> None:
    """Detect each file's layout and parse it.

    One file gives its document; several give a JSON array (YAML list), or one document per
    line with --format jsonl. A file that fails is reported and the others still print.
    """
    if files.count(STDIN) > 1:
        raise click.UsageError("standard input (-) can be read only once")
    _convert(list(files), None, single=len(files) == 1, **options)


@cli.command(short_help="Convert many dumps into files, JSON Lines or a database.")
@click.argument("paths", nargs=-1, required=True, type=_path())
@click.option(
    "--out-dir",
    type=_path(file_okay=False),
    help="Write one file per input here, mirroring the paths below each named directory.",
)
@click.option(
    "--jsonl",
    type=_path(dir_okay=False, allow_dash=True),
    help="Write one document per line to this file (- for stdout).",
)
@click.option("--db", type=_path(dir_okay=False), help="Write into this SQLite database.")
@click.option(
    "--parquet",
    type=_path(file_okay=False),
    help="Write DIR/<table>.parquet for every table of the database (needs the parquet extra).",
)
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(("json", "yaml", *CITATION_FORMATS)),
    help="With --out-dir: the files' format (suffix .json, .yaml, .bib, .csl.json, .ris). "
    "[default: json]",
)
@click.option(
    "--glob",
    "patterns",
    multiple=True,
    default=("*.txt",),
    show_default=True,
    help="Which files to take from directories; may be given again (any matches). "
    "'*.{txt,md}' and '2026/**/*.txt' work; hidden files are skipped; files named directly "
    "are always taken.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes that convert files: 1 converts here, N > 1 starts N worker processes. "
    "[default: the number of CPUs]",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    callback=_dask_address,
    help="Convert on a dask.distributed cluster: its scheduler (tcp://host:8786), or local:N "
    "for N worker processes here (needs the dask extra). Workers read the inputs by path.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Skip inputs already converted: recorded in the database with the same content, "
    "not newer than their --out-dir file, or in an interrupted --jsonl file.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="With --db: remove the rows of files recorded under the directories named that no "
    "longer exist (renamed or deleted dumps).",
)
@click.option(
    "--errors",
    "errors_file",
    type=_path(dir_okay=False),
    help="Also write the failed files to this file as JSON Lines.",
)
@_with_options(*_BATCH_PARSING_OPTIONS)
def batch(paths: tuple[str, ...], **options: Any) -> None:
    """Convert every dump under PATHS (files or directories, walked recursively).

    Each file's layout is detected. Exactly one of --out-dir, --jsonl, --db and --parquet says
    where the documents go; they are written in the order of the sorted paths whatever --jobs
    (or --dask) is. A file that cannot be read, decoded or recognised is reported and the batch
    goes on; the exit code is then 1. Progress is shown when stderr is a terminal.
    """
    sys.exit(_batch(list(paths), **options))


@cli.command(short_help="Write a parsed document back out as the site lays it out.")
@_FILE
@_OUTPUT_OPTION
@click.option(
    "--meta-parts",
    type=click.Choice(("glued", "spaced", "tabbed", "lines")),
    default="glued",
    show_default=True,
    help="How a paper's meta line joins its parts: '81.8CLMay 29Code', '81.8 CL May 29 Code', "
    "tabs between them, or each part on a line of its own.",
)
@click.option(
    "--metric-space", is_flag=True, help="Header metrics as 'h-index 75', not 'h-index75'."
)
@click.option(
    "--metrics-on-one-line", is_flag=True, help="All header metrics on one tab-separated line."
)
@click.option(
    "--no-blank-before-authors", is_flag=True, help="No blank line between title and authors line."
)
@click.option(
    "--no-blank-after-authors",
    is_flag=True,
    help="No blank line between authors line and abstract.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def render(
    file: str,
    output: str,
    meta_parts: str,
    metric_space: bool,
    metrics_on_one_line: bool,
    no_blank_before_authors: bool,
    no_blank_after_authors: bool,
    debug: bool,
) -> None:
    """Write the dump a JSON document (FILE, or - for stdin) was parsed from.

    FILE holds what 'parse' writes: one document as JSON, or a one-document array or JSON
    Lines. The text ends without a newline, as a copy from the page does; parsing it again
    gives the same document, line numbers aside. The layout options write it as other
    browsers copy the page; every layout parses to the same document.
    """
    from .render import Layout, documents_from_json
    from .render import render as render_document

    layout = Layout(
        meta_parts=meta_parts,  # type: ignore[arg-type]  # one of click.Choice's values
        metric_space=metric_space,
        metrics_on_one_line=metrics_on_one_line,
        blank_before_authors=not no_blank_before_authors,
        blank_after_authors=not no_blank_after_authors,
    )

    _refuse_to_replace_an_input(output, [file], debug)
    source = STDIN_SOURCE if file == STDIN else file
    try:
        documents = documents_from_json(_read_json(file, source), source=source)
        if len(documents) != 1:
            raise InputError(
                f"holds {len(documents)} documents; render writes one dump",
                source=source,
                hint="pick one: jq '.[0]' FILE (an array) or sed -n 1p FILE (JSON Lines), "
                "then pipe it to 'scholarparse render -'",
                code="not-one-document",
            )
        text = render_document(documents[0], source=source, layout=layout)
        if output != STDIN:
            write_file(output, text)
        elif sys.stdout is None:
            raise OutputError("cannot write: standard output is closed", source=STDOUT_NAME)
        else:
            escape = visible_document if sys.stdout.isatty() else str
            _to_stdout("text", lambda stream: stream.write(escape(text)))
    except ScholarparseError as error:
        if debug:
            raise
        _report_error(error)
        sys.exit(EXIT_FAILED)


def _read_json(file: str, source: str) -> str:
    """The text of a JSON file: UTF-8 (RFC 8259), so no --encoding to suggest."""
    try:
        text = decode(_read(file), source=source)
    except InputError as error:
        if error.code != "decode-error":
            raise
        error.cli_hint = "JSON is UTF-8: render reads what 'scholarparse parse' writes"
        raise
    require_text(text, source)
    return text


@cli.command(name="detect")
@_FILES
@_encoding_option("auto")
def detect_command(files: tuple[str, ...], encoding: str) -> None:
    """Say which layout and encoding each file is, and the lines that show them."""
    failed = False
    for name in files:
        source = STDIN_SOURCE if name == STDIN else name
        try:
            data = _read(name)
            guess = None
            if encoding == AUTO_ENCODING:
                text, guess = decode_guessing(data, source=source)
            else:
                text = decode(data, encoding=encoding, source=source)
        except ScholarparseError as error:
            _report_error(error)
            failed = True
            continue
        detection = detect(text)
        codec = guess.encoding if guess else choose_codec(data[:4], encoding, source)
        evidence = "; ".join(detection.evidence) or "nothing recognised"
        if guess is not None and guess.line is not None:
            evidence += f"; line {guess.line}: not UTF-8"
        kind = detection.kind or "unknown"
        click.echo(visible(f"{source}: {kind}, {codec} ({evidence})"))
        failed = failed or detection.kind is None
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


@cli.command(short_help="Find the paper each abstract of a dump came from.")
@click.argument("abstracts_file", metavar="ABSTRACTS", type=_path(allow_dash=True))
@click.argument("profile_files", metavar="[PROFILE]...", nargs=-1, type=_path(allow_dash=True))
@_read_database_option("Search every paper of this 'batch --db' database instead of PROFILE files.")
@click.option(
    "--min-similarity",
    type=click.FloatRange(0.0, 1.0),
    default=MIN_SIMILARITY,
    show_default=True,
    help="How similar (0..1) an abstract must be to a paper's to be called a revision of it.",
)
@_data_output_options
def link(
    abstracts_file: str,
    profile_files: tuple[str, ...],
    db: str | None,
    min_similarity: float,
    **options: Any,
) -> None:
    """Link each entry of an abstract-only dump (ABSTRACTS) to the paper it came from, among
    the papers of PROFILE dumps (or documents 'parse' wrote), or of a database (--db).

    Each entry is identical to a paper's abstract, a revised version of one, or unmatched.
    """
    from .linking import Candidate, candidates_of, link_candidates

    if bool(profile_files) == bool(db):
        raise click.UsageError("give PROFILE files or --db, one of the two")
    names = [abstracts_file, *profile_files]
    if names.count(STDIN) > 1:
        raise click.UsageError("standard input (-) can be read only once")
    _refuse_to_replace_an_input(
        options["output"], [*names, *([db] if db else [])], options["debug"]
    )
    order = "link takes the abstract-only dump first, then the profiles"
    abstracts = _load(abstracts_file, "abstracts", hint=order, **options)
    if db is not None:
        from .batch.database import papers_with_abstracts

        rows = _loading(lambda: papers_with_abstracts(db), options["debug"])
        candidates: list[Candidate] = [Candidate(*row) for row in rows]
        profiles: tuple[str | None, ...] | str = db
        inputs: list[Document] = [abstracts]
    else:
        loaded = [_load(name, "profile", hint=order, **options) for name in profile_files]
        candidates = list(candidates_of(loaded))
        profiles = tuple(profile.source for profile in loaded)
        inputs = [abstracts, *loaded]
    document = link_candidates(
        abstracts, candidates, profiles=profiles, min_similarity=min_similarity
    )
    _finish(inputs, document, abstracts.source, options)


@cli.command(name="diff", short_help="What changed in a profile between two copies.")
@click.argument("old_file", metavar="OLD", type=_path(allow_dash=True))
@click.argument("new_file", metavar="NEW", type=_path(allow_dash=True))
@_with_options(_format_option(("table", "json", "jsonl", "yaml")), _OUTPUT_OPTION)
@click.option(
    "--old-as-of",
    callback=_as_of,
    metavar="YYYY-MM-DD",
    help="The day OLD was copied (or 'mtime'). [default: --as-of]",
)
@click.option(
    "--new-as-of",
    callback=_as_of,
    metavar="YYYY-MM-DD",
    help="The day NEW was copied (or 'mtime'). [default: --as-of]",
)
@_with_options(*_PARSING_OPTIONS)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when the copies differ (a paper added, removed or changed, a metric, the "
    "name), else 0, as 'git diff --exit-code' does.",
)
def diff_command(
    old_file: str,
    new_file: str,
    old_as_of: dt.date | str | None,
    new_as_of: dt.date | str | None,
    exit_code: bool,
    **options: Any,
) -> None:
    """Compare two copies of one profile (OLD and NEW: dumps, or documents 'parse' wrote).

    Each dump's year-less dates take the year of the day it was copied (--old-as-of,
    --new-as-of, or --as-of for both), so one date printed two ways is not a change; a
    document carries its own as_of.
    """
    from .diffing import diff

    if old_file == new_file == STDIN:
        raise click.UsageError("standard input (-) can be read only once")
    _refuse_to_replace_an_input(options["output"], [old_file, new_file], options["debug"])
    order = "diff compares two profiles: OLD and NEW"
    both = options["as_of"]
    old = _load(old_file, "profile", hint=order, **{**options, "as_of": old_as_of or both})
    new = _load(new_file, "profile", hint=order, **{**options, "as_of": new_as_of or both})
    result = diff(old, new)
    status = EXIT_FAILED if exit_code and result.differs else EXIT_OK
    _finish([old, new], result, None, options, status=status)


def _load(
    name: str,
    kind: Kind,
    *,
    hint: str,
    as_of: dt.date | str | None,
    encoding: str,
    debug: bool,
    many: bool = False,
    lead: str = "",
    **_: Any,
) -> Any:
    """A dump of ``kind``, or a document ``parse`` wrote from one (with ``many``: the list of
    every document in the file, an array or JSON Lines too); any fault ends the run with its
    one-line error (exit 1)."""
    from .reading import document_from_json, documents_from_json_text, looks_like_json

    source = STDIN_SOURCE if name == STDIN else name

    def load() -> list[Document]:
        data = _read(name)
        if looks_like_json(data[:64].decode("utf-8", "replace").lstrip("\ufeff")):
            text = decode(data, source=source)
            if many:
                documents = documents_from_json_text(text, source=source)
            else:
                documents = [document_from_json(text, source=source)]
            for document in documents:
                if document.kind != kind:
                    raise LayoutError(
                        f"this is {_DOCUMENT_NAMES[document.kind]}, not {_DOCUMENT_NAMES[kind]}",
                        source=source,
                        code="wrong-layout",
                    )
            return documents
        file_as_of = modified_date(name) if as_of == AS_OF_MTIME else as_of
        return [parse_bytes(data, kind, source, encoding, file_as_of)]

    loaded = _loading(load, debug, hint, lead)
    return loaded if many else loaded[0]


_DOCUMENT_NAMES = {"profile": "a profile document", "abstracts": "an abstracts document"}


def _loading(load: Callable[[], Any], debug: bool, hint: str | None = None, lead: str = "") -> Any:
    """``load()``, or its error reported and exit 1; a wrong layout's message starts with
    ``lead`` (what the command reads) and its hint is ``hint``."""
    try:
        return load()
    except ScholarparseError as error:
        if debug:
            raise
        if error.code == "wrong-layout":
            error.message = lead + error.message
            error.cli_hint = hint or error.cli_hint
        _report_error(error)
        sys.exit(EXIT_FAILED)


def _finish(
    inputs: Sequence[Document],
    document: Any,
    source: str | None,
    options: dict[str, Any],
    *,
    status: int = EXIT_OK,
    renderers: dict[str, Renderer] | None = None,
) -> None:
    """Report the inputs' warnings, then the result's (as ``source``'s), write it, exit."""
    warnings = [d for item in inputs for d in item.diagnostics] + list(document.diagnostics)
    if not options["quiet"]:
        for item in inputs:
            _report_diagnostics(item)
        for diagnostic in document.diagnostics:
            click.echo(visible(diagnostic.report(source or STDIN_SOURCE)), err=True)
    try:
        _write(
            [document.to_dict()],
            options["output_format"],
            options["output"],
            single=True,
            renderers=renderers,
        )
    except OutputError as error:
        if options["debug"]:
            raise
        _report_error(error)
        sys.exit(EXIT_FAILED)
    sys.exit(EXIT_FAILED if options["strict"] and warnings else status)


@cli.command(short_help="Figures of profiles: papers per year, categories, co-authors.")
@click.argument("files", metavar="[FILE]...", nargs=-1, type=_path(allow_dash=True))
@_read_database_option("Take every profile of this 'batch --db' database instead of FILEs.")
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=TOP,
    show_default=True,
    help="How many authors and affiliations to list.",
)
@click.option(
    "--table",
    "csv_table",
    type=click.Choice(STATS_TABLES),
    help="With -f csv: which figures, one row each. [default: years]",
)
@click.option("--svg", type=_path(dir_okay=False), help="Also save the table view as SVG here.")
@click.option("--html", type=_path(dir_okay=False), help="Also save the table view as HTML here.")
@_data_output_options
def stats(
    files: tuple[str, ...],
    db: str | None,
    top: int,
    csv_table: str | None,
    svg: str | None,
    html: str | None,
    **options: Any,
) -> None:
    """Figures of one profile or many (FILE: dumps, or documents 'parse' wrote; or --db): papers
    per year, categories, code, scores, top authors and affiliations, a row per profile.

    A paper listed in several profiles counts once (the same normalised title and abstract),
    as its first listing in the order given.
    """
    from .stats import stats as figures

    if bool(files) == bool(db):
        raise click.UsageError("give profile FILEs or --db, one of the two")
    if files.count(STDIN) > 1:
        raise click.UsageError("standard input (-) can be read only once")
    pictures = [path for path in (svg, html) if path is not None]
    if STDIN in pictures:
        raise click.UsageError("--svg and --html write files: name one")
    outputs = [*pictures, *([] if options["output"] == STDIN else [options["output"]])]
    if len({os.path.realpath(path) for path in outputs}) < len(outputs):  # any spelling
        raise click.UsageError("--svg, --html and -o must name different files")
    to_a_file = None if options["output"] == STDIN else options["output"]
    for_a_person = to_a_file is None and sys.stdout is not None and sys.stdout.isatty()
    chosen = choose_format(options["output_format"], to_a_file, for_a_person)
    if csv_table is not None and chosen != "csv":
        raise click.UsageError(f"--table applies to csv, and the output is {chosen}")
    inputs = [*files, *([db] if db else [])]
    for output in (options["output"], svg, html):
        if output is not None:
            _refuse_to_replace_an_input(output, inputs, options["debug"])
    hint = "give dumps of a researcher's page, or what 'parse' wrote from them"
    loaded: list[ProfileDocument] = []
    if db is not None:
        from .batch.database import profiles_for_stats

        result = figures(_loading(lambda: profiles_for_stats(db), options["debug"]), top=top)
    else:
        for name in files:
            lead = "stats reads profiles: "
            loaded.extend(_load(name, "profile", hint=hint, many=True, lead=lead, **options))
        result = figures(loaded, top=top)
    document = result.to_dict()
    for path, picture in ((svg, "svg"), (html, "html")):
        if path is not None:
            save = functools.partial(_save_picture, document, path, picture)
            _loading(save, options["debug"])
    from .formats import csv_format

    csv = functools.partial(csv_format.render, table=csv_table or "years")
    _finish(loaded, result, None, options, renderers={"csv": csv})


def _save_picture(document: dict[str, Any], path: str, kind: str) -> None:
    """The table view of ``document`` as an SVG or HTML file, with Rich's own export."""
    from rich.console import Console

    from .formats.stats_table import render_stats

    console = Console(
        record=True, width=80, file=io.StringIO(), highlight=False, emoji=False, markup=False
    )
    render_stats(console, document)
    title = "scholarparse stats"
    text = console.export_svg(title=title) if kind == "svg" else console.export_html()
    write_file(path, text)


@cli.command(short_help="Print the JSON Schema of a document kind, or the database's.")
@click.argument(
    "kind",
    type=click.Choice(("profile", "abstracts", "links", "profile-diff", "stats", "database")),
)
def schema(kind: str) -> None:
    """Print the JSON Schema of a document kind (the output contract), or with "database" the
    SQL schema of the database 'batch --db' writes, every column explained."""
    from importlib.resources import files

    if kind == "database":
        from .batch.database import schema_sql

        click.echo(schema_sql(), nl=False)
        return
    click.echo(files("scholarparse").joinpath(f"schema/{kind}.schema.json").read_text("utf-8"))


@cli.command(short_help="Print a shell completion script.")
@click.argument("shell", type=click.Choice(("bash", "zsh", "fish")))
def completion(shell: str) -> None:
    """Print a shell completion script, e.g. eval "$(scholarparse completion bash)"."""
    from click.shell_completion import get_completion_class

    completion_class = get_completion_class(shell)
    assert completion_class is not None  # the Choice above lists only shells Click knows
    click.echo(completion_class(cli, {}, "scholarparse", "_SCHOLARPARSE_COMPLETE").source())


@gc_paused()  # documents are acyclic: collecting would only walk them, again and again
def _convert(
    files: Sequence[str],
    kind: Kind | None,
    *,
    single: bool,
    output_format: str | None,
    output: str,
    as_of: dt.date | str | None,
    encoding: str,
    strict: bool,
    quiet: bool,
    debug: bool,
) -> None:
    _refuse_to_replace_an_input(output, files, debug)
    documents: list[dict[str, Any]] = []
    failed = warned = False
    for name in files:
        source = STDIN_SOURCE if name == STDIN else name
        try:
            file_as_of = modified_date(name) if as_of == AS_OF_MTIME else as_of
            document = parse_bytes(_read(name), kind, source, encoding, file_as_of)
        except ScholarparseError as error:
            if debug:
                raise
            _report_error(error)
            failed = True
            continue
        warned = warned or bool(document.diagnostics)
        if not quiet:
            _report_diagnostics(document)
        documents.append(document.to_dict())
    if documents:
        try:
            export_warnings = _write(documents, output_format, output, single=single)
        except OutputError as error:
            if debug:
                raise
            _report_error(error)
            failed = True
        else:
            warned = warned or bool(export_warnings)
            if not quiet:
                for warning in export_warnings:
                    click.echo(visible(warning), err=True)
    sys.exit(EXIT_FAILED if failed or (strict and warned) else EXIT_OK)


def _batch(
    paths: list[str],
    *,
    out_dir: str | None,
    jsonl: str | None,
    db: str | None,
    parquet: str | None,
    output_format: str | None,
    patterns: tuple[str, ...],
    jobs: int | None,
    dask: str | None,
    resume: bool,
    prune: bool,
    errors_file: str | None,
    as_of: dt.date | str | None,
    encoding: str,
    strict: bool,
    quiet: bool,
    debug: bool,
) -> int:
    from . import batch

    if [out_dir, jsonl, db, parquet].count(None) != 3:
        raise click.UsageError(
            "choose exactly one destination: --out-dir, --jsonl, --db or --parquet"
        )
    if resume and parquet is not None:
        raise click.UsageError("--resume does not apply to --parquet, which is written whole")
    if dask is not None and jobs is not None:
        raise click.UsageError("--jobs and --dask: choose one")
    if output_format is not None and out_dir is None:
        raise click.UsageError("--format applies to --out-dir only")
    if resume and jsonl == STDIN:
        raise click.UsageError("--resume cannot continue output sent to stdout")
    if prune and db is None:
        raise click.UsageError("--prune applies to --db only")
    request = batch.Request(
        paths=paths,
        patterns=patterns,
        out_dir=out_dir,
        output_format=output_format or "json",
        jsonl=jsonl,
        db=db,
        parquet=parquet,
        resume=resume,
        prune=prune,
        encoding=encoding,
        as_of=_batch_as_of(as_of),
        errors=errors_file,
    )
    failures: list[dict[str, Any]] = []
    errors_written = True
    reporter: batch.Reporter | None = None
    summary = None
    destination: batch.Destination | None = None
    try:
        if dask is not None:
            from .batch import cluster

            cluster.require_distributed(dask)  # before any output is begun
        inputs, destination, settings = batch.prepare(request)
        reporter = batch.Reporter(len(inputs), quiet=quiet)

        def on_outcome(outcome: batch.Outcome) -> None:
            assert reporter is not None
            reporter(outcome)
            if outcome.failure is not None:
                failures.append(outcome.failure.to_dict(outcome.input.source))

        jobs = jobs or os.cpu_count() or 1
        summary = batch.run(inputs, destination, settings, jobs, on_outcome, dask)
    except ReaderLeft:
        return EXIT_FAILED  # | head had what it wanted: end quietly, as parse does
    except MissingExtra as error:  # an option this installation lacks: a usage mistake
        _report_error(error)
        return EXIT_USAGE
    except ScholarparseError as error:
        if debug:
            raise
        _report_error(error)
        return EXIT_FAILED
    except KeyboardInterrupt as stop:
        if destination is not None and not isinstance(stop, batch.Interrupted):
            # Between the opening of the destination and the run, which closes it from then
            # on (and says so with Interrupted): closed here, its partial files with it.
            with contextlib.suppress(Exception):
                destination.close(completed=False)
        if reporter is not None:
            reporter.finish(None)  # the progress bar goes before the line that says why
            reporter = None
        again = "" if jsonl == STDIN else "; run the same command with --resume to finish"
        counts = ""
        if parquet is not None and destination is not None and destination.saved:
            files = batch.counted(destination.saved, "file")
            again = f" as the batch ended: the tables are written, with all {files}"
        elif parquet is not None:  # written whole: nothing to resume, the old tables kept
            again = "; the tables are as they were: run the same command again"
        elif isinstance(stop, batch.Interrupted) and destination is not None:
            left = len(inputs) - stop.unchanged - destination.saved
            counts = f": {batch.counted(destination.saved, 'file')} saved, {left} left"
        click.echo(f"Error: interrupted{counts}{again}", err=True)
        return EXIT_INTERRUPTED
    finally:
        if reporter is not None:
            reporter.finish(summary)
        if errors_file is not None and destination is not None:  # the batch began
            errors_written = _write_errors(errors_file, failures)
    gone = getattr(destination, "gone", 0)
    if gone and not quiet:
        files = batch.counted(gone, "file")
        click.echo(
            f"batch: removed the rows of {files} that no longer exist"
            if prune
            else f"batch: the database holds {files} under {', '.join(paths)} that no longer "
            f"{'exists' if gone == 1 else 'exist'}; --prune removes their rows",
            err=True,
        )
    if summary.internal_errors:
        return EXIT_INTERNAL
    failed = summary.failed or (strict and summary.warnings) or not errors_written
    return EXIT_FAILED if failed else EXIT_OK


def _refuse_to_replace_an_input(output: str, files: Sequence[str], debug: bool) -> None:
    """Stop, before anything is read, a run whose ``-o`` is one of its inputs (exit 1)."""
    if output == STDIN:
        return
    try:
        refuse_to_replace_an_input(output, [name for name in files if name != STDIN])
    except OutputError as error:
        if debug:
            raise
        _report_error(error)
        sys.exit(EXIT_FAILED)


def _batch_as_of(as_of: dt.date | str | None) -> dt.date | None:
    """The batch's reference date: the one given, today, or ``None`` for each file's own."""
    if as_of == AS_OF_MTIME:
        return None
    return as_of if isinstance(as_of, dt.date) else dt.date.today()


def _write_errors(path: str, failures: list[dict[str, Any]]) -> bool:
    """Write ``--errors``; False, the error reported, when it cannot be written."""
    import json

    lines = "".join(json.dumps(failure, ensure_ascii=False) + "\n" for failure in failures)
    try:
        write_file(path, lines)
    except OutputError as error:
        _report_error(error)
        return False
    return True


def _read(name: str) -> bytes:
    if name == STDIN:
        return read_stream(sys.stdin.buffer, STDIN_SOURCE)
    return read_file(name)


def _write(
    documents: list[dict[str, Any]],
    output_format: str | None,
    output: str,
    *,
    single: bool,
    renderers: dict[str, Renderer] | None = None,
) -> list[str]:
    """Render and write ``documents``; the warnings of the export (a citation format's
    papers without a date), once it is written. ``renderers``: a command's own rendering of a
    format (stats' csv, with its --table)."""
    to_stdout = output == STDIN
    if to_stdout and sys.stdout is None:
        raise OutputError("cannot write: standard output is closed", source=STDOUT_NAME)
    for_a_person = to_stdout and sys.stdout.isatty()
    chosen = choose_format(output_format, None if to_stdout else output, for_a_person)
    render = (renderers or {}).get(chosen) or renderer(chosen)
    if to_stdout and chosen == "table":  # Rich sizes and colours it for the real terminal
        _to_stdout(chosen, lambda stream: _render(render, documents, stream, single))
        return []
    buffer = io.StringIO()
    _render(render, documents, buffer, single)
    text = buffer.getvalue()
    if not to_stdout:
        write_file(output, text)
    elif for_a_person:  # dump text must not drive the terminal; pipes get the exact bytes
        shown = text.replace("\r\n", "\n") if chosen == "ris" else text  # RIS's own line ends
        _to_stdout(chosen, lambda stream: stream.write(visible_document(shown)))
    else:
        _to_stdout(chosen, lambda stream: stream.write(text))
    if chosen not in CITATION_FORMATS:
        return []
    from .formats.citations import undated

    return list(undated(documents))


def _to_stdout(chosen: str, write: Callable[[TextIO], object]) -> None:
    """Write to stdout in UTF-8 (a table: in the terminal's encoding, escaping the rest)."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        if chosen == "table":
            reconfigure(errors="backslashreplace")
        else:
            reconfigure(encoding="utf-8")
    try:
        write(sys.stdout)
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise  # the reader left (| head): Click ends quietly, exit 1
        raise OutputError(f"cannot write: {error.strerror}", source=STDOUT_NAME) from None


def _render(
    render: Renderer, documents: list[dict[str, Any]], stream: TextIO, single: bool
) -> None:
    try:
        render(documents, stream, single=single)
    except UnsupportedDocuments as error:
        where = f"{visible(error.source)}: " if error.source else ""  # among several: which
        raise click.UsageError(f"{where}{error} [unsupported-format]") from None


def _report_diagnostics(document: Document) -> None:
    source = document.source or "<input>"
    for diagnostic in document.diagnostics:
        click.echo(visible(diagnostic.report(source)), err=True)


def _report_error(error: ScholarparseError) -> None:
    click.echo(f"Error: {visible(str(error))}", err=True)
    if error.cli_hint:
        click.echo(f"hint: {visible(error.cli_hint)}", err=True)


def main() -> None:
    """Console-script entry point: Click's exit codes, plus one line for a bug."""
    _write_stdout_whole()
    try:
        cli.main(prog_name="scholarparse")
        code: Any = EXIT_OK
    except SystemExit as leaving:
        code = leaving.code
    except Exception as error:
        if "--debug" in sys.argv[1:]:
            raise
        summary = f"{type(error).__name__}: {error}"
        summary = summary if len(summary) <= 200 else summary[:199] + "…"
        click.echo(f"Error: internal error: {visible(summary)} [internal-error]", err=True)
        click.echo("hint: run again with --debug for the traceback, and report it", err=True)
        code = EXIT_INTERNAL
    _leave(code)


def _write_stdout_whole() -> None:
    """Put a buffer under an unbuffered stdout (``python -u``, ``PYTHONUNBUFFERED``).

    Unbuffered, ``sys.stdout.write`` makes one system call and drops whatever a short write
    leaves: a reader that stops early (``| head``) would cut the output without an error, and
    the exit code would say all is well. The buffer writes everything or raises; flushing at
    each line end keeps the output as prompt as the user asked.
    """
    stdout = sys.stdout
    if stdout is not None and isinstance(getattr(stdout, "buffer", None), io.FileIO):
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(stdout.buffer),
            encoding=stdout.encoding,
            errors=stdout.errors,
            line_buffering=True,
        )


def _leave(code: Any) -> None:
    """Flush the output and end the process at once, skipping the interpreter's teardown.

    Tearing down the modules Click loads costs about 8 ms (README, Performance), a
    sixth of a short run, and with dask loaded 0.1 s; it buys nothing here: every file this
    process wrote is closed, and it registers no exit handlers. The one exit handler that
    matters is done here: the removal of multiprocessing's temporary directory, which holds
    the socket of the server ``--dask local:N`` forks its workers from. Used only by the
    console script, never by the library or by Click's test runner.
    """
    cluster = sys.modules.get("scholarparse.batch.cluster")
    if cluster is not None:
        cluster.remove_fork_server_directory()
    if isinstance(code, str):  # sys.exit("message") convention: print it, fail
        click.echo(code, err=True)
        code = EXIT_FAILED
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:  # the reader (head, a pager) went away: nothing left to tell it
        code = code or EXIT_FAILED
    except OSError as error:  # e.g. a full disk, found only when the buffer is flushed
        _report_error(OutputError(f"cannot write: {error.strerror}", source=STDOUT_NAME))
        code = code or EXIT_FAILED
    if sys.stderr is not None:
        sys.stderr.flush()
    os._exit(EXIT_OK if code is None else int(code))

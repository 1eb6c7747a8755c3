"""Hostile inputs through the whole command: each ends in a document or a one-line error.

Each runs ``scholarparse parse FILE --format jsonl`` as a separate process, so a crash, a
traceback or runaway memory shows as it would to a user. The timeout only turns a hang into a
failure; how time grows with the input is measured by ``make bench`` (bench/scaling.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from scholarparse.codes import ERROR_CODES
from scholarparse.patterns import LazyPattern
from tests import hostile

_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True)
sys.stdout.buffer.write(done.stdout)
sys.stderr.buffer.write(done.stderr)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
sys.exit(f"{done.returncode} {peak}")
"""


class Run(NamedTuple):
    exit_code: int
    stdout: bytes
    stderr: str
    peak_bytes: int


def run_parse(data: bytes, tmp_path: Path) -> Run:
    dump = tmp_path / "dump.txt"
    dump.write_bytes(data)
    command = [sys.executable, "-m", "scholarparse", "parse", str(dump), "-f", "jsonl", "-q"]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command, "--as-of", "2026-11-22"],
        capture_output=True,
        timeout=600,
    )
    stderr = done.stderr.decode()
    *shown, status = stderr.rstrip("\n").split("\n")
    exit_code, peak = status.split()
    return Run(int(exit_code), done.stdout, "\n".join(shown), int(peak))


def document_of(result: Run) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def error_code_of(result: Run) -> str:
    """The code of a one-line error; a traceback or anything else fails."""
    assert result.exit_code == 1
    assert result.stdout == b""
    lines = result.stderr.splitlines()
    assert len(lines) <= 2 and (len(lines) == 1 or lines[1].startswith("hint: "))
    match = re.fullmatch(r"Error: \S+: .+ \[([a-z-]+)\]", lines[0])
    assert match is not None, lines[0]
    assert match.group(1) in ERROR_CODES
    return match.group(1)


def profile_checks(**expected: Callable[[dict[str, Any]], object]) -> Callable[[Run], None]:
    def check(result: Run) -> None:
        document = document_of(result)
        assert document["kind"] == "profile"
        for name, value in expected.items():
            assert value(document), name

    return check


def fails_with(*codes: str) -> Callable[[Run], None]:
    def check(result: Run) -> None:
        assert error_code_of(result) in codes

    return check


MB = 1_000_000
CASES: list[tuple[str, bytes, Callable[[Run], None]]] = [
    ("empty", b"", fails_with("empty-input")),
    ("whitespace only", hostile.whitespace_only(MB), fails_with("empty-input")),
    ("NUL bytes", hostile.nul_bytes(MB), fails_with("binary-input")),
    ("invalid UTF-8", hostile.invalid_utf8(MB), fails_with("decode-error")),
    (
        "UTF-16 with a byte-order mark",
        hostile.utf16_with_bom(MB),
        profile_checks(
            name=lambda d: d["name"] == "Zoë Müller",
            authors=lambda d: d["papers"][0]["authors"] == ["Zoë Müller"],
        ),
    ),
    (
        "one 50 MB line",
        hostile.one_long_line(50 * MB),
        profile_checks(
            # "long words " repeated, its last space stripped
            abstract=lambda d: len(d["papers"][0]["abstract"]) == 11 * (50 * MB // 11) - 1,
            one_paper=lambda d: len(d["papers"]) == 1,
        ),
    ),
    (
        "1,000,000 blank lines",
        hostile.blank_lines(MB),
        profile_checks(line=lambda d: d["papers"][0]["line"] == 4 + MB + 1),
    ),
    (
        "200,000 lines that look like meta lines",
        hostile.meta_like_lines(8 * 200_000),
        profile_checks(
            papers=lambda d: len(d["papers"]) == 200_000,
            last_line=lambda d: d["papers"][-1]["line"] == 4 + 200_000,
            # each paper misses its title and authors, and repeats the first (duplicate-paper)
            warnings=lambda d: len(d["diagnostics"]) == 3 * 200_000 - 1,
        ),
    ),
    (
        "an authors line of 100,000 names",
        hostile.many_authors(9 * 100_000),
        profile_checks(
            authors=lambda d: d["papers"][0]["authors"] == ["Ann Lee"] * 100_000,
            affiliations=lambda d: d["papers"][0]["affiliations"] == ["mit"],
        ),
    ),
    (
        "a number of 1,000,000 digits",
        hostile.long_number(3 * MB),
        profile_checks(
            h_index=lambda d: d["metrics"]["h_index"] == 1,
            kept=lambda d: [len(extra["text"]) for extra in d["extra"]] == [7 + MB, MB + 7, 6 + MB],
            topic=lambda d: d["category"] == "T",  # the line "T" reads as a topic code
            no_papers=lambda d: d["papers"] == [],
        ),
    ),
    (
        "5,000 nested $ and {",
        hostile.nested_brackets(10_000),
        profile_checks(title=lambda d: d["papers"][0]["title"] == "$" * 5000 + "{" * 5000),
    ),
    ("random bytes", hostile.random_bytes(MB), fails_with("binary-input", "decode-error")),
    ("random text", hostile.random_text(MB), profile_checks(name=lambda d: d["name"] == "Ann Lee")),
]


@pytest.mark.parametrize(("data", "check"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_ends_in_a_document_or_one_line_error(
    data: bytes, check: Callable[[Run], None], tmp_path: Path
) -> None:
    result = run_parse(data, tmp_path)
    check(result)
    # Memory follows the input and the output (a document holds what it says): a small multiple
    # of both, over the interpreter's own.
    assert result.peak_bytes <= 80 * MB + 8 * (len(data) + len(result.stdout))


def _patterns() -> list[tuple[str, str]]:
    """Every compiled pattern of the package, by module and name."""
    import importlib
    import pkgutil
    import re as stdlib_re

    import regex

    import scholarparse

    found = []
    for module_info in pkgutil.walk_packages(scholarparse.__path__, "scholarparse."):
        if module_info.name.endswith("__main__"):  # importing it runs the command line
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, stdlib_re.Pattern | regex.Pattern | LazyPattern):
                found.append((f"{module_info.name}.{name}", value.pattern))
    return found


def _unbounded_quantifiers_that_may_backtrack(pattern: str) -> list[int]:
    """Offsets of ``*`` and ``+`` quantifiers not made possessive by a following ``+``.

    Escapes and character classes are skipped: there ``*`` and ``+`` are characters.
    """
    offsets, position, in_class = [], 0, False
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            position += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[position + 1 : position + 2] == "]":
                position += 1  # "[]...]": a literal "]" first
        elif char == "+" and pattern[position - 1 : position] == "}":
            pass  # the possessive marker of a bounded repeat, "{1,256}+"
        elif char in "*+":
            if pattern[position + 1 : position + 2] != "+":
                offsets.append(position)
            position += 1  # past the possessive marker
        position += 1
    return offsets


def test_there_are_patterns_to_review() -> None:
    names = [name for name, _ in _patterns()]
    assert "scholarparse.extractors.papers.META_LINE" in names
    assert len(names) >= 10


@pytest.mark.parametrize(("name", "pattern"), _patterns(), ids=[n for n, _ in _patterns()])
def test_every_unbounded_quantifier_is_possessive(name: str, pattern: str) -> None:
    """A possessive quantifier never gives back what it matched, so no pattern can retry a
    long run in many ways: the backtracking that makes regex parsers slow cannot start.
    (Bounded quantifiers, ``{0,30}``, cost at most their bound.)"""
    assert _unbounded_quantifiers_that_may_backtrack(pattern) == []


def test_the_quantifier_check_finds_what_it_looks_for() -> None:
    assert _unbounded_quantifiers_that_may_backtrack(r"(a+)+b") == [2, 4]
    assert _unbounded_quantifiers_that_may_backtrack(r"\n(?:[ ]*+\n)+") == [13]
    assert _unbounded_quantifiers_that_may_backtrack(r"[*+]\+x*+y{0,5}") == []
    assert _unbounded_quantifiers_that_may_backtrack(r"(?:ab){1,256}+c+") == [15]

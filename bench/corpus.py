"""Synthetic corpus for the throughput benchmark: many realistic dumps in a directory tree.

``generate(directory, files, seed)`` writes ``files`` UTF-8 ``.txt`` dumps, spread over nested
subdirectories (``r00/`` .. ``r19/``, some with a further ``sNN/`` level) so that a recursive walk
is exercised. About 90% are profile dumps and 10% abstract-only dumps:

* a profile dump has the header of ``fixtures/profiles/seed.txt`` (name, topic code, the five
  metrics, the "N Papers" heading) with a made-up researcher, then 5 to 60 paper blocks resampled
  from the content fixtures, each with a fresh meta line (score with or without decimals or none,
  a real date with or without its year, the ``Code`` flag on or off). The heading always equals
  the number of blocks written.
* an abstract-only dump has 5 to 60 entries resampled from the content fixtures of
  ``fixtures/abstracts/``, in the layout of ``fixtures/abstracts/seed.txt`` (text glued to its
  marker; entries one after another, or, in half the files, with a blank line between them).

Content and copy artifacts are kept apart, because a real copy has its artifacts file-wide (a
file is CRLF or not, NFC or not) and most copies have none:

* Blocks and entries come only from the fixtures that hold ordinary content (``PROFILE_SOURCES``,
  ``ABSTRACT_SOURCES``), never from those that exist to exercise one copy artifact. They are
  read as NFC with ``\n`` line ends, and a block that still carries an artifact (a tab, a
  non-breaking space, a form feed or U+2028, leading or trailing whitespace, a run of blank
  lines, a hard-wrapped paragraph) is left out.
* Each file then gets each copy artifact of ``ARTIFACTS`` with its own probability, independently
  and file-wide: CRLF or lone-CR line ends, a byte-order mark, non-breaking spaces, trailing
  whitespace, runs of blank lines, hard-wrapped titles and abstracts, decomposed (NFD) Unicode.
  None of these changes what the file parses to: meta lines, the authors line, header lines and
  the start of an ``Abstract:`` line are never wrapped, and wrapping only turns spaces into line
  breaks, never so that a line reads as a meta line or starts with a marker.

Output is a function of ``seed`` alone (``random.Random(seed)``), so runs compare like for like.
The artifacts of a file are drawn from a generator seeded once per file from the main one, so
setting a probability to 0 leaves the content of every file as it was.
Blocks are cut out of the fixtures with this module's own small regexes: the corpus must not
depend on the parser it is used to measure, so nothing is imported from ``scholarparse``.

Run ``python bench/corpus.py DIR [--files N] [--seed S]``; DIR must be empty or absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Fixtures of ordinary content that parse without a warning. Left out: those that exist to
# exercise one copy artifact (profiles: blank-line-runs, crlf-bom, decomposed-unicode,
# form-feed-u2028, lone-cr, mixed-line-ends, trailing-whitespace-nbsp, wrapped-text; abstracts:
# crlf-bom, lone-cr-blank-runs) and those of deliberately broken input (diagnostics,
# near-miss-meta, no-papers, empty-entry, preamble). Some blocks of the ones kept carry an
# artifact too (a wrapped title in unseen-researcher, U+2028 in unicode, tabs and non-breaking
# spaces in multi-paragraph, ...): ``_clean`` leaves those blocks out.
PROFILE_SOURCES = (
    "seed",
    "unseen-researcher",
    "minimal-papers",
    "missing-metrics",
    "month-spellings",
    "name-only-header",
    "tricky-names",
)
ABSTRACT_SOURCES = (
    "seed",
    "marker-alone",
    "multi-paragraph",
    "unicode",
)

# Copy artifacts: the probability that a file has each one, drawn independently per file. These
# are assumptions about real copies, not measurements: no sample of real copies was counted.
# Line ends are one draw: lone CR in P_LONE_CR of the files, CRLF in P_CRLF, LF in the rest.
P_CRLF = 0.25  # "\r\n" line ends (copied on Windows)
P_LONE_CR = 0.02  # "\r" line ends (old Mac tools)
P_BOM = 0.10  # a UTF-8 byte-order mark
P_NBSP = 0.15  # U+00A0 for some spaces, around " · " and in "AI Score"
P_TRAILING = 0.15  # trailing spaces and tabs on some lines
P_BLANK_RUNS = 0.15  # a run of 2 to 4 blank lines wherever the site has one
P_WRAP = 0.10  # titles and abstracts hard-wrapped at one width of 60 to 100 characters
P_NFD = 0.03  # decomposed Unicode
ARTIFACTS = ("crlf", "lone-cr", "bom", "nbsp", "trailing", "blank-runs", "wrap", "nfd")

# Only \r\n, \r and \n end a line (a form feed or U+2028 stays inside it).
LINE_END = re.compile(r"\r\n|\r|\n")
# A meta line: optional score, category code, date (month spelt any way), optional Code flag.
META = re.compile(
    r"\s*(?:\d+(?:\.\d+)?)?(?P<category>[A-Z]+?)"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d{1,2}(?:,\s*\d{4})?"
    r"(?:Code)?\s*"
)
MARKER = "Abstract:"
# Whitespace other than the plain space: tabs, U+00A0, form feeds, U+2028 and the like.
ODD_SPACE = re.compile(r"[^\S ]")
# A line that wrapping must not create: one a parser could take for a meta line or a mangled one
# (capitals, maybe a score before them, then a digit or a capitalised word and a digit), or, but
# for the first, one that starts with a marker. Deliberately wider than any parser's patterns.
META_LIKE = re.compile(r"\s*(?:\d+(?:\.\d+)?\s?)?[A-Z]+\s*(?:[A-Z][a-z]*\.?\s*)?\d")
MARKER_LIKE = re.compile(r"\s*Abstract:")

# What each generated line is, so that artifacts touch only the lines they may.
HEADER, BLANK, META_LINE, TITLE, AUTHORS, TEXT, ENTRY = range(7)
Line = tuple[int, str]

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TOPICS = ("CL", "LG", "ML", "AI", "CV", "RO", "NE", "IR", "HC", "CR", "SD", "DS")
FIRST_NAMES = (
    "María José",
    "Siobhán",
    "Jan",
    "Nino",
    "Ingrid",
    "Zoë",
    "Michał",
    "Aoife",
    "José",
    "Tobias",
    "Séverine",
    "Hiroshi",
    "Mei-Ling",
    "Kofi",
    "Priya",
    "Jean-Luc",
    "Anand",
    "Claudia",
    "Émilie",
    "Søren",
    "Łukasz",
    "Dara",
    "Olexa",
    "Rasmus",
    "Ahmed M.",
    "Hannah Rose",
    "Tomás",
    "Björn",
    "Ana Sofía",
    "Chloé",
    "Nikolaj",
    "Yuki",
    "Fatima",
    "Seo-yeon",
    "Ines",
    "Jan H.",
    "Grzegorz",
)
LAST_NAMES = (
    "García",
    "O'Connor",
    "Scherrer",
    "Haugland",
    "Åkesson",
    "Zając",
    "Höppe",
    "Núñez",
    "Tanaka",
    "Mensah-Boateng",
    "Venkataraman",
    "Plaza-del-Arco",
    "Kjær Holm",
    "Lindqvist",
    "Ferreira",
    "Nowak",
    "Müller",
    "Dvořák",
    "Çelik",
    "Ólafsdóttir",
    "Kobayashi",
    "Abernathy",
    "Islam",
    "Wierzbicki",
    "Okafor",
    "Besnard",
    "Sato",
    "Kirk",
    "Duarte",
    "Nyberg",
    "Brandt",
    "Øvergaard",
)
PARTICLES = ("van der", "von", "de", "de la", "van", "di", "da", "dos", "ter", "del")


class CorpusStats(NamedTuple):
    """What one ``generate`` call wrote."""

    files: int
    bytes: int
    papers: int
    abstracts: int


class PaperBlock(NamedTuple):
    """A paper block from a fixture: its category code and the lines after its meta line."""

    category: str
    body: tuple[str, ...]


def _lines(path: Path) -> list[str]:
    """The lines of a fixture as NFC text, byte-order mark dropped, whatever its line ends."""
    text = path.read_bytes().decode("utf-8-sig")
    return LINE_END.split(unicodedata.normalize("NFC", text))


def _trim(lines: Sequence[str]) -> list[str]:
    """Drop blank (whitespace-only) lines from both ends."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return list(lines[start:end])


def _clean(lines: Sequence[str]) -> bool:
    """Whether the lines of a block are plain content: paragraphs of one line each, one blank
    line between them, no whitespace but single-line spaces, none at either end of a line."""
    for k, line in enumerate(lines):
        if ODD_SPACE.search(line) or line != line.strip():
            return False
        if k and bool(line) == bool(lines[k - 1]):  # two blank lines, or a wrapped paragraph
            return False
    return True


def paper_blocks() -> list[PaperBlock]:
    """Every artifact-free paper block of the profile content fixtures, in a fixed order."""
    blocks: list[PaperBlock] = []
    for name in PROFILE_SOURCES:
        lines = _lines(FIXTURES / "profiles" / f"{name}.txt")
        starts = [(i, m) for i, line in enumerate(lines) if (m := META.fullmatch(line))]
        for k, (i, match) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
            body = _trim(lines[i + 1 : end])
            if body and _clean(body):
                blocks.append(PaperBlock(match["category"], tuple(body)))
    return blocks


def abstract_entries() -> list[tuple[str, ...]]:
    """Every artifact-free abstract of the abstract content fixtures, as lines in seed layout:
    the text glued to its marker on the first line, paragraphs separated by one blank line."""
    entries: list[tuple[str, ...]] = []
    for name in ABSTRACT_SOURCES:
        lines = _lines(FIXTURES / "abstracts" / f"{name}.txt")
        starts = [i for i, line in enumerate(lines) if line.startswith(MARKER)]
        for k, i in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            first = lines[i][len(MARKER) :]
            if ODD_SPACE.search(first) or first != first.rstrip():
                continue
            # "Abstract: text" and a marker alone on its line are layouts, not artifacts.
            rest = lines[i + 1 : end] if first else _trim(lines[i + 1 : end])
            entry = _trim([first.removeprefix(" "), *rest])
            if entry and _clean(entry):
                entries.append((MARKER + entry[0], *entry[1:]))
    return entries


def _name(rng: random.Random) -> str:
    """A researcher's name: one or two given names, maybe a particle, maybe a double surname."""
    first = rng.choice(FIRST_NAMES)
    if rng.random() < 0.1:
        first = f"{first} {rng.choice(FIRST_NAMES)}"
    last = rng.choice(LAST_NAMES)
    roll = rng.random()
    if roll < 0.15:
        last = f"{rng.choice(PARTICLES)} {last}"
    elif roll < 0.25:
        last = f"{last}-{rng.choice(LAST_NAMES)}"
    return f"{first} {last}"


def _meta(rng: random.Random, category: str) -> str:
    """A fresh meta line: score (one decimal, integer or none), category, real date, Code."""
    roll = rng.random()
    tenths = rng.randrange(300, 1000)
    if roll < 0.45:
        score = f"{tenths // 10}.{tenths % 10 or 1}"
    elif roll < 0.7:
        score = str(tenths // 10)
    else:
        score = ""
    start = dt.date(2016, 1, 1).toordinal()
    day = dt.date.fromordinal(rng.randrange(start, dt.date(2026, 11, 22).toordinal() + 1))
    date = f"{MONTHS[day.month - 1]} {day.day}"
    if rng.random() < 0.7:
        date = f"{date}, {day.year}"
    code = "Code" if rng.random() < 0.4 else ""
    return f"{score}{category}{date}{code}"


def _block_lines(body: Sequence[str]) -> list[Line]:
    """A block body with each line's role: title, authors line, then abstract paragraphs."""
    lines: list[Line] = []
    paragraph = 0
    for line in body:
        if not line:
            lines.append((BLANK, ""))
            paragraph += 1
        else:
            lines.append((TITLE if paragraph == 0 else AUTHORS if paragraph == 1 else TEXT, line))
    return lines


def _profile(rng: random.Random, blocks: list[PaperBlock]) -> tuple[list[Line], int]:
    """The lines of one profile dump and its number of paper blocks."""
    count = rng.randint(5, 60)
    header = [
        _name(rng),
        "",
        rng.choice(TOPICS),
        f"h-index{rng.randint(1, 120)}",
        f"{count + rng.randint(0, 400)}papers",
        f"{rng.randint(0, 90_000):,}citations",
        f"Novelty{rng.randint(0, 100)}%",
        f"AI Score{rng.randint(0, 100)}",
        "",
        f"{count} Papers",
    ]
    lines: list[Line] = [(HEADER, line) if line else (BLANK, "") for line in header]
    for block in rng.choices(blocks, k=count):
        lines += [(BLANK, ""), (META_LINE, _meta(rng, block.category)), *_block_lines(block.body)]
    return lines, count


def _abstracts(rng: random.Random, entries: list[tuple[str, ...]]) -> tuple[list[Line], int]:
    """The lines of one abstract-only dump and its number of entries."""
    count = rng.randint(5, 60)
    gap = rng.random() < 0.5  # a blank line between entries, or none
    lines: list[Line] = []
    for entry in rng.choices(entries, k=count):
        if gap and lines:
            lines.append((BLANK, ""))
        lines.append((ENTRY, entry[0]))
        lines += [(TEXT, line) if line else (BLANK, "") for line in entry[1:]]
    return lines, count


def _wrap(line: str, width: int) -> list[str]:
    """``line`` broken at spaces into lines of at most ``width`` characters where the words
    allow; unbroken if a piece would read as a meta line or start an abstract."""
    words = line.split(" ")
    pieces = [words[0]]
    for word in words[1:]:
        if len(pieces[-1]) + 1 + len(word) <= width:
            pieces[-1] += " " + word
        else:
            pieces.append(word)
    if len(pieces) > 1 and (
        any(META_LIKE.match(piece) for piece in pieces)
        or any(MARKER_LIKE.match(piece) for piece in pieces[1:])
    ):
        return [line]
    return pieces


def _nbsp(rng: random.Random, line: str) -> str:
    """Some spaces of ``line`` as U+00A0, always around the middle dot and in "AI Score"."""
    line = line.replace(" · ", rng.choice(("\u00a0· ", "\u00a0·\u00a0", " ·\u00a0")))
    line = line.replace("AI Score", "AI\u00a0Score")
    words = line.split(" ")
    out = [words[0]]
    for word in words[1:]:
        out += ("\u00a0" if rng.random() < 0.1 else " ", word)
    return "".join(out)


def _trailing(rng: random.Random, line: str) -> str:
    """``line``, with one to three spaces and tabs after it in three lines out of ten."""
    if rng.random() < 0.3:
        return line + "".join(rng.choices(" \t", k=rng.randint(1, 3)))
    return line


def _copy(rng: random.Random, lines: list[Line]) -> bytes:
    """The bytes of a file with its lines, after the copy artifacts drawn for it."""
    roll = rng.random()
    end = "\r" if roll < P_LONE_CR else "\r\n" if roll < P_LONE_CR + P_CRLF else "\n"
    bom, nbsp, trailing, runs, wrap, nfd = (
        rng.random() < p for p in (P_BOM, P_NBSP, P_TRAILING, P_BLANK_RUNS, P_WRAP, P_NFD)
    )
    if wrap:
        width = rng.randint(60, 100)
        lines = [
            (role, piece)
            for role, text in lines
            for piece in (_wrap(text, width) if role in (TITLE, TEXT, ENTRY) else [text])
        ]
    if runs:
        lines = [x for line in lines for x in [line] * (rng.randint(2, 4) if not line[1] else 1)]
    edits: list[Callable[[str], str]] = []
    if nbsp:
        edits.append(lambda text: _nbsp(rng, text))
    if trailing:
        edits.append(lambda text: _trailing(rng, text))
    out = []
    for _, text in lines:
        for edit in edits:
            text = edit(text)
        out.append(text)
    text = end.join(out) + end
    if nfd:
        text = unicodedata.normalize("NFD", text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _subdirectory(rng: random.Random, index: int) -> Path:
    """``rNN`` by file number, one in four files a level deeper in ``rNN/sM``."""
    top = Path(f"r{index % 20:02d}")
    return top / f"s{rng.randrange(3)}" if rng.random() < 0.25 else top


def generate(directory: Path, files: int = 2000, seed: int = 0) -> CorpusStats:
    """Write ``files`` dumps under ``directory`` (created if need be); same seed, same bytes."""
    rng = random.Random(seed)
    blocks = paper_blocks()
    entries = abstract_entries()
    total_bytes = papers = abstracts = 0
    for index in range(files):
        if rng.random() < 0.9:
            lines, count = _profile(rng, blocks)
            papers += count
            name = f"profile-{index:05d}.txt"
        else:
            lines, count = _abstracts(rng, entries)
            abstracts += count
            name = f"abstracts-{index:05d}.txt"
        path = directory / _subdirectory(rng, index) / name
        data = _copy(random.Random(rng.getrandbits(64)), lines)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total_bytes += len(data)
    return CorpusStats(files, total_bytes, papers, abstracts)


def main(argv: list[str] | None = None) -> int:
    """Command line: generate into an empty DIR and print one line of stats."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, metavar="DIR", help="empty or absent directory")
    parser.add_argument("--files", type=int, default=2000, help="number of dumps (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    directory: Path = args.directory
    if args.files < 0:
        parser.error("--files must not be negative")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        parser.error(f"{directory} is not an empty directory; refusing to write into it")
    start = time.perf_counter()
    stats = generate(directory, args.files, args.seed)
    seconds = time.perf_counter() - start
    print(
        f"{stats.files} files, {stats.bytes / 1e6:.1f} MB ({stats.bytes} bytes), "
        f"{stats.papers} papers, {stats.abstracts} abstracts in {directory} ({seconds:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

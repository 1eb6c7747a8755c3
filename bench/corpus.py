"""Synthetic corpus for the throughput benchmark: many realistic dumps in a directory tree.

``generate(directory, files, seed)`` writes ``files`` UTF-8 ``.txt`` dumps, spread over nested
subdirectories (``r00/`` .. ``r19/``, some with a further ``sNN/`` level) so that a recursive walk
is exercised. About 90% are profile dumps and 10% abstract-only dumps:

* a profile dump has the header of ``fixtures/profiles/seed.txt`` (name, topic code, the five
  metrics, the "N Papers" heading) with a made-up researcher, then 5 to 60 paper blocks resampled
  from the fixtures that parse without warnings, each with a fresh meta line (score with or without
  decimals or none, a real date with or without its year, the ``Code`` flag on or off). The
  heading always equals the number of blocks written.
* an abstract-only dump has 5 to 60 entries resampled from the well-formed entries of
  ``fixtures/abstracts/``, in the layout of ``fixtures/abstracts/seed.txt``.

Output is a function of ``seed`` alone (``random.Random(seed)``), so runs compare like for like.
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
from pathlib import Path
from typing import NamedTuple

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Fixture dumps that parse without a warning (checked with `scholarparse parse`); the others
# (diagnostics, near-miss-meta, empty-entry, preamble) hold deliberately broken input.
PROFILE_SOURCES = (
    "seed",
    "unseen-researcher",
    "blank-line-runs",
    "crlf-bom",
    "decomposed-unicode",
    "form-feed-u2028",
    "lone-cr",
    "minimal-papers",
    "missing-metrics",
    "mixed-line-ends",
    "month-spellings",
    "name-only-header",
    "trailing-whitespace-nbsp",
    "tricky-names",
    "wrapped-text",
)
ABSTRACT_SOURCES = (
    "seed",
    "crlf-bom",
    "lone-cr-blank-runs",
    "marker-alone",
    "multi-paragraph",
    "unicode",
)

# Only \r\n, \r and \n end a line (a form feed or U+2028 stays inside it).
LINE_END = re.compile(r"\r\n|\r|\n")
# A meta line: optional score, category code, date (month spelt any way), optional Code flag.
META = re.compile(
    r"\s*(?:\d+(?:\.\d+)?)?(?P<category>[A-Z]+?)"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d{1,2}(?:,\s*\d{4})?"
    r"(?:Code)?\s*"
)
MARKER = "Abstract:"

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
    """The lines of a fixture, byte-order mark dropped, whatever its line ends."""
    return LINE_END.split(path.read_bytes().decode("utf-8-sig"))


def _trim(lines: list[str]) -> list[str]:
    """Drop blank (whitespace-only) lines from both ends."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def paper_blocks() -> list[PaperBlock]:
    """Every paper block of the warning-free profile fixtures, in a fixed order."""
    blocks: list[PaperBlock] = []
    for name in PROFILE_SOURCES:
        lines = _lines(FIXTURES / "profiles" / f"{name}.txt")
        starts = [(i, m) for i, line in enumerate(lines) if (m := META.fullmatch(line))]
        for k, (i, match) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
            body = _trim(lines[i + 1 : end])
            if body:
                blocks.append(PaperBlock(match["category"], tuple(body)))
    return blocks


def abstract_entries() -> list[tuple[str, ...]]:
    """Every non-empty abstract of the warning-free abstract fixtures, as lines in seed layout:
    the text glued to its marker on the first line, paragraphs separated by one blank line."""
    entries: list[tuple[str, ...]] = []
    for name in ABSTRACT_SOURCES:
        lines = _lines(FIXTURES / "abstracts" / f"{name}.txt")
        starts = [i for i, line in enumerate(lines) if line.startswith(MARKER)]
        for k, i in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            text = [lines[i][len(MARKER) :], *lines[i + 1 : end]]
            paragraphs: list[list[str]] = [[]]
            for line in _trim(text):
                if line.strip():
                    paragraphs[-1].append(line)
                elif paragraphs[-1]:
                    paragraphs.append([])
            if not paragraphs[0]:
                continue
            paragraphs[0][0] = paragraphs[0][0].lstrip()
            out: list[str] = []
            for paragraph in paragraphs:
                if out:
                    out.append("")
                out.extend(paragraph)
            out[0] = MARKER + out[0]
            entries.append(tuple(out))
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


def _profile(rng: random.Random, blocks: list[PaperBlock]) -> tuple[str, int]:
    """The text of one profile dump and its number of paper blocks."""
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
    parts = ["\n".join(header)]
    for block in rng.choices(blocks, k=count):
        parts.append("\n".join([_meta(rng, block.category), *block.body]))
    return "\n\n".join(parts) + "\n", count


def _abstracts(rng: random.Random, entries: list[tuple[str, ...]]) -> tuple[str, int]:
    """The text of one abstract-only dump and its number of entries."""
    count = rng.randint(5, 60)
    lines = [line for entry in rng.choices(entries, k=count) for line in entry]
    return "\n".join(lines) + "\n", count


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
            text, count = _profile(rng, blocks)
            papers += count
            name = f"profile-{index:05d}.txt"
        else:
            text, count = _abstracts(rng, entries)
            abstracts += count
            name = f"abstracts-{index:05d}.txt"
        path = directory / _subdirectory(rng, index) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
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

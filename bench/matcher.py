"""The matcher at scale: ``link`` of 10,000 abstracts against a database of 100,000 papers.

The corpus of ``bench/corpus.py`` resamples a few hundred real abstracts, and a matcher cannot
be measured on copies of copies: every paper would have hundreds of twins. So the papers here
are new text made from the fixtures' abstracts (seeded, so runs compare like for like):

* each paper: 10 to 14 sentences, each a walk of 8 to 16 words through the word pairs of the
  fixtures' abstracts (so that common words are as common as in real abstracts), with 2 to 5
  coined names (a method's, a dataset's: ``Vorlex``, ``QTR-7``) drawn from 300,000 with a long
  tail, as real papers name things, each used 1 to 3 times.

The text is harder than real abstracts in one way: drawn from the few thousand words of the
fixtures, unrelated papers share more words than unrelated real papers do, and a revision's
replaced words are drawn evenly from those, so they are rarer than real edits.

The 100,000 papers are written as 2,000 profile dumps of 50 papers and converted with ``batch
--db``. The 10,000 queries are a third identical copies of papers, a third revisions (a third
of the sentences dropped, two swapped, one word in ten replaced, one new sentence added) and a
third new papers from the same generator, which must come out ``unmatched``.

Printed: the time and peak memory of ``scholarparse link QUERIES --db DB`` (median of
``BENCH_RUNS`` runs, default 3), how many links were right, and the same queries against a
plain all-pairs loop of ``rapidfuzz.process.extractOne`` (token_set_ratio) timed on a sample
and scaled to all of them, as a ratio.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAPERS = int(os.environ.get("BENCH_PAPERS", 100_000))
QUERIES = int(os.environ.get("BENCH_QUERIES", 10_000))
PAPERS_A_PROFILE = 50
BASELINE_SAMPLE = 20
_WORD = re.compile(r"\S+")

_LINK = """
import resource, sys
from scholarparse.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="scholarparse")
except SystemExit as leaving:
    code = leaving.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"peak_kb={peak}", file=sys.stderr)
sys.exit(code)
"""


def fixture_abstracts() -> list[str]:
    """The long lines of the fixtures: their abstracts, as real text to learn words from."""
    lines = []
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        for line in path.read_text("utf-8", "replace").splitlines():
            text = line.removeprefix("Abstract:")
            if len(text) > 300:
                lines.append(text)
    return lines


class Generator:
    """New abstracts that read, word pair by word pair, like the fixtures'."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        follows: dict[str, list[str]] = defaultdict(list)
        for text in fixture_abstracts():
            words = _WORD.findall(text)
            for first, second in itertools.pairwise(words):
                follows[first].append(second)
        self.follows = dict(follows)
        self.vocabulary = list(self.follows)
        syllables = ["ka", "vor", "lex", "ti", "zu", "mar", "qen", "ro", "dal", "xi", "pho", "ny"]
        self.names = [
            "".join(rng.choices(syllables, k=rng.randint(2, 4))).capitalize()
            if rng.random() < 0.7
            else f"{''.join(rng.choices('ABCDEFGHKLMNPQRSTVWXZ', k=3))}-{rng.randint(1, 99)}"
            for _ in range(300_000)
        ]

    def _walk(self, word: str) -> str:
        words = [word]
        for _ in range(self.rng.randint(7, 15)):
            word = self.rng.choice(self.follows.get(word) or self.vocabulary)
            words.append(word)
        return " ".join(words)

    def abstract(self) -> str:
        rng = self.rng
        phrases = [self._walk(rng.choice(self.vocabulary)) for _ in range(rng.randint(10, 14))]
        names = [self.names[min(int(rng.paretovariate(0.6)) - 1, len(self.names) - 1)]]
        names += rng.sample(self.names, rng.randint(1, 4))
        for name in names:
            for _ in range(rng.randint(1, 3)):
                place = rng.randrange(len(phrases))
                phrases[place] = f"{phrases[place]} {name}"
        return ". ".join(phrase[0].upper() + phrase[1:] for phrase in phrases) + "."

    def revision(self, text: str) -> str:
        rng = self.rng
        sentences = text.rstrip(".").split(". ")
        kept = [s for s in sentences if rng.random() > 1 / 3] or sentences[:1]
        if len(kept) > 2:
            first, second = rng.sample(range(len(kept)), 2)
            kept[first], kept[second] = kept[second], kept[first]
        words = ". ".join(kept).split(" ")
        for place in rng.sample(range(len(words)), len(words) // 10):
            words[place] = rng.choice(self.vocabulary)
        added = self._walk(rng.choice(self.vocabulary))
        return " ".join(words) + ". " + added[0].upper() + added[1:] + "."


def write_profiles(directory: Path, papers: list[str]) -> None:
    for start in range(0, len(papers), PAPERS_A_PROFILE):
        chunk = papers[start : start + PAPERS_A_PROFILE]
        blocks = [
            f"CLMay {1 + (n % 28)}\nPaper {start + n + 1}: "
            + " ".join(text.split()[:8]).rstrip(".")
            + f"\n\nAda Lovelace, Alan Turing et al. · oxford\n\n{text}"
            for n, text in enumerate(chunk)
        ]
        header = (
            f"Researcher {start // PAPERS_A_PROFILE}\n\nCL\nh-index10\n{len(chunk)}papers\n"
            f"100citations\nNovelty50%\nAI Score50\n\n{len(chunk)} Papers\n\n"
        )
        path = directory / f"p{start // PAPERS_A_PROFILE:05d}.txt"
        path.write_text(header + "\n\n".join(blocks) + "\n", "utf-8")


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", 3))
    rng = random.Random(0)
    started = time.perf_counter()
    generator = Generator(rng)
    papers = [generator.abstract() for _ in range(PAPERS)]
    truth: list[tuple[str, int | None]] = []
    queries = []
    for number in range(QUERIES):
        target = rng.randrange(PAPERS)
        kind = ("identical", "revised", "unmatched")[number % 3]
        if kind == "identical":
            queries.append(papers[target])
        elif kind == "revised":
            queries.append(generator.revision(papers[target]))
        else:
            queries.append(generator.abstract())
        truth.append((kind, None if kind == "unmatched" else target))
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "profiles").mkdir()
        write_profiles(work / "profiles", papers)
        (work / "queries.txt").write_text(
            "\n\n".join("Abstract:" + text for text in queries) + "\n", "utf-8"
        )
        print(
            f"{PAPERS} papers in {PAPERS // PAPERS_A_PROFILE} profiles, {QUERIES} abstracts "
            f"(made in {time.perf_counter() - started:.1f} s)"
        )
        begun = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "scholarparse", "batch", str(work / "profiles"),
             "--db", str(work / "papers.db"), "--as-of", "2026-11-22", "-q"],
            check=True,
        )  # fmt: skip
        print(f"  batch --db of the profiles                {time.perf_counter() - begun:8.1f} s")
        seconds, peaks = [], []
        for _ in range(runs):
            begun = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", _LINK, "link", str(work / "queries.txt"),
                 "--db", str(work / "papers.db"), "-f", "jsonl", "-q",
                 "-o", str(work / "links.jsonl")],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            seconds.append(time.perf_counter() - begun)
            peaks.append(int(done.stderr.split("peak_kb=")[1]) / 1024)
        links = [json.loads(line) for line in (work / "links.jsonl").read_text().splitlines()]
        print(
            f"  link {QUERIES} abstracts --db ({PAPERS} papers)  "
            f"{statistics.median(seconds):8.1f} s  (median of {runs}), "
            f"peak memory {statistics.median(peaks):.0f} MB"
        )
        _report_accuracy(links, truth)
        _baseline(queries, papers, statistics.median(seconds))
    return 0


def _report_accuracy(links: list[dict[str, object]], truth: list[tuple[str, int | None]]) -> None:
    right: dict[str, int] = defaultdict(int)
    wrong_paper = 0
    for link, (kind, target) in zip(links, truth, strict=True):
        paper = link["paper"]
        index = None
        if isinstance(paper, dict):
            profile = int(Path(str(paper["source"])).stem[1:])
            index = profile * PAPERS_A_PROFILE + int(str(paper["index"])) - 1
        if index is not None and index != target:
            wrong_paper += 1
        right[kind] += link["relation"] == kind and index == target
    share = QUERIES // 3
    print(
        f"  right: identical {right['identical']}/{share + (QUERIES % 3 > 0)}, "
        f"revised {right['revised']}/{share + (QUERIES % 3 > 1)}, "
        f"unmatched {right['unmatched']}/{share}; linked to a wrong paper: {wrong_paper}"
    )


def _baseline(queries: list[str], papers: list[str], matcher_seconds: float) -> None:
    from rapidfuzz import fuzz, process

    sample = queries[:BASELINE_SAMPLE]
    begun = time.perf_counter()
    for query in sample:
        process.extractOne(query, papers, scorer=fuzz.token_set_ratio)
    per_query = (time.perf_counter() - begun) / len(sample)
    scaled = per_query * len(queries)
    print(
        f"  all-pairs rapidfuzz extractOne (token_set_ratio), {len(sample)} queries timed: "
        f"{per_query:.2f} s a query, {scaled:,.0f} s for {len(queries)}"
    )
    print(f"  ratio, all-pairs / link --db              {scaled / matcher_seconds:8.0f}x")


if __name__ == "__main__":
    sys.exit(main())

"""Batch conversion against the script a user would write, measured in the same run.

Run with ``make bench``. Generates a synthetic corpus (``bench/corpus.py``), then prints:

* in-process parse throughput: ``parse_text`` against ``bench/baseline.py``'s ``parse`` on the
  same texts already in memory (MB/s);
* whole processes over the corpus: ``scholarparse batch DIR --jsonl`` and ``--db`` with
  ``--jobs 1`` and ``--jobs 2``, against ``python bench/baseline.py DIR OUT.jsonl``: wall time,
  files/s, peak RSS of the largest process, and the ratios; and the machine's ceiling for two
  processes (two baseline scripts at once against one after the other), with ``--jobs 2``'s
  share of it, and the share two ``batch --jobs 1`` at once reach, each on half of the corpus's
  directories: what ``--jobs 2`` would reach if its pool cost nothing. Runs during which other
  processes took more than ``QUIET`` of the machine's CPU
  (``/proc/stat`` minus the run's own CPU time) are left out of the medians;
* one-file latency: ``scholarparse parse SEED`` against ``python -c "import click"``;
* memory against input size: peak RSS of ``scholarparse abstracts BIG --format jsonl`` on two
  abstract-only dumps ten times apart in size.

Every figure is the median of alternated runs, so a noisy machine slows both sides alike.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import baseline  # noqa: E402
import corpus  # noqa: E402

SCRIPT = Path(sys.executable).with_name("scholarparse")
AS_OF = ["--as-of", "2026-11-22"]
# The measuring process becomes a child subreaper (Linux): a process the command started that
# outlives its parent (the fork server of --dask local:N, whose children are the workers) is
# then its child, and waited for here, so its CPU time and peak RSS are counted as the run's,
# not as foreign load.
_MEASURE = """
import ctypes, os, resource, subprocess, sys, time
PR_SET_CHILD_SUBREAPER = 36
try:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
except (OSError, AttributeError):
    pass  # not Linux: processes that outlive their parent go uncounted
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""
# A run is quiet when other processes used at most this share of the machine's CPU time
# meanwhile: on a shared 2-core machine, one busy neighbour ruins a ratio against a ceiling.
QUIET = 0.05


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (``/proc/stat``), or 0.0."""
    try:
        with open("/proc/stat", encoding="ascii") as stream:
            fields = [int(value) for value in stream.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(command: list[str]) -> tuple[float, float, float]:
    """Seconds, peak RSS (MB) of the largest process the command ran, workers included, and
    the share of the machine's CPU time other processes took meanwhile (foreign load).

    A fresh interpreter runs it, so the peak is this command's alone.
    """
    before = busy_seconds()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], check=True, capture_output=True, text=True
    )
    busy = busy_seconds() - before
    seconds, kilobytes, own = done.stdout.split()
    capacity = float(seconds) * (os.cpu_count() or 1)
    foreign = max(0.0, busy - float(own)) / capacity if before else 0.0
    return float(seconds), int(kilobytes) / 1024, foreign


class Timing(NamedTuple):
    seconds: float  # median over the quiet runs (over all, when none was quiet)
    peak: float  # MB, the largest of all runs
    quiet: int  # runs with foreign load under QUIET
    runs: int


def alternated(commands: dict[str, Callable[[], list[str]]], runs: int) -> dict[str, Timing]:
    """Each command's median seconds over its quiet runs and its largest peak RSS, runs
    interleaved so that a noisy spell slows every command alike."""
    taken: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    for _ in range(runs):
        for name, command in commands.items():
            seconds, peak, foreign = measure(command())
            taken[name].append((seconds, foreign))
            peaks[name] = max(peaks[name], peak)
    timings = {}
    for name, found in taken.items():
        quiet = [seconds for seconds, foreign in found if foreign <= QUIET]
        median = statistics.median(quiet or [seconds for seconds, _ in found])
        timings[name] = Timing(median, peaks[name], len(quiet), runs)
    return timings


def at_once(first: list[str], second: list[str]) -> list[str]:
    """A shell command that runs the two at once and fails if either fails."""
    script = f"{shlex.join(first)} & first=$!; {shlex.join(second)} || exit 1; wait $first"
    return ["sh", "-c", script]


def in_process(directory: Path, repeats: int) -> tuple[float, float, float]:
    """MB of text, and MB/s of parse_text and of the baseline's parse on the same texts."""
    import scholarparse

    texts = [path.read_text("utf-8") for path in sorted(directory.rglob("*.txt"))]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6

    def median_seconds(parse: Callable[[str], object]) -> float:
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            for text in texts:
                parse(text)
            timings.append(time.perf_counter() - start)
        return statistics.median(timings)

    ours = median_seconds(lambda text: scholarparse.parse_text(text, as_of="2026-11-22"))
    theirs = median_seconds(baseline.parse)
    return megabytes, megabytes / ours, megabytes / theirs


def big_abstracts(path: Path, megabytes: int) -> None:
    entries = (ROOT / "fixtures/abstracts/seed.txt").read_text("utf-8")
    with path.open("w", encoding="utf-8") as stream:
        written = 0
        while written < megabytes * 1_000_000:
            written += stream.write(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=int(os.environ.get("BENCH_FILES", "2000")))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    args = parser.parse_args()
    import compileall

    compileall.compile_dir(str(ROOT / "scholarparse"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="scholarparse-bench-"))
    try:
        run(work, args.files, args.runs)
    finally:
        shutil.rmtree(work)


def run(work: Path, files: int, runs: int) -> None:
    dumps = work / "dumps"
    dumps.mkdir()
    stats = corpus.generate(dumps, files=files, seed=0)
    print(
        f"corpus: {stats.files} files, {stats.bytes / 1e6:.1f} MB, {stats.papers} papers, "
        f"{stats.abstracts} abstracts (bench/corpus.py, seed 0)"
    )
    megabytes, ours_rate, base_rate = in_process(dumps, repeats=3)
    print(f"\nin-process parse of the corpus ({megabytes:.1f} MB in memory), median of 3")
    print(f"  {'scholarparse.parse_text':42} {ours_rate:7.1f} MB/s")
    print(f"  {'bench/baseline.py parse':42} {base_rate:7.1f} MB/s")
    print(f"  {'ratio (ours / baseline)':42} {ours_rate / base_rate:7.2f}x")
    sys.stdout.flush()

    def batch(*destination: str) -> Callable[[], list[str]]:
        def command() -> list[str]:
            for leftover in (work / "out.db", work / "out.jsonl"):
                leftover.unlink(missing_ok=True)
            return [str(SCRIPT), "batch", str(dumps), *destination, *AS_OF, "-q"]

        return command

    def baseline_script(output: str) -> list[str]:
        # No output left from the run before, as for batch: truncating 60 MB took 18 ms here,
        # which would be timed on one side only.
        (work / output).unlink(missing_ok=True)
        return [sys.executable, str(ROOT / "bench/baseline.py"), str(dumps), str(work / output)]

    # Two baseline scripts at once, each on the whole corpus: how much a second core gives on
    # this machine to two processes that share nothing, the ceiling for --jobs 2.
    def both() -> list[str]:
        return at_once(*(baseline_script(f"base-{n}.jsonl") for n in "ab"))

    # Two batch --jobs 1 at once, each on half of the corpus's directories: what --jobs 2 would
    # take if its pool cost nothing, each half converted by a process of its own.
    directories = sorted(str(path) for path in dumps.iterdir())
    middle = len(directories) // 2

    def halves() -> list[str]:
        commands = []
        for half, part in ((directories[:middle], "a"), (directories[middle:], "b")):
            (work / f"half-{part}.jsonl").unlink(missing_ok=True)
            output = str(work / f"half-{part}.jsonl")
            commands.append(
                [str(SCRIPT), "batch", *half, "--jsonl", output, "--jobs", "1", *AS_OF, "-q"]
            )
        return at_once(*commands)

    commands = {
        "baseline script to JSON Lines": lambda: baseline_script("base.jsonl"),
        "two baseline scripts at once": both,
        "two batch --jobs 1 on the halves": halves,
        "batch --jsonl --jobs 1": batch("--jsonl", str(work / "out.jsonl"), "--jobs", "1"),
        "batch --jsonl --jobs 2": batch("--jsonl", str(work / "out.jsonl"), "--jobs", "2"),
        "batch --db --jobs 1": batch("--db", str(work / "out.db"), "--jobs", "1"),
        "batch --db --jobs 2": batch("--db", str(work / "out.db"), "--jobs", "2"),
    }
    results = alternated(commands, runs)
    base_seconds = results["baseline script to JSON Lines"].seconds
    jsonl_one = results["batch --jsonl --jobs 1"].seconds
    db_one = results["batch --db --jobs 1"].seconds
    print(
        f"\nwhole processes over the corpus, median of the quiet runs of {runs} alternated "
        f"(foreign CPU load <= {QUIET:.0%})"
    )
    print(
        f"  {'':32} {'seconds':>8} {'files/s':>8} {'peak RSS':>9} "
        f"{'time vs script':>15} {'vs jobs 1':>10} {'quiet':>6}"
    )
    pair = results.pop("two baseline scripts at once")
    split = results.pop("two batch --jobs 1 on the halves")
    for name, timing in results.items():
        one = db_one if "--db" in name else jsonl_one
        versus_one = f"{one / timing.seconds:9.2f}x" if "jobs" in name else f"{'':>10}"
        print(
            f"  {name:32} {timing.seconds:8.2f} {files / timing.seconds:8.0f} "
            f"{timing.peak:7.0f} MB {timing.seconds / base_seconds:14.2f}x {versus_one} "
            f"{timing.quiet:>3}/{timing.runs}"
        )
    print("  (time vs script: the time of the job over the baseline script's; <1 is faster)")
    ceiling = 2 * base_seconds / pair.seconds
    speedup = jsonl_one / results["batch --jsonl --jobs 2"].seconds
    print(
        f"  two baseline scripts at once took {pair.seconds:.2f} s ({pair.quiet}/{pair.runs} "
        f"quiet): this machine runs two processes {ceiling:.2f}x as fast as one after the "
        "other, the ceiling for --jobs 2"
    )
    print(
        f"  batch --jsonl --jobs 2 against --jobs 1: {speedup:.2f}x, "
        f"{speedup / ceiling:.2f} of the ceiling"
    )
    halved = jsonl_one / split.seconds
    print(
        f"  two batch --jsonl --jobs 1 at once, each on half of the directories, took "
        f"{split.seconds:.2f} s ({split.quiet}/{split.runs} quiet): {halved:.2f}x --jobs 1, "
        f"{halved / ceiling:.2f} of the ceiling, what --jobs 2 would reach if its pool cost "
        "nothing"
    )
    sys.stdout.flush()

    seed = str(ROOT / "fixtures/profiles/seed.txt")
    latency = alternated(
        {
            "python -c 'import click'": lambda: [sys.executable, "-c", "import click"],
            "scholarparse parse SEED": lambda: [str(SCRIPT), "parse", seed, *AS_OF],
        },
        runs * 10,
    )
    click_seconds = latency["python -c 'import click'"].seconds
    print(f"\none-file latency, median of the quiet runs of {runs * 10} alternated")
    for name, timing in latency.items():
        print(f"  {name:32} {timing.seconds * 1000:7.1f} ms {timing.seconds / click_seconds:7.2f}x")
    sys.stdout.flush()

    print("\nmemory against input size: abstracts BIG --format jsonl (streamed)")
    for size in (5, 50):
        big = work / f"big-{size}.txt"
        big_abstracts(big, size)
        seconds, peak, _ = measure([str(SCRIPT), "abstracts", str(big), "--format", "jsonl"])
        print(f"  {size:4} MB dump: {seconds:6.2f} s, peak RSS {peak:5.0f} MB")
        big.unlink()


if __name__ == "__main__":
    main()

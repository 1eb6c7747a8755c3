"""Start-up and parse-speed figures, each against a baseline measured in the same run.

Run with ``make bench``. Prints medians of alternated runs, so a noisy machine slows both sides
alike; the ratio is the figure to quote.

* start-up: ``scholarparse profile SEED --format json`` as a whole process, against
  ``python -c "import click, regex"`` (the least a Click + regex tool can cost).
* in-process parse: ``parse_text`` on the fixtures, against reading the same text with a single
  ``str.split`` (the least any parser must do), in MB/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "profiles" / "seed.txt"


def _time_process(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def startup(runs: int) -> tuple[float, float, float]:
    """Median seconds of the baseline, of scholarparse, and of scholarparse with the
    interpreter's usual teardown (Click's own entry point, no os._exit); runs alternated."""
    script = Path(sys.executable).with_name("scholarparse")
    arguments = ["profile", str(SEED), "--format", "json", "--as-of", "2026-11-22"]
    baseline = [sys.executable, "-c", "import click, regex"]
    ours = [str(script), *arguments]
    with_teardown = [
        sys.executable,
        "-c",
        "from scholarparse.cli import cli; cli.main()",
        *arguments,
    ]
    commands = (baseline, ours, with_teardown)
    for command in commands:  # warm the file cache
        _time_process(command)
    times: list[list[float]] = [[], [], []]
    for _ in range(runs):
        for timings, command in zip(times, commands, strict=True):
            timings.append(_time_process(command))
    base, fast, slow = (statistics.median(timings) for timings in times)
    return base, fast, slow


def parse_throughput(repeats: int) -> tuple[float, float]:
    """MB/s of parse_text over every fixture, and of a bare str.split over the same texts."""
    import scholarparse

    texts = [path.read_text("utf-8") for path in sorted((ROOT / "fixtures").glob("*/*.txt"))]
    texts = [text for text in texts if text.strip()]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6

    def best(function: object) -> float:
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            for text in texts:
                function(text)  # type: ignore[operator]
            timings.append(time.perf_counter() - start)
        return statistics.median(timings)

    ours = best(lambda text: scholarparse.parse_text(text, as_of="2026-11-22").to_dict())
    floor = best(lambda text: text.split("\n"))
    return megabytes / ours, megabytes / floor


def main() -> None:
    # Measure what an installed tool does: run from byte-code (pip writes it on install; an
    # editable install only does if PYTHONDONTWRITEBYTECODE is unset), not from source.
    import compileall

    compileall.compile_dir(str(ROOT / "scholarparse"), quiet=1)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "40")))
    args = parser.parse_args()

    base, ours, with_teardown = startup(args.runs)
    print(f"start-up, median of {args.runs} alternated runs each")
    print(f"  python -c 'import click, regex'           {base * 1000:7.1f} ms")
    print(f"  scholarparse profile SEED --format json   {ours * 1000:7.1f} ms")
    print(f"  ratio                                     {ours / base:7.3f}x  (target <= 1.15x)")
    print(f"  the same with interpreter teardown        {with_teardown * 1000:7.1f} ms")
    print(f"  ratio                                     {with_teardown / base:7.3f}x")
    sys.stdout.flush()
    ours_rate, floor_rate = parse_throughput(repeats=30)
    print("in-process parse of all fixtures, median of 30 passes")
    print(f"  parse_text + to_dict                      {ours_rate:7.1f} MB/s")
    print(f"  str.split('\\n') alone (floor)             {floor_rate:7.1f} MB/s")


if __name__ == "__main__":
    main()

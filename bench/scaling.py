"""How parse time and memory grow with hostile input: the scaling check of ``make bench``.

Each shape of ``tests/hostile.py`` (a 50 MB line, a million blank lines, an authors line of a
hundred thousand names, ...) is written at 1, 10 and 100 MB and parsed by
``scholarparse.parse_file`` in a fresh process. Printed per size: the median seconds of the
parse alone, the ratio per doubling of the input against the size before (2.0 is linear time;
a quadratic pattern would show 4), the peak RSS of the process, and the memory each further MB
of input added against the size before (the interpreter's own 15 MB aside).

A shape whose documents outgrow memory stops earlier: 100 MB of meta-like lines is 12.5
million papers, about 20 GB of document, so it stops at 10 MB (``MAX_MB``).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

MAX_MB = {"meta-like-lines": 10}
_PARSE = """
import sys, time
import scholarparse
start = time.perf_counter()
try:
    scholarparse.parse_file(sys.argv[1], as_of="2026-11-22")
    outcome = "document"
except scholarparse.ScholarparseError as error:
    outcome = error.code
seconds = time.perf_counter() - start
# VmHWM is this process's own peak; ru_maxrss would include the parent's at fork time.
status = open("/proc/self/status").read()
peak_kb = int(status.split("VmHWM:")[1].split()[0])
print(seconds, peak_kb, outcome)
"""


def measure(path: Path) -> tuple[float, float, str]:
    """Seconds of the parse, peak RSS in MB of its process, and what it ended in."""
    done = subprocess.run(
        [sys.executable, "-c", _PARSE, str(path)], check=True, capture_output=True, text=True
    )
    seconds, kilobytes, outcome = done.stdout.split()
    return float(seconds), int(kilobytes) / 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sizes = os.environ.get("BENCH_SCALING_MB", "1 10 100")
    parser.add_argument("--mb", type=int, nargs="+", default=[int(s) for s in sizes.split()])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    args = parser.parse_args()
    print(f"scaling on hostile input: parse_file in a fresh process, median of {args.runs}")
    columns = f"{'MB':>5} {'seconds':>8} {'per doubling':>13} {'peak RSS':>9} {'MB per MB':>10}"
    print(f"  {'shape':18} {columns}")
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "dump.txt"
        for name, shape in hostile.SHAPES.items():
            before: tuple[int, float, float] | None = None  # MB, seconds, peak
            for megabytes in args.mb:
                if megabytes > MAX_MB.get(name, megabytes):
                    continue
                dump.write_bytes(shape(megabytes * 1_000_000))
                runs = [measure(dump) for _ in range(args.runs)]
                seconds = statistics.median(run[0] for run in runs)
                peak = max(run[1] for run in runs)
                doubling = added = ""
                if before is not None:
                    growth = megabytes / before[0]
                    doubling = f"{(seconds / before[1]) ** (1 / math.log2(growth)):.2f}x"
                    added = f"{(peak - before[2]) / (megabytes - before[0]):.1f}"
                print(
                    f"  {name:18} {megabytes:5} {seconds:8.3f} {doubling:>13} "
                    f"{peak:6.0f} MB {added:>10}  {runs[0][2]}"
                )
                before = (megabytes, seconds, peak)


if __name__ == "__main__":
    main()

"""Past one process: ``batch --dask local:2`` against ``--jobs 2``, and ``--parquet`` memory.

Run with ``make bench`` (it needs the dask and parquet extras, which the test extra holds).
On the bench corpus (``bench/corpus.py``, seed 0) of ``BENCH_SCALE_FILES`` files (default
10,000), prints:

* ``batch --jsonl --dask local:2`` against ``--jobs 2``: median seconds of the quiet runs of
  ``BENCH_RUNS`` alternated (default 3), the cluster's start-up included, their ratio, and
  whether the two outputs are the same bytes;
* ``batch --parquet --jobs 2``: seconds and peak RSS of the largest process for 2,000 files and
  for all of them, to show that memory does not grow with the number of files.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
from batch import AS_OF, QUIET, SCRIPT, alternated, measure  # noqa: E402


def main() -> None:
    files = int(os.environ.get("BENCH_SCALE_FILES", "10000"))
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    work = Path(tempfile.mkdtemp(prefix="scholarparse-bench-scale-"))
    try:
        run(work, files, runs)
    finally:
        shutil.rmtree(work)


def run(work: Path, files: int, runs: int) -> None:
    dumps = work / "dumps"
    stats = corpus.generate(dumps, files=files, seed=0)
    print(f"corpus: {stats.files} files, {stats.bytes / 1e6:.1f} MB (bench/corpus.py, seed 0)")

    def batch(output: str, *how: str) -> list[str]:
        (work / output).unlink(missing_ok=True)
        return [str(SCRIPT), "batch", str(dumps), "--jsonl", str(work / output), *how, *AS_OF]

    timings = alternated(
        {
            "batch --jsonl --jobs 2": lambda: batch("jobs.jsonl", "--jobs", "2", "-q"),
            "batch --jsonl --dask local:2": lambda: batch("dask.jsonl", "--dask", "local:2", "-q"),
        },
        runs,
    )
    jobs, dask = timings.values()
    same = filecmp.cmp(work / "jobs.jsonl", work / "dask.jsonl", shallow=False)
    print(
        f"\n--dask local:2 against --jobs 2, median of the quiet runs of {runs} alternated "
        f"(foreign CPU load <= {QUIET:.0%}), cluster start-up included"
    )
    for name, timing in timings.items():
        print(f"  {name:32} {timing.seconds:7.2f} s  {timing.quiet}/{timing.runs} quiet")
    print(f"  {'ratio, dask / jobs':32} {dask.seconds / jobs.seconds:7.2f}x")
    print(f"  same bytes: {'yes' if same else 'NO'}")
    sys.stdout.flush()

    print("\n--parquet --jobs 2: peak RSS of the largest process against the number of files")
    subsets = sorted({min(2000, files), files})
    for count in subsets:
        subset = work / f"first-{count}"
        subset.mkdir()
        for path in sorted(dumps.rglob("*.txt"))[:count]:
            os.link(path, subset / path.name)
        out = work / f"parquet-{count}"
        seconds, peak, _ = measure(
            [str(SCRIPT), "batch", str(subset), "--parquet", str(out), "--jobs", "2", "-q", *AS_OF]
        )
        print(f"  {count:6} files: {seconds:6.2f} s, peak RSS {peak:5.0f} MB")
        shutil.rmtree(out)
        shutil.rmtree(subset)


if __name__ == "__main__":
    main()

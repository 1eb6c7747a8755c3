"""Where a batch's time goes: each stage of the parse of the bench corpus, timed apart.

Run with ``make bench``. Generates the corpus of ``bench/batch.py`` (``bench/corpus.py``, seed
0), reads every file into memory, and times, file by file, the steps ``parse_bytes`` and the
JSON line take: decoding, normalisation, layout detection, the header and paper extractors
(the meta lines are found by the first to ask, the header), the abstract extractor, building
the typed document, and ``to_dict`` with orjson. It prints the median of ``--runs`` passes of
each stage, in seconds over the corpus, beside the plain script's ``parse`` and ``json.dumps``
on the same texts (``bench/baseline.py``). The cyclic garbage collector is held, as
``parse_bytes`` holds it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import baseline  # noqa: E402
import corpus  # noqa: E402

from scholarparse import build  # noqa: E402
from scholarparse.detect import detect_normalised  # noqa: E402
from scholarparse.extractors import Scan, abstracts, header, papers  # noqa: E402
from scholarparse.text import decode, normalise  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
STAGES = ("decode", "normalise", "detect", "metas+header", "papers", "abstracts", "build", "json")


def one_pass(dumps: list[tuple[str, bytes]]) -> dict[str, float]:
    """Seconds each stage took over every dump, in one pass."""
    spent = dict.fromkeys(STAGES, 0.0)
    clock = time.perf_counter
    for source, data in dumps:
        started = clock()
        text = decode(data, encoding=None, source=source)
        decoded = clock()
        text = normalise(text, utf8=None if data.startswith(b"\xef\xbb\xbf") else data)
        normalised = clock()
        kind = detect_normalised(text, explain=False).kind
        detected = clock()
        scan = Scan(text)
        if kind == "profile":
            header.extract(scan)
            headed = clock()
            papers.extract(scan)
            extracted = clock()
            document = build.profile_document(scan, source=source, as_of=AS_OF)
            spent["metas+header"] += headed - detected
            spent["papers"] += extracted - headed
        else:
            abstracts.extract(scan)
            extracted = clock()
            document = build.abstracts_document(scan, source=source)
            spent["abstracts"] += extracted - detected
        built = clock()
        orjson.dumps(document.to_dict())
        spent["decode"] += decoded - started
        spent["normalise"] += normalised - decoded
        spent["detect"] += detected - normalised
        spent["build"] += built - extracted
        spent["json"] += clock() - built
    return spent


def baseline_pass(texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        baseline.json.dumps(baseline.parse(text), ensure_ascii=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=int(os.environ.get("BENCH_FILES", "2000")))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scholarparse-stages-"))
    try:
        corpus.generate(work, files=args.files, seed=0)
        paths = sorted(str(path) for path in work.rglob("*.txt"))
        dumps = [(path, Path(path).read_bytes()) for path in paths]
    finally:
        shutil.rmtree(work)
    gc.disable()
    passes = [one_pass(dumps) for _ in range(args.runs)]
    script = statistics.median(
        baseline_pass([data.decode("utf-8-sig") for _, data in dumps]) for _ in range(args.runs)
    )
    gc.enable()
    print(f"stages of the parse over {len(dumps)} corpus files, median of {args.runs} passes")
    total = 0.0
    for stage in STAGES:
        seconds = statistics.median(spent[stage] for spent in passes)
        total += seconds
        print(f"  {stage:12} {seconds:6.3f} s")
    print(f"  {'total':12} {total:6.3f} s")
    print(f"  bench/baseline.py parse + json.dumps on the decoded texts: {script:.3f} s")


if __name__ == "__main__":
    main()

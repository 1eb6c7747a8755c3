"""Run a batch: hand the inputs to worker processes and write their outcomes in input order.

Chunks of inputs go to a pool of ``jobs`` worker processes and come back in the order they
were sent, while the workers run ahead by a bounded window; this process converts chunks too
whenever the next outcomes in order are not ready yet, instead of waiting for them. The
destination sees the sorted input order whatever the number of processes, and memory does not
grow with the number of files. With one job everything runs in this process.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .convert import (
    Failure,
    Outcome,
    Settings,
    Task,
    convert,
    convert_chunk_in_worker,
    start_worker,
)
from .inputs import Input

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult


class Destination(Protocol):
    def skips(self, item: Input) -> bool:
        """True if the input is converted already (``--resume``) and need not be read."""

    def known_sha256(self, item: Input) -> str | None:
        """The content hash recorded for the input; an input that still has it is skipped."""

    def write(self, outcome: Outcome) -> Failure | None:
        """Store one outcome; a failure that concerns this input alone is returned."""

    def close(self, *, completed: bool) -> None:
        """Finish writing; ``completed`` is False when the batch was interrupted."""


class Summary(NamedTuple):
    files: int
    ok: int
    warnings: int
    failed: int
    unchanged: int
    papers: int
    abstracts: int
    internal_errors: int
    seconds: float


def run(
    inputs: list[Input],
    destination: Destination,
    settings: Settings,
    jobs: int,
    on_outcome: Callable[[Outcome], None],
) -> Summary:
    """Convert every input into ``destination``; ``on_outcome`` sees each, in input order.

    A failing input is counted and reported, never raised; a destination that cannot be
    written (``OutputError``) or an interrupt stops the batch, leaving it resumable.
    """
    start = time.perf_counter()
    counts = dict.fromkeys(("ok", "warnings", "failed", "unchanged"), 0)
    papers = abstracts = internal_errors = 0
    tasks = [
        Task(item, destination.known_sha256(item)) for item in inputs if not destination.skips(item)
    ]
    counts["unchanged"] = len(inputs) - len(tasks)
    completed = False
    try:
        for outcome in _outcomes(tasks, settings, jobs):
            failure = destination.write(outcome)
            if failure is not None:
                outcome = outcome._replace(
                    status="failed", failure=failure, papers=0, abstracts=0, warnings=()
                )
            counts[outcome.status] += 1
            papers += outcome.papers
            abstracts += outcome.abstracts
            if outcome.failure and outcome.failure.code == "internal-error":
                internal_errors += 1
            on_outcome(outcome)
        completed = True
    finally:
        destination.close(completed=completed)
    return Summary(
        len(inputs),
        counts["ok"],
        counts["warnings"],
        counts["failed"],
        counts["unchanged"],
        papers,
        abstracts,
        internal_errors,
        time.perf_counter() - start,
    )


def _outcomes(tasks: list[Task], settings: Settings, jobs: int) -> Iterator[Outcome]:
    if jobs == 1 or len(tasks) <= 1:
        yield from (convert(task, settings) for task in tasks)
        return
    import multiprocessing  # only here: a one-process batch does without its 15 ms of imports

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    workers = min(jobs, len(tasks))
    pool = context.Pool(workers, initializer=start_worker, initargs=(settings,))
    size = _chunk_size(len(tasks), jobs)
    chunks: Iterator[list[Task]] = (
        tasks[start : start + size] for start in range(0, len(tasks), size)
    )
    # The chunks in input order: sent to a worker (an AsyncResult) or converted here (a list).
    # The window is bounded, so that when the destination writes slower than the workers
    # parse (a database) they wait instead of piling outcomes up in memory.
    window: deque[AsyncResult[list[Outcome]] | list[Outcome]] = deque()
    limit = (workers + 1) * _CHUNKS_IN_FLIGHT_PER_JOB
    try:
        for chunk in itertools.islice(chunks, workers * _CHUNKS_IN_FLIGHT_PER_JOB):
            window.append(pool.apply_async(convert_chunk_in_worker, (chunk,)))
        while window:
            head = window[0]
            if not isinstance(head, list) and not head.ready() and len(window) < limit:
                # Rather than wait for the next outcomes in order, this process converts the
                # next chunk itself: the workers lose little to it (it mostly waits), and the
                # batch gains its gaps (on 2 cores, --jobs 2 took 1.89 s against 2.28 s with
                # one worker and this process converting; medians of 4 runs).
                mine = next(chunks, None)
                if mine is not None:
                    window.append([convert(task, settings) for task in mine])
                    continue
            window.popleft()
            if isinstance(head, list):
                yield from head
                continue
            done = head.get()
            for chunk in itertools.islice(chunks, 1):  # keep the workers' share in flight
                window.append(pool.apply_async(convert_chunk_in_worker, (chunk,)))
            yield from done
        pool.close()
    finally:
        pool.terminate()  # on an interrupt or a write error: stop the workers at once
        pool.join()


_CHUNKS_IN_FLIGHT_PER_JOB = 4


def _chunk_size(tasks: int, jobs: int) -> int:
    """Tasks per hand-out: enough to keep start-up costs small, few enough to share evenly."""
    return max(1, min(16, tasks // (jobs * 16)))

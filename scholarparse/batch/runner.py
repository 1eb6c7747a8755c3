"""Run a batch: convert the inputs, in worker processes or here, and write the outcomes in order.

With several jobs, chunks of inputs go to worker processes (``pool.py``) and come back in input
order while the workers run ahead by a bounded window; with one, everything runs in this
process. The destination sees the sorted input order whatever the number of processes, and
memory does not grow with the number of files.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import NamedTuple, Protocol

from .convert import Failure, Outcome, Settings, Task, convert
from .inputs import Input


class Destination(Protocol):
    def skips(self, item: Input) -> bool:
        """True if the input is converted already (``--resume``) and need not be read."""

    def known_sha256(self, item: Input) -> str | None:
        """The content hash recorded for the input; an input that still has it is skipped."""

    def spool(self) -> str | None:
        """A directory where workers on this machine may leave payloads for ``write`` to copy
        in (``spool.py``), or ``None`` when this destination takes them only in the outcome."""

    def write(self, outcome: Outcome) -> Failure | None:
        """Store one outcome; a failure that concerns this input alone is returned."""

    def close(self, *, completed: bool) -> None:
        """Finish writing; ``completed`` is False when the batch was interrupted."""

    @property
    def saved(self) -> int:
        """Inputs of this run whose output stays if the batch stops now: what an interrupted
        run tells the user it kept."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a batch, with what the message needs: how many inputs were skipped as
    converted already (the destination knows how many it saved)."""

    def __init__(self, unchanged: int) -> None:
        super().__init__()
        self.unchanged = unchanged


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
    dask: str | None = None,
) -> Summary:
    """Convert every input into ``destination``; ``on_outcome`` sees each, in input order.
    ``dask``: the address of a ``dask.distributed`` scheduler (or ``local:N``) to convert on,
    instead of ``jobs`` processes here.

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
        for outcome in _outcomes(tasks, settings, jobs, dask, destination):
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
    except KeyboardInterrupt:
        raise Interrupted(counts["unchanged"]) from None
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


def _outcomes(
    tasks: list[Task], settings: Settings, jobs: int, dask: str | None, destination: Destination
) -> Iterator[Outcome]:
    if dask is not None:
        from . import cluster  # dask.distributed: only for --dask

        if cluster.is_local(dask):  # workers on this machine see the spool; others may not
            settings = settings._replace(spool=destination.spool())
        return cluster.outcomes(tasks, settings, dask)
    if jobs == 1 or len(tasks) <= 1:
        return (convert(task, settings) for task in tasks)
    from . import pool  # only here: a one-process batch does without multiprocessing

    settings = settings._replace(spool=destination.spool())
    most = SPOOLED_CHUNK_FILES if settings.spool else CHUNK_FILES
    return pool.outcomes(tasks, settings, jobs, _chunk_size(len(tasks), jobs, most))


# Files per hand-out to a worker process. Outcomes that carry their output (database rows, a
# rendered file) are held in memory for a window of chunks; spooled lines are not, so their
# chunks can be larger and cost their hand-outs and chunk files less often: --jsonl --jobs 2
# over the bench corpus, three rounds of alternated runs (9, 9, 15): 0.646 s against 0.687 s,
# 0.680 s against 0.688 s, 0.672 s against 0.684 s (medians).
CHUNK_FILES = 16
SPOOLED_CHUNK_FILES = 64


def _chunk_size(tasks: int, jobs: int, most: int) -> int:
    """Tasks per hand-out: enough to keep start-up costs small, few enough to share evenly
    (a sixteenth of each worker's share at most)."""
    return max(1, min(most, tasks // (jobs * 16)))

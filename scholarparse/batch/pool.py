"""Worker processes that convert chunks of inputs, with the outcomes handed back in chunk order.

``multiprocessing.Pool`` costs the main process a thread that wakes each time a result arrives
and polls every worker (3,700 times in one bench-corpus run): with it, the main process of
``--jobs 2`` used 0.48 s of CPU on the bench corpus, against 0.19 s now, on a machine with two
cores to share. Here the main process does all the bookkeeping itself, between waits: it hands
each worker a chunk through its own pipe, keeps at most ``IN_FLIGHT_PER_WORKER`` chunks per
worker out, reads whichever result is ready, and holds the early ones until their turn. The
window is bounded, so memory does not grow with the number of inputs, and a destination slower
than the workers (a database) makes them wait rather than pile outcomes up. A worker that dies
is reported (``worker-died``); ``multiprocessing.Pool`` waited for it forever.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import ScholarparseError
from .convert import Outcome, Settings, Task, convert_chunk
from .interrupts import ctrl_c_held

# Two chunks per worker: one to convert, one waiting in its pipe, so it never idles between
# them; more only holds more outcomes in memory.
IN_FLIGHT_PER_WORKER = 2
# How far the workers may run ahead of the chunk the destination is waiting for.
CHUNKS_AHEAD_PER_WORKER = 4


class WorkerDied(ScholarparseError):
    """A worker process ended without sending its outcomes: killed, or out of memory."""

    code = "worker-died"


class _Worker:
    """One worker process, its two pipes, and the chunks it holds, in the order sent.

    The worker gets every chunk at its start (free with fork, pickled once with spawn) and then
    only chunk numbers: a message of a few bytes never fills the pipe, so the main process
    never blocks sending while a worker blocks sending its outcomes back.
    """

    def __init__(self, context: Any, settings: Settings, chunks: list[Sequence[Task]]) -> None:
        tasks_end, self.tasks = context.Pipe(duplex=False)  # (receiving end, sending end)
        self.results, results_end = context.Pipe(duplex=False)
        own_ends = (self.tasks, self.results)
        self.process = context.Process(
            target=_work, args=(settings, chunks, tasks_end, results_end, own_ends), daemon=True
        )
        _enlarge(self.results)
        self.process.start()
        tasks_end.close()  # the child's ends: closed here, so a dead child shows as EOF
        results_end.close()
        self.chunks: deque[int] = deque()  # chunk numbers handed out, outcomes not yet read
        self.ended = False  # found dead while being sent a chunk

    def stop(self, *, now: bool) -> None:
        if now:
            self.process.terminate()
        elif not self.ended:
            with contextlib.suppress(BrokenPipeError):  # ended already, with nothing owed
                self.tasks.send(None)
        self.process.join()
        self.tasks.close()
        self.results.close()


# A chunk's outcomes are about 600 kB of JSON Lines on the bench corpus. The default 64 kB pipe
# makes a worker wait for the main process ten times per chunk; a 1 MB pipe (Linux's limit for
# unprivileged processes) lets it send and go on. On 2 cores, --jobs 2 took 1.28 s against
# 1.52 s (medians of 4 alternated runs), and the workers 10% less CPU.
_PIPE_BYTES = 1 << 20


def _enlarge(connection: Connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or a lower limit: the default size works, a little slower


def _work(
    settings: Settings,
    chunks: list[Sequence[Task]],
    tasks: Connection,
    results: Connection,
    parent_ends: tuple[Connection, ...],
) -> None:
    """A worker's life: convert each chunk it is sent and send the outcomes back.

    It closes its copies of the main process's ends, so that if the main process dies the
    next ``recv`` ends (EOF) instead of waiting forever; and it leaves Ctrl-C to the main
    process, which stops the workers (each would print a traceback otherwise).
    """
    for end in parent_ends:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        while (number := tasks.recv()) is not None:
            results.send(convert_chunk(chunks[number], settings))
    except (EOFError, BrokenPipeError):
        return  # the main process is gone: nothing to report to


def outcomes(tasks: Sequence[Task], settings: Settings, jobs: int, size: int) -> Iterator[Outcome]:
    """Convert ``tasks`` in ``jobs`` processes, in chunks of ``size``; outcomes in task order."""
    chunks = [tasks[start : start + size] for start in range(0, len(tasks), size)]
    # Fork where it is safe and cheap (the inputs need not be pickled at start); the platform's
    # default elsewhere.
    context = get_context("fork" if sys.platform == "linux" else None)
    workers: list[_Worker] = []
    done: dict[int, list[Outcome]] = {}  # received before their turn
    sent = 0
    stopped = False

    def hand_out(worker: _Worker, limit: int) -> None:
        nonlocal sent
        while (
            not worker.ended
            and sent < min(limit, len(chunks))
            and len(worker.chunks) < IN_FLIGHT_PER_WORKER
        ):
            try:
                worker.tasks.send(sent)
            except BrokenPipeError:
                if not worker.chunks:
                    raise _died(worker, chunks[sent]) from None
                # Outcomes it finished may still wait in its pipe: read them, and let the
                # end of that pipe name the first chunk it did not finish.
                worker.ended = True
                return
            worker.chunks.append(sent)
            sent += 1

    try:
        with _frozen(), ctrl_c_held(spawning=context.get_start_method() != "fork"):
            for _ in range(min(jobs, len(chunks))):
                workers.append(_Worker(context, settings, chunks))
        by_connection = {worker.results: worker for worker in workers}
        window = len(workers) * CHUNKS_AHEAD_PER_WORKER
        for number in range(len(chunks)):
            limit = number + window  # chunks sent but not yet yielded stay within the window
            for worker in workers:
                hand_out(worker, limit)
            while number not in done:
                holding = [worker.results for worker in workers if worker.chunks]
                if not holding:  # every worker left ended between chunks
                    raise _died(next(w for w in workers if w.ended), chunks[number])
                for ready in wait(holding):
                    worker = by_connection[ready]
                    try:
                        received = worker.results.recv()
                    except (EOFError, OSError):  # ended, maybe halfway through a message
                        raise _died(worker, chunks[worker.chunks[0]]) from None
                    done[worker.chunks.popleft()] = received
                    hand_out(worker, limit)
            yield from done.pop(number)
        for worker in workers:
            worker.stop(now=False)
        stopped = True
    finally:
        if not stopped:  # an interrupt, a write error, a dead worker: stop them all at once
            for worker in workers:
                worker.stop(now=True)


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """This process's objects in the collector's permanent generation while the workers fork:
    a worker's collections then never walk them, which would write to every one and so copy
    every page of them (copy-on-write), as Python's documentation advises before a fork.
    --jobs 2 over the bench corpus, medians of 9 alternated runs, twice: 0.687 s against
    0.718 s, 0.736 s against 0.772 s. Objects a caller froze stay frozen."""
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    try:
        yield
    finally:
        if freezing:
            gc.unfreeze()


def _died(worker: _Worker, chunk: Sequence[Task]) -> WorkerDied:
    """The error for a worker that ended owing ``chunk``, named by its first file."""
    worker.process.join(timeout=5)
    status = worker.process.exitcode
    how = f"was killed by signal {-status}" if status is not None and status < 0 else "ended"
    files = "this file" if len(chunk) == 1 else f"this file and the {len(chunk) - 1} after it"
    verb = "was" if len(chunk) == 1 else "were"
    return WorkerDied(
        f"worker process {worker.process.pid} {how}; {files} {verb} not converted",
        source=chunk[0].input.source,
        hint="run the same command with --resume to convert what is left",
    )

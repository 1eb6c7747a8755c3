"""``batch --dask``: chunks of inputs as tasks on a ``dask.distributed`` cluster, the outcomes
back in input order, to the same destinations and with the same bytes as ``--jobs``.

The workers read the inputs themselves, by the paths as given: every worker must see them at
the same paths (a shared filesystem, and absolute paths or workers started in the same
directory). Only outcomes travel back. The main process keeps a bounded window of chunks
submitted ahead of the one the destination waits for, so memory does not grow with the number
of files. A worker that dies has its tasks run again elsewhere by the scheduler
(``distributed.scheduler.allowed-failures`` times); past that, the batch stops with
``worker-died`` as ``--jobs`` does, and ``--resume`` finishes it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import sys
import warnings
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import ScholarparseError
from ..extras import require
from .convert import Outcome, Settings, Task, convert_chunk
from .interrupts import ctrl_c_held
from .pool import WorkerDied

LOCAL = "local:"
# Files a task converts. Each task costs the scheduler, the client and two network round trips:
# on 10,000 bench-corpus files with local:2, medians of 3 alternated quiet runs, chunks of 128
# took 5.81 s and chunks of 32 6.61 s (--jobs 2: 3.91 s). A sixteenth of the files at most, so
# that small batches still spread over the workers.
CHUNK_FILES = 128
# Chunks submitted ahead, per worker: enough that no worker waits for the scheduler.
CHUNKS_AHEAD_PER_WORKER = 4
# When the workers spool their lines (spool.py), an outcome is a few dozen bytes, and larger
# chunks pay the cost of a task less often for the same memory: 10,000 files, local:2, medians
# of 5 alternated runs, two sizes at a time: 128 against 256, 4.87 s and 4.71 s; 256 against
# 512, 4.71 s and 4.56 s; 512 with 4 ahead against 2 ahead, 4.52 s and 4.57 s.
SPOOLED_CHUNK_FILES = 512
SPOOLED_CHUNKS_AHEAD_PER_WORKER = 2
CONNECT_SECONDS = 10


class ClusterError(ScholarparseError):
    """The scheduler cannot be reached, or the cluster cannot be started."""

    code = "dask-error"


def is_local(address: str) -> bool:
    """True for ``local:N``: a cluster of worker processes on this machine."""
    return address.startswith(LOCAL)


def require_distributed(address: str) -> tuple[Any, bool]:
    """``distributed``, or ``MissingExtra`` naming the dask extra; and whether the workers of
    ``local:N`` are to be forked from the server started here first, so that its imports and
    this process's run at once: the cluster is up 0.2 s sooner. (A batch that then fails
    before its cluster starts leaves the server to finish its imports and end with this
    process.)"""
    forked = is_local(address) and _start_worker_server()
    return require("distributed", "dask", "--dask"), forked


def outcomes(
    tasks: Sequence[Task], settings: Settings, address: str, size: int | None = None
) -> Iterator[Outcome]:
    """Convert ``tasks`` on the cluster at ``address`` (``tcp://host:8786``, or ``local:N`` for
    a ``LocalCluster`` of N worker processes) in chunks of up to ``size`` (default: up to
    ``CHUNK_FILES``, smaller towards the end: ``guided``); outcomes in task order."""
    distributed, forked = require_distributed(address)
    most, ahead_per_worker = (
        (SPOOLED_CHUNK_FILES, SPOOLED_CHUNKS_AHEAD_PER_WORKER)
        if settings.spool
        else (CHUNK_FILES, CHUNKS_AHEAD_PER_WORKER)
    )
    size = size or max(1, min(most, len(tasks) // 16))
    logging.getLogger("distributed").setLevel(logging.ERROR)  # its INFO lines are not ours
    with _client(distributed, address, forked) as client:
        # Threads, not worker processes: a remote worker may run several tasks at once.
        workers = max(1, sum(client.nthreads().values()))
        chunks = guided(tasks, size, workers)
        ahead = ahead_per_worker * workers
        pending: deque[Any] = deque()
        submitted = 0
        for number, chunk in enumerate(chunks):
            while submitted < min(len(chunks), number + ahead):
                pending.append(
                    client.submit(convert_chunk, chunks[submitted], settings, pure=False)
                )
                submitted += 1
            future = pending.popleft()
            try:
                result: list[Outcome] = future.result()
            except distributed.KilledWorker:
                raise _died(chunk) from None
            future.release()
            yield from result


def guided(tasks: Sequence[Task], size: int, workers: int) -> list[Sequence[Task]]:
    """``tasks`` in chunks of ``size``, but never more than half a worker's share of what is
    left (guided self-scheduling): the last chunks are small, so that no worker converts a
    large one alone while the others wait; and never fewer than 16 tasks (or ``size``), since
    each chunk costs the scheduler and the client a few milliseconds."""
    size = max(1, size)
    smallest = min(size, 16)
    chunks = []
    start = 0
    while start < len(tasks):
        step = max(smallest, min(size, (len(tasks) - start) // (2 * workers)))
        chunks.append(tasks[start : start + step])
        start += step
    return chunks


@contextlib.contextmanager
def _client(distributed: Any, address: str, forked: bool) -> Iterator[Any]:
    """A client of the cluster at ``address``; ``forked``: the workers of ``local:N`` are to be
    forked from the server ``_start_worker_server`` started."""
    # For the cluster's whole life: a nanny that restarts a dead worker reads them again.
    lighter = (
        _lighter_workers(distributed, forked) if is_local(address) else contextlib.nullcontext()
    )
    with lighter, _connected(distributed, address) as client:
        yield client


@contextlib.contextmanager
def _connected(distributed: Any, address: str) -> Iterator[Any]:
    cluster = client = None
    try:
        with warnings.catch_warnings():  # distributed's own notices are not ours to print
            warnings.simplefilter("ignore")
            if is_local(address):
                with ctrl_c_held(spawning=True):
                    cluster = distributed.LocalCluster(
                        n_workers=int(address[len(LOCAL) :]),
                        threads_per_worker=1,  # parsing is pure Python: threads share one lock
                        processes=True,
                        dashboard_address=None,
                        # Not even its errors: a Ctrl-C, which ends the client's reads, made a
                        # worker log a traceback; what goes wrong in a batch is ours to say.
                        silence_logs=logging.CRITICAL,
                    )
                    # Outcomes straight from the workers, not through the scheduler, which runs
                    # in this process too: 10,000 bench-corpus files, local:2, 3 alternated runs:
                    # 1.6 s of this process's CPU against 2.0 s, 5.58 s against 5.76 s (medians).
                    # Only here: a remote cluster's workers may not be reachable from the client.
                    client = distributed.Client(cluster, direct_to_workers=True)
            else:
                client = distributed.Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError, RuntimeError) as error:
        if cluster is not None:
            cluster.close()
        if is_local(address):  # its workers did not start ("Nanny failed to start.")
            raise ClusterError(
                f"cannot start a local cluster: {error}",
                source=address,
                hint="check that this user can start Python processes here, or use --jobs",
            ) from None
        what = "not a scheduler's address" if isinstance(error, ValueError) else "cannot reach"
        raise ClusterError(
            f"{what}: {error}" if what.startswith("not") else f"{what} the scheduler: {error}",
            source=address,
            hint="give the scheduler's address, tcp://HOST:8786 ('dask scheduler' prints it), "
            "or try --dask local:2",
        ) from None
    except BaseException:  # a Ctrl-C held while the cluster started comes as it is up
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        raise
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# What the server that local workers are forked from imports before it forks them.
_WORKER_IMPORTS = ["distributed", "scholarparse.batch.convert"]
# The directory of its socket, made by multiprocessing (``remove_fork_server_directory``).
_fork_server_directory: str | None = None


def _start_worker_server() -> bool:
    """For ``local:N`` on Linux: start the server the workers are forked from
    (``multiprocessing``'s forkserver), importing distributed and the parser once, while this
    process imports distributed too; dask would spawn each worker, to import both again.
    False when it cannot start (no temporary directory for its socket, or a path to it too long
    for one): dask then spawns the workers as it does by default.

    Linux only: on macOS, forking a process that has imported distributed (its threads, its
    system libraries) is what made Python spawn by default there.
    """
    global _fork_server_directory
    if sys.platform != "linux" or importlib.util.find_spec("distributed") is None:
        return False  # without the dask extra, ``require`` says what to install
    import multiprocessing.forkserver
    import multiprocessing.util

    multiprocessing.get_context("forkserver").set_forkserver_preload(_WORKER_IMPORTS)
    try:
        with ctrl_c_held(spawning=True):
            multiprocessing.forkserver.ensure_running()
        started = True
    except OSError:
        started = False
    with contextlib.suppress(OSError):  # none made when none could be
        _fork_server_directory = multiprocessing.util.get_temp_dir()
    return started


def remove_fork_server_directory() -> None:
    """Remove the directory of the fork server's socket, which multiprocessing's exit handler
    removes: for the console script, which leaves without running exit handlers."""
    if _fork_server_directory is not None:
        import shutil

        shutil.rmtree(_fork_server_directory, ignore_errors=True)


@contextlib.contextmanager
def _lighter_workers(distributed: Any, forked: bool) -> Iterator[None]:
    """Dask's settings while a ``local:N`` cluster runs: workers without dask's sampling
    profiler, which stops the converting thread every 10 ms to read its stack, an event loop
    that checks its own health every second rather than every 20 ms (each check takes the
    interpreter lock from the converting thread), and, when ``forked``, forked from the server
    started above. They are undone when the cluster is closed.

    The workers share this machine's cores with this process (the scheduler, the client and
    the writing): every CPU second spared is wall time. 10,000 bench-corpus files, local:2,
    medians of 5 alternated runs: 4.88 s, against 5.21 s with the profiler off alone and 5.24 s
    with neither; the health check once a second: 4.26 s against 4.41 s (7 runs).
    """
    import dask

    settings: dict[str, Any] = {
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "1s",
    }
    if forked:
        settings["distributed.worker.multiprocessing-method"] = "forkserver"
        # Asked for the forkserver, dask would import here every optional package it knows
        # (numpy, pandas, lz4: seconds for some) to have the server preload them; ours runs
        # already, with what the workers need. Its flag says the choice is made (a private
        # name: should it go, dask only imports them).
        if hasattr(distributed.utils, "_forkserver_preload_set"):
            distributed.utils._forkserver_preload_set = True
    with dask.config.set(settings):
        yield


def _died(chunk: Sequence[Task]) -> WorkerDied:
    files = "this file" if len(chunk) == 1 else f"this file and the {len(chunk) - 1} after it"
    verb = "was" if len(chunk) == 1 else "were"
    return WorkerDied(
        f"dask workers died running this chunk, more often than the scheduler retries; "
        f"{files} {verb} not converted",
        source=chunk[0].input.source,
        hint="run the same command with --resume to convert what is left",
    )

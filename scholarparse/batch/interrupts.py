"""Ctrl-C kept from processes that must never see it, and from a step that must not be cut.

A terminal sends Ctrl-C to every process of the job. The command alone should take it: it
stops the workers and says in one line what it kept (``ctrl_c_held``, while they start). And
a few steps are too short and too whole to cut: renaming a set of tables into place
(``ctrl_c_deferred``).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def ctrl_c_held(*, spawning: bool = False) -> Iterator[None]:
    """Processes and threads started inside never see the terminal's Ctrl-C: this thread
    blocks SIGINT while they start, and they keep its mask (through fork and exec). One that
    reached a worker before it could ignore it printed a traceback. This process still takes
    a Ctrl-C: at the end, or sooner through another thread that does not block it.

    ``spawning``: the processes are spawned or served (not forked), which starts
    multiprocessing's resource tracker; it unblocks SIGINT once it has spawned, so it is
    started first, outside."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    if spawning:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """A Ctrl-C pressed inside is taken at the end, once the step is whole, as it would have
    been taken: raised again with the handler that was there (``KeyboardInterrupt``, a
    caller's own handler); an ignored one stays ignored. A step that fails raises its error
    instead.

    By a handler of its own rather than the signal mask of ``ctrl_c_held``: the kernel gives
    a signal to any thread that does not block it (a progress bar's, a pool's), and Python
    then raises it in the main thread, so a mask held by one thread holds nothing. Handlers
    are set and run in the main thread; elsewhere this does nothing.
    """
    previous = signal.getsignal(signal.SIGINT)
    if (
        previous in (signal.SIG_IGN, None)
        or threading.current_thread() is not threading.main_thread()
    ):
        yield  # ignored, or a handler not Python's (None) that it could not set back
        return
    pressed: list[int] = []
    signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:  # not when the step failed: its error, which stops the command, is the news
        signal.raise_signal(signal.SIGINT)

"""What a batch tells the person running it, on stderr: per-file lines, progress, a summary.

The progress bar is drawn only when stderr is a terminal (a log file gets plain lines) and is
refreshed from the main loop at most ten times a second, with no thread of its own, so worker
processes are never forked while a drawing thread holds a lock.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

import click

from ..terminal import visible
from .convert import Outcome
from .runner import Summary

if TYPE_CHECKING:
    from rich.progress import Progress

_REFRESH_SECONDS = 0.1


class Reporter:
    """Prints warnings and errors as they come, draws the bar, and sums up at the end."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.quiet = quiet
        self._progress: Progress | None = None
        self._done = 0
        self._started = self._last_refresh = time.monotonic()
        if not quiet and sys.stderr is not None and sys.stderr.isatty() and total:
            self._progress = _progress_bar()
            self._task = self._progress.add_task("converting", total=total, rate="-")
            self._progress.start()

    def __call__(self, outcome: Outcome) -> None:
        if outcome.failure is not None:
            failure = outcome.failure
            where = outcome.input.source
            where = where if failure.line is None else f"{where}:{failure.line}"
            self._print(f"Error: {where}: {failure.message} [{failure.code}]")
        elif not self.quiet:
            for line in outcome.warnings:
                self._print(line)
        self._done += 1
        now = time.monotonic()
        if self._progress is not None and now - self._last_refresh >= _REFRESH_SECONDS:
            self._draw(now)

    def _draw(self, now: float) -> None:
        assert self._progress is not None
        rate = self._done / (now - self._started) if now > self._started else 0.0
        self._progress.update(self._task, completed=self._done, rate=f"{rate:.0f}")
        self._progress.refresh()
        self._last_refresh = now

    def finish(self, summary: Summary | None) -> None:
        if self._progress is not None:
            self._draw(time.monotonic())
            self._progress.stop()
        if summary is not None and not self.quiet:
            click.echo(summary_line(summary), err=True)

    def _print(self, line: str) -> None:
        if self._progress is None:
            click.echo(visible(line), err=True)
        else:
            from rich.text import Text

            self._progress.console.print(Text(visible(line)), soft_wrap=True)


def summary_line(summary: Summary) -> str:
    rate = summary.files / summary.seconds if summary.seconds else 0.0
    return (
        f"batch: {counted(summary.files, 'file')} in {summary.seconds:.1f} s "
        f"({rate:.0f} files/s): {summary.ok} ok, {summary.warnings} with warnings, "
        f"{summary.failed} failed, {summary.unchanged} unchanged; "
        f"{counted(summary.papers, 'paper')}, {counted(summary.abstracts, 'abstract')}"
    )


def counted(number: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _progress_bar() -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("converting"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} files/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        auto_refresh=False,  # no drawing thread: see the module's docstring
        redirect_stdout=False,  # JSON Lines may be going to stdout
        redirect_stderr=False,
    )
    return progress

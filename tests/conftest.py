"""Shared paths and helpers for the tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests run a bounded number of examples in ``make test``; ``make fuzz``
# (tests/fuzz.py) loads the "fuzz" profile and keeps drawing new ones for a set time.
settings.register_profile("test", max_examples=100, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
AS_OF = dt.date(2026, 11, 22)  # the date every golden file was written for
PROFILE_SEED = FIXTURES / "profiles" / "seed.txt"
ABSTRACTS_SEED = FIXTURES / "abstracts" / "seed.txt"


def golden_cases() -> list[Path]:
    """Every fixture that has a hand-checked expected document beside it."""
    return sorted(FIXTURES.glob("*/*.txt"), key=str)


def expected_for(case: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(case.with_suffix(".expected.json").read_text("utf-8"))
    return loaded


def without_messages(document: dict[str, Any]) -> dict[str, Any]:
    """Diagnostics compared by severity, code and line: messages are prose, free to improve."""
    trimmed = dict(document)
    trimmed["diagnostics"] = [
        {key: value for key, value in diagnostic.items() if key != "message"}
        for diagnostic in document["diagnostics"]
    ]
    return trimmed


def drain_terminal(primary: int) -> bytes:
    """Everything a program wrote to a pseudo-terminal, once its other end is closed."""
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    return shown


@pytest.fixture
def profile_seed_text() -> str:
    return PROFILE_SEED.read_text("utf-8")


def interrupt_job(
    process: subprocess.Popen[bytes], when: Callable[[], bool], seconds: float = 60
) -> str:
    """A Ctrl-C to the job of ``process`` (started in a session of its own), as a terminal
    sends it to every process of the job, once ``when()`` holds; its stderr once it ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None and not when():
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    return process.communicate(timeout=seconds)[1].decode()


def run_process(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m scholarparse ARGS`` as a real process, its output as text; ``env`` adds to
    the environment."""
    return subprocess.run(
        [sys.executable, "-m", "scholarparse", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )

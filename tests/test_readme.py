"""The README's console examples, run as written: their output must be what the README shows.

Each ```console block is run in order in a scratch directory that sees the fixtures, with
SCHOLARPARSE_AS_OF set to the day the examples were written. A line "…" in the README ends what
is compared of that output. Examples that need jq run where jq is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", README, re.DOTALL)


def examples(block: str) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
    return found


RUNNABLE = [
    block
    for block in BLOCKS
    if all(command.startswith(("scholarparse", "printf")) for command, _ in examples(block))
    and ("| jq" not in block or shutil.which("jq"))
]


def test_the_readme_has_runnable_examples() -> None:
    assert len(RUNNABLE) >= 5


@pytest.mark.parametrize("block", RUNNABLE, ids=lambda block: examples(block)[0][0][:50])
def test_readme_example(block: str, tmp_path: Path) -> None:
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    env = {
        **os.environ,
        "SCHOLARPARSE_AS_OF": "2026-11-22",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "100",
    }
    for command, expected in examples(block):
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=60,
        )
        shown = result.stdout.splitlines()
        if "…" in expected:
            expected = expected[: expected.index("…")]
            shown = shown[: len(expected)]
        assert shown == expected, command


PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=lambda block: block.splitlines()[0][:50])
def test_readme_python_example(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library examples are doctests: each output shown is the output a run gives."""
    import doctest

    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert (runner.failures, runner.tries > 0) == (0, True)

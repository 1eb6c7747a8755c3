"""The README is the front door: every command, option and code is there, with help text."""

from __future__ import annotations

import re

import click
import pytest

from scholarparse.cli import cli
from scholarparse.codes import ERROR_CODES, WARNING_CODES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
COMMANDS = sorted(cli.commands)


def test_readme_states_the_two_commands() -> None:
    assert "make run" in README
    assert "make test" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_documented(name: str) -> None:
    command = cli.commands[name]
    assert command.help
    assert f"scholarparse {name}" in README


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, option)
        for name in COMMANDS
        for parameter in cli.commands[name].params
        if isinstance(parameter, click.Option)
        for option in parameter.opts
    ],
)
def test_every_option_is_documented(command: str, option: str) -> None:
    assert re.search(rf"`[^`]*{re.escape(option)}\b", README), option


@pytest.mark.parametrize("code", sorted(WARNING_CODES) + sorted(ERROR_CODES))
def test_every_code_is_documented(code: str) -> None:
    assert f"| `{code}` |" in README


def test_changelog_is_dated() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert re.search(r"^## \[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$", changelog, re.MULTILINE)


def test_every_test_the_safety_section_names_exists() -> None:
    section = README.split("## Your data is safe", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(test_\w+\.py)::(test_\w+)`|`::(test_\w+)`", section)
    assert len(named) >= 15
    tests_dir = ROOT / "tests"
    file = ""
    for path, test, short in named:
        file = path or file
        assert f"def {test or short}(" in (tests_dir / file).read_text("utf-8"), test or short

"""Dates and the year the site leaves out (FORMAT.md: the latest such date on or before as-of)."""

from __future__ import annotations

import datetime as dt

import pytest

from scholarparse.dates import month_number, parse_iso_date, resolve

AS_OF = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("month", "day", "expected"),
    [
        (5, 29, dt.date(2026, 5, 29)),  # earlier in the year of the copy
        (11, 22, dt.date(2026, 11, 22)),  # the day itself counts as "on or before"
        (11, 23, dt.date(2025, 11, 23)),  # a day later must be last year's
        (12, 3, dt.date(2025, 12, 3)),
        (2, 29, dt.date(2024, 2, 29)),  # the latest Feb 29
    ],
)
def test_year_less_dates(month: int, day: int, expected: dt.date) -> None:
    assert resolve(month, day, None, AS_OF) == (expected, True)


def test_feb_29_across_a_century_that_is_not_leap() -> None:
    assert resolve(2, 29, None, dt.date(2103, 3, 1)) == (dt.date(2096, 2, 29), True)


def test_dates_with_a_year_and_impossible_dates() -> None:
    assert resolve(9, 11, 2023, AS_OF) == (dt.date(2023, 9, 11), False)
    assert resolve(2, 30, 2023, AS_OF) == (None, False)
    assert resolve(4, 31, None, AS_OF) == (None, True)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("Jan", 1),
        ("Sept", 9),
        ("Sep.", 9),
        ("September", 9),
        ("June", 6),
        ("May", 5),
        ("Zero", None),
    ],
)
def test_month_names(name: str, number: int | None) -> None:
    assert month_number(name) == number


@pytest.mark.parametrize("value", ["yesterday", "2026-2-3", "20261122", "2026-02-30", ""])
def test_iso_dates_are_strict(value: str) -> None:
    with pytest.raises(ValueError):
        parse_iso_date(value)

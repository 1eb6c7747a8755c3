"""Paper dates as the site prints them, and the year the site leaves out.

The site drops the year for dates in the current year *as of the moment the page was copied*, so a
year-less date is the latest date on or before the reference date with that month and day.
"""

from __future__ import annotations

import datetime as dt
import os

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# The names as the site writes them, longest first so that a pattern tries "Sept" before "Sep".
MONTH_NAMES = tuple(sorted((name.capitalize() for name in _MONTHS), key=len, reverse=True))

# Feb 29 recurs within eight years even across a century that is not a leap year (2100).
_YEARS_TO_SEARCH = 9


def month_number(name: str) -> int | None:
    """1-12 for an English month name or abbreviation, ``None`` otherwise."""
    return _MONTHS.get(name.rstrip(".").lower())


def resolve(month: int, day: int, year: int | None, as_of: dt.date) -> tuple[dt.date | None, bool]:
    """The calendar date, and whether its year was inferred; ``None`` if no such date exists."""
    if not 1 <= month <= 12:
        return None, year is None
    if year is not None:
        try:
            return dt.date(year, month, day), False
        except ValueError:
            return None, False
    candidate_year = as_of.year if (month, day) <= (as_of.month, as_of.day) else as_of.year - 1
    for _ in range(_YEARS_TO_SEARCH):
        try:
            return dt.date(candidate_year, month, day), True
        except ValueError:
            candidate_year -= 1
    return None, True


def parse_iso_date(value: str) -> dt.date:
    """A strict ``YYYY-MM-DD``; raises ``ValueError`` for anything else."""
    if (
        len(value) != 10
        or value[4] != "-"
        or value[7] != "-"
        or not value.replace("-", "").isdigit()
    ):
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None


# ``--as-of mtime``: each file's copy date is its modification date. A dump saved the day it
# was copied dates its year-less papers right, where today's date drifts a year off as soon as
# the dump is a year old.
AS_OF_MTIME = "mtime"


def modified_date(path: str) -> dt.date:
    """The local date ``path`` was last modified; today when it cannot be told (stdin)."""
    try:
        return dt.date.fromtimestamp(os.stat(path).st_mtime)
    except (OSError, ValueError):
        return dt.date.today()

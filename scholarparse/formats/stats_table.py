"""The terminal view of a ``stats`` document: a header, bar charts of papers per year and per
category, top authors and affiliations, and a row per profile when there are several.

Bars are Rich renderables scaled to the width Rich gives them (the terminal's, or the
picture's with ``--svg``), with the exact number beside each. Dump text goes through
``terminal.visible`` into ``Text``: never markup, never a control character.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..terminal import visible

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

BAR_COLOR = "cyan"


def render_stats(console: Console, document: dict[str, Any]) -> None:
    from rich.columns import Columns
    from rich.panel import Panel
    from rich.text import Text

    profiles = document["profiles"]
    scores = document["scores"]
    shown = [
        ("papers", document["papers"]),
        ("with code", document["with_code"]),
        ("undated", document["undated"] or None),
        ("merged duplicates", document["duplicates"] or None),
        ("scores", _score_range(scores) if scores["count"] else None),
    ]
    summary = Columns(
        [
            Text.assemble((f"{label} ", "dim"), _text(value, "bold"))
            for label, value in shown
            if value is not None
        ],
        padding=(0, 2),
    )
    if len(profiles) == 1:
        title = _text(profiles[0]["name"] or "(no name)", "bold")
    else:
        title = Text(f"{len(profiles)} profiles", style="bold")
    console.print(Panel(summary, title=title, title_align="left", expand=False))
    _chart(console, "Papers per year", _years(document["papers_per_year"]))
    categories = [(row["category"], row["papers"]) for row in document["categories"]]
    _chart(console, "Categories", categories)
    _chart(console, "Top authors", [(row["name"], row["papers"]) for row in document["authors"]])
    affiliations = [(row["name"], row["papers"]) for row in document["affiliations"]]
    _chart(console, "Top affiliations", affiliations)
    if len(profiles) > 1:
        console.print(_profiles_table(profiles))


# A run of years without papers longer than this is one row: a mistyped year (1001) must not
# draw a thousand empty bars.
_MOST_EMPTY_YEARS = 3


def _years(rows: list[dict[str, int]]) -> list[tuple[str, int]]:
    """Papers per year for the chart: every year, but a long run of empty ones as one row."""
    shown: list[tuple[str, int]] = []
    empty: list[int] = []
    for row in [*rows, {"year": 0, "papers": -1}]:  # a sentinel ends the last run
        if row["papers"] == 0:
            empty.append(row["year"])
            continue
        if len(empty) > _MOST_EMPTY_YEARS:
            shown.append((f"{empty[0]}-{empty[-1]}", 0))
        else:
            shown.extend((str(year), 0) for year in empty)
        empty = []
        if row["papers"] > 0:
            shown.append((str(row["year"]), row["papers"]))
    return shown


def _score_range(scores: dict[str, Any]) -> str:
    return f"{scores['min']} / {scores['median']} / {scores['max']} (min / median / max)"


def _chart(console: Console, title: str, rows: list[tuple[str, int]]) -> None:
    """A horizontal bar chart: label, bar, number; bars share one scale, the largest full."""
    from rich import box
    from rich.bar import Bar
    from rich.table import Table

    if not rows:
        return
    most = max(count for _, count in rows) or 1
    table = Table(box=box.SIMPLE, title=title, title_justify="left", show_header=False)
    table.add_column(max_width=28, overflow="ellipsis", no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    table.expand = True
    for label, count in rows:
        bar: RenderableType = Bar(most, 0, count, color=BAR_COLOR)
        table.add_row(_text(label), bar, _text(count))
    console.print(table)


def _profiles_table(profiles: list[dict[str, Any]]) -> RenderableType:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title="Profiles", title_justify="left", expand=True)
    table.add_column("Name", ratio=1, overflow="fold")
    table.add_column("Cat", no_wrap=True)
    table.add_column("h-index", justify="right", no_wrap=True)
    table.add_column("Citations", justify="right", no_wrap=True)
    table.add_column("Papers", justify="right", no_wrap=True)
    table.add_column("Years", no_wrap=True)
    for profile in profiles:
        first, last = profile["first_year"], profile["last_year"]
        years = "" if first is None else str(first) if first == last else f"{first}-{last}"
        citations = profile["citations"]
        table.add_row(
            _text(profile["name"] or profile["source"] or "(no name)"),
            _text(profile["category"]),
            _text(profile["h_index"]),
            _text(None if citations is None else f"{citations:,}"),
            _text(profile["papers_listed"]),
            _text(years),
        )
    return table


def _text(value: Any, style: str = "") -> Text:
    from rich.text import Text

    return Text("" if value is None else visible(str(value)), style=style)

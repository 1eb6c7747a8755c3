"""A readable terminal view: a header panel and one row per paper (or abstract).

Every string from a dump goes into a ``rich.text.Text`` after ``terminal.visible``: Rich never
parses it as markup and control characters never reach the terminal. Rich honours ``NO_COLOR``.
The authors and affiliations sit under each title, in the widest column, so the table stays
readable at 80 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..terminal import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_OPENING_WORDS = 12


def render(documents: Sequence[dict[str, Any]], stream: TextIO, *, single: bool) -> None:
    from rich.console import Console  # only this format needs Rich

    console = Console(file=stream, highlight=False, emoji=False, markup=False)
    for number, document in enumerate(documents):
        if number:
            console.print()
        _KINDS[document["kind"]](console, document)


def _text(value: Any, style: str = "") -> Text:
    from rich.text import Text

    return Text("" if value is None else visible(str(value)), style=style)


def _profile(console: Console, document: dict[str, Any]) -> None:
    from rich import box
    from rich.columns import Columns
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    metrics = document["metrics"]
    shown = [
        ("category", document["category"]),
        ("h-index", metrics["h_index"]),
        ("papers", metrics["papers"]),
        ("citations", None if metrics["citations"] is None else f"{metrics['citations']:,}"),
        (
            "novelty",
            None if metrics["novelty_percent"] is None else f"{metrics['novelty_percent']}%",
        ),
        ("AI score", metrics["ai_score"]),
        ("listed", _listed(document)),
    ]
    # Columns wraps between "label value" pairs, never inside one.
    summary = Columns(
        [
            Text.assemble((f"{label} ", "dim"), _text(value, "bold"))
            for label, value in shown
            if value is not None
        ],
        padding=(0, 2),
    )
    title = _text(document["name"] or "(no name)", "bold")
    console.print(Panel(summary, title=title, title_align="left", expand=False))

    if console.width < _NARROW:
        _papers_stacked(console, document["papers"])
        return
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Cat", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Code", no_wrap=True)
    table.add_column("Title / authors · affiliations", ratio=1, overflow="fold")
    for paper in document["papers"]:
        table.add_row(
            _text(paper["index"]),
            _text(paper["date"] or paper["date_raw"]),
            _text(paper["category"]),
            _text(paper["score"]),
            _text("yes" if paper["has_code"] else ""),
            Text("\n").join((_text(paper["title"], "bold"), _byline(paper))),
        )
    console.print(table)


# Below this width the table's fixed columns leave the titles no room: each paper is a block.
_NARROW = 60


def _papers_stacked(console: Console, papers: list[dict[str, Any]]) -> None:
    """A narrow terminal's view: per paper, its figures on one line, then title and byline."""
    from rich.text import Text

    for paper in papers:
        figures = [
            f"#{paper['index']}",
            paper["date"] or paper["date_raw"],
            paper["category"],
            None if paper["score"] is None else f"score {paper['score']}",
            "code" if paper["has_code"] else None,
        ]
        console.print()
        console.print(_text("  ".join(str(part) for part in figures if part), "dim"))
        console.print(Text("\n").join((_text(paper["title"], "bold"), _byline(paper))))


def _byline(paper: dict[str, Any]) -> Text:
    authors = ", ".join(paper["authors"]) + (" et al." if paper["authors_truncated"] else "")
    affiliations = ", ".join(paper["affiliations"])
    return _text(" · ".join(part for part in (authors, affiliations) if part), "dim")


def _listed(document: dict[str, Any]) -> str:
    found = len(document["papers"])
    declared = document["declared_paper_count"]
    return str(found) if declared in (None, found) else f"{found} (heading says {declared})"


def _abstracts(console: Console, document: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table

    source = document["source"] or "<input>"
    count = len(document["abstracts"])
    entries = f"{count} abstract" if count == 1 else f"{count} abstracts"
    table = Table(title=_text(f"{source}: {entries}"), box=box.SIMPLE_HEAD, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Line", justify="right", no_wrap=True)
    table.add_column("Words", justify="right", no_wrap=True)
    table.add_column("Opening words", overflow="fold")
    for entry in document["abstracts"]:
        words = entry["text"].split()
        opening = " ".join(words[:_OPENING_WORDS]) + (" …" if len(words) > _OPENING_WORDS else "")
        table.add_row(
            _text(entry["index"]), _text(entry["line"]), _text(len(words)), _text(opening)
        )
    console.print(table)


def _links(console: Console, document: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table

    summary = document["summary"]
    counts = ", ".join(f"{summary[relation]} {relation}" for relation in summary)
    title = _text(f"{document['abstracts'] or '<input>'}: {counts}")
    table = Table(title=title, box=box.SIMPLE_HEAD, expand=True)
    table.add_column("Entry", justify="right", no_wrap=True)
    table.add_column("Relation", no_wrap=True)
    table.add_column("Similarity", justify="right", no_wrap=True)
    table.add_column("Paper", overflow="fold", ratio=1)
    several = isinstance(document["profiles"], str) or len(document["profiles"]) > 1
    for link in document["links"]:
        paper = link["paper"]
        if paper is None:
            shown = _text("")
        else:
            where = f"{paper['source']} #{paper['index']}" if several else f"#{paper['index']}"
            shown = _text(f"{where}: {paper['title'] or '(no title)'}")
        table.add_row(
            _text(link["abstract_index"]),
            _text(link["relation"], _RELATION_STYLES[link["relation"]]),
            _text(f"{link['similarity']:.2f}"),
            shown,
        )
    console.print(table)


_RELATION_STYLES = {"identical": "green", "revised": "yellow", "unmatched": "dim"}

_METRIC_LABELS = {
    "h_index": "h-index",
    "papers": "papers",
    "citations": "citations",
    "novelty_percent": "novelty %",
    "ai_score": "AI score",
}


def _profile_diff(console: Console, document: dict[str, Any]) -> None:
    from rich.text import Text

    old, new = document["old"], document["new"]
    _line(
        console,
        Text.assemble(
            _text(old["source"] or "<input>", "bold"),
            (f" ({old['as_of']}) → ", "dim"),
            _text(new["source"] or "<input>", "bold"),
            (f" ({new['as_of']})", "dim"),
        ),
    )
    if document["name"] is not None:
        _line(
            console,
            Text.assemble(
                ("name: ", "dim"), _change(document["name"]["old"], document["name"]["new"])
            ),
        )
    for key, change in document["metrics"].items():
        delta = change["delta"]
        shown = "" if delta is None else f" ({delta:+,})"
        _line(
            console,
            Text.assemble(
                (f"{_METRIC_LABELS[key]}: ", "dim"),
                _change(change["old"], change["new"]),
                (shown, "green" if delta and delta > 0 else "red"),
            ),
        )
    papers = document["papers"]
    _papers_listed(console, "added", "green", "+", papers["added"])
    _papers_listed(console, "removed", "red", "-", papers["removed"])
    if papers["changed"]:
        _line(console, Text(f"changed ({len(papers['changed'])}):", "yellow"))
    for change in papers["changed"]:
        _line(
            console,
            Text.assemble(
                ("~ ", "yellow"),
                (f"#{change['old_index']} → #{change['new_index']} ", "dim"),
                _text(change["title"] or "(no title)", "bold"),
            ),
        )
        for name, values in change["fields"].items():
            what = (
                _text(f"revised (similarity {values['similarity']:.2f})")
                if name == "abstract"
                else _change(values["old"], values["new"])
            )
            _line(console, Text.assemble((f"    {name}: ", "dim"), what))
    _line(console, Text(f"unchanged: {papers['unchanged']}", "dim"))


def _papers_listed(
    console: Console, label: str, style: str, mark: str, papers: list[dict[str, Any]]
) -> None:
    from rich.text import Text

    if papers:
        _line(console, Text(f"{label} ({len(papers)}):", style))
    for paper in papers:
        _line(
            console,
            Text.assemble(
                (f"{mark} #{paper['index']} ", style), _text(paper["title"] or "(no title)")
            ),
        )


def _line(console: Console, text: Text) -> None:
    """One line of a diff, never wrapped (a terminal folds it; a pipe gets it whole)."""
    console.print(text, soft_wrap=True)


def _change(old: Any, new: Any) -> Text:
    from rich.text import Text

    return Text.assemble(_text(_shown(old)), (" → ", "dim"), _text(_shown(new)))


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _stats(console: Console, document: dict[str, Any]) -> None:
    from .stats_table import render_stats

    render_stats(console, document)


_KINDS = {
    "profile": _profile,
    "abstracts": _abstracts,
    "links": _links,
    "profile-diff": _profile_diff,
    "stats": _stats,
}

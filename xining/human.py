"""Output for people: Rich tables and cards in a terminal, plain lines when piped.

Only `xining.output` imports this module, and only when a table is wanted,
so that the JSON path never pays for Rich. Text from the base is always
wrapped in `Text` objects: a label containing "[bold]" is shown, not obeyed.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from xining.output import Document, Listing, Options, cell, literal


def console(options: Options) -> Console:
    return Console(
        file=options.stdout,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def draw(result: Listing | Document, options: Options) -> None:
    out = console(options)
    if isinstance(result, Listing):
        out.print(listing_table(result, options))
        return
    for title, rows in document_sections(result):
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold" if options.color else "", no_wrap=True)
        table.add_column()
        for key, value in rows:
            table.add_row(Text(key), value if isinstance(value, Text) else Text(literal(str(value))))
        if title:
            out.print(Text(title, style="bold underline" if options.color else ""))
        out.print(table)
        out.print()


def draw_plain(result: Document, options: Options) -> None:
    for title, rows in document_sections(result):
        if title:
            options.stdout.write(f"{title}\n")
        for key, value in rows:
            text = value.plain if isinstance(value, Text) else str(value)
            options.stdout.write(f"{key}\t{literal(text)}\n")


def listing_table(listing: Listing, options: Options) -> Table | Text:
    if not listing.records:
        return Text(listing.empty)
    columns = list(options.fields) or list(listing.columns)
    table = Table(title=Text(listing.title) if listing.title else None, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for record in listing.records:
        table.add_row(*(Text(cell(record, column, options.lang)) for column in columns))
    return table


def document_sections(document: Document) -> list[tuple[str, list[tuple[str, Any]]]]:
    """A document as titled sections of (key, value) rows."""
    data = document.data
    if document.kind == "mapping":
        return [("", [(key, _plain(value)) for key, value in data.items()])]
    if document.kind == "info":
        rows = [(key, _plain(data[key])) for key in ("tool_version", "schema_version", "release", "base", "facts")]
        sections = [("", rows)]
        sections.append(("facts by kind", [(k, v) for k, v in data["by_kind"].items()]))
        sections.append(("facts by topic", [(k, v) for k, v in data["by_topic"].items()]))
        return sections
    if document.kind == "validate":
        rows = [
            ("base", data["base"]),
            ("facts", data["facts"]),
            ("sources checked", data["sources_checked"]),
            ("quotes checked", data["quotes_checked"]),
            ("problems", len(data["problems"])),
        ]
        return [("", rows)]
    return [("", [(key, _plain(value)) for key, value in data.items()])]


def _plain(value: Any) -> str:
    from xining.output import flatten

    return flatten(value)

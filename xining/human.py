"""Output for people: Rich tables and cards in a terminal, plain lines when piped.

Only `xining.output` imports this module, and only when a table is wanted,
so that the JSON path never pays for Rich. Text from the base is always
wrapped in `Text` objects: a label containing "[bold]" is shown, not obeyed.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from xining.output import Document, Listing, Options, cell, literal


def console(options: Options) -> Console:
    return Console(
        file=options.stdout,
        no_color=not options.color,
        color_system="auto" if options.color else None,  # no colour means no escapes at all, bold included
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
        table.add_column(overflow="fold")  # quotes are long runs of Chinese with no spaces: fold, never cut
        for key, value in rows:
            table.add_row(Text(key), value if isinstance(value, Text) else Text(literal(str(value))))
        if title:
            out.print(Text(title, style="bold underline" if options.color else ""))
        out.print(table)
        out.print()


def draw_plain(result: Document, options: Options) -> None:
    out = options.stdout or sys.stdout
    for title, rows in document_sections(result):
        if title:
            out.write(f"{title}\n")
        for key, value in rows:
            text = value.plain if isinstance(value, Text) else str(value)
            out.write(f"{key}\t{literal(text)}\n")


def listing_table(listing: Listing, options: Options) -> Table | Text:
    items = listing.items()
    if not items:
        return Text(listing.empty)
    columns = list(options.fields) or list(listing.columns)
    table = Table(title=Text(listing.title) if listing.title else None, show_lines=False, header_style="bold")
    for column in columns:
        # Ids and figures are what a reader copies: never break them.
        unbroken = column in ("id", "figure", "value", "unit")
        table.add_column(column, overflow="fold", no_wrap=unbroken)
    for index, record in enumerate(items):
        cells = [Text(cell(record, column, options.lang)) for column in columns]
        if listing.highlight and options.color:
            for text in cells:
                text.highlight_words([listing.highlight], style="bold reverse", case_sensitive=False)
        last_of_group = listing.group is not None and (
            index + 1 == len(items)
            or cell(items[index + 1], listing.group, options.lang) != cell(record, listing.group, options.lang)
        )
        table.add_row(*cells, end_section=last_of_group)
    return table


def document_sections(document: Document) -> list[tuple[str, list[tuple[str, Any]]]]:
    """A document as titled sections of (key, value) rows."""
    data = document.data
    rows: list[tuple[str, Any]]
    if document.kind == "info":
        rows = [(key, _plain(data[key])) for key in ("tool_version", "schema_version", "release", "base", "facts")]
        sections: list[tuple[str, list[tuple[str, Any]]]] = [("", rows)]
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
    if document.kind == "card":
        return card_sections(data)
    if document.kind == "compare":
        return compare_sections(data)
    if document.kind == "trend":
        return trend_sections(data)
    return [("", [(key, _plain(value)) for key, value in data.items()])]


def card_sections(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, Any]]]]:
    """One fact as a reader would cite it."""
    from xining.output import figure_text

    rows: list[tuple[str, Any]] = [("id", data["id"]), ("kind", data["kind"]), ("topic", data["topic"])]
    rows += [("label (zh)", data["label"]["zh"]), ("label (en)", data["label"]["en"])]
    if data["kind"] == "designation":
        rows += [("recipient", data["recipient"]), ("level", data["level"]), ("issuer", data["issuer"] or "not named")]
    if data["value"] is not None:
        value = figure_text(data)
        normalized = data["normalized"]
        if normalized and (normalized["value"], normalized["unit"]) != (data["value"], data["unit"]):
            value += f" ({normalized['value']:,} {normalized['unit']})"
        rows.append(("value", value))
        if data["subject"]:
            rows.append(("subject", data["subject"]))
    if data["status"] == "planned":
        rows.append(("status", "planned (a target or expected event, not yet reached)"))
    rows.append(("period", data["period"]["label"]))
    if data["time_expression"]:
        rows.append(("as written", data["time_expression"]))
    quote = Text(literal(data["quote"]))
    figure = str(data["value"]) if data["value"] is not None else None
    if figure:
        quote.highlight_words([figure.removesuffix(".0")], style="bold reverse")
    rows.append(("quote", quote))
    rows.append(("source", data["citation"]))
    if data["derived"]:
        inputs = ", ".join(f"{i['id']} = {figure_text(i)} ({i['period']['label']})" for i in data["inputs"])
        rows.append(("derived", f"not stated in the article: {data['derived']['method']} of {inputs}"))
    if data["note"]:
        rows.append(("note", data["note"]))
    sections: list[tuple[str, list[tuple[str, Any]]]] = [("", rows)]
    related = [(link["relation"], f"{', '.join(link['facts'])}: {link['reason']}") for link in data["related"]]
    if related:
        sections.append(("other articles", related))
    others = [
        (other["id"], f"{figure_text(other)} · {other['period']['label']} · {other['source']['id']}")
        for other in data["same_metric"]
    ]
    if others:
        sections.append(("the same metric elsewhere", others))
    return sections


def compare_sections(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Two periods side by side: pairs, then what only one period has, then events."""
    from xining.output import figure_text, number_text

    a, b = data["periods"]["a"]["label"], data["periods"]["b"]["label"]

    def value(side: dict[str, Any]) -> str:
        mark = " (derived)" if side["derived"] else ""
        return f"{figure_text(side)} in {side['period']['label']}{mark}"

    rows: list[tuple[str, Any]] = []
    for row in data["metrics"]:
        line = f"{value(row['a'])}  →  {value(row['b'])}"
        if row["comparable"] and row["difference"] is not None:
            change = f"{row['difference']:+g} {row['difference_unit']}"
            if row["relative_change"] is not None:
                change += f" ({row['relative_change']:+g}%)"
            verdict = {True: "better", False: "worse", None: ""}[row["improvement"]]
            line += f"  =  {change} {verdict}".rstrip()
        else:
            line += "  (not comparable)"
        if row["note"]:
            line += f"\n  {row['note']}"
        rows.append((row["label"]["en"], line))
    sections = [(f"{a} against {b}", rows or [("", "no metric is observed in both periods")])]
    for key, title in (("only_in_a", f"only in {a}"), ("only_in_b", f"only in {b}")):
        items = [(r["id"], f"{figure_text(r)} · {r['period']['label']}") for r in data[key]]
        if items:
            sections.append((title, items))
    for key, label in (("a", a), ("b", b)):
        events = [(r["id"], f"{r['label']['zh']} · {r['period']['label']}") for r in data["designations"][key]]
        if events:
            sections.append((f"designations and milestones, {label}", events))
    del number_text
    return sections


def trend_sections(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, Any]]]]:
    """A bar per observation, scaled on normalized values; derived and odd spans marked."""
    from xining.output import figure_text

    series = data["series"]
    largest = max((abs(r["normalized"]["value"]) for r in series if r["normalized"]), default=0) or 1
    spans = {(r["period"]["start"] or "")[5:] + (r["period"]["end"] or "")[5:] for r in series}
    rows: list[tuple[str, Any]] = []
    for r in series:
        width = round(30 * abs(r["normalized"]["value"]) / largest) if r["normalized"] else 0
        bar = ("▒" if r["derived"] else "█") * width
        marks = []
        if r["derived"]:
            marks.append("derived")
        if r["status"] == "planned":
            marks.append("target")
        if len(spans) > 1 and r["period"]["start"] and r["period"]["end"]:
            days = (date.fromisoformat(r["period"]["end"]) - date.fromisoformat(r["period"]["start"])).days + 1
            marks.append(f"{days}-day span")
        elif not r["period"]["start"]:
            marks.append("open period")
        suffix = f" [{', '.join(marks)}]" if marks else ""
        rows.append((r["period"]["label"], f"{bar} {figure_text(r)} · {r['source']['id']}{suffix}"))
    title = f"{data['label']['zh']} {data['label']['en']} ({data['unit']})"
    return [(title, rows or [("", "no observations")])]


def _plain(value: Any) -> str:
    from xining.output import flatten

    return flatten(value)

"""What each document says, as titled sections of (key, value) rows: a card, a comparison, a trend, a diff,
the base's info and a validation report. Plain text, no Rich: the terminal renderer lays the rows out,
and piped output writes them as tab-separated lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from xining.present.wording import (
    Lang,
    figure_text,
    heading,
    label_text,
    marked,
    number_text,
    period_text,
    pick,
    say,
)

if TYPE_CHECKING:
    from xining.present.documents import Document

NO_BREAK = "\ue000"  # stands for a space that must not break a line (inside a figure) until the line is printed


class Quote(NamedTuple):
    """A quote in a document, with the figure to mark in it when it is drawn."""

    text: str
    figure: Any


def whole(text: str) -> str:
    """Text that wrapping keeps on one line: a figure such as "more than 10 万PFlops"."""
    return text.replace(" ", NO_BREAK)


# A section's rows may be read as they are written (a comparison of a large base): iterate them once.
Section = tuple[str, Iterable[tuple[str, Any]]]


def document_sections(document: Document, lang: Lang = Lang.BOTH) -> list[Section]:
    """A document as titled sections of (key, value) rows."""
    data = document.data
    rows: list[tuple[str, Any]]
    if document.kind == "info":
        keys = ("tool_version", "schema_version", "release", "release_date", "base", "facts")
        rows = [(key, _plain(data[key])) for key in keys]
        sections: list[Section] = [("", rows)]
        sections.append(("facts by kind", [(k, v) for k, v in data["by_kind"].items()]))
        sections.append(("facts by topic", [(k, v) for k, v in data["by_topic"].items()]))
        if data.get("release_notes"):
            sections.append((f"changes in {data['release']}", [("", data["release_notes"])]))
        return sections
    if document.kind == "validate":
        rows = [
            ("base", data["base"]),
            ("facts", data["facts"]),
            ("sources checked", data["sources_checked"]),
            ("quotes checked", data["quotes_checked"]),
            ("problems", len(data["problems"])),
        ]
        rows += [(f"{p['file']}:{p['line']}", p["message"]) for p in data["problems"]]
        return [("", rows)]
    if document.kind == "card":
        return card_sections(data, lang)
    if document.kind == "compare":
        return compare_sections(data, lang)
    if document.kind == "trend":
        return trend_sections(data, lang)
    if document.kind == "diff":
        return diff_sections(data)
    return [("", [(key, _plain(value)) for key, value in data.items()])]


def diff_sections(data: dict[str, Any]) -> list[Section]:
    """Two bases compared: what each is, the counts, then every change with its fields old → new."""

    def side(s: dict[str, Any]) -> str:
        return f"{s['ref']} (release {s['release']}, {s['facts']} facts)"

    def counts(numbers: dict[str, int]) -> str:
        return ", ".join(f"{n} {change}" for change, n in numbers.items() if n) or "no change"

    def value(item: Any) -> str:
        return "—" if item is None or item == [] else _plain(item)

    header = [("old", side(data["old"])), ("new", side(data["new"]))]
    header += [(f"{what}s", counts(numbers)) for what, numbers in data["summary"].items() if any(numbers.values())]
    if not data["differ"]:
        header.append(("", "the bases say the same"))
    sections: list[Section] = [("", header)]
    for change in ("added", "removed", "changed", "unreadable"):
        for what in data["summary"]:
            entries = [c for c in data["changes"] if c["what"] == what and c["change"] == change]
            if not entries:
                continue
            rows: list[tuple[str, Any]] = []
            for entry in entries:
                rows.append((entry["id"], entry["summary"]))
                rows += [(f"  {f['field']}", f"{value(f['old'])} → {value(f['new'])}") for f in entry["fields"]]
            sections.append((f"{what}s {change}", rows))
    return sections


def _label(record: dict[str, Any], lang: Lang) -> str:
    """A label as a key: with both languages, one per line."""
    if lang is Lang.BOTH:  # with the distinctions the article claims (西北地区首个)
        return f"{label_text(record, Lang.ZH)}\n{label_text(record, Lang.EN)}"
    return label_text(record, lang)


def _quote(text: str, figure: Any) -> Quote:
    return Quote(text, figure)


def card_sections(data: dict[str, Any], lang: Lang = Lang.BOTH) -> list[Section]:
    """One fact as a reader would cite it."""
    rows: list[tuple[str, Any]] = [("id", data["id"]), ("kind", data["kind"]), ("topic", data["topic"])]
    if lang is not Lang.EN:
        rows.append(("label (zh)", data["label"]["zh"]))
    if lang is not Lang.ZH:
        rows.append(("label (en)", data["label"]["en"]))
    for distinction in data.get("distinctions") or ():
        rows.append(("distinction", pick(distinction["zh"], distinction["en"], lang)))
    if data["kind"] == "designation":
        rows += [("recipient", data["recipient"]), ("level", data["level"]), ("issuer", data["issuer"] or "not named")]
    if data["value"] is not None:
        value = whole(marked(figure_text(data, lang), data, lang))
        normalized = data["normalized"]
        if normalized and (normalized["value"], normalized["unit"]) != (data["value"], data["unit"]):
            value += " " + whole(f"({number_text(normalized['value'], grouped=True)} {normalized['unit']})")
        rows.append(("value", value))
        if data["subject"]:
            rows.append(("subject", data["subject"]))
    if data["status"] == "planned":
        rows.append(("status", say("planned, not reached", lang)))
    rows.append(("period", period_text(data["period"], lang)))
    if data["time_expression"]:
        rows.append(("as written", data["time_expression"]))
    rows.append(("quote", _quote(data["quote"], data["value"])))
    rows.append(("source", data["citation"]))
    for report in data.get("reports") or []:
        if report["id"] != data["id"]:
            report_line = f"{report['id']} · {report['source']} · {period_text(report['period'], lang)}"
            rows.append(("also reported", report_line))
            rows.append(("quote", _quote(report["quote"], None)))
    if data["derived"]:
        inputs = ", ".join(
            f"{i['id']} = {whole(marked(figure_text(i, lang), i, lang))} ({period_text(i['period'], lang)})"
            for i in data["inputs"]
        )
        rows.append(("derived", f"not stated in the article: {data['derived']['method']} of {inputs}"))
    if data["note"]:
        rows.append(("note", data["note"]))
    sections: list[Section] = [("", rows)]
    for relation in RELATIONS:
        links = [link for link in data["related"] if link["relation"] == relation]
        if links:
            sections.append((say(relation, lang), [_link(link, lang) for link in links]))
    others = [
        (
            other["id"],
            f"{whole(marked(figure_text(other, lang), other, lang))} · {period_text(other['period'], lang)}"
            f" · {other['source']['id']}",
        )
        for other in data["same_metric"]
    ]
    if others:
        sections.append((say("the same metric elsewhere", lang), others))
    return sections


RELATIONS = ("corroborates", "conflicts", "differs")  # the card's order: the same fact first


def _link(link: dict[str, Any], lang: Lang) -> tuple[str, str]:
    """One linked fact (or several): ids, and where they are from, as the key; the reason as the value."""
    if link["same_article"]:
        where = say("the same article", lang)
    else:
        where = ", ".join(dict.fromkeys(source for source in link["sources"] if source))
    return (f"{', '.join(link['facts'])}\n{whole(f'({where})')}", link["reason"])  # the pair on one line


def _entry(record: dict[str, Any], lang: Lang) -> str:
    """A fact in one line: figure (marked), period, id."""
    parts = [whole(marked(figure_text(record, lang), record, lang)), period_text(record["period"], lang), record["id"]]
    return " · ".join(part for part in parts if part)


def compare_sections(data: dict[str, Any], lang: Lang = Lang.BOTH) -> list[Section]:
    """Two periods side by side, earlier first: pairs, figures with no same-span partner, one-sided, events."""
    periods = data["periods"]
    a, b = period_text(periods["a"], lang), period_text(periods["b"], lang)

    def value(side: dict[str, Any]) -> str:
        return f"{whole(marked(figure_text(side, lang), side, lang))} in {whole(period_text(side['period'], lang))}"

    title = f"{a} {say('against', lang)} {b}"
    rows = data["metrics"]
    if rows:  # how many pairs, and how many of them have a difference
        differences = sum(1 for row in rows if row["comparable"] and row["difference"] is not None)
        title += f" ({say('metrics', lang)}: {len(rows)}; {say('with a difference', lang)}: {differences})"
    if data["order"]["swapped"]:
        title += f"\n({' '.join(data['order']['given'])} given: {say('earlier first', lang)})"

    def pairs() -> Iterator[tuple[str, Any]]:
        for row in data["metrics"]:
            line = f"{value(row['a'])}  →  {value(row['b'])}"
            if row["comparable"] and row["difference"] is not None:
                line += f"  =  {_change(row, lang)}"
            else:
                line += f"  ({whole(say('not comparable', lang))})"
            if row["note"]:
                line += f"\n{row['note']}"
            yield (_label(row, lang), line)

    def counted(text: str, count: int) -> str:
        return f"{text} ({count})"

    # The lists are read as they are written; each knows its length, so an empty one is left out.
    sections: list[Section] = [(title, pairs() if rows else [("", say("no metric", lang))])]
    unpaired = data.get("no_like_for_like") or {}
    for key, here, there in (("a", a, b), ("b", b, a)):
        if unpaired.get(key):
            items = ((_label(r, lang), _entry(r, lang)) for r in unpaired[key])
            title = heading("also in", lang, period=here, other=there)
            sections.append((counted(title, len(unpaired[key])), items))
    for key, label in (("only_in_a", a), ("only_in_b", b)):
        if data[key]:
            items = ((_label(r, lang), _entry(r, lang)) for r in data[key])
            sections.append((counted(heading("only in", lang, period=label), len(data[key])), items))
    for key, label in (("a", a), ("b", b)):
        if data["designations"][key]:
            events = ((_label(r, lang), _event(r, lang)) for r in data["designations"][key])
            title = heading("events of", lang, period=label)
            sections.append((counted(title, len(data["designations"][key])), events))
    return sections


def _change(row: dict[str, Any], lang: Lang) -> str:
    """A pair's difference in the unit the article writes (约 +219.24万人次), its relative change, the verdict."""
    written = row.get("difference_as_written")
    if written is not None:
        amount, unit = written["value"], written["unit"]
    else:
        amount, unit = row["difference"], row["difference_unit"]
    change = number_text(amount, sign=True, grouped=written is None) + ("" if lang is Lang.ZH else " ") + unit
    if row.get("approximate"):
        change = f"{pick('约', 'about', lang)} {change}"
    change = whole(change)
    if row["relative_change"] is not None:
        change += f" ({number_text(row['relative_change'], sign=True)}%)"
    verdict = {True: say("better", lang), False: say("worse", lang), None: ""}[row["improvement"]]
    return f"{change} {whole(verdict)}".rstrip()


def _event(record: dict[str, Any], lang: Lang) -> str:
    sources = record.get("sources") or [record["source"]["id"]]
    parts = [marked("", record, lang), period_text(record["period"], lang), record["id"], ", ".join(sources)]
    return " · ".join(part for part in parts if part)


def trend_sections(data: dict[str, Any], lang: Lang = Lang.BOTH) -> list[Section]:
    """A bar per observation, scaled on normalized values; derived, planned and odd spans marked."""
    series = data["series"]
    largest = max((abs(r["normalized"]["value"]) for r in series if r["normalized"]), default=0) or 1
    spans = {(r["period"]["start"] or "")[5:] + (r["period"]["end"] or "")[5:] for r in series}
    rows: list[tuple[str, Any]] = []
    for r in series:
        width = round(30 * abs(r["normalized"]["value"]) / largest) if r["normalized"] else 0
        bar = ("▒" if r["derived"] else "█") * width
        notes = []
        if len(spans) > 1 and r["period"]["start"] and r["period"]["end"]:
            days = (date.fromisoformat(r["period"]["end"]) - date.fromisoformat(r["period"]["start"])).days + 1
            notes.append(f"{days}天" if lang is Lang.ZH else f"{days}-day span")
        elif not r["period"]["start"]:
            notes.append(say("open period", lang))
        suffix = f" [{', '.join(notes)}]" if notes else ""
        figure = whole(marked(figure_text(r, lang), r, lang))
        rows.append((period_text(r["period"], lang), f"{bar} {figure} · {r['source']['id']}{suffix}"))
    title = f"{pick(data['label']['zh'], data['label']['en'], lang)} ({data['unit']})"
    return [(title, rows or [("", say("no observations", lang))])]


def _plain(value: Any) -> str:
    from xining.present.documents import flatten

    return flatten(value)

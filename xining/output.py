"""The one output layer: every command hands its result here, and only here is
a format chosen and text printed.

Data goes to stdout, messages to stderr. JSON, JSONL, CSV, TSV and Markdown
are written directly and never pass through Rich; tables for people are drawn
by `xining.human`, imported only when a terminal wants one.
"""

from __future__ import annotations

import re
import sys
from enum import Enum
from typing import Any, NamedTuple, TextIO

from xining.errors import XiningError, unknown


class Format(str, Enum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    MARKDOWN = "markdown"


class Lang(str, Enum):
    ZH = "zh"
    EN = "en"
    BOTH = "both"


class Listing(NamedTuple):
    """Rows of records: facts, topics, sources, metrics."""

    records: list[dict[str, Any]]
    columns: tuple[str, ...]  # the default columns of tabular formats
    title: str = ""
    empty: str = "nothing matches"
    computed: tuple[str, ...] = ("figure",)  # columns for tables that are not record keys
    keys: tuple[str, ...] = ()  # every key a record may have (else read from the first record)
    raw: tuple[str, ...] = ()  # records as compact JSON, straight from the compiled base
    highlight: str | None = None  # text to mark in tables (what a search matched)
    group: str | None = None  # a column whose changes start a new section of a table

    def items(self) -> list[dict[str, Any]]:
        import json

        return self.records or [json.loads(record) for record in self.raw]


class Document(NamedTuple):
    """One object: a fact's card, the base's info, a validation report, a comparison."""

    data: dict[str, Any]
    kind: str  # which human renderer draws it
    rows: Listing | None = None  # its tabular form, for csv/tsv/markdown


class Options(NamedTuple):
    """How the user asked for output; set once by the CLI callback and the command."""

    format: Format | None = None
    fields: tuple[str, ...] = ()
    lang: Lang = Lang.BOTH
    color: bool = True
    stdout: TextIO | None = None  # None: sys.stdout at the time of printing


Result = Listing | Document

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def literal(text: str) -> str:
    """Text from the base made safe for a terminal: control characters shown, not obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render(result: Result, options: Options) -> None:
    """Print a result in the format the user asked for (or the one that suits stdout)."""
    try:
        _render(result, options)
        (options.stdout or sys.stdout).flush()
    except BrokenPipeError:
        reader_went_away()


def reader_went_away() -> None:
    """The reader closed the pipe (`| head`): stop quietly, with success, as a shell tool should.

    Handled here, inside the command, because Click turns a broken pipe into exit code 1.
    """
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # so that the final flush at exit does not fail again
    sys.exit(0)


def _render(result: Result, options: Options) -> None:
    out = options.stdout or sys.stdout
    options = options._replace(stdout=out)
    fmt = options.format or (Format.TABLE if _is_terminal(out) else None)
    if fmt in (Format.JSON, Format.JSONL) and isinstance(result, Listing) and result.raw and not options.fields:
        # The fast path: records go out as the compiled base stored them, one per line.
        if fmt is Format.JSONL:
            out.writelines(record + "\n" for record in result.raw)
        else:
            out.write(json_array(result.raw))
    elif fmt is Format.JSON and isinstance(result, Listing):
        import json  # records straight from the cache (above) need no json module

        chosen = _select_json(result.items(), result, options.fields)
        out.write(json_array([json.dumps(item, ensure_ascii=False) for item in chosen]))
    elif fmt is Format.JSON and isinstance(result, Document):
        import json

        data = _select_json(result.data, result, options.fields)
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.JSONL:
        import json

        items = result.items() if isinstance(result, Listing) else [result.data]
        for item in _select_json(items, result, options.fields):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    elif fmt is Format.TABLE:
        from xining import human

        human.draw(result, options)
    else:
        if fmt is None and isinstance(result, Document):
            from xining import human

            human.draw_plain(result, options)
            return
        listing = result if isinstance(result, Listing) else result.rows
        if listing is None:
            raise XiningError(f"--format {fmt.value if fmt else 'table'} is not available here; use table or json")
        columns = _columns(listing, options.fields)
        rows = [[cell(record, column, options.lang) for column in columns] for record in listing.items()]
        if fmt is None:  # piped with no --format: plain lines, tab-separated, nothing cut (as gh does)
            for row in rows:
                out.write("\t".join(_one_line(value) for value in row) + "\n")
        elif fmt is Format.CSV:
            import csv

            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
        elif fmt is Format.TSV:
            out.write("\t".join(columns) + "\n")
            for row in rows:
                out.write("\t".join(_one_line(value) for value in row) + "\n")
        else:
            out.write(markdown_table(columns, rows))


def json_array(records: list[str] | tuple[str, ...]) -> str:
    """A JSON array with one compact record per line: valid JSON, greppable, and cheap to write."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(records) + "\n]\n"


def markdown_table(columns: list[str], rows: list[list[str]]) -> str:
    def escape(value: str) -> str:
        return _one_line(value).replace("|", "\\|")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(escape(value) for value in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _one_line(value: str) -> str:
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _is_terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _columns(listing: Listing, fields: tuple[str, ...]) -> list[str]:
    """The columns of a table: the listing's defaults, or the fields asked for (each a key or a computed column)."""
    _check_fields(fields, [*record_keys(listing), *listing.computed])
    return list(fields or listing.columns)


def record_keys(listing: Listing) -> list[str]:
    """The keys a record of the listing may have, whether or not any record is shown."""
    if listing.keys:
        return list(listing.keys)
    return list(dict.fromkeys([*(key for record in listing.items()[:1] for key in record), *listing.columns]))


def _select_json(data: Any, result: Result, fields: tuple[str, ...]) -> Any:
    """Records (or one document) with only the keys asked for."""
    if not fields:
        return data
    _check_fields(fields, record_keys(result) if isinstance(result, Listing) else list(result.data))
    if isinstance(data, list):
        return [{name: item.get(name) for name in fields} for item in data]
    return {name: data.get(name) for name in fields}


def _check_fields(fields: tuple[str, ...], valid: list[str]) -> None:
    for name in fields:
        if name not in valid:
            raise unknown("field", name, valid)


# --- cells: one record field as text ------------------------------------------------


def cell(record: dict[str, Any], column: str, lang: Lang) -> str:
    """A record's field flattened to one line of text, for tables and CSV."""
    if column == "figure":
        return literal(figure_text(record))
    if column == "year":
        start = (record.get("period") or {}).get("start")
        return start[:4] if start else ""
    return literal(flatten(record.get(column), lang))


def flatten(value: Any, lang: Lang = Lang.BOTH) -> str:
    import json

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(flatten(item, lang) for item in value)
    if isinstance(value, dict):
        if "zh" in value and "en" in value:
            return bilingual(value, lang)
        if "label" in value and "start" in value:
            return str(value["label"])
        if "method" in value and "inputs" in value:
            return f"{value['method']} of {', '.join(value['inputs'])}"
        if "value" in value and "unit" in value:
            return f"{number_text(value['value'])} {value['unit']}"
        if "id" in value:
            return str(value["id"])
    return json.dumps(value, ensure_ascii=False)


def bilingual(label: dict[str, str], lang: Lang) -> str:
    if lang is Lang.ZH:
        return label["zh"]
    if lang is Lang.EN:
        return label["en"]
    return f"{label['zh']} {label['en']}"


def number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return repr(value)


QUALIFIER_WORDS = {
    "exact": "",
    "approx": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
}


def figure_text(record: dict[str, Any]) -> str:
    """The value as a reader should quote it: "more than 1.3 万P"."""
    if record.get("value") is None:
        return ""
    words = QUALIFIER_WORDS.get(record.get("qualifier") or "exact", "")
    text = f"{number_text(record['value'])} {record.get('unit') or ''}".strip()
    return f"{words} {text}".strip()

"""The one output layer: every command hands its result here, and only here is
a format chosen and text printed.

Data goes to stdout, messages to stderr. JSON, JSONL, CSV, TSV and Markdown
are written directly and never pass through Rich; tables for people are drawn
by `xining.present.terminal`, imported only when a terminal wants one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any, NamedTuple, TextIO

from xining.errors import XiningError, unknown
from xining.present.wording import (
    Lang,
    bilingual,
    figure_text,
    json_safe,
    literal,
    marked,
    number_text,
    period_text,
    placed_on,
)


class Format(str, Enum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    MARKDOWN = "markdown"


class Listing(NamedTuple):
    """Rows of records: facts, topics, sources, metrics.

    The records (or `raw`, when given) may be read lazily from the base: every format but a table
    for people writes each row as it comes, so a listing of 100,000 facts is never held whole.
    """

    records: Iterable[dict[str, Any]]
    columns: tuple[str, ...]  # the default columns of tabular formats
    title: str = ""
    empty: str = "nothing matches"
    computed: tuple[str, ...] = ("figure",)  # columns for tables that are not record keys
    keys: tuple[str, ...] = ()  # every key a record may have (else read from the first record)
    raw: Iterable[str] | None = None  # records as compact JSON, straight from the compiled base
    highlight: str | None = None  # text to mark in tables (what a search matched)
    group: str | None = None  # a column whose changes start a new section of a table
    note: str | None = None  # said on stderr where the format has no room for it (why nothing matched)

    def items(self) -> list[dict[str, Any]]:
        """Every record at once (a table lays out its columns from all of them)."""
        return list(self.each())

    def each(self) -> Iterator[dict[str, Any]]:
        """The records one by one, as they are read."""
        if self.raw is None:
            yield from self.records
            return
        import json

        for record in self.raw:
            yield json.loads(record)


class Stream:
    """A list in a document that is read as it is written: records read from the base a batch at a time.

    `make` gives a fresh iterator each time; `count` is known beforehand, so emptiness is too.
    """

    __slots__ = ("count", "make")

    def __init__(self, make: Callable[[], Iterator[Any]], count: int) -> None:
        self.make = make
        self.count = count

    def __iter__(self) -> Iterator[Any]:
        return self.make()

    def __len__(self) -> int:
        return self.count


def _listed(value: Any) -> list[Any]:
    """json.dumps meets a Stream: written as the list it is."""
    if isinstance(value, Stream):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


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


def notice(message: str) -> None:
    """One line on stderr for the reader: what a result left out, and why."""
    sys.stderr.write(literal(message, one_line=True) + "\n")


def _render(result: Result, options: Options) -> None:
    out = options.stdout or sys.stdout
    options = options._replace(stdout=out)
    fmt = options.format or (Format.TABLE if _is_terminal(out) else None)
    if options.fields and isinstance(result, Document) and result.rows is not None and fmt in (Format.TABLE, None):
        result = result.rows  # fields of a card or comparison: its tabular form, with those columns
    if isinstance(result, Listing) and result.note and fmt is not Format.TABLE:
        sys.stderr.write(literal(result.note) + "\n")
    raw = result.raw if isinstance(result, Listing) and not options.fields else None
    if fmt in (Format.JSON, Format.JSONL) and raw is not None:
        # The fast path: records go out as the compiled base stored them, one per line.
        if fmt is Format.JSONL:
            _write_lines(out, (json_safe(record) for record in raw))
        else:
            _write_json_array(out, raw)
    elif fmt is Format.JSON and isinstance(result, Listing):
        import json  # records straight from the cache (above) need no json module

        chosen = _select_json(result.each(), result, options.fields)
        _write_json_array(out, (json.dumps(item, ensure_ascii=False) for item in chosen))
    elif fmt is Format.JSON and isinstance(result, Document):
        import json

        data = _select_json(result.data, result, options.fields)
        out.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=_listed) + "\n"))
    elif fmt is Format.JSONL:
        import json

        items = result.each() if isinstance(result, Listing) else [result.data]
        chosen = _select_json(items, result, options.fields)
        _write_lines(out, (json_safe(json.dumps(item, ensure_ascii=False, default=_listed)) for item in chosen))
    elif fmt in (None, Format.TABLE) and isinstance(result, Document) and result.kind == "text" and not options.fields:
        # Text meant to be pasted (a citation, a BibTeX file): written as it is, never wrapped;
        # a terminal is spared control characters, a pipe gets the exact bytes.
        text = result.data["text"]
        out.write(literal(text) if fmt is Format.TABLE else text)
    elif fmt is Format.TABLE:
        from xining.present import terminal as human

        _check_fields_of(result, options.fields)
        if isinstance(result, Listing):
            human.draw_listing(result, options)
        else:
            human.draw_document(result, options)
    else:
        if fmt is None and isinstance(result, Document):
            from xining.present import terminal as human

            _check_fields_of(result, options.fields)
            human.draw_plain(result, options)
            return
        listing = result if isinstance(result, Listing) else result.rows
        if listing is None:
            raise XiningError(f"--format {fmt.value if fmt else 'table'} is not available here; use table or json")
        columns = _columns(listing, options.fields)
        lang = options.lang
        readers = [cell_reader(column, lang) for column in columns]
        rows = ([read(record) for read in readers] for record in listing.each())
        if fmt is None:  # piped with no --format: plain lines, tab-separated, nothing cut (as gh does)
            # Values lose their tabs and line breaks first, so the line is made safe for a terminal whole.
            _write_lines(out, (literal("\t".join(_one_line(value) for value in row)) for row in rows))
        elif fmt is Format.CSV:  # faithful to the data: scripts need the exact text (see the README)
            import csv

            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
        elif fmt is Format.TSV:  # faithful too, but a tab or newline inside a value would break the format
            out.write("\t".join(columns) + "\n")
            _write_lines(out, ("\t".join(_one_line(value) for value in row) for row in rows))
        else:
            _write_lines(out, markdown_lines(columns, rows))


CHUNK = 256  # lines written at a time: few writes, and the reader sees output long before the end


def _write_lines(out: TextIO, lines: Iterable[str]) -> None:
    """Lines (without their newline) written as they come, a chunk at a time."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")


def _write_json_array(out: TextIO, records: Iterable[str]) -> None:
    """The bytes of `json_array(records)`, written a chunk of records at a time as they come."""
    opened = False
    chunk: list[str] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == CHUNK:
            out.write(json_safe((",\n" if opened else "[\n") + ",\n".join(chunk)))
            opened = True
            chunk.clear()
    if chunk:
        out.write(json_safe((",\n" if opened else "[\n") + ",\n".join(chunk)))
        opened = True
    out.write("\n]\n" if opened else "[]\n")


def json_array(records: list[str] | tuple[str, ...]) -> str:
    """A JSON array with one compact record per line: valid JSON, greppable, and cheap to write."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(records) + "\n]\n"


def markdown_lines(columns: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    def escape(value: str) -> str:
        return literal(_one_line(value)).replace("|", "\\|")

    yield "| " + " | ".join(columns) + " |"
    yield "|" + "---|" * len(columns)
    for row in rows:
        yield "| " + " | ".join(escape(value) for value in row) + " |"


def _one_line(value: str) -> str:
    if "\t" not in value and "\n" not in value and "\r" not in value:  # nearly every value: nothing to replace
        return value
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
    first = listing.records[:1] if isinstance(listing.records, list) else []  # a lazy listing always names its keys
    return list(dict.fromkeys([*(key for record in first for key in record), *listing.columns]))


def _select_json(data: Any, result: Result, fields: tuple[str, ...]) -> Any:
    """Records (or one document) with only the keys asked for."""
    if not fields:
        return data
    _check_fields(fields, record_keys(result) if isinstance(result, Listing) else list(result.data))
    if isinstance(data, dict):
        return {name: data.get(name) for name in fields}
    return ({name: item.get(name) for name in fields} for item in data)


def _check_fields_of(result: Result, fields: tuple[str, ...]) -> None:
    """Fields asked of a table or card exist (as record keys or table columns), else a usage error."""
    if not fields:
        return
    if isinstance(result, Listing):
        _check_fields(fields, [*record_keys(result), *result.computed])
        return
    valid = list(result.data)
    if result.rows is not None:
        valid += [*record_keys(result.rows), *result.rows.computed]
    _check_fields(fields, list(dict.fromkeys(valid)))


def _check_fields(fields: tuple[str, ...], valid: list[str]) -> None:
    valid = list(dict.fromkeys(valid))
    for name in fields:
        if name not in valid:
            error = unknown("field", name, valid)
            if "did you mean" not in error.message and "valid:" not in error.message:
                error = XiningError(f"{error.message}; valid: {', '.join(sorted(valid))}")
            raise error


# --- cells: one record field as text ------------------------------------------------


def cell(record: dict[str, Any], column: str, lang: Lang) -> str:
    """A record's field flattened to one line of raw text, for tables and CSV (the caller sanitises for a terminal).

    The figure carries its markers (derived, planned) in every format, so no
    listing can show a derived or planned value as if it were stated.
    """
    if column == "figure":
        return marked(figure_text(record, lang), record, lang)
    if column in ("a_figure", "b_figure"):  # one side of a comparison, with its markers
        side = record.get(f"{column[0]}_fact") or {}
        return marked(figure_text(side, lang), side, lang)
    if column == "year":
        return placed_on(record)[:4]
    if column == "date":
        return period_text(record.get("period"), lang)
    if column == "sources":  # every source of an event reported by several articles; else the one
        return ", ".join(record.get("sources") or [(record.get("source") or {}).get("id", "")])
    if column == "period":
        return period_text(record.get("period"), lang)
    return flatten(record.get(column), lang)


# The columns `cell` computes rather than reads from one key.
COMPUTED_CELLS = frozenset({"figure", "a_figure", "b_figure", "year", "date", "sources", "period"})


def cell_reader(column: str, lang: Lang) -> Callable[[dict[str, Any]], str]:
    """`cell` for one column, chosen once for a whole listing rather than once per row."""
    if column in COMPUTED_CELLS:
        return lambda record: cell(record, column, lang)

    def read(record: dict[str, Any]) -> str:
        value = record.get(column)
        return value if type(value) is str else flatten(value, lang)  # an id, a name: most cells are text

    return read


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
        return ", ".join(item if isinstance(item, str) else flatten(item, lang) for item in value)
    if isinstance(value, dict):
        if "zh" in value and "en" in value:
            return bilingual(value, lang)
        if "label" in value and "start" in value:
            return period_text(value, lang)
        if "method" in value and "inputs" in value:
            return f"{value['method']} of {', '.join(value['inputs'])}"
        if "value" in value and "unit" in value:
            return f"{number_text(value['value'])} {value['unit']}"
        if "id" in value:
            return str(value["id"])
    return json.dumps(value, ensure_ascii=False)

"""The one output layer: every command hands its result here, and only here is
a format chosen and text printed.

Data goes to stdout, messages to stderr. JSON, JSONL, CSV, TSV and Markdown
are written directly and never pass through Rich; tables for people are drawn
by `xining.present.terminal`, imported only when a terminal wants one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from xining.errors import XiningError, unknown
from xining.present.documents import Document, Format, Listing, Options, Result, Stream, cell_reader
from xining.present.wording import Lang, json_safe, literal

# What commands and tests take from the output layer along with `render`.
__all__ = ["Document", "Format", "Lang", "Listing", "Options", "Stream", "notice", "reader_went_away", "render"]


def _listed(value: Any) -> list[Any]:
    """json.dumps meets a Stream: written as the list it is."""
    if isinstance(value, Stream):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


TEXTS = ("text", "exchange")  # the kinds of Document written as text: for people, or an exchange file


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
    if isinstance(result, Listing) and result.footer and fmt is not Format.TABLE:
        notice(result.footer)
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
    elif fmt in (None, Format.TABLE) and isinstance(result, Document) and result.kind in TEXTS and not options.fields:
        # Text meant to be pasted, never wrapped. Text for people (a styled citation, a quote line) is
        # shown literally wherever it goes: it is pasted into a document or a terminal alike. An exchange
        # file (BibTeX, RIS) escapes by its own rules and a pipe gets its exact bytes; a terminal is
        # still spared control characters.
        text = result.data["text"]
        out.write(text if result.kind == "exchange" and fmt is None else literal(text))
    elif fmt in (None, Format.TABLE) and isinstance(result, Document) and result.kind == "check" and not options.fields:
        # A draft with its claims marked in place has a layout of its own (coloured in a terminal, brackets piped).
        from xining.present.checking import draw

        draw(result, options, fmt is Format.TABLE)
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

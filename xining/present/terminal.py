"""Output for people: tables and cards laid out for the reader's terminal, plain lines when piped.

Only `xining.present.output` imports this module, and only when people are the
readers, so that the JSON path never pays for Rich. Every string shown goes
through `safe` (control and bidi characters written out, Rich markup never
obeyed); the words come from `xining.present.wording`.

Layout rule: figures and ids are never cut. A listing is a table when every
column fits; otherwise ids go on a line of their own under each entry so the
label keeps its room; on a very narrow terminal each entry becomes a small
block, one language per line.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from xining.present.sections import NO_BREAK, Quote, document_sections, whole
from xining.present.wording import (
    Lang,
    figure_text,
    label_text,
    literal,
    marked,
    number_text,
)

if TYPE_CHECKING:  # the output layer imports this module, never the other way round at run time
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text

    from xining.present.documents import Document, Listing, Options

GAP = 2  # spaces between columns
LABEL_MIN = 20  # a label column narrower than this breaks words: change the layout instead
TABLE_LABEL_MIN = 36  # the width a label needs before ids may share its row
# What a reader copies or quotes: never broken inside (a figure, an id); the layout changes instead.
UNBROKEN = frozenset({"id", "source", "metric", "figure", "value", "unit", "year", "qualifier", "kind", "level"})
# Ids and other keys: in a narrow layout, on their own line under the entry.
IDS = ("id", "source", "sources", "metric")
# Who gave a designation and to whom: beside the ids when the table is too narrow for them.
DETAILS = ("issuer", "recipient")
# What a reader reads across a row and should never find wrapped while there is room: given its width first.
ROOM_FIRST = frozenset({"period", "date"})
PERIOD_ROOM = 40  # "date not given (by 11 Jul – 30 Sep 2025)" whole; a target's window with its words may wrap
# Free text that takes the room that is left.
FLEXIBLE = frozenset({"label", "name", "quote", "citation", "message"})


_Console: type[Console]  # Rich's Console, ending a closed pipe as the output layer wants: made by _load_rich


def _load_rich() -> None:
    """Rich, imported when something is drawn for a terminal: plain lines (a piped card) never pay for it."""
    global Console, Text, cell_len, _Console
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text

    class _Console(Console):  # type: ignore[no-redef]
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # the output layer ends a closed pipe with success, for every format alike


def _unjoin(text: Text) -> Text:
    if NO_BREAK in text.plain:
        text.plain = text.plain.replace(NO_BREAK, " ")  # same length: the styles stay where they were
    return text


def safe(value: Any, style: str = "") -> Text:
    """Any text bound for the terminal: control and bidi characters shown, Rich markup never obeyed."""
    if isinstance(value, Text):
        return value
    if isinstance(value, Quote):
        quote = Text(literal(value.text), style=style)
        if value.figure is not None:
            quote.highlight_words([number_text(value.figure)], style="bold reverse")
        return quote
    return Text(literal(str(value)), style=style)


def console(options: Options) -> Console:
    _load_rich()
    return _Console(
        file=options.stdout,
        no_color=not options.color,
        color_system="auto" if options.color else None,  # no colour means no escapes at all, bold included
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=True,  # lines are laid out here; an id wider than the terminal is wrapped by it, never cut
    )


def _print(out: Console, line: Text) -> None:
    out.print(line, overflow="ignore", crop=False, no_wrap=True)


def wrap(out: Console, text: Text, width: int) -> list[Text]:
    """Text broken into lines of at most `width` cells: at spaces, or between Chinese characters."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        if cell_len(paragraph.plain) <= width:
            lines.append(paragraph)
        else:
            lines.extend(paragraph.wrap(out, max(width, 1), overflow="fold"))
    return [_unjoin(line) for line in lines]


# --- listings ------------------------------------------------------------------------


def draw_listing(listing: Listing, options: Options) -> None:
    from xining.present.documents import cell

    out = console(options)
    items = listing.items()
    if listing.title:
        _print(out, safe(listing.title, "bold" if options.color else ""))
    if not items:
        _print(out, safe(listing.empty))
        if listing.footer:
            _print(out, safe(listing.footer, "dim" if options.color else ""))
        return
    columns = list(options.fields) or [c for c in listing.columns if c != listing.group]  # a heading says it
    lang = options.lang

    def lines_of(record: dict[str, Any], column: str) -> list[str]:
        value = record.get(column)
        if lang is Lang.BOTH and column == "label" and isinstance(value, dict):  # with its distinctions
            return [literal(label_text(record, one), one_line=True) for one in (Lang.ZH, Lang.EN)]
        if lang is Lang.BOTH and isinstance(value, dict) and "zh" in value and "en" in value:
            return [literal(value["zh"], one_line=True), literal(value["en"], one_line=True)]  # one language a line
        if column == "figure":  # the figure is never broken; its marker may go under it
            figure, mark = figure_text(record, lang), marked("", record, lang)
            return [" ".join(whole(literal(part, one_line=True)) for part in (figure, mark) if part)]
        text = literal(cell(record, column, lang), one_line=True)
        return [whole(text) if column in UNBROKEN else text]

    table = [{column: lines_of(record, column) for column in columns} for record in items]
    groups = [cell(record, listing.group, lang) if listing.group else "" for record in items]
    width = out.width
    narrow_columns = [c for c in columns if c not in IDS and c not in DETAILS] or columns[:1]
    ids_last = [c for c in columns if c not in IDS] + [c for c in columns if c in IDS]  # the label leads
    widths = _fit(ids_last, table, width, TABLE_LABEL_MIN, roomy=True)
    ids = [c for c in columns if c not in narrow_columns]
    narrow = _fit(narrow_columns, table, width, LABEL_MIN) if ids and widths is None else None
    if widths is not None:
        _draw_rows(out, options, listing, ids_last, table, widths, groups, id_line=[])
    elif narrow is not None:
        _draw_rows(out, options, listing, narrow_columns, table, narrow, groups, id_line=ids)
    else:
        _draw_blocks(out, options, listing, columns, table, groups)
    if listing.footer:  # what the listing left out, under it
        _print(out, Text())
        _print(out, safe(listing.footer, "dim" if options.color else ""))


def _natural(column: str, table: list[dict[str, list[str]]]) -> int:
    return max([cell_len(column)] + [cell_len(line) for row in table for line in row[column]])


def _longest_word(column: str, table: list[dict[str, list[str]]]) -> int:
    words = [word for row in table for line in row[column] for word in line.split()]
    return max([cell_len(column)] + [min(cell_len(word), 16) for word in words])


def _fit(
    columns: list[str], table: list[dict[str, list[str]]], width: int, label_min: int, roomy: bool = False
) -> dict[str, int] | None:
    """Column widths that fit `width` with every unbroken column whole, or None.

    `roomy`: every figure keeps its marker on its line, and no period wraps (the one-row table asks that
    much before it is used).
    """
    natural = {c: _natural(c, table) for c in columns}
    least: dict[str, int] = {}
    for column in columns:
        if column in IDS or (roomy and (column in UNBROKEN or column in ROOM_FIRST)):
            least[column] = natural[column]
        elif column in UNBROKEN:  # breaks only where it may (between a figure and its marker)
            least[column] = max(
                cell_len(word) for row in table for line in row[column] for word in [column, *line.split()]
            )
        elif column in FLEXIBLE:
            least[column] = min(natural[column], label_min)
        else:  # a period and the like: break at spaces
            least[column] = min(natural[column], max(_longest_word(column, table), 10))
    spare = width - sum(least.values()) - GAP * (len(columns) - 1)
    if spare < 0:
        return None
    widths = dict(least)
    flexible = [c for c in columns if c in FLEXIBLE]
    # A period first gets the room a usual one needs (wrapped, it costs a reader more than a label a line
    # longer), then the label a comfortable width, then the other columns all they need, then the rest.
    first = [c for c in columns if c in ROOM_FIRST]
    others = [c for c in columns if c not in FLEXIBLE and c not in ROOM_FIRST]
    for column, target in (
        [(c, min(natural[c], PERIOD_ROOM)) for c in first]
        + [(c, min(natural[c], 36)) for c in flexible]
        + [(c, natural[c]) for c in others + first]
        + [(c, natural[c]) for c in flexible]
    ):
        grow = max(0, min(spare, target - widths[column]))
        widths[column] += grow
        spare -= grow
    return widths


def _highlight(text: Text, listing: Listing, options: Options) -> Text:
    if listing.highlight and options.color:
        text.highlight_words([literal(listing.highlight)], style="bold reverse", case_sensitive=False)
    return text


def _draw_rows(
    out: Console,
    options: Options,
    listing: Listing,
    columns: list[str],
    table: list[dict[str, list[str]]],
    widths: dict[str, int],
    groups: list[str],
    id_line: list[str],
) -> None:
    bold = "bold" if options.color else ""
    dim = "dim" if options.color else ""
    header = Text()
    for index, column in enumerate(columns):
        last = index == len(columns) - 1
        header.append(column if last else column.ljust(widths[column] + GAP), bold)
    _print(out, header)
    _print(out, Text("─" * min(out.width, sum(widths.values()) + GAP * (len(columns) - 1)), dim))
    # Entries of two lines or more (a label in both languages) run together unless a blank line parts them.
    spaced = not id_line and any(len(lines) > 1 for row in table for lines in row.values())
    for index, row in enumerate(table):
        if listing.group and (index == 0 or groups[index] != groups[index - 1]):
            if index:
                _print(out, Text())
            _print(out, safe(f"{groups[index]}", bold))
        elif index and spaced:
            _print(out, Text())
        cells: list[list[Text]] = []
        for column in columns:
            lines: list[Text] = []
            for line in row[column]:
                text = _highlight(Text(line), listing, options)
                lines += [text] if column in IDS else wrap(out, text, widths[column])
            cells.append(lines)
        for number in range(max(len(lines) for lines in cells)):
            joined = Text()
            for index_, (column, lines) in enumerate(zip(columns, cells, strict=True)):
                piece = lines[number] if number < len(lines) else Text()
                joined.append_text(piece)
                if index_ < len(columns) - 1:
                    joined.append(" " * (widths[column] - cell_len(piece.plain) + GAP))
            joined.rstrip()
            _print(out, joined)
        if id_line:
            details = [f"{c} {' '.join(row[c])}" for c in id_line if c in DETAILS and any(row[c])]
            for line in _join_whole(details, out.width - 2):
                for piece in wrap(out, Text(line), out.width - 2):
                    _print(out, _highlight(Text("  ") + piece, listing, options))
            values = [" ".join(row[c]) for c in id_line if c not in DETAILS and any(row[c])]
            for line in _join_whole(values, out.width - 2):
                _print(out, _highlight(Text("  " + line, dim), listing, options))
            if index < len(table) - 1:
                _print(out, Text())


def _draw_blocks(
    out: Console,
    options: Options,
    listing: Listing,
    columns: list[str],
    table: list[dict[str, list[str]]],
    groups: list[str],
) -> None:
    """One small block per entry: the label's lines, then the other fields, then the ids, each whole."""
    bold = "bold" if options.color else ""
    dim = "dim" if options.color else ""
    width = out.width
    for index, row in enumerate(table):
        if listing.group and (index == 0 or groups[index] != groups[index - 1]):
            _print(out, safe(groups[index], bold))
        elif index:
            _print(out, Text())
        firsts = [c for c in columns if c in FLEXIBLE] or [c for c in columns if c not in IDS][:1]
        for column in firsts:
            for line in row[column]:
                for piece in wrap(out, _highlight(Text(line, bold), listing, options), width):
                    _print(out, piece)
        rest = [" ".join(row[c]) for c in columns if c not in firsts and c not in IDS and any(row[c])]
        for line in _join_whole(rest, width - 2):
            # A figure or id is never broken; a longer period or name wraps at its spaces.
            fits = cell_len(line) <= width - 2
            pieces = [_unjoin(Text(line))] if fits else wrap(out, Text(line), width - 2)
            for piece in pieces:
                _print(out, _highlight(Text("  ") + piece, listing, options))
        ids = [" ".join(row[c]) for c in columns if c in IDS and c not in firsts and any(row[c])]
        for line in _join_whole(ids, width - 2):
            _print(out, _highlight(Text("  " + line, dim), listing, options))


def _join_whole(pieces: list[str], width: int) -> list[str]:
    """Pieces joined with " · ", a new line where the next would not fit: a piece is never broken."""
    lines: list[str] = []
    for piece in pieces:
        if lines and cell_len(lines[-1]) + 3 + cell_len(piece) <= width:
            lines[-1] += " · " + piece
        else:
            lines.append(piece)
    return lines


# --- documents -----------------------------------------------------------------------


def draw_document(document: Document, options: Options) -> None:
    out = console(options)
    bold = "bold underline" if options.color else ""
    key_style = "bold" if options.color else ""
    for number, (title, lazy_rows) in enumerate(document_sections(document, options.lang)):
        rows = list(lazy_rows)  # the key column's width is that of the widest key
        if number:
            _print(out, Text())
        if title:
            for line in wrap(out, safe(title, bold), out.width):
                _print(out, line)
        # A key may hold one line per language ("中文\nEnglish"): each line is measured and shown.
        keys = [literal(str(key)).split("\n") for key, _ in rows]
        key_width = max((cell_len(line) for lines in keys for line in lines), default=0)
        # A long label wraps in a key a third of the width, so that the values beside it keep their room;
        # a word (an id) is never broken.
        longest_word = max((cell_len(word) for lines in keys for line in lines for word in line.split()), default=0)
        key_width = min(key_width, max(longest_word, out.width // 3))
        side_by_side = key_width + GAP + 30 <= out.width
        for key_lines, (_, value) in zip(keys, rows, strict=True):
            text = safe(value)
            if side_by_side:
                key_lines = [piece.plain for line in key_lines for piece in wrap(out, Text(line), key_width)]
                lines = wrap(out, text, out.width - key_width - GAP) or [Text()]
                for index in range(max(len(lines), len(key_lines))):
                    lead = Text(key_lines[index] if index < len(key_lines) else "", key_style)
                    lead.pad_right(key_width + GAP - cell_len(lead.plain))
                    _print(out, Text.assemble(lead, lines[index] if index < len(lines) else Text()))
            else:  # a narrow terminal: the key on its own lines, the value under it
                for key_line in key_lines:
                    for line in wrap(out, Text(key_line, key_style), out.width):
                        _print(out, line)
                for line in wrap(out, text, out.width - 2):
                    _print(out, Text.assemble("  ", line))


def draw_plain(result: Document, options: Options) -> None:
    out = options.stdout or sys.stdout
    for title, rows in document_sections(result, options.lang):
        if title:
            out.write(f"{_one_line(title)}\n")
        for key, value in rows:
            text = value.text if isinstance(value, Quote) else str(value)
            out.write(f"{_one_line(str(key).replace(chr(10), ' '))}\t{_one_line(text)}\n")


def _one_line(text: str) -> str:
    """A value on one line of plain output: line breaks become "; ", controls are shown."""
    return literal(" ".join(text.split("\t"))).replace(NO_BREAK, " ").replace("\n", "; ")

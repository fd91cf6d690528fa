"""What a result becomes before it is printed: a listing of records or one document, the options the
user chose, and each record field as one line of text (a cell). Shared by the output layer and the
terminal renderer, below both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any, NamedTuple, TextIO

from xining.present.wording import (
    Lang,
    bilingual,
    figure_text,
    label_text,
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
    footer: str | None = None  # said under a table for people, on stderr in every other format (what was left out)

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
        return period_text(record.get("period"), lang, frame=_time_frame(record), likely=record.get("likely"))
    if column == "label":  # with the firsts and onlies the article claims (西北地区首个)
        return label_text(record, lang)
    return flatten(record.get(column), lang)


def _time_frame(record: dict[str, Any]) -> str | None:
    """A target's time frame in the article's words (3年至5年内), which its period only resolves."""
    said = record.get("time_expression")
    return said if record.get("status") == "planned" and said else None


# The columns `cell` computes rather than reads from one key.
COMPUTED_CELLS = frozenset({"figure", "a_figure", "b_figure", "year", "date", "sources", "period", "label"})


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

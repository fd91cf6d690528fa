"""The export targets, each registered by name with its help and file suffix. Their files are written
by `xining.writing`: under a temporary name beside the final one, put in place only when complete and
without replacing anything unless --force, so that an interrupted or failed export leaves nothing.

Each writer gets the dataset laid out in tables, a temporary path to write and a progress callback.
Libraries are imported inside the writer that needs them. The registry (`TARGETS`, filled with
`register`) is what the command's `--format` choices, its help and the tests read.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from xining import writing
from xining.errors import EXIT_PROBLEMS, EXIT_USAGE, XiningError, unknown
from xining.present.export_tables import (
    FACTS,
    READER,
    TABLES,
    Export,
    Table,
    TableRows,
    description,
    fact_rows,
    laid_out,
    licence_text,
    reader_rows,
    sql_of,
    text_of,
)

if TYPE_CHECKING:
    from decimal import Decimal

    from xining.answers.export import Dataset

# --- the registry of targets ----------------------------------------------------------

Progress = Callable[[int, int], None]  # (steps done, steps in all)


class Output(NamedTuple):
    """Where a writer writes: temporary paths, put in place as `final` (and the target's sidecars beside it)
    when the export completes."""

    path: Path
    final: Path
    sidecars: tuple[Path, ...] = ()  # the temporary paths of the target's sidecars, in their order


Writer = Callable[[Export, Output, Progress], None]


class Target(NamedTuple):
    name: str
    help: str
    suffix: str  # of the default output name; "" for a folder
    write: Writer
    folder: bool = False
    tables: bool = True  # False: one table of facts (no registries)
    sidecars: tuple[str, ...] = ()  # suffixes of files written beside OUT: ".metadata.json" → OUT-STEM.metadata.json

    def files(self, out: Path) -> tuple[Path, ...]:
        """OUT and the files written beside it."""
        return (out, *(out.with_name(out.stem + suffix) for suffix in self.sidecars))


TARGETS: dict[str, Target] = {}


def register(
    name: str, help: str, suffix: str, folder: bool = False, tables: bool = True, sidecars: tuple[str, ...] = ()
) -> Callable[[Writer], Writer]:
    def add(write: Writer) -> Writer:
        TARGETS[name] = Target(name, help, suffix, write, folder, tables, sidecars)
        return write

    return add


def target(name: str) -> Target:
    if name not in TARGETS:
        raise unknown("export format", name, TARGETS)
    return TARGETS[name]


# What a release may hold to name a file: a version, not a path, an escape sequence or a hidden file.
RELEASE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")


def default_output(name: str, release: str) -> Path:
    """xining-2026.11.0.xlsx, or a folder xining-2026.11.0 for a data package."""
    if release and not RELEASE_NAME.fullmatch(release):
        raise XiningError(f"the base's release '{release}' cannot name a file; give OUT", EXIT_USAGE)
    return Path(f"xining-{release or 'base'}{target(name).suffix}")


class Written(NamedTuple):
    """What an export wrote, for the message on stderr."""

    format: str
    path: Path
    files: tuple[Path, ...]
    facts: int
    sources: int
    tables: tuple[tuple[str, int], ...]  # rows per table; empty for a format of one table


def export(data: Dataset, format: str, out: Path, force: bool = False, progress: Progress | None = None) -> Written:
    """Write the dataset in a registered format to OUT: all of it, or nothing (see `xining.writing`)."""
    chosen = target(format)
    tick = progress or (lambda done, total: None)
    laid = laid_out(data)
    if chosen.folder:
        check_output(out, force, folder=True)
        with writing.new_folder(out, force, PACKAGE_MANIFEST, _package_files) as temporary:
            chosen.write(laid, Output(temporary, out), tick)
        files = tuple(sorted(out.iterdir()))
    else:
        finals = chosen.files(out)
        for final in finals:
            check_output(final, force)
        with writing.new_files(finals, force) as temporaries:
            chosen.write(laid, Output(temporaries[0], out, temporaries[1:]), tick)
        files = finals
    counts = tuple((t.table.name, len(t.rows)) for t in laid.tables) if chosen.tables else ()
    return Written(format, out, files, len(data.base.facts), len(data.base.sources), counts)


def check_output(out: Path, force: bool, folder: bool = False) -> None:
    """OUT can be written: its folder exists and is writable, and nothing is overwritten unasked. (Checked
    again when the file is put in place: see `xining.writing`. This is to fail before the work.)"""
    if str(out) == "-":
        raise XiningError(
            "export writes files, not stdout; for a stream use xining facts --format csv (or jsonl, json)", EXIT_USAGE
        )
    parent = out.parent
    with writing.failures_named(out):
        if not parent.is_dir():
            raise XiningError(f"{out}: the folder {parent} does not exist", EXIT_PROBLEMS)
        if not os.access(parent, os.W_OK | os.X_OK):
            raise XiningError(f"{out}: the folder {parent} cannot be written", EXIT_PROBLEMS)
        if out.is_dir() and not folder:
            raise XiningError(f"{out}: is a folder; give a file name", EXIT_PROBLEMS)
        if (out.exists() or out.is_symlink()) and not force:
            raise XiningError(f"{out}: already exists; add --force to replace it", EXIT_PROBLEMS)
        if folder and force and (out.exists() or out.is_symlink()) and not out.is_dir():
            raise XiningError(f"{out}: is a file; give a folder name for a data package", EXIT_PROBLEMS)


PACKAGE_MANIFEST = "datapackage.json"


def _package_files(folder: Path) -> frozenset[str] | None:
    """The files an earlier data package export wrote into `folder`: its descriptor and the resources it lists."""
    import json

    try:
        descriptor = json.loads((folder / PACKAGE_MANIFEST).read_text(encoding="utf-8"))
        paths = [resource["path"] for resource in descriptor["resources"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(path, str) and "/" not in path for path in paths):
        return None
    return frozenset([PACKAGE_MANIFEST, *paths])


# --- SQLite, for Datasette ---------------------------------------------------------------

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "NUMERIC", "boolean": "INTEGER", "date": "TEXT"}
SEARCHED = ("label_zh", "label_en", "quote")  # the columns of each full-text index (the reader's, each kind's)
VIEWS = {
    "observations_with_sources": (
        "Observations with their metric and source article, for browsing.",
        """SELECT o.id, o.label_zh, o.label_en, o.value, o.unit, o.qualifier, o.period, o.period_start,
       o.period_end, o.status, o.derived, o.normalized_value, o.normalized_unit, m.id AS metric,
       m.higher_is_better, t.label_en AS topic, s.id AS source, s.title AS source_title,
       s.publisher AS source_publisher, s.published AS source_published, o.citation, o.quote
FROM observations o
JOIN metrics m ON m.id = o.metric
JOIN topics t ON t.id = o.topic
JOIN sources s ON s.id = o.source""",
    ),
}


def _names(table: Table, other: Table) -> bool:
    return any(name == other.name for _, name in table.foreign_keys)


def _create_table(table: Table) -> str:
    columns = [f'"{c.name}" {SQL_TYPES[c.type]}' for c in table.columns]
    columns.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    columns += [f'FOREIGN KEY ("{column}") REFERENCES {other} (id)' for column, other in table.foreign_keys]
    return f"CREATE TABLE {table.name} (\n    " + ",\n    ".join(columns) + "\n)"


def _facts_view() -> str:
    """All kinds in one view, each kind's missing columns empty."""
    from xining.present.export_tables import KIND_TABLES

    parts = []
    for kind, table in KIND_TABLES.items():
        names = set(table.names)
        cells = [
            f"'{kind}' AS kind" if name == "kind" else (f'"{name}"' if name in names else f'NULL AS "{name}"')
            for name in FACTS.names
        ]
        parts.append(f"SELECT {', '.join(cells)} FROM {table.name}")
    return "\nUNION ALL\n".join(parts)


@register(
    "sqlite",
    "a SQLite database for Datasette (a facts table to browse, full tables, keys, full-text search, views) "
    "with OUT-STEM.metadata.json beside it",
    ".db",
    sidecars=(".metadata.json",),
)
def write_sqlite(data: Export, out: Output, progress: Progress) -> None:
    import sqlite3

    from xining.present.export_tables import KIND_TABLES

    steps = len(data.tables) + 3
    # Each table after the ones its keys name (relations name facts, the reader's table): SQLite checks a key
    # as the row goes in.
    reader = TableRows(READER, reader_rows(data.tables))
    ordered = [rows for rows in data.tables if not _names(rows.table, READER)]
    ordered += [reader, *(rows for rows in data.tables if _names(rows.table, READER))]
    connection = sqlite3.connect(out.path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:
            for done, (table, table_rows) in enumerate(ordered, 1):
                connection.execute(_create_table(table))
                marks = ", ".join("?" * len(table.columns))
                connection.executemany(
                    f"INSERT INTO {table.name} VALUES ({marks})",
                    [tuple(sql_of(value) for value in row) for row in table_rows],
                )
                progress(min(done, len(data.tables)), steps)
            for table in (READER, *KIND_TABLES.values()):
                # content= lets Datasette find the index and search the table itself;
                # the trigram tokenizer matches Chinese substrings of three or more characters.
                connection.execute(
                    f"CREATE VIRTUAL TABLE {table.name}_fts USING fts5("
                    f'{", ".join(SEARCHED)}, content="{table.name}", tokenize="trigram")'
                )
                connection.execute(f"INSERT INTO {table.name}_fts ({table.name}_fts) VALUES ('rebuild')")
            progress(len(data.tables) + 1, steps)
            connection.execute(f"CREATE VIEW {FACTS.name}_wide AS\n{_facts_view()}")
            for name, (_, sql) in VIEWS.items():
                connection.execute(f"CREATE VIEW {name} AS\n{sql}")
            connection.execute("CREATE TABLE columns (table_name TEXT, column_name TEXT, type TEXT, description TEXT)")
            connection.executemany(
                "INSERT INTO columns VALUES (?, ?, ?, ?)",
                [(t.name, c.name, c.type, c.description) for t in (*TABLES, READER) for c in t.columns]
                + [(f"{FACTS.name}_wide", c.name, c.type, c.description) for c in FACTS.columns],
            )
            progress(len(data.tables) + 2, steps)
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the tables are built from a validated base; a dangling key is a bug here
            raise AssertionError(f"foreign keys do not hold: {problems[:3]}")
        connection.execute("VACUUM")
    finally:
        connection.close()
    import json

    from xining.present.export_datasette import datasette_metadata

    metadata = datasette_metadata(data, out.final.stem, {name: text for name, (text, _) in VIEWS.items()})
    out.sidecars[0].write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    progress(steps, steps)


# --- Excel ------------------------------------------------------------------------------

SHEET_ORDER = ("observations", "designations", "milestones", "sources", "metrics", "topics", "units", "relations")
MAX_WIDTH = 60  # characters: a quote wider than this is wrapped by Excel on demand, not cut


@register("xlsx", "an Excel workbook: a sheet per kind plus sources and registries, typed cells", ".xlsx")
def write_xlsx(data: Export, out: Output, progress: Progress) -> None:
    from datetime import date, datetime
    from decimal import Decimal

    import xlsxwriter  # type: ignore[import-untyped]

    # Text is written as text (write_string), and the options make sure that no
    # string is ever turned into a formula, a number or a link by the library. The workbook
    # is built in memory and written by us: a library's half-closed zip file cannot outlive a
    # full disk, and no temporary files of its own are left in TMPDIR by a killed export.
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
               "in_memory": True}  # fmt: skip
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, options)
    workbook.set_properties(
        {"title": data.title, "subject": description(data.about), "comments": f"licence: {licence_text(data.about)}"}
    )
    header = workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#EEEEEE"})
    dated = workbook.add_format({"num_format": "yyyy-mm-dd"})
    tables = {rows.table.name: rows for rows in data.tables}
    steps = len(SHEET_ORDER) + 1
    for done, name in enumerate(SHEET_ORDER, 1):
        table, rows = tables[name].table, tables[name].rows
        sheet = workbook.add_worksheet(name)
        widths = [_width(column.name) for column in table.columns]
        for number, column in enumerate(table.columns):
            sheet.write_string(0, number, column.name, header)
            sheet.write_comment(0, number, column.description, {"x_scale": 2, "y_scale": 1.5})
        for row_number, row in enumerate(rows, 1):
            for number, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(row_number, number, value)
                elif isinstance(value, (int, Decimal)) and _excel_holds(value):
                    sheet.write_number(row_number, number, float(value))
                elif isinstance(value, (int, Decimal)):  # Excel would round it to 15 digits: the exact text
                    sheet.write_string(row_number, number, text_of(value))
                elif isinstance(value, date):
                    sheet.write_datetime(row_number, number, datetime(value.year, value.month, value.day), dated)
                else:
                    _check_cell(out, table, row, number, str(value))
                    sheet.write_string(row_number, number, str(value))
                widths[number] = max(widths[number], _width(text_of(value)))
        for number, width in enumerate(widths):
            sheet.set_column(number, number, min(width, MAX_WIDTH) + 2)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(table.columns) - 1)
        progress(done, steps)
    _columns_sheet(workbook, header)
    workbook.close()
    out.path.write_bytes(buffer.getvalue())
    progress(steps, steps)


EXCEL_DIGITS = 15  # significant digits an Excel number keeps
EXCEL_CELL = 32_767  # characters an Excel cell holds


def _excel_holds(value: int | Decimal) -> bool:
    """Whether Excel keeps the number exactly: 15 significant digits at most."""
    from decimal import Decimal

    digits = Decimal(value).normalize().as_tuple().digits
    return len(digits) <= EXCEL_DIGITS


def _check_cell(out: Output, table: Table, row: tuple[Any, ...], number: int, text: str) -> None:
    """A text longer than a cell holds is refused: Excel would cut it (and the figure it holds) quietly."""
    if len(text) > EXCEL_CELL:
        raise XiningError(
            f"{out.final}: {table.name} '{row[0]}': its {table.columns[number].name} has {len(text):,} characters, "
            f"more than an Excel cell holds ({EXCEL_CELL:,}); export csv, jsonl or sqlite, which keep it whole",
            EXIT_PROBLEMS,
        )


def _columns_sheet(workbook: Any, header: Any) -> None:
    """A last sheet describing every column of every sheet (the headers carry the same as comments)."""
    sheet = workbook.add_worksheet("columns")
    for number, name in enumerate(("sheet", "column", "type", "description")):
        sheet.write_string(0, number, name, header)
    row = 1
    for table in TABLES:
        for column in table.columns:
            for number, text in enumerate((table.name, column.name, column.type, column.description)):
                sheet.write_string(row, number, text)
            row += 1
    sheet.set_column(0, 1, 18)
    sheet.set_column(2, 2, 9)
    sheet.set_column(3, 3, 100)
    sheet.freeze_panes(1, 0)


def _width(text: str) -> int:
    """Display width in character cells: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- CSV ------------------------------------------------------------------------------------

# Said the same way in the README.
CSV_FORMULAS = (
    "Spreadsheet programs may evaluate a CSV cell that begins with =, +, - or @ as a formula: "
    "to open the facts in a spreadsheet, use xlsx"
)


@register("csv", "every fact in one table, UTF-8 with a byte-order mark. " + CSV_FORMULAS, ".csv", tables=False)
def write_csv(data: Export, out: Output, progress: Progress) -> None:
    # The byte-order mark is what makes Excel read the file as UTF-8 rather than
    # the local code page; `facts --format csv` to stdout has none, for scripts.
    _write_csv(out.path, FACTS, fact_rows(data), "utf-8-sig")
    progress(1, 1)


def _write_csv(path: Path, table: Table, rows: tuple[tuple[Any, ...], ...], encoding: str) -> None:
    import csv

    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)  # RFC 4180: CRLF line ends, quotes where needed
        writer.writerow(table.names)
        text = tuple(column.type == "string" for column in table.columns)
        stream.writelines(csv_line(row, text) for row in rows)


def csv_line(row: tuple[Any, ...], text: tuple[bool, ...]) -> str:
    """One RFC 4180 line in which every text cell is quoted, even one that reads as a number.

    A spreadsheet reading a CSV turns a period such as 2024, or a figure such as 93.1, into a number; a
    quoted cell stays text in LibreOffice when "Format quoted field as text" is ticked on import (Excel
    converts it anyway: the README sends Excel users to the xlsx). Numbers, dates, booleans and empty
    cells are written bare.
    """
    cells = []
    for value, quoted in zip(row, text, strict=True):
        written = text_of(value)
        cells.append('"' + written.replace('"', '""') + '"' if quoted and value is not None else written)
    return ",".join(cells) + "\r\n"


# --- Frictionless data package ---------------------------------------------------------------


@register(
    "datapackage",
    "a folder of CSV files with datapackage.json (Frictionless: typed, described, keyed)",
    "",
    folder=True,
)
def write_datapackage(data: Export, out: Output, progress: Progress) -> None:
    steps = len(data.tables) + 1
    for done, rows in enumerate(data.tables, 1):
        _write_csv(out.path / f"{rows.table.name}.csv", rows.table, rows.rows, "utf-8")
        progress(done, steps)
    import json

    descriptor = data_package(data)
    (out.path / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    progress(steps, steps)


def data_package(data: Export) -> dict[str, Any]:
    """datapackage.json: the release as the version, the sources, and a typed, described schema per table."""
    from xining.cache.records import citation_text as citation

    resources = []
    for rows in data.tables:
        table = rows.table
        schema: dict[str, Any] = {
            "fields": [
                {"name": c.name, "type": c.type, "description": c.description}
                | ({"format": "default"} if c.type == "date" else {})
                | ({"trueValues": ["true"], "falseValues": ["false"]} if c.type == "boolean" else {})
                for c in table.columns
            ],
            "primaryKey": list(table.primary_key),
            "missingValues": [""],
        }
        resources_named = {rows.table.name for rows in data.tables}
        keys = [(column, other) for column, other in table.foreign_keys if other in resources_named]
        if keys:
            schema["foreignKeys"] = [
                {"fields": [column], "reference": {"resource": other, "fields": ["id"]}} for column, other in keys
            ]
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "title": table.title,
                "description": table.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "xining-facts",
        "title": data.title,
        "version": data.about.release,
        # Frictionless' `licenses` names a licence granted; the base states none, and none is invented here.
        "description": description(data.about)
        + ("" if data.about.licence else " The fact base states no licence, and this export grants none."),
        "sources": [{"title": citation(source)} for source in data.base.sources.values()],
        "resources": resources,
    }
    if data.about.licence:
        package["licenses"] = [{"name": data.about.licence, "title": data.about.licence}]
    return package


# --- JSON Lines -----------------------------------------------------------------------------


@register("jsonl", "every fact as its documented JSON record, one per line", ".jsonl", tables=False)
def write_jsonl(data: Export, out: Output, progress: Progress) -> None:
    with out.path.open("w", encoding="utf-8", newline="\n") as stream:
        stream.writelines(record + "\n" for record in data.records)
    progress(1, 1)

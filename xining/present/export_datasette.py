"""Datasette's metadata for the SQLite export: what a colleague sees browsing it.

The facts table (READER) comes first on the home page: Datasette lists a database's tables by their
number of rows, and it holds every fact. When Datasette cannot count a table within its time limit (a busy
machine) it lists them by their number of keys instead, where facts, named by the relations, comes fourth:
still on the home page, not behind its "…". Column descriptions are folded under each table's
description (Datasette prints a table's `columns` metadata as a list above its rows, which pushed the
first row off the first screen); the `columns` table, the same descriptions as data, is hidden.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from xining.present.export_tables import (
    FACTS,
    READER,
    TABLES,
    Export,
    Table,
    description,
    licence_text,
    source_summary,
)

# The quote and the labels get the width, so that a row is a few lines high, not a column of characters.
# A data: URL keeps the export two files, which `datasette publish` takes as they are.
STYLE = "data:text/css," + quote(
    ".rows-and-columns td.col-quote{min-width:24em}.rows-and-columns td.col-label_en{min-width:12em}"
    ".rows-and-columns td.col-label_zh{min-width:8em}"
    # A facet's values on one line, not one a line: the boxes would push the rows off the first screen.
    ".facet-results .facet-info{width:auto;max-width:24em}.facet-info li{display:inline-block;margin-right:.8em}"
)
FACET_SIZE = 3  # values per facet box, the rest behind "…": a box of 19 topics is a screen high


def datasette_metadata(data: Export, database: str, views: dict[str, str]) -> dict[str, Any]:
    """Datasette's metadata.json: title, licence, sources, each table's facets and its columns described."""
    tables: dict[str, Any] = {}
    for table in (READER, *TABLES):
        entry: dict[str, Any] = {"title": table.title, "description_html": described(table, table.description)}
        if table.facets:
            entry["facets"] = list(table.facets)
            entry["facet_size"] = FACET_SIZE
        if table.label_column:
            entry["label_column"] = table.label_column
        tables[table.name] = entry
    tables[f"{FACTS.name}_wide"] = {
        "title": "Facts, every column",
        "description_html": described(FACTS, "Every fact of every kind, with the columns of all kinds (for SQL)."),
    }
    tables |= {name: {"description": text} for name, text in views.items()}
    tables["columns"] = {"description": "The description of every column of every table.", "hidden": True}
    return {
        "extra_css_urls": [STYLE],
        "title": data.title,
        "description": description(data.about),
        "license": licence_text(data.about),
        "source": source_summary(data),
        "databases": {database: {"title": data.title, "source": source_summary(data), "tables": tables}},
    }


def described(table: Table, text: str) -> str:
    """A table's description, with its columns' descriptions folded away under one line."""
    items = "".join(f"<dt>{escape(c.name)}</dt><dd>{escape(c.description)}</dd>" for c in table.columns)
    return (
        f"<p>{escape(text)}</p>"
        f"<details><summary>What each of the {len(table.columns)} columns holds</summary><dl>{items}</dl></details>"
    )

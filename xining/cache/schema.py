"""The cache's tables, view and indexes, and its format: what the builder writes and the reader reads.

Each fact is stored once, in pieces: what only it says is a row of `fact_rows` (its JSON values
already written as JSON text); what it shares with every fact of its metric or source (the label,
the source record, the citation) is stored once in `metrics` and `sources`, found by row number.
The view `facts` splices the pieces into the record `records.fact_record` writes, byte for byte,
when it is read. A fact whose record could not be spliced exactly (an id with a quote mark in it)
keeps it whole. The pieces' columns have no type, so that a value of another type (damage) stays
one and is refused.
"""

from __future__ import annotations

import zlib

from xining.cache import search_index

# Concatenation, not printf: a piece that is missing (damage) makes the whole record NULL, refused.
RECORD = """CASE WHEN f.whole IS NOT NULL THEN f.whole WHEN typeof(f.quote) = 'text' THEN
    '{"id": "' || f.id || '", "kind": "' || f.kind || '", "topic": "' || f.topic
    || '", "label": ' || coalesce(f.label, (SELECT label FROM metrics WHERE no = f.metric_no))
    || ', "value": ' || coalesce(f.value, 'null') || ', "unit": ' || coalesce(f.unit, 'null')
    || ', "qualifier": ' || coalesce('"' || f.qualifier || '"', 'null')
    || ', "normalized": '
    || coalesce('{"value": ' || f.normalized_value || ', "unit": ' || f.normalized_unit || '}', 'null')
    || ', "period": {"start": ' || coalesce('"' || f.start || '"', 'null')
    || ', "end": ' || coalesce('"' || f."end" || '"', 'null') || ', "label": ' || f.period_label
    || '}, "status": "' || coalesce(f.status, 'actual') || '", "derived": ' || coalesce(f.derived, 'null')
    || ', "subject": ' || coalesce(f.subject, 'null') || ', "metric": ' || coalesce('"' || f.metric || '"', 'null')
    || ', "quote": ' || f.quote || ', "time_expression": ' || coalesce(f.time_expression, 'null')
    || ', "note": ' || coalesce(f.note, 'null')
    || ', "source": ' || (SELECT shared FROM sources WHERE no = f.source_no)
    || coalesce(f.tail, '') || '}' END"""
# Shared parts are read by subqueries, not joins: SQLite evaluates one only when its column is used,
# so a count or a filter on the view's plain columns reads `fact_rows` and its indexes alone.
FACTS_VIEW = (
    "SELECT f.rowid AS rowid, f.id AS id, (SELECT name FROM files WHERE no = f.file) AS file, f.kind AS kind,"
    ' f.topic AS topic, f.metric AS metric, f.source AS source, f.level AS level, f.start AS start, f."end" AS "end",'
    " (SELECT published_first FROM sources WHERE no = f.source_no) AS published_first,"
    " (SELECT published_last FROM sources WHERE no = f.source_no) AS published_last, f.value_sort AS value_sort,"
    f" {RECORD} AS record, coalesce(f.figure, f.value) AS figure, f.spec AS spec, f.line AS line, f.origin AS origin,"
    # The record's period label, without splicing the record: json_extract(record, '$.period.label').
    " json_extract(f.period_label, '$') AS period_label"
    " FROM fact_rows f"
)
# Fields of a record that a reader can take from their stored pieces, as JSON, without the record
# being spliced whole (which reads the shared parts too): see `Store.record_fields`.
_PIECE = "(SELECT {} FROM fact_rows WHERE rowid = facts.rowid)"
PIECES = {
    "status": f"coalesce({_PIECE.format('status')}, 'actual')",
    "qualifier": _PIECE.format("qualifier"),
    "derived": f"json({_PIECE.format('derived')})",
    "value": f"json({_PIECE.format('value')})",
    "unit": f"json({_PIECE.format('unit')})",
    "period.label": f"json({_PIECE.format('period_label')})",
    "quote": f"json({_PIECE.format('quote')})",
}
SCHEMA = (
    """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    no INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, size INTEGER, mtime_ns INTEGER, inode INTEGER,
    ctime_ns INTEGER, sha256 TEXT, problems TEXT
);
CREATE TABLE topics (id TEXT PRIMARY KEY, zh TEXT, en TEXT);
CREATE TABLE metrics (no INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, topic TEXT, data TEXT, label TEXT);
CREATE TABLE sources (
    no INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, published_first TEXT, published_last TEXT, data TEXT, shared TEXT
);
CREATE TABLE fact_rows (
    id TEXT, file INTEGER, kind TEXT, topic TEXT, metric TEXT, source TEXT, metric_no INTEGER, source_no INTEGER,
    level TEXT, start TEXT, "end" TEXT,
    value_sort REAL, figure TEXT, spec TEXT, line INTEGER, origin TEXT,
    whole, label, value, unit, qualifier, normalized_value, normalized_unit, period_label, status, derived, subject,
    quote, time_expression, note, tail
);
"""
    + f"CREATE VIEW facts AS {FACTS_VIEW};"
)
# Created after a bulk load, which is faster than keeping them up to date row by row. Each serves a
# query of the readers (EXPLAIN QUERY PLAN): a topic, kind, metric or source (its facts sorted after:
# sorting a topic's thousands costs SQLite a few milliseconds, an id in each entry 4 MiB at 100,000
# facts); an id; a file (a refresh); the derived facts, for the checks across files; the observations
# of a figure as written (a draft's figures, for `check`: a scan of every observation without it). No
# query filters on a period's start in a way an index serves. A query that names a kind beside a more
# selective column writes `+kind`: most facts share a kind, and SQLite, with no statistics, would
# search by it.
INDEXES = """
CREATE INDEX IF NOT EXISTS facts_id ON fact_rows (id);
CREATE INDEX IF NOT EXISTS facts_file ON fact_rows (file);
CREATE INDEX IF NOT EXISTS facts_topic ON fact_rows (topic);
CREATE INDEX IF NOT EXISTS facts_kind ON fact_rows (kind);
CREATE INDEX IF NOT EXISTS facts_metric ON fact_rows (metric);
CREATE INDEX IF NOT EXISTS facts_source ON fact_rows (source);
CREATE INDEX IF NOT EXISTS facts_derived ON fact_rows (id) WHERE origin IS NOT NULL;
CREATE INDEX IF NOT EXISTS facts_figure ON fact_rows (coalesce(figure, value));
"""
# A cache is used only if written by this very layout and version of xining:
# any change to the tables changes the format, so an old cache is rebuilt.
# Bump RECORDS whenever records.fact_record changes what it writes, and NAMES whenever xining.base.names
# changes the index of the metrics' names the cache keeps, or the way it is kept (a test pins that
# module's text to NAMES).
RECORDS = 6
NAMES = 4
FORMAT = f"xining-cache-{RECORDS}-{NAMES}-{zlib.crc32((SCHEMA + INDEXES + search_index.SCHEMA_FTS).encode()):08x}"
FACT_COLUMNS = (
    "id", "file", "kind", "topic", "metric", "source", "level", "start", '"end"', "published_first", "published_last",
    "value_sort", "record", "figure", "spec", "line", "origin",
)  # fmt: skip
INSERT_FACT = f"INSERT INTO fact_rows VALUES ({', '.join('?' * 31)})"

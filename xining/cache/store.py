"""The compiled base: a SQLite file per fact base, built on first use and
refreshed file by file, so that a warm call never parses YAML.

Each YAML file is keyed on its size, times and inode, then its SHA-256 when
any of those changed; editing one article re-parses that article only (see
`xining.cache.build`). Editing a registry (units, topics, metrics, sources,
relations, the header) rebuilds the whole cache, since every record carries
labels, units and dates from the registries. One process builds at a time
(`xining.cache.files.build_lock`); the others wait, then read what it built.
A full build is written to a temporary file and renamed into place; an
incremental one is a single SQLite transaction. Either way a reader sees the
old or the new base, whole.

The checks of the whole base run at every build and their verdict is stored,
so a broken base is refused by every command and a warm call pays nothing.

A cache is never trusted beyond what it can show: one that is foreign, of
another format, changed by anything but xining, or that fails while being
read (any SQLite error, any row that does not decode) is rebuilt once, and
if that fails too the base is read into memory. A cache folder that cannot
be written is no reason to fail either: the answer then comes from memory.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Callable, Collection, Sequence
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from xining import __version__
from xining.base.files import list_base, resolve_base, stat_key
from xining.cache import search_index
from xining.cache.files import CACHE_ENV, cache_dir, cache_path, connect, stamp_matches
from xining.errors import EXIT_PROBLEMS, Problem, XiningError

if TYPE_CHECKING:  # the model is imported only by calls that build model objects
    from xining.base.model import FactBase

__all__ = ["CACHE_ENV", "Store", "cache_dir"]
T = TypeVar("T")
# Each fact is stored once, in pieces: what only it says is a row of `fact_rows` (its JSON values
# already written as JSON text); what it shares with every fact of its metric or source (the label,
# the source record, the citation) is stored once in `metrics` and `sources`, found by row number.
# The view `facts` splices the pieces into the record `records.fact_record` writes, byte for byte,
# when it is read. A fact whose record could not be spliced exactly (an id with a quote mark in it)
# keeps it whole. The pieces' columns have no type, so that a value of another type (damage) stays
# one and is refused.
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
# facts); an id; a file (a refresh); the derived facts, for the checks across files. No query
# filters on a period's start in a way an index serves.
INDEXES = """
CREATE INDEX IF NOT EXISTS facts_id ON fact_rows (id);
CREATE INDEX IF NOT EXISTS facts_file ON fact_rows (file);
CREATE INDEX IF NOT EXISTS facts_topic ON fact_rows (topic);
CREATE INDEX IF NOT EXISTS facts_kind ON fact_rows (kind);
CREATE INDEX IF NOT EXISTS facts_metric ON fact_rows (metric);
CREATE INDEX IF NOT EXISTS facts_source ON fact_rows (source);
CREATE INDEX IF NOT EXISTS facts_derived ON fact_rows (id) WHERE origin IS NOT NULL;
"""
# A cache is used only if written by this very layout and version of xining:
# any change to the tables changes the format, so an old cache is rebuilt.
# Bump RECORDS whenever records.fact_record changes what it writes.
RECORDS = 5
FORMAT = f"xining-cache-{RECORDS}-{zlib.crc32((SCHEMA + INDEXES + search_index.SCHEMA_FTS).encode()):08x}"
FACT_COLUMNS = (
    "id", "file", "kind", "topic", "metric", "source", "level", "start", '"end"', "published_first", "published_last",
    "value_sort", "record", "figure", "spec", "line", "origin",
)  # fmt: skip
INSERT_FACT = f"INSERT INTO fact_rows VALUES ({', '.join('?' * 31)})"


# Every problem found at the last build: those of each file, and those of the checks across files.
PROBLEMS = (
    "SELECT problems FROM files WHERE problems != '[]' UNION ALL "
    "SELECT value FROM meta WHERE key = 'problems' AND value != '[]'"
)
# What a damaged cache can raise while it is read: SQLite's errors, and a row that does not decode.
DAMAGE = (sqlite3.Error, ValueError, KeyError, TypeError, IndexError, AttributeError)


class Store:
    """An open compiled base. Queries read it; `base()` rebuilds model objects on demand.

    A Store owns its connection: use it as a context manager, or call `close()`.
    """

    def __init__(self, connection: sqlite3.Connection, location: Path, in_memory: bool = False) -> None:
        self.db = connection
        self.location = location
        self.in_memory = in_memory
        self._registries: FactBase | None = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # --- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, base: str | Path | None = None, use_cache: bool = True) -> Store:
        """The compiled form of the base, built or refreshed as needed."""
        location = resolve_base(base)
        listing = list_base(location)
        if listing.problems:
            refuse(listing.problems)
        if not use_cache:
            return cls._in_memory(location, listing.files)
        path = cache_path(location)
        connection = _open_trusted(path, location)
        if connection is not None and _fresh(connection, location, listing.files, listing.names):
            return cls._checked(connection, location)
        if connection is not None:
            connection.close()
        try:
            connection = _update(path, location, listing.files, listing.names)
        except (OSError, sqlite3.Error):
            # The cache folder cannot be written (read-only, full, not a folder): answer anyway.
            connection = None
        if connection is None:
            return cls._in_memory(location, listing.files)
        return cls._checked(connection, location)

    @classmethod
    def _in_memory(cls, location: Path, files: list[Path]) -> Store:
        from xining.cache.build import build_full

        connection = sqlite3.connect(":memory:")
        try:
            build_full(connection, location, files, database=None)
        except BaseException:
            connection.close()
            raise
        return cls._checked(connection, location, in_memory=True)

    @classmethod
    def _checked(cls, connection: sqlite3.Connection, location: Path, in_memory: bool = False) -> Store:
        """The store, unless the base has problems: then one line naming the first."""
        store = cls(connection, location, in_memory)
        try:
            problems = store._read(
                lambda db: [Problem(*p) for (text,) in db.execute(PROBLEMS) for p in _problems(text)]
            )
        except BaseException:
            store.close()
            raise
        if problems:
            store.close()
            refuse(problems)
        return store

    # --- reading -------------------------------------------------------------------

    def _read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read, healing a damaged cache: rebuilt once, then read into memory."""
        for _ in range(3):
            try:
                return query(self.db)
            except DAMAGE:
                if self.in_memory:
                    raise  # not damage but a fault of xining: let it show
                self._heal()
        return query(self.db)

    def _heal(self) -> None:
        from xining.cache import files as cachefiles

        self.db.close()
        self._registries = None
        path = cache_path(self.location)
        files = list_base(self.location).files
        try:
            if not getattr(self, "_rebuilt", False):
                self._rebuilt = True
                with cachefiles.build_lock(path) as locked:
                    if locked:
                        cachefiles.remove(path)
                        self.db = _rebuild(path, self.location, files)
                        return
        except (OSError, sqlite3.Error):
            pass
        from xining.cache.build import build_full

        self.db = sqlite3.connect(":memory:")
        self.in_memory = True
        build_full(self.db, self.location, files, database=None)

    def exists(self, table: str, key: str) -> bool:
        return self._read(lambda db: db.execute(f"SELECT 1 FROM {table} WHERE id = ? LIMIT 1", (key,)).fetchone()
                          is not None)  # fmt: skip

    def ids(self, table: str) -> list[str]:
        return self._read(lambda db: [row[0] for row in db.execute(f"SELECT DISTINCT id FROM {table} ORDER BY id")])

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._read(lambda db: db.execute(sql, params).fetchall())

    @staticmethod
    def record_fields(paths: Sequence[str]) -> str:
        """SQL, selecting from `facts`, for a JSON array of these fields of each fact's record (paths as
        json_extract writes them, without "$."): read from their stored pieces where the record is kept
        in pieces, so that a reader of a few fields of many facts does not splice every record whole.
        The caller checks the types it gets: a damaged piece is then found, and healed, like any other."""
        return (
            "json_array(" + ", ".join(PIECES.get(path) or f"json_extract(record, '$.{path}')" for path in paths) + ")"
        )

    def scan(self, sql: str, params: Sequence[Any], keep: Callable[[tuple[Any, ...]], T | None]) -> list[T]:
        """Each row of a query turned by `keep` into what the caller holds (None: nothing), as it is read:
        a query over tens of thousands of facts never holds all its rows at once."""

        def read(db: sqlite3.Connection) -> list[T]:
            kept = []  # anew for each attempt: a damaged cache is healed and the query read again
            for row in db.execute(sql, params):
                item = keep(row)
                if item is not None:
                    kept.append(item)
            return kept

        return self._read(read)

    def records(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows whose first column is a fact's JSON record, decoded later: each is checked to be one."""
        return self._read(lambda db: _checked_records(db.execute(sql, params).fetchall()))

    def records_of_one_base(
        self, sql: str, params: Sequence[Any], before: Snapshot | None
    ) -> tuple[list[tuple[Any, ...]], Snapshot]:
        """`records`, for one of several reads that make one listing, with what the cache held then.

        A listing read a batch at a time holds no lock between batches, so an edit refreshed into the
        cache meanwhile would make its later lines those of another base. Each batch is read in one
        transaction together with the cache's data version; when another connection has committed
        since `before` (or a heal changed the connection), the digests of the files the cache holds
        are compared, and a change of content is an error rather than a listing of two bases. A
        refresh that changed no content (a file touched) is not.
        """

        def read(db: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], Snapshot]:
            own = not db.in_transaction  # (one already open keeps these reads together as well)
            if own:
                db.execute("BEGIN")
            try:
                version = db.execute("PRAGMA data_version").fetchone()[0]
                if before is not None and before.connection is db and before.data_version == version:
                    content = before.content
                else:
                    content = db.execute(CONTENT).fetchone()[0]
                rows = _checked_records(db.execute(sql, params).fetchall())
            finally:
                if own:
                    db.execute("COMMIT")
            return rows, Snapshot(db, version, content)

        rows, now = self._read(read)
        if before is not None and now.content != before.content:
            raise XiningError(
                "the base was edited while this listing was being written; the lines above are from before"
                " the edit: run the command again",
                EXIT_PROBLEMS,
            )
        return rows, now

    def search(self, text: str) -> None:
        """Find the facts with every word of `text`; they are left in the temporary table `hits`."""

        def find(db: sqlite3.Connection) -> None:
            fts = db.execute("SELECT value FROM meta WHERE key = 'search'").fetchone()[0] == "fts5"
            found = search_index.find(db, text, fts)
            db.execute("CREATE TEMP TABLE IF NOT EXISTS hits (fact INTEGER PRIMARY KEY, rank, field, score)")
            db.execute("DELETE FROM hits")
            db.executemany("INSERT INTO hits VALUES (?, ?, ?, ?)", [(k, *hit) for k, hit in found.items()])
            db.commit()  # the temporary table only: ends the transaction, so no reader lock is left held

        self._read(find)

    def closest_names(self, text: str) -> list[str]:
        return self._read(lambda db: search_index.closest_names(db, text))

    def registries(self, metrics: Collection[str] | None = None, sources: Collection[str] | None = None) -> FactBase:
        """Every registry of the base as model objects, with no facts.

        `metrics` and `sources`, where given, limit those two registries to the
        ids named: on a large base, decoding all of them costs more than the
        rest of a call that needs a few.
        """
        if metrics is not None or sources is not None:
            return self._read(lambda db: _decode_registries(db, metrics, sources))
        if self._registries is None:
            self._registries = self._read(_decode_registries)
        return self._registries

    def base(self, where: str = "1", params: Sequence[Any] = (), metrics: Collection[str] = ()) -> FactBase:
        """A FactBase holding the facts that match a SQL condition, with the registries they refer to
        (and the `metrics` named, whether or not a fact refers to them)."""
        import json

        from xining.cache.records import fact_from_record

        def facts(db: sqlite3.Connection) -> tuple[Any, ...]:
            rows = db.execute(f"SELECT record, figure, spec FROM facts WHERE {where} ORDER BY id", params)
            return tuple(fact_from_record(json.loads(record), figure, spec) for record, figure, spec in rows)

        found = self._read(facts)
        if where == "1":  # the whole base: every registry entry, whether or not a fact refers to it
            return self.registries()._replace(facts=found)
        referred = {*metrics, *(fact.metric for fact in found if getattr(fact, "metric", None))}
        return self.registries(referred, {fact.source for fact in found})._replace(facts=found)


def _problems(text: str) -> list[Any]:
    import json  # only for a base with problems: a warm call on a sound base never needs the json module

    return list(json.loads(text))


# What a cache holds, as one value: the name and SHA-256 of every file it was built from.
CONTENT = "SELECT group_concat(name || ' ' || sha256, ' ') FROM (SELECT name, sha256 FROM files ORDER BY name)"


class Snapshot(NamedTuple):
    """What the cache held when a batch of a listing was read (see `Store.records_of_one_base`)."""

    connection: sqlite3.Connection
    data_version: int  # PRAGMA data_version: changes when another connection commits
    content: str | None  # the name and SHA-256 of every file the cache was built from


def _checked_records(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    for row in rows:
        if not (isinstance(row[0], str) and row[0].startswith('{"id": "') and row[0].endswith("}")):
            raise ValueError("a fact record that is not one")
    return rows


def refuse(problems: list[Problem]) -> None:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    raise XiningError(f"{problems[0]}{more}; run 'xining validate' for the full list", EXIT_PROBLEMS)


def _decode_registries(
    db: sqlite3.Connection, metric_ids: Collection[str] | None = None, source_ids: Collection[str] | None = None
) -> FactBase:
    import json

    from xining.base.codec import decode
    from xining.base.model import FactBase, Label, Link, Metric, Origin, Source, Topic, Unit

    meta = dict(db.execute("SELECT key, value FROM meta"))
    registries = json.loads(meta["registries"])
    links = []
    for link, (file, line) in zip(registries["links"], registries["link_origins"], strict=True):
        links.append(replace_origin(decode(Link, link), Origin(file, line, (("facts", line),))))
    return FactBase(
        schema_version=registries["schema_version"],
        release=registries["release"],
        name=registries["name"],
        topics={r[0]: Topic(r[0], Label(r[1], r[2])) for r in db.execute("SELECT id, zh, en FROM topics")},
        units={k: decode(Unit, v) for k, v in registries["units"].items()},
        metrics={r[0]: decode(Metric, json.loads(r[1])) for r in _rows(db, "metrics", metric_ids)},
        sources={r[0]: decode(Source, json.loads(r[1])) for r in _rows(db, "sources", source_ids)},
        facts=(),
        links=tuple(links),
    )


def _rows(db: sqlite3.Connection, table: str, ids: Collection[str] | None) -> list[tuple[str, str]]:
    """(id, data) of every row of a registry table, or of the ids given."""
    if ids is None:
        return db.execute(f"SELECT id, data FROM {table}").fetchall()
    found: list[tuple[str, str]] = []
    chosen = sorted(ids)
    for start in range(0, len(chosen), 500):  # SQLite limits the parameters of one statement
        part = chosen[start : start + 500]
        found += db.execute(f"SELECT id, data FROM {table} WHERE id IN ({', '.join('?' * len(part))})", part)
    return found


def replace_origin(value: T, origin: Any) -> T:
    return value._replace(origin=origin)  # type: ignore[attr-defined, no-any-return]


# --- the cache file -------------------------------------------------------------------------


def _open_trusted(path: Path, location: Path) -> sqlite3.Connection | None:
    """The cache, if it is this base's, of this format and version, and as xining left it."""
    if not stamp_matches(path):
        return None
    connection = None
    try:
        connection = connect(path)
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        expected = {"format": FORMAT, "xining": __version__, "base": str(location.resolve())}
        if all(meta.get(key) == value for key, value in expected.items()):
            connection.execute(f"SELECT {', '.join(FACT_COLUMNS)} FROM facts LIMIT 0")  # a damaged table fails here
            return connection
    except sqlite3.Error:
        pass
    if connection is not None:
        connection.close()
    return None  # foreign, of another version, or damaged: rebuilt


def _fresh(connection: sqlite3.Connection, location: Path, files: list[Path], names: list[str]) -> bool:
    """Whether every file is as compiled: the key recorded for it, or else the same content as compiled
    while the file is too recent for a key to be trusted (touched, or changed just before it was read
    and recorded with no key). Such a file is compared again on each call, and nothing is written:
    once it is older, its key is recorded (once, with the lock)."""
    try:
        cached = {r[0]: (tuple(r[1:5]), r[5]) for r in connection.execute(
            "SELECT name, size, mtime_ns, inode, ctime_ns, sha256 FROM files")}  # fmt: skip
    except sqlite3.Error:
        return False
    if len(cached) != len(files):
        return False
    folder = f"{location}{os.sep}"
    for path, name in zip(files, names, strict=True):
        key, digest = cached.get(name, ((), ""))
        if key == stat_key(folder + name):
            continue
        if not key:
            return False  # a new file
        from xining.cache.build import read_one

        read, _ = read_one(location, path)
        if read.digest != digest or read.recorded_key().mtime_ns != -1:
            return False  # changed; or no longer recent, so its real key is recorded
    return True


def _update(path: Path, location: Path, files: list[Path], names: list[str]) -> sqlite3.Connection | None:
    """With the build lock: the cache brought up to date (or None if another process kept the lock too long)."""
    from xining.cache import build
    from xining.cache import files as cachefiles

    path.parent.mkdir(parents=True, exist_ok=True)
    with cachefiles.build_lock(path) as locked:
        if not locked:
            return None
        connection = _open_trusted(path, location)  # another process may have built it while this one waited
        if connection is not None:
            try:
                if _fresh(connection, location, files, names) or build.refresh(connection, location, files, names):
                    cachefiles.write_stamp(path)
                    return connection
            except sqlite3.Error:
                pass  # damaged: rebuilt below
            connection.close()
        cachefiles.remove_stale(path)
        cachefiles.remove(path)
        return _rebuild(path, location, files)


def _rebuild(path: Path, location: Path, files: list[Path]) -> sqlite3.Connection:
    """Build a new cache beside the old one and rename it into place. Called with the build lock held."""
    from xining.cache import files as cachefiles
    from xining.cache.build import build_full

    temporary = cachefiles.temporary_path(path)
    try:
        connection = sqlite3.connect(temporary)
        try:
            build_full(connection, location, files, database=str(temporary))
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    cachefiles.write_stamp(path)
    return connect(path)

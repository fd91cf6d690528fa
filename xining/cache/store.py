"""Reading the compiled base: queries, records, registries and search, over one SQLite connection.

A read that fails because the cache is damaged (any SQLite error, any row
that does not decode) is healed by the function the store was opened with
(`xining.cache.opening.heal`: rebuilt once, then read into memory) and run again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from xining.cache import search_index
from xining.cache.files import CACHE_ENV, cache_dir
from xining.cache.schema import PIECES
from xining.errors import EXIT_PROBLEMS, Problem, XiningError

if TYPE_CHECKING:  # the model is imported only by calls that build model objects
    from xining.base.model import FactBase
    from xining.base.names import Names
    from xining.cache.records import TitleName

__all__ = ["CACHE_ENV", "Store", "cache_dir"]
T = TypeVar("T")


# Served by the index facts_figure; `+kind`: not searched by kind, which nearly every fact shares.
QUOTES_OF_FIGURES = (
    "SELECT id, json_extract(quote, '$') FROM fact_rows"
    " WHERE coalesce(figure, value) IN ({}) AND +kind = 'observation' AND derived IS NULL"
)
# Every problem found at the last build: those of each file, and those of the checks across files.
PROBLEMS = (
    "SELECT problems FROM files WHERE problems != '[]' UNION ALL "
    "SELECT value FROM meta WHERE key = 'problems' AND value != '[]'"
)
# What a damaged cache can raise while it is read: SQLite's errors, and a row that does not decode.
# RecursionError: JSON nested past the interpreter's limit, which no build writes
DAMAGE = (sqlite3.Error, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError)


class Store:
    """An open compiled base. Queries read it; `base()` rebuilds model objects on demand.

    A Store owns its connection: use it as a context manager, or call `close()`. Open one with
    `xining.cache.opening.open_store`, which also gives it the way to heal a damaged cache.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        location: Path,
        in_memory: bool = False,
        healer: Callable[[Store], None] | None = None,
    ) -> None:
        self.db = connection
        self.location = location
        self.in_memory = in_memory
        self._registries: FactBase | None = None
        self._healer = healer
        self.rebuilt = False  # healed once by a rebuild already: a second heal reads into memory

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # --- reading -------------------------------------------------------------------

    def _read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run a read, healing a damaged cache: rebuilt once, then read into memory."""
        for _ in range(3):
            try:
                return query(self.db)
            except DAMAGE:
                if self.in_memory or self._healer is None:
                    raise  # not damage but a fault of xining: let it show
                self._registries = None
                self._healer(self)
        return query(self.db)

    def problems(self) -> list[Problem]:
        """Every problem the last build found in the base."""
        return self._read(lambda db: [Problem(*p) for (text,) in db.execute(PROBLEMS) for p in _problems(text)])

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
            fts = _meta(db, "search") == "fts5"
            found = search_index.find(db, text, fts)
            db.execute("CREATE TEMP TABLE IF NOT EXISTS hits (fact INTEGER PRIMARY KEY, rank, field, score)")
            db.execute("DELETE FROM hits")
            db.executemany("INSERT INTO hits VALUES (?, ?, ?, ?)", [(k, *hit) for k, hit in found.items()])
            db.commit()  # the temporary table only: ends the transaction, so no reader lock is left held

        self._read(find)

    def closest_names(self, text: str) -> list[str]:
        return self._read(lambda db: search_index.closest_names(db, text))

    def quotes_of(self, figures: Sequence[str]) -> list[tuple[str, Any]]:
        """(id, quote) of each observation, not derived, of one of these figures as written (at most 500),
        from the stored pieces: a draft's figures are looked for among tens of thousands of observations."""
        return self.rows(QUOTES_OF_FIGURES.format(", ".join("?" * len(figures))), figures)

    def title_names(self) -> list[TitleName]:
        """What every designation and milestone is called and the words it was read from (see
        `records.TitleName`), from their stored pieces: a large base has thousands of titles, and a
        draft names a few, which are then read whole."""
        from xining.cache.records import title_name

        sql = (  # the pieces as one JSON array, parsed once
            "SELECT id, kind, '[' || coalesce(label, 'null') || ', ' || coalesce(quote, 'null') || ', '"
            " || coalesce(time_expression, 'null') || ', {' || substr(coalesce(tail, ','), 2) || '}]' FROM fact_rows"
            " WHERE kind IN ('designation', 'milestone') ORDER BY id"
        )
        return self.scan(sql, (), title_name)

    def names(self) -> Names:
        """The index of every metric's names by their words (`xining.base.names.Names`), as the build kept it."""
        from xining.base.names import Names

        def read(db: sqlite3.Connection) -> Names:
            import zlib

            kept = _meta(db, "names", "index of the names of the measures")
            if not isinstance(kept, bytes):
                raise ValueError("the cache has no index of the names of the measures")
            # the index shrinks about 8 times; a stream that grows 50 times more is no index
            # (a few hundred kB of it could otherwise take seconds and gigabytes to read)
            stream = zlib.decompressobj()
            try:
                data = stream.decompress(kept, max(1 << 20, 50 * len(kept)))
            except zlib.error as error:  # damage, healed as any other
                raise ValueError(f"the index of the names of the measures is damaged: {error}") from None
            if not stream.eof or stream.unconsumed_tail or stream.unused_data:
                raise ValueError("the index of the names of the measures is damaged")
            names = Names.from_json(data.decode("utf-8"))
            metrics = {metric for (metric,) in db.execute("SELECT id FROM metrics")}
            if set(names.ids) != metrics:  # an index of other registries than these
                raise ValueError("the index of the names of the measures is not that of the metrics")
            return names

        return self._read(read)

    def corroborations(self) -> list[tuple[str, ...]]:
        """The facts each `corroborates` link joins (a listing that merges them needs nothing else of the links)."""
        return self._read(_corroborations)

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


def _meta(db: sqlite3.Connection, key: str, what: str | None = None) -> Any:
    """One value of the cache's meta table, as stored (text, or the bytes of a compressed one); a missing
    one is damage (ValueError), which the store heals. `what`: the value in words, for that error."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise ValueError(f"the cache has no {what or key}")
    return row[0]


def _corroborations(db: sqlite3.Connection) -> list[tuple[str, ...]]:
    """The fact ids of each `corroborates` link, read from the stored registries without the model."""
    import json

    registries = json.loads(_meta(db, "registries"))
    links = registries["links"]
    if not all(isinstance(link, dict) and isinstance(link.get("facts"), list) for link in links):
        raise ValueError("a stored relation that is not one")
    return [tuple(link["facts"]) for link in links if link.get("relation") == "corroborates"]


def _decode_registries(
    db: sqlite3.Connection, metric_ids: Collection[str] | None = None, source_ids: Collection[str] | None = None
) -> FactBase:
    import json

    from xining.base.codec import decode
    from xining.base.model import FactBase, Label, Link, Metric, Origin, Source, Topic, Unit

    registries = json.loads(_meta(db, "registries"))
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

"""The compiled base: a SQLite file per fact base, built on first use and
refreshed file by file, so that a warm call never parses YAML.

Each YAML file is keyed on its size, modification time and SHA-256; editing
one article re-parses that article only. Editing a registry (units, topics,
metrics, sources, relations, the header) rebuilds the whole cache, since
every record carries labels, units and dates from the registries; large
bases are then parsed by worker processes, one per core. A cache that is
corrupt, foreign or of another format is rebuilt, never trusted. A full build
is written to a temporary file and renamed into place; an incremental one is
a single SQLite transaction. Either way a reader sees the old or the new
base, whole.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from xining import __version__, search_index
from xining.basedir import base_files, resolve_base
from xining.errors import EXIT_PROBLEMS, Problem, XiningError

if TYPE_CHECKING:  # the model is imported only by calls that build model objects
    from xining.model import FactBase

CACHE_ENV = "XINING_CACHE_DIR"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, problems TEXT);
CREATE TABLE topics (id TEXT PRIMARY KEY, zh TEXT, en TEXT);
CREATE TABLE metrics (id TEXT PRIMARY KEY, topic TEXT, data TEXT);
CREATE TABLE sources (id TEXT PRIMARY KEY, published_last TEXT, data TEXT);
CREATE TABLE facts (
    id TEXT, file TEXT, kind TEXT, topic TEXT, metric TEXT, source TEXT, level TEXT,
    start TEXT, "end" TEXT, published_last TEXT, value_sort REAL,
    record TEXT, figure TEXT, spec TEXT
);
"""
# Created after a bulk load, which is faster than keeping them up to date row by row.
INDEXES = """
CREATE INDEX IF NOT EXISTS facts_id ON facts (id);
CREATE INDEX IF NOT EXISTS facts_file ON facts (file);
CREATE INDEX IF NOT EXISTS facts_topic ON facts (topic, id);
CREATE INDEX IF NOT EXISTS facts_kind ON facts (kind, id);
CREATE INDEX IF NOT EXISTS facts_metric ON facts (metric, id);
CREATE INDEX IF NOT EXISTS facts_source ON facts (source, id);
CREATE INDEX IF NOT EXISTS facts_start ON facts (start);
"""
# A cache is used only if written by this very layout and version of xining:
# any change to the tables changes the format, so an old cache is rebuilt.
# Bump RECORDS whenever records.fact_record changes what it writes.
RECORDS = 3
FORMAT = f"xining-cache-{RECORDS}-{zlib.crc32((SCHEMA + INDEXES + search_index.SCHEMA_FTS).encode()):08x}"
FACT_COLUMNS = (
    "id", "file", "kind", "topic", "metric", "source", "level", "start", '"end"', "published_last", "value_sort",
    "record", "figure", "spec",
)  # fmt: skip
INSERT_FACT = f"INSERT INTO facts VALUES ({', '.join('?' * len(FACT_COLUMNS))})"


def cache_dir() -> Path:
    """$XINING_CACHE_DIR, else $XDG_CACHE_HOME/xining, else ~/.cache/xining."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "xining"


class FileState(NamedTuple):
    name: str
    path: Path
    size: int
    mtime_ns: int


class Store:
    """An open compiled base. Queries read it; `base()` rebuilds model objects on demand."""

    def __init__(self, connection: sqlite3.Connection, location: Path) -> None:
        self.db = connection
        self.location = location
        self._registries: FactBase | None = None

    # --- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, base: str | Path | None = None, use_cache: bool = True) -> Store:
        """The compiled form of the base, built or refreshed as needed."""
        location = resolve_base(base)
        states = [_state(location, path) for path in base_files(location)]
        if not use_cache:
            return cls._in_memory(location, states)
        path = cache_dir() / f"{_cache_name(location)}.sqlite"
        existing = _open_existing(path, location)
        if existing is not None:
            try:
                if _fresh(existing, states):
                    return cls._checked(existing, location)
                if not _registries_changed(existing, states):
                    _refresh(existing, location, states)
                    return cls._checked(existing, location)
                existing.close()  # every record depends on the registries: rebuilt below
            except sqlite3.DatabaseError:
                existing.close()  # corrupt: rebuilt below
            except OSError:
                existing.close()  # a read-only cache folder: answered from memory below
                return cls._in_memory(location, states)
        try:
            rebuilt = _rebuild(path, location, states)
        except (OSError, sqlite3.OperationalError):
            # The cache folder cannot be written (read-only, full, not a folder): answer anyway.
            return cls._in_memory(location, states)
        return cls._checked(rebuilt, location)

    @classmethod
    def _in_memory(cls, location: Path, states: list[FileState]) -> Store:
        connection = sqlite3.connect(":memory:")
        _build(connection, location, states, previous=None)
        return cls._checked(connection, location)

    @classmethod
    def _checked(cls, connection: sqlite3.Connection, location: Path) -> Store:
        rows = connection.execute("SELECT problems FROM files WHERE problems != '[]' ORDER BY name").fetchall()
        if rows:
            import json

            problems = [Problem(p["file"], p["line"], p["message"]) for (text,) in rows for p in json.loads(text)]
            connection.close()
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise XiningError(f"{problems[0]}{more}; run 'xining validate' for the full list", EXIT_PROBLEMS)
        return cls(connection, location)

    # --- reading -------------------------------------------------------------------

    def exists(self, table: str, key: str) -> bool:
        return self.db.execute(f"SELECT 1 FROM {table} WHERE id = ? LIMIT 1", (key,)).fetchone() is not None

    def ids(self, table: str) -> list[str]:
        return [row[0] for row in self.db.execute(f"SELECT DISTINCT id FROM {table} ORDER BY id")]

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            raise self._unreadable(error) from None

    def _unreadable(self, error: sqlite3.DatabaseError) -> XiningError:
        """Damaged after it was opened (a disk error, another program): drop it, to be rebuilt."""
        path = next((Path(row[2]) for row in self.db.execute("PRAGMA database_list") if row[2]), None)
        self.db.close()
        if path is not None:
            with suppress(OSError):
                path.unlink()
        where = f" ({path})" if path else ""
        return XiningError(
            f"the cache{where} could not be read: {error}; it is rebuilt on the next call", EXIT_PROBLEMS
        )

    def search(self, text: str) -> None:
        """Find the facts with every word of `text`; they are left in the temporary table `hits`."""
        try:
            fts = self.db.execute("SELECT value FROM meta WHERE key = 'search'").fetchone()[0] == "fts5"
            found = search_index.find(self.db, text, fts)
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hits (fact INTEGER PRIMARY KEY, rank, field, score)")
            self.db.execute("DELETE FROM hits")
            self.db.executemany("INSERT INTO hits VALUES (?, ?, ?, ?)", [(k, *hit) for k, hit in found.items()])
            self.db.commit()  # the temporary table only: ends the transaction, so no reader lock is left held
        except sqlite3.DatabaseError as error:
            raise self._unreadable(error) from None

    def closest_names(self, text: str) -> list[str]:
        return search_index.closest_names(self.db, text)

    def registries(self) -> FactBase:
        """Every registry of the base as model objects, with no facts."""
        import json

        if self._registries is None:
            from xining.codec import decode
            from xining.model import FactBase, Label, Link, Metric, Source, Topic, Unit

            meta = dict(self.db.execute("SELECT key, value FROM meta"))
            registries = json.loads(meta["registries"])
            self._registries = FactBase(
                schema_version=registries["schema_version"],
                release=registries["release"],
                name=registries["name"],
                topics={r[0]: Topic(r[0], Label(r[1], r[2])) for r in self.db.execute("SELECT id, zh, en FROM topics")},
                units={k: decode(Unit, v) for k, v in registries["units"].items()},
                metrics={
                    r[0]: decode(Metric, json.loads(r[1])) for r in self.db.execute("SELECT id, data FROM metrics")
                },
                sources={
                    r[0]: decode(Source, json.loads(r[1])) for r in self.db.execute("SELECT id, data FROM sources")
                },
                facts=(),
                links=tuple(decode(Link, link) for link in registries["links"]),
            )
        return self._registries

    def base(self, where: str = "1", params: Sequence[Any] = ()) -> FactBase:
        """A FactBase holding the registries and the facts that match a SQL condition."""
        import json
        from dataclasses import replace

        from xining.records import fact_from_record

        rows = self.rows(f"SELECT record, figure, spec FROM facts WHERE {where} ORDER BY id", params)
        facts = tuple(fact_from_record(json.loads(record), figure, spec) for record, figure, spec in rows)
        return replace(self.registries(), facts=facts)


# --- building -----------------------------------------------------------------------


def _state(location: Path, path: Path) -> FileState:
    stat = path.stat()
    return FileState(path.relative_to(location).as_posix(), path, stat.st_size, stat.st_mtime_ns)


def _open_existing(path: Path, location: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path, timeout=30)
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        expected = {"format": FORMAT, "xining": __version__, "base": str(location.resolve())}
        if all(meta.get(key) == value for key, value in expected.items()):
            connection.execute(f"SELECT {', '.join(FACT_COLUMNS)} FROM facts LIMIT 0")  # a damaged table fails here
            return connection
        connection.close()
    except sqlite3.DatabaseError:
        pass
    return None  # foreign, of another version, or corrupt: rebuilt


def _cache_name(location: Path) -> str:
    """A file name for the cache of one base, from its absolute path (crc32 twice: no OpenSSL at start-up)."""
    key = str(location.resolve()).encode()
    return f"{zlib.crc32(key):08x}{zlib.crc32(key[::-1]):08x}"


def _registries_changed(connection: sqlite3.Connection, states: list[FileState]) -> bool:
    """Whether a registry file (anything but an article) was added, removed or edited."""
    from xining import loader

    cached = {r[0]: r[1:] for r in connection.execute("SELECT name, size, mtime_ns, sha256 FROM files")}
    now = {s.name: s for s in states if not loader.is_article(s.name)}
    if {name for name in cached if not loader.is_article(name)} != set(now):
        return True
    for name, state in now.items():
        size, mtime_ns, digest = cached[name]
        if (size, mtime_ns) != (state.size, state.mtime_ns) and _digest(state) != digest:
            return True
    return False


def _digest(state: FileState) -> str:
    import hashlib  # only when a file changed: OpenSSL's start-up is not free

    return hashlib.sha256(state.path.read_bytes()).hexdigest()


def _fresh(connection: sqlite3.Connection, states: list[FileState]) -> bool:
    cached = {row[0]: (row[1], row[2]) for row in connection.execute("SELECT name, size, mtime_ns FROM files")}
    return cached == {s.name: (s.size, s.mtime_ns) for s in states}


def _rebuild(path: Path, location: Path, states: list[FileState]) -> sqlite3.Connection:
    """Build a new cache beside the old one and rename it into place."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        _build(connection, location, states, previous=None, database=temporary)
        connection.close()
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    return sqlite3.connect(path, timeout=30)


def _refresh(connection: sqlite3.Connection, location: Path, states: list[FileState]) -> None:
    """Bring an existing cache up to date in one transaction."""
    connection.execute("BEGIN IMMEDIATE")  # one writer at a time; readers keep the old state meanwhile
    try:
        if not _fresh(connection, states):  # another process may have refreshed it while we waited
            _build(connection, location, states, previous=connection)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


def _build(
    connection: sqlite3.Connection,
    location: Path,
    states: list[FileState],
    previous: sqlite3.Connection | None,
    database: str | None = None,
) -> None:
    """Compile the base into `connection`: in full, or only the articles that changed since `previous`.

    `database` is the file behind a new connection, which worker processes may write to directly.
    """
    from xining import loader

    cached: dict[str, tuple[int, int, str]] = {}
    if previous is not None:
        cached = {r[0]: r[1:] for r in previous.execute("SELECT name, size, mtime_ns, sha256 FROM files")}
    changed: list[FileState] = []
    digests: dict[str, str] = {}
    for state in states:
        old = cached.get(state.name)
        if old and (old[0], old[1]) == (state.size, state.mtime_ns):
            digests[state.name] = old[2]
            continue
        digests[state.name] = _digest(state)
        if not old or old[2] != digests[state.name]:
            changed.append(state)  # touched files whose content is the same are not read again
    removed = set(cached) - {state.name for state in states}
    registries = [state for state in states if not loader.is_article(state.name)]
    full = previous is None or any(not loader.is_article(name) for name in {s.name for s in changed} | removed)
    if full:
        # Every article depends on the registries (labels, units, publication dates): compile them all.
        if previous is not None:
            search_index.unindex_facts(connection, "1")
            connection.executescript("DELETE FROM facts; DELETE FROM files;")
        else:
            # A new file, renamed into place only once complete: no journal needed.
            fts = search_index.has_fts5(connection)
            search_schema = search_index.SCHEMA_FTS if fts else search_index.SCHEMA_SCAN
            connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA + search_schema)
            connection.execute("INSERT INTO meta VALUES ('search', ?)", ("fts5" if fts else "scan",))
        articles = [state for state in states if loader.is_article(state.name)]
    else:
        articles = changed
    known = None if full else Store(connection, location).registries()
    if previous is None:
        connection.commit()  # the schema, before any worker opens the file
    compiled = _compile(location, registries, articles, known, database if previous is None else None)
    for name in removed:
        search_index.unindex_facts(connection, "file = ?", (name,))
        connection.execute("DELETE FROM facts WHERE file = ?", (name,))
        connection.execute("DELETE FROM files WHERE name = ?", (name,))
    if full:
        _write_registries(connection, compiled.registries)
        folder = search_index.write_folding(connection)
        search_index.index_registries(connection, folder, loader.assemble(compiled.registries, []))
    else:
        folder = search_index.stored_folder(connection)
    if previous is not None:  # an update: the facts of the files compiled again are replaced
        for name in compiled.files:
            search_index.unindex_facts(connection, "file = ?", (name,))
            connection.execute("DELETE FROM facts WHERE file = ?", (name,))
    connection.executemany(INSERT_FACT, compiled.rows)
    if previous is None:  # a refresh runs in one transaction, on a cache whose indexes exist
        connection.executescript(INDEXES)
    fts = connection.execute("SELECT value FROM meta WHERE key = 'search'").fetchone()[0] == "fts5"
    search_index.index_facts(connection, folder, fts, *_files_condition(None if full else compiled.files))
    problems = _by_file(compiled.problems)
    connection.executemany(
        "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
        [
            (s.name, s.size, s.mtime_ns, digests[s.name], _problems_json(problems.get(s.name, [])))
            for s in states
            if full or s in changed
        ],
    )
    # Touched files whose content did not change: only their size and time are new.
    connection.executemany(
        "UPDATE files SET size = ?, mtime_ns = ? WHERE name = ?",
        [(s.size, s.mtime_ns, s.name) for s in states if not full and s not in changed],
    )
    connection.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [("format", FORMAT), ("xining", __version__), ("base", str(location.resolve()))],
    )
    if previous is None:
        connection.commit()


def _files_condition(files: list[str] | None) -> tuple[str, list[str]]:
    """A SQL condition on facts: of these files, or (None) of every file."""
    if files is None:
        return "1", []
    return f"file IN ({', '.join('?' * len(files))})", files


class Compiled(NamedTuple):
    registries: Any  # the loader's compiled registries (None from a worker)
    files: list[str]  # the article files compiled
    rows: list[tuple[Any, ...]]  # their facts, as rows of the facts table, unless already inserted
    problems: list[Problem]  # registry and article problems


# Below this many bytes of articles, starting worker processes costs more than it saves.
PARALLEL_BYTES = 2_000_000


def _compile(
    location: Path,
    registries: list[FileState],
    articles: list[FileState],
    known: FactBase | None = None,
    database: str | None = None,
) -> Compiled:
    """Parse and compile the registries (unless `known`) and the given articles, in parallel when there is much.

    Worker processes insert their facts into `database` themselves (SQLite lets one writer in at a
    time), so that a large base is not sent back through a pipe; without a file they return rows.
    """
    size = sum(state.size for state in articles)
    workers = min(os.cpu_count() or 1, 8)
    if size < PARALLEL_BYTES or workers < 2:
        return _compile_part(location, registries, articles, known)
    from concurrent.futures import ProcessPoolExecutor

    chunks = [articles[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        parts = list(
            pool.map(
                _compile_part,
                [location] * workers,
                [registries] * workers,
                chunks,
                [None] * workers,
                [database] * workers,
            )
        )
    own = _compile_part(location, registries, [])  # the registries, as model objects, for this process
    registry_names = {s.name for s in registries}
    return Compiled(
        own.registries,
        [name for part in parts for name in part.files],
        [row for part in parts for row in part.rows],
        own.problems + [p for part in parts for p in part.problems if p.file not in registry_names],
    )


def _compile_part(
    location: Path,
    registries: list[FileState],
    articles: list[FileState],
    known: FactBase | None = None,
    database: str | None = None,
) -> Compiled:
    from xining import loader

    problems: list[Problem] = []
    if known is not None:
        compiled = loader.registries_of(known)
    else:
        trees: dict[str, Any] = {}
        for state in registries:
            trees[state.name], found = loader.parse_file(location, state.path)
            problems += found
        compiled = loader.compile_registries(trees)
        problems += compiled.problems
    fact_base = loader.assemble(compiled, [])
    writer = sqlite3.connect(database, timeout=600) if database else None
    if writer is not None:
        writer.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    rows: list[tuple[Any, ...]] = []
    for index, state in enumerate(articles):
        tree, found = loader.parse_file(location, state.path)
        facts, compile_problems = loader.compile_article(compiled, state.name, tree)
        problems += found + compile_problems
        rows += [_fact_row(fact_base, state.name, fact) for fact in facts]
        if writer is not None and (len(rows) >= 5000 or index + 1 == len(articles)):
            with writer:
                writer.executemany(INSERT_FACT, rows)
            rows = []
    if writer is not None:
        writer.close()  # the parent compiles the registries itself: they are not sent back
        return Compiled(None, [state.name for state in articles], rows, problems)
    return Compiled(compiled, [state.name for state in articles], rows, problems)


def _by_file(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.file, []).append(problem)
    return grouped


def _problems_json(problems: list[Problem]) -> str:
    import json

    return json.dumps([{"file": p.file, "line": p.line, "message": p.message} for p in problems], ensure_ascii=False)


def _write_registries(connection: sqlite3.Connection, registries: Any) -> None:
    import json

    from xining.codec import encode

    for table in ("topics", "metrics", "sources"):
        connection.execute(f"DELETE FROM {table}")
    connection.executemany(
        "INSERT OR REPLACE INTO topics VALUES (?, ?, ?)",
        [(t.id, t.label.zh, t.label.en) for t in registries.topics.values()],
    )
    connection.executemany(
        "INSERT OR REPLACE INTO metrics VALUES (?, ?, ?)",
        [(m.id, m.topic, json.dumps(encode(m), ensure_ascii=False)) for m in registries.metrics.values()],
    )
    connection.executemany(
        "INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
        [
            (s.id, _day(s.published.last_day), json.dumps(encode(s), ensure_ascii=False))
            for s in registries.sources.values()
        ],
    )
    header = registries.header
    data = {
        "schema_version": header.get("schema_version"),
        "release": header.get("release") or "",
        "name": header.get("name") or "",
        "units": {k: encode(v) for k, v in registries.units.items()},
        "links": [encode(link) for link in registries.links],
    }
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('registries', ?)", (json.dumps(data, ensure_ascii=False),))


def _day(day: Any) -> str | None:
    return day.isoformat() if day else None


def _fact_row(base: FactBase, file: str, fact: Any) -> tuple[Any, ...]:
    import json

    from xining.model import Designation, Observation
    from xining.records import fact_record

    record = fact_record(base, fact)
    source = base.sources.get(fact.source)
    normalized = base.normalized(fact) if isinstance(fact, Observation) else None
    return (
        fact.id,
        file,
        fact.kind.value,
        base.topic_of(fact),
        getattr(fact, "metric", None),
        fact.source,
        fact.level.value if isinstance(fact, Designation) else None,
        fact.period.start.isoformat() if fact.period.start else None,
        fact.period.end.isoformat() if fact.period.end else None,
        _day(source.published.last_day) if source else None,
        float(normalized[0]) if normalized else None,
        json.dumps(record, ensure_ascii=False),
        getattr(fact, "figure", None),
        fact.period.spec,
    )

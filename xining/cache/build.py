"""Compiling a base into the cache's tables: in full, or only the articles that changed.

Every file is read once: the bytes that are hashed are the bytes that are parsed,
and the key recorded for a file (size, modification and change times in
nanoseconds, inode) is the key of exactly the version read. A file changed within
RACY_NS of being read could be changed again without its key changing (file
times have a granularity), so its key is recorded as unknown and the next call
compares its content again.

Large bases are compiled by worker processes, one per core, that insert their
facts into the new database themselves. Workers ignore Ctrl-C (the parent ends
them and reports once) and end themselves when their parent dies.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from xining import __version__
from xining.base.files import FileKey, Unreadable, is_article, read_file, stat_key
from xining.cache import search_index
from xining.cache.files import base_key
from xining.cache.rows import Refs, fact_row, stored_refs, write_registries
from xining.cache.schema import FORMAT, INDEXES, INSERT_FACT, SCHEMA
from xining.errors import Problem

if TYPE_CHECKING:
    from xining.base.loader import _Build
    from xining.base.model import FactBase

# Longer than the coarsest file-time granularity in common use (FAT's 2 seconds).
RACY_NS = 2_000_000_000
UNKNOWN_KEY = FileKey(-1, -1, -1, -1)
# Below this many bytes of articles, starting worker processes costs more than it saves.
PARALLEL_BYTES = 2_000_000


class FileRead(NamedTuple):
    """One file as read: its key, its SHA-256 and its problems (an unreadable file has no digest)."""

    name: str
    key: FileKey
    digest: str
    read_ns: int
    problems: list[Problem]

    def recorded_key(self) -> FileKey:
        if self.key.ctime_ns > self.read_ns - RACY_NS:
            return self.key._replace(mtime_ns=-1)  # never equal to a real key: compared again next time
        return self.key


def read_one(location: Path, path: Path) -> tuple[FileRead, bytes | None]:
    import hashlib  # only when a file is read: OpenSSL's start-up is not free

    name = path.relative_to(location).as_posix()
    read_ns = time.time_ns()
    try:
        data, key = read_file(path)
    except Unreadable as error:
        return FileRead(name, stat_key(path) or UNKNOWN_KEY, "", read_ns, [Problem(name, 0, str(error))]), None
    return FileRead(name, key, hashlib.sha256(data).hexdigest(), read_ns, []), data


# --- a full build -------------------------------------------------------------------------


def build_full(connection: sqlite3.Connection, location: Path, files: list[Path], database: str | None) -> None:
    """Compile every file into a new, empty database. `database` is its file, for worker processes."""
    from xining.base import loader, yamltext

    fts = search_index.has_fts5(connection)
    search_schema = search_index.SCHEMA_FTS if fts else search_index.SCHEMA_SCAN
    # A new file, renamed into place only once complete: no journal needed.
    # Incremental vacuum: the pages that merging the search index frees are given back at the end.
    connection.executescript(
        "PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
        + SCHEMA
        + search_schema
    )
    connection.execute("INSERT INTO meta VALUES ('search', ?)", ("fts5" if fts else "scan",))
    names = [path.relative_to(location).as_posix() for path in files]
    numbers = _file_numbers(connection, names)
    connection.commit()  # the schema and the files' numbers, before any worker opens the file
    registry_data: dict[str, bytes | None] = {}
    reads: list[FileRead] = []
    trees: dict[str, Any] = {}
    for name, path in zip(names, files, strict=True):
        if not is_article(name):
            read, data = read_one(location, path)
            reads.append(read)
            registry_data[name] = data
            trees[name], found = (None, []) if data is None else yamltext.parse_bytes(name, data)
            reads[-1].problems.extend(found)
    registries = loader.compile_registries(trees)
    folder = search_index.write_folding(connection)
    connection.commit()  # the folding too, which workers index with
    articles = [path for name, path in zip(names, files, strict=True) if is_article(name)]
    work = Work(registry_data, numbers, tuple(folder.table.items()), fts)
    article_reads, rows, indexed = _compile(location, registries, articles, work, database)
    problems = _by_file(registries.problems)
    reads = [read._replace(problems=read.problems + problems.pop(read.name, [])) for read in reads]
    if problems and reads:  # about no file read (none is expected): kept, never lost
        reads[0].problems.extend(p for found in problems.values() for p in found)
    write_registries(connection, registries)
    search_index.index_registries(connection, folder, loader.assemble(registries, []))
    connection.executemany(INSERT_FACT, rows)
    connection.executescript(INDEXES)
    if not indexed:
        search_index.index_facts(connection, folder, fts, "1", [])
    if fts:  # one b-tree per index rather than the segments of each batch: smaller, and faster to search
        for table in ("search_chars", "search_words"):
            connection.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    _write_files(connection, reads + article_reads)
    connection.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [("format", FORMAT), ("xining", __version__), ("base", base_key(location))],
    )
    write_verdict(connection)
    connection.commit()
    connection.executescript("PRAGMA incremental_vacuum;")  # stepped to the end: one step frees one page


# --- a refresh ------------------------------------------------------------------------------


def refresh(connection: sqlite3.Connection, location: Path, files: list[Path], names: list[str]) -> bool:
    """Bring a cache up to date in one transaction. False: a registry changed, so build in full instead."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        cached = {r[0]: (FileKey(*r[1:5]), r[5]) for r in connection.execute(
            "SELECT name, size, mtime_ns, inode, ctime_ns, sha256 FROM files")}  # fmt: skip
        now = dict(zip(names, files, strict=True))
        removed = set(cached) - set(now)
        if any(not is_article(name) for name in removed | (set(now) - set(cached))):
            connection.rollback()
            return False
        touched: list[FileRead] = []
        changed: list[tuple[FileRead, bytes | None]] = []
        for name, path in now.items():
            if name in cached and stat_key(path) == cached[name][0]:
                continue
            read, data = read_one(location, path)
            if name in cached and read.digest and read.digest == cached[name][1]:
                touched.append(read)  # the same content: only its key is new
            elif not is_article(name):
                connection.rollback()
                return False
            else:
                changed.append((read, data))
        reads: list[FileRead] = []
        numbers = _file_numbers(connection, [read.name for read, _ in changed])
        fts = connection.execute("SELECT value FROM meta WHERE key = 'search'").fetchone()[0] == "fts5"
        folder = search_index.stored_folder(connection) if removed or changed else None
        for name in removed | {read.name for read, _ in changed}:
            assert folder is not None
            search_index.unindex_facts(connection, folder, fts, "file = ?", (numbers[name],))
            connection.execute("DELETE FROM fact_rows WHERE file = ?", (numbers[name],))
        connection.executemany("DELETE FROM files WHERE name = ?", [(name,) for name in removed])
        if changed:  # a file touched but not changed needs no parsing, nor the registries decoded
            from xining.base import loader, yamltext
            from xining.cache.store import Store

            parsed = [
                (read, *((None, []) if data is None else yamltext.parse_bytes(read.name, data)))
                for read, data in changed
            ]
            registries = loader.registries_of(
                _registries_for(Store(connection, location), [tree for _, tree, _ in parsed])
            )
            known = loader.assemble(registries, [])
            refs = stored_refs(connection)
            for read, tree, found in parsed:
                facts, problems = loader.compile_article(registries, read.name, tree)
                number = numbers[read.name]
                connection.executemany(INSERT_FACT, [fact_row(known, refs, number, fact) for fact in facts])
                reads.append(read._replace(problems=read.problems + found + problems))
            changed_numbers = [numbers[read.name] for read, _ in changed]
            condition = f"file IN ({', '.join('?' * len(changed_numbers))})"
            assert folder is not None
            search_index.index_facts(connection, folder, fts, condition, changed_numbers)
        _write_files(connection, reads)
        connection.executemany(
            "UPDATE files SET size = ?, mtime_ns = ?, inode = ?, ctime_ns = ? WHERE name = ?",
            [(*read.recorded_key(), read.name) for read in touched],
        )
        if changed or removed:
            write_verdict(connection, [numbers[read.name] for read, _ in changed])
        connection.commit()
        return True
    except BaseException:
        connection.rollback()
        raise


def _registries_for(store: Any, trees: list[Any]) -> FactBase:
    """The registries with the metrics and sources that these articles name, decoded (on a large base,
    decoding them all costs more than compiling an article); all of them if one is not known, so that
    the problem can name the closest."""
    from xining.base import loader

    metrics, sources = set(), set()
    for tree in trees:
        named = loader.references(tree)
        metrics |= named[0]
        sources |= named[1]
    registries = store.registries(metrics, sources)
    if metrics <= set(registries.metrics) and sources <= set(registries.sources):
        return registries
    return store.registries()


# --- compiling articles, in worker processes when there is much ---------------------------


class Work(NamedTuple):
    """What a worker process is given to compile its share of the articles."""

    registry_data: dict[str, bytes | None]  # each registry file's bytes, parsed again by each worker
    numbers: dict[str, int]  # each file's number
    folding: tuple[tuple[str, str], ...]  # the search index's folding of traditional characters
    fts: bool


def _compile(
    location: Path, registries: _Build, articles: list[Path], work: Work, database: str | None
) -> tuple[list[FileRead], list[tuple[Any, ...]], bool]:
    """The articles compiled: (their reads, the rows left to insert, whether the search index holds them).

    Workers insert their rows and index them themselves: folding the text of 100,000 facts for the
    search index is then shared between cores too, and indexing it overlaps the other's parsing."""
    size = 0
    for path in articles:
        size += (stat_key(path) or UNKNOWN_KEY).size
    workers = min(os.cpu_count() or 1, 8)
    if size < PARALLEL_BYTES or workers < 2 or database is None:
        return (*_compile_part(location, registries, articles, work.numbers, None, None), False)
    import signal
    from concurrent.futures import ProcessPoolExecutor

    chunks = [articles[i::workers] for i in range(workers)]
    # Workers are forked with Ctrl-C blocked, so that one arriving before they ignore it cannot kill a
    # worker half-started (its pool would then hang); this process receives it once they exist.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
    pool = None
    global _FORKED_REGISTRIES
    _FORKED_REGISTRIES = registries  # a forked worker finds them compiled; another parses them again
    try:
        pool = ProcessPoolExecutor(workers, initializer=_worker_started, initargs=(os.getpid(),))
        results = pool.map(_compile_in_worker, [location] * workers, chunks, [work] * workers,
                           [database] * workers)  # fmt: skip
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C pending since is raised here
            mask = None
        parts = list(results)
    except BaseException:
        if pool is not None:
            _end_workers(pool)
        raise
    finally:
        _FORKED_REGISTRIES = None
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    pool.shutdown()
    return [read for part in parts for read in part], [], True


def _end_workers(pool: Any) -> None:
    """End every worker now rather than let it finish its chunk (Ctrl-C, or a worker that failed).

    ProcessPoolExecutor has no public way to do so before Python 3.14's terminate_workers. Each is
    waited for, so that none opens the temporary database again after it is deleted. Tasks not yet
    sent may fill the pipe to the ended workers, and the pool's manager thread would then wait at
    exit for the thread sending them: it is told not to wait, before the workers end.
    """
    call_queue = getattr(pool, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
    pool.shutdown(wait=False, cancel_futures=True)


def _worker_started(parent: int) -> None:
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends its workers

    def orphaned() -> None:  # a parent killed with -9 cannot end its workers: they notice and leave
        while os.getppid() == parent:  # the pid passed, not read here: the parent may be dead already
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=orphaned, daemon=True).start()


def _compile_in_worker(location: Path, articles: list[Path], work: Work, database: str) -> list[FileRead]:
    from xining.base import loader, yamltext

    registries = _FORKED_REGISTRIES
    if registries is None:
        data = work.registry_data
        trees = {name: None if data is None else yamltext.parse_bytes(name, data)[0] for name, data in data.items()}
        registries = loader.compile_registries(trees)
    reads, _ = _compile_part(location, registries, articles, work.numbers, database, work)
    return reads


# The registries the parent compiled, set while its workers start: a worker forked from it inherits
# them (on Linux, where the default start method is fork); one started afresh parses them again.
_FORKED_REGISTRIES: _Build | None = None


def _compile_part(
    location: Path,
    registries: _Build,
    articles: list[Path],
    numbers: dict[str, int],
    database: str | None,
    work: Work | None,
) -> tuple[list[FileRead], list[tuple[Any, ...]]]:
    """Compile articles into rows; with a database (and the work of a worker), insert and index them."""
    from xining.base import loader, yamltext

    known = loader.assemble(registries, [])
    refs = Refs.of(known)
    writer = sqlite3.connect(database, timeout=600, isolation_level=None) if database else None
    folder = search_index.Folder(work.folding) if work is not None else None
    reads: list[FileRead] = []
    rows: list[tuple[Any, ...]] = []
    texts: list[search_index.IndexTexts] = []
    # Compiling allocates millions of objects (nodes, trees, facts, rows) that form no cycles: the
    # cycle collector's passes over them cost a seventh of the work and free nothing (peak memory of
    # a worker at 100,000 observations: 60 MiB either way).
    collecting = gc.isenabled()
    gc.disable()
    try:
        if writer is not None:
            writer.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        for index, path in enumerate(articles):
            read, data = read_one(location, path)
            tree, found = (None, []) if data is None else yamltext.parse_bytes(read.name, data)
            facts, problems = loader.compile_article(registries, read.name, tree)
            reads.append(read._replace(problems=read.problems + found + problems))
            number = numbers[read.name]
            rows += [fact_row(known, refs, number, fact) for fact in facts]
            if folder is not None:
                texts += [search_index.IndexTexts.of(fact) for fact in facts]
            if writer is not None and (len(rows) >= 5000 or index + 1 == len(articles)):
                assert work is not None and folder is not None
                _insert_and_index(writer, rows, texts, folder, work.fts)
                rows, texts = [], []
    finally:
        if collecting:
            gc.enable()
        if writer is not None:
            writer.close()
    return reads, rows


def _insert_and_index(
    writer: sqlite3.Connection,
    rows: list[tuple[Any, ...]],
    texts: list[Any],
    folder: search_index.Folder,
    fts: bool,
) -> None:
    """Insert a worker's rows and their search index rows, folded before the write lock is taken.

    The rows of one transaction take the row numbers after the largest (SQLite's rule, and nothing
    else writes meanwhile), which the index rows are given in the same order."""
    pairs = [search_index.fact_index_rows(folder, fts, 0, text) for text in texts]
    writer.execute("BEGIN IMMEDIATE")  # a failure leaves it open: the unfinished file is deleted anyway
    first = writer.execute("SELECT coalesce(max(rowid), 0) + 1 FROM fact_rows").fetchone()[0]
    writer.executemany(INSERT_FACT, rows)
    chars = [(first + n, *row[1:]) for n, (row, _) in enumerate(pairs)]
    words = [(first + n, *row[1:]) for n, (_, row) in enumerate(pairs)]
    search_index.insert_index_rows(writer, chars, words)
    writer.execute("COMMIT")


# --- writing ----------------------------------------------------------------------------------


def _by_file(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.file, []).append(problem)
    return grouped


def problems_json(problems: list[Problem]) -> str:
    import json

    return json.dumps([[p.file, p.line, p.message] for p in problems], ensure_ascii=False)


def _write_files(connection: sqlite3.Connection, reads: list[FileRead]) -> None:
    """Record each file as read; a file keeps its number, which its facts refer to."""
    connection.executemany(
        "INSERT INTO files (name, size, mtime_ns, inode, ctime_ns, sha256, problems) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,"
        " inode = excluded.inode, ctime_ns = excluded.ctime_ns, sha256 = excluded.sha256, problems = excluded.problems",
        [(read.name, *read.recorded_key(), read.digest, problems_json(read.problems)) for read in reads],
    )


def _file_numbers(connection: sqlite3.Connection, names: Iterable[str]) -> dict[str, int]:
    """The number of each file, given to those not yet recorded."""
    connection.executemany("INSERT OR IGNORE INTO files (name) VALUES (?)", [(name,) for name in names])
    return dict(connection.execute("SELECT name, no FROM files"))


def write_verdict(connection: sqlite3.Connection, changed: Sequence[int] | None = None) -> None:
    """Run the checks that span files over what the tables hold, and keep their verdict.

    After a full build (`changed` None) every id is looked at once for duplicates. After a refresh
    only the ids that can be duplicates are: those of the files `changed` (their numbers) and those
    that were duplicates before; ids are looked up one by one for the relations. Derived facts are
    few and all checked again, each against its inputs, with the units and relations decoded (no
    metric or source is needed).
    """
    import json

    from xining.base.checks import Placed, check_across
    from xining.base.model import Observation, Origin
    from xining.cache.records import fact_from_record
    from xining.cache.store import Store

    def decoded(row: tuple[Any, ...]) -> Any:
        record, figure, spec, file, line, origin = row
        fact = fact_from_record(json.loads(record), figure, spec)
        fields = tuple((key, value) for key, value in json.loads(origin or "[]"))
        return fact._replace(origin=Origin(file, line, fields))

    if changed is None:
        candidates = [row[0] for row in connection.execute(DUPLICATE_IDS)]
    else:
        before = connection.execute("SELECT value FROM meta WHERE key = 'duplicates'").fetchone()
        now = _in_rows(connection, "SELECT DISTINCT id FROM fact_rows WHERE file IN ({})", changed)
        candidates = sorted({*json.loads(before[0] if before else "[]"), *(row[0] for row in now)})
    rows = _in_rows(connection, PLACES, candidates)
    placed = [Placed(fact_id, file, line) for _, fact_id, file, line in sorted(rows)]
    counts = Counter(place.id for place in placed)
    duplicates = sorted(fact_id for fact_id, count in counts.items() if count > 1)
    columns = "record, figure, spec, file, line, origin"
    derived = [decoded(row) for row in connection.execute(f"SELECT {columns} FROM facts WHERE origin IS NOT NULL")]
    wanted = sorted({i for fact in derived for i in fact.derived.inputs} - {fact.id for fact in derived})
    inputs = [decoded(row) for row in _in_rows(connection, f"SELECT {columns} FROM facts WHERE id IN ({{}})", wanted)]
    registries = Store(connection, Path()).registries(metrics=(), sources=())
    base = registries._replace(facts=tuple(derived + inputs))
    observations = [f for f in derived if isinstance(f, Observation)]
    problems = check_across(placed, observations, base, StoredIds(connection))
    connection.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [("problems", problems_json(problems)), ("duplicates", json.dumps(duplicates))],
    )


# Ids declared more than once, and where each id of a list is declared (in the order of the rows).
DUPLICATE_IDS = "SELECT id FROM fact_rows GROUP BY id HAVING count(*) > 1"
PLACES = "SELECT f.rowid, f.id, files.name, f.line FROM fact_rows f JOIN files ON files.no = f.file WHERE f.id IN ({})"


def _in_rows(connection: sqlite3.Connection, query: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of a query with `IN ({})`, for any number of values (SQLite limits a statement's)."""
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        found += connection.execute(query.format(", ".join("?" * len(part))), part)
    return found


class StoredIds(Collection[str]):
    """The fact ids of the cache, looked up one by one; listed in full only to suggest a closest one."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __contains__(self, fact_id: object) -> bool:
        query = "SELECT 1 FROM fact_rows WHERE id = ? LIMIT 1"
        return self.connection.execute(query, (fact_id,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.connection.execute("SELECT DISTINCT id FROM fact_rows ORDER BY id"))

    def __len__(self) -> int:
        return int(self.connection.execute("SELECT count(DISTINCT id) FROM fact_rows").fetchone()[0])

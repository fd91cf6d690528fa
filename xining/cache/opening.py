"""Opening the compiled base: the one door every command goes through.

`open_store` sits above both the reader (`xining.cache.store`) and the builder
(`xining.cache.build`): it checks that the cache is this base's and fresh, and
builds or refreshes it when it is not. Each YAML file is keyed on its size,
times and inode, then its SHA-256 when any of those changed; editing one
article re-parses that article only. Editing a registry (units, topics,
metrics, sources, relations, the header) rebuilds the whole cache, since every
record carries labels, units and dates from the registries. One process builds
at a time (`xining.cache.files.build_lock`); the others wait, then read what it
built. A full build is written to a temporary file and renamed into place; an
incremental one is a single SQLite transaction. Either way a reader sees the
old or the new base, whole.

A cache is never trusted beyond what it can show: one that is foreign, of
another format, changed by anything but xining, or that fails while being
read (any SQLite error, any row that does not decode) is rebuilt once, and
if that fails too the base is read into memory. A cache folder that cannot
be written is no reason to fail either: the answer then comes from memory.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path

from xining import __version__
from xining.base.files import list_base, resolve_base, stat_key
from xining.cache import files as cachefiles
from xining.cache.files import base_key, cache_path, connect, stamp_matches
from xining.cache.schema import FACT_COLUMNS, FORMAT
from xining.cache.store import Store, refuse


def open_store(base: str | Path | None = None, use_cache: bool = True) -> Store:
    """The compiled form of the base, built or refreshed as needed."""
    location = resolve_base(base)
    listing = list_base(location)
    if listing.problems:
        refuse(listing.problems)
    if not use_cache:
        return _in_memory(location, listing.files)
    path = cache_path(location)
    connection = _open_trusted(path, location)
    if connection is not None and _fresh(connection, location, listing.files, listing.names):
        return _checked(connection, location)
    if connection is not None:
        connection.close()
    try:
        connection = _update(path, location, listing.files, listing.names)
    except (OSError, sqlite3.Error):
        # The cache folder cannot be written (read-only, full, not a folder): answer anyway.
        connection = None
    if connection is None:
        return _in_memory(location, listing.files)
    return _checked(connection, location)


def _in_memory(location: Path, files: list[Path]) -> Store:
    from xining.cache import build  # imported only when a build is needed: a warm call never parses YAML

    connection = sqlite3.connect(":memory:")
    try:
        build.build_full(connection, location, files, database=None)
    except BaseException:
        connection.close()
        raise
    return _checked(connection, location, in_memory=True)


def _checked(connection: sqlite3.Connection, location: Path, in_memory: bool = False) -> Store:
    """The store, unless the base has problems: then one line naming the first."""
    store = Store(connection, location, in_memory, healer=heal)
    try:
        problems = store.problems()
    except BaseException:
        store.close()
        raise
    if problems:
        store.close()
        refuse(problems)
    return store


def heal(store: Store) -> None:
    """Give a store whose cache failed while being read a sound one: rebuilt once, then read into memory."""
    store.db.close()
    path = cache_path(store.location)
    files = list_base(store.location).files
    try:
        if not store.rebuilt:
            store.rebuilt = True
            with cachefiles.build_lock(path) as locked:
                if locked:
                    cachefiles.remove(path)
                    store.db = _rebuild(path, store.location, files)
                    return
    except (OSError, sqlite3.Error):
        pass
    from xining.cache import build

    store.db = sqlite3.connect(":memory:")
    store.in_memory = True
    build.build_full(store.db, store.location, files, database=None)


# --- the cache file -------------------------------------------------------------------------


def _open_trusted(path: Path, location: Path) -> sqlite3.Connection | None:
    """The cache, if it is this base's, of this format and version, and as xining left it."""
    if not stamp_matches(path):
        return None
    connection = None
    try:
        connection = connect(path)
        expected = {"format": FORMAT, "xining": __version__, "base": base_key(location)}
        # only these keys: others hold the registries and the index of names, read where they are used
        meta = dict(connection.execute(f"SELECT key, value FROM meta WHERE key IN {tuple(expected)}"))
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
        from xining.cache import build

        read, _ = build.read_one(location, path)
        if read.digest != digest or read.recorded_key().mtime_ns != -1:
            return False  # changed; or no longer recent, so its real key is recorded
    return True


def _update(path: Path, location: Path, files: list[Path], names: list[str]) -> sqlite3.Connection | None:
    """With the build lock: the cache brought up to date (or None if another process kept the lock too long)."""
    from xining.cache import build

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
    from xining.cache import build

    temporary = cachefiles.temporary_path(path)
    try:
        connection = sqlite3.connect(temporary)
        try:
            build.build_full(connection, location, files, database=str(temporary))
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    cachefiles.write_stamp(path)
    return connect(path)

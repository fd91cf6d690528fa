"""Where the compiled cache of a base lives, and how its files are trusted, locked and replaced.

Beside `<name>.sqlite` lie `<name>.sqlite.stamp`, the size, times and inode of the
database as its last writer left it, and `<name>.sqlite.lock`, held by the one
process that builds or refreshes it. A database that no longer matches its stamp
was changed by something other than xining (a damaged disk, another program, a
writer killed mid-way) and is rebuilt rather than trusted: SQLite itself does not
notice a changed byte inside a text value.
"""

from __future__ import annotations

import os
import sqlite3
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from xining.base.files import FileKey, stat_key

CACHE_ENV = "XINING_CACHE_DIR"
# How long a process waits for another to finish building before it answers from memory.
LOCK_WAIT_SECONDS = 300.0


def cache_dir() -> Path:
    """$XINING_CACHE_DIR, else $XDG_CACHE_HOME/xining, else ~/.cache/xining."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "xining"


def base_key(location: Path) -> str:
    """The base's absolute path as the cache records it: as text, whatever bytes the folder names are."""
    return os.fsencode(location.resolve()).decode("utf-8", "backslashreplace")


def cache_path(location: Path) -> Path:
    """The cache file of one base, named from its absolute path (crc32 twice: no OpenSSL at start-up)."""
    key = os.fsencode(location.resolve())  # the path's bytes: a folder name need not be UTF-8
    return cache_dir() / f"{zlib.crc32(key):08x}{zlib.crc32(key[::-1]):08x}.sqlite"


def connect(path: Path | str) -> sqlite3.Connection:
    # A writer holds SQLite's lock for one short transaction; a reader waits that long at most.
    return sqlite3.connect(path, timeout=30)


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".stamp")


def write_stamp(path: Path) -> None:
    """Record the database as this process leaves it. Called with the build lock held."""
    key = stat_key(path)
    if key is None:
        return
    temporary = temporary_path(path, ".stamp")
    try:
        temporary.write_text(" ".join(map(str, key)), encoding="ascii")
        os.replace(temporary, _stamp(path))
    except BaseException:  # (a stamp that is a folder): no stamp, so the cache is rebuilt; nothing left behind
        with suppress(OSError):
            temporary.unlink()
        raise


def stamp_matches(path: Path) -> bool:
    """Whether the database is exactly as the last xining that wrote it left it."""
    try:
        recorded = FileKey(*map(int, _stamp(path).read_text(encoding="ascii").split()))
    except (OSError, ValueError, TypeError):
        return False
    return recorded == stat_key(path)


@contextmanager
def build_lock(path: Path) -> Iterator[bool]:
    """Hold the lock of one cache: yields False when another process kept it too long.

    An flock(2) on a file beside the cache: the kernel releases the lock of a process
    that dies, so a killed build never leaves the cache locked. (The filelock library
    does the same on Unix but costs 40 ms to import, paid by every waiting process.)
    Where there is no fcntl (Windows), processes build side by side: each renames a
    complete file into place, so the cache is right, only built more than once.
    """
    try:
        import fcntl
    except ImportError:
        yield True
        return
    with open(str(path) + ".lock", "a+b") as handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        pause = 0.005
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def temporary_path(path: Path, suffix: str = "") -> Path:
    """A new file name beside `path` that `remove_stale` recognises."""
    return path.with_name(f"{path.name}{suffix}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def remove_stale(path: Path) -> None:
    """Delete what killed builds left behind. Called with the build lock held, so none is in use."""
    for leftover in path.parent.glob(f"{path.name}*.tmp"):
        with suppress(OSError):
            leftover.unlink()


def distrust(path: Path) -> None:
    """Make the next xining rebuild the cache: its stamp no longer vouches for it. (No lock is needed:
    removing one file is atomic, and a cache without a stamp is rebuilt under the lock.)"""
    with suppress(OSError):
        _stamp(path).unlink()


def remove(path: Path) -> None:
    """Delete a cache that cannot be trusted. Called with the build lock held."""
    for name in (path, _stamp(path), path.with_name(path.name + "-journal")):
        with suppress(OSError):
            name.unlink()

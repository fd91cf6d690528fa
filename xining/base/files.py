"""Where a fact base is, which files it has, and how each is read. No YAML here: the warm path imports this."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from xining.errors import EXIT_PROBLEMS, Problem, XiningError

SCHEMA_VERSION = 1
BASE_ENV = "XINING_BASE"
ARTICLES = "articles"


def is_article(name: str) -> bool:
    """Whether a file of the base (named relative to it) is an article rather than a registry."""
    return name.startswith(f"{ARTICLES}/")


REGISTRY_FILES = ("base.yaml", "units.yaml", "topics.yaml", "metrics.yaml", "sources.yaml")
OPTIONAL_FILES = ("relations.yaml",)
# No real file comes near this (the largest generated article of a 100,000-observation base is
# under 1 MiB); the limit keeps a mistaken file (a log, a disk image) from filling memory.
MAX_FILE_BYTES = 16 * 1024 * 1024
READ_ATTEMPTS = 3


def bundled_base() -> Path:
    """The fact base that ships with xining (inside the wheel, or beside the package in a checkout)."""
    package = Path(__file__).resolve().parent.parent  # xining/, two levels above xining/base/files.py
    for candidate in (package / "facts", package.parent / "facts"):
        if (candidate / "base.yaml").is_file():
            return candidate
    raise XiningError("no fact base found: the installation is incomplete; pass --base DIR", EXIT_PROBLEMS)


def resolve_base(path: str | Path | None) -> Path:
    """The base directory to use: --base, then $XINING_BASE, then the bundled one."""
    chosen = path or os.environ.get(BASE_ENV)
    if not chosen:
        return bundled_base()
    base = Path(chosen)
    if not (base / "base.yaml").exists():
        raise XiningError(f"--base {chosen}: not a fact base (no base.yaml in it)")
    return base


class Listing(NamedTuple):
    """The files of a base, registries first and articles in name order, and what could not be listed.

    `names` are the files' names relative to the base (`articles/x.yaml`), in the same order: what
    the cache keys them by, without a Path operation per file on every call.
    """

    files: list[Path]
    problems: list[Problem]
    names: list[str]


def list_base(base: Path) -> Listing:
    """Every YAML file of the base. A missing registry or an unreadable articles folder is a problem."""
    names: list[str] = []
    problems: list[Problem] = []
    folder = str(base)
    for name in REGISTRY_FILES:
        if os.path.lexists(os.path.join(folder, name)):
            names.append(name)
        else:
            problems.append(Problem(name, 0, "missing: every fact base has this file"))
    names.extend(name for name in OPTIONAL_FILES if os.path.lexists(os.path.join(folder, name)))
    try:
        with os.scandir(os.path.join(folder, ARTICLES)) as entries:
            found = sorted(entry.name for entry in entries if entry.name.endswith(".yaml"))
        names.extend(f"{ARTICLES}/{name}" for name in found)
    except FileNotFoundError:
        pass  # a base without articles has no facts, which is not an error
    except OSError as error:
        problems.append(Problem(f"{ARTICLES}/", 0, f"cannot list this folder: {reason(error)}"))
    return Listing([base / name for name in names], problems, names)


class FileKey(NamedTuple):
    """What identifies one version of a file without reading it: an edit changes at least the ctime."""

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int


def key_of(status: os.stat_result) -> FileKey:
    return FileKey(status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)


def stat_key(path: Path | str) -> FileKey | None:
    """The key of a file as it is now, or None when it cannot even be looked at."""
    try:
        return key_of(os.stat(path))
    except OSError:
        return None


class Unreadable(Exception):
    """A file of the base that cannot be read as it is: the message says why, in a few words."""


def read_file(path: Path) -> tuple[bytes, FileKey]:
    """The bytes of a regular file and the key of exactly the version read.

    Only regular files are read (a FIFO would hang, a symlink to /dev/zero would
    never end), up to MAX_FILE_BYTES. A file that changes while it is read is read
    again; after READ_ATTEMPTS it is Unreadable rather than half-read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(READ_ATTEMPTS):
        try:
            descriptor = os.open(path, flags)
        except OSError as error:
            raise Unreadable(f"cannot be read: {reason(error)}") from None
        try:
            before = os.fstat(descriptor)
            if not stat.S_ISREG(before.st_mode):
                raise Unreadable("not a regular file; a base holds only regular files")
            data = read_to_end_or_past(descriptor, MAX_FILE_BYTES)
            after = os.fstat(descriptor)
        except OSError as error:
            raise Unreadable(f"cannot be read: {reason(error)}") from None
        finally:
            os.close(descriptor)
        if len(data) > MAX_FILE_BYTES:
            raise Unreadable(f"larger than {MAX_FILE_BYTES // 2**20} MiB, the limit for one file")
        if key_of(before) == key_of(after) and len(data) == after.st_size:
            return data, key_of(after)
    raise Unreadable(f"changed while being read, {READ_ATTEMPTS} times in a row; try again when the edit is done")


class NotRegular(Exception):
    """A path that is not a regular file (a folder, a FIFO, a device)."""


def read_regular(path: Path | str, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file, opened without blocking: a FIFO would hang, a device
    never end. Raises OSError, or NotRegular for anything but a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegular(str(path))
        return read_to_end_or_past(descriptor, limit)
    finally:
        os.close(descriptor)


def read_to_end_or_past(descriptor: int, limit: int) -> bytes:
    """An open file's bytes to its end, or, once more than `limit` have come, what has been read so far:
    the caller tells a file over the limit by the length, and a huge one is never read whole."""
    chunks = []
    total = 0
    while total <= limit:
        chunk = os.read(descriptor, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def reason(error: OSError) -> str:
    """An OSError in a few lower-case words: 'permission denied', 'is a directory'."""
    text = error.strerror or type(error).__name__
    return text[:1].lower() + text[1:]

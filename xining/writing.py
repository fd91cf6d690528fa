"""Writing a file or a folder where a person asked for it: whole or not at all, and never over
something nobody asked to replace.

Everything is written under a short temporary name beside its final one, `.xining-PID-TOKEN.N.tmp`:
short, so that any name the file system allows for OUT leaves room for it; beside, so that putting it
in place is a rename within one file system; with the writer's pid, so that a later run can tell the
leftovers of a killed writer (its pid no longer running) from the work of a live one and remove them.
Files are created with the modes the umask gives (0666 and 0777 before it, as any program's), synced,
then put in place by a rename that cannot replace: `renameat2(RENAME_NOREPLACE)` where the kernel and
the file system have it, else a hard link and an unlink (a folder: a rename that fails on anything but
an empty folder). So the promise "not replaced without --force" holds at the moment of the rename,
not only when the command starts: a file that appeared meanwhile is kept, and named in the error.

A failure of the file system (a full disk, a file size limit, a read-only folder, a name too long)
is one line naming OUT and the system's reason; the temporary files are removed on every exit,
including SIGTERM and SIGHUP.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from xining.errors import EXIT_PROBLEMS, XiningError

TEMPORARY = re.compile(r"\.xining-(\d+)-[0-9a-f]{8}\.")  # what `temporary_names` makes, and all that follows it
STALE_PREFIX = ".xining-"


def temporary_names(folder: Path, count: int, suffix: str = "tmp") -> tuple[Path, ...]:
    """`count` new names beside each other in `folder`, recognisable by `remove_stale`."""
    token = f"{os.getpid()}-{os.urandom(4).hex()}"
    return tuple(folder / f".xining-{token}.{number}.{suffix}" for number in range(count))


def alive(pid: int) -> bool:
    """Whether a process of this pid runs (on this machine: a pid from another is taken as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user
        return True
    return True


def remove_stale(folder: Path) -> None:
    """Remove what killed writers left in `folder`: temporary files and folders whose pid no longer runs."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = TEMPORARY.match(entry.name)
        if match is None or alive(int(match[1])):
            continue
        with suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)


# --- putting in place ---------------------------------------------------------------------------

RENAME_NOREPLACE = 1
AT_FDCWD = -100


def _renameat2() -> Callable[..., int] | None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):  # not Linux, or a C library older than glibc 2.28
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def rename_no_replace(source: Path, target: Path) -> None:
    """Rename `source` to `target`; FileExistsError if `target` exists, whatever appears there meanwhile."""
    renameat2 = _renameat2()
    if renameat2 is not None:
        import ctypes

        if renameat2(AT_FDCWD, os.fsencode(source), AT_FDCWD, os.fsencode(target), RENAME_NOREPLACE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # else the file system lacks it: fall back
            raise OSError(code, os.strerror(code), str(target))
    if source.is_dir():
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
        os.rename(source, target)  # only an empty folder made in the last instant could be replaced
        return
    os.link(source, target)  # fails with EEXIST whatever exists at target
    os.unlink(source)


def sync(path: Path) -> None:
    """Flush a file, or a folder's entries, to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno != errno.EINVAL:  # a file system that cannot sync folders
            raise
    finally:
        os.close(descriptor)


def _place(temporary: Path, final: Path, force: bool) -> None:
    if force:
        os.replace(temporary, final)
        return
    try:
        rename_no_replace(temporary, final)
    except FileExistsError:
        raise XiningError(f"{final}: already exists; add --force to replace it", EXIT_PROBLEMS) from None


# --- why a write failed ------------------------------------------------------------------------------


def failure_reason(error: BaseException) -> str | None:
    """The system's reason when `error` is a failure of the file system, however a library wrapped it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError):
            return current.strerror or str(current)
        name = getattr(current, "sqlite_errorname", None)  # sqlite3 (3.11+): the code names the cause
        if name is None and type(current).__module__ == "sqlite3":  # Python 3.10: only SQLite's message
            name = SQLITE_MESSAGES.get(str(current))
        if name == "SQLITE_FULL":
            return os.strerror(errno.ENOSPC)
        if name is not None and name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY")):
            return str(current)
        current = current.__cause__ or current.__context__
    return None


# What SQLite says for each code that means the file system failed (sqlite3_errstr), for Pythons whose
# sqlite3 errors carry no code name (3.10).
SQLITE_MESSAGES = {
    "database or disk is full": "SQLITE_FULL",
    "disk I/O error": "SQLITE_IOERR",
    "unable to open database file": "SQLITE_CANTOPEN",
    "attempt to write a readonly database": "SQLITE_READONLY",
}


@contextmanager
def failures_named(out: Path) -> Iterator[None]:
    """A failure of the file system inside the block becomes one line naming OUT."""
    try:
        yield
    except XiningError:
        raise
    except Exception as error:
        reason = failure_reason(error)
        if reason is None:
            raise
        raise XiningError(f"{out}: {reason}", EXIT_PROBLEMS) from None


class Interrupted(BaseException):
    """SIGTERM or SIGHUP while writing: unwinds like Ctrl-C, so that the temporary files are removed."""


@contextmanager
def ending_cleanly() -> Iterator[None]:
    """SIGTERM and SIGHUP end the block with KeyboardInterrupt (exit 130) instead of killing the process
    where it stands, so that `finally` clauses run. Only the main thread can take signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# --- files and folders -------------------------------------------------------------------------------


@contextmanager
def new_files(finals: tuple[Path, ...], force: bool) -> Iterator[tuple[Path, ...]]:
    """An empty temporary file beside the first final path for each final path; when the block completes,
    each is synced and put in place (the first first), replacing nothing unless `force`. On any failure
    nothing is left: neither the temporary files nor a final file this call had already put in place."""
    out = finals[0]
    remove_stale(out.parent)
    temporaries = temporary_names(out.parent, len(finals))
    placed: list[Path] = []
    with failures_named(out), ending_cleanly():
        try:
            for temporary in temporaries:
                os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            yield temporaries
            for temporary in temporaries:
                sync(temporary)
            for temporary, final in zip(temporaries, finals, strict=True):
                _place(temporary, final, force)
                placed.append(final)
            sync(out.parent)
        except BaseException:
            for final in placed:
                with suppress(OSError):
                    final.unlink()
            raise
        finally:
            for temporary in temporaries:
                for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
                    with suppress(OSError):
                        leftover.unlink()


Manifest = Callable[[Path], frozenset[str] | None]  # the names an earlier export wrote into a folder, or None


@contextmanager
def new_folder(out: Path, force: bool, manifest: str, listed: Manifest) -> Iterator[Path]:
    """An empty temporary folder beside OUT, put in place when the block completes. With `force`, OUT may be
    replaced only when it is a folder an earlier export wrote: its `manifest` file lists (through `listed`)
    every name in it. A name it does not list (a file of the user's) is never deleted: the export is
    refused with its name, checked before writing and again once OUT has been moved aside."""
    with failures_named(out):
        _replaceable(out, force, manifest, listed)
    remove_stale(out.parent)
    temporary, aside = temporary_names(out.parent, 2)
    with failures_named(out), ending_cleanly():
        try:
            os.mkdir(temporary, 0o777)
            yield temporary
            for entry in temporary.iterdir():
                sync(entry)
            sync(temporary)
            if force and os.path.lexists(out):
                os.rename(out, aside)
                try:
                    _replaceable(aside, force, manifest, listed, shown=out)
                except XiningError:
                    rename_no_replace(aside, out)  # a file of the user's arrived meanwhile: put it all back
                    raise
            _place(temporary, out, force=False)
            sync(out.parent)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
            shutil.rmtree(aside, ignore_errors=True)


def _replaceable(out: Path, force: bool, manifest: str, listed: Manifest, shown: Path | None = None) -> None:
    shown = shown or out
    if not os.path.lexists(out):
        return
    if not force:
        raise XiningError(f"{shown}: already exists; add --force to replace it", EXIT_PROBLEMS)
    if out.is_symlink() or not out.is_dir():
        raise XiningError(f"{shown}: is a file; give a folder name", EXIT_PROBLEMS)
    names = set(os.listdir(out))
    if not names:
        return
    written = listed(out)
    if written is None:
        raise XiningError(f"{shown}: a folder that holds no {manifest}; not replacing it, even with --force",
                          EXIT_PROBLEMS)  # fmt: skip
    others = sorted(names - written)
    if others:
        raise XiningError(
            f"{shown}: holds '{others[0]}', which no earlier export wrote; not replacing it, even with --force",
            EXIT_PROBLEMS,
        )

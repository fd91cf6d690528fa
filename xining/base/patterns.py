"""Regular expressions compiled once per interpreter, not once per process.

Python's `re` compiles a pattern in Python code, anew in every process, and a
pattern with Chinese in it is slow to compile (a class of a dozen Chinese
characters takes half a millisecond: `re` builds a bitmap of 65,536 characters
for it). The ~120 patterns that read a draft cost `xining check` about 60 ms
before it reads a word, a third of its own time on the shipped base.

So the compiled form is kept the way the interpreter keeps bytecode: in
`__pycache__` beside this module (or under `sys.pycache_prefix`), in a file named
for the interpreter that made it, written only where bytecode would be written
(not under PYTHONDONTWRITEBYTECODE, nor into a folder that cannot be written: there
a pattern costs what `re.compile` costs, no more). Each entry is the instruction
list `re` itself produced for the pattern: a pattern is compiled with
`re.compile` first, and its instructions are kept only when rebuilding the
pattern from them gives a pattern equal to it (CPython compares the
instructions). Anything but a regular file of a bounded size, and a damaged
(CRC-32), foreign or wrongly shaped file, gives nothing and, when the process
compiled what it lacked, is replaced; every failure to read or write it costs
speed, never an answer. Entries no process asks for any more (a pattern since
edited) are dropped once they outnumber the others. The file is trusted as the
bytecode beside it is: whoever can write one can write the other. Like the
bytecode of a package pip did not compile, it is not in the package's RECORD:
`pip uninstall` leaves it in `__pycache__`.
"""

from __future__ import annotations

import os
import re
import sys
import zlib
from array import array
from contextlib import suppress
from pathlib import Path

from xining.base.files import NotRegular, read_regular

try:  # the interpreter's own compiler, whose output is kept; where it differs, patterns are compiled as usual
    import _sre

    if sys.version_info >= (3, 11):
        from re import _compiler, _parser
    else:  # pragma: no cover - Python 3.10
        import sre_compile as _compiler
        import sre_parse as _parser
except ImportError:  # pragma: no cover - an interpreter without CPython's regular expression engine
    _sre = None

MAGIC = b"xining-patterns 1\n"
MOST_BYTES = 16 << 20  # a file larger than this was not written here (120 entries take 128 kB)
# flags, groups, names, names by index, code: an array, made a list only for a pattern a process asks for
_Entry = tuple[int, int, dict[str, int], tuple[str | None, ...], "array[int]"]

_loaded: dict[tuple[str, int], _Entry] | None = None  # what the file held, read at the first pattern
_used: dict[tuple[str, int], _Entry] = {}  # the kept entries this process used
_compiled: dict[tuple[str, int], re.Pattern[str]] = {}  # the patterns it compiled, their entries made by keep()
_ready: dict[tuple[str, int], re.Pattern[str]] = {}  # every pattern this process has, as `re` caches its own


def compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, from the kept instructions where this interpreter made them before."""
    global _loaded
    flags = int(flags)
    if _loaded is None:
        _loaded = _read(_file())
    key = (source, flags)
    if (made := _ready.get(key)) is not None:
        return made
    entry = _loaded.get(key)
    if entry is not None and _sre is not None:
        try:
            pattern = _rebuilt(source, entry)
        except Exception:  # instructions this interpreter refuses: compiled anew below
            pass
        else:
            _used[key] = entry
            _ready[key] = pattern
            return pattern
    pattern = re.compile(source, flags)
    _compiled[key] = _ready[key] = pattern
    return pattern


def keep() -> None:
    """Write what this process compiled to the file, for the next process: nothing when all came from it,
    or where bytecode is not written (then no time is spent making the entries)."""
    if not _compiled or sys.dont_write_bytecode or _loaded is None:
        return  # (most calls: before working out where the file is)
    path = _file()
    if path is None:
        return
    try:
        if not os.access(path.parent if path.parent.is_dir() else path.parent.parent, os.W_OK):
            return  # a read-only install: the next process compiles, as this one did
    except (OSError, ValueError):  # a name too long, a folder that cannot be searched: as read-only
        return
    import json

    made = {key: entry for key, pattern in _compiled.items() if (entry := _instructions(*key, pattern)) is not None}
    used = {**_used, **made}
    unused = {key: entry for key, entry in _loaded.items() if key not in used}
    # entries no process asks for any more (a pattern since edited) are dropped once they outnumber the rest
    entries = {**unused, **used} if len(unused) <= len(used) else used
    index = []
    code = array("I")
    for (source, flags), (final, groups, names, by_index, instructions) in entries.items():
        index.append([source, flags, final, groups, names, list(by_index), len(code), len(instructions)])
        code.extend(instructions)
    # ASCII JSON: a pattern's lone surrogate (a class of unsafe characters) is written as its escape
    payload = json.dumps(index, ensure_ascii=True).encode("ascii") + b"\n" + code.tobytes()
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(MAGIC + f"{zlib.crc32(payload):08x}\n".encode("ascii") + payload)
        os.replace(temporary, path)  # whole or not at all; another process's file as good as this one
    except BaseException as error:  # nothing left beside the file, whatever ended the write (Ctrl-C too)
        with suppress(OSError):
            temporary.unlink()
        if isinstance(error, (OSError, ValueError)):  # a full disk, a size limit: the next process compiles
            return
        raise
    _used.update(made)  # a later keep() in this process writes them again
    _compiled.clear()


def _file() -> Path | None:
    """The file this interpreter keeps its patterns in, named like its bytecode (None: not CPython's `re`)."""
    if _sre is None or sys.implementation.cache_tag is None:
        return None
    spec = __spec__
    if spec is not None and spec.cached and spec.cached != spec.origin:  # where the import system put it
        bytecode = Path(spec.cached)
    else:  # a module run from its bytecode alone: where bytecode of its source would go, as before
        import importlib.util

        try:
            bytecode = Path(importlib.util.cache_from_source(__file__))
        except (NotImplementedError, ValueError):
            return None
    build = zlib.crc32(sys.version.encode("utf-8", "replace"))  # a rebuilt interpreter of the same version too
    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{build:08x}-{_sre.MAGIC}-{_sre.CODESIZE}-{sys.byteorder}"
    return bytecode.with_name(f"patterns.{tag}.bin")


def _read(path: Path | None) -> dict[tuple[str, int], _Entry]:
    """The entries of a file whole and of this interpreter; nothing from a missing, damaged or foreign one."""
    if path is None:
        return {}
    data = _regular_file(path)
    if not data.startswith(MAGIC):
        return {}
    checksum, _, payload = data[len(MAGIC) :].partition(b"\n")
    if checksum != f"{zlib.crc32(payload):08x}".encode("ascii"):
        return {}
    head, _, body = payload.partition(b"\n")
    import json  # not at the top: `--help` reads none of this

    try:
        code = array("I")
        code.frombytes(body)
        entries = {}
        for source, flags, final, groups, names, by_index, start, length in json.loads(head):
            if not (isinstance(source, str) and isinstance(names, dict) and 0 <= start <= start + length <= len(code)):
                return {}
            instructions = code[start : start + length]
            entries[source, int(flags)] = (int(final), int(groups), names, tuple(by_index), instructions)
    except Exception:  # a file of the right checksum but not of this shape: none of it
        return {}
    return entries


def _regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MOST_BYTES; nothing from anything else (a FIFO or a device
    in its place would never end, a huge file is not one this module wrote)."""
    try:
        data = read_regular(path, MOST_BYTES)
    except (OSError, NotRegular):
        return b""
    return data if len(data) <= MOST_BYTES else b""


def _rebuilt(source: str, entry: _Entry) -> re.Pattern[str]:
    """The pattern `re.compile` makes, from its instructions: what `re`'s compiler ends with."""
    flags, groups, names, by_index, instructions = entry
    pattern: re.Pattern[str] = _sre.compile(source, flags, instructions.tolist(), groups, names, by_index)
    return pattern


def _instructions(source: str, flags: int, pattern: re.Pattern[str]) -> _Entry | None:
    """The instructions `re` made for a pattern, when a pattern rebuilt from them is equal to it."""
    if _sre is None:
        return None
    try:
        code = _compiler._code(_parser.parse(source, flags), flags)  # type: ignore[attr-defined]
        names = dict(pattern.groupindex)
        by_index: list[str | None] = [None] * (pattern.groups + 1)
        for name, number in names.items():
            by_index[number] = name
        entry: _Entry = (pattern.flags, pattern.groups, names, tuple(by_index), array("I", code))
        if _rebuilt(source, entry) != pattern:
            return None
    except Exception:
        return None
    return entry

"""The draft to check, as the user gave it: an argument, a file or standard input, bounded and decoded.

Every way a draft can be unusable is one line on stderr: none given or two,
empty, not UTF-8, binary, larger than the limit, or a path that is not a
regular file (a directory; a FIFO, which would never end).
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from xining.base.files import read_to_end_or_past, reason
from xining.errors import XiningError

MAX_BYTES = 500_000  # a draft, not a corpus: a long feature is under 100 kB; the worst (all figures) takes ~20 s


def read_draft(text: str | None, path: str | None, stdin: BinaryIO) -> str:
    """The draft's text, from TEXT, from --file PATH, or from standard input (--file -)."""
    if text is not None and path is not None:
        raise XiningError("give the draft as TEXT or with --file, not both")
    if text is None and path is None:
        raise XiningError("give a draft: xining check TEXT, or --file PATH (- for standard input)")
    if text is not None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise XiningError("TEXT is not valid UTF-8") from None
        where = "TEXT"
    elif path == "-":
        data = stdin.read(MAX_BYTES + 1)
        where = "standard input"
    else:
        data = _read_file(str(path))
        where = f"--file {path}"
    return decoded(data, where)


def decoded(data: bytes, where: str) -> str:
    if len(data) > MAX_BYTES:
        raise XiningError(f"{where}: larger than {MAX_BYTES:,} bytes, the limit for one draft; check it in parts")
    if b"\0" in data:
        raise XiningError(f"{where}: not text (it holds NUL bytes); give a plain text or Markdown file")
    try:
        draft = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise XiningError(f"{where}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})") from None
    if not draft.strip():
        raise XiningError(f"{where}: the draft is empty")
    return draft


def _read_file(path: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file: a FIFO or a device would never end."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise XiningError(f"--file {path}: cannot be read: {reason(error)}") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise XiningError(f"--file {path}: not a regular file; give a text file, or - for standard input")
        return read_to_end_or_past(descriptor, MAX_BYTES)
    except OSError as error:
        raise XiningError(f"--file {path}: cannot be read: {reason(error)}") from None
    finally:
        os.close(descriptor)

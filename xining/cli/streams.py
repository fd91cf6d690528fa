"""Standard streams as xining needs them, whatever the environment hands over.

- Output is always UTF-8. The facts are Chinese and quotes must stay verbatim,
  so an ASCII or Latin-1 locale (`LC_ALL=C`, `PYTHONIOENCODING=ascii`) does not
  turn them into `?` or escapes; a terminal that cannot show them shows bytes.
- A closed stdout (`xining facts >&-`) is an error on the first write, not a
  traceback; a closed stderr drops messages but keeps the exit code.
- A reader that goes away (`| head -c1`) ends the command with success, also
  while Click prints help (Click alone would exit 1).
- Arguments that are not UTF-8 text are a usage error.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from typing import Any

from xining.errors import EXIT_PROBLEMS, EXIT_USAGE, XiningError


class ClosedOutput(io.TextIOBase):
    """Standard output when the process was started without one."""

    def write(self, text: str) -> int:
        raise XiningError("standard output is closed; nothing could be written", EXIT_PROBLEMS)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False


class PipeGuard:
    """Standard output that ends the command with success when its reader has gone away."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            from xining.present.output import reader_went_away

            reader_went_away()
            return 0

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            from xining.present.output import reader_went_away

            reader_went_away()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def prepare() -> None:
    """Make stdout and stderr safe to write to (see the module's docstring)."""
    if sys.stderr is None:
        sys.stderr = open(__import__("os").devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
        return
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if isinstance(stream, io.TextIOWrapper) and encoding != "utf8":
            stream.reconfigure(encoding="utf-8", errors="backslashreplace" if name == "stderr" else "strict")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout = PipeGuard(sys.stdout)  # type: ignore[assignment]


def check_arguments(argv: Sequence[str]) -> None:
    """Arguments arrive as text; bytes that are not UTF-8 (surrogate escapes) are refused."""
    for position, argument in enumerate(argv, 1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            raise XiningError(f"argument {position} ({shown}) is not UTF-8 text", EXIT_USAGE) from None

"""The one error type of xining: every failure a user can cause ends here."""

from __future__ import annotations

from collections.abc import Iterable

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_PROBLEMS = 1  # the fact base (or a source file) has problems
EXIT_USAGE = 2  # a bad argument or option
EXIT_INTERRUPTED = 130  # Ctrl-C


class XiningError(Exception):
    """A failure with a one-line message for the user and an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The valid choice nearest to a misspelt word, if any is near enough."""
    import difflib

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown(what: str, word: str, choices: Iterable[str], see: str | None = None) -> XiningError:
    """An error for a value that is not among the valid ones, with a suggestion."""
    choices = sorted(choices)
    message = f"unknown {what} '{word}'"
    suggestion = closest(word, choices)
    if suggestion:
        message += f"; did you mean '{suggestion}'?"
    elif len(choices) <= 12:
        message += f"; valid: {', '.join(choices)}"
    if see:
        message += f" (see: {see})"
    return XiningError(message)


class Problem:
    """One thing wrong with the fact base, at a file and line (0: the file as a whole)."""

    __slots__ = ("file", "line", "message")

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message

    def __str__(self) -> str:
        # Line 0: the problem is the file or folder as a whole (missing, unreadable).
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"

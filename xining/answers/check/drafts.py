"""The draft to check, as the user gave it (an argument, a file or standard input, bounded and decoded),
and as it is read (`compact`: without the whitespace a newspaper page puts inside sentences).

Every way a draft can be unusable is one line on stderr: none given or two,
empty, not UTF-8, binary, larger than the limit, or a path that is not a
regular file (a directory; a FIFO, which would never end).
"""

from functools import lru_cache
from typing import BinaryIO, NamedTuple

from xining.base.files import NotRegular, read_regular, reason
from xining.base.numbers import plain_digits
from xining.base.patterns import compiled
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
    try:
        return read_regular(path, MAX_BYTES)
    except NotRegular:
        raise XiningError(f"--file {path}: not a regular file; give a text file, or - for standard input") from None
    except OSError as error:
        raise XiningError(f"--file {path}: cannot be read: {reason(error)}") from None


class Compact(NamedTuple):
    """A draft with the whitespace inside sentences removed, and where each character came from."""

    text: str
    offsets: tuple[int, ...]  # the index in the draft of each character, then the draft's length
    paragraphs: tuple[int, ...]  # where each paragraph begins (a blank line ends one)

    @classmethod
    def of(cls, raw: str) -> "Compact":
        pieces: list[str] = []
        offsets: list[int] = []
        paragraphs = [0]
        index = 0  # where the text after the last run of whitespace begins
        for run in _WHITESPACE.finditer(raw):
            start, end = run.span()
            pieces.append(raw[index:start])
            offsets.extend(range(index, start))
            before, after = raw[start - 1 : start], raw[end : end + 1]
            breaks = raw.count("\n", start, end)
            if breaks >= 2 or (breaks and before and before in "。！？!?”"):
                paragraphs.append(len(offsets))  # a blank line, or a line break after a sentence
            if before and breaks >= 2 and _heading(raw, start):
                pieces.append("\n")  # a heading ends where its line does, though no full stop says so
                offsets.append(start)
            elif before and after and _latin(before) and _latin(after):
                pieces.append(" ")  # between two Latin words, or a word and a number: a space stays one
                offsets.append(start)
            index = end
        pieces.append(raw[index:])
        offsets.extend(range(index, len(raw)))
        offsets.append(len(raw))
        return cls("".join(pieces), tuple(offsets), tuple(paragraphs))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the draft of a stretch of the compact text."""
        return self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start]


def _heading(raw: str, end: int) -> bool:
    """Whether the line ending at `end` stands alone between blank lines (a headline, a caption)."""
    start = raw.rfind("\n", 0, end) + 1
    if start == 0:
        return True
    return raw[: start - 1].rstrip(" \t\r").endswith("\n") or not raw[: start - 1].strip()


_WHITESPACE = compiled(r"\s+")  # what str.isspace() calls whitespace: both use Unicode's list


def _latin(char: str) -> bool:
    return char.isascii() and not char.isspace()


@lru_cache(maxsize=4)
def compact(raw: str) -> Compact:
    """A draft's compact text, read once for its figures and once for its titles."""
    text = Compact.of(raw)
    return text._replace(text=plain_digits(text.text))  # １２％ is 12%: one character for one, offsets kept

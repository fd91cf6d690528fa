"""Reading one record of the base: typed fields pulled out of a YAML mapping, each problem at its line.

Numbers are read within the bounds the README documents; text, choices, ids, dates and periods are
read as the model expects them, and anything else is a problem named with its field and line.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

from xining.base.model import (
    Aliases,
    Label,
    Origin,
)
from xining.base.periods import Period, PeriodError, Point, parse_period, undated
from xining.base.yamltext import Mapping
from xining.errors import Problem, closest

E = TypeVar("E", bound=Enum)


# --- reading records ----------------------------------------------------------

PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
# Wider than any figure a news article prints (a trillion yuan is 1e12; a share 0.01 %).
MAX_EXPONENT = 30
# Decimal's default precision: a value with more digits cannot be scaled or rounded exactly (the
# quantizing of a citation or an export fails on it), and no article prints one.
MAX_DIGITS = 28


@dataclass
class Reader:
    """Pulls typed fields out of one YAML mapping, noting each problem with its line."""

    file: str
    data: Mapping
    what: str
    problems: list[Problem]
    allowed: tuple[str, ...]
    ok: bool = True
    _seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for key, line in self.data.duplicates:
            self.problem(f"{self.what}: '{key}' is given twice", line)
        for key in self.data:
            if key not in self.allowed:
                hint = closest(key, self.allowed)
                valid = f"did you mean '{hint}'?" if hint else f"valid: {', '.join(self.allowed)}"
                self.problem(f"{self.what}: unknown field '{key}'; {valid}", self.line(key))

    @property
    def origin(self) -> Origin:
        return Origin(self.file, self.data.line, tuple(self.data.key_lines.items()))

    def line(self, key: str | None = None) -> int:
        return self.data.key_lines.get(key, self.data.line) if key else self.data.line

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.file, line or self.data.line, message))
        self.ok = False

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(f"{self.what}: '{key}' is missing")
            return None
        if type(value) is not str:  # nearly every value is text: the other cases come after
            if is_scalar(value):
                return str(value)
            if not isinstance(value, str):
                self.problem(f"{self.what}: '{key}' must be text", self.line(key))
                return None
        stripped = value.strip()
        if not stripped:
            self.problem(f"{self.what}: '{key}' is empty", self.line(key))
            return None
        return stripped

    def label(self, key: str) -> Label | None:
        value = self.data.get(key)
        if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in ("zh", "en")):
            self.problem(f"{self.what}: '{key}' must be a mapping with 'zh' and 'en' text", self.line(key))
            return None
        if not self.closed(value, key, ("zh", "en")):
            return None
        return Label(value["zh"].strip(), value["en"].strip())

    def labels(self, key: str) -> tuple[Label, ...]:
        """An optional list of {zh, en} pairs (a designation's distinctions)."""
        value = self.data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else None
        if items is None or not all(isinstance(item, dict) for item in items):
            self.problem(f"{self.what}: '{key}' must be a list of mappings with 'zh' and 'en' text", self.line(key))
            return ()
        found = []
        for item in items:
            texts = [item.get(lang) for lang in ("zh", "en")]
            if not all(isinstance(text, str) and text.strip() for text in texts) or not self.closed(
                item, key, ("zh", "en")
            ):
                self.problem(f"{self.what}: each of '{key}' must have 'zh' and 'en' text", self.line(key))
                return ()
            found.append(Label(item["zh"].strip(), item["en"].strip()))
        return tuple(found)

    def aliases(self, key: str = "aliases") -> Aliases:
        """Optional other names: a mapping with a list of zh and/or en names."""
        value = self.data.get(key)
        if value is None:
            return Aliases()
        lists = {lang: value.get(lang) or [] for lang in ("zh", "en")} if isinstance(value, dict) else None
        if (
            lists is None
            or set(value) - {"zh", "en"}
            or not all(isinstance(names, list) for names in lists.values())
            or not all(isinstance(name, str) and name.strip() for names in lists.values() for name in names)
        ):
            self.problem(
                f"{self.what}: '{key}' must be a mapping of 'zh' and/or 'en' to lists of names", self.line(key)
            )
            return Aliases()
        return Aliases(tuple(n.strip() for n in lists["zh"]), tuple(n.strip() for n in lists["en"]))

    def closed(self, value: dict[str, Any], key: str, allowed: tuple[str, ...]) -> bool:
        """Whether a nested mapping has only the allowed keys (each unknown one is a problem)."""
        lines = getattr(value, "key_lines", {})
        unknown = [name for name in value if name not in allowed]
        for name in unknown:
            hint = closest(str(name), allowed)
            valid = f"did you mean '{hint}'?" if hint else f"valid: {', '.join(allowed)}"
            why = " (a comma in a one-line {…} mapping starts a new key: quote the text)" if value[name] is None else ""
            self.problem(f"{self.what}: {key}: unknown field '{name}'{why}; {valid}", lines.get(name, self.line(key)))
        return not unknown

    def choice(self, key: str, enum: type[E], default: E | None = None) -> E | None:
        raw = self.data.get(key)
        if raw is None:
            if default is None:
                self.problem(f"{self.what}: '{key}' is missing")
            return default
        valid = [member.value for member in enum]
        if raw not in valid:
            hint = closest(str(raw), valid)
            suggestion = f"did you mean '{hint}'?" if hint else f"valid: {', '.join(valid)}"
            self.problem(f"{self.what}: {key} '{raw}' is not valid; {suggestion}", self.line(key))
            return None
        return enum(raw)

    def number(self, key: str) -> Decimal | None:
        raw = self.data.get(key)
        if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
            self.problem(f"{self.what}: '{key}' must be a number", self.line(key))
            return None
        if isinstance(raw, str) and not PLAIN_NUMBER.match(raw):
            # Decimal() would also take '2_6.3', ' 5 ' and 'Infinity': a base writes digits.
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            self.problem(f"{self.what}: '{key}' must be a number written in digits, such as 93.1, not '{shown}'",
                         self.line(key))  # fmt: skip
            return None
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            self.problem(f"{self.what}: '{key}' must be a number, not '{raw}'", self.line(key))
            return None
        if not value.is_finite():
            self.problem(f"{self.what}: '{key}' must be a finite number", self.line(key))
            return None
        digits = len(value.as_tuple().digits)
        if value and (abs(value.adjusted()) > MAX_EXPONENT or digits > MAX_DIGITS):
            self.problem(
                f"{self.what}: '{key}' is out of range: at most {MAX_DIGITS} digits and magnitudes "
                f"from 1e-{MAX_EXPONENT} to 1e{MAX_EXPONENT}",
                self.line(key),
            )
            return None
        return value

    def period(self, key: str, published: Point | None, said: str | None, required: bool) -> Period | None:
        raw = self.data.get(key)
        if raw is None:
            if required:
                self.problem(f"{self.what}: '{key}' is missing")
                return None
            return undated(published)
        try:
            return parse_period(str(raw), published, said)
        except PeriodError as error:
            self.problem(f"{self.what}: {key}: {error}", self.line(key))
            return None


def records(reader_file: str, data: Any, key: str, problems: list[Problem]) -> Iterator[Mapping]:
    items = data.get(key, []) if isinstance(data, dict) else None
    if items is None:
        return
    if not isinstance(items, list):
        problems.append(Problem(reader_file, getattr(data, "key_lines", {}).get(key, 1), f"'{key}' must be a list"))
        return
    for item in items:
        if isinstance(item, Mapping):
            yield item
        else:
            line = getattr(data, "key_lines", {}).get(key, 1)
            problems.append(Problem(reader_file, line, f"every entry of '{key}' must be a mapping"))


def is_scalar(value: Any) -> bool:
    """A date or number where text is expected, read as its text."""
    return isinstance(value, (date, int, Decimal)) and not isinstance(value, bool)

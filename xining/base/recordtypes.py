"""How the record types of the model behave: NamedTuples with the equality of a frozen dataclass.

A NamedTuple is as immutable as a frozen dataclass and far cheaper to define,
which every command pays for at start-up (a dataclass compiles six methods per
class). Left alone, though, it compares as a plain tuple. `compare_as_records`
restores what the model relies on: a record equals only a record of its own
type, and `origin` (where the record sits in its YAML file) takes no part in
equality or hashing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def compared_fields(cls: type) -> tuple[str, ...]:
    """The fields of a record type that equality compares: all but `origin`."""
    return tuple(name for name in cls._fields if name != "origin")  # type: ignore[attr-defined]


def is_record(value: Any) -> bool:
    """Whether a value (or a type) is one of the record types: a NamedTuple."""
    cls = value if isinstance(value, type) else type(value)
    return issubclass(cls, tuple) and hasattr(cls, "_fields")


def compare_as_records(*classes: type) -> None:
    """Give NamedTuple types the equality of a frozen dataclass: same type, same compared fields."""
    for cls in classes:
        key: Callable[[Any], Any] = tuple  # equal tuples hash alike: tuple's own hash stays right
        if "origin" in cls._fields:  # type: ignore[attr-defined]
            key = _without(cls._fields.index("origin"))  # type: ignore[attr-defined]
            cls.__hash__ = lambda self, key=key: hash(key(self))  # type: ignore[assignment,misc]

        def equal(self: Any, other: Any, key: Callable[[Any], Any] = key) -> Any:
            return key(self) == key(other) if type(other) is type(self) else NotImplemented

        def unequal(self: Any, other: Any, key: Callable[[Any], Any] = key) -> Any:
            return key(self) != key(other) if type(other) is type(self) else NotImplemented

        cls.__eq__ = equal  # type: ignore[method-assign,assignment]
        cls.__ne__ = unequal  # type: ignore[method-assign,assignment]


def _without(index: int) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    return lambda record: record[:index] + record[index + 1 :]

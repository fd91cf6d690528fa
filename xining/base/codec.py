"""Registries of the model as plain JSON-able data and back, for the compiled cache.

JSON, not pickle: a cache file must never be able to run code. The codec is
generic over the record types of `xining.base.model` (NamedTuples), driven by their
type hints, so a new field needs no code here.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from xining.base import model, periods
from xining.base.recordtypes import compared_fields, is_record


def encode(value: Any) -> Any:
    """A model object (or container of them) as JSON-able data.

    Fields that take no part in equality (a record's place in its YAML file)
    are left out: validate reads the YAML itself, and nothing else needs them.
    """
    if is_record(value):  # before tuples: a record is one
        return {name: encode(getattr(value, name)) for name in compared_fields(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    return value


def decode(kind: Any, data: Any) -> Any:
    """Data written by `encode` back into the type `kind`."""
    return _decoder(kind)(data)


@cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """The function that decodes data of one type, worked out once per type: a registry of a large base
    decodes thousands of values, and reading the type each time cost more than building the objects."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        (option,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _optional(_decoder(option))
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return _optional(lambda data: tuple(item(value) for value in data))
        items = [_decoder(arg) for arg in args]
        return _optional(lambda data: tuple(one(value) for one, value in zip(items, data, strict=True)))
    if origin is dict:
        value_of = _decoder(typing.get_args(kind)[1])
        return _optional(lambda data: {key: value_of(value) for key, value in data.items()})
    if isinstance(kind, type) and is_record(kind):
        fields = [(name, _decoder(hint)) for name, hint in _hints(kind).items()]
        return _optional(lambda data: kind(**{name: field(data[name]) for name, field in fields if name in data}))
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _optional(kind)
    if kind is Decimal:
        return _optional(Decimal)
    if kind is date:
        return _optional(date.fromisoformat)
    return _same


def _optional(decode_value: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """None stays None, whatever the type."""
    return lambda data: None if data is None else decode_value(data)


def _same(data: Any) -> Any:
    return data


def _hints(cls: type) -> dict[str, Any]:
    namespace = {**vars(model), **vars(periods)}
    return typing.get_type_hints(cls, namespace)

"""Registries of the model as plain JSON-able data and back, for the compiled cache.

JSON, not pickle: a cache file must never be able to run code. The codec is
generic over the record types of `xining.model` (NamedTuples), driven by their
type hints, so a new field needs no code here.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from xining import model, periods
from xining.recordtypes import compared_fields, is_record


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
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        (option,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return decode(option, data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], item) for item in data)
        return tuple(decode(arg, item) for arg, item in zip(args, data, strict=True))
    if origin is dict:
        _, value_type = typing.get_args(kind)
        return {key: decode(value_type, item) for key, item in data.items()}
    if isinstance(kind, type) and is_record(kind):
        hints = _hints(kind)
        return kind(**{name: decode(hint, data[name]) for name, hint in hints.items() if name in data})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is Decimal:
        return Decimal(data)
    if kind is date:
        return date.fromisoformat(data)
    return data


@cache
def _hints(cls: type) -> dict[str, Any]:
    # Once per class: evaluating the string annotations is most of what decoding a small base costs.
    namespace = {**vars(model), **vars(periods)}
    return typing.get_type_hints(cls, namespace)

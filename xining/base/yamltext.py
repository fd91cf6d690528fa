"""YAML text as trees whose mappings know their line numbers, so that every problem names its line.

Files are parsed with libyaml where it is installed, and the usual trees (plain mappings, lists and
scalars) are built straight from its nodes; anything unusual (merge keys, tags) goes through PyYAML's
own constructors, so the result is what a safe load gives, only with lines.
"""

import re
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from xining.base.files import Unreadable, read_file
from xining.errors import Problem

E = TypeVar("E", bound=Enum)


# --- YAML with line numbers -------------------------------------------------


class Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]
    duplicates: list[tuple[str, int]]


class _LineLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader whose mappings carry line numbers."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Mapping:
    if not isinstance(node, yaml.MappingNode):  # `!!map abc`: PyYAML's own check, which we replace
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a mapping node, but found {node.id}", node.start_mark
        )
    loader.flatten_mapping(node)
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key)
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.duplicates.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    # Python refuses to convert integers of more than 4,300 digits; a number field refuses
    # anything that long anyway, with its line, so it stays text here.
    text = loader.construct_scalar(node)
    return int(text) if len(str(text)) <= 100 else str(text)


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    # Read from the text as written, never through a float: 25 significant digits stay 25, and
    # 1e-400 stays 1e-400 (a float makes it 0, which no range check can tell from a real 0).
    # The float resolver below admits only digits, a point and an exponent, which Decimal reads exactly.
    return Decimal(str(loader.construct_scalar(node)))


_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _implicit_resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """YAML 1.2's core schema for plain scalars, not PyYAML's YAML 1.1.

    YAML 1.1 reads `2_6.3` as 26.3, `0x1A` as 26, `1:30` as 90 and `no` as false;
    a fact base must say what it means, so those stay text (and a number field
    refuses them). Dates stay text too: the period notation is ours to read, and
    an impossible date such as 2024-02-30 must become a problem at its line.
    """
    core = [
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
        ("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), "-+0123456789"),
        (
            "tag:yaml.org,2002:float",
            re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
            "-+.0123456789",
        ),
    ]
    resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for first, existing in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, regexp) for tag, regexp in existing if tag in ("tag:yaml.org,2002:null",
                                                                    "tag:yaml.org,2002:merge")]  # fmt: skip
        if kept:
            resolvers[first] = kept
    for tag, regexp, firsts in core:
        for first in firsts:
            resolvers.setdefault(first, []).append((tag, regexp))
    return resolvers


_LineLoader.yaml_implicit_resolvers = _implicit_resolvers()
# The resolvers to try for a plain scalar, by its first character ('' for an empty one), with those
# for any character after them: what BaseResolver.resolve looks up, concatenates and tries on each of
# the million scalars of a large base, worked out once.
_RESOLVERS_BY_FIRST = {
    first: tuple(resolvers + _LineLoader.yaml_implicit_resolvers.get(None, []))
    for first, resolvers in _LineLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_WILDCARD_RESOLVERS = tuple(_LineLoader.yaml_implicit_resolvers.get(None, []))


def _resolve(loader: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """BaseResolver.resolve for a loader without path resolvers (none is ever added), as it answers."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _RESOLVERS_BY_FIRST.get(value[:1], _WILDCARD_RESOLVERS):
                if regexp.match(value):
                    return str(tag)
        return str(loader.DEFAULT_SCALAR_TAG)
    return str(loader.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else loader.DEFAULT_MAPPING_TAG)


_LineLoader.resolve = _resolve  # type: ignore[method-assign, assignment]

# Deeper than any real record (an article is 4 levels deep); checked exactly only when a cheap
# bound says a file might be deep, because libyaml's composer recurses in C and crashes at ~30,000.
MAX_DEPTH = 32
DEPTH_BOUND_CHECKED = 400  # above any shipped or generated file; deep files fail alike on every Python


def parse_yaml(text: str) -> Any:
    try:
        if text.count("[") + text.count("{") + max(map(len, text.splitlines()), default=0) > DEPTH_BOUND_CHECKED:
            _check_depth(text)
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            try:
                return _Quick(loader, shared="&" in text).build(node)
            except _Unusual:
                return loader.construct_document(node)  # PyYAML's own constructors, and their errors
        finally:
            loader.dispose()
    except RecursionError:
        raise yaml.YAMLError(f"nested more than {MAX_DEPTH} levels deep") from None
    except yaml.MarkedYAMLError as error:
        # libyaml 0.2.6 refuses deep nesting itself while scanning ahead, before any event reaches
        # the check above: the same fault, said the same way.
        if "maximum nesting depth" in str(error.problem):
            error.problem = f"nested more than {MAX_DEPTH} levels deep"
        raise


_STR = "tag:yaml.org,2002:str"


class _Unusual(Exception):
    """A document beyond what `_Quick` builds: merge keys, other tags, a node that contains itself."""


class _Quick:
    """The tree `yaml.load` with `_LineLoader` builds, built straight from libyaml's nodes.

    PyYAML's constructor goes through generators and a dispatch per node; a fact base uses
    mappings, sequences and five scalar tags, built here in a plain recursion with the very
    conversions of the constructors above (a shared node, an alias, is built once). Anything
    else raises _Unusual, and the document is built by PyYAML instead.
    """

    def __init__(self, loader: Any, shared: bool) -> None:
        self.loader = loader
        self.shared = shared  # a node can be met twice only through an anchor: a text with '&'
        self.built: dict[int, Any] = {}
        self.building: set[int] = set()

    def build(self, node: Any) -> Any:
        if self.shared:
            known = self.built.get(id(node), self)
            if known is not self:
                return known
        tag = node.tag
        kind = type(node)
        if kind is yaml.ScalarNode:
            if tag == _STR:
                value: Any = node.value
            elif tag == "tag:yaml.org,2002:int":
                value = _construct_int(self.loader, node)
            elif tag == "tag:yaml.org,2002:float":
                value = _construct_decimal(self.loader, node)
            elif tag == "tag:yaml.org,2002:null":
                value = None
            elif tag == "tag:yaml.org,2002:bool":
                value = self.loader.construct_yaml_bool(node)
            else:
                raise _Unusual
        elif kind is yaml.MappingNode and tag == "tag:yaml.org,2002:map":
            value = self._mapping(node)
        elif kind is yaml.SequenceNode and tag == "tag:yaml.org,2002:seq":
            value = self._sequence(node)
        else:
            raise _Unusual  # a tag on a node of another kind: PyYAML's error
        if self.shared:
            self.built[id(node)] = value
        return value

    def _enter(self, node: Any) -> None:
        if self.shared:
            if id(node) in self.building:
                raise _Unusual
            self.building.add(id(node))

    def _mapping(self, node: Any) -> Mapping:
        self._enter(node)
        mapping = Mapping()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        mapping.duplicates = []
        shared = self.shared
        for key_node, value_node in node.value:
            if key_node.tag == _STR and type(key_node) is yaml.ScalarNode and not shared:
                key = key_node.value  # nearly every key: as build() gives it, without the call
            elif key_node.tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value") or not isinstance(
                key_node, yaml.ScalarNode
            ):
                raise _Unusual
            else:
                key = str(self.build(key_node))
            line = key_node.start_mark.line + 1
            if key in mapping:
                mapping.duplicates.append((key, line))
            if value_node.tag == _STR and type(value_node) is yaml.ScalarNode and not shared:
                mapping[key] = value_node.value
            else:
                mapping[key] = self.build(value_node)
            mapping.key_lines[key] = line
        self.building.discard(id(node))  # empty unless shared
        return mapping

    def _sequence(self, node: Any) -> list[Any]:
        self._enter(node)
        items = [self.build(item) for item in node.value]
        self.building.discard(id(node))
        return items


def _check_depth(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_LineLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                error = yaml.MarkedYAMLError(problem=f"nested more than {MAX_DEPTH} levels deep")
                error.problem_mark = event.start_mark  # type: ignore[assignment]
                raise error
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def parse_bytes(name: str, data: bytes) -> tuple[Any, list[Problem]]:
    """One YAML file as a tree of line-numbered mappings, or the problem that stopped it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(name, line, "not UTF-8 text")]
    try:
        tree = parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return None, [Problem(name, line, f"not valid YAML: {reason}")]
    if tree is None:  # empty, or only comments: an empty mapping, so that what is missing is reported
        tree = Mapping()
        tree.line, tree.key_lines, tree.duplicates = 1, {}, []
    return tree, []


def parse_file(base: Path, path: Path) -> tuple[Any, list[Problem]]:
    """Read and parse one file of the base."""
    name = name_in_base(base, path)
    try:
        data, _ = read_file(path)
    except Unreadable as error:
        return None, [Problem(name, 0, str(error))]
    return parse_bytes(name, data)


def name_in_base(base: Path, path: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)

"""The one loader: YAML files of a fact base -> a FactBase, and every problem found.

Records that cannot be read are left out and reported as `file:line: message`;
`xining validate` prints them all, every other command refuses a broken base.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from xining.base.checks import check_fact, check_registries
from xining.base.coverage import Reason
from xining.base.derive import METHODS
from xining.base.files import SCHEMA_VERSION, Unreadable, is_article, list_base, read_file
from xining.base.model import (
    Aliases,
    Confidence,
    DatePart,
    Derivation,
    Designation,
    Exclusion,
    Fact,
    FactBase,
    Label,
    Level,
    Link,
    Metric,
    Milestone,
    Observation,
    Origin,
    Publication,
    Qualifier,
    Relation,
    Source,
    Status,
    Topic,
    Unit,
)
from xining.base.periods import Period, PeriodError, Point, parse_period, parse_point, undated
from xining.errors import Problem, closest

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
                value = self.loader.construct_yaml_float(node)
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
            if _scalar(value):
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
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
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


def _records(reader_file: str, data: Any, key: str, problems: list[Problem]) -> Iterator[Mapping]:
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


# --- the base -------------------------------------------------------------------


@dataclass
class _Build:
    """What has been read so far: the registries, the facts, and the problems met."""

    problems: list[Problem] = field(default_factory=list)
    header: dict[str, Any] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)


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
    name = _name(base, path)
    try:
        data, _ = read_file(path)
    except Unreadable as error:
        return None, [Problem(name, 0, str(error))]
    return parse_bytes(name, data)


def _name(base: Path, path: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def compile_registries(trees: dict[str, Any]) -> _Build:
    """Header, units, topics, metrics, sources and relations: what every article refers to."""
    build = _Build()
    _read_header(build, trees.get("base.yaml"))
    _read_registries(build, trees)
    if trees.get("relations.yaml") is not None:
        _read_relations(build, trees["relations.yaml"])
    build.problems += check_registries(assemble(build, []))
    return build


def registries_of(base: FactBase) -> _Build:
    """Registries already compiled (as the cache holds them), ready to compile articles against."""
    header = {"schema_version": base.schema_version, "release": base.release, "name": base.name}
    return _Build(
        header=header, topics=base.topics, units=base.units, metrics=base.metrics,
        sources=base.sources, links=list(base.links),
    )  # fmt: skip


def compile_article(registries: _Build, name: str, tree: Any) -> tuple[list[Fact], list[Problem]]:
    """The facts of one article file, read against the registries and checked against them.

    `tree` is None when the file could not be parsed (its problem is reported already).
    """
    build = _compile_article(registries, name, tree)
    return build.facts, build.problems


def references(tree: Any) -> tuple[set[str], set[str]]:
    """The metrics and sources an article's tree names, as far as it can be read: all that compiling it
    looks up in those two registries."""

    def named(value: Any) -> set[str]:  # as `Reader.text` reads it
        return {str(value).strip()} if isinstance(value, str) or _scalar(value) else set()

    metrics: set[str] = set()
    sources: set[str] = set()
    if isinstance(tree, dict):
        sources |= named(tree.get("source"))
        observations = tree.get("observations")
        for record in observations if isinstance(observations, list) else ():
            if isinstance(record, dict):
                metrics |= named(record.get("metric"))
    return metrics, sources


def _scalar(value: Any) -> bool:
    """A date or number where text is expected, read as its text."""
    return isinstance(value, (date, int, float)) and not isinstance(value, bool)


def _compile_article(registries: _Build, name: str, tree: Any) -> _Build:
    """One article's facts, problems and `left_out` spans."""
    build = replace(registries, facts=[], problems=[], exclusions=[])
    if tree is not None:
        _read_article(build, name, tree)
    known = assemble(registries, [])
    for fact in build.facts:
        build.problems += check_fact(known, fact)
    return build


def assemble(registries: _Build, facts: list[Fact]) -> FactBase:
    header = registries.header
    return FactBase(
        schema_version=int(header.get("schema_version", SCHEMA_VERSION)),
        release=str(header.get("release", "")),
        name=str(header.get("name", "")),
        topics=registries.topics,
        units=registries.units,
        metrics=registries.metrics,
        sources=registries.sources,
        facts=tuple(facts),
        links=tuple(registries.links),
    )


def read_base(base: Path) -> tuple[FactBase, list[Problem]]:
    """Read every file of the base. Returns what could be read and every problem found."""
    trees: dict[str, Any] = {}
    listing = list_base(base)
    problems: list[Problem] = list(listing.problems)
    for path in listing.files:
        tree, found = parse_file(base, path)
        trees[_name(base, path)] = tree
        problems += found
    registries = compile_registries(trees)
    problems += registries.problems
    facts: list[Fact] = []
    exclusions: list[Exclusion] = []
    for name, tree in trees.items():
        if is_article(name):
            article = _compile_article(registries, name, tree)
            facts += article.facts
            problems += article.problems
            exclusions += article.exclusions
    return assemble(registries, facts)._replace(exclusions=tuple(exclusions)), problems


def _read_header(build: _Build, data: Any) -> None:
    build.header = {"schema_version": SCHEMA_VERSION, "release": "", "name": ""}
    if data is None:
        return  # unreadable or not YAML: reported already; a missing file is reported by the listing
    if not isinstance(data, Mapping):
        build.problems.append(Problem("base.yaml", 1, "the header must be a mapping with 'schema_version'"))
        return
    reader = Reader("base.yaml", data, "base", build.problems, ("schema_version", "release", "name", "description"))
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        reader.problem(
            f"'schema_version' must be a whole number from 1 to {SCHEMA_VERSION}", reader.line("schema_version")
        )
    elif version > SCHEMA_VERSION:
        reader.problem(
            f"this fact base has schema version {version}; "
            f"this xining reads version {SCHEMA_VERSION} and older; it needs a newer xining",
            reader.line("schema_version"),
        )
    else:
        build.header["schema_version"] = version
    build.header.update(release=reader.text("release") or "", name=reader.text("name") or "")


def _read_registries(build: _Build, documents: dict[str, Any]) -> None:
    for data in _records("units.yaml", documents.get("units.yaml"), "units", build.problems):
        r = Reader("units.yaml", data, "unit", build.problems, ("symbol", "base", "factor", "en"))
        symbol, base, factor, en = r.text("symbol"), r.text("base"), r.number("factor"), r.text("en")
        if r.ok and symbol and base and factor is not None and en:
            if symbol in build.units:
                r.problem(f"unit '{symbol}' is defined twice", r.line("symbol"))
            build.units[symbol] = Unit(symbol, base, factor, en)
    for data in _records("topics.yaml", documents.get("topics.yaml"), "topics", build.problems):
        r = Reader("topics.yaml", data, "topic", build.problems, ("id", "zh", "en"))
        topic_id, zh, en = r.text("id"), r.text("zh"), r.text("en")
        if r.ok and topic_id and zh and en:
            if topic_id in build.topics:
                r.problem(f"duplicate topic id '{topic_id}'", r.line("id"))
            build.topics[topic_id] = Topic(topic_id, Label(zh, en))
    for data in _records("metrics.yaml", documents.get("metrics.yaml"), "metrics", build.problems):
        r = Reader(
            "metrics.yaml",
            data,
            "metric",
            build.problems,
            ("id", "topic", "zh", "en", "unit", "higher_is_better", "aliases"),
        )
        metric_id, topic, zh, en, unit = r.text("id"), r.text("topic"), r.text("zh"), r.text("en"), r.text("unit")
        better = data.get("higher_is_better")
        aliases = r.aliases()
        if better is not None and not isinstance(better, bool):
            r.problem(f"metric '{metric_id}': higher_is_better must be true, false or null", r.line("higher_is_better"))
        if r.ok and metric_id and topic and zh and en and unit:
            if metric_id in build.metrics:
                r.problem(f"duplicate metric id '{metric_id}'", r.line("id"))
            build.metrics[metric_id] = Metric(metric_id, topic, Label(zh, en), unit, better, aliases, r.origin)
    for data in _records("sources.yaml", documents.get("sources.yaml"), "sources", build.problems):
        source = _source(data, build.problems)
        if source is not None:
            if source.id in build.sources:
                build.problems.append(
                    Problem("sources.yaml", source.origin.line_of("id"), f"duplicate source id '{source.id}'")
                )
            build.sources[source.id] = source


SOURCE_FIELDS = (
    "id", "file", "sha256", "title", "title_basis", "subtitle", "headlines", "publisher", "publisher_inferred",
    "publisher_basis", "publisher_en", "medium", "edition", "authors", "published", "basis", "title_en",
)  # fmt: skip
MEDIA = ("newspaper", "unknown")
DATE_PART_FIELDS = ("date", "confidence", "basis", "soft")


def _source(data: Mapping, problems: list[Problem]) -> Source | None:
    r = Reader("sources.yaml", data, f"source '{data.get('id')}'", problems, SOURCE_FIELDS)
    source_id = r.text("id")
    lists = {}
    for key in ("authors", "headlines"):
        names = data.get(key) or []
        if not isinstance(names, list) or not all(isinstance(a, str) for a in names):
            r.problem(f"{r.what}: '{key}' must be a list of text", r.line(key))
            names = []
        lists[key] = tuple(name.strip() for name in names)
    inferred = data.get("publisher_inferred", False)
    if not isinstance(inferred, bool):
        r.problem(f"{r.what}: 'publisher_inferred' must be true or false", r.line("publisher_inferred"))
        inferred = False
    publisher = r.text("publisher", required=False)
    publisher_basis = r.text("publisher_basis", required=False)
    if inferred and not publisher:
        r.problem(f"{r.what}: 'publisher_inferred' needs a 'publisher'", r.line("publisher_inferred"))
    if inferred and not publisher_basis:
        r.problem(f"{r.what}: an inferred publisher needs 'publisher_basis' saying why", r.line("publisher_inferred"))
    medium = r.text("medium", required=False) or "unknown"
    if medium not in MEDIA:
        r.problem(f"{r.what}: medium '{medium}' is not valid; valid: {', '.join(MEDIA)}", r.line("medium"))
    source = Source(
        id=source_id or "",
        file=r.text("file") or "",
        sha256=(r.text("sha256") or "").lower(),
        title=r.text("title", required=False),
        publisher=publisher,
        authors=lists["authors"],
        published=_publication(r),
        basis=r.text("basis") or "",
        origin=r.origin,
        title_basis=r.text("title_basis", required=False),
        subtitle=r.text("subtitle", required=False),
        headlines=lists["headlines"],
        publisher_inferred=inferred,
        publisher_basis=publisher_basis,
        edition=r.text("edition", required=False),
        publisher_en=r.text("publisher_en", required=False),
        title_en=r.text("title_en", required=False),
        medium=medium,
    )
    return source if r.ok and source_id else None


def _publication(r: Reader) -> Publication:
    """A source's `published`: a token the article prints (2025-07-11), or earliest, latest and best, each read."""
    raw = r.data.get("published")
    if raw is None:
        return Publication()
    if not isinstance(raw, Mapping):
        try:
            point = parse_point(str(raw))
        except PeriodError as error:
            r.problem(f"{r.what}: published: {error}", r.line("published"))
            return Publication()
        printed = DatePart(point, "printed in the article", Confidence.STATED)
        return Publication(printed, printed, printed)
    parts = Reader(r.file, raw, f"{r.what}: published", r.problems, ("earliest", "latest", "best"))
    read = {key: _date_part(parts, key) for key in ("earliest", "latest", "best")}
    publication = Publication(**read)
    first, last = publication.first_day, publication.last_day
    if first and last and first > last:
        r.problem(
            f"{r.what}: published: earliest {first.isoformat()} is after latest {last.isoformat()}",
            parts.line("earliest"),
        )
    best = publication.best
    if best and not ((first is None or best.point.last >= first) and (last is None or best.point.first <= last)):
        r.problem(f"{r.what}: published: best '{best.point.token}' lies outside earliest..latest", parts.line("best"))
    if not parts.ok:
        r.ok = False
    return publication


def _date_part(parts: Reader, key: str) -> DatePart | None:
    raw = parts.data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        parts.problem(f"{parts.what}: '{key}' must be a mapping with date, confidence and basis", parts.line(key))
        return None
    r = Reader(parts.file, raw, f"{parts.what}: {key}", parts.problems, DATE_PART_FIELDS)
    confidence = r.choice("confidence", Confidence)
    basis = r.text("basis")
    soft = raw.get("soft", False)
    if not isinstance(soft, bool):
        r.problem(f"{r.what}: 'soft' must be true or false", r.line("soft"))
    if raw.get("date") is None:
        r.problem(f"{r.what}: 'date' is missing")
        parts.ok = False
        return None
    try:
        point = parse_point(str(raw["date"]))
    except PeriodError as error:
        r.problem(f"{r.what}: date: {error}", r.line("date"))
        return None
    if not r.ok or confidence is None or basis is None:
        parts.ok = False
        return None
    return DatePart(point, basis, confidence, soft is True)


OBSERVATION_FIELDS = (
    "id", "metric", "value", "figure", "unit", "qualifier", "period", "status", "subject",
    "time_expression", "quote", "note", "derived",
)  # fmt: skip
DESIGNATION_FIELDS = (
    "id", "name", "recipient", "level", "issuer", "date", "topic", "time_expression", "quote", "note", "aliases",
)  # fmt: skip
MILESTONE_FIELDS = ("id", "label", "topic", "date", "status", "time_expression", "quote", "note")


def _read_article(build: _Build, name: str, data: Any) -> None:
    if not isinstance(data, Mapping) or not data:
        what = "must be a mapping" if data else "is empty"
        build.problems.append(Problem(name, 1, f"an article file {what}; it needs 'source' and its facts"))
        return
    allowed = ("source", "observations", "designations", "milestones", "left_out")
    header = Reader(name, data, "article", build.problems, allowed)
    source_id = header.text("source")
    source = build.sources.get(source_id or "")
    if source_id and source is None:
        hint = closest(source_id, build.sources)
        suggestion = f"; did you mean '{hint}'?" if hint else ""
        header.problem(f"unknown source '{source_id}'{suggestion}", header.line("source"))
    published = source.published.window() if source else None
    readers: list[tuple[str, Callable[[Reader, str, Point | None], Fact | None], tuple[str, ...]]] = [
        ("observations", _observation, OBSERVATION_FIELDS),
        ("designations", _designation, DESIGNATION_FIELDS),
        ("milestones", _milestone, MILESTONE_FIELDS),
    ]
    for key, make, fields in readers:
        for record in _records(name, data, key, build.problems):
            r = Reader(name, record, f"{key[:-1]} '{record.get('id')}'", build.problems, fields)
            fact = make(r, source_id or "", published)
            if r.ok and fact is not None and source is not None:
                build.facts.append(fact)
    for record in _records(name, data, "left_out", build.problems):
        exclusion = _exclusion(Reader(name, record, "left_out", build.problems, EXCLUSION_FIELDS), source_id or "")
        if exclusion is not None:
            build.exclusions.append(exclusion)


EXCLUSION_FIELDS = ("text", "reason", "fact", "why")


def _exclusion(r: Reader, source: str) -> Exclusion | None:
    """A span of the article whose numbers are left out on purpose, with its reason."""
    text, reason = r.text("text"), r.choice("reason", Reason)
    fact, why = r.text("fact", required=False), r.text("why", required=False)
    if reason is Reason.DUPLICATE_OF and not fact:
        r.problem(f"{r.what}: duplicate_of needs 'fact', the id of the fact that records the number", r.line("reason"))
    if fact and reason is not Reason.DUPLICATE_OF:
        r.problem(f"{r.what}: 'fact' goes with the reason duplicate_of only", r.line("fact"))
    if reason is Reason.OUT_OF_SCOPE and not why:
        r.problem(f"{r.what}: out_of_scope needs 'why'", r.line("reason"))
    if not r.ok or text is None or reason is None:
        return None
    return Exclusion(source, text, reason.value, fact, why, r.origin)


def _observation(r: Reader, source: str, published: Point | None) -> Observation | None:
    said = r.text("time_expression", required=False)
    value = r.number("value")
    derived = _derivation(r)
    fields = dict(
        id=r.text("id"),
        metric=r.text("metric"),
        unit=r.text("unit"),
        qualifier=r.choice("qualifier", Qualifier),
        period=r.period("period", published, said, required=True),
        status=r.choice("status", Status, Status.ACTUAL),
        quote=r.text("quote"),
    )
    if not r.ok or value is None or any(v is None for v in fields.values()):
        return None
    return Observation(
        source=source,
        value=value,
        figure=r.text("figure", required=False) or _figure(value),
        subject=r.text("subject", required=False),
        time_expression=said,
        note=r.text("note", required=False),
        derived=derived,
        origin=r.origin,
        **fields,  # type: ignore[arg-type]
    )


DERIVATION_FIELDS = ("method", "inputs", "rounding")


def _derivation(r: Reader) -> Derivation | None:
    """The `derived` block of an observation: a method of xining.base.derive, its inputs and rounding."""
    raw = r.data.get("derived")
    if raw is None:
        return None
    line = raw.line if isinstance(raw, Mapping) else r.line("derived")
    if not isinstance(raw, Mapping):
        r.problem(f"{r.what}: derived must be a mapping with 'method', 'inputs' and 'rounding'", line)
        return None
    block = Reader(r.file, raw, f"{r.what}: derived", r.problems, DERIVATION_FIELDS)
    method, inputs, rounding = raw.get("method"), raw.get("inputs"), raw.get("rounding")
    if method not in METHODS:
        hint = closest(str(method), METHODS) if method is not None else None
        valid = f"did you mean '{hint}'?" if hint else f"valid: {', '.join(METHODS)}"
        block.problem(f"{block.what}: method '{method}' is not valid; {valid}", block.line("method"))
    if not isinstance(inputs, list) or not inputs or not all(isinstance(i, str) for i in inputs):
        block.problem(f"{block.what}: 'inputs' must be a list of observation ids", block.line("inputs"))
    if not isinstance(rounding, int) or isinstance(rounding, bool) or not 0 <= rounding <= 6:
        block.problem(
            f"{block.what}: 'rounding' must be the number of decimal places the value is rounded to (0 to 6)",
            block.line("rounding"),
        )
    if not block.ok:
        r.ok = False
        return None
    return Derivation(str(method), tuple(inputs), rounding)  # type: ignore[arg-type]


def _designation(r: Reader, source: str, published: Point | None) -> Designation | None:
    said = r.text("time_expression", required=False)
    fields = dict(
        id=r.text("id"),
        name=r.label("name"),
        level=r.choice("level", Level),
        topic=r.text("topic"),
        period=r.period("date", published, said, required=False),
        quote=r.text("quote"),
    )
    if not r.ok or any(v is None for v in fields.values()):
        return None
    return Designation(
        source=source,
        aliases=r.aliases(),
        recipient=r.text("recipient", required=False) or "西宁市",
        issuer=r.text("issuer", required=False),
        time_expression=said,
        note=r.text("note", required=False),
        origin=r.origin,
        **fields,  # type: ignore[arg-type]
    )


def _milestone(r: Reader, source: str, published: Point | None) -> Milestone | None:
    said = r.text("time_expression", required=False)
    fields = dict(
        id=r.text("id"),
        label=r.label("label"),
        topic=r.text("topic"),
        period=r.period("date", published, said, required=False),
        status=r.choice("status", Status, Status.ACTUAL),
        quote=r.text("quote"),
    )
    if not r.ok or any(v is None for v in fields.values()):
        return None
    return Milestone(
        source=source,
        time_expression=said,
        note=r.text("note", required=False),
        origin=r.origin,
        **fields,  # type: ignore[arg-type]
    )


def _read_relations(build: _Build, data: Any) -> None:
    for record in _records("relations.yaml", data, "relations", build.problems):
        r = Reader("relations.yaml", record, "relation", build.problems, ("kind", "facts", "reason"))
        relation = r.choice("kind", Relation)
        facts = record.get("facts")
        if not isinstance(facts, list) or len(facts) < 2 or not all(isinstance(f, str) for f in facts):
            r.problem("relation: 'facts' must list two or more fact ids", r.line("facts"))
            continue
        reason = r.text("reason")
        if r.ok and relation and reason:
            build.links.append(Link(relation, tuple(facts), reason, r.origin))


def _figure(value: Decimal) -> str:
    """A number as an article would print it: no exponent, no trailing zeros."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text

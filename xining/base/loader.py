"""The one loader: YAML files of a fact base -> a FactBase, and every problem found.

Records that cannot be read are left out and reported as `file:line: message`;
`xining validate` prints them all, every other command refuses a broken base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from xining.base.checks import check_fact, check_registries
from xining.base.coverage import Reason
from xining.base.derive import METHODS
from xining.base.fields import Reader, is_scalar, records
from xining.base.files import SCHEMA_VERSION, is_article, list_base
from xining.base.model import (
    Derivation,
    Designation,
    Exclusion,
    Fact,
    FactBase,
    Label,
    Level,
    Likely,
    Link,
    Metric,
    Milestone,
    Observation,
    Qualifier,
    Relation,
    Source,
    Status,
    Topic,
    Unit,
)
from xining.base.periods import Period, Point
from xining.base.sources import read_source
from xining.base.yamltext import Mapping, name_in_base, parse_file
from xining.errors import Problem, closest

E = TypeVar("E", bound=Enum)


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
        return {str(value).strip()} if isinstance(value, str) or is_scalar(value) else set()

    metrics: set[str] = set()
    sources: set[str] = set()
    if isinstance(tree, dict):
        sources |= named(tree.get("source"))
        observations = tree.get("observations")
        for record in observations if isinstance(observations, list) else ():
            if isinstance(record, dict):
                metrics |= named(record.get("metric"))
    return metrics, sources


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
        trees[name_in_base(base, path)] = tree
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
    for data in records("units.yaml", documents.get("units.yaml"), "units", build.problems):
        r = Reader("units.yaml", data, "unit", build.problems, ("symbol", "base", "factor", "en"))
        symbol, base, factor, en = r.text("symbol"), r.text("base"), r.number("factor"), r.text("en")
        if r.ok and symbol and base and factor is not None and en:
            if symbol in build.units:
                r.problem(f"unit '{symbol}' is defined twice", r.line("symbol"))
            build.units[symbol] = Unit(symbol, base, factor, en)
    for data in records("topics.yaml", documents.get("topics.yaml"), "topics", build.problems):
        r = Reader("topics.yaml", data, "topic", build.problems, ("id", "zh", "en"))
        topic_id, zh, en = r.text("id"), r.text("zh"), r.text("en")
        if r.ok and topic_id and zh and en:
            if topic_id in build.topics:
                r.problem(f"duplicate topic id '{topic_id}'", r.line("id"))
            build.topics[topic_id] = Topic(topic_id, Label(zh, en))
    for data in records("metrics.yaml", documents.get("metrics.yaml"), "metrics", build.problems):
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
    for data in records("sources.yaml", documents.get("sources.yaml"), "sources", build.problems):
        source = read_source(data, build.problems)
        if source is not None:
            if source.id in build.sources:
                build.problems.append(
                    Problem("sources.yaml", source.origin.line_of("id"), f"duplicate source id '{source.id}'")
                )
            build.sources[source.id] = source


OBSERVATION_FIELDS = (
    "id", "metric", "value", "figure", "unit", "qualifier", "period", "status", "subject",
    "time_expression", "quote", "note", "derived", "likely",
)  # fmt: skip
DESIGNATION_FIELDS = (
    "id", "name", "recipient", "level", "issuer", "date", "topic", "time_expression", "quote", "note", "aliases",
    "distinctions",
)  # fmt: skip
MILESTONE_FIELDS = ("id", "label", "topic", "date", "status", "time_expression", "quote", "note", "distinctions")


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
        for record in records(name, data, key, build.problems):
            r = Reader(name, record, f"{key[:-1]} '{record.get('id')}'", build.problems, fields)
            fact = make(r, source_id or "", published)
            if r.ok and fact is not None and source is not None:
                build.facts.append(fact)
    for record in records(name, data, "left_out", build.problems):
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
        likely=_likely(r, fields["period"], published),  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


def _likely(r: Reader, period: Period, published: Point | None) -> Likely | None:
    """`likely`: for a figure whose period the text does not give, the likeliest one and its basis."""
    raw = r.data.get("likely")
    if raw is None:
        return None
    line = r.line("likely")
    if not isinstance(raw, Mapping):
        r.problem(f"{r.what}: likely must be a mapping with 'period' and 'basis'", line)
        return None
    block = Reader(r.file, raw, f"{r.what}: likely", r.problems, ("period", "basis"))
    likely, basis = block.period("period", published, None, required=True), block.text("basis")
    if likely is None or basis is None:
        r.ok = False
        return None
    if period.start is not None:
        r.problem(f"{r.what}: likely is for a figure whose period the text does not give; this one is dated", line)
        return None
    return Likely(likely, basis)


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
    if not isinstance(rounding, int) or isinstance(rounding, bool) or not -8 <= rounding <= 6:
        block.problem(
            f"{block.what}: 'rounding' must be the number of decimal places the value is rounded to "
            "(0 to 6; -1 to -8 for tens to hundreds of millions)",
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
        distinctions=r.labels("distinctions"),
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
        distinctions=r.labels("distinctions"),
        time_expression=said,
        note=r.text("note", required=False),
        origin=r.origin,
        **fields,  # type: ignore[arg-type]
    )


def _read_relations(build: _Build, data: Any) -> None:
    for record in records("relations.yaml", data, "relations", build.problems):
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

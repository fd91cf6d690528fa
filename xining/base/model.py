"""The data model: small frozen types named as a statistician would name them.

A *metric* is what is measured; an *observation* is one value of a metric
for one *period*, stated (or derived) in one *source*. *Designations* are
pilots, lists, titles and honours; *milestones* are dated firsts, openings
and launches. Every fact carries the verbatim quote it was read from.

The types are NamedTuples, not frozen dataclasses: just as immutable, but
defined at a fraction of the cost, and every command that prints a record
pays that cost at start-up (a dataclass compiles six methods per class). Two
things a plain tuple would do differently are kept as a dataclass has them:
a record equals only a record of its own type, and where a record sits in its
YAML file (`origin`) takes no part in equality or hashing (see
`xining.base.recordtypes`). `record._replace(...)` is what `dataclasses.replace` was.

No `from __future__ import annotations` here: a NamedTuple compiles each string
annotation into a ForwardRef when the class is made, a third of this module's
import time; evaluated annotations cost nothing more.
"""

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

from xining.base.periods import Period, Point, span
from xining.base.recordtypes import compare_as_records


class Kind(str, Enum):
    OBSERVATION = "observation"
    DESIGNATION = "designation"
    MILESTONE = "milestone"


class Qualifier(str, Enum):
    """How the stated figure bounds the true value."""

    EXACT = "exact"
    APPROX = "approx"  # 近, 约, 余, 左右
    AT_LEAST = "at_least"  # 以上, 不低于
    MORE_THAN = "more_than"  # 超, 超过, 突破, 逾
    AT_MOST = "at_most"  # 以下, 不超过

    @property
    def is_bound(self) -> bool:
        return self in (Qualifier.AT_LEAST, Qualifier.MORE_THAN, Qualifier.AT_MOST)


class Status(str, Enum):
    ACTUAL = "actual"
    PLANNED = "planned"  # a target or an expected event, not yet reached


class Level(str, Enum):
    INTERNATIONAL = "international"
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    NON_GOVERNMENTAL = "non_governmental"  # a magazine's ranking, a company's list
    UNKNOWN = "unknown"  # the text names no issuer and the title gives no level


class Relation(str, Enum):
    """How linked facts stand to each other (defined in facts/README.md, checked by validate where it can be)."""

    CORROBORATES = "corroborates"  # the same fact, stated more than once
    CONFLICTS = "conflicts"  # both cannot be true; the reason says why
    DIFFERS = "differs"  # alike but not the same fact (dates, spans, scopes, measures, recipients): both may hold


class Label(NamedTuple):
    zh: str
    en: str


class Aliases(NamedTuple):
    """Other names people use for a metric or designation, searched like its label."""

    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class Origin(NamedTuple):
    """Where a record stands in the fact base, for messages that name file and line."""

    file: str
    line: int
    fields: tuple[tuple[str, int], ...] = ()

    def line_of(self, name: str) -> int:
        return dict(self.fields).get(name, self.line)


NOWHERE = Origin("", 0)  # a record made in code, not read from a file


class Topic(NamedTuple):
    id: str
    label: Label


class Unit(NamedTuple):
    symbol: str
    base: str
    factor: Decimal
    en: str


class Metric(NamedTuple):
    id: str
    topic: str
    label: Label
    unit: str
    higher_is_better: bool | None
    aliases: Aliases = Aliases()
    origin: Origin = NOWHERE


class Confidence(str, Enum):
    """How a part of a source's date is known, strongest first."""

    STATED = "stated"  # printed in the article
    FROM_TEXT = "inferred from the text"  # read from the article's own words (7月11日, 今年三季度)
    ACROSS_ARTICLES = "inferred across articles"  # needs figures or dates from other articles of the base


class DatePart(NamedTuple):
    """One bound (or the best estimate) of a publication date, with how it was read."""

    point: Point  # a bound uses its first day (earliest) or last day (latest)
    basis: str
    confidence: Confidence
    soft: bool = False  # a bound the text makes likely, not certain (an expectation still open)


class Publication(NamedTuple):
    """When a source appeared: the earliest and latest possible dates and the best estimate.

    Any part may be unknown. A date the article prints has all three parts `stated`.
    """

    earliest: DatePart | None = None
    latest: DatePart | None = None
    best: DatePart | None = None

    @property
    def first_day(self) -> date | None:
        return self.earliest.point.first if self.earliest else None

    @property
    def last_day(self) -> date | None:
        return self.latest.point.last if self.latest else None

    @property
    def confidence(self) -> Confidence | None:
        """The weakest confidence of the parts known: a chain is as strong as its weakest link."""
        order = list(Confidence)
        parts = [part.confidence for part in (self.earliest, self.latest, self.best) if part]
        return max(parts, key=order.index) if parts else None

    def window(self) -> Point | None:
        """The stretch of days the source appeared in, when both ends are known: what `publication` means."""
        if self.first_day is None or self.last_day is None:
            return None
        return span(self.first_day, self.last_day)


class Source(NamedTuple):
    id: str
    file: str
    sha256: str
    title: str | None  # the headline as printed; never invented
    publisher: str | None  # as printed, or inferred (publisher_inferred) with publisher_basis saying why
    authors: tuple[str, ...]
    published: Publication
    basis: str
    origin: Origin = NOWHERE
    title_basis: str | None = None  # how the title was chosen where the text prints several headlines
    subtitle: str | None = None
    headlines: tuple[str, ...] = ()  # every headline the page prints, where there are several
    publisher_inferred: bool = False
    publisher_basis: str | None = None
    edition: str | None = None  # 版次: the page number of a newspaper, where known
    publisher_en: str | None = None  # the publisher's English name, for English text (a translation)
    medium: str = "unknown"  # newspaper, where the text shows it (本报, 本版, 晚报, 来源:西宁晚报)
    title_en: str | None = None  # an English translation of the title (ours, shown in brackets), for English styles


class Derivation(NamedTuple):
    """How a value the article implies but does not state was computed (methods: xining.base.derive)."""

    method: str  # difference | sum | previous_level | ratio | share_total
    inputs: tuple[str, ...]
    rounding: int = 0  # decimal places the result is rounded to


class Likely(NamedTuple):
    """The likeliest period of a figure the text leaves undated, and what that reading rests on."""

    period: Period
    basis: str


class Observation(NamedTuple):
    id: str
    source: str
    metric: str
    value: Decimal
    figure: str  # the figure as the quote writes it (93.1, 六, 第一)
    unit: str
    qualifier: Qualifier
    period: Period
    status: Status
    quote: str
    subject: str | None = None
    time_expression: str | None = None
    note: str | None = None
    derived: Derivation | None = None
    origin: Origin = NOWHERE
    likely: Likely | None = None  # where the period is not given: the likeliest one, with its basis

    @property
    def kind(self) -> Kind:
        return Kind.OBSERVATION


class Designation(NamedTuple):
    id: str
    source: str
    name: Label
    level: Level
    topic: str
    period: Period
    quote: str
    recipient: str = "西宁市"
    issuer: str | None = None
    time_expression: str | None = None
    note: str | None = None
    aliases: Aliases = Aliases()
    origin: Origin = NOWHERE
    distinctions: tuple[
        Label, ...
    ] = ()  # a first, only or rank the text claims (西北地区首个), zh verbatim in the quote

    @property
    def kind(self) -> Kind:
        return Kind.DESIGNATION


class Milestone(NamedTuple):
    id: str
    source: str
    label: Label
    topic: str
    period: Period
    status: Status
    quote: str
    time_expression: str | None = None
    note: str | None = None
    origin: Origin = NOWHERE
    distinctions: tuple[Label, ...] = ()  # as for a designation (全国首单, 全省首家)

    @property
    def kind(self) -> Kind:
        return Kind.MILESTONE


Fact = Observation | Designation | Milestone


class Exclusion(NamedTuple):
    """A span of an article whose numbers are deliberately not facts, and why (see xining.base.coverage)."""

    source: str
    text: str
    reason: str  # a xining.base.coverage.Reason value
    fact: str | None = None  # for duplicate_of: the fact that already records the number
    why: str | None = None  # required for out_of_scope
    origin: Origin = NOWHERE


class Link(NamedTuple):
    """Two or more facts that state the same thing, cannot both be true, or differ though both may hold, and why."""

    relation: Relation
    facts: tuple[str, ...]
    reason: str
    origin: Origin = NOWHERE


class FactBase(NamedTuple):
    schema_version: int
    release: str
    name: str
    topics: dict[str, Topic]
    units: dict[str, Unit]
    metrics: dict[str, Metric]
    sources: dict[str, Source]
    facts: tuple[Fact, ...]
    links: tuple[Link, ...]
    exclusions: tuple[Exclusion, ...] = ()  # numbers of the articles left out on purpose; read by validate only

    def fact(self, fact_id: str) -> Fact | None:
        return self.facts_by_id().get(fact_id)

    def facts_by_id(self) -> dict[str, Fact]:
        return {fact.id: fact for fact in self.facts}

    def label_of(self, fact: Fact) -> Label:
        """The fact's name in both languages: its metric's label for an observation."""
        if isinstance(fact, Observation):
            metric = self.metrics.get(fact.metric)
            return metric.label if metric else Label(fact.metric, fact.metric)
        if isinstance(fact, Designation):
            return fact.name
        return fact.label

    def topic_of(self, fact: Fact) -> str:
        if isinstance(fact, Observation):
            metric = self.metrics.get(fact.metric)
            return metric.topic if metric else ""
        return fact.topic

    def normalized(self, fact: Observation) -> tuple[Decimal, str] | None:
        """The value after 万/亿 scaling, in the unit's base unit."""
        unit = self.units.get(fact.unit)
        if unit is None:
            return None
        return fact.value * unit.factor, unit.base

    def links_of(self, fact_id: str) -> list[Link]:
        return [link for link in self.links if fact_id in link.facts]


compare_as_records(
    Label, Aliases, Origin, Topic, Unit, Metric, DatePart, Publication, Source, Derivation, Likely, Observation,
    Designation, Milestone, Exclusion, Link, FactBase,
)  # fmt: skip

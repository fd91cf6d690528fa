"""Comparing two periods honestly: like with like, bounds never subtracted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from xining.answers.query import AsOf, Filters, as_of, check_filters
from xining.base.model import FactBase, Metric, Observation
from xining.base.periods import Period, PeriodError, parse_period
from xining.cache.store import Store
from xining.errors import XiningError

if TYPE_CHECKING:
    from xining.base.model import Unit


class Seen(NamedTuple):
    """One observation as pairing needs it, read without its record: a comparison at 100,000
    observations reads tens of thousands, and prints its records only as it writes them."""

    id: str
    metric: str
    start: str  # ISO dates: a compared observation is closed at both ends
    end: str
    label: str  # the period's
    qualifier: str
    derived: dict[str, Any] | None  # the record's `derived`: method, inputs, rounding
    value: Decimal
    number: int | float  # the value as the record writes it
    unit: str
    quote: str
    source: str
    # As Period.year_span: (start month, start day, end month, end day) when both bounds lie in one year.
    year_span: tuple[int, int, int, int] | None

    @property
    def days(self) -> int:
        return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days


class Event(NamedTuple):
    """A designation or milestone within the periods, as `compare` lists it."""

    id: str
    kind: str
    source: str
    start: str
    end: str


def _well_typed(status: Any, qualifier: Any, derived: Any, value: Any, unit: Any, label: Any, quote: Any) -> bool:
    """Whether fields read for pairing have the types an observation's record gives them."""
    texts = all(isinstance(text, str) for text in (status, qualifier, label, quote))
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    optional = (unit is None or isinstance(unit, str)) and (derived is None or isinstance(derived, dict))
    return texts and number and optional


def year_span(start: str, end: str) -> tuple[int, int, int, int] | None:
    if start[:4] != end[:4]:
        return None
    return (int(start[5:7]), int(start[8:10]), int(end[5:7]), int(end[8:10]))


class Row(NamedTuple):
    """One metric observed in both periods: the pair chosen, and what may be said of it."""

    metric: str
    a: Seen
    b: Seen
    comparable: bool
    difference: Decimal | None
    difference_unit: str | None
    relative_change: Decimal | None
    improvement: bool | None
    note: str
    # The difference in the unit both figures are written in (219.24 万人次), where they share one.
    written: tuple[Decimal, str] | None = None
    approximate: bool = False  # an approximate or derived side: the difference is approximate too


class Comparison(NamedTuple):
    """Period a is always the earlier one, so that a change and an improvement mean what a reader thinks.

    Facts are named by id; their records are read from the store as the comparison is written out.
    """

    store: Store
    metrics: dict[str, Metric]  # every metric of a row
    a: Period
    b: Period
    rows: tuple[Row, ...]
    only_in_a: tuple[str, ...]
    only_in_b: tuple[str, ...]
    events_a: tuple[str, ...]
    events_b: tuple[str, ...]
    given: tuple[str, str] = ("", "")  # the periods as the user wrote them, in that order
    swapped: bool = False  # the user gave the later period first
    unpaired_a: tuple[str, ...] = ()  # a metric observed in both, but no same-span partner for this one
    unpaired_b: tuple[str, ...] = ()
    # Designation or milestone id -> every source that reports it (several articles, one event).
    event_sources: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - never mutated


def parse_compare_period(text: str) -> Period:
    """A period to compare: 2024, 2025H1, 2025Q3, 2025-06 or 2025-01..2025-05."""
    hint = "use a year (2024), half (2025H1), quarter (2025Q3), month (2025-06) or months (2025-01..2025-05)"
    try:
        period = parse_period(text, None)
    except PeriodError:
        raise XiningError(f"compare: '{text}' is not a period; {hint}") from None
    if period.start is None or period.end is None or text in ("publication", "unknown"):
        raise XiningError(f"compare: '{text}' is not a closed period; {hint}")
    return period


def bounds(period: Period) -> tuple[str, str]:
    """A closed period's first and last days as ISO dates, which compare as the dates do."""
    assert period.start is not None and period.end is not None  # parse_compare_period gives only closed ones
    return period.start.isoformat(), period.end.isoformat()


def within(start: str, end: str, outer: tuple[str, str]) -> bool:
    """Whether a closed span (ISO dates) lies inside a period's bounds."""
    return outer[0] <= start and end <= outer[1]


def compare(store: Store, a_text: str, b_text: str, topics: tuple[str, ...] = (), metrics: tuple[str, ...] = (),
            as_of_day: AsOf | None = None) -> Comparison:  # fmt: skip
    """Pair every metric observed in both periods, like with like, from the earlier period to the later."""
    import json

    a, b = parse_compare_period(a_text), parse_compare_period(b_text)
    if (a.start, a.end) == (b.start, b.end):
        raise XiningError(f"compare: {a_text} and {b_text} are the same period; give two different ones")
    swapped = (b.start, b.end) < (a.start, a.end)  # type: ignore[operator]
    if swapped:
        a, b = b, a
    check_filters(store, Filters(topics=topics, metrics=metrics))
    first, last = min(a.start, b.start), max(a.end, b.end)  # type: ignore[type-var]
    condition = 'start IS NOT NULL AND "end" IS NOT NULL AND start >= ? AND "end" <= ?'
    params: list[Any] = [first.isoformat(), last.isoformat()]  # type: ignore[union-attr]
    for column, values in (("topic", topics), ("metric", metrics)):
        if values:
            condition += f" AND {column} IN ({', '.join('?' * len(values))})"
            params += values
    if as_of_day is not None:
        condition += f" AND {as_of_day.column} <= ?"
        params.append(as_of_day.day.isoformat())
    # One pass over the facts closed within both periods: the fields that pairing and a pair's row need,
    # not whole records (those of the figures left unpaired are read as they are written).
    fields = store.record_fields(("status", "qualifier", "derived", "value", "unit", "period.label", "quote"))
    sql = f'SELECT id, kind, metric, source, start, "end", {fields} FROM facts WHERE {condition}'

    # Metric ids, dates, labels, units and spans repeat from row to row: each is held once.
    shared: dict[Any, Any] = {}

    def seen(row: tuple[Any, ...]) -> Seen | Event | None:
        fact_id, kind, metric, source, start, end, extracted = row
        if kind != "observation":
            return None if metrics else Event(fact_id, kind, source, start, end)  # only observations have a metric
        status, qualifier, derived, value, unit, label, quote = json.loads(extracted)
        if not _well_typed(status, qualifier, derived, value, unit, label, quote):
            raise ValueError(f"the stored fields of {fact_id} are not those of an observation")  # damage: healed
        if status != "actual":
            return None
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        held = shared.setdefault
        metric, start, end, label = held(metric, metric), held(start, start), held(end, end), held(label, label)
        qualifier, unit, source = held(qualifier, qualifier), held(unit, unit), held(source, source)
        span = held((start, end), year_span(start, end))
        return Seen(fact_id, metric, start, end, label, qualifier, derived, number, value, unit, quote, source, span)

    found = sorted(store.scan(sql, params, seen))  # in id order, as every listing
    observations = [item for item in found if isinstance(item, Seen)]
    events = [item for item in found if isinstance(item, Event)]
    span_a, span_b = bounds(a), bounds(b)
    in_a = [o for o in observations if within(o.start, o.end, span_a)]
    in_b = [o for o in observations if within(o.start, o.end, span_b)]
    by_metric_a: dict[str, list[Seen]] = {}
    by_metric_b: dict[str, list[Seen]] = {}
    for observation in in_a:
        by_metric_a.setdefault(observation.metric, []).append(observation)
    for observation in in_b:
        by_metric_b.setdefault(observation.metric, []).append(observation)
    metrics_a, metrics_b = set(by_metric_a), set(by_metric_b)
    both = sorted(metrics_a & metrics_b)
    registries = store.registries(metrics=both, sources=())
    rows: list[Row] = []
    for metric in both:
        rows += _pairs(registries, by_metric_a[metric], by_metric_b[metric])
    used = {observation.id for row in rows for observation in (row.a, row.b)}
    kept, event_sources = _one_per_event(store, events, as_of_day)
    return Comparison(
        store,
        registries.metrics,
        a,
        b,
        tuple(rows),
        tuple(o.id for o in in_a if o.metric not in metrics_b),
        tuple(o.id for o in in_b if o.metric not in metrics_a),
        tuple(event.id for event in kept if within(event.start, event.end, span_a)),
        tuple(event.id for event in kept if within(event.start, event.end, span_b)),
        given=(a_text, b_text),
        swapped=swapped,
        unpaired_a=tuple(o.id for o in in_a if o.metric in metrics_b and o.id not in used),
        unpaired_b=tuple(o.id for o in in_b if o.metric in metrics_a and o.id not in used),
        event_sources=event_sources,
    )


def _one_per_event(
    store: Store, events: list[Event], as_of_day: AsOf | None
) -> tuple[list[Event], dict[str, tuple[str, ...]]]:
    """Events (id, kind, source, start, end) that several articles report kept once, with every report's source."""
    from xining.answers.query import corroborated

    groups = corroborated(store.registries(metrics=(), sources=()).links)
    members = sorted({m for event in events for m in groups.get(event.id, (event.id,))})
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(members), 500):  # SQLite limits the parameters of one statement
        part = members[start : start + 500]
        condition = f"id IN ({', '.join('?' * len(part))})" + (f" AND {as_of_day.column} <= ?" if as_of_day else "")
        params = [*part, *([as_of_day.day.isoformat()] if as_of_day else [])]
        for fact_id, kind, source in store.rows(f"SELECT id, kind, source FROM facts WHERE {condition}", params):
            found[fact_id] = (kind, source)
    kept: list[Event] = []
    sources: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    for event in events:
        fact_id, kind, source = event.id, event.kind, event.source
        if fact_id in seen:
            continue
        group = [m for m in groups.get(fact_id, (fact_id,)) if found.get(m, ("",))[0] == kind]
        seen.update(group)
        kept.append(event)
        sources[fact_id] = tuple(dict.fromkeys([source, *(found[m][1] for m in group)]))
    return kept, sources


def _pairs(registries: FactBase, in_a: list[Seen], in_b: list[Seen]) -> list[Row]:
    """One row per span of the year observed in both periods; with no common span, the best unlike pair."""
    spans_a = {o.year_span for o in in_a} - {None}
    spans_b = {o.year_span for o in in_b} - {None}
    common = sorted(spans_a & spans_b, key=lambda span: (span[0], span[1], -span[2], -span[3]))  # type: ignore[index]
    if not common:
        return [_pair(registries, in_a, in_b)]
    rows = []
    for span in common:
        same_a = [o for o in in_a if o.year_span == span]
        rows.append(_pair(registries, same_a, [o for o in in_b if o.year_span == span]))
    return rows


BOUNDS = ("at_least", "more_than", "at_most")  # model.Qualifier.is_bound


def _pair(registries: FactBase, in_a: list[Seen], in_b: list[Seen]) -> Row:
    """The best pair: same span of the year first, stated before derived, then the longest span."""
    pairs = [(x, y) for x in in_a for y in in_b]

    def preference(pair: tuple[Seen, Seen]) -> tuple[bool, int, int]:
        x, y = pair
        same_span = x.year_span is not None and x.year_span == y.year_span
        derived = (x.derived is not None) + (y.derived is not None)
        return (not same_span, derived, -x.days)

    x, y = pairs[0] if len(pairs) == 1 else min(pairs, key=preference)
    metric = registries.metrics[x.metric]
    notes: list[str] = []
    comparable = True
    if x.year_span is None or x.year_span != y.year_span:
        comparable = False
        notes.append(f"different spans of the year ({x.label} against {y.label}): no difference is given")
    if x.qualifier in BOUNDS or y.qualifier in BOUNDS:
        comparable = False
        notes.append(f"bounds ({x.qualifier} against {y.qualifier}) are not subtracted")
    for obs in (x, y):
        if obs.derived:
            notes.append(
                f"the {obs.label} figure is derived: {obs.derived['method']} of {', '.join(obs.derived['inputs'])}"
            )
    approximate = comparable and ("approx" in (x.qualifier, y.qualifier) or bool(x.derived or y.derived))
    if approximate:  # said in words too, for formats that give the difference as a bare number (csv)
        notes.append("the difference is approximate")
    difference = unit = relative = None
    improvement = None
    normal_x, normal_y = _normalized(registries.units, x), _normalized(registries.units, y)
    if comparable and normal_x and normal_y and normal_x[1] == normal_y[1]:
        difference = normal_y[0] - normal_x[0]
        if normal_x[1] == "%":
            unit = "pp"
        else:
            unit = normal_x[1]
            if normal_x[0] != 0:
                relative = (difference / normal_x[0] * 100).quantize(Decimal("0.01"))
        if metric.higher_is_better is not None and difference != 0:
            improvement = (difference > 0) == metric.higher_is_better
    written = None
    if difference is not None and x.unit == y.unit and x.unit != "%":
        written = (y.value - x.value, x.unit)  # as the article writes it: 万人次, 亿元
    return Row(
        x.metric, x, y, comparable, difference, unit, relative, improvement, "; ".join(notes), written, approximate
    )


def _normalized(units: dict[str, Unit], observation: Seen) -> tuple[Decimal, str] | None:
    """As FactBase.normalized: the value after 万/亿 scaling, in the unit's base unit."""
    unit = units.get(observation.unit)
    return None if unit is None else (observation.value * unit.factor, unit.base)


class Trend(NamedTuple):
    """One metric across all its periods, in time order."""

    base: FactBase
    metric: str
    observations: tuple[Observation, ...]


def trend(store: Store, metric: str, as_of_day: AsOf | None = None) -> Trend:
    check_filters(store, Filters(metrics=(metric,)))
    base = as_of(store.base("metric = ?", (metric,), metrics=(metric,)), as_of_day)
    series = sorted(
        (f for f in base.facts if isinstance(f, Observation) and f.metric == metric),
        key=lambda o: (o.period.end or date.max, o.period.start or date.min, o.id),
    )
    return Trend(base, metric, tuple(series))

"""Comparing two periods honestly: like with like, bounds never subtracted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from xining.errors import XiningError
from xining.model import Designation, Fact, FactBase, Milestone, Observation, Status
from xining.periods import Period, PeriodError, parse_period
from xining.query import AsOf, Filters, as_of, check_filters
from xining.store import Store


class Row(NamedTuple):
    """One metric observed in both periods: the pair chosen, and what may be said of it."""

    metric: str
    a: Observation
    b: Observation
    comparable: bool
    difference: Decimal | None
    difference_unit: str | None
    relative_change: Decimal | None
    improvement: bool | None
    note: str


class Comparison(NamedTuple):
    """Period a is always the earlier one, so that a change and an improvement mean what a reader thinks."""

    base: FactBase
    a: Period
    b: Period
    rows: tuple[Row, ...]
    only_in_a: tuple[Observation, ...]
    only_in_b: tuple[Observation, ...]
    events_a: tuple[Fact, ...]
    events_b: tuple[Fact, ...]
    given: tuple[str, str] = ("", "")  # the periods as the user wrote them, in that order
    swapped: bool = False  # the user gave the later period first
    unpaired_a: tuple[Observation, ...] = ()  # a metric observed in both, but no same-span partner for this one
    unpaired_b: tuple[Observation, ...] = ()
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


def within(period: Period, outer: Period) -> bool:
    return (
        period.start is not None
        and period.end is not None
        and outer.start is not None
        and outer.end is not None
        and outer.start <= period.start
        and period.end <= outer.end
    )


def compare(store: Store, a_text: str, b_text: str, topics: tuple[str, ...] = (), metrics: tuple[str, ...] = (),
            as_of_day: AsOf | None = None) -> Comparison:  # fmt: skip
    """Pair every metric observed in both periods, like with like, from the earlier period to the later."""
    a, b = parse_compare_period(a_text), parse_compare_period(b_text)
    if (a.start, a.end) == (b.start, b.end):
        raise XiningError(f"compare: {a_text} and {b_text} are the same period; give two different ones")
    swapped = (b.start, b.end) < (a.start, a.end)  # type: ignore[operator]
    if swapped:
        a, b = b, a
    check_filters(store, Filters(topics=topics, metrics=metrics))
    first, last = min(a.start, b.start), max(a.end, b.end)  # type: ignore[type-var]
    closed = 'start IS NOT NULL AND "end" IS NOT NULL AND start >= ? AND "end" <= ?'
    base = as_of(store.base(closed, (first.isoformat(), last.isoformat())), as_of_day)  # type: ignore[union-attr]

    def wanted(fact: Fact) -> bool:
        return (not topics or base.topic_of(fact) in topics) and (
            not metrics or (isinstance(fact, Observation) and fact.metric in metrics)
        )

    observations = [f for f in base.facts if isinstance(f, Observation) and f.status is Status.ACTUAL and wanted(f)]
    in_a = [o for o in observations if within(o.period, a)]
    in_b = [o for o in observations if within(o.period, b)]
    by_metric_a: dict[str, list[Observation]] = {}
    by_metric_b: dict[str, list[Observation]] = {}
    for observation in in_a:
        by_metric_a.setdefault(observation.metric, []).append(observation)
    for observation in in_b:
        by_metric_b.setdefault(observation.metric, []).append(observation)
    metrics_a, metrics_b = set(by_metric_a), set(by_metric_b)
    rows: list[Row] = []
    for metric in sorted(metrics_a & metrics_b):
        rows += _pairs(base, by_metric_a[metric], by_metric_b[metric])
    used = {observation.id for row in rows for observation in (row.a, row.b)}
    dated = [f for f in base.facts if isinstance(f, (Designation, Milestone)) and wanted(f) and f.period.start]
    events, event_sources = _one_per_event(store, dated, as_of_day)
    return Comparison(
        base,
        a,
        b,
        tuple(rows),
        tuple(o for o in in_a if o.metric not in metrics_b),
        tuple(o for o in in_b if o.metric not in metrics_a),
        tuple(f for f in events if within(f.period, a)),
        tuple(f for f in events if within(f.period, b)),
        given=(a_text, b_text),
        swapped=swapped,
        unpaired_a=tuple(o for o in in_a if o.metric in metrics_b and o.id not in used),
        unpaired_b=tuple(o for o in in_b if o.metric in metrics_a and o.id not in used),
        event_sources=event_sources,
    )


def _one_per_event(
    store: Store, events: list[Designation | Milestone], as_of_day: AsOf | None
) -> tuple[list[Fact], dict[str, tuple[str, ...]]]:
    """Events reported by several articles kept once, with the sources of every report."""
    from xining.query import corroborated

    groups = corroborated(store.registries().links)
    members = sorted({m for event in events for m in groups.get(event.id, (event.id,))})
    condition = f"id IN ({', '.join('?' * len(members))})" + (f" AND {as_of_day.column} <= ?" if as_of_day else "")
    params = [*members, *([as_of_day.day.isoformat()] if as_of_day else [])]
    rows = store.rows(f"SELECT id, kind, source FROM facts WHERE {condition}", params) if members else []
    found = {fact_id: (kind, source) for fact_id, kind, source in rows}
    kept: list[Fact] = []
    sources: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            continue
        group = [m for m in groups.get(event.id, (event.id,)) if found.get(m, ("",))[0] == event.kind.value]
        seen.update(group)
        kept.append(event)
        sources[event.id] = tuple(dict.fromkeys([event.source, *(found[m][1] for m in group)]))
    return kept, sources


def _pairs(base: FactBase, in_a: list[Observation], in_b: list[Observation]) -> list[Row]:
    """One row per span of the year observed in both periods; with no common span, the best unlike pair."""
    spans_a = {o.period.year_span() for o in in_a} - {None}
    spans_b = {o.period.year_span() for o in in_b} - {None}
    common = sorted(spans_a & spans_b, key=lambda span: (span[0], span[1], -span[2], -span[3]))  # type: ignore[index]
    if not common:
        return [_pair(base, in_a, in_b)]
    rows = []
    for span in common:
        same_a = [o for o in in_a if o.period.year_span() == span]
        rows.append(_pair(base, same_a, [o for o in in_b if o.period.year_span() == span]))
    return rows


def _pair(base: FactBase, in_a: list[Observation], in_b: list[Observation]) -> Row:
    """The best pair: same span of the year first, stated before derived, then the longest span."""
    pairs = [(x, y) for x in in_a for y in in_b]

    def preference(pair: tuple[Observation, Observation]) -> tuple[bool, int, int]:
        x, y = pair
        same_span = x.period.year_span() is not None and x.period.year_span() == y.period.year_span()
        derived = (x.derived is not None) + (y.derived is not None)
        length = (x.period.end - x.period.start).days if x.period.start and x.period.end else 0  # type: ignore[operator]
        return (not same_span, derived, -length)

    x, y = min(pairs, key=preference)
    metric = base.metrics[x.metric]
    notes: list[str] = []
    comparable = True
    if x.period.year_span() is None or x.period.year_span() != y.period.year_span():
        comparable = False
        notes.append(f"different spans of the year ({x.period.label} against {y.period.label}): no difference is given")
    if x.qualifier.is_bound or y.qualifier.is_bound:
        comparable = False
        notes.append(f"bounds ({x.qualifier.value} against {y.qualifier.value}) are not subtracted")
    for side, obs in (("a", x), ("b", y)):
        if obs.derived:
            notes.append(f"{side} is derived, not stated: {obs.derived.method} of {', '.join(obs.derived.inputs)}")
    if comparable and "approx" in (x.qualifier.value, y.qualifier.value):
        notes.append("approximate figures: the difference is approximate too")
    difference = unit = relative = None
    improvement = None
    normal_x, normal_y = base.normalized(x), base.normalized(y)
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
    return Row(x.metric, x, y, comparable, difference, unit, relative, improvement, "; ".join(notes))


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

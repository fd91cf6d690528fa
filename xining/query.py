"""The one query path: filters, search and lookup over a fact base."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from xining.errors import XiningError, unknown
from xining.model import Designation, Fact, FactBase, Kind, Level, Link, Milestone, Observation


class SortKey:
    ID = "id"
    PERIOD = "period"
    TOPIC = "topic"
    SOURCE = "source"
    VALUE = "value"
    ALL = ("id", "period", "topic", "source", "value")


@dataclass(frozen=True)
class Filters:
    """What `xining facts` was asked for. Empty fields do not filter."""

    topics: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    text: str | None = None
    sort: str = SortKey.ID
    limit: int | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class Selection:
    """Facts chosen from a base, in order; search results carry their match."""

    base: FactBase
    facts: tuple[Fact, ...]
    matches: dict[str, str] = field(default_factory=dict)  # fact id -> matched text
    title: str = ""


@dataclass(frozen=True)
class Card:
    """One fact with everything a reader needs to cite it."""

    base: FactBase
    fact: Fact
    links: tuple[Link, ...]
    same_metric: tuple[Observation, ...]
    inputs: tuple[Observation, ...]


def as_of(base: FactBase, day: date | None) -> FactBase:
    """The base as a reader could have known it on `day`: only sources published by then.

    A source known only to the month (or year) counts from the end of that
    month (or year); a source with no known date is left out.
    """
    if day is None:
        return base
    kept = {s.id: s for s in base.sources.values() if s.published is not None and s.published.last <= day}
    facts = tuple(fact for fact in base.facts if fact.source in kept)
    return replace(base, sources=kept, facts=facts)


def check_filters(base: FactBase, filters: Filters) -> None:
    """Every named topic, kind, metric, source and level exists; else a usage error with a suggestion."""
    for topic in filters.topics:
        if topic not in base.topics:
            raise unknown("topic", topic, base.topics, see="xining topics")
    for kind in filters.kinds:
        if kind not in {k.value for k in Kind}:
            raise unknown("kind", kind, [k.value for k in Kind])
    for metric in filters.metrics:
        if metric not in base.metrics:
            raise unknown("metric", metric, base.metrics, see="xining metrics")
    for source in filters.sources:
        if source not in base.sources:
            raise unknown("source", source, base.sources, see="xining sources")
    for level in filters.levels:
        if level not in {lv.value for lv in Level}:
            raise unknown("level", level, [lv.value for lv in Level])
    for year in filters.years:
        if not 1900 <= year <= 2100:
            raise XiningError(f"--year {year}: not a plausible year; give four digits, such as 2025")
    if filters.sort not in SortKey.ALL:
        raise unknown("sort key", filters.sort, SortKey.ALL)
    if filters.limit is not None and filters.limit < 0:
        raise XiningError(f"--limit {filters.limit}: must be 0 or more")


def select(base: FactBase, filters: Filters) -> Selection:
    """The facts that pass every filter, sorted and limited."""
    check_filters(base, filters)
    base = as_of(base, filters.as_of)
    facts: Iterable[Fact] = base.facts
    if filters.topics:
        facts = [f for f in facts if base.topic_of(f) in filters.topics]
    if filters.kinds:
        facts = [f for f in facts if f.kind.value in filters.kinds]
    if filters.metrics:
        facts = [f for f in facts if isinstance(f, Observation) and f.metric in filters.metrics]
    if filters.sources:
        facts = [f for f in facts if f.source in filters.sources]
    if filters.levels:
        facts = [f for f in facts if isinstance(f, Designation) and f.level.value in filters.levels]
    if filters.years:
        facts = [f for f in facts if any(in_year(f, year) for year in filters.years)]
    matches: dict[str, str] = {}
    if filters.text:
        ranked = search_facts(base, filters.text, facts)
        facts = [fact for fact, _, _ in ranked]
        matches = {fact.id: found for fact, found, _ in ranked}
    else:
        facts = sorted(facts, key=sort_key(base, filters.sort))
    if filters.limit is not None:
        facts = list(facts)[: filters.limit]
    return Selection(base, tuple(facts), matches)


def in_year(fact: Fact, year: int) -> bool:
    """Observations whose period overlaps the year; designations and milestones dated in it."""
    period = fact.period
    if isinstance(fact, Observation):
        return period.overlaps(date(year, 1, 1), date(year, 12, 31))
    return period.start is not None and period.start.year == year


def sort_key(base: FactBase, key: str):  # type: ignore[no-untyped-def]
    if key == SortKey.PERIOD:
        return lambda f: (f.period.end or date.max, f.period.start or date.min, f.id)
    if key == SortKey.TOPIC:
        return lambda f: (base.topic_of(f), f.id)
    if key == SortKey.SOURCE:
        return lambda f: (f.source, f.id)
    if key == SortKey.VALUE:
        return lambda f: (0 if isinstance(f, Observation) else 1, -(f.value if isinstance(f, Observation) else 0), f.id)
    return lambda f: f.id


# --- search -------------------------------------------------------------------------

# Where a match was found, best first: a match in a label outranks one in a quote.
_FIELD_RANK = ("id", "label", "name", "topic", "recipient", "issuer", "subject", "quote", "note", "source")


def search_texts(base: FactBase, fact: Fact) -> list[tuple[str, str]]:
    """(field, text) pairs a search looks in, in rank order."""
    label = base.label_of(fact)
    topic = base.topics.get(base.topic_of(fact))
    source = base.sources[fact.source]
    texts = [("id", fact.id), ("label", label.zh), ("label", label.en)]
    if isinstance(fact, Designation):
        texts += [("recipient", fact.recipient), ("issuer", fact.issuer or "")]
    if topic:
        texts += [("topic", topic.id), ("topic", topic.label.zh), ("topic", topic.label.en)]
    if isinstance(fact, Observation):
        texts.append(("subject", fact.subject or ""))
    texts += [("quote", fact.quote), ("note", fact.note or "")]
    texts += [("source", source.id), ("source", source.title or ""), ("source", source.publisher or "")]
    return texts


def search_facts(base: FactBase, text: str, facts: Iterable[Fact]) -> list[tuple[Fact, str, int]]:
    """Facts containing `text` (case-insensitive; Chinese substrings work), best match first."""
    needle = text.strip().casefold()
    if not needle:
        raise XiningError("search: give some text to look for, such as 碳达峰 or tourism")
    squeezed = re.sub(r"\s+", "", needle)
    found: list[tuple[Fact, str, int]] = []
    for fact in facts:
        for field_name, haystack in search_texts(base, fact):
            folded = haystack.casefold()
            if needle in folded or (squeezed and squeezed in re.sub(r"\s+", "", folded)):
                found.append((fact, field_name, _FIELD_RANK.index(field_name)))
                break
    found.sort(key=lambda item: (item[2], item[0].id))
    return found


def search(base: FactBase, text: str, as_of_day: date | None = None, limit: int | None = None) -> Selection:
    """Search every label, quote, topic, designation and source."""
    return select(base, Filters(text=text, as_of=as_of_day, limit=limit))


def card(base: FactBase, fact_id: str, as_of_day: date | None = None) -> Card:
    """Everything about one fact: the fact, its derivation inputs, and the other articles on it."""
    base = as_of(base, as_of_day)
    fact = base.fact(fact_id)
    if fact is None:
        raise unknown("fact id", fact_id, [f.id for f in base.facts], see="xining facts")
    links = tuple(base.links_of(fact_id))
    same: tuple[Observation, ...] = ()
    inputs: tuple[Observation, ...] = ()
    if isinstance(fact, Observation):
        same = tuple(
            f for f in base.facts if isinstance(f, Observation) and f.metric == fact.metric and f.id != fact.id
        )
        if fact.derived:
            inputs = tuple(f for f in (base.fact(i) for i in fact.derived.inputs) if isinstance(f, Observation))
    return Card(base, fact, links, same, inputs)


def designations(base: FactBase, levels: tuple[str, ...] = (), as_of_day: date | None = None) -> Selection:
    """Every designation, newest first (undated ones last)."""
    chosen = select(base, Filters(kinds=(Kind.DESIGNATION.value,), levels=levels, as_of=as_of_day))

    def newest_first(fact: Fact) -> tuple[bool, int, int, str]:
        start, end = fact.period.start, fact.period.end
        undated = start is None  # "by publication" is not a date of designation
        return (
            undated,
            -(end.toordinal() if end and not undated else 0),
            -(start.toordinal() if start else 0),
            fact.id,
        )

    ordered = sorted(chosen.facts, key=newest_first)
    return replace(chosen, facts=tuple(ordered))


__all__ = ["Card", "Filters", "Milestone", "Selection", "as_of", "card", "designations", "search", "select"]

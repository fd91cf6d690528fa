"""What a base holds: counts by kind and topic, and its registries with their use."""

from __future__ import annotations

from typing import Any, NamedTuple

from xining import __version__
from xining.answers.query import AsOf, as_of
from xining.base.model import FactBase, Kind, Metric, Source, Topic
from xining.cache.store import Store


class Summary(NamedTuple):
    tool_version: str
    schema_version: int
    release: str
    base: str
    facts: int
    by_kind: dict[str, int]
    by_topic: dict[str, int]
    release_date: str | None = None  # from the release's entry in CHANGELOG.md
    release_notes: str | None = None  # what changed in it, as the entry words it


class Registry(NamedTuple):
    """A registry (topics, sources or metrics) with how many facts use each entry."""

    base: FactBase
    name: str
    entries: tuple[Topic, ...] | tuple[Source, ...] | tuple[Metric, ...]
    counts: dict[str, int]
    periods: dict[str, tuple[str, ...]]  # metric id -> its period labels


def _published_by(day: AsOf | None) -> tuple[str, list[Any]]:
    return (f"{day.column} <= ?", [day.day.isoformat()]) if day else ("1", [])


def _counts(store: Store, column: str, day: AsOf | None) -> dict[str, int]:
    condition, params = _published_by(day)
    sql = f"SELECT {column}, count(*) FROM facts WHERE {condition} GROUP BY {column}"
    return {key: count for key, count in store.rows(sql, params) if key is not None}


def summarize(store: Store, day: AsOf | None = None) -> Summary:
    from xining.base.releases import entry

    registries = store.registries(metrics=(), sources=())
    kinds = _counts(store, "kind", day)
    topics = _counts(store, "topic", day)
    notes = entry(store.location, registries.release)
    return Summary(
        tool_version=__version__,
        schema_version=registries.schema_version,
        release=registries.release,
        base=str(store.location),
        facts=sum(kinds.values()),
        by_kind={kind.value: kinds.get(kind.value, 0) for kind in Kind},
        by_topic={topic: topics[topic] for topic in sorted(topics, key=lambda t: (-topics[t], t))},
        release_date=notes.date.isoformat() if notes and notes.date else None,
        release_notes=notes.text if notes else None,
    )


def topics(store: Store, day: AsOf | None = None) -> Registry:
    registries = store.registries(metrics=(), sources=())
    return Registry(registries, "topics", tuple(registries.topics.values()), _counts(store, "topic", day), {})


def sources(store: Store, day: AsOf | None = None) -> Registry:
    registries = as_of(store.registries(metrics=()), day)
    return Registry(registries, "sources", tuple(registries.sources.values()), _counts(store, "source", day), {})


def metrics(store: Store, topic: str | None = None, day: AsOf | None = None) -> Registry:
    import json

    registries = store.registries(sources=())
    condition, params = _published_by(day)
    if topic is not None:  # an observation's topic is its metric's
        condition += " AND topic = ?"
        params.append(topic)
    # Read in the table's order and sorted here by fact id: cheaper than an ordered scan of the index.
    # Metric ids and period labels repeat from row to row: each is held once.
    shared: dict[str, str] = {}

    def keep(row: tuple[Any, ...]) -> tuple[str, str, str]:
        fact_id, metric, fields = row
        (label,) = json.loads(fields)
        if not isinstance(label, str):
            raise ValueError(f"the period of {fact_id} has no label")  # damage: healed
        return fact_id, shared.setdefault(metric, metric), shared.setdefault(label, label)

    label = store.record_fields(("period.label",))
    sql = f"SELECT id, metric, {label} FROM facts WHERE metric IS NOT NULL AND {condition}"
    periods: dict[str, list[str]] = {}
    for _, metric, label in sorted(store.scan(sql, params, keep)):
        periods.setdefault(metric, []).append(label)
    entries = tuple(m for m in registries.metrics.values() if topic is None or m.topic == topic)
    counts = {metric: len(labels) for metric, labels in periods.items()}
    return Registry(registries, "metrics", entries, counts, {k: tuple(v) for k, v in periods.items()})

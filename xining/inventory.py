"""What a base holds: counts by kind and topic, and its registries with their use."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from xining import __version__
from xining.model import FactBase, Kind, Metric, Observation, Source, Topic


@dataclass(frozen=True)
class Summary:
    tool_version: str
    schema_version: int
    release: str
    base: str
    facts: int
    by_kind: dict[str, int]
    by_topic: dict[str, int]


@dataclass(frozen=True)
class Registry:
    """A registry (topics, sources or metrics) with how many facts use each entry."""

    base: FactBase
    name: str
    entries: tuple[Topic, ...] | tuple[Source, ...] | tuple[Metric, ...]
    counts: dict[str, int]
    periods: dict[str, tuple[str, ...]]  # metric id -> its period labels


def summarize(base: FactBase, location: str) -> Summary:
    kinds = Counter(fact.kind.value for fact in base.facts)
    topics = Counter(base.topic_of(fact) for fact in base.facts)
    return Summary(
        tool_version=__version__,
        schema_version=base.schema_version,
        release=base.release,
        base=location,
        facts=len(base.facts),
        by_kind={kind.value: kinds.get(kind.value, 0) for kind in Kind},
        by_topic={topic: topics[topic] for topic in sorted(topics, key=lambda t: (-topics[t], t))},
    )


def topics(base: FactBase) -> Registry:
    counts = Counter(base.topic_of(fact) for fact in base.facts)
    return Registry(base, "topics", tuple(base.topics.values()), dict(counts), {})


def sources(base: FactBase) -> Registry:
    counts = Counter(fact.source for fact in base.facts)
    return Registry(base, "sources", tuple(base.sources.values()), dict(counts), {})


def metrics(base: FactBase, topic: str | None = None) -> Registry:
    counts: Counter[str] = Counter()
    periods: dict[str, list[str]] = {}
    for fact in base.facts:
        if isinstance(fact, Observation):
            counts[fact.metric] += 1
            periods.setdefault(fact.metric, []).append(fact.period.label)
    entries = tuple(m for m in base.metrics.values() if topic is None or m.topic == topic)
    return Registry(base, "metrics", entries, dict(counts), {k: tuple(v) for k, v in periods.items()})

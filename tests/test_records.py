"""Records round-trip to the model: the compiled cache rebuilds facts from them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from xining.base.codec import decode, encode
from xining.base.loader import read_base
from xining.base.model import Metric, Source, Unit
from xining.cache.records import fact_from_record, fact_record

SHIPPED, _ = read_base(Path(__file__).resolve().parents[1] / "facts")


@given(st.sampled_from(SHIPPED.facts))
def test_every_fact_round_trips_through_its_record(fact) -> None:  # type: ignore[no-untyped-def]
    record = fact_record(SHIPPED, fact)
    assert fact_from_record(record, getattr(fact, "figure", None), fact.period.spec) == fact


def test_all_shipped_facts_round_trip() -> None:
    for fact in SHIPPED.facts:
        again = fact_from_record(fact_record(SHIPPED, fact), getattr(fact, "figure", None), fact.period.spec)
        assert again == fact, fact.id


def test_registries_round_trip_through_the_codec() -> None:
    for kind, entries in ((Metric, SHIPPED.metrics), (Source, SHIPPED.sources), (Unit, SHIPPED.units)):
        for entry in entries.values():
            assert decode(kind, encode(entry)) == entry


def _spliced_records_match(base_dir: Path) -> int:
    """The records the cache splices from its pieces, against `fact_record` written whole."""
    import json

    from xining.cache.opening import open_store

    base, _ = read_base(base_dir)
    expected = {fact.id: json.dumps(fact_record(base, fact), ensure_ascii=False) for fact in base.facts}
    with open_store(base_dir) as store:
        spliced = dict(store.rows("SELECT id, record FROM facts"))
        labels = dict(store.rows("SELECT id, period_label FROM facts"))
    assert spliced == expected
    assert labels == {key: json.loads(record)["period"]["label"] for key, record in expected.items()}
    return len(spliced)


def test_the_cache_splices_every_shipped_record_byte_for_byte() -> None:
    assert _spliced_records_match(Path(__file__).resolve().parents[1] / "facts") == len(SHIPPED.facts)


def test_a_record_that_cannot_be_spliced_is_kept_whole(tiny) -> None:  # type: ignore[no-untyped-def]
    tiny.edit("articles/briefing.yaml", "id: air-2024", "id: 'air-\"2024\"\\'")
    assert _spliced_records_match(tiny.root) == 7

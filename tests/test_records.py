"""Records round-trip to the model: the compiled cache rebuilds facts from them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from xining.codec import decode, encode
from xining.loader import read_base
from xining.model import Metric, Source, Unit
from xining.records import fact_from_record, fact_record

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

"""Facts as plain records: the JSON contract every command prints.

The key names here are documented in the README and pinned by a contract
test; add keys, never rename them.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from xining.base.model import (
    Aliases,
    DatePart,
    Designation,
    Fact,
    FactBase,
    Kind,
    Label,
    Likely,
    Milestone,
    Observation,
    Publication,
    Source,
    Status,
)
from xining.base.periods import Period


def citation_text(source: Source) -> str:
    """The source's citation in GB/T 7714-2015, the one string every record, card and export carries."""
    from xining.base.citation import citation_text as gbt7714

    return gbt7714(source)


def number(value: Decimal) -> int | float:
    """A Decimal as the JSON number an article would print (93.1, 1245.19, 5)."""
    if value == value.to_integral_value():
        return int(value)
    nearest = float(value)
    return nearest if Decimal(repr(nearest)) == value else Digits(value)


class Digits(float):
    """A value with more significant digits than a float keeps (the README allows 28): JSON gets the nearest
    float, as any JSON reader would make of the digits; the wording, through repr, gets every digit."""

    def __new__(cls, value: Decimal) -> Digits:
        number = super().__new__(cls, value)
        number.digits = str(value)
        return number

    digits: str

    def __repr__(self) -> str:
        return self.digits


def period_record(period: Period) -> dict[str, Any]:
    record = {
        "start": period.start.isoformat() if period.start else None,
        "end": period.end.isoformat() if period.end else None,
        "label": period.label,
    }
    if period.due_from is not None:  # a deadline window: the end is its last day, this its first
        record["due_from"] = period.due_from.isoformat()
    return record


def published_text(publication: Publication) -> str | None:
    """The best estimate of a publication date, at its precision: 2025-07, 2026 or 2025-12-09."""
    return publication.best.point.token if publication.best else None


def publication_record(publication: Publication) -> dict[str, Any]:
    """The publication date as an interval: earliest and latest possible days, best estimate, confidence."""
    confidence = publication.confidence
    return {
        "earliest": publication.first_day.isoformat() if publication.first_day else None,
        "latest": publication.last_day.isoformat() if publication.last_day else None,
        "best": published_text(publication),
        "confidence": confidence.value if confidence else None,
    }


def source_provenance(source: Source) -> dict[str, Any]:
    """How each part of a source's citation was read: headlines, the bases of title, publisher and each date bound."""

    def part(date_part: DatePart | None) -> dict[str, Any] | None:
        if date_part is None:
            return None
        return {
            "date": date_part.point.token,
            "confidence": date_part.confidence.value,
            "soft": date_part.soft,
            "basis": date_part.basis,
        }

    published = source.published
    return {
        "subtitle": source.subtitle,
        "title_en": source.title_en,
        "headlines": list(source.headlines),
        "title_basis": source.title_basis,
        "publisher_basis": source.publisher_basis,
        "dating": {
            "earliest": part(published.earliest),
            "latest": part(published.latest),
            "best": part(published.best),
        },
    }


def source_record(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": published_text(source.published),
        "file": source.file,
        "publisher_inferred": source.publisher_inferred,
        "publication": publication_record(source.published),
    }


def _derivation_record(fact: Observation) -> dict[str, Any]:
    assert fact.derived is not None
    return {"method": fact.derived.method, "inputs": list(fact.derived.inputs), "rounding": fact.derived.rounding}


def fact_record(base: FactBase, fact: Fact) -> dict[str, Any]:
    """One fact as the documented JSON object."""
    source = base.sources[fact.source]
    return own_record(base, fact, source_record(source), citation_text(source))


def own_record(base: FactBase, fact: Fact, source: Any, citation: Any) -> dict[str, Any]:
    """`fact_record` with its source's parts given: the compiled cache stores those once per source."""
    label = base.label_of(fact)
    record: dict[str, Any] = {
        "id": fact.id,
        "kind": fact.kind.value,
        "topic": base.topic_of(fact),
        "label": {"zh": label.zh, "en": label.en},
        "value": None,
        "unit": None,
        "qualifier": None,
        "normalized": None,
        "period": period_record(fact.period),
        "status": getattr(fact, "status", Status.ACTUAL).value,
        "derived": None,
        "subject": None,
        "metric": None,
        "quote": fact.quote,
        "time_expression": fact.time_expression,
        "note": fact.note,
        "source": source,
        "citation": citation,
    }
    if isinstance(fact, Observation):
        normalized = base.normalized(fact)
        record.update(
            value=number(fact.value),
            unit=fact.unit,
            qualifier=fact.qualifier.value,
            normalized={"value": number(normalized[0]), "unit": normalized[1]} if normalized else None,
            derived=_derivation_record(fact) if fact.derived else None,
            subject=fact.subject,
            metric=fact.metric,
        )
        record["likely"] = (
            {"period": period_record(fact.likely.period), "spec": fact.likely.period.spec, "basis": fact.likely.basis}
            if fact.likely
            else None
        )
    elif isinstance(fact, Designation):
        record.update(
            name={"zh": fact.name.zh, "en": fact.name.en},
            level=fact.level.value,
            issuer=fact.issuer,
            recipient=fact.recipient,
            subject=fact.recipient,
            aliases={"zh": list(fact.aliases.zh), "en": list(fact.aliases.en)},
        )
    if not isinstance(fact, Observation):
        record["distinctions"] = [{"zh": d.zh, "en": d.en} for d in fact.distinctions]
    return record


def _likely(record: dict[str, Any] | None) -> Likely | None:
    if record is None:
        return None
    period = record["period"]
    start, end = _day(period["start"]), _day(period["end"])
    return Likely(Period(record["spec"], start, end, period["label"], _day(period.get("due_from"))), record["basis"])


def _day(text: str | None) -> date | None:
    from datetime import date

    return date.fromisoformat(text) if text else None


def _exact(value: int | float, figure: str | None) -> Decimal:
    """The value a record's JSON number stands for. A float keeps 17 significant digits; a value with more
    (the README allows 28) is stored beside the record as its figure, whose digits are then the value."""
    if isinstance(value, int):
        return Decimal(value)
    if figure:
        with suppress(ArithmeticError, ValueError):
            written = Decimal(figure)
            if written.is_finite() and float(written) == value:
                return written
    return Decimal(repr(value))


def fact_from_record(record: dict[str, Any], figure: str | None, spec: str) -> Fact:
    """The model object a record was made from: the inverse of `fact_record`.

    The record holds everything but the figure as the quote writes it and the
    period's spec; the compiled cache stores those two beside it.
    """
    from datetime import date

    from xining.base.model import Aliases, Derivation, Label, Level, Qualifier

    period = record["period"]
    start = date.fromisoformat(period["start"]) if period["start"] else None
    end = date.fromisoformat(period["end"]) if period["end"] else None
    common = {
        "id": record["id"],
        "source": record["source"]["id"],
        "period": Period(spec, start, end, period["label"], _day(period.get("due_from"))),
        "quote": record["quote"],
        "time_expression": record["time_expression"],
        "note": record["note"],
    }
    if record["kind"] == "observation":
        derived = record["derived"]
        return Observation(
            metric=record["metric"],
            value=_exact(record["value"], figure),
            figure=figure or "",
            unit=record["unit"],
            qualifier=Qualifier(record["qualifier"]),
            status=Status(record["status"]),
            subject=record["subject"],
            derived=Derivation(derived["method"], tuple(derived["inputs"]), derived["rounding"]) if derived else None,
            likely=_likely(record.get("likely")),
            **common,
        )
    label = Label(record["label"]["zh"], record["label"]["en"])
    common["distinctions"] = tuple(Label(d["zh"], d["en"]) for d in record.get("distinctions") or ())
    if record["kind"] == "designation":
        return Designation(
            name=label,
            level=Level(record["level"]),
            topic=record["topic"],
            recipient=record["recipient"],
            issuer=record["issuer"],
            aliases=Aliases(tuple(record["aliases"]["zh"]), tuple(record["aliases"]["en"])),
            **common,
        )
    return Milestone(label=label, topic=record["topic"], status=Status(record["status"]), **common)


class TitleName(NamedTuple):
    """What a designation or milestone is called, and the words it was read from: what `check` compares
    a draft's words with, read without the rest of the record."""

    id: str
    kind: str  # designation | milestone
    name: Label  # a designation's name, a milestone's label
    recipient: str  # who holds a designation ("" for a milestone)
    aliases: Aliases
    distinctions: tuple[Label, ...]
    quote: str
    time_expression: str | None


def title_name(row: tuple[Any, ...]) -> TitleName:
    """A title's name from its stored pieces (see `xining.cache.rows.fact_row`), read by `Store.title_names`
    as one JSON array: the label, quote and time expression, and an object of the record's other keys.
    A piece not of its shape raises ValueError or a lookup error, so that the store heals the cache."""
    import json

    fact_id, kind, pieces = row
    label, quote, time_expression, rest = json.loads(pieces)
    designation = kind == Kind.DESIGNATION.value
    name = rest["name"] if designation else label
    aliases = rest.get("aliases") or {}
    found = TitleName(
        id=fact_id,
        kind=kind,
        name=Label(name["zh"], name["en"]),
        recipient=rest["recipient"] if designation else "",
        aliases=Aliases(tuple(aliases.get("zh", ())), tuple(aliases.get("en", ()))),
        distinctions=tuple(Label(d["zh"], d["en"]) for d in rest.get("distinctions") or ()),
        quote=quote,
        time_expression=time_expression,
    )
    texts = (found.name.zh, found.name.en, found.recipient, found.quote, *found.aliases.zh, *found.aliases.en)
    if not all(isinstance(text, str) for text in texts) or not isinstance(found.time_expression, (str, type(None))):
        raise ValueError(f"a title whose stored pieces are not of their shape: {fact_id}")
    return found

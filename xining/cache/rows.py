"""A fact as a row of the cache, and the registries' rows its record refers to.

What a fact shares with every fact of its metric or source (the label, the source record, the
citation) is written once, in the rows of `metrics` and `sources`; what only it says is written as
the pieces of its record, JSON text each, that the view `facts` splices (see `xining.cache.schema`).
"""

from __future__ import annotations

import functools
import re
import sqlite3
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from xining.base.model import FactBase


def write_registries(connection: sqlite3.Connection, registries: Any) -> None:
    import json

    from xining.base.codec import encode

    connection.executemany(
        "INSERT INTO topics VALUES (?, ?, ?)", [(t.id, t.label.zh, t.label.en) for t in registries.topics.values()]
    )
    from xining.cache.records import citation_text, source_record

    refs = Refs.of(registries)
    connection.executemany(
        "INSERT INTO metrics VALUES (?, ?, ?, ?, ?)",
        [
            (refs.metrics[m.id], m.id, m.topic, _json(encode(m)), _json({"zh": m.label.zh, "en": m.label.en}))
            for m in registries.metrics.values()
        ],
    )
    connection.executemany(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                refs.sources[s.id],
                s.id,
                first,
                last,
                _json(encode(s)),
                f'{_json(source_record(s))}, "citation": {_json(citation_text(s))}',
            )
            for s in registries.sources.values()
            for first, last in [(_day(s.published.first_day), _day(s.published.last_day))]
        ],
    )
    header = registries.header
    data = {
        "schema_version": header.get("schema_version"),
        "release": header.get("release") or "",
        "name": header.get("name") or "",
        "units": {k: encode(v) for k, v in registries.units.items()},
        "links": [encode(link) for link in registries.links],
        # Where each relation stands, for the checks that run over the cache.
        "link_origins": [[link.origin.file, link.origin.line_of("facts")] for link in registries.links],
    }
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('registries', ?)", (json.dumps(data, ensure_ascii=False),))
    from xining.base.names import Names

    # The metrics' names by their words, for `check`: they depend on the registries alone, which change
    # only in a whole build, and working them out cost every check more than reading them does. Compressed:
    # the index repeats every metric's names (0.7 MB at 100,000 observations; 85 kB compressed).
    index = zlib.compress(Names.of(registries.metrics).to_json().encode("utf-8"))
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('names', ?)", (index,))


# What a record holds before its own pieces: `fact_row` checks it, and keeps a record of any other shape whole.
RECORD_KEYS = ("id", "kind", "topic", "label", "value", "unit", "qualifier", "normalized", "period", "status",
               "derived", "subject", "metric", "quote", "time_expression", "note", "source", "citation")  # fmt: skip


class Refs(NamedTuple):
    """The row number of each metric and source: a record reads their shared parts by it."""

    metrics: dict[str, int]
    sources: dict[str, int]

    @classmethod
    def of(cls, base: FactBase) -> Refs:
        """Numbered in the registries' order, as `_write_registries` writes them."""
        return cls({key: n for n, key in enumerate(base.metrics, 1)}, {key: n for n, key in enumerate(base.sources, 1)})


def stored_refs(connection: sqlite3.Connection) -> Refs:
    return Refs(
        dict(connection.execute("SELECT id, no FROM metrics")), dict(connection.execute("SELECT id, no FROM sources"))
    )


def fact_row(base: FactBase, refs: Refs, file: int, fact: Any) -> tuple[Any, ...]:
    """A fact as a row of `fact_rows`: the columns queries filter on, and the pieces of its record
    that are its own, as JSON text (see `xining.cache.store.RECORD`)."""
    import json

    from xining.base.model import Designation, Observation
    from xining.cache.records import own_record

    record = own_record(base, fact, None, None)
    _json = _encoder()
    normalized = record["normalized"]
    period = record["period"]
    plain = (record["id"], record["kind"], record["topic"], record["metric"] or "", period["start"] or "",
             period["end"] or "", record["qualifier"] or "", record["status"])  # fmt: skip
    keys = tuple(record)
    whole = None
    # A deadline window's period has a fourth key (due_from) the spliced record has no piece for.
    odd_period = len(period) != len(("start", "end", "label"))
    if keys[: len(RECORD_KEYS)] != RECORD_KEYS or odd_period or _NEEDS_ESCAPING.search("".join(plain)):
        whole = json.dumps(own_record(base, fact, *base_source_parts(base, fact.source)), ensure_ascii=False)
    tail = "".join(f", {_json(key)}: {_json(record[key])}" for key in keys[len(RECORD_KEYS) :])
    derived = isinstance(fact, Observation) and fact.derived is not None
    value = None if record["value"] is None else _json(record["value"])
    figure = getattr(fact, "figure", None)
    own_label = not isinstance(fact, Observation) or fact.metric not in base.metrics
    return (
        fact.id,
        file,
        record["kind"],
        record["topic"],
        record["metric"],
        fact.source,
        None if own_label else refs.metrics[fact.metric],
        refs.sources[fact.source],
        fact.level.value if isinstance(fact, Designation) else None,
        period["start"],
        period["end"],
        float(normalized["value"]) if normalized else None,
        None if value == figure else figure,  # the figure as written, where it is not the value's JSON
        fact.period.spec,
        fact.origin.line_of("id"),
        json.dumps(fact.origin.fields) if derived else None,  # derivations are checked across files
        whole,
        _json(record["label"]) if own_label else None,
        value,
        None if record["unit"] is None else _json(record["unit"]),
        record["qualifier"],
        _json(normalized["value"]) if normalized else None,
        _json(normalized["unit"]) if normalized else None,
        _json(period["label"]),
        None if record["status"] == "actual" else record["status"],  # the status of nearly every fact
        None if record["derived"] is None else _json(record["derived"]),
        None if record["subject"] is None else _json(record["subject"]),
        _json(record["quote"]),
        None if record["time_expression"] is None else _json(record["time_expression"]),
        None if record["note"] is None else _json(record["note"]),
        tail or None,
    )


# What json.dumps escapes (ensure_ascii off): text without these is spliced into a record as it is.
_NEEDS_ESCAPING = re.compile(r'[\x00-\x1f"\\]')


def _json(value: Any) -> str:
    return _encoder()(value)


@functools.cache
def _encoder() -> Callable[[Any], str]:
    """json.dumps(value, ensure_ascii=False), with its C string encoder called straight for text and
    numbers written as it writes them: a row has a dozen pieces, a large base a million."""
    import json
    from json.encoder import encode_basestring  # what JSONEncoder uses with ensure_ascii off

    def encode(value: Any) -> str:
        kind = type(value)
        if kind is str:
            return str(encode_basestring(value))
        if kind is int:
            return int.__repr__(value)
        if kind is float and value - value == 0:  # finite: json.dumps writes float.__repr__
            return float.__repr__(value)
        return json.dumps(value, ensure_ascii=False)

    return encode


def base_source_parts(base: FactBase, source_id: str) -> tuple[dict[str, Any], str]:
    from xining.cache.records import citation_text, source_record

    source = base.sources[source_id]
    return source_record(source), citation_text(source)


def _day(day: Any) -> str | None:
    return day.isoformat() if day else None

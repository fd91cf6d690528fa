"""The one query path: filters, search and lookup, run as SQL over the compiled base."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple

from xining.cache.store import Store
from xining.errors import EXIT_USAGE, XiningError, unknown

if TYPE_CHECKING:  # the model is imported where model objects are built, not on the listing path
    from xining.base.model import Fact, FactBase, Link, Observation, Publication, Source

KINDS = ("observation", "designation", "milestone")
LEVELS = ("international", "national", "provincial", "municipal", "non_governmental", "unknown")
SORTS = {
    "id": "id",
    "period": "COALESCE(\"end\", '9999'), COALESCE(start, '0000'), id",
    "topic": "topic, id",
    "source": "source, id",
    "value": "kind != 'observation', value_sort IS NULL, -value_sort, id",
    "time": "start, COALESCE(\"end\", '9999'), id",
    "newest": 'start IS NULL, COALESCE("end", start) DESC, start DESC, id',
}
# The one date a timeline places a fact at: an observation over a span at the end of its span (an open
# span at its start); a designation or milestone when it happened. wording.placed_on says the same.
PLACED = 'CASE WHEN kind = \'observation\' THEN COALESCE("end", start) ELSE COALESCE(start, "end") END'
SORTS["placed"] = f"{PLACED}, id"
USER_SORTS = ("id", "period", "topic", "source", "value")


# Result and request types on the listing path are NamedTuples: as immutable as
# frozen dataclasses, at a fifth of the cost to define on every start-up.
class Filters(NamedTuple):
    """What was asked for. Empty fields do not filter."""

    topics: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    text: str | None = None
    sort: str = "id"
    limit: int | None = None
    as_of: AsOf | None = None
    from_year: int | None = None
    to_year: int | None = None
    dated_only: bool = False
    include_sources: bool = False  # a search: keep facts found only through their article's title or publisher


# How many records are read from the store at a time while a selection is written out.
BATCH = 500


class Records:
    """Fact records (compact JSON) in a chosen order, read a batch at a time as they are written out.

    The query that chose them gave only their ids, so a selection of 100,000 facts is never held
    whole: output starts with the first batch and memory stays that of one batch. Each batch is a
    read of its own, so a cache found damaged part-way is healed and the rest read from the rebuilt
    one. Iterable more than once.
    """

    __slots__ = ("ids", "store")

    def __init__(self, store: Store, ids: tuple[str, ...]) -> None:
        self.store = store
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[str]:
        snapshot = None  # every batch must come from the base the first one came from
        for start in range(0, len(self.ids), BATCH):
            part = self.ids[start : start + BATCH]
            sql = f"SELECT record, id FROM facts WHERE id IN ({', '.join('?' * len(part))})"
            rows, snapshot = self.store.records_of_one_base(sql, part, snapshot)
            found = {fact_id: record for record, fact_id in rows}
            for fact_id in part:
                if fact_id in found:  # gone only if the base changed under a healing rebuild
                    yield found[fact_id]


class Selection(NamedTuple):
    """Facts chosen from a base, in order, as their JSON records (compact, one per fact), read as they are used."""

    records: Iterable[str]
    matches: dict[str, str] = {}  # noqa: RUF012 - never mutated; fact id -> where the search text was found
    title: str = ""
    search: str | None = None  # the text searched for
    closest: tuple[str, ...] = ()  # when a search found nothing: the metric ids and labels nearest to it
    # A search: the facts left out because only their article's title or publisher matched, per source.
    through_sources: tuple[tuple[str, int], ...] = ()


class Card(NamedTuple):
    """One fact with everything a reader needs to cite it."""

    base: FactBase
    fact: Fact
    links: tuple[Link, ...]
    same_metric: tuple[Observation, ...]
    inputs: tuple[Observation, ...]


AS_OF_MODES = ("certain", "possible")


class AsOf(NamedTuple):
    """--as-of: a day, and how a source whose date is an interval counts.

    `certain` (the default) counts a source from the latest day it can have
    appeared: only what had certainly been published by then. `possible`
    counts it from the earliest: everything that may have been.
    """

    day: date
    possible: bool = False

    @property
    def column(self) -> str:
        """The facts' column that holds the bound this reading compares."""
        return "published_first" if self.possible else "published_last"

    def counts(self, publication: Publication) -> bool:
        bound = publication.first_day if self.possible else publication.last_day
        return bound is not None and bound <= self.day


def as_of(base: FactBase, cutoff: AsOf | None) -> FactBase:
    """The base as a reader could have known it on the day: only the sources published by then."""
    if cutoff is None:
        return base
    kept = {s.id: s for s in base.sources.values() if cutoff.counts(s.published)}
    facts = tuple(fact for fact in base.facts if fact.source in kept)
    return base._replace(sources=kept, facts=facts)


def left_out_as_uncertain(base: FactBase, cutoff: AsOf) -> list[Source]:
    """The sources a cutoff leaves out only because their date is uncertain: they may have appeared by then."""
    return [
        source
        for source in base.sources.values()
        if not cutoff.counts(source.published)
        and (source.published.first_day is None or (not cutoff.possible and source.published.first_day <= cutoff.day))
    ]


def counted_though_uncertain(base: FactBase, cutoff: AsOf) -> list[Source]:
    """The sources a `possible` cutoff counts although they may not yet have appeared by then."""
    if not cutoff.possible:
        return []
    return [
        source
        for source in base.sources.values()
        if cutoff.counts(source.published)
        and (source.published.last_day is None or source.published.last_day > cutoff.day)
    ]


def uncertainty_note(base: FactBase, cutoff: AsOf) -> str | None:
    """One line for stderr: what the reading of uncertain dates cost (or risked), with each source's interval."""

    def interval(source: Source) -> str:
        first, last = source.published.first_day, source.published.last_day
        return f"{source.id} ({first.isoformat() if first else '?'}..{last.isoformat() if last else '?'})"

    def sources(found: list[Source]) -> str:
        return f"{len(found)} source{'s' if len(found) > 1 else ''}"

    notes: list[str] = []
    left_out = left_out_as_uncertain(base, cutoff)
    if left_out:
        notes.append(
            f"leaves out {sources(left_out)} only because {'their dates are' if len(left_out) > 1 else 'its date is'}"
            f" uncertain: {', '.join(interval(source) for source in left_out)}"
        )
        if not cutoff.possible:
            notes[-1] += "; --as-of-mode possible counts a source from its earliest possible day"
    counted = counted_though_uncertain(base, cutoff)
    if counted:
        notes.append(
            f"counts {sources(counted)} that may not yet have appeared by then: "
            + ", ".join(interval(source) for source in counted)
        )
    if not notes:
        return None
    mode = " --as-of-mode possible" if cutoff.possible else ""
    return f"note: --as-of {cutoff.day.isoformat()}{mode} " + "; it ".join(notes)


def check_filters(store: Store, filters: Filters) -> None:
    """Every named topic, kind, metric, source and level exists; else a usage error with a suggestion."""
    if filters.text is not None and not filters.text.split():
        raise XiningError("search: give some text to look for, such as 碳达峰 or tourism")
    for table, names, see in (
        ("topics", filters.topics, "xining topics"),
        ("metrics", filters.metrics, "xining metrics"),
        ("sources", filters.sources, "xining sources"),
    ):
        for name in names:
            if not store.exists(table, name):
                raise unknown(table[:-1], name, store.ids(table), see=see)
    for kind in filters.kinds:
        if kind not in KINDS:
            raise unknown("kind", kind, KINDS)
    for level in filters.levels:
        if level not in LEVELS:
            raise unknown("level", level, LEVELS)
    for option, years in (("--year", filters.years), ("--from", (filters.from_year,)), ("--to", (filters.to_year,))):
        for year in years:
            if year is not None and not 1900 <= year <= 2100:
                raise XiningError(f"{option} {year}: not a plausible year; give four digits, such as 2025")
    if filters.sort not in SORTS:
        raise unknown("sort key", filters.sort, USER_SORTS)
    if filters.limit is not None and filters.limit < 0:
        raise XiningError(f"--limit {filters.limit}: must be 0 or more")


def where(filters: Filters) -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) that the filters amount to."""
    clauses: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: tuple[str, ...]) -> None:
        if values:
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)

    any_of("topic", filters.topics)
    any_of("kind", filters.kinds)
    any_of("metric", filters.metrics)
    any_of("source", filters.sources)
    any_of("level", filters.levels)
    if filters.years:
        # Observations whose period overlaps the year; other facts dated in it.
        overlap = (
            "(kind = 'observation' AND (start IS NOT NULL OR \"end\" IS NOT NULL)"
            ' AND (start IS NULL OR start <= ?) AND ("end" IS NULL OR "end" >= ?))'
            " OR (kind != 'observation' AND substr(start, 1, 4) = ?)"
        )
        clauses.append("(" + " OR ".join(f"({overlap})" for _ in filters.years) + ")")
        for year in filters.years:
            params += [f"{year}-12-31", f"{year}-01-01", str(year)]
    if filters.dated_only:
        clauses.append("start IS NOT NULL")
    if filters.from_year is not None:
        clauses.append(f"{PLACED} >= ?")
        params.append(f"{filters.from_year}-01-01")
    if filters.to_year is not None:
        clauses.append(f"{PLACED} <= ?")
        params.append(f"{filters.to_year}-12-31")
    if filters.as_of is not None:
        clauses.append(f"{filters.as_of.column} <= ?")
        params.append(filters.as_of.day.isoformat())
    return " AND ".join(clauses) or "1", params


def select(store: Store, filters: Filters) -> Selection:
    """The facts that pass every filter, sorted and limited; a search ranks label matches first."""
    check_filters(store, filters)
    condition, params = where(filters)
    limit = f" LIMIT {int(filters.limit)}" if filters.limit is not None else ""
    if filters.text is None:
        rows = store.rows(f"SELECT id FROM facts WHERE {condition} ORDER BY {SORTS[filters.sort]}{limit}", params)
        return Selection(Records(store, tuple(row[0] for row in rows)))
    store.search(bounded(filters.text))  # into the temporary table `hits`: fact rowid, rank, field, score
    # CROSS JOIN: SQLite then reads the few hits and looks each fact up, rather than every fact.
    found = f"FROM hits CROSS JOIN facts ON facts.rowid = hits.fact WHERE {condition}"
    through: tuple[tuple[str, int], ...] = ()
    if not filters.include_sources:  # a fact found only through its article's title or publisher is not a match
        counted = store.rows(f"SELECT source, count(*) {found} AND hits.field = ? GROUP BY source", [*params, SOURCE])
        through = tuple((row[0], row[1]) for row in counted)
        found += f" AND hits.field != '{SOURCE}'"
    # At equal rank a stated figure before one derived from it (read from its stored piece, not the record).
    derived = "(SELECT stored.derived IS NOT NULL FROM fact_rows stored WHERE stored.rowid = hits.fact)"
    rows = store.rows(f"SELECT id, hits.field {found} ORDER BY hits.rank, {derived}, hits.score, id", params)
    matches = {row[0]: row[1] for row in rows}
    closest = () if rows or through else tuple(store.closest_names(filters.text))
    # Facts that `corroborates` joins are one entry with every source, as in `designations`.
    merged = one_per_event(store, Records(store, tuple(matches)), filters.as_of, observations=True)
    records = _limited(merged, filters.limit)
    return Selection(records, matches, search=filters.text, closest=closest, through_sources=through)


# The bounds of a search text. Each distinct word is one index lookup (the words too short for trigrams
# share one scan), and each is compared with every metric's names when nothing matches, so the work grows
# with the distinct words: without a bound a query of thousands took minutes, and eight common ones stay
# under a second on the 100,000-observation benchmark base. No question a reader asks needs more.
MAX_SEARCH_WORDS = 8
MAX_SEARCH_CHARACTERS = 100


SOURCE = "source"  # the field a hit through an article's title or publisher reports (search_index.ENTRY_KINDS)


def search(
    store: Store, text: str, as_of_day: AsOf | None = None, limit: int | None = None, include_sources: bool = False
) -> Selection:
    """Search every label, quote, topic, designation and (with include_sources) the articles' titles and publishers."""
    return select(store, Filters(text=text, as_of=as_of_day, limit=limit, include_sources=include_sources))


def bounded(text: str) -> str:
    """A search text within the bounds, each word once; a usage error that says the bounds otherwise."""
    words = list(dict.fromkeys(text.split()))
    if len(text) > MAX_SEARCH_CHARACTERS or len(words) > MAX_SEARCH_WORDS:
        raise XiningError(
            f"search text of {len(text):,} characters and {len(words):,} different words; a search text has "
            f"at most {MAX_SEARCH_CHARACTERS} characters and {MAX_SEARCH_WORDS} different words",
            EXIT_USAGE,
        )
    return " ".join(words)


def designations(store: Store, filters: Filters) -> Selection:
    """Every designation once, however many articles report it, newest first (undated ones last)."""
    chosen = select(store, filters._replace(kinds=("designation",), sort="newest", limit=None))
    merged = one_per_event(store, chosen.records, filters.as_of)
    return chosen._replace(records=_limited(merged, filters.limit), title="designations")


def timeline(store: Store, filters: Filters) -> Selection:
    """Every dated fact in time order, each at one date (see PLACED); --from and --to bound that date.

    A designation or milestone reported by several articles is one entry, with every source.
    """
    if filters.from_year is not None and filters.to_year is not None and filters.from_year > filters.to_year:
        raise XiningError(f"--from {filters.from_year} is after --to {filters.to_year}; give the earlier year first")
    chosen = select(store, filters._replace(dated_only=True, sort="placed", limit=None))
    merged = one_per_event(store, chosen.records, filters.as_of)
    return chosen._replace(records=_limited(merged, filters.limit), title="timeline")


def _limited(records: Iterable[str], limit: int | None) -> Iterable[str]:
    return records if limit is None else islice(records, limit)


def corroborated(links: tuple[Link, ...] | list[Link]) -> dict[str, tuple[str, ...]]:
    """Fact id -> the ids of every fact that `corroborates` links join it with (itself included), in link order."""
    from xining.base.model import Relation

    return joined(link.facts for link in links if link.relation is Relation.CORROBORATES)


def joined(links: Iterable[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Fact id -> every fact that these links join it with, through any chain of them (itself included)."""
    groups: dict[str, list[str]] = {}
    for facts in links:
        members: list[str] = []
        for fact_id in facts:
            for member in groups.get(fact_id, [fact_id]):
                if member not in members:
                    members.append(member)
        for member in members:
            groups[member] = members
    return {fact_id: tuple(members) for fact_id, members in groups.items()}


OBSERVATION = '"kind": "observation"'  # as json.dumps writes the key of every observation's record


def one_per_event(
    store: Store, records: Iterable[str], as_of_day: AsOf | None = None, observations: bool = False
) -> Iterator[str]:
    """Designations and milestones that several articles report, merged into one record each, as they stream.

    The record kept is the first in the selection's order (the best-dated one when sorted by date); it
    gains `sources` (every source id) and `reports` (each article's fact id, source, period and quote).
    Observations pass unchanged (each is its own figure) unless `observations`: a search shows one
    figure that several articles state once, and keeps a dated report of an event before an undated
    one. Only the ids already merged are remembered, and the other reports of an event are read when
    it comes, so nothing holds the whole selection.
    """
    import json

    groups = joined(store.corroborations())
    seen: set[str] = set()
    for raw in records:
        # Observations pass unchanged, so only the others are parsed. The pattern can only be the key
        # itself: inside a string value JSON escapes the quotes.
        if OBSERVATION in raw and not observations:
            yield raw
            continue
        record = json.loads(raw)
        if record["id"] in seen:
            continue
        others = [m for m in groups.get(record["id"], ()) if m != record["id"]]
        if not others and record["kind"] == "observation":  # a figure stated once stays as it was
            yield raw
            continue
        found = _reports_of(store, others, as_of_day) if others else {}
        members = [record, *(found[m] for m in others if m in found and found[m]["kind"] == record["kind"])]
        seen.update(member["id"] for member in members)
        if observations and not _dated(record):  # a search ranks, not dates: a dated report leads
            record = next((member for member in members if _dated(member)), record)
            members = [record, *(member for member in members if member is not record)]
        record["sources"] = list(dict.fromkeys(member["source"]["id"] for member in members))
        record["reports"] = [
            {
                "id": member["id"],
                "source": member["source"]["id"],
                "period": member["period"],
                "time_expression": member["time_expression"],
                "quote": member["quote"],
            }
            for member in members
        ]
        yield json.dumps(record, ensure_ascii=False)


def _dated(record: dict[str, Any]) -> bool:
    """Whether a record says when it began (an undated report ends at its article's date, so has an end)."""
    return bool(record["period"]["start"])


def _reports_of(store: Store, ids: list[str], as_of_day: AsOf | None) -> dict[str, dict[str, Any]]:
    """The records of the other reports of one event, as far as the cutoff lets them count."""
    import json

    condition = f"id IN ({', '.join('?' * len(ids))})"
    params: list[Any] = list(ids)
    if as_of_day is not None:
        condition += f" AND {as_of_day.column} <= ?"
        params.append(as_of_day.day.isoformat())
    rows = store.records(f"SELECT record FROM facts WHERE {condition}", params)
    return {fact["id"]: fact for fact in (json.loads(record) for (record,) in rows)}


def card(store: Store, fact_id: str, as_of_day: AsOf | None = None) -> Card:
    """Everything about one fact: the fact, its derivation inputs, and the other articles on it."""
    from xining.base.model import Observation

    found = as_of(store.base("id = ?", (fact_id,)), as_of_day)
    fact = found.fact(fact_id)
    if fact is None:
        candidates = [row[0] for row in store.rows("SELECT id FROM facts")]
        raise unknown("fact id", fact_id, candidates, see="xining facts")
    links = tuple(found.links_of(fact_id))
    related = {i for link in links for i in link.facts}
    if isinstance(fact, Observation) and fact.derived:
        related |= set(fact.derived.inputs)
    metric = fact.metric if isinstance(fact, Observation) else None
    related.add(fact_id)  # so that the card's base holds the fact's own source and metric
    marks = ", ".join("?" * len(related))
    base = as_of(store.base(f"id IN ({marks}) OR metric = ?", (*related, metric)), as_of_day)
    same = tuple(f for f in base.facts if isinstance(f, Observation) and f.metric == metric and f.id != fact_id)
    inputs: tuple[Observation, ...] = ()
    if isinstance(fact, Observation) and fact.derived:
        inputs = tuple(f for f in (base.fact(i) for i in fact.derived.inputs) if isinstance(f, Observation))
    return Card(base, fact, links, same, inputs)


def records(selection: Selection) -> Iterator[dict[str, Any]]:
    """The selection's records as dicts, with the search match where there was one, parsed as they are used."""
    import json

    for raw in selection.records:
        record = json.loads(raw)
        if selection.matches:
            # One entry of several reports may be kept under a report the search did not find itself.
            reports = [record["id"], *(report["id"] for report in record.get("reports") or ())]
            record["matched"] = next((selection.matches[i] for i in reports if i in selection.matches), None)
        yield record

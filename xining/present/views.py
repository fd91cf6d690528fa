"""Core results turned into what the output layer prints: records and their default columns.

Dispatch is by the result's class name, so that printing a listing imports
neither the model nor the modules that build cards and comparisons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from xining.present.documents import Document, Listing

if TYPE_CHECKING:
    from xining.answers.check import Checked
    from xining.answers.cite import Citations
    from xining.answers.compare import Comparison, Seen, Trend
    from xining.answers.diff import BaseDiff, Described
    from xining.answers.inventory import Registry, Summary
    from xining.answers.query import Card, Selection
    from xining.answers.validate import Report
    from xining.base.model import Source
    from xining.present.export_writers import Written

FACT_COLUMNS = ("id", "label", "figure", "period", "source")
# The JSON contract of a fact (records.fact_record writes them; tests pin them).
FACT_KEYS = (
    "id", "kind", "topic", "label", "value", "unit", "qualifier", "normalized", "period",
    "status", "derived", "subject", "metric", "quote", "time_expression", "note", "source", "citation",
)  # fmt: skip
DESIGNATION_KEYS = ("name", "level", "issuer", "recipient", "aliases")
# Designations and milestones listed once however many articles report them (query.one_per_event).
EVENT_KEYS = ("sources", "reports")


def view(result: Any) -> Listing | Document:
    """The printable form of any core result."""
    return VIEWS[type(result).__name__](result)


def _selection(result: Selection) -> Listing:
    from xining.answers.query import records

    keys: tuple[str, ...] = (*FACT_KEYS, *DESIGNATION_KEYS)
    computed = ("figure", "year", "date", "sources")
    if result.title == "timeline":
        columns = ("year", "id", "kind", "label", "figure", "period", "sources")
        keys += EVENT_KEYS
        return Listing([], columns, "", "nothing dated matches", computed, keys, result.records, group="year")
    if result.title == "designations":
        columns = ("id", "label", "level", "issuer", "date", "recipient", "sources")
        keys += EVENT_KEYS
        return Listing([], columns, "", "no designations match", computed, keys, result.records)
    if result.search is not None:  # search results carry where they matched: parse and add it
        empty = f"no facts match '{result.search}'"
        if result.closest:
            empty += "; closest labels and metric ids: " + ", ".join(result.closest)
        found = ("id", "label", "figure", "period", "sources")  # an entry may be stated by several articles
        keys += (*EVENT_KEYS, "matched")
        listing = Listing(records(result), found, result.title, empty=empty, computed=computed, keys=keys)
        footer = _through_sources(result.through_sources)
        return listing._replace(highlight=result.search, note=None if result.matches else empty, footer=footer)
    return Listing([], FACT_COLUMNS, result.title, empty="no facts match", keys=keys, raw=result.records)


def _through_sources(counts: tuple[tuple[str, int], ...]) -> str | None:
    """The one line on the facts a search left out because only their article's title or publisher matched."""
    if not counts:
        return None
    total = sum(count for _, count in counts)
    command = "xining facts " + " ".join(f"--source {source}" for source, _ in counts)
    facts = "fact matches" if total == 1 else "facts match"
    their = "its" if total == 1 else "their"
    return (
        f"{total} more {facts} only through the title or publisher of {their} article; "
        f"list them with `{command}`, or search with --include-sources"
    )


def _card(result: Card) -> Document:
    from xining.cache.records import fact_record

    record = fact_record(result.base, result.fact)
    record["inputs"] = [fact_record(result.base, f) for f in result.inputs]
    record["related"] = [_related(result, link) for link in result.links]
    record["same_metric"] = [fact_record(result.base, f) for f in result.same_metric]
    if result.fact.kind.value != "observation":  # one designation or milestone, however many articles report it
        record.update(_reports(result))
    source = result.base.sources[result.fact.source]
    record["citation"] = citation(source)
    return Document(record, "card", rows=Listing([record], FACT_COLUMNS))


def _related(result: Card, link: Any) -> dict[str, Any]:
    """A link of the card's fact: its kind, the other facts and their sources, and whether all are its article's."""
    others = [i for i in link.facts if i != result.fact.id]
    sources = [fact.source if (fact := result.base.fact(i)) else None for i in others]
    return {
        "relation": link.relation.value,
        "facts": others,
        "sources": sources,
        "same_article": all(source == result.fact.source for source in sources),
        "reason": link.reason,
    }


def _reports(result: Card) -> dict[str, Any]:
    """`sources` and `reports` (fact id, source, period, quote) of every article that states this event."""
    from xining.answers.query import corroborated
    from xining.cache.records import period_record

    members = [result.fact.id, *corroborated(result.links).get(result.fact.id, ())]
    facts = [f for f in (result.base.fact(i) for i in dict.fromkeys(members)) if f and f.kind is result.fact.kind]
    reports = [
        {
            "id": fact.id,
            "source": fact.source,
            "period": period_record(fact.period),
            "time_expression": fact.time_expression,
            "quote": fact.quote,
        }
        for fact in facts
    ]
    return {"sources": list(dict.fromkeys(r["source"] for r in reports)), "reports": reports}


def _summary(result: Summary) -> Document:
    data = {
        "tool_version": result.tool_version,
        "schema_version": result.schema_version,
        "release": result.release,
        "base": result.base,
        "facts": result.facts,
        "by_kind": result.by_kind,
        "by_topic": result.by_topic,
        "release_date": result.release_date,
        "release_notes": result.release_notes,
    }
    return Document(data, "info")


def _report(result: Report) -> Document:
    problems = [{"file": p.file, "line": p.line, "message": p.message} for p in result.problems]
    data: dict[str, Any] = {
        "ok": result.ok,
        "base": result.base,
        "facts": result.facts,
        "sources_checked": result.sources_checked,
        "quotes_checked": result.quotes_checked,
        "problems": problems,
        "coverage": _coverage(result) if result.coverage else None,
    }
    rows = Listing(problems, ("file", "line", "message"), empty="no problems")
    return Document(data, "validate", rows=rows)


def _coverage(result: Report) -> dict[str, Any]:
    """Every number of every article and how it is accounted for: a figure, a period, or left out."""
    from xining.base.coverage import Accounted

    sources = []
    for source in result.coverage:
        numbers = []
        for entry in source.numbers:
            number = entry.number if isinstance(entry, Accounted) else entry
            status, by = (entry.status, entry.by) if isinstance(entry, Accounted) else ("unaccounted", None)
            numbers.append({"number": number.text, "line": number.line, "status": status, "by": by})
        sources.append(
            {
                "source": source.source,
                "file": source.file,
                "numbers": len(source.numbers),
                "in_facts": source.in_facts,
                "left_out": source.left_out,
                "unaccounted": len(source.unaccounted),
                "each": numbers,
            }
        )
    return {
        "numbers": result.numbers,
        "in_facts": result.in_facts,
        "left_out": result.left_out,
        "unaccounted": result.unaccounted,
        "summary": result.coverage_line(),
        "sources": sources,
    }


def _registry(result: Registry) -> Listing:
    from xining.base.model import Metric, Source, Topic
    from xining.cache.records import source_provenance, source_record

    records: list[dict[str, Any]] = []
    for entry in result.entries:
        if isinstance(entry, Topic):
            records.append(
                {
                    "id": entry.id,
                    "label": {"zh": entry.label.zh, "en": entry.label.en},
                    "facts": result.counts.get(entry.id, 0),
                }
            )
        elif isinstance(entry, Source):
            records.append(
                {
                    **source_record(entry),
                    "authors": list(entry.authors),
                    "citation": citation(entry),
                    "facts": result.counts.get(entry.id, 0),
                    "basis": entry.basis,
                    **source_provenance(entry),
                }
            )
        elif isinstance(entry, Metric):
            records.append(
                {
                    "id": entry.id,
                    "topic": entry.topic,
                    "label": {"zh": entry.label.zh, "en": entry.label.en},
                    "unit": entry.unit,
                    "higher_is_better": entry.higher_is_better,
                    "aliases": {"zh": list(entry.aliases.zh), "en": list(entry.aliases.en)},
                    "observations": result.counts.get(entry.id, 0),
                    "periods": list(result.periods.get(entry.id, ())),
                }
            )
    columns = {
        "topics": ("id", "label", "facts"),
        "sources": ("id", "citation", "facts"),
        "metrics": ("id", "label", "unit", "observations", "periods"),
    }[result.name]
    return Listing(records, columns, computed=())


def citation(source: Source) -> str:
    """A source's citation line (GB/T 7714-2015), as cards and listings show it."""
    from xining.cache.records import citation_text

    return citation_text(source)


def _comparison(result: Comparison) -> Document:
    """A comparison as a document whose lists are read from the base as they are written (see `Stream`)."""
    import json

    from xining.answers.query import Records
    from xining.cache.records import number, period_record
    from xining.present.documents import Stream

    def side(observation: Seen) -> dict[str, Any]:
        return {
            "id": observation.id,
            "value": observation.number,
            "unit": observation.unit,
            "qualifier": observation.qualifier,
            "period": {"start": observation.start, "end": observation.end, "label": observation.label},
            "derived": observation.derived is not None,
            "status": "actual",  # only figures reached are compared
            "quote": observation.quote,
            "source": observation.source,
        }

    def metric_rows() -> Iterator[dict[str, Any]]:
        for row in result.rows:
            label = result.metrics[row.metric].label
            yield {
                "metric": row.metric,
                "label": {"zh": label.zh, "en": label.en},
                "a": side(row.a),
                "b": side(row.b),
                "difference": number(row.difference) if row.difference is not None else None,
                "difference_unit": row.difference_unit,
                "relative_change": number(row.relative_change) if row.relative_change is not None else None,
                "improvement": row.improvement,
                "comparable": row.comparable,
                "approximate": row.approximate,
                "difference_as_written": (
                    {"value": number(row.written[0]), "unit": row.written[1]} if row.written is not None else None
                ),
                "note": row.note,
            }

    def facts(ids: tuple[str, ...], sources: bool = False) -> Stream:
        def read() -> Iterator[dict[str, Any]]:
            for raw in Records(result.store, ids):
                record = json.loads(raw)
                if sources:  # an event: every source that reports it
                    record["sources"] = list(result.event_sources.get(record["id"], (record["source"]["id"],)))
                yield record

        return Stream(read, len(ids))

    rows = Stream(metric_rows, len(result.rows))
    data = {
        "periods": {"a": period_record(result.a), "b": period_record(result.b)},
        "order": {"given": list(result.given), "swapped": result.swapped},
        "metrics": rows,
        "no_like_for_like": {"a": facts(result.unpaired_a), "b": facts(result.unpaired_b)},
        "only_in_a": facts(result.only_in_a),
        "only_in_b": facts(result.only_in_b),
        "designations": {"a": facts(result.events_a, sources=True), "b": facts(result.events_b, sources=True)},
    }

    def flat() -> Iterator[dict[str, Any]]:
        for r in rows:
            yield {
                "metric": r["metric"],
                "label": r["label"],
                "a_fact": r["a"],
                "b_fact": r["b"],
                "a": r["a"]["value"],
                "a_unit": r["a"]["unit"],
                "a_qualifier": r["a"]["qualifier"],
                "a_period": r["a"]["period"],
                "b": r["b"]["value"],
                "b_unit": r["b"]["unit"],
                "b_qualifier": r["b"]["qualifier"],
                "b_period": r["b"]["period"],
                "difference": r["difference"],
                "difference_unit": r["difference_unit"],
                "relative_change": r["relative_change"],
                "comparable": r["comparable"],
                "note": r["note"],
            }

    columns = (
        "metric", "a_figure", "a_period", "b_figure", "b_period", "difference", "difference_unit", "comparable", "note",
    )  # fmt: skip
    # With no rows there is no record to name keys by: only the columns are fields (as for any empty listing).
    keys = FLAT_KEYS if result.rows else columns
    listing = Listing(Stream(flat, len(result.rows)), columns, computed=("a_figure", "b_figure"), keys=keys)
    return Document(data, "compare", rows=listing)


# The keys of a comparison's rows in csv, tsv and markdown.
FLAT_KEYS = (
    "metric", "label", "a_fact", "b_fact", "a", "a_unit", "a_qualifier", "a_period", "b", "b_unit", "b_qualifier",
    "b_period", "difference", "difference_unit", "relative_change", "comparable", "note",
)  # fmt: skip


def _trend(result: Trend) -> Document:
    from xining.cache.records import fact_record

    metric = result.base.metrics[result.metric]
    series = [fact_record(result.base, o) for o in result.observations]
    data = {
        "metric": metric.id,
        "label": {"zh": metric.label.zh, "en": metric.label.en},
        "unit": metric.unit,
        "higher_is_better": metric.higher_is_better,
        "series": series,
    }
    return Document(data, "trend", rows=Listing(series, ("id", "figure", "period", "qualifier", "source")))


def _written(result: Written) -> Document:
    data = {
        "format": result.format,
        "path": str(result.path),
        "files": [str(path) for path in result.files],
        "facts": result.facts,
        "sources": result.sources,
        "tables": dict(result.tables),
    }
    return Document(data, "export")


def _citations(result: Citations) -> Document:
    """Citations print as text (the style's own output, then the quote line); --json gives every part."""
    entries = [
        {"number": number, "id": record["id"], "text": text}
        for number, (record, text) in enumerate(zip(result.records, result.entries, strict=True), 1)
    ]
    quote = _quote_lines(result)
    text = result.text
    if quote and not result.machine:  # exchange formats stay parseable: their quote line is in --json only
        text += "\n" + quote + "\n"
    data = {
        "style": result.style,
        "fact": result.fact,
        "entries": entries,
        "quote": quote,
        "csl": list(result.records),
        "text": text,
    }
    kind = "exchange" if result.machine else "text"
    return Document(data, kind, rows=Listing(entries, ("number", "id", "text"), computed=()))


def _quote_lines(result: Citations) -> str | None:
    """The cited fact's ready-to-quote line in the language asked for (both: Chinese, then English)."""
    if result.quoted is None:
        return None
    from xining.present.quoting import quote_line
    from xining.present.wording import Lang

    base, fact = result.quoted
    lang = Lang(result.lang)
    if lang is Lang.BOTH:
        return quote_line(base, fact, Lang.ZH) + "\n" + quote_line(base, fact, Lang.EN)
    return quote_line(base, fact, lang)


def _diff(result: BaseDiff) -> Document:
    from xining.answers.diff import CHANGES, WHATS

    def side(s: Any) -> dict[str, Any]:
        return {"ref": s.ref, "release": s.release, "schema_version": s.schema_version, "facts": s.facts,
                "problems": list(s.problems)}  # fmt: skip

    summaries = [_described(c.described) for c in result.changes]
    changes = [
        {
            "what": c.what,
            "id": c.id,
            "change": c.change,
            "summary": summaries[index],
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
        }
        for index, c in enumerate(result.changes)
    ]
    data = {
        "old": side(result.old),
        "new": side(result.new),
        "differ": result.differ,
        "summary": {what: {change: result.count(what, change) for change in CHANGES} for what in WHATS},
        "changes": changes,
    }
    columns = ("change", "what", "id", "field", "old", "new")
    return Document(data, "diff", rows=Listing(_diff_rows(result), columns, computed=()))


def _described(described: Described) -> str:
    """The line that says what a changed entry is: label, then a fact's figure (in English) and period."""
    from xining.present.wording import Lang, figure_text, marked

    text = described.label
    if described.record is not None:
        record = described.record
        figure = marked(figure_text(record, Lang.EN), record, Lang.EN)
        text = " · ".join(part for part in (described.label, figure, described.period) if part)
    if described.unreadable_in:
        text += f" ({described.unreadable_in}'s record cannot be read by this xining)"
    return text


def _diff_rows(result: BaseDiff) -> list[dict[str, Any]]:
    """One row per added or removed entry and per changed field, for csv, tsv and markdown."""
    rows: list[dict[str, Any]] = []
    for c in result.changes:
        summary = _described(c.described)
        if not c.fields:
            rows.append({"change": c.change, "what": c.what, "id": c.id, "field": None, "old": None, "new": None,
                         "summary": summary})  # fmt: skip
        for f in c.fields:
            rows.append({"change": c.change, "what": c.what, "id": c.id, "field": f.field, "old": f.old,
                         "new": f.new, "summary": summary})  # fmt: skip
    return rows


def _checked(result: Checked) -> Document:
    from xining.present.checking import view as checked_view

    return checked_view(result)


VIEWS: dict[str, Callable[[Any], Listing | Document]] = {
    "Checked": _checked,
    "Citations": _citations,
    "Selection": _selection,
    "Card": _card,
    "Summary": _summary,
    "Report": _report,
    "Registry": _registry,
    "Comparison": _comparison,
    "Trend": _trend,
    "Written": _written,
    "BaseDiff": _diff,
}

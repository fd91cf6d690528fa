"""The tables an export lays the facts out in, each described once.

One description of every table and column (`TABLES`) feeds the SQLite schema,
Datasette's metadata, the data package's table schemas and the spreadsheet
headers, so a column means the same thing wherever it is read. The rows carry
the figures as a reader quotes them (with their markers) beside the exact values.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from xining import __version__

if TYPE_CHECKING:
    from xining.answers.export import About, Dataset
    from xining.base.model import DatePart, Fact, FactBase, Link, Source


# --- the one description of every table and column ------------------------------------


class Column(NamedTuple):
    name: str
    type: str  # string | integer | number | boolean | date (Frictionless' names)
    description: str


class Table(NamedTuple):
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table whose `id` it names)
    facets: tuple[str, ...] = ()  # the columns Datasette offers as facets
    label_column: str | None = None  # what Datasette shows for a row that another table points at

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _columns(*specs: tuple[str, str, str]) -> dict[str, Column]:
    return {name: Column(name, kind, text) for name, kind, text in specs}


# Every column a fact can have; each kind's table takes the ones that apply to it.
FACT_COLUMNS = _columns(
    ("id", "string", "Stable identifier of the fact, as `xining show ID` takes it."),
    ("kind", "string", "observation (a figure), designation (a pilot, list, title or honour) or milestone."),
    ("topic", "string", "Topic id (see the topics table)."),
    ("metric", "string", "What is measured: metric id (see the metrics table)."),
    ("label_zh", "string", "Name of the fact in Chinese: the metric's label, the designation's name, the milestone."),
    ("label_en", "string", "Name of the fact in English."),
    (
        "value",
        "number",
        "The value exactly as the article writes it, in the unit of the `unit` column (万 and 亿 stay in the unit).",
    ),
    ("figure", "string", "The figure as the quote writes it (93.1, 六, 第一)."),
    (
        "figure_zh",
        "string",
        "The figure as a reader should quote it in Chinese, with its qualifier and marks (超10万PFlops（计划）).",
    ),
    (
        "figure_en",
        "string",
        "The figure as a reader should quote it in English, with its qualifier and marks "
        "(more than 10 万PFlops (planned)).",
    ),
    ("unit", "string", "Unit as written in the article (see the units table)."),
    (
        "qualifier",
        "string",
        "How the figure bounds the true value: exact, approx (近, 约, 余), at_least (以上), "
        "more_than (超, 突破) or at_most (以下). A bound is not an exact value.",
    ),
    ("normalized_value", "number", "The value scaled to the base unit of `normalized_unit` (万人次 → 人次)."),
    ("normalized_unit", "string", "Base unit of `normalized_value`."),
    ("period", "string", "The period the fact refers to, in words (H1 2025, up to 2025-07-11, date not given)."),
    ("period_zh", "string", "The period in Chinese (2025年上半年)."),
    (
        "period_spec",
        "string",
        "The period in the base's notation (2025H1, ..2025-12, 2025-01..2025-05, publication, unknown).",
    ),
    ("period_start", "date", "First day of the period; empty when the text does not give it."),
    ("period_end", "date", "Last day of the period; empty when the text does not give it."),
    ("time_expression", "string", "The words the article uses for the time (今年1月至5月, 截至目前), verbatim."),
    (
        "period_likely",
        "string",
        "For a figure whose period the text does not give: its likeliest period and what that rests on.",
    ),
    ("status", "string", "actual, or planned: a target or an expected event, not a result."),
    (
        "marks_zh",
        "string",
        "What a reader must know before quoting the fact, in Chinese: 推算 (derived), 计划 (planned), 预计 (expected).",
    ),
    ("marks_en", "string", "The same in English: derived, planned, expected; empty for a stated, actual fact."),
    ("derived", "boolean", "True when the article implies the value but does not state it; see `derivation`."),
    ("derivation", "string", "How a derived value was computed from other observations (difference of A, B)."),
    ("subject", "string", "What the figure is about when it is not the city itself (a park, a project)."),
    (
        "level",
        "string",
        "Level of the designation: international, national, provincial, municipal or non_governmental.",
    ),
    ("issuer", "string", "Who issued the designation, where the article names it."),
    ("recipient", "string", "Who received the designation."),
    (
        "distinctions_zh",
        "string",
        "The firsts, onlies and rankings the article claims for it, in its words (西北地区首个), separated by '；'.",
    ),
    ("distinctions_en", "string", "The same in English (the first in Northwest China), separated by '; '."),
    ("note", "string", "How an ambiguity in the text was read."),
    ("source", "string", "Source article id (see the sources table)."),
    ("citation", "string", "The source article's citation in GB/T 7714-2015 (xining cite gives other styles)."),
    ("cite_zh", "string", "The fact as one Chinese sentence to paste, with its qualifier, period and source."),
    ("cite_en", "string", "The fact as one English sentence to paste, with its qualifier, period and source."),
    ("quote", "string", "The sentence the fact was read from, verbatim (whitespace may differ on newspaper pages)."),
)


def _fact_table(name: str, title: str, description: str, names: str, facets: tuple[str, ...]) -> Table:
    columns = tuple(FACT_COLUMNS[n] for n in names.split())
    keys = (("topic", "topics"), ("metric", "metrics"), ("unit", "units"), ("source", "sources"))
    return Table(
        name,
        title,
        description,
        columns,
        ("id",),
        tuple(key for key in keys if key[0] in names.split()),
        facets,
        "label_en",
    )


OBSERVATIONS = _fact_table(
    "observations",
    "Observations",
    "Figures: one value of a metric for one period, as one article states (or implies) it.",
    "id topic metric label_zh label_en value figure unit qualifier figure_zh figure_en normalized_value "
    "normalized_unit period period_zh period_spec period_start period_end time_expression period_likely status derived "
    "derivation marks_zh marks_en subject note source citation cite_zh cite_en quote",
    ("topic", "qualifier", "status", "source"),  # not `derived`: Datasette would facet it as 1 and 0
)
DESIGNATIONS = _fact_table(
    "designations",
    "Designations",
    "Pilots, lists, titles and honours the city, its districts, parks, products or enterprises were named to.",
    "id topic label_zh label_en level issuer recipient distinctions_zh distinctions_en period period_zh "
    "period_spec period_start period_end time_expression status marks_zh marks_en note source citation cite_zh "
    "cite_en quote",
    ("topic", "level", "source"),
)
MILESTONES = _fact_table(
    "milestones",
    "Milestones",
    "Dated firsts, openings and launches; planned ones are expected events.",
    "id topic label_zh label_en distinctions_zh distinctions_en period period_zh period_spec period_start "
    "period_end time_expression status marks_zh marks_en note source citation cite_zh cite_en quote",
    ("topic", "status", "source"),
)
FACTS = _fact_table(
    "facts",
    "Facts",
    "Every fact of every kind in one table, with the columns of all kinds.",
    " ".join(FACT_COLUMNS),
    ("kind", "topic", "qualifier", "status", "source"),
)
# The facts as a reader browses them (in Datasette, the first table): a row a few lines high, the
# columns a reader quotes from, and the ones Datasette facets on. FACTS stays the table of every column.
READER = Table(
    "facts",
    "Facts",
    "Every fact as a reader quotes it. Search finds Chinese of three characters or more (碳达峰); "
    "every column is in observations, designations and milestones.",
    (
        FACT_COLUMNS["id"],
        FACT_COLUMNS["label_zh"],
        FACT_COLUMNS["label_en"],
        Column(
            "figure",
            "string",
            "The figure as a reader should quote it, with its qualifier and marks (超10万PFlops（计划）, "
            "87.9%（推算）); empty for a designation or a milestone.",
        ),
        Column("period", "string", "The period the fact refers to, in Chinese (2025年1—5月, 截至2025年7月11日)."),
        FACT_COLUMNS["source"],
        FACT_COLUMNS["quote"],
        FACT_COLUMNS["topic"],
        FACT_COLUMNS["kind"],
        FACT_COLUMNS["qualifier"],
        FACT_COLUMNS["status"],
        Column(
            "year",
            "integer",
            "The year the fact is placed in: the end of an observation's period, the start of a designation's "
            "or milestone's; empty when the text gives no date.",
        ),
    ),
    ("id",),
    (("source", "sources"), ("topic", "topics")),
    # Shown as facets; kind, qualifier and status, with few values, Datasette suggests in one line below the
    # search box: six facet boxes would push the first row off the first screen.
    ("topic", "source", "year"),
    "label_en",
)


def reader_rows(tables: tuple[TableRows, ...]) -> tuple[Row, ...]:
    """The rows of READER, taken from the rows of each kind's table (nothing is worded twice), in id order."""
    rows: list[Row] = []
    for kind, table in KIND_TABLES.items():
        for row in next(t.rows for t in tables if t.table is table):
            values = dict(zip(table.names, row, strict=True))
            placed = (values["period_end"] or values["period_start"]) if kind == "observation" else None
            placed = placed or values["period_start"] or values["period_end"]
            rows.append(
                (values["id"], values["label_zh"], values["label_en"], values.get("figure_zh"), values["period_zh"],
                 values["source"], values["quote"], values["topic"], kind, values.get("qualifier"),
                 values.get("status"), placed.year if placed else None)
            )  # fmt: skip
    return tuple(sorted(rows, key=lambda row: row[0]))


SOURCES = Table(
    "sources",
    "Sources",
    "The news articles every fact was read from. No article prints its date: each publication date is an "
    "interval (earliest and latest possible day) with a best estimate, each part with its basis and confidence.",
    tuple(
        _columns(
            ("id", "string", "Stable identifier of the source article."),
            ("title", "string", "The headline as printed; empty where the article prints none (never invented)."),
            ("subtitle", "string", "The subtitle as printed."),
            ("headlines", "string", "Every headline the page prints, where there are several, separated by ' / '."),
            ("title_basis", "string", "How the title was chosen where the page prints several headlines."),
            ("publisher", "string", "The publisher, as printed or inferred (see publisher_inferred)."),
            ("publisher_inferred", "boolean", "True when the text does not print the publisher and it was inferred."),
            ("publisher_basis", "string", "Why the publisher was inferred."),
            ("edition", "string", "版次: the newspaper page, where known."),
            ("authors", "string", "Reporters named in the text, separated by 、."),
            ("published", "string", "Best estimate of the publication date at its precision (2025-12, 2025Q3)."),
            ("published_earliest", "date", "Earliest day the article can have appeared; empty when unknown."),
            ("published_latest", "date", "Latest day the article can have appeared (what --as-of compares)."),
            (
                "published_confidence",
                "string",
                "The weakest confidence of the date's parts: stated, "
                "inferred from the text or inferred across articles.",
            ),
            ("published_earliest_basis", "string", "How the earliest day was read (soft: likely, not certain)."),
            ("published_latest_basis", "string", "How the latest day was read (soft: likely, not certain)."),
            ("published_best_basis", "string", "How the best estimate was read."),
            ("basis", "string", "How the date, and words such as 今年 and 去年, were read from the text."),
            ("file", "string", "File name of the archived article."),
            ("sha256", "string", "SHA-256 of the archived article file."),
            ("citation", "string", "Citation in GB/T 7714-2015; inferred parts marked [推断], estimated dates in []."),
        ).values()
    ),
    ("id",),
    label_column="id",  # what a fact's `source` shows in Datasette: its citation is a row, not a link, long
)
TOPICS = Table(
    "topics",
    "Topics",
    "The topic vocabulary.",
    tuple(
        _columns(
            ("id", "string", "Topic id, as `--topic` takes it."),
            ("label_zh", "string", "Topic in Chinese."),
            ("label_en", "string", "Topic in English."),
        ).values()
    ),
    ("id",),
    label_column="label_en",
)
UNITS = Table(
    "units",
    "Units",
    "Every unit a value may be written in, and how it scales to its base unit.",
    tuple(
        _columns(
            ("id", "string", "The unit as written (万人次, %, 亿元)."),
            ("base", "string", "The base unit it scales to."),
            ("factor", "number", "Multiply a value in this unit by this to get the base unit (万 = 10000)."),
            ("label_en", "string", "The unit in English."),
        ).values()
    ),
    ("id",),
    label_column="label_en",
)
METRICS = Table(
    "metrics",
    "Metrics",
    "What is measured. Observations of the same measure share a metric, which is what makes them comparable.",
    tuple(
        _columns(
            ("id", "string", "Metric id, as `--metric` takes it."),
            ("topic", "string", "Topic id (see the topics table)."),
            ("label_zh", "string", "The metric in Chinese."),
            ("label_en", "string", "The metric in English."),
            ("unit", "string", "The base unit its observations scale to."),
            (
                "higher_is_better",
                "boolean",
                "True when a higher value is an improvement, false when lower is; empty when neither.",
            ),
        ).values()
    ),
    ("id",),
    (("topic", "topics"),),
    ("topic",),
    "label_en",
)
RELATIONS = Table(
    "relations",
    "Relations",
    "Facts that state the same thing (corroborates), cannot both be true (conflicts), or are alike but not the "
    "same fact, both possibly true (differs), and why. "
    "Only relations whose facts are all in the export are included.",
    tuple(
        _columns(
            ("relation", "integer", "Number of the relation: rows with the same number form one relation."),
            ("kind", "string", "corroborates, conflicts or differs."),
            ("fact", "string", "A fact id (in observations, designations or milestones)."),
            ("reason", "string", "Why: what makes them one fact, which reading makes one false, or how they differ."),
        ).values()
    ),
    ("relation", "fact"),
    # The data package has no facts resource (a fact is a row of one of three kinds' tables), so this key is
    # the SQLite file's only: there it links each relation to the fact it names.
    (("fact", "facts"),),
    facets=("kind",),
)
TABLES: tuple[Table, ...] = (SOURCES, TOPICS, UNITS, METRICS, OBSERVATIONS, DESIGNATIONS, MILESTONES, RELATIONS)
KIND_TABLES = {"observation": OBSERVATIONS, "designation": DESIGNATIONS, "milestone": MILESTONES}

# --- what is exported ----------------------------------------------------------------


# Values in the order of the table's columns: str, int, Decimal, bool, date or None. Nothing else: text_of and
# sql_of take whatever is none of the others for a Decimal, so that listing the formats needs no decimal module.
Row = tuple[Any, ...]


class TableRows(NamedTuple):
    table: Table
    rows: tuple[Row, ...]


class Export(NamedTuple):
    """A dataset laid out in the described tables: what every writer writes."""

    about: About
    base: FactBase  # the exported facts (and the sources, registries and relations they need)
    records: tuple[str, ...]  # each fact as its documented JSON record
    tables: tuple[TableRows, ...]

    @property
    def title(self) -> str:
        return f"{self.about.name} {self.about.release}".strip()


def laid_out(data: Dataset) -> Export:
    return Export(data.about, data.base, data.records, build_tables(data.base))


def build_tables(base: FactBase) -> tuple[TableRows, ...]:
    from xining.cache.records import citation_text as citation

    citations = {source.id: citation(source) for source in base.sources.values()}
    facts: dict[str, list[Row]] = {name: [] for name in KIND_TABLES}
    for fact in base.facts:
        values = fact_values(base, fact, citations[fact.source])
        facts[fact.kind.value].append(tuple(values.get(name) for name in KIND_TABLES[fact.kind.value].names))
    return (
        TableRows(SOURCES, tuple(_source_row(s, citations[s.id]) for s in base.sources.values())),
        TableRows(TOPICS, tuple((t.id, t.label.zh, t.label.en) for t in base.topics.values())),
        TableRows(UNITS, tuple((u.symbol, u.base, u.factor, u.en) for u in base.units.values())),
        TableRows(
            METRICS,
            tuple((m.id, m.topic, m.label.zh, m.label.en, m.unit, m.higher_is_better) for m in base.metrics.values()),
        ),
        TableRows(OBSERVATIONS, tuple(facts["observation"])),
        TableRows(DESIGNATIONS, tuple(facts["designation"])),
        TableRows(MILESTONES, tuple(facts["milestone"])),
        TableRows(RELATIONS, tuple(_relation_rows(base.links))),
    )


def fact_values(base: FactBase, fact: Fact, citation: str) -> dict[str, Any]:
    """One fact's value for every column of FACT_COLUMNS that applies to its kind."""
    from xining.base.model import Designation, Observation
    from xining.cache.records import fact_record
    from xining.present import wording
    from xining.present.quoting import quote_line

    record = fact_record(base, fact)
    label = base.label_of(fact)
    values: dict[str, Any] = {
        "period_zh": wording.period_text(record["period"], wording.Lang.ZH),
        "marks_zh": "、".join(wording.marks(record, wording.Lang.ZH)) or None,
        "marks_en": ", ".join(wording.marks(record, wording.Lang.EN)) or None,
        "id": fact.id,
        "kind": fact.kind.value,
        "topic": base.topic_of(fact),
        "label_zh": label.zh,
        "label_en": label.en,
        "period": fact.period.label,
        "period_spec": fact.period.spec,
        "period_start": fact.period.start,
        "period_end": fact.period.end,
        "time_expression": fact.time_expression,
        "status": getattr(fact, "status", None) and fact.status.value,  # type: ignore[union-attr]
        "note": fact.note,
        "source": fact.source,
        "citation": citation,
        "cite_zh": quote_line(base, fact, wording.Lang.ZH),
        "cite_en": quote_line(base, fact, wording.Lang.EN),
        "quote": fact.quote,
    }
    if isinstance(fact, Observation):
        normalized = base.normalized(fact)
        values.update(
            metric=fact.metric,
            value=fact.value,
            figure=fact.figure,
            figure_zh=wording.marked(wording.figure_text(record, wording.Lang.ZH), record, wording.Lang.ZH),
            figure_en=wording.marked(wording.figure_text(record, wording.Lang.EN), record, wording.Lang.EN),
            unit=fact.unit,
            qualifier=fact.qualifier.value,
            normalized_value=normalized[0] if normalized else None,
            normalized_unit=normalized[1] if normalized else None,
            derived=fact.derived is not None,
            derivation=f"{fact.derived.method} of {', '.join(fact.derived.inputs)}" if fact.derived else None,
            subject=fact.subject,
            period_likely=f"{fact.likely.period.label} ({fact.likely.basis})" if fact.likely else None,
        )
    else:
        distinctions = fact.distinctions
        values.update(
            distinctions_zh="；".join(d.zh for d in distinctions) or None,
            distinctions_en="; ".join(d.en for d in distinctions) or None,
        )
    if isinstance(fact, Designation):
        values.update(level=fact.level.value, issuer=fact.issuer, recipient=fact.recipient, status="actual")
    return values


def _source_row(source: Source, citation: str) -> Row:
    published = source.published
    confidence = published.confidence

    def basis(part: DatePart | None) -> str | None:
        if part is None:
            return None
        return f"{part.confidence.value}{', soft' if part.soft else ''}: {part.basis}"

    return (
        source.id,
        source.title,
        source.subtitle,
        " / ".join(source.headlines) or None,
        source.title_basis,
        source.publisher,
        source.publisher_inferred,
        source.publisher_basis,
        source.edition,
        "、".join(source.authors) or None,
        published.best.point.token if published.best else None,
        published.first_day,
        published.last_day,
        confidence.value if confidence else None,
        basis(published.earliest),
        basis(published.latest),
        basis(published.best),
        source.basis,
        source.file,
        source.sha256,
        citation,
    )


def _relation_rows(links: tuple[Link, ...]) -> Iterator[Row]:
    for number, link in enumerate(links, 1):
        for fact_id in link.facts:
            yield (number, link.relation.value, fact_id, link.reason)


def fact_rows(data: Export) -> tuple[Row, ...]:
    """Every fact in the columns of the `facts` table (all kinds in one), in id order."""
    from xining.cache.records import citation_text as citation

    citations = {source.id: citation(source) for source in data.base.sources.values()}

    def row(fact: Fact) -> Row:
        values = fact_values(data.base, fact, citations[fact.source])  # once per fact, not once per column
        return tuple(values.get(name) for name in FACTS.names)

    return tuple(row(fact) for fact in sorted(data.base.facts, key=lambda f: f.id))


# --- cell values ----------------------------------------------------------------------


def text_of(value: Any) -> str:
    """A value as CSV text: numbers as the article writes them (every digit: never through a float), dates in
    ISO, booleans as true/false."""
    from xining.present.wording import number_text

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return number_text(value)  # a Decimal: the one kind left (see Row)


def sql_of(value: Any) -> Any:
    """A value as SQLite stores it: dates as ISO text, booleans as 0/1, numbers as numbers."""
    from xining.cache.records import number

    if isinstance(value, bool):
        return int(value)
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    figure = number(value)  # a Decimal: the one kind left (see Row)
    if isinstance(figure, int) and not -(2**63) <= figure < 2**63:
        return float(figure)  # beyond SQLite's integers (1e22 is a whole number): stored as a real, as SQLite would
    return figure


# --- descriptions, for metadata ----------------------------------------------------------


def source_summary(data: Export) -> str:
    return f"{len(data.base.sources)} Chinese news articles (the sources table)"


def licence_text(about: About) -> str:
    return about.licence or "not stated in the fact base"


def description(about: About) -> str:
    parts = [about.description or about.name]
    parts.append(f"Release {about.release} (schema {about.schema_version}); exported by xining {__version__}")
    parts.append(f"Facts: {about.chosen}.")
    return " ".join(part.rstrip(".") + "." if not part.endswith(".") else part for part in parts)

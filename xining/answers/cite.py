"""Citations: one CSL-JSON record per source is the truth, and every style renders it.

`csl_record` turns a source into a CSL-JSON item (the data model reference
managers exchange). The CSL-JSON style prints that record; BibTeX and RIS map
its fields; GB/T 7714-2015, APA and Chicago render it as text. What the record
knows only by inference travels with it: an estimated date is `circa`, and
`custom` holds which parts were inferred and why, so the human styles can mark
them ("[推断] 西宁晚报", "[2025-07]") and the exchange formats carry them as notes.

The text styles are written here rather than run through citeproc-py with the
styles of the CSL project. Against the examples of GB/T 7714-2015 itself
("丁文祥. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15).") citeproc-py 0.11
drops the document type "[N]" (it suppresses a group that calls no variable),
splits a Chinese name given as family and given ("丁 文祥"; in APA "丁, . 文祥 ."),
repeats a title it has moved to the author's place, adds a stray "Edition." in
Chicago, leaves an estimated newspaper date unmarked, and has no rule for a
missing publisher ([出版者不详]). None of it can mark an inferred part.

This module knows nothing of Typer or Rich.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from xining import __version__
from xining.errors import XiningError, unknown
from xining.present.wording import Lang, marked, period_text

# The model, json and decimal are imported by the functions that use them: `xining --help` and
# `xining cite --help` import this module only for its registry of styles (STYLES).
if TYPE_CHECKING:
    from xining.answers.query import AsOf
    from xining.base.model import DatePart, Fact, FactBase, Observation, Source
    from xining.base.periods import Point
    from xining.cache.store import Store

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DATASET_ID = "xining-dataset"


# --- the truth: one CSL-JSON record per source ----------------------------------------------


def csl_record(source: Source) -> dict[str, Any]:
    """The source as a CSL-JSON item: printed parts as CSL fields, how the rest was read in `custom` and `note`."""
    record: dict[str, Any] = {
        "id": source.id,
        "type": "article-newspaper" if source.medium == "newspaper" else "article",
        "language": "zh-CN",
    }
    if source.authors:
        record["author"] = [{"literal": name} for name in source.authors]
    if source.title:
        record["title"] = f"{source.title}: {source.subtitle}" if source.subtitle else source.title
    if source.publisher:
        record["container-title"] = source.publisher
    if source.edition:
        record["page"] = source.edition  # 版次, which the CSL styles of GB/T 7714 print as the page
    best = source.published.best
    if best is not None:
        issued: dict[str, Any] = {"date-parts": [_date_parts(best.point)]}
        if not _stated(best):
            issued["circa"] = True
        record["issued"] = issued
    record["archive"] = "xining fact base"
    record["archive_location"] = source.file
    custom: dict[str, Any] = {
        "publisher-inferred": source.publisher_inferred,
        "publisher-en": source.publisher_en,
        "date-earliest": _iso(source.published.first_day),
        "date-latest": _iso(source.published.last_day),
        "date-best": best.point.token if best else None,
        "date-confidence": source.published.confidence.value if source.published.confidence else None,
    }
    if source.title and source.title_en:
        custom["translated-title"] = source.title_en  # CSL 1.0.2 has no field for it; the 1.1 draft does
    if source.headlines:
        custom["headlines"] = list(source.headlines)
    record["custom"] = custom
    record["note"] = "\n".join(_notes(source))
    return record


def _date_parts(point: Point) -> list[int]:
    first = point.first
    if point.precision == "day":
        return [first.year, first.month, first.day]
    if point.precision == "month":
        return [first.year, first.month]
    return [first.year]  # a quarter or half has no CSL form: the year, with the estimate in the notes


def _stated(part: DatePart | None) -> bool:
    """Whether a part of a publication date is printed in the article."""
    from xining.base.model import Confidence

    return part is not None and part.confidence is Confidence.STATED


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _notes(source: Source) -> list[str]:
    """What a reference manager should keep about how each part was read."""
    notes: list[str] = []
    if source.publisher and source.publisher_inferred:
        notes.append(f"Publisher inferred, not printed: {source.publisher}. {source.publisher_basis or ''}".strip())
    elif not source.publisher:
        notes.append("Publisher not printed.")
    if source.title_basis:
        notes.append(f"Title: {source.title_basis}" if source.title else f"No title: {source.title_basis}")
    published = source.published
    if published.best and _stated(published.best):
        notes.append(f"Date printed: {published.best.point.token}.")
    else:
        first, last = _iso(published.first_day) or "not known", _iso(published.last_day) or "not known"
        best = f"best estimate {published.best.point.token}" if published.best else "no best estimate"
        confidence = published.confidence.value if published.confidence else "no basis"
        notes.append(f"Date not printed ({confidence}): earliest {first}, latest {last}; {best}.")
    notes.append(f"Archived as {source.file}.")
    return [" ".join(note.split()) for note in notes]


def dataset_record(base: FactBase) -> dict[str, Any]:
    """The fact base itself as a CSL-JSON dataset: name, release, and the xining that read it."""
    record: dict[str, Any] = {"id": DATASET_ID, "type": "dataset", "title": base.name, "version": base.release}
    calendar = re.fullmatch(r"(\d{4})\.(\d{1,2})\.\d+", base.release)  # calendar versioning: YYYY.MM.N
    if calendar:
        record["issued"] = {"date-parts": [[int(calendar[1]), int(calendar[2])]]}
    record["medium"] = "YAML"
    record["note"] = f"Read with xining {__version__}. Release date taken from the release's calendar version."
    record["custom"] = {"tool-version": __version__}
    return record


# --- reading the record back ----------------------------------------------------------------


class Parts(NamedTuple):
    """A CSL-JSON record's parts as the text styles need them."""

    authors: tuple[str, ...]
    title: str | None
    translated: str | None  # our English translation of the title
    container: str | None
    container_en: str | None
    container_inferred: bool
    date: list[int] | None
    circa: bool
    type: str
    version: str | None
    page: str | None
    tool: str | None  # the xining that read a data set

    @classmethod
    def of(cls, record: dict[str, Any]) -> Parts:
        issued = record.get("issued") or {}
        custom = record.get("custom") or {}
        return cls(
            authors=tuple(_name(author) for author in record.get("author", [])),
            title=record.get("title"),
            translated=custom.get("translated-title"),
            container=record.get("container-title"),
            container_en=custom.get("publisher-en"),
            container_inferred=bool(custom.get("publisher-inferred")),
            date=(issued.get("date-parts") or [None])[0],
            circa=bool(issued.get("circa")),
            type=record["type"],
            version=record.get("version"),
            page=record.get("page"),
            tool=f"xining {custom['tool-version']}" if custom.get("tool-version") else None,
        )


def _name(author: dict[str, Any]) -> str:
    """A CSL name as written: a Chinese family and given name run together (丁文祥), others spaced."""
    if author.get("literal"):
        return str(author["literal"])
    family, given = author.get("family") or "", author.get("given") or ""
    joiner = "" if any(CJK_FIRST <= character <= CJK_LAST for character in family + given) else " "
    return joiner.join(part for part in (family, given) if part)


# The CJK ideographs (with Extension A): a name written in them has no space between family and given name.
# A range test, not a regex: compiling a class this wide costs more than the rest of the module.
CJK_FIRST, CJK_LAST = "\u3400", "\u9fff"


# --- the styles ------------------------------------------------------------------------------


class Style(NamedTuple):
    """A citation style: its name, what it is, and how it writes a list of CSL-JSON records."""

    name: str
    help: str
    write: Callable[[list[dict[str, Any]]], str]
    entry: Callable[[dict[str, Any]], str] | None = None  # one record as text, for the styles people read

    @property
    def machine(self) -> bool:
        """An exchange format (inferred parts as notes), not text for people (inferred parts marked)."""
        return self.entry is None


STYLES: dict[str, Style] = {}
DEFAULT_STYLE = "gbt7714"


def register(name: str, help: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Add an exchange format to the registry that the command's choices, completion, help and tests read."""

    def add(write: Callable[..., str]) -> Callable[..., str]:
        STYLES[name] = Style(name, help, write)
        return write

    return add


def register_text(name: str, help: str, entry: Callable[[dict[str, Any]], str]) -> None:
    """Add a style people read: a numbered list of entries."""
    STYLES[name] = Style(name, help, numbered(entry), entry)


def style(name: str) -> Style:
    if name not in STYLES:
        raise unknown("style", name, STYLES)
    return STYLES[name]


def numbered(entry: Callable[[dict[str, Any]], str]) -> Callable[[list[dict[str, Any]]], str]:
    """A text style's bibliography: one entry per line, numbered [1], [2]... in the order given."""
    return lambda records: "".join(f"[{n}] {entry(r)}\n" for n, r in enumerate(records, 1))


# GB/T 7714-2015, numeric: 主要责任者. 题名[文献类型标识]. 报纸名, 出版日期(版次).
GBT_TYPES = {"article-newspaper": "N", "dataset": "DS"}


def gbt7714_entry(record: dict[str, Any]) -> str:
    parts = Parts.of(record)
    names = list(parts.authors[:3]) + (["等"] if len(parts.authors) > 3 else [])  # 超过3个时，著录前3个，其后加“，等”
    head = f"{', '.join(names)}. " if names else ""
    title = parts.title or "[无题名]"
    code = GBT_TYPES.get(parts.type, "Z")  # Z: 其他未说明文献类型
    if parts.type == "dataset":
        year = str(parts.date[0]) if parts.date else "[出版年不详]"
        version = f"版本 {parts.version}, {parts.tool}. " if parts.version else ""
        return f"{head}{title}[{code}]. {version}[出版地不详]: [出版者不详], {year}."
    container = parts.container or "[出版者不详]"
    if parts.container and parts.container_inferred:
        container = f"[推断] {parts.container}"
    if parts.date is None:
        date = "[出版日期不详]"
    else:
        date = "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts.date))
        date = f"[{date}]" if parts.circa else date  # 估计的出版年应置于方括号内
    page = f"({parts.page})" if parts.page else ""
    return f"{head}{title}[{code}]. {container}, {date}{page}."


# APA 7: Author, A., & Author, B. (Year, Month Day). Title. Newspaper.
def apa_entry(record: dict[str, Any]) -> str:
    parts = Parts.of(record)
    date = _apa_date(parts)
    title = parts.title or ("[Untitled article]" if parts.type != "dataset" else "[Untitled data set]")
    if parts.title and parts.translated:
        title += f" [{parts.translated}]"  # APA 7: a title in another language, then its translation in brackets
    if parts.type == "dataset":
        version = f" (Version {parts.version}; {parts.tool})" if parts.version else ""
        lead = (
            f"{_apa_names(parts.authors)} ({date}). {title}{version} [Data set]."
            if parts.authors
            else (f"{title}{version} [Data set]. ({date}).")
        )
        return lead
    container = _en_container(parts, inferred="(inferred)")
    if parts.page:
        container += f", {parts.page}"  # a print newspaper's page: The Washington Post, A1
    if parts.authors:
        return f"{_apa_names(parts.authors)} ({date}). {title}. {container}."
    return f"{title}. ({date}). {container}."  # no author: the title takes the author's place


def _apa_names(names: tuple[str, ...]) -> str:
    if len(names) == 1:
        return f"{names[0]}."
    return ", ".join(names[:-1]) + f", & {names[-1]}."


def _apa_date(parts: Parts) -> str:
    if parts.date is None:
        return "n.d."
    text = str(parts.date[0])
    if len(parts.date) > 1:
        text += f", {MONTH_NAMES[parts.date[1] - 1]}"
    if len(parts.date) > 2:
        text += f" {parts.date[2]}"
    return f"ca. {text}" if parts.circa else text


def _en_container(parts: Parts, inferred: str) -> str:
    """The newspaper as printed (西宁晚报), marked when inferred; a description when not named."""
    if not parts.container:
        return "[Newspaper not named]" if parts.type == "article-newspaper" else "[Publisher not named]"
    return f"{parts.container} {inferred}" if parts.container_inferred else parts.container


# Chicago 17, bibliography: Author. “Title.” Newspaper, Month Day, Year.
def chicago_entry(record: dict[str, Any]) -> str:
    parts = Parts.of(record)
    names = _chicago_names(parts.authors)
    if parts.type == "dataset":
        version = f" Version {parts.version} ({parts.tool})." if parts.version else ""
        year = str(parts.date[0]) if parts.date else "n.d."
        return f"{names}{parts.title or 'Untitled data set'}.{version} Data set, {year}."
    title = f"“{_single_quotes(parts.title)}.”" if parts.title else "Untitled article."
    if parts.title and parts.translated:
        title = f"“{_single_quotes(parts.title)}” [{parts.translated}]."  # Chicago: the translation in brackets
    container = _en_container(parts, inferred="(inferred)")
    return f"{names}{title} {container}, {_chicago_date(parts).removesuffix('.')}."


def _chicago_names(names: tuple[str, ...]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]}. "
    return ", ".join(names[:-1]) + f", and {names[-1]}. "


def _single_quotes(text: str) -> str:
    return text.replace("“", "‘").replace("”", "’")  # quotation marks inside a quoted title turn single


def _chicago_date(parts: Parts) -> str:
    if parts.date is None:
        return "n.d."
    year = str(parts.date[0])
    text = year
    if len(parts.date) > 1:
        text = f"{MONTH_NAMES[parts.date[1] - 1]} {year}"
    if len(parts.date) > 2:
        text = f"{MONTH_NAMES[parts.date[1] - 1]} {parts.date[2]}, {year}"
    return f"[{text}?]" if parts.circa else text  # a conjectured date, in brackets with a query


register_text("gbt7714", "GB/T 7714-2015, the Chinese national standard, numeric", gbt7714_entry)
register_text("apa", "APA 7th edition", apa_entry)
register_text("chicago", "Chicago 17th edition, bibliography", chicago_entry)


@register("csl-json", "CSL-JSON, as Zotero and Pandoc read it")
def write_csl_json(records: list[dict[str, Any]]) -> str:
    import json

    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


BIBTEX_SPECIAL = r"([&%$#_{}])"
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex_text(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}").replace("~", r"\textasciitilde{}").replace("^", r"\^{}")
    return re.sub(BIBTEX_SPECIAL, r"\\\1", text)


@register("bibtex", "BibTeX, inferred parts in note")
def write_bibtex(records: list[dict[str, Any]]) -> str:
    entries: list[str] = []
    for record in records:
        parts = Parts.of(record)
        kind = {"article-newspaper": "article", "dataset": "misc"}.get(parts.type, "misc")
        fields: list[tuple[str, str]] = []
        if parts.authors:
            names = " and ".join("{" + _bibtex_text(a) + "}" for a in parts.authors)  # braced: never split as names
            fields.append(("author", "{" + names + "}"))
        if parts.title:
            fields.append(("title", "{" + _bibtex_text(parts.title) + "}"))
        if parts.container:
            fields.append(("journal", "{" + _bibtex_text(parts.container) + "}"))
        if parts.date:
            fields.append(("year", "{" + str(parts.date[0]) + "}"))
            if len(parts.date) > 1:
                fields.append(("month", BIBTEX_MONTHS[parts.date[1] - 1]))
        if parts.version:
            fields.append(("version", "{" + _bibtex_text(parts.version) + "}"))
        if parts.page:
            fields.append(("pages", "{" + _bibtex_text(parts.page) + "}"))
        fields.append(("language", "{chinese}" if record.get("language") == "zh-CN" else "{english}"))
        if record.get("note"):
            fields.append(("note", "{" + _bibtex_text(record["note"].replace("\n", " ")) + "}"))
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        entries.append(f"@{kind}{{{record['id']},\n{body}\n}}\n")
    return "\n".join(entries)


RIS_TYPES = {"article-newspaper": "NEWS", "dataset": "DATA"}


@register("ris", "RIS for EndNote and others, inferred parts in N1")
def write_ris(records: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for record in records:
        parts = Parts.of(record)
        tags: list[tuple[str, str]] = [("TY", RIS_TYPES.get(parts.type, "GEN")), ("ID", str(record["id"]))]
        tags += [("AU", author) for author in parts.authors]
        if parts.title:
            tags.append(("TI", parts.title))
        if parts.translated:
            tags.append(("TT", parts.translated))
        if parts.container:
            tags.append(("T2", parts.container))
        if parts.date:
            padded = [*parts.date, None, None][:3]
            tags.append(("PY", str(parts.date[0])))
            tags.append(
                (
                    "DA",
                    "/".join(f"{p:02d}" if isinstance(p, int) and i else str(p or "") for i, p in enumerate(padded))
                    + "/",
                )
            )
        if parts.version:
            tags.append(("ET", parts.version))
        if parts.page:
            tags.append(("SP", parts.page))
        tags.append(("LA", "zh" if record.get("language") == "zh-CN" else "en"))
        tags += [("N1", note) for note in (record.get("note") or "").splitlines()]
        tags.append(("ER", ""))
        lines += [f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}" for tag, value in tags]
        lines.append("")
    return "\n".join(lines)


# --- the ready-to-quote line of a fact -------------------------------------------------------


def quote_line(base: FactBase, fact: Fact, lang: Lang) -> str:
    """The figure with its qualifier, period and source, as one sentence to paste (zh or en)."""
    from xining.cache.records import fact_record

    record = fact_record(base, fact)
    source = base.sources[fact.source]
    if lang is Lang.ZH:
        return _quote_zh(base, fact, record, source)
    return _quote_en(base, fact, record, source)


def _zh_date(source: Source) -> str:
    best = source.published.best
    if best is None:
        return ""
    point = best.point
    year = point.first.year
    text = {
        "year": f"{year}年",
        "half": f"{year}年{'上' if point.first.month == 1 else '下'}半年",
        "quarter": f"{year}年第{'一二三四'[(point.first.month - 1) // 3]}季度",
        "month": f"{year}年{point.first.month}月",
        "day": f"{year}年{point.first.month}月{point.first.day}日",
    }.get(point.precision, "")
    return text if _stated(best) else f"约{text}"


def _quote_zh(base: FactBase, fact: Fact, record: dict[str, Any], source: Source) -> str:
    from xining.base.model import Designation, Observation

    date = _zh_date(source)
    if source.publisher:
        who = f"{'[推断]' if source.publisher_inferred else ''}《{source.publisher}》{date}"
    elif source.title:
        who = f"{date}《{source.title}》一文"
    else:
        who = f"{date}一篇报道"
    period = period_text(record["period"], Lang.ZH)
    label = base.label_of(fact).zh
    if isinstance(fact, Observation):
        from xining.present.wording import figure_text

        figure = marked(figure_text(record, Lang.ZH), record, Lang.ZH)
        verb = "为" if figure[:1].isdigit() else ""  # 算力规模突破1万PFlops, not 为突破
        said = f"{fact.subject or '西宁市'}{label}{verb}{figure}"
    elif isinstance(fact, Designation):
        said = f"{fact.recipient}：{label}"
    else:
        said = label
    undated = "" if date else "（报道日期不详）"
    return f"据{who}报道{undated}，{period}，{said}。"


def _en_date(source: Source) -> str:
    from xining.base.periods import MONTHS

    best = source.published.best
    if best is None:
        return "n.d."
    point = best.point
    text = {
        "year": str(point.first.year),
        "half": f"{'first' if point.first.month == 1 else 'second'} half of {point.first.year}",
        "quarter": f"Q{(point.first.month - 1) // 3 + 1} {point.first.year}",
        "month": f"{MONTH_NAMES[point.first.month - 1]} {point.first.year}",
        "day": f"{point.first.day} {MONTHS[point.first.month - 1]} {point.first.year}",
    }.get(point.precision, point.token)
    return text if _stated(best) else f"c. {text}"


def _quote_en(base: FactBase, fact: Fact, record: dict[str, Any], source: Source) -> str:
    from xining.base.model import Designation, Milestone, Observation

    if source.publisher:
        name = source.publisher_en or source.publisher
        who = f"{name} [inferred]" if source.publisher_inferred else name
    elif source.title:
        who = f"“{source.title}”"
    else:
        who = "newspaper not named"
    period = period_text(record["period"], Lang.EN)
    label = base.label_of(fact).en
    if isinstance(fact, Observation):
        figure = marked(_en_figure(base, fact), record, Lang.EN)
        said = f"{label} in {fact.subject or 'Xining'}, {period}: {figure}"
    elif isinstance(fact, Designation):
        said = f"{fact.recipient}: {label}, {period}"
    elif isinstance(fact, Milestone):
        said = f"{label}, {period}"
    return f"{said} ({who}, {_en_date(source)})."


def _en_figure(base: FactBase, fact: Observation) -> str:
    """The figure in English words and base units: 1245.19 万人次 is 12.4519 million person-times."""
    from decimal import Decimal

    from xining.present.wording import QUALIFIER_EN, number_text

    normalized = base.normalized(fact)
    value, unit = normalized if normalized else (fact.value, fact.unit)
    unit_en = base.units[unit].en if unit in base.units else unit
    scaled = number_text(value, grouped=True)
    for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if abs(value) >= size:
            scaled = f"{number_text(value / size)} {word}"
            break
    if unit == "%":
        text = f"{scaled}%"
    elif unit_en.startswith("count"):
        text = scaled
    else:
        text = f"{scaled} {unit_en}"
    return f"{QUALIFIER_EN.get(fact.qualifier.value, '')} {text}".strip()


# --- what `xining cite` returns --------------------------------------------------------------


class Citations(NamedTuple):
    """The citation of a fact, a source, every source or the data set, in one style."""

    style: str
    records: tuple[dict[str, Any], ...]  # CSL-JSON, in bibliography order
    text: str  # the style's output
    entries: tuple[str, ...]  # each record alone in the style (unnumbered in the styles people read)
    fact: str | None = None  # the fact cited, when one was
    quote: str | None = None  # its ready-to-quote line
    lang: Lang = Lang.ZH
    machine: bool = False  # an exchange format: its text must stay parseable


def cite(base: FactBase, target: str | None, style_name: str = DEFAULT_STYLE, lang: Lang = Lang.ZH,
         every: bool = False, dataset: bool = False) -> Citations:  # fmt: skip
    """Cite a fact or a source by id, every source (`every`), or the fact base itself (`dataset`)."""
    chosen = style(style_name)
    wanted = sum(bool(x) for x in (target, every, dataset))
    if wanted != 1:
        raise XiningError("cite: give one fact or source id, or --all, or --dataset")
    fact = None
    if dataset:
        records = [dataset_record(base)]
    elif every:
        records = [csl_record(s) for s in sorted(base.sources.values(), key=lambda s: (s.file, s.id))]
    elif target in base.sources:
        records = [csl_record(base.sources[target])]
    else:
        fact = base.fact(target or "")
        if fact is None:
            raise unknown("fact or source id", target or "", [*base.sources, *(f.id for f in base.facts)],
                          see="xining facts, xining sources")  # fmt: skip
        records = [csl_record(base.sources[fact.source])]
    quote = None
    if fact is not None:
        quote = quote_line(base, fact, Lang.ZH if lang is Lang.ZH else Lang.EN)
        if lang is Lang.BOTH:
            quote = quote_line(base, fact, Lang.ZH) + "\n" + quote
    entries = tuple(chosen.entry(r) if chosen.entry else chosen.write([r]).strip() for r in records)
    text = chosen.write(records)
    return Citations(chosen.name, tuple(records), text, entries, fact.id if fact else None, quote, lang, chosen.machine)


def citation_text(source: Source) -> str:
    """A source's citation as one line (GB/T 7714-2015, unnumbered): what listings, cards and exports carry."""
    return gbt7714_entry(csl_record(source))


def cite_from(store: Store, target: str | None, style_name: str = DEFAULT_STYLE, lang: Lang = Lang.ZH,
              every: bool = False, dataset: bool = False, as_of_day: AsOf | None = None) -> Citations:  # fmt: skip
    """`cite` on a compiled base: reads only the registries and the one fact asked for.

    --as-of limits the bibliography of --all to the sources published by that day.
    """
    from xining.answers.query import as_of

    style(style_name)  # an unknown style is the first thing to report
    base = store.registries()
    if every:
        base = as_of(base, as_of_day)
    elif target and target not in base.sources:
        base = store.base("id = ?", (target,))
        if base.fact(target) is None:
            raise unknown("fact or source id", target, [*base.sources, *store.ids("facts")],
                          see="xining facts, xining sources")  # fmt: skip
    return cite(base, target, style_name, lang, every, dataset)

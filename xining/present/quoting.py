"""The ready-to-quote line of a fact: its figure with qualifier, period and source, as one sentence
to paste, in Chinese or in English."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xining.base.citation import MONTH_NAMES, stated
from xining.present.wording import Lang, marked, period_text

if TYPE_CHECKING:
    from xining.base.model import Fact, FactBase, Observation, Source


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
    return text if stated(best) else f"约{text}"


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
    return text if stated(best) else f"c. {text}"


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

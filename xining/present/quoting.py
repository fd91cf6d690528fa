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
    return {
        "year": f"{year}年",
        "half": f"{year}年{'上' if point.first.month == 1 else '下'}半年",
        "quarter": f"{year}年第{'一二三四'[(point.first.month - 1) // 3]}季度",
        "month": f"{year}年{point.first.month}月",
        "day": f"{year}年{point.first.month}月{point.first.day}日",
    }.get(point.precision, "")


# The line is a sentence a newspaper could print as it stands: what the page prints (or was read as
# printing) in the sentence, and every part that is inferred or missing in a note after it, never
# inside it. The figure keeps its status (计划, planned), which is part of what the article says.


def _quote_zh(base: FactBase, fact: Fact, record: dict[str, Any], source: Source) -> str:
    from xining.base.model import Designation, Observation

    date = _zh_date(source)
    dated = bool(date) and stated(source.published.best)
    notes = _inferred(record, source, Lang.ZH)
    if source.publisher:
        who = f"《{source.publisher}》{date if dated else ''}"
    elif source.title:
        who = f"{date if dated else ''}《{source.title}》一文"
    else:
        who = f"{date if dated else ''}一篇报道"
    period = period_text(record["period"], Lang.ZH)
    label = base.label_of(fact).zh
    if isinstance(fact, Observation):
        from xining.present.wording import figure_text

        figure = marked(figure_text(record, Lang.ZH), _as_stated(record), Lang.ZH)
        verb = "为" if figure[:1].isdigit() else ""  # 算力规模突破1万PFlops, not 为突破
        said = f"{fact.subject or '西宁市'}{label}{verb}{figure}"
    elif isinstance(fact, Designation):
        said = f"{fact.recipient}：{label}"
    else:
        said = label
    after = f"（{'；'.join(notes)}。）" if notes else ""
    return f"据{who}报道，{period}，{said}。{after}"


def _inferred(record: dict[str, Any], source: Source, lang: Lang) -> list[str]:
    """The note after the sentence: which parts of it are inferred or missing, in the reader's language."""
    zh = lang is Lang.ZH
    notes: list[str] = []
    if record.get("derived"):
        notes.append("数值为推算，原文未直接给出" if zh else "figure derived, not stated in the article")
    if source.publisher and source.publisher_inferred:
        notes.append("报纸名称为推断" if zh else "newspaper name inferred")
    best = source.published.best
    if best is None:
        notes.append("报道日期不详" if zh else "report not dated")
    elif not stated(best):
        notes.append(f"报道日期约为{_zh_date(source)}" if zh else f"report dated c. {_en_date(source)}")
    return notes


def _as_stated(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its derivation left to the note after the sentence; its status stays with the figure."""
    return {**record, "derived": None}


def _en_date(source: Source) -> str:
    from xining.base.periods import MONTHS

    best = source.published.best
    if best is None:
        return "n.d."
    point = best.point
    return {
        "year": str(point.first.year),
        "half": f"{'first' if point.first.month == 1 else 'second'} half of {point.first.year}",
        "quarter": f"Q{(point.first.month - 1) // 3 + 1} {point.first.year}",
        "month": f"{MONTH_NAMES[point.first.month - 1]} {point.first.year}",
        "day": f"{point.first.day} {MONTHS[point.first.month - 1]} {point.first.year}",
    }.get(point.precision, point.token)


def _quote_en(base: FactBase, fact: Fact, record: dict[str, Any], source: Source) -> str:
    from xining.base.model import Designation, Milestone, Observation

    dated = stated(source.published.best)
    if source.publisher:
        who = source.publisher_en or source.publisher
    elif source.title:
        who = f"the article “{source.title}”"
    else:
        who = "a newspaper report"
    if dated:
        who += f" ({_en_date(source)})"
    period = period_text(record["period"], Lang.EN)
    label = base.label_of(fact).en
    said = label
    if isinstance(fact, Observation):
        figure = marked(_en_figure(base, fact), _as_stated(record), Lang.EN)
        said = f"{label} in {fact.subject or 'Xining'}, {period}: {figure}"
    elif isinstance(fact, Designation):
        said = f"{fact.recipient}: {label}, {period}"
    elif isinstance(fact, Milestone):
        said = f"{label}, {period}"
    notes = _inferred(record, source, Lang.EN)
    joined = "; ".join(notes)
    after = f" [{joined[:1].upper()}{joined[1:]}.]" if notes else ""
    return f"{said}, according to {who}.{after}"


def _en_figure(base: FactBase, fact: Observation) -> str:
    """The figure as English readers write it: 1245.19 万人次 of tourist arrivals is 12.45 million.

    Millions and billions take two decimals, as newspapers write them (the exact value is in the record
    and the Chinese line). A count of people or visits (人次, "person-times") is named by the figure's
    label (tourist arrivals, meals served), so it takes no unit word.
    """
    from decimal import ROUND_HALF_UP, Decimal

    from xining.present.wording import QUALIFIER_EN, number_text

    normalized = base.normalized(fact)
    value, unit = normalized if normalized else (fact.value, fact.unit)
    unit_en = base.units[unit].en if unit in base.units else unit
    scaled = number_text(value, grouped=True)
    for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if abs(value) >= size:
            short = (value / size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            scaled = f"{number_text(short)} {word}"
            break
    if unit == "%":
        text = f"{scaled}%"
    elif unit_en.startswith("count") or unit == "人次":
        text = scaled
    else:
        text = f"{scaled} {unit_en}"
    return f"{QUALIFIER_EN.get(fact.qualifier.value, '')} {text}".strip()

"""How a figure reads for people, in Chinese and in English, and text made safe for a terminal.

This module knows no Rich and nothing of the output layer: the output layer, the
tables for people, the error line and the exports all take their words from
here, so that a qualifier, a marker or a period reads the same everywhere.

Text from the base or the command line is *untrusted*: `literal` shows its
control characters instead of letting a terminal obey them. Files written for
programs (CSV, TSV, exports) take the raw text; JSON escapes what a terminal
would obey and still decodes to the same string.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cache
from typing import Any

from xining.base.numbers import number_text, occurrences
from xining.base.patterns import compiled


class Lang(str, Enum):
    ZH = "zh"
    EN = "en"
    BOTH = "both"


# --- the one sanitiser -------------------------------------------------------------

# C0 and C1 controls (ESC, CSI, OSC, BEL...), DEL, and the characters that
# reorder or hide text: bidi embeddings, overrides and isolates, the implicit
# marks, and the Unicode line and paragraph separators. Lone surrogates are the bytes
# of a file name that is not UTF-8 (as Python decodes them): shown as the byte.
# Kept as pattern text, compiled by `re` on first use and cached there: a command
# that never prints to a terminal does not pay for compiling the other two.
_BIDI = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]"
_UNSAFE_ONE_LINE = f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]"
# What json.dumps leaves raw (it escapes only U+0000-U+001F).
_UNSAFE_IN_JSON = f"[\x7f-\x9f{_BIDI}]"


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode gives it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def literal(text: str, one_line: bool = False) -> str:
    """Untrusted text as a terminal should show it: every control and bidi character written out.

    Tabs and newlines are kept unless `one_line`, where they are written out too,
    so that an argument holding a newline cannot make an error two lines.
    """
    return re.sub(_UNSAFE_ONE_LINE if one_line else _UNSAFE, _shown, text)


def json_safe(text: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with C1, DEL and bidi characters as \\u escapes.

    The JSON decodes to exactly the same strings; only a terminal is spared.
    """
    if not re.search(_UNSAFE_IN_JSON, text):
        return text
    return re.sub(_UNSAFE_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", text)


# --- languages ---------------------------------------------------------------------


def pick(zh: str, en: str, lang: Lang) -> str:
    """One text in the chosen language; both as "中文 English"."""
    if lang is Lang.ZH:
        return zh
    if lang is Lang.EN:
        return en
    return f"{zh} {en}"


def bilingual(label: dict[str, str], lang: Lang) -> str:
    return pick(label["zh"], label["en"], lang)


def label_text(record: dict[str, Any], lang: Lang) -> str:
    """A fact's label with the distinctions the article claims for it: 国家碳达峰试点城市（西北地区首个）."""
    label = record.get("label") or {"zh": "", "en": ""}
    # A milestone's label often says it already (建成全省首家虚拟电厂): then it is not said twice.
    distinctions = [d for d in record.get("distinctions") or () if d["zh"] not in label["zh"]]
    if not distinctions:
        return bilingual(label, lang)
    zh = f"{label['zh']}（{'，'.join(d['zh'] for d in distinctions)}）"
    en = f"{label['en']} ({'; '.join(d['en'] for d in distinctions)})"
    return pick(zh, en, lang)


# Words of the interface, in both languages (section titles, markers, notes).
WORDS: dict[str, tuple[str, str]] = {
    "derived": ("推算", "derived"),
    "planned": ("计划", "planned"),
    "expected": ("预计", "planned"),
    "against": ("对比", "against"),
    "no metric": ("两个时期都没有的指标", "no metric is observed in both periods"),
    "not comparable": ("不可比", "not comparable"),
    "metrics": ("指标", "metrics"),
    "with a difference": ("可算差值", "with a difference"),
    "better": ("改善", "better"),
    "worse": ("变差", "worse"),
    "observations": ("观测", "observations"),
    "no observations": ("没有观测", "no observations"),
    "sources": ("来源", "sources"),
    "earlier first": ("按时间先后比较", "compared from the earlier period to the later"),
    "planned, not reached": ("计划或预计，尚未实现", "planned (a target or expected event, not yet reached)"),
    "corroborates": ("同一事实（互相印证）", "the same fact (corroborates)"),
    "conflicts": ("不能同时成立（矛盾）", "cannot both be true (conflicts)"),
    "differs": ("相似但不同，都可成立", "alike but different, both may hold (differs)"),
    "the same article": ("同一篇文章", "the same article"),
    "open period": ("起止不全", "open period"),
    "the same metric elsewhere": ("同一指标的其他数据", "the same metric elsewhere"),
}


def say(key: str, lang: Lang) -> str:
    zh, en = WORDS[key]
    return pick(zh, en, lang) if zh != en else en


# Section headings that name periods: Chinese for --lang zh, else English (both languages would be long).
HEADINGS: dict[str, tuple[str, str]] = {
    "also in": ("亦见于{period}，{other}无同口径数据", "also in {period}, no same-span figure in {other}"),
    "only in": ("仅{period}有", "only in {period}"),
    "events of": ("{period} 称号与大事", "designations and milestones, {period}"),
}


def heading(key: str, lang: Lang, **periods: str) -> str:
    zh, en = HEADINGS[key]
    return (zh if lang is Lang.ZH else en).format(**periods)


# --- qualifiers --------------------------------------------------------------------

QUALIFIER_EN = {
    "exact": "",
    "approx": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
}
# Chinese puts some qualifiers before the figure (超, 近, 约) and some after (以上, 余).
# The words the article used win; these are the defaults when it used none we know.
QUALIFIER_ZH: dict[str, tuple[str, str]] = {
    "exact": ("", ""),
    "approx": ("约", ""),
    "at_least": ("", "以上"),
    "more_than": ("超", ""),
    "at_most": ("", "以下"),
}
_ZH_BEFORE = {
    "approx": ("接近", "近", "约"),
    "more_than": ("超过", "突破", "超", "逾"),
    "at_least": ("不低于", "不少于", "至少"),
    "at_most": ("不超过", "不高于", "不足"),
}
_ZH_AFTER = {"approx": ("左右", "余", "多"), "at_least": ("以上",), "at_most": ("以下",)}


def zh_qualifier(qualifier: str, number: str, unit: str, quote: str) -> tuple[str, str]:
    """(the word before the number, the unit with any word inside or after it), as the quote words it.

    近73万件 gives ("近", "万件"); 44.12万余名 gives ("", "万余名"); 98%以上 gives ("", "%以上").
    """
    before, after = QUALIFIER_ZH.get(qualifier, ("", ""))
    if qualifier == "exact":
        return "", unit
    squeezed = "".join(quote.split())
    found = _standing_alone(number, squeezed)
    if found >= 0:
        head, tail = squeezed[:found], squeezed[found + len(number) :]
        for word in _ZH_BEFORE.get(qualifier, ()):
            if head.endswith(word):
                return word, unit
        for word in _ZH_AFTER.get(qualifier, ()):
            for split in range(len(unit) + 1):
                written = unit[:split] + word + unit[split:]
                if tail.startswith(written):
                    return "", written
    return before, unit + after


def _standing_alone(number: str, text: str) -> int:
    """Where a number is first written as itself in text, not inside another (93 in 93.1 or 1093); -1 if not."""
    for start in occurrences(number, text):
        end = start + len(number)
        before, after = text[start - 1 : start], text[end : end + 2]
        if not (before == "." or before.isdecimal()) and not (after[:1].isdecimal() or _point_digit(after)):
            return start
    return -1


def _point_digit(text: str) -> bool:
    return len(text) == 2 and text[0] == "." and text[1].isdecimal()


# Water quality classes (Ⅰ to Ⅵ): a lower class is better water, so "at most class Ⅱ" is what the
# articles write as Ⅱ类及以上 ("class II or better"), and bounds are worded the other way round.
CLASS_UNIT = "类"
_ROMAN = (("Ⅰ", "I"), ("Ⅱ", "II"), ("Ⅲ", "III"), ("Ⅳ", "IV"), ("Ⅴ", "V"), ("Ⅵ", "VI"))
_CLASS_BOUND = {"exact": ("", ""), "at_most": ("及以上", " or better"), "at_least": ("及以下", " or worse")}


def _class_text(record: dict[str, Any], lang: Lang) -> str | None:
    """A water quality class as the articles write it (Ⅱ类及以上, class II or better), or None if it is not one."""
    value, qualifier = record.get("value"), record.get("qualifier") or "exact"
    if record.get("unit") != CLASS_UNIT or qualifier not in _CLASS_BOUND or not isinstance(value, int):
        return None
    if not 1 <= value <= len(_ROMAN):
        return None
    zh_numeral, en_numeral = _ROMAN[value - 1]
    zh_after, en_after = _CLASS_BOUND[qualifier]
    return f"{zh_numeral}{CLASS_UNIT}{zh_after}" if lang is Lang.ZH else f"class {en_numeral}{en_after}"


def figure_text(record: dict[str, Any], lang: Lang = Lang.BOTH) -> str:
    """The value as a reader should quote it: "more than 10 万PFlops", "超10万PFlops"."""
    if record.get("value") is None:
        return ""
    if (water_class := _class_text(record, lang)) is not None:
        return water_class
    qualifier = record.get("qualifier") or "exact"
    number = number_text(record["value"])
    unit = record.get("unit") or ""
    if lang is Lang.ZH:
        before, unit_text = zh_qualifier(qualifier, number, unit, record.get("quote") or "")
        return f"{before}{number}{unit_text}"
    words = QUALIFIER_EN.get(qualifier, "")
    return f"{words} {number} {unit}".strip()


# --- derived and planned -----------------------------------------------------------


def marks(record: dict[str, Any], lang: Lang) -> list[str]:
    """What a reader must know before quoting the figure: derived, planned (or expected)."""
    found: list[str] = []
    if record.get("derived"):
        found.append(say("derived", lang))
    if record.get("status") == "planned":
        found.append(say("planned" if record.get("kind") == "observation" else "expected", lang))
    return found


def marked(text: str, record: dict[str, Any], lang: Lang) -> str:
    """A figure with its markers beside it: "87.9 % (derived)", "93%以上（计划）"."""
    words = marks(record, lang)
    if not words:
        return text
    joined = "、".join(words) if lang is Lang.ZH else ", ".join(words)
    note = f"（{joined}）" if lang is Lang.ZH else f"({joined})"
    return f"{text} {note}".strip() if lang is not Lang.ZH else f"{text}{note}"


def placed_on(record: dict[str, Any]) -> str:
    """The one date a timeline places a fact at (ISO), as query.PLACED does in SQL."""
    period = record.get("period") or {}
    if record.get("kind") == "observation":
        return period.get("end") or period.get("start") or ""
    return period.get("start") or period.get("end") or ""


# --- periods -----------------------------------------------------------------------

_QUARTERS = {"1": "第一", "2": "第二", "3": "第三", "4": "第四"}


@cache
def _month_numbers() -> dict[str, int]:
    # Imported on first use: output that writes no Chinese date (JSON, CSV) never needs xining.base.periods.
    from xining.base.periods import MONTHS  # the English month names period labels are written with

    return {name: number for number, name in enumerate(MONTHS, 1)}


def _full(pattern: str, text: str) -> re.Match[str] | None:
    return compiled(pattern).fullmatch(text)  # compiled on first use, and kept between runs


def _zh_point(text: str) -> str | None:
    months = _month_numbers()
    if match := _full(r"(\d{4})", text):
        return f"{match[1]}年"
    if match := _full(r"H([12]) (\d{4})", text):
        return f"{match[2]}年{'上' if match[1] == '1' else '下'}半年"
    if match := _full(r"Q([1-4]) (\d{4})", text):
        return f"{match[2]}年{_QUARTERS[match[1]]}季度"
    if (match := _full(r"([A-Z][a-z]{2}) (\d{4})", text)) and match[1] in months:
        return f"{match[2]}年{months[match[1]]}月"
    if match := _full(r"(\d{4})-(\d{2})-(\d{2})", text):
        return f"{match[1]}年{int(match[2])}月{int(match[3])}日"
    match = _full(r"([A-Z][a-z]{2})–([A-Z][a-z]{2}) (\d{4})", text)
    if match and match[1] in months and match[2] in months:
        return f"{match[3]}年{months[match[1]]}—{months[match[2]]}月"
    if match := _full(r"(\d{4})–(\d{4})", text):
        return f"{match[1]}—{match[2]}年"
    # Spans of days (a publication known to lie between two dates): 9–31 Dec 2025, 11 Jul – 30 Sep 2025.
    match = _full(r"(\d{1,2})–(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})", text)
    if match and match[3] in months:
        return f"{match[4]}年{months[match[3]]}月{match[1]}—{match[2]}日"
    match = _full(r"(\d{1,2}) ([A-Z][a-z]{2})(?: (\d{4}))? – (\d{1,2}) ([A-Z][a-z]{2}) (\d{4})", text)
    if match and match[2] in months and match[5] in months:
        first_year = f"{match[3]}年" if match[3] else ""
        last = f"{match[6]}年{months[match[5]]}月{match[4]}日"
        return f"{first_year or match[6] + '年'}{months[match[2]]}月{match[1]}日至{last if match[3] else last[5:]}"
    return None


def _zh_period(label: str) -> str | None:
    if (point := _zh_point(label)) is not None:
        return point
    rules: tuple[tuple[str, str], ...] = (
        (r"(.+) \(14th Five-Year Plan\)", "{0}（“十四五”时期）"),
        (r"at publication \(date not given\)", "发布时（日期不详）"),
        (r"at publication \((.+)\)", "发布时（{0}）"),
        (r"date not given \(by (.+)\)", "日期不详（{0}或更早）"),
        (r"date not given", "日期不详"),
        (r"period not given", "时期不详"),
        (r"up to publication \(date not given\)", "截至发布时（日期不详）"),
        (r"up to publication \((.+)\)", "截至发布时（{0}）"),
        (r"up to (.+)", "截至{0}"),
        (r"from (.+) to publication \((.+)\)", "{0}至发布时（{1}）"),
        (r"from (.+) to between (.+) and (.+)", "{0}起，至{1}至{2}之间"),
        (r"from (.+)", "{0}起"),
        (r"(.+) – publication \(date not given\)", "{0}至发布时（日期不详）"),
        (r"(.+) – publication \((.+)\)", "{0}至发布时（{1}）"),
        (r"(.+) – (.+)", "{0}至{1}"),
    )
    for pattern, template in rules:
        if match := _full(pattern, label):
            parts = [_zh_period(part) for part in match.groups()]
            if all(part is not None for part in parts):
                return template.format(*parts)
    if match := _full(r"(.+) \(year not given\)", label):
        return f"{match[1]}（未注明年份）"
    return None


def period_text(
    period: dict[str, Any] | None,
    lang: Lang = Lang.BOTH,
    frame: str | None = None,
    likely: dict[str, Any] | None = None,
) -> str:
    """A period's label in the reader's language (English for both: it is the shorter).

    `frame`: a target's time frame as the article words it (3年至5年内), said first where the label
    does not repeat it. `likely`: for a figure the text leaves undated, its likeliest period and basis.
    """
    if not period:
        return ""
    label = str(period.get("label") or "")
    if lang is Lang.ZH:
        label = _zh_period(label) or label
    if frame and frame not in label:
        label = f"{frame}: {label}" if lang is not Lang.ZH else f"{frame}（{label}）"
    if likely:
        guess = period_text(likely["period"], lang)
        label += f"；可能为{guess}（{likely['basis']}）" if lang is Lang.ZH else f"; likely {guess} ({likely['basis']})"
    return label

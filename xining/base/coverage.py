"""Coverage: every number in a source article is a fact's figure, part of a date, or left out on purpose.

Numbers are found by the project's one scanner (`xining.base.numbers`, which
`check` reads drafts with too): runs of Arabic digits with decimals (1245.19,
37.8), Roman numerals (Ⅱ), and Chinese numerals that count something:
followed by a measure word (六大, 两度, 五区两县, 九个) or introduced by 第 or
前 (第五次, 前十, 前三季度). Newspaper pages break lines and insert spaces
anywhere, so the scan runs on the text with all whitespace removed and maps
each number back to its line.

Lines printed with every character doubled (77月月 1111日日) are page
furniture from a large-type lead, not numbers: their numbers are left out
automatically with the reason `page_furniture`.

Each number is then accounted for, in this order: the figure of an
observation (inside the observation's quote); part of a period or time
expression (inside a fact's time expression, or a date inside a fact's
quote); or inside a `left_out` span the fact base lists with its reason.
Anything else is unaccounted, and `validate --sources` reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from xining.base.checks import squeeze
from xining.base.model import Designation, Exclusion, FactBase, Milestone, Observation
from xining.base.numbers import figure_offsets, is_doubled, occurrences
from xining.base.numbers import scan as scan_numbers

# Dates inside a quote: a year (2024), a month or day (6月, 11日, 1—6月), a quarter (三季度). A number
# before 年 is a duration (三年, 5年) unless it is a year.
_YEAR = re.compile(r"(?:19|20)\d\d")
_ARABIC_DATE_AFTER = re.compile(r"(?:月|日|号|[—–\-~至到]\d+月)")
_CHINESE_DATE_AFTER = re.compile(r"(?:季度|月)")


class Reason(str, Enum):
    """Why a number of an article is not in the fact base."""

    SLOGAN_OR_NAME = "slogan_or_name"  # 五个中心城市, "1+3+X", G109, 唐道·637
    DATE = "date"  # a date no fact's period needs
    PAGE_FURNITURE = "page_furniture"  # headlines, captions, garbled large type
    DUPLICATE_OF = "duplicate_of"  # the same number already recorded in another fact (`fact`)
    OUT_OF_SCOPE = "out_of_scope"  # anything else, with `why`


@dataclass(frozen=True, slots=True)
class Number:
    """One number of an article: as printed (whitespace removed), where, and around it."""

    text: str
    start: int  # offsets in the article with whitespace removed
    end: int
    line: int  # the line of the article where it begins
    context: str


@dataclass(frozen=True, slots=True)
class Accounted:
    number: Number
    status: str  # figure | period | left_out
    by: str  # the fact id, or the reason it was left out


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    """How every number of one article is accounted for."""

    source: str
    file: str
    numbers: tuple[Accounted | Number, ...]

    @property
    def accounted(self) -> tuple[Accounted, ...]:
        return tuple(n for n in self.numbers if isinstance(n, Accounted))

    @property
    def unaccounted(self) -> tuple[Number, ...]:
        return tuple(n for n in self.numbers if isinstance(n, Number))

    @property
    def in_facts(self) -> int:
        return sum(1 for n in self.accounted if n.status != "left_out")

    @property
    def left_out(self) -> int:
        return sum(1 for n in self.accounted if n.status == "left_out")


@dataclass(frozen=True, slots=True)
class Squeezed:
    """An article with its whitespace removed, and the line each remaining character was on."""

    text: str
    lines: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> Squeezed:
        chars: list[str] = []
        lines: list[int] = []
        line = 1
        for char in raw:
            if char == "\n":
                line += 1
            if char.isspace():  # as `squeeze` drops it
                continue
            chars.append(char)
            lines.append(line)
        return cls("".join(chars), tuple(lines))


def scan(raw: str) -> tuple[Number, ...]:
    """Every number of an article, in reading order."""
    article = Squeezed.of(raw)
    numbers = []
    for written in scan_numbers(article.text):
        start, end = written.start, written.end
        context = article.text[max(0, start - 8) : end + 8]
        numbers.append(Number(written.text, start, end, article.lines[start], context))
    return tuple(numbers)


def doubled_lines(raw: str) -> set[int]:
    """Lines printed with each character or word doubled (77月月 1111日日, 省政府新闻办召开省政府新闻办召开)."""
    return {number for number, line in enumerate(raw.splitlines(), 1) if is_doubled(line)}


def _is_date(article: Squeezed, number: Number) -> bool:
    if _YEAR.fullmatch(number.text):
        return True
    if number.text.startswith("第"):
        return False
    after = _ARABIC_DATE_AFTER if number.text[0].isdigit() else _CHINESE_DATE_AFTER
    return bool(after.match(article.text, number.end))


def account(base: FactBase, source: str, raw: str) -> tuple[SourceCoverage, list[tuple[Exclusion, str]]]:
    """Account for every number of one article; also each exclusion that is wrong, with why."""
    article = Squeezed.of(raw)
    numbers = scan(raw)
    facts = [fact for fact in base.facts if fact.source == source]
    figures: dict[int, str] = {}  # number start -> fact id
    periods: dict[int, str] = {}
    by_start = {number.start: number for number in numbers}

    def numbers_in(first: int, last: int) -> list[Number]:
        return [n for n in numbers if n.start < last and n.end > first]

    for fact in facts:
        quote = squeeze(fact.quote)
        for at in occurrences(quote, article.text):
            inside = numbers_in(at, at + len(quote))
            if isinstance(fact, Observation) and fact.derived is None:
                figure = squeeze(fact.figure)
                for offset in figure_offsets(quote, figure, squeeze(fact.unit)):
                    for number in numbers_in(at + offset, at + offset + len(figure)):
                        figures.setdefault(number.start, fact.id)
            for number in inside:
                if _is_date(article, number):
                    periods.setdefault(number.start, fact.id)
        said = squeeze(fact.time_expression or "")
        if isinstance(fact, (Observation, Designation, Milestone)) and said:
            for at in occurrences(said, article.text):
                for number in numbers_in(at, at + len(said)):
                    periods.setdefault(number.start, fact.id)
    left_out: dict[int, str] = {}
    wrong: list[tuple[Exclusion, str]] = []
    for exclusion in base.exclusions:
        if exclusion.source != source:
            continue
        span = squeeze(exclusion.text)
        places = list(occurrences(span, article.text))
        if not places:
            wrong.append((exclusion, f"'{exclusion.text}' is not in the article"))
            continue
        inside = [number for at in places for number in numbers_in(at, at + len(span))]
        if not inside:
            wrong.append((exclusion, f"'{exclusion.text}' holds no number"))
            continue
        for number in inside:
            if number.start in figures:
                wrong.append(
                    (
                        exclusion,
                        f"'{number.text}' in '{exclusion.text}' is the figure of '{figures[number.start]}'; "
                        "a number cannot be both a figure and left out",
                    )
                )
            left_out.setdefault(number.start, exclusion.reason)
    garbled = doubled_lines(raw)
    result: list[Accounted | Number] = []
    for start, number in by_start.items():
        if start in figures:
            result.append(Accounted(number, "figure", figures[start]))
        elif number.line in garbled:
            result.append(Accounted(number, "left_out", "page_furniture"))
        elif start in left_out:
            result.append(Accounted(number, "left_out", left_out[start]))
        elif start in periods:
            result.append(Accounted(number, "period", periods[start]))
        else:
            result.append(number)
    return SourceCoverage(source, base.sources[source].file, tuple(result)), wrong

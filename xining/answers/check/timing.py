"""Time expressions of a draft: the period a claim speaks of, with relative words resolved.

今年, 去年, 前年, this year and last year are read against the draft's date
(`--date`, default today). A claim takes the nearest time expression before
it in its sentence, or else the first one after it. The numbers inside a time
expression (2024年, 1—6月) are dates, not claims.
"""

import re
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from xining.base.numbers import occurrences
from xining.base.patterns import compiled

# The months by name, as English dates write them (the base's period labels use the first three letters).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class When(NamedTuple):
    """A time expression: its words, where, and the days it covers (an open side is None)."""

    words: str
    start: int
    end: int
    first: date | None
    last: date | None
    plan_period: bool = False  # “十四五”: 2021 to 2025, however far into it a figure runs
    future: bool = False  # 未来三年, 3年至5年内, within five years: a plan's horizon

    def label(self) -> str:
        if self.first and self.last:
            return self.first.isoformat() if self.first == self.last else f"{self.first}..{self.last}"
        if self.first:
            return f"{self.first}.."
        if self.last:
            return f"..{self.last}"
        return ""


# A month by its name or the first three letters of it (Sept. too): read by those three letters.
_EN_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A year in Chinese numerals (二〇二四年) is read as one in digits: see `_arabic_years`.
_ZH_YEAR = r"(?:(?P<year>(?:19|20)\d\d)年|(?P<rel>今年|去年|前年|明年))"
_EN_YEAR = r"(?:(?P<year>(?:19|20)\d\d)(?![\dA-Za-z])|(?P<rel>this year|last year|next year))"  # 2025西宁: no \b
_COUNTS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11,
}  # fmt: skip
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_FIGURE = r"[\d一二三四五六七八九十两]+"
_SPAN = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,2})"  # years of a plan's horizon, not a calendar year

# Each kind of expression, tried everywhere; where two overlap, the longer wins (2025年1—6月 over 2025年).
# With each, words one of which any match holds: a pattern is compiled (a few hundred microseconds for one with
# Chinese in it) only for a draft that has one of them.
_ZH = (
    ("compare", ("同期",), r"(?:较|比|与|同)?(?:去年|上年)同期"),
    ("fyp", ("十四五",), r"“?十四五”?(?:时期|期间|以来)?"),
    ("horizon", ("未来", "内"), r"未来" + _FIGURE + r"年|" + _FIGURE + r"年(?:至" + _FIGURE + r"年)?内"),
    ("horizon", ("到", "至"), r"(?:用|在)?" + _SPAN + r"年?(?:至|到)" + _SPAN + r"年(?:时间|左右|内)"),
    ("upto", ("截至",), rf"截至{_ZH_YEAR}?(?P<um>\d{{1,2}})月(?:底|末|(?P<ud>\d{{1,2}})日)"),
    ("upto", ("截至", "截止"), rf"(?:截至|截止到?){_ZH_YEAR}(?:底|末)"),  # 截至2025年底: up to the end of the year
    ("yrange", ("年",), r"(?P<y1>(?:19|20)\d\d)年?(?:至|到|—|–|-|~)(?P<y2>(?:19|20)\d\d)年"),
    ("mrange", ("月",), rf"{_ZH_YEAR}?(?P<m1>\d{{1,2}})月?(?:至|到|—|–|-|~)(?P<m2>\d{{1,2}})月份?"),
    ("first_months", ("个月",), rf"{_ZH_YEAR}?前(?P<months>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})个月"),
    ("since", ("以来",), rf"(?:自|从)?{_ZH_YEAR}(?:(?P<sm>\d{{1,2}})月)?以来"),
    ("since", ("起", "开始"), rf"(?:自|从){_ZH_YEAR}(?:(?P<sm>\d{{1,2}})月)?(?:起|开始)"),
    ("part", ("年",), rf"{_ZH_YEAR}的?(?P<which>上半年|下半年|前三季度|第?[一二三四1-4]季度|年底|年末|底)"),
    ("part", ("前三季度", "上半年", "下半年"), r"(?P<which>前三季度|上半年|下半年)"),
    ("day", ("日",), rf"{_ZH_YEAR}?(?P<dm>\d{{1,2}})月(?P<dd>\d{{1,2}})日"),
    ("month", ("年",), rf"{_ZH_YEAR}(?P<mm>\d{{1,2}})月份?"),
    ("month", ("月",), r"(?<![\d.])(?P<mm>\d{1,2})月(?!份?\d)"),
    ("yearonly", ("年",), rf"{_ZH_YEAR}度?"),
)
_EN = (  # their words in lower case: a draft is looked at in lower case for them
    ("compare", ("same period",), r"(?:on |over |from )?the same period (?:of |a year earlier|last year|a year ago)"),
    ("fyp", ("five-year",), r"(?:the )?14th Five-Year Plan(?: period)?"),
    ("horizon", ("years",), r"(?:within|in|over) (?:the next )?(?:\d+|two|three|five)(?: to (?:\d+|five))? years"),
    ("upto", ("end of",), rf"(?:by|at|as of) the end of (?:(?P<um>{_EN_MONTH}) )?{_EN_YEAR}"),
    ("yrange", (), r"(?:between|from) (?P<y1>(?:19|20)\d\d) (?:and|to) (?P<y2>(?:19|20)\d\d)"),
    ("yrange", (), r"(?P<y1>(?:19|20)\d\d)\s*[–—-]\s*(?P<y2>(?:19|20)\d\d)"),
    ("mrange", (), rf"(?:from )?(?P<m1>{_EN_MONTH})\s*(?:[–—-]|to)\s*(?P<m2>{_EN_MONTH}),? (?:of )?{_EN_YEAR}"),
    (
        "first_months",
        ("months",),
        rf"(?:in |during )?the first (?P<months>\d{{1,2}}|two|three|four|five|six|seven|eight|nine|ten|eleven)"
        rf" months of {_EN_YEAR}",
    ),
    ("since", ("since",), rf"since (?:(?P<sm>{_EN_MONTH}),? )?{_EN_YEAR}"),
    (
        "part",
        ("half", "quarter"),
        rf"(?:in |during )?(?:the )?(?P<which>first|second|third|fourth) "
        rf"(?P<size>half|quarter|three quarters) of {_EN_YEAR}",
    ),
    ("month", (), rf"(?P<mm>{_EN_MONTH}),? {_EN_YEAR}"),
    ("yearonly", (), rf"(?<![\d.,]){_EN_YEAR}(?![\d.,]\d)"),
)


_LATIN = compiled(r"[A-Za-z]")
# English patterns ignore case the ASCII way: unicode case folding doubles what they cost to compile, once a
# run, and their words are ASCII (a word boundary then falls between a Latin letter and a Chinese one).
ENGLISH = re.IGNORECASE | re.ASCII


def has_chinese(text: str) -> bool:
    """Whether a text has a Chinese character: compared, not matched, since a pattern of the whole CJK
    block costs more to compile (once per run) than the comparison does on a long draft."""
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@cache
def _pattern(english: bool, index: int) -> re.Pattern[str]:
    """One language's pattern, compiled on first use."""
    return compiled(_EN[index][2], ENGLISH) if english else compiled(_ZH[index][2])


def _patterns(text: str, english: bool) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns of one language that can match somewhere in the text."""
    table, seen = (_EN, text.lower()) if english else (_ZH, text)
    return [
        (kind, _pattern(english, index))
        for index, (kind, words, _) in enumerate(table)
        if not words or any(word in seen for word in words)
    ]


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


_NUMERAL_DIGITS = dict(zip("〇零一二三四五六七八九", "00123456789", strict=True))


def _arabic_years(text: str) -> str:
    """The text with each year in Chinese numerals (二〇二四年) in digits, a character for a character so that
    every offset holds: the patterns then need no class of Chinese numerals, which costs the most to compile."""
    chars: list[str] | None = None
    for at in occurrences("年", text, 4):
        year = text[at - 4 : at]
        if year[0] in "一二" and all(char in _NUMERAL_DIGITS for char in year):
            chars = chars or list(text)
            chars[at - 4 : at] = [_NUMERAL_DIGITS[char] for char in year]
    return text if chars is None else "".join(chars)


def _year(match: re.Match[str], today: date) -> int | None:
    groups = match.groupdict()
    if groups.get("year"):
        return int(match["year"])
    relative = (groups.get("rel") or "").lower()
    offsets = {"今年": 0, "去年": -1, "前年": -2, "明年": 1, "this year": 0, "last year": -1, "next year": 1}
    return today.year + offsets[relative] if relative in offsets else None


def _en_month(word: str) -> int:
    return [month.lower() for month in MONTHS].index(word[:3].lower()) + 1


def find_times(text: str, today: date) -> tuple[When, ...]:
    """Every time expression of a text, with the days it covers; a date that does not exist is left out."""
    candidates: list[When] = []
    languages = [english for english, needed in ((False, has_chinese(text)), (True, _LATIN.search(text))) if needed]
    digits = _arabic_years(text) if has_chinese(text) else text
    for kind, pattern in (pair for english in languages for pair in _patterns(text, english)):
        for match in pattern.finditer(digits):
            try:
                when = _when(kind, match, text[match.start() : match.end()], today)
            except ValueError:  # 2025年13月, February 30th: not a date, so no period
                continue
            if when is not None:
                candidates.append(when)
    candidates.sort(key=lambda when: (when.start, when.start - when.end))
    chosen: list[When] = []
    for when in candidates:
        if chosen and when.start < chosen[-1].end:
            continue  # inside (or across) a longer expression already taken
        chosen.append(when)
    return tuple(chosen)


def _when(kind: str, match: re.Match[str], words: str, today: date) -> When | None:
    start, end = match.start(), match.end()
    year = _year(match, today)
    if kind == "compare":
        return When(words, start, end, None, None)  # the base of a comparison, not the claim's period
    if kind == "fyp":
        return When(words, start, end, date(2021, 1, 1), date(2025, 12, 31), plan_period=True)
    if kind == "horizon":
        return When(words, start, end, today, None, future=True)
    if kind == "upto":
        year = year or today.year
        said = match.groupdict().get("um")
        month = int(said) if said and said.isdigit() else _en_month(said) if said else 12
        day = date(year, month, int(match["ud"])) if match.groupdict().get("ud") else _month_end(year, month)
        return When(words, start, end, None, day)
    if kind == "yrange":
        first, last = match["y1"], match["y2"]
        if int(first) > int(last):
            return None
        return When(words, start, end, date(int(first), 1, 1), date(int(last), 12, 31))
    if kind == "mrange":
        year = year or today.year
        first_month = int(match["m1"]) if match["m1"].isdigit() else _en_month(match["m1"])
        last_month = int(match["m2"]) if match["m2"].isdigit() else _en_month(match["m2"])
        if first_month > last_month:
            return None
        return When(words, start, end, date(year, first_month, 1), _month_end(year, last_month))
    if kind == "first_months":  # 前5个月, the first five months of 2025: January to May
        months = _COUNTS.get(match["months"].lower()) or int(match["months"])
        if not 1 <= months <= 12:
            return None
        year = year or today.year
        return When(words, start, end, date(year, 1, 1), _month_end(year, months))
    if kind == "since":
        said = match.groupdict().get("sm")
        month = (int(said) if said.isdigit() else _en_month(said)) if said else 1
        return When(words, start, end, date(year or today.year, month, 1), None)
    if kind == "part":
        return _part(match, words, start, end, year or today.year)
    if kind == "day":
        day = date(year or today.year, int(match["dm"]), int(match["dd"]))
        if year is None and day > today:  # 12月9日 read on 7 December: the 9 December gone by, not to come
            day = day.replace(year=today.year - 1)
        return _day(words, start, end, day)
    if kind == "month":
        month = int(match["mm"]) if match["mm"].isdigit() else _en_month(match["mm"])
        return When(words, start, end, date(year or today.year, month, 1), _month_end(year or today.year, month))
    if kind == "yearonly" and year is not None:
        return When(words, start, end, date(year, 1, 1), date(year, 12, 31))
    return None


def _day(words: str, start: int, end: int, day: date) -> When:
    return When(words, start, end, day, day)


def _part(match: re.Match[str], words: str, start: int, end: int, year: int) -> When | None:
    which = (match.groupdict().get("which") or "").lower()
    size = (match.groupdict().get("size") or "").lower()
    if which in ("上半年",) or (which == "first" and size == "half"):
        first, last = 1, 6
    elif which in ("下半年",) or (which == "second" and size == "half"):
        first, last = 7, 12
    elif which == "前三季度" or size == "three quarters":
        first, last = 1, 9
    elif which in ("年底", "年末", "底"):
        first, last = 12, 12
    elif size == "quarter" and which in _ORDINALS:
        quarter = _ORDINALS[which]
        first, last = 3 * quarter - 2, 3 * quarter
    elif which.lstrip("第").rstrip("季度") in _QUARTERS:
        quarter = _QUARTERS[which.lstrip("第").rstrip("季度")]
        first, last = 3 * quarter - 2, 3 * quarter
    else:
        return None
    return When(words, start, end, date(year, first, 1), _month_end(year, last))

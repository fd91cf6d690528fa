"""Numbers in text, both ways: the one way a value of the base is written, and the one way a number in
Chinese or English text is read.

Reading: the coverage check (every number of an article accounted for) and
the claim reader of `check` find numbers here, so that what counts as a number
is decided once. A number is

- a run of Arabic digits, with decimals (1245.19, 37.8) and thousands
  separators (1,245.19; 172,000); full-width digits (１２４５) are read as the
  digits they are;
- a Roman numeral (Ⅱ类);
- a Chinese numeral that counts something: followed by a measure word (六大,
  两度, 五区两县, 九个) or introduced by 第 or 前 (第五次, 前十, 前三季度).

A Chinese numeral right after digits is a multiplier (1245.19万), not a number
of its own; a lone 一 is the indefinite article (一批, 一座城市, 每一个) far
more often than a count, which these texts print as 1.

Writing is on every listing's path and reading on few: the decimal module and
the scanner's pattern are loaded when first needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from xining.base.patterns import compiled

if TYPE_CHECKING:
    from decimal import Decimal


def number_text(value: float | int | Decimal, sign: bool = False, grouped: bool = False) -> str:
    """A number as an article prints it: no trailing zeros, no exponent; optionally signed or grouped."""
    text = _written_out(value, grouped)
    if text is None:
        # Decimals, and floats that repr writes with an exponent (1e-07). Imported here: most calls never
        # need the decimal module, whose import costs a listing about as much as printing it.
        from decimal import Decimal

        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
        text = f"{number:,f}" if grouped else f"{number:f}"
    if sign and value > 0:
        text = "+" + text
    return text


def _written_out(value: float | int | Decimal, grouped: bool) -> str | None:
    """An int, or a float whose shortest repr has no exponent (93.1, 1245.19, 5.0), as number_text writes it;
    None for anything else. repr gives a float's exact shortest digits, so no rounding happens here."""
    if type(value) is int:
        return f"{value:,}" if grouped else str(value)
    if type(value) is not float:
        return None
    written = repr(value)
    if "e" in written or "n" in written:  # 1e-07, inf, nan
        return None
    whole, _, fraction = written.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")
    return (
        ("-" if written.startswith("-") else "")
        + (f"{int(whole):,}" if grouped else whole)
        + (f".{fraction}" if fraction else "")
    )


# --- reading ---------------------------------------------------------------------------------

CHINESE_DIGITS = "〇零一二两三四五六七八九十百千万亿"
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
# Words that count what a Chinese numeral before them counts. Longer words first.
MEASURE_WORDS = (
    "季度", "方面", "维度", "片区", "中心", "分钟", "小时", "公里", "部委",
    "个", "大", "度", "次", "区", "县", "年", "月", "日", "号", "项", "类", "条", "家", "届", "座",
    "名", "位", "批", "期", "级", "地", "市", "强", "馆", "台", "架", "件", "种", "所", "卡", "元",
    "倍", "成", "吨", "人", "场", "部", "处", "点", "段", "颗", "亩",
)  # fmt: skip
# Full-width digits and signs, one character for one, so that offsets stay those of the text. Not the
# full-width comma: in Chinese text "，" ends a clause (增长7个，2024年…), it never groups digits.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_DIGIT_VALUES = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DECIMAL_DIGITS = "〇零一二三四五六七八九"
PERCENT_WORDS = "百分之"
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10**4, "亿": 10**8}
# Small numbers in English words: seven ministries, over the next three years.
ENGLISH_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Words that scale a number: 1245.19万, 12.4519 million.
SCALES = {
    "万": 10**4,
    "亿": 10**8,
    "千": 10**3,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}


class Written(NamedTuple):
    """One number as a text prints it, and where: offsets in the text scanned."""

    text: str
    start: int
    end: int


@cache
def _pattern() -> re.Pattern[str]:
    arabic = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # grouped first: 1,245.19 is one number
    chinese = (
        rf"(?:第|前)[{CHINESE_DIGITS}]+"
        rf"|(?<![\d.{CHINESE_DIGITS}])(?<!\d余)几?(?!一(?![{CHINESE_DIGITS}]))[{CHINESE_DIGITS}]+"
        rf"(?=[多余]?(?:{'|'.join(MEASURE_WORDS)}))"  # 一百多个: the count is 一百, 多 its qualifier
    )
    percent = rf"百分之[{CHINESE_DIGITS}]+(?:点[{_DECIMAL_DIGITS}]+)?"  # 百分之六十五点七 is 65.7%
    return compiled(rf"{arabic}|[{ROMAN}]|{percent}|{chinese}")


def plain_digits(text: str) -> str:
    """Full-width digits, point and percent as ASCII, character for character."""
    # translating Chinese text looks up every character; finding that none needs it does not
    return text.translate(_FULL_WIDTH) if _full_width().search(text) else text


@cache
def _full_width() -> re.Pattern[str]:  # compiled when first asked for: most commands never are
    return compiled("[０-９．％]")


def scan(text: str) -> tuple[Written, ...]:
    """Every number of a text, in reading order."""
    return tuple(Written(m.group(), m.start(), m.end()) for m in _pattern().finditer(plain_digits(text)))


def value_of(written: str) -> Decimal | None:
    """The value a number stands for: 1,245.19, 二十四, 两, 第一, Ⅱ; None for 几十 and the like."""
    from decimal import Decimal, InvalidOperation

    text = plain_digits(written)
    if text[:1].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if len(text) == 1 and text in ROMAN:
        return Decimal(ROMAN.index(text) + 1)
    if text.startswith(PERCENT_WORDS):  # 百分之六十五点七: the whole part, then the decimals digit by digit
        whole, _, decimals = text.removeprefix(PERCENT_WORDS).partition("点")
        number = chinese_value(whole)
        if number is None or any(char not in _DIGIT_VALUES for char in decimals):
            return None
        return number + Decimal("0." + "".join(str(_DIGIT_VALUES[char]) for char in decimals)) if decimals else number
    return chinese_value(text.removeprefix("第").removeprefix("前"))


def chinese_value(text: str) -> Decimal | None:
    """二十四 = 24, 一千二百四十五 = 1245, 两 = 2, 二〇二五 = 2025 (digit by digit); None if not a numeral."""
    from decimal import Decimal

    if not text or any(char not in CHINESE_DIGITS for char in text):
        return None
    if len(text) > 1 and all(char in _DIGIT_VALUES for char in text):
        return Decimal("".join(str(_DIGIT_VALUES[char]) for char in text))  # 二〇二五, read digit by digit
    total = section = digit = 0
    for char in text:
        if char in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[char]
        elif char in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[char]
            digit = 0
        else:
            total = (total + section + digit) * _LARGE_UNITS[char]
            section = digit = 0
    return Decimal(total + section + digit)


def occurrences(part: str, text: str, start: int = 0) -> Iterator[int]:
    """Every place `part` is written in `text` from `start` on, overlapping ones too (a plain search: a
    figure's dot is no wildcard); nowhere for an empty `part`."""
    at = text.find(part, start) if part else -1
    while at != -1:
        yield at
        at = text.find(part, at + 1)


def figure_offsets(quote: str, figure: str, unit: str) -> list[int]:
    """Where a fact's figure stands in its quote, not inside a longer number (2 is not in 2025 or 2.3).

    Where it stands more than once (计划3年至5年内建成标准机架5万台), the places its unit follows.
    """
    offsets = []
    for start in occurrences(figure, quote):
        end = start + len(figure)
        before, after, next_after = quote[start - 1 : start], quote[end : end + 1], quote[end + 1 : end + 2]
        inside_longer = figure[0].isdigit() and (
            before.isdigit() or before == "." or after.isdigit() or (after == "." and next_after.isdigit())
        )
        if not inside_longer:
            offsets.append(start)
    with_unit = [at for at in offsets if quote[at + len(figure) :].replace("％", "%").startswith(unit)]
    return with_unit if len(offsets) > 1 and with_unit else offsets


def is_doubled(line: str) -> bool:
    """Whether a line is printed with each character or word doubled (77月月 1111日日,
    省政府新闻办召开省政府新闻办召开): page furniture from a large-type lead, whose numbers are not numbers."""
    text = "".join(line.split())
    if len(text) < 6:
        return False
    covered = index = 0
    while index < len(text):
        for size in range(1, 16):
            if text[index : index + size] == text[index + size : index + 2 * size]:
                covered += 2 * size
                index += 2 * size
                break
        else:
            index += 1
    return covered >= 0.8 * len(text)

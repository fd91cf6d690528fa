"""Reading claims in a draft: each number with its qualifier, scale, unit, period, subject and intent.

A claim is what the text says, before anything is looked up: "超95%" is the
number 95 with the unit % and the qualifier more_than, whatever it measures.
The numbers are found by the project's one number scanner
(`xining.base.numbers`), on the draft with the whitespace a newspaper page
puts inside sentences removed (2.3 万架 is 2.3万架), except between two Latin
words or a word and a number (12.4519 million).

A number is not a claim when it is a date (2024年, inside a time expression),
part of a name (PM2.5, G109, 《…（2026—2030年）》, “1+3+X”, a title of the
base such as 国家医改十大举措), or a year-like 2025 with no unit.
"""

import re
from bisect import bisect_left, bisect_right
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from xining.answers.check.drafts import Compact, compact
from xining.answers.check.subjects import subject_en, subject_of, whose
from xining.answers.check.timing import ENGLISH, When, find_times
from xining.base.model import Qualifier
from xining.base.numbers import PERCENT_WORDS, SCALES, Written, is_doubled, occurrences, scan, value_of
from xining.base.patterns import compiled

# Units the base has no use for, read so that a claim in them is not taken for a count: 12所, 3亩.
_OTHER_UNITS = compiled(r"微克/立方米|平方米|平方公里|亩|所|倍|成|大|批|种|处|颗|场|部|馆|卡|级|强|地|市")
# 千亿级, 三级联动: a class or a rank of something, not a count of it.
_CLASS = compiled(r"级")
_YEAR_LIKE = compiled(r"(?:19|20)\d\d")  # a year, or a number written like one
BOOK_TITLE = compiled(r"《[^》]{0,80}》")  # a title in book marks: its dates and numbers are its own
_PHASE_ZH = compiled(r"期(?!间|末|内|初|中|限|望|待|盼)")
_PHASE_EN = compiled(r"\bphases?\s+(?:(?:\d+|one|two|three|four)\s*(?:,|and|&)\s*)*$", ENGLISH)
_BODY_COUNT_EN = compiled(r"\s+(?:ministries|ministry|departments|government bodies)\b", ENGLISH)
# Words that count things without being a unit of measure: the claim is a bare count.
CLASSIFIERS = frozenset({"大", "批", "种", "处", "颗", "场", "强", "地", "市"})


# Durations the base's units keep apart (分钟, 小时) and a draft may give in either: how many of one make the other.
DURATIONS = {("分钟", "小时"): 60}
NEAR = 240  # characters either side of a number: no sentence a reader writes is longer


class Claim(NamedTuple):
    """One figure or title a draft states, as written, before it is looked up.

    Offsets are in the draft as given. `context` is the clause the claim
    stands in, `sentence` the whole sentence: the words that say what the
    number is about.
    """

    text: str  # the claim's words as written: qualifier, number, scale and unit
    start: int
    end: int
    number: str  # as written: 1245.19, 两, 第一, 12.4519; empty for a title
    value: Decimal | None  # after scaling: 1245.19万 is 12451900
    scale: str  # 万, 亿, million...
    unit: str  # %, 个百分点, 元, 人次 ... as the base's units write it; empty for a bare count
    qualifier: Qualifier
    qualifier_words: str  # 超, 约, more than, 余...
    when: When | None
    subject: str  # "" (the city), "province", or a district or county named
    intent: str  # "plan", "plan_nearby" (a plan named earlier in the paragraph), "done" or "" (not said)
    change: bool  # a rise or fall (提高了, rose by), not a level
    ordinal: bool  # a rank (第一, ranked first)
    lang: str  # zh | en
    context: str
    sentence: str
    noun: str = ""  # the Chinese words right after the figure (8个分区): what it counts
    in_quotes: bool = False  # in a quoted name (“三中心多集群”): `context` is the name
    toward: str | None = None  # a level said to have moved to the figure: up (提升至, rose to), down, or not said


class Vocabulary(NamedTuple):
    """What the reader needs of the base: the units it knows and the names of its titles."""

    units: tuple[str, ...]  # unit symbols without their scale (人次, 元, 公顷, PFlops), longest first
    names: tuple[str, ...]  # titles (国家医改十大举措): numbers inside them are not claims


_ZH_BEFORE = (
    ("不超过", Qualifier.AT_MOST), ("不低于", Qualifier.AT_LEAST), ("不少于", Qualifier.AT_LEAST),
    ("超过", Qualifier.MORE_THAN), ("突破", Qualifier.MORE_THAN), ("接近", Qualifier.APPROX),
    ("大约", Qualifier.APPROX), ("不到", Qualifier.AT_MOST), ("不足", Qualifier.AT_MOST),
    ("至少", Qualifier.AT_LEAST), ("超", Qualifier.MORE_THAN), ("逾", Qualifier.MORE_THAN),
    ("近", Qualifier.APPROX), ("约", Qualifier.APPROX),
)  # fmt: skip
_ZH_AFTER = (
    ("以上", Qualifier.AT_LEAST),
    ("以下", Qualifier.AT_MOST),
    ("以内", Qualifier.AT_MOST),
    ("左右", Qualifier.APPROX),
)
_EN_BEFORE = compiled(
    r"(more than|over|above|exceed(?:s|ed|ing)?|at least|nearly|almost|about|around|approximately|roughly|some"
    r"|up to|less than|under|below|fewer than|no more than|passed|topped|surpassed|broke through|broken through)\s*$",
    ENGLISH,
)
_EN_QUALIFIERS = {
    "more than": Qualifier.MORE_THAN, "over": Qualifier.MORE_THAN, "above": Qualifier.MORE_THAN,
    "exceed": Qualifier.MORE_THAN, "exceeds": Qualifier.MORE_THAN, "exceeded": Qualifier.MORE_THAN,
    "exceeding": Qualifier.MORE_THAN, "at least": Qualifier.AT_LEAST, "nearly": Qualifier.APPROX,
    "almost": Qualifier.APPROX, "about": Qualifier.APPROX, "around": Qualifier.APPROX,
    "approximately": Qualifier.APPROX, "roughly": Qualifier.APPROX, "some": Qualifier.APPROX,
    "up to": Qualifier.AT_MOST, "less than": Qualifier.AT_MOST, "under": Qualifier.AT_MOST,
    "below": Qualifier.AT_MOST, "fewer than": Qualifier.AT_MOST, "no more than": Qualifier.AT_MOST,
    "passed": Qualifier.MORE_THAN, "topped": Qualifier.MORE_THAN, "surpassed": Qualifier.MORE_THAN,
    "broke through": Qualifier.MORE_THAN, "broken through": Qualifier.MORE_THAN,  # 突破
}  # fmt: skip
_EN_ODD = compiled(r"(?:-|\s+)(odd|plus)\b", ENGLISH)
_EN_AFTER = compiled(r"\s*(or more|or above|or so)\b", ENGLISH)
_EN_SCALE = compiled(r"\s*(thousand|million|billion|trillion)\b", ENGLISH)
_EN_UNITS = (
    (compiled(r"\s*(?:(?:percentage )?points?\b|pp\b|个百分点)", ENGLISH), "个百分点"),
    (compiled(r"\s*(?:%|per ?cent\b)", ENGLISH), "%"),
    (compiled(r"\s*yuan (?:per|a|each) (?:visit|visitor|trip|tourist)\b", ENGLISH), "元/人次"),
    (compiled(r"\s*yuan\b", ENGLISH), "元"),
    (compiled(r"\s*(?:kilomet(?:re|er)s?|km)\b", ENGLISH), "公里"),
    (compiled(r"(?:\s*|-)hours?\b", ENGLISH), "小时"),  # a 30-minute ride
    (compiled(r"(?:\s*|-)minutes?\b", ENGLISH), "分钟"),
    (compiled(r"\s*hectares?\b", ENGLISH), "公顷"),
    (compiled(r"\s*(?:tonnes|tons)\b", ENGLISH), "吨"),
    (compiled(r"\s*(?:PFlops|P)\b"), "PFlops"),
    (compiled(r"\s*(?:(?:consecutive|straight|successive) )?years?\b", ENGLISH), "年"),
    (compiled(r"\s*times\b", ENGLISH), "次"),
)
_EN_RANK = compiled(r"\b(?:rank(?:ed|s)?|placed|came)\s+(first|second|third|top)\b", ENGLISH)
_EN_RANKS = {"first": 1, "top": 1, "second": 2, "third": 3}
_SENTENCE_END = compiled(r"[。！？!?；;\n]|(?<!\d)\.|\.(?!\d)")  # a full stop, not a decimal point
_CLAUSE_END = compiled(r"[，；：]|[,;:](?!\d{3})")  # 1,245 is one number; a Chinese comma always ends a clause
# 加快建设: work under way; 尚未完成: not yet done, as a plan is
_PLAN_ZH = compiled(r"计划(?!单列)|预计|力争|未来|规划到|(?<!虚)拟|加快建设|尚未|还未|仍未")
_FIVE_YEAR_PLAN = compiled(r"Five-Year Plan|五年规划", re.IGNORECASE)
_PLAN_EN = compiled(r"\b(?:plans? to|planned|will|target(?:s|ed)?|aims?|expected|to be built|not yet)\b", ENGLISH)
_DONE_ZH = compiled(r"已|了|目前|如今|现有")  # 目前每年培养: a result now, not a target
_DONE_EN = compiled(
    r"\b(?:has|have|had|completed|built|trained|achieved|finished|now|currently|already|opened|launched"
    r"|(?:went|came|was put|were put) into)\b",
    ENGLISH,
)
_PER_HEAD = compiled(
    r"人均|每人|每位|平均每|\bper (?:capita|head|person|visitor|tourist|trip|visit)\b|\beach (?:visitor|tourist)",
    ENGLISH,
)
_CHANGE_ZH = compiled(r"(?:提高|增加|上升|下降|减少|提升|增长|跃升)了?(?!至|到)$")
_CHANGE_EN = compiled(
    r"\b(?:rose|rise|risen|increased?|fell|fall|grew|(?<!made )(?<!make )(?<!makes )up|down)(?: by)?\s*$", ENGLISH
)  # made up 100%: a share, not a rise
_FALL_ZH = compiled(r"(?:下降|减少|下滑|降低|回落|萎缩|缩减|下跌|缩水)了?(?!至|到)$")
_FALL_EN = compiled(
    r"\b(?:fell|fall|falls|fallen|declined?|declines|dropped|drops?|shrank|shrunk|shrinks?|decreased?|decreases"
    r"|down)(?: by)?\s*$|\b(?:a|an) (?:fall|drop|decline|decrease) of\s*$",
    ENGLISH,
)
_CHANGE_EN_NOUN = compiled(r"\b(?:a rise|an increase|a fall|a drop) of\s*$", ENGLISH)


def read_claims(raw: str, today: date, vocabulary: Vocabulary) -> tuple[Claim, ...]:
    """Every figure a draft states, in reading order."""
    text = compact(raw)
    times = outside_titles(text.text, times_of(text.text, today))
    names = _name_spans(text.text, vocabulary.names)
    lines = raw.split("\n")
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    claims = []
    for number in (*scan(text.text), *_english_ranks(text.text), *_english_numbers(text.text)):
        if _is_date(number.start, number.end, times) or _in_name(text.text, number.start, number.end, names):
            continue
        if _doubled(lines[bisect_right(line_starts, text.offsets[number.start]) - 1]):
            continue  # 77月月 1111日日: a large-type lead, not numbers
        claim = _claim(text, number.text, number.start, number.end, times, vocabulary)
        if claim is not None:
            claims.append(claim)
    claims.sort(key=lambda claim: claim.start)
    return tuple(claims)


@lru_cache(maxsize=4)
def times_of(text: str, today: date) -> tuple[When, ...]:
    return find_times(text, today)


@lru_cache(maxsize=1 << 12)
def _doubled(line: str) -> bool:
    """A line of page furniture (77月月 1111日日): a short line of a newspaper page, never a paragraph."""
    return len(line) <= 120 and is_doubled(line)


@lru_cache(maxsize=8)
def _ends(text: str, pattern: re.Pattern[str]) -> tuple[list[int], list[int]]:
    """Where each sentence (or clause) mark of a text begins and ends: found once, looked up for every claim."""
    found = list(pattern.finditer(text))
    return [m.start() for m in found], [m.end() for m in found]


def _english_ranks(text: str) -> list[Written]:
    """Ranks in words (ranked first): English writes them without a figure the scanner can find."""
    return [Written(m.group(1), m.start(1), m.end(1)) for m in _EN_RANK.finditer(text)]


_EN_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "hundred": 100, "thousand": 1000,
}  # fmt: skip
_EN_WORD_NUMBER = compiled(r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten) (hundred|thousand)\b", ENGLISH)
# A small count in words, when a unit follows (one hour, four times, nine consecutive years): alone, a word
# like "one" is rarely a figure (one of the cities).
_EN_WORD_COUNT = compiled(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?=[\s-]+(?:consecutive |straight "
    r"|successive )?(?:hours?|minutes?|times|years?|percent|per cent|kilomet(?:re|er)s?|km)\b)"
    # or, from two, before what it counts (five green supply chain enterprises, two of them)
    r"|(?<!the )(?<!these )(?<!those )(?<!all )"  # the four seasons, the two cities: named, not counted
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?=\s+(?:of (?:them|which|these)\b"
    r"|(?:[a-z][a-z-]*\s+){0,4}?[a-z]+(?<!ss)s\b))",
    ENGLISH,
)


def _english_numbers(text: str) -> list[Written]:
    """Numbers in words: hundreds and thousands (one hundred-odd countries), as English rounds in words what
    it counts, and small counts before a unit."""
    found = [Written(m.group(), m.start(), m.end()) for m in _EN_WORD_NUMBER.finditer(text)]
    taken = {(w.start, w.end) for w in found}
    for m in _EN_WORD_COUNT.finditer(text):
        group = 1 if m.group(1) else 2
        if not any(start <= m.start(group) < end for start, end in taken):
            found.append(Written(m.group(group), m.start(group), m.end(group)))
    return found


def _english_value(written: str) -> Decimal | None:
    words = written.lower().split()
    if len(words) == 1 and words[0] in _EN_WORDS and words[0] not in ("a", "hundred", "thousand"):
        return Decimal(_EN_WORDS[words[0]])
    if len(words) != 2 or not all(word in _EN_WORDS for word in words):
        return None
    return Decimal(_EN_WORDS[words[0]] * _EN_WORDS[words[1]])


def _is_date(start: int, end: int, times: tuple[When, ...]) -> bool:
    return any(when.start <= start and end <= when.end for when in times)


def _name_spans(text: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for name in names:
        if name in text:  # a large base has thousands of names, and a draft names a few: one search says so
            spans.extend((at, at + len(name)) for at in occurrences(name, text))
    for match in BOOK_TITLE.finditer(text):
        spans.append((match.start(), match.end()))
    return spans


def _in_name(text: str, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    before, after = text[start - 1 : start], text[end : end + 1]
    if (before.isascii() and before.isalpha()) or (before and before in "+·") or after == "+":
        return True  # PM2.5, G109, 1+3+X, 唐道·637
    if after.isascii() and after.isalpha() and not _EN_SCALE.match(text, end) and not _unit_en(text, end)[0]:
        return True  # 5G, 1e400
    return any(first <= start and end <= last for first, last in names)


def _unit_en(text: str, at: int) -> tuple[str, int]:
    for pattern, unit in _EN_UNITS:
        if match := pattern.match(text, at):
            return unit, match.end()
    return "", at


def _claim(
    text: Compact, written: str, start: int, end: int, times: tuple[When, ...], vocabulary: Vocabulary
) -> Claim | None:
    whole = text.text
    value = _EN_RANKS.get(written.lower()) if written.isalpha() and written.isascii() else None
    number_value = Decimal(value) if value is not None else value_of(written)
    if number_value is None:
        number_value = _english_value(written)
    if number_value is None:
        return None
    if _CLASS.match(whole, end) or (written.startswith("第") and whole.startswith("批", end)):
        return None  # 千亿级; 第二批: the batch of a list, part of a title's name, not a count
    if _PHASE_ZH.match(whole, end) or _PHASE_EN.search(whole, max(0, start - 40), start):
        return None  # 二期、三期, phases 2 and 3: which phase of a project, part of its name, not a count
    if whole.startswith(("部委", "部门", "个部委", "个部门"), end) or _BODY_COUNT_EN.match(whole, end):
        return None  # 七部委, seven ministries: how many bodies gave a title, checked with the title (see bodies)
    english = written.isascii() and is_english(whole, start)
    qualifier, qualifier_words, first = _before(whole, start, english)
    scale, unit, last, after_qualifier, after_words = _after(whole, end, english, vocabulary)
    if after_qualifier is not None and qualifier is Qualifier.EXACT:
        qualifier, qualifier_words = after_qualifier, after_words
    if not unit and not scale and _YEAR_LIKE.fullmatch(written):
        return None  # a year-like number with nothing after it: 2025最具幸福感城市, in 2024
    if whole[end : end + 1] in ("月", "日", "号") and whole[end : end + 1]:
        return None  # part of a date, even one that does not exist (2025年13月)
    if written.startswith(PERCENT_WORDS):
        unit = "%"  # 百分之六十五点七
    elif unit == "成":
        unit, number_value = "%", number_value * 10  # 七成 is 70%, 八成以上 80% or more
    scaled = number_value * SCALES[scale.lower()] if scale else number_value
    # A sentence longer than a reader's (a list of figures with no full stop) is read near the number only.
    sentence_start, sentence_end = _bounds(whole, start, _SENTENCE_END, start - NEAR, end + NEAR)
    clause_start, clause_end = _bounds(whole, start, _CLAUSE_END, sentence_start, sentence_end)
    sentence = whole[sentence_start:sentence_end]
    context = whole[clause_start:clause_end]
    if f"{unit}/人次" in vocabulary.units and _PER_HEAD.search(whole, clause_start, first):
        unit = f"{unit}/人次"  # 人均每次出游花费952元, 952 yuan per visitor: a spending per visit, not a total
    if quoted := _quoted_name(whole, start, end):
        context = quoted  # “五个中心城市”: a name in quotes speaks of nothing outside them but what it counts
    before = whole[clause_start:first]
    paragraph_start = max(p for p in text.paragraphs if p <= start)
    draft_start, draft_end = text.span(first, last)
    ordinal = (written.startswith("第") and written[1:2] in "一二三四五六七八九十" and unit in ("", "位", "名")) or (
        value is not None
    )
    if scaled is not None and scaled > 0 and _is_fall(before, english):
        scaled = -scaled  # 同比下降41%, fell 41%: a change of -41%
    return Claim(
        text=_original(text, first, last),
        start=draft_start,
        end=draft_end,
        number=written,
        value=scaled,
        scale=scale,
        unit="位" if ordinal and not unit else unit,
        qualifier=qualifier,
        qualifier_words=qualifier_words,
        # a count inside a quoted name (“一枢纽、两片区”) is of the name, not of a time said in another clause
        when=_when_of(
            times, start, clause_start if quoted else sentence_start, clause_end, whole, last if english else None
        ),
        subject=whose(
            subject_en(whole[sentence_start:first], whole[last:sentence_end]) if english else subject_of(before, False),
            ordinal,
        ),
        intent=intent_of(
            whole[max(paragraph_start, sentence_start - 400) : start], whole[sentence_start:start], english
        ),
        change=_is_change(before, english),
        ordinal=ordinal,
        lang="en" if english else "zh",
        context=context,
        sentence=sentence,
        noun="" if english else _noun(whole, last),
        in_quotes=bool(quoted),
        toward=moved_to(before),
    )


_NOUN_END = "和与及或的等"


def _noun(text: str, at: int) -> str:
    """The Chinese words after a figure up to a conjunction (5大基本功能和4个延伸功能): what it counts."""
    end = at
    while end < min(len(text), at + 10) and "\u4e00" <= text[end] <= "\u9fff" and text[end] not in _NOUN_END:
        end += 1
    return text[at:end] if end - at >= 2 else ""


def _original(text: Compact, first: int, last: int) -> str:
    return text.text[first:last]


def is_english(text: str, at: int) -> bool:
    """Whether the words around a number are English: more Latin letters than Chinese characters near it,
    in its sentence (a Chinese sentence after an English one is Chinese)."""
    start, end = _bounds(text, at, _SENTENCE_END)
    window = text[max(start, at - 30) : min(end, at + 30)]
    return len(_LATIN_LETTER.findall(window)) > len(_CHINESE_CHARACTER.findall(window))


_LATIN_LETTER = compiled(r"[A-Za-z]")
_CHINESE_CHARACTER = compiled(r"[\u4e00-\u9fff]")


# What may stand between a Chinese qualifier and its number: 约为41%, 约占七成, 超过了5万.
_ZH_LINKS = ("", "为", "占", "达", "达到", "有", "是", "了")
_ZH_BEFORE_ANY = tuple(words + link for link in _ZH_LINKS for words, _ in _ZH_BEFORE)


def _before(text: str, start: int, english: bool) -> tuple[Qualifier, str, int]:
    """The qualifier written before a number, in the draft's language first: a mixed draft may use either
    (公园绿化覆盖率 is about 82%)."""
    for reader in (_before_en, _before_zh) if english else (_before_zh, _before_en):
        if (found := reader(text, start)) is not None:
            return found
    return Qualifier.EXACT, "", start


def _before_en(text: str, start: int) -> tuple[Qualifier, str, int] | None:
    if match := _EN_BEFORE.search(text, max(0, start - 24), start):
        words = match.group(1)
        return _EN_QUALIFIERS[words.lower()], words, match.start(1)
    return None


def _before_zh(text: str, start: int) -> tuple[Qualifier, str, int] | None:
    if not text.endswith(_ZH_BEFORE_ANY, 0, start):
        return None  # most figures have no qualifier: one call says so
    for link in _ZH_LINKS:
        for words, qualifier in _ZH_BEFORE:
            if text.endswith(words + link, 0, start):
                return qualifier, words, start - len(words) - len(link)
    return None


def _after(text: str, end: int, english: bool, vocabulary: Vocabulary) -> tuple[str, str, int, Qualifier | None, str]:
    """(scale, unit, where the claim's words end, a qualifier written after, its words)."""
    at, scale, words, qualifier = end, "", "", None
    if text.startswith(("余", "多"), at):
        qualifier, words, at = Qualifier.APPROX, text[at], at + 1
    if english and text[at : at + 1] not in ("万", "亿"):  # 13万条 in an English sentence is read as Chinese
        if match := _EN_SCALE.match(text, at):
            scale, at = match.group(1).lower(), match.end()
        unit, at = _unit_en(text, at)
        if match := _EN_AFTER.match(text, at):
            word = match.group(1).lower()
            qualifier, words, at = (Qualifier.APPROX if word == "or so" else Qualifier.AT_LEAST), word, match.end()
        elif match := _EN_ODD.match(text, at):
            qualifier, words, at = Qualifier.MORE_THAN, match.group(1).lower(), match.end()  # 100-odd: over 100
        return scale, unit, at, qualifier, words
    if text[at : at + 1] in ("万", "亿", "千") and not text.startswith("千米", at):
        scale, at = text[at], at + 1
    if text.startswith(("余", "多"), at):
        qualifier, words, at = Qualifier.APPROX, text[at], at + 1
    unit = next((symbol for symbol in vocabulary.units if text.startswith(symbol, at)), "")
    if not unit and (match := _OTHER_UNITS.match(text, at)):
        unit = match.group()
    at += len(unit)
    if unit in CLASSIFIERS:
        unit = ""  # 三大目标, 五个之城: a count, whatever it counts
    if text.startswith(("余", "多"), at) and qualifier is None:
        qualifier, words, at = Qualifier.APPROX, text[at], at + 1
    for after_words, after_qualifier in _ZH_AFTER:
        if text.startswith(after_words, at):
            qualifier, words, at = after_qualifier, after_words, at + len(after_words)
            break
    return scale, unit, at, qualifier, words


def _bounds(text: str, at: int, pattern: re.Pattern[str], low: int = 0, high: int | None = None) -> tuple[int, int]:
    """The sentence (or clause) around `at`, inside low..high."""
    low, high = max(0, low), len(text) if high is None else min(len(text), high)
    starts, ends = _ends(text, pattern)
    before = bisect_right(ends, at) - 1
    after = bisect_left(starts, at)
    start = max(low, ends[before]) if before >= 0 and ends[before] <= at else low
    end = min(high, starts[after]) if after < len(starts) else high
    return start, max(end, start)


_EN_JOIN = compiled(r"\s*(?:in|for|during|as of|at|by|on)?\s*", ENGLISH)


def _when_of(
    times: tuple[When, ...],
    at: int,
    sentence_start: int,
    clause_end: int,
    text: str = "",
    english_end: int | None = None,
) -> When | None:
    """The nearest time expression before the number in its sentence, else the first after it in its clause.

    In English a period written right after a figure is that figure's (from 62% in 2020 to 100% in 2025):
    `english_end` is where an English claim's words end."""
    times = tuple(when for when in times if when.first or when.last)  # not 去年同期, the base of a comparison
    if english_end is not None:
        right_after = next((when for when in times if english_end <= when.start), None)
        if right_after is not None and _EN_JOIN.fullmatch(text, english_end, right_after.start):
            return right_after
    before = [when for when in times if sentence_start <= when.start and when.end <= at]
    if before:
        return before[-1]
    after = [when for when in times if at <= when.start and when.end <= clause_end]
    return after[0] if after else None


def intent_of(paragraph: str, sentence: str, english: bool) -> str:
    """plan (said in the sentence), plan_nearby (said earlier in the paragraph: a plan's list of targets goes
    on for sentences), done (已, has built), or "" (the text does not say)."""
    paragraph, sentence = (_FIVE_YEAR_PLAN.sub("", text) for text in (paragraph, sentence))
    plan = _PLAN_EN if english else _PLAN_ZH
    done = _DONE_EN if english else _DONE_ZH
    if plan.search(sentence):
        return "plan"
    if done.search(sentence):
        return "done"
    return "plan_nearby" if plan.search(paragraph) else ""


def _is_change(before: str, english: bool) -> bool:
    """A rise or fall (提高了38%, rose by 38%), not a level (提升至1.47%, rose to 1.47%)."""
    if english:
        return bool(_CHANGE_EN.search(before) or _CHANGE_EN_NOUN.search(before))
    return bool(_CHANGE_ZH.search(_strip_qualifier(before)))


_TO_ZH = compiled(r"(提升|提高|增加|增长|上升|升|增|下降|降低|减少|回落|降|减)(?:了)?(?:到|至)\s*$")
_TO_EN = compiled(r"\b(rose|risen|increased|climbed|grew|fell|fallen|dropped|declined|decreased)\s+to\s*$", re.I)
_DOWN = ("下降", "降低", "减少", "回落", "降", "减", "fell", "fallen", "dropped", "declined", "decreased")


def moved_to(before: str) -> str | None:
    """Which way a level moved to its figure, as the words before it say: up (提升至, rose to), down, or None.
    A claim's words and an article's quote are read alike."""
    match = _TO_ZH.search(before) or _TO_EN.search(before)
    if match is None:
        return None
    return "down" if match.group(1).lower() in _DOWN else "up"


def _is_fall(before: str, english: bool) -> bool:
    """A fall (同比下降41%, declined by 41%), not a level it fell to (降至, fell to)."""
    if english:
        return bool(_FALL_EN.search(before))
    return bool(_FALL_ZH.search(_strip_qualifier(before)))


def _strip_qualifier(before: str) -> str:
    for words, _ in _ZH_BEFORE:
        if before.endswith(words):
            return before[: -len(words)]
    return before.removesuffix("达").removesuffix("为")


def _quoted_name(text: str, start: int, end: int) -> str | None:
    """The short quoted phrase a number stands in (“五个之城”, “一枢纽、两片区”), if it stands in one."""
    opening = text.rfind("“", max(0, start - 12), start)
    closing = text.find("”", end, end + 12)
    if opening == -1 or closing == -1 or "”" in text[opening:start]:
        return None
    return text[opening : closing + 1]


def outside_titles(text: str, times: tuple[When, ...]) -> tuple[When, ...]:
    """Time expressions that date a claim: not those inside a title (《…规划（2026—2030年）》)."""
    titles = [(m.start(), m.end()) for m in BOOK_TITLE.finditer(text)]
    return tuple(when for when in times if not any(a <= when.start and when.end <= b for a, b in titles))

"""Judging a claim against the facts of the measure it names: one verdict, one reason, the facts.

The order of the questions is the order a fact-checker asks them in: is this
measure in the base at all; for this subject; for this period; is the figure
the same (after 万 and 亿, million and billion); is it a plan; is the
qualifier the base's. A figure that is not the base's is never `supported`:
where the base cannot decide (a period it does not know), the verdict is
`imprecise` or `not_found`, with the reason.
"""

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from xining.answers.check.bodies import bodies_in, differs
from xining.answers.check.reading import DURATIONS, Claim, moved_to
from xining.answers.check.subjects import DISTRICTS, FIRST, scope_of
from xining.answers.check.verdicts import VERDICT_OF, Judgement, Reason, Verdict
from xining.base.model import Designation, FactBase, Milestone, Observation, Qualifier, Status
from xining.base.numbers import ENGLISH_NUMBERS, chinese_value, occurrences
from xining.base.patterns import compiled

# --- figures --------------------------------------------------------------------------------


class Sides(NamedTuple):
    """What the judge needs besides the claim: the facts of its measure and of the measures beside it."""

    metric: str | None  # the measure the claim's words name, None when none does
    facts: tuple[Observation, ...]  # the observations of that measure
    twins: tuple[Observation, ...]  # of the same measure for the other subject (city or province)
    ranked: bool = True  # for a rank: the claim ranks the measure the base ranks
    quoted: Observation | None = None  # the claim is the very sentence the base read this fact from
    quoted_period: bool = False  # and its time expression is inside that quote
    wider: tuple[Observation, ...] = ()  # of the measure counting work under way with work done


def judge_figure(claim: Claim, sides: Sides, base: FactBase) -> Judgement:
    if sides.metric is None:
        return Judgement.of(Reason.NO_MEASURE)
    metric = sides.metric
    facts = [fact for fact in sides.facts if _subject_fits(claim, fact, sides.quoted)]
    if claim.subject == "province" and not _measured_for_the_province(metric, sides.facts, base):
        # 青海全省森林覆盖率37.8%: the base measures it for Xining only, so the figure is at best the city's
        matching = [fact for fact in sides.facts if _value_fit(claim, fact, base)]
        if matching:
            return Judgement.of(Reason.CITY_FIGURE, _ids(matching), metric=metric)
        return Judgement.of(Reason.NO_SUBJECT, metric=metric)
    if claim.subject not in ("", "province") and not facts:
        matching = [fact for fact in sides.facts if _value_fit(claim, fact, base)]
        if matching and claim.subject in DISTRICTS.values():  # a part of the city given the whole city's figure
            return Judgement.of(Reason.OTHER_SUBJECT, _ids(sides.facts), _ids(matching), metric)
        return Judgement.of(Reason.NO_SUBJECT, metric=metric)
    if _WHOLE_CITY.search(claim.sentence):
        parts = [fact for fact in facts if _of_a_part(fact, base)]
        whole = [fact for fact in facts if fact not in parts]
        matching = [fact for fact in parts if _value_fit(claim, fact, base)]
        if matching and not any(_value_fit(claim, fact, base) for fact in whole):
            return Judgement.of(Reason.OTHER_SUBJECT, _ids(facts), _ids(matching), metric)
        facts = whole
    actual = [fact for fact in facts if fact.status is Status.ACTUAL]
    planned = [fact for fact in facts if fact.status is Status.PLANNED]
    if not sides.ranked:
        return Judgement.of(Reason.OTHER_RANKED, _ids(_same(claim, actual, sides) or actual), metric=metric)
    if claim.ordinal and (elsewhere := [fact for fact in actual if _other_scope(claim, fact)]):
        return Judgement.of(Reason.OTHER_SUBJECT, _ids(actual), _ids(elsewhere), metric=metric)
    if claim.intent == "plan" and planned:
        actual = planned
    else:
        plans = [fact for fact in planned if _value_fit(claim, fact, base)]
        equal_actual = [fact for fact in _same(claim, actual, sides) if _value_fit(claim, fact, base)]
        if plans and not equal_actual:
            if claim.intent == "done" or _past(claim):
                return Judgement.of(Reason.PLAN_AS_DONE, _ids(plans), metric=metric)
            if claim.intent != "plan_nearby":
                return Judgement.of(Reason.PLAN_NOT_SAID, _ids(plans), metric=metric)
            actual = planned  # one of the targets of a plan named a sentence or two before
    same = _same(claim, actual, sides)
    equal = [fact for fact in same if _value_fit(claim, fact, base)]
    under_way = [
        fact for fact in sides.wider if _value_fit(claim, fact, base) and _period_fit(claim, fact, sides) == "same"
    ]
    if under_way and not equal:
        return Judgement.of(Reason.PLAN_AS_DONE, _ids(under_way), metric=metric)  # built and under construction
    if equal:
        return _qualified(claim, equal, base, metric, sides.quoted)
    if same:
        return _differs(claim, same, actual, sides, base, metric)
    unsure = [fact for fact in actual if _period_fit(claim, fact, sides) == "unsure"]
    equal_unsure = [fact for fact in unsure if _value_fit(claim, fact, base)]
    if equal_unsure:
        return Judgement.of(Reason.PERIOD_UNKNOWN, _ids(equal_unsure), metric=metric)
    elsewhere = [fact for fact in actual if _value_fit(claim, fact, base)]
    if elsewhere:
        return Judgement.of(Reason.OTHER_PERIOD, _ids(elsewhere), metric=metric)
    return Judgement.of(Reason.NO_PERIOD, metric=metric)


def _differs(
    claim: Claim, same: list[Observation], actual: list[Observation], sides: Sides, base: FactBase, metric: str
) -> Judgement:
    ids = _ids(same)
    claimed = _normalized(claim, base)
    for fact in same:
        expected = base.normalized(fact)
        if claimed is None or expected is None:
            continue
        if claimed[0] < 0 < expected[0] or expected[0] < 0 < claimed[0]:
            return Judgement.of(Reason.DIRECTION, ids, metric=metric)  # 下降41% where the base says 增长41%
        if claimed[1] != expected[1] and claimed[0] == expected[0]:
            return Judgement.of(Reason.UNIT, ids, metric=metric)
        if claimed[1] == expected[1] and _power_of_ten(claimed[0], expected[0]):
            return Judgement.of(Reason.SCALE, ids, metric=metric)
    judged = {fact.id for fact in same}  # by id: comparing records field by field cost more than judging them
    elsewhere = [fact for fact in actual if fact.id not in judged and _value_fit(claim, fact, base)]
    if elsewhere:
        return Judgement.of(Reason.OTHER_PERIOD, ids, _ids(elsewhere), metric=metric)
    twins = [
        fact for fact in sides.twins if _value_fit(claim, fact, base) and _period_fit(claim, fact, sides) == "same"
    ]
    if twins:
        return Judgement.of(Reason.OTHER_SUBJECT, ids, _ids(twins), metric=metric)
    for fact in same:
        if _bound_holds(claim, fact, base):
            # 超过1200万 where the base says 1245.19万: true; near it, a reader's rounding; far, a weaker claim
            near = _relative_gap(claim, fact, base) <= Decimal("0.05")
            return Judgement.of(Reason.ROUNDED if near else Reason.QUALIFIER_CHANGED, ids, metric=metric)
        if _weaker_bound(claim, fact, base):
            return Judgement.of(Reason.QUALIFIER_CHANGED, ids, metric=metric)
    return Judgement.of(Reason.OTHER_VALUE, ids, metric=metric)


def _bound_holds(claim: Claim, fact: Observation, base: FactBase) -> bool:
    """A bound the claim sets (more than, at most) that the base's exact or approximate figure meets."""
    claimed, expected = _normalized(claim, base), base.normalized(fact)
    if claimed is None or expected is None or claimed[1] not in ("", expected[1]):
        return False
    if fact.qualifier not in (Qualifier.EXACT, Qualifier.APPROX) or fact.derived is not None:
        return False
    if claim.qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST) or _just_over(claim):
        return claimed[0] < expected[0]
    if claim.qualifier is Qualifier.AT_MOST:
        return claimed[0] > expected[0]
    return False


def _just_over(claim: Claim) -> bool:
    """一百多个, 30余个: approximate, and above the figure."""
    return claim.qualifier is Qualifier.APPROX and claim.qualifier_words in ("多", "余")


def _relative_gap(claim: Claim, fact: Observation, base: FactBase) -> Decimal:
    claimed, expected = _normalized(claim, base), base.normalized(fact)
    if claimed is None or expected is None or expected[0] == 0:
        return Decimal(1)
    return abs(claimed[0] - expected[0]) / abs(expected[0])


def _qualified(
    claim: Claim, equal: list[Observation], base: FactBase, metric: str, quoted: Observation | None
) -> Judgement:
    """The figure is the base's: is the qualifier, and was it printed or derived?"""
    ranked = sorted(equal, key=lambda fact: (fact.derived is not None, _fit_kind(claim, fact, base) != "equal"))
    fact = ranked[0]
    ids = _ids([other for other in ranked if other.derived is None] or ranked[:1])
    if quoted is not None and fact.id == quoted.id:
        # the article's own words: its qualifier (Ⅱ类及以上, class II or better) is what the base read
        reason = Reason.SAME
    elif _fit_kind(claim, fact, base) in ("rounded", "silently") and _bound_holds(claim, fact, base):
        reason = Reason.ROUNDED  # 超17万 where the base says 17.22万: a bound that holds, near the figure
    else:
        reason = _qualifier_reason(claim, fact, _fit_kind(claim, fact, base) or "equal")
    if VERDICT_OF[reason] is Verdict.CONTRADICTED:
        return Judgement.of(reason, ids, metric=metric)
    if _opposite_way(claim, equal):
        return Judgement.of(Reason.DIRECTION, ids, metric=metric)  # 下降至37.8% where the base says 提升至
    if fact.derived is not None:
        return Judgement.of(Reason.DERIVED, ids, metric=metric)
    if claim.intent == "plan" and fact.status is Status.ACTUAL:
        return Judgement.of(Reason.NOT_A_PLAN, ids, metric=metric)
    said_alone = claim.when is None and quoted is None and fact.unit not in _SPANS  # 六个月 is its own period
    if VERDICT_OF[reason] is Verdict.SUPPORTED and said_alone and _calendar(fact):
        return Judgement.of(Reason.PERIOD_MISSING, ids, metric=metric)
    return Judgement.of(reason, ids, metric=metric)


_CALENDAR = compiled(r"\d{4}(?:H[12]|Q[1-4]|-\d{2})?(?:\.\.\d{4}(?:-\d{2})?)?|unknown")


def _calendar(fact: Observation) -> bool:
    """A figure of a stretch of the calendar (2024, January–September 2025, 去年1月—11月): a claim that
    gives it without its period may be read as of another. A level at a date, or a total to date, is not."""
    if fact.period.spec == "unknown":
        return bool(fact.time_expression)
    return bool(_CALENDAR.fullmatch(fact.period.spec)) and fact.period.start != fact.period.end


def _qualifier_reason(claim: Claim, fact: Observation, fit: str) -> Reason:
    said, stated = claim.qualifier, fact.qualifier
    lower = (Qualifier.MORE_THAN, Qualifier.AT_LEAST)
    if fit == "silently":
        return Reason.ROUNDED_SILENTLY
    if fit == "within":
        return Reason.QUALIFIER_CHANGED  # more precise than the base: not what it says
    if (stated in lower and said is Qualifier.AT_MOST) or (stated is Qualifier.AT_MOST and said in lower):
        return Reason.QUALIFIER_OPPOSITE
    if stated is Qualifier.APPROX and fit in ("equal", "rounded"):
        # 30余个 is just over thirty, 近73万 just under 73万: a claim on the other side says the opposite
        over, under = _written_after(fact, "余多"), _written_before(fact, "近")
        if (over and (said is Qualifier.AT_MOST or _just_under(claim))) or (under and said in lower):
            return Reason.QUALIFIER_OPPOSITE
    if fit == "rounded":
        return Reason.ROUNDED if stated in (Qualifier.EXACT, Qualifier.APPROX) else Reason.QUALIFIER_CHANGED
    if said is stated or (said in lower and stated in lower):
        return Reason.SAME
    if stated is Qualifier.EXACT:
        counted = fact.unit in _COUNTS and fact.value == fact.value.to_integral_value()
        if fit == "equal" and counted and claim.qualifier_words.lower() in _STRICT:
            # 不到187家, more than 187 where the base says 187家: false of a count; of a measure printed
            # rounded (37.8%), more than 37.8% may be true of what was measured
            return Reason.BEYOND_FIGURE
        return Reason.SAME if said is Qualifier.APPROX else Reason.QUALIFIER_CHANGED
    if said is Qualifier.EXACT:
        return Reason.QUALIFIER_DROPPED
    if stated is Qualifier.APPROX:
        # 30余个 is more than thirty, 近73万 less than 73万: the words of the quote say which way
        if said in lower and _written_after(fact, "余多"):
            return Reason.SAME
        if said is Qualifier.AT_MOST and _written_before(fact, "近"):
            return Reason.SAME
    return Reason.QUALIFIER_CHANGED


# Bounds a figure itself does not meet (less than 187 is not 187); 以上, at least and up to include it.
_STRICT = frozenset(
    (
        "不到", "不足", "低于", "少于", "less than", "fewer than", "under", "below", "超", "超过", "超出", "多于",
        "高于", "more than", "over", "above", "exceeds", "exceeded", "exceed", "exceeding",
    )
)  # fmt: skip
_JUST_UNDER = frozenset(("近", "接近", "nearly", "almost", "close to", "just under"))


def _just_under(claim: Claim) -> bool:
    """近30个, nearly 30: approximate, and below the figure."""
    return claim.qualifier is Qualifier.APPROX and claim.qualifier_words.lower() in _JUST_UNDER


def _written_after(fact: Observation, words: str) -> bool:
    """The quote writes one of `words` right after the figure, or after its 万 or 亿 (73万余, 30余)."""
    quote = "".join(fact.quote.split())
    size = len(fact.figure)
    after = [quote[start + size : start + size + 2] for start in occurrences(fact.figure, quote)]
    return any(_one_of(two[:1], words) or (_one_of(two[:1], "万亿") and _one_of(two[1:], words)) for two in after)


def _written_before(fact: Observation, words: str) -> bool:
    """The quote writes one of `words` right before the figure (近73万)."""
    quote = "".join(fact.quote.split())
    return any(start and _one_of(quote[start - 1], words) for start in occurrences(fact.figure, quote))


def _one_of(character: str, words: str) -> bool:
    return len(character) == 1 and character in words


def _weaker_bound(claim: Claim, fact: Observation, base: FactBase) -> bool:
    """超90% where the base says 超95%: true, but not what the base says."""
    claimed, expected = _normalized(claim, base), base.normalized(fact)
    if claimed is None or expected is None or claimed[1] != expected[1]:
        return False
    lower = (Qualifier.MORE_THAN, Qualifier.AT_LEAST)
    if claim.qualifier in lower and fact.qualifier in lower:
        return claimed[0] < expected[0]
    if claim.qualifier is Qualifier.AT_MOST and fact.qualifier is Qualifier.AT_MOST:
        return claimed[0] > expected[0]
    return False


def _same(claim: Claim, facts: list[Observation], sides: Sides) -> list[Observation]:
    return [fact for fact in facts if _period_fit(claim, fact, sides) == "same"]


def _period_fit(claim: Claim, fact: Observation, sides: Sides) -> str:
    """same, other or unsure: whether the fact is of the period the claim speaks of."""
    when = claim.when
    own_sentence = sides.quoted is not None and fact.id == sides.quoted.id and not sides.quoted_period
    if when is None or (own_sentence and _as_written(when.words, fact)):
        return "same"  # no period said; or the article's own sentence, with the date the article gives it
    period = fact.period
    if not period.is_dated:
        said = "".join((fact.time_expression or "").split())
        if said and said == "".join(when.words.split()):
            return "same"
        same_horizon = when.future and fact.status is Status.PLANNED and _years(said) == _years(when.words)
        return "same" if same_horizon and _years(said) is not None else "unsure"
    if when.future:  # 3年至5年内: a target's horizon, whatever deadline the base reads into it
        return "same" if fact.status is Status.PLANNED and period.start is not None else "other"
    if when.plan_period and period.start is not None and period.start.isoformat() == "2021-01-01":
        return "same" if period.end is not None and period.end.year == 2025 else "other"
    first_fits = when.first is None or when.first == period.start
    last_fits = when.last is None or when.last == period.end
    if first_fits and last_fits:
        return "same"
    inside = (
        when.first is not None and when.last is not None and period.start is not None and period.end is not None
        and when.first <= period.start and period.end <= when.last
        and (period.start == period.end or fact.period.spec.startswith("publication"))
    )  # fmt: skip
    if inside:
        return "same"  # a stock measured on a day of the year the claim names
    if (
        fact.unit in _SPANS and when.first is not None and period.start is not None
        and when.first <= period.start <= (when.last or when.first)
    ):  # fmt: skip
        return "same"  # 2024年3月…获批后六个月: a length of time, dated by when it began
    return "other"


def _opposite_way(claim: Claim, facts: list[Observation]) -> bool:
    """A level the claim says fell to where an article says it rose to it (or the reverse), and none says
    it moved the claim's way."""
    if claim.toward is None:
        return False
    recorded = {
        moved_to(fact.quote[: fact.quote.find(fact.figure)]) for fact in facts if fact.quote.find(fact.figure) > 0
    }
    return claim.toward not in recorded and bool(recorded - {None})


_YEARS = compiled(r"(\d+|[一二两三四五六七八九十]+|two|three|four|five|six|seven|eight|nine|ten)\s*(?:年|years?)", re.I)


def _years(words: str) -> int | None:
    """How many years a horizon spans (未来三年, over the next three years: 3)."""
    match = _YEARS.search(words)
    if match is None:
        return None
    said = match.group(1).lower()
    if said.isdigit():
        return int(said)
    value = ENGLISH_NUMBERS.get(said) or chinese_value(said)
    return int(value) if value is not None else None


def _as_written(words: str, fact: Observation) -> bool:
    """Whether a claim dates the article's own sentence as the article does (截至6月底, 今年前三季度): the
    base read the period from these words on the article's date, whatever day the draft is read on. Where
    the base records no words for the period, it read it from the text around: the claim's date is that."""
    return fact.time_expression is None or "".join(words.split()) == "".join(fact.time_expression.split())


_SPANS = frozenset(("个月", "月", "天", "日", "小时", "分钟", "周"))  # units of a length of time


def _other_scope(claim: Claim, fact: Observation) -> bool:
    said, stated = scope_of(claim.sentence), scope_of(fact.quote)
    return bool(said and stated and said != stated)


# A claim for the whole city, not a part of it (an industrial park, a project, a company).
_WHOLE_CITY = compiled(
    r"全市|西宁全市|\b(?:as a whole|city-?wide|the whole city|across the city|all of Xining)\b", re.IGNORECASE
)


def _of_a_part(fact: Observation, base: FactBase) -> bool:
    """A figure the base records for a part of the city, which the measure's name does not say."""
    subject = fact.subject or ""
    if not subject or subject in ("西宁", "西宁市") or "青海" in subject:
        return False
    return subject not in base.metrics[fact.metric].label.zh


def _measured_for_the_province(metric: str, facts: tuple[Observation, ...], base: FactBase) -> bool:
    """Whether the measure is the province's, or one of the city's against the province (占全省比重)."""
    label = base.metrics[metric].label.zh
    return "全省" in label or "青海" in label or any("青海" in (fact.subject or "") for fact in facts)


def _past(claim: Claim) -> bool:
    return claim.when is not None and claim.when.last is not None and not claim.when.future and claim.intent != "plan"


def _subject_fits(claim: Claim, fact: Observation, quoted: Observation | None) -> bool:
    if claim.subject in ("", "province"):
        return True
    if quoted is not None and fact.id == quoted.id and any(word in quoted.quote for word in DISTRICTS.values()):
        return True  # the article's own sentence names the districts: they are where, not whose
    return claim.subject in (fact.subject or "")


def _normalized(claim: Claim, base: FactBase) -> tuple[Decimal, str] | None:
    if claim.value is None:
        return None
    if claim.unit == "":
        return claim.value, ""
    unit = base.units.get(claim.unit)
    if unit is None:
        return claim.value, claim.unit
    return claim.value * unit.factor, unit.base


def _value_fit(claim: Claim, fact: Observation, base: FactBase) -> bool:
    return _fit_kind(claim, fact, base) in ("equal", "rounded", "silently", "within")


def _fit_kind(claim: Claim, fact: Observation, base: FactBase) -> str | None:
    """equal, rounded (about and says so), silently (rounded, not saying so), within (inside the rounding of an
    approximate figure of the base), or None."""
    claimed, expected = _normalized(claim, base), base.normalized(fact)
    if claimed is None or expected is None:
        return None
    if (claimed[1], expected[1]) in DURATIONS:  # a 60-minute ride is a one-hour ride
        claimed = (claimed[0] / DURATIONS[claimed[1], expected[1]], expected[1])
    if claimed[1] not in ("", expected[1]) and not (claimed[1] == "次" and expected[1] == "次"):
        return None
    if claimed[1] == "" and expected[1] not in _COUNTS:
        return None
    if claimed[0] == expected[0]:
        return "equal"
    if fact.qualifier is Qualifier.APPROX and abs(claimed[0] - expected[0]) * 2 <= _fact_step(fact, base):
        return "within"  # 20.08 million where the base says about 2000万: inside its rounding, not confirmed by it
    step = _precision(claim, base)
    if step is None or expected[0] == 0 or abs(claimed[0] - expected[0]) / abs(expected[0]) > Decimal("0.05"):
        return None
    if (expected[0] / step).to_integral_value() * step != claimed[0]:
        return None
    return "rounded" if claim.qualifier is Qualifier.APPROX else "silently"


_COUNTS = frozenset({"个", "家", "项", "条", "件", "人", "人次", "次", "类", "架", "位"})


def _fact_step(fact: Observation, base: FactBase) -> Decimal:
    """The step an approximate figure of the base is given to: 约21.3亿元 to 0.1亿, a derived 2000万 to 100万."""
    unit = base.units.get(fact.unit)
    factor = unit.factor if unit else Decimal(1)
    if fact.derived is not None:
        return Decimal(1).scaleb(-fact.derived.rounding) * factor
    exponent = fact.value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) and exponent < 0 else 0) * factor


def _precision(claim: Claim, base: FactBase) -> Decimal | None:
    """The step the claim's figure is written to: 17万 is to 1万, 172,000 to 1,000, 12.5 million to 100,000."""
    unit = base.units.get(claim.unit)
    return _step(claim.number, claim.value, unit.factor if unit else 1)


@lru_cache(maxsize=1 << 10)
def _step(number: str, value: Decimal | None, factor: Decimal | int) -> Decimal | None:
    """`_precision`, worked out once per figure: a claim is compared with every observation of its measure."""
    digits = number.replace(",", "")
    if not digits[:1].isdigit():
        return None
    written = Decimal(digits)
    step = Decimal(1).scaleb(written.normalize().as_tuple().exponent)  # type: ignore[arg-type]
    scale = value / written if written else Decimal(1)  # type: ignore[operator]
    return step * scale * factor


def _power_of_ten(a: Decimal, b: Decimal) -> bool:
    if a == 0 or b == 0 or a == b or (a < 0) != (b < 0):
        return False
    ratio = (a / b).normalize()
    return ratio.as_tuple().digits == (1,)


def _ids(facts: Iterable[Observation | Designation | Milestone]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fact.id for fact in facts))


# --- titles and milestones ------------------------------------------------------------------


def judge_title(claim: Claim, titles: list[Designation | Milestone], quoted: bool = False) -> Judgement:
    """A named pilot, list or honour (or a first, an opening): is it the base's, and of that date?

    `quoted`: the claim is the article's own sentence, and the base dated it from the words around it.
    """
    if not titles:
        return Judgement.of(Reason.NO_TITLE)
    given = [t for t in titles if isinstance(t, Designation) or t.status is not Status.PLANNED]
    if given and (_DENIED_ZH.search(claim.text) or _DENIED_EN.search(claim.text)):
        return Judgement.of(Reason.TITLE_DENIED, _ids(given))
    said = batch(claim.text)
    batches = {number for title in titles for number in map(batch, _title_words(title)) if number is not None}
    if said is not None and batches and said not in batches:
        return Judgement.of(Reason.TITLE_BATCH, _ids(titles))
    if FIRST.search(claim.text) and (said_scope := scope_of(claim.text)):
        firsts = [scope_of(f"{d.zh} {d.en}") for t in titles if isinstance(t, Designation) for d in t.distinctions]
        if firsts and said_scope not in firsts and all(firsts):
            return Judgement.of(Reason.TITLE_SCOPE, _ids(titles))
    if (issued := _issued_by(claim, titles)) is not None:
        return issued
    planned = [title for title in titles if isinstance(title, Milestone) and title.status is Status.PLANNED]
    if planned and len(planned) == len(titles):
        if claim.intent == "done":
            return Judgement.of(Reason.PLAN_AS_DONE, _ids(planned))
        if claim.intent not in ("plan", "plan_nearby"):
            return Judgement.of(Reason.PLAN_NOT_SAID, _ids(planned))
    when = claim.when
    if when is None or quoted:
        return Judgement.of(Reason.SAME_TITLE, _ids(titles))
    dated = [title for title in titles if title.period.is_dated and title.period.start is not None]
    if not dated:
        return Judgement.of(Reason.TITLE_UNDATED, _ids(titles))
    on_date = [title for title in dated if _covers(when.first, when.last, title)]
    if on_date:
        return Judgement.of(Reason.SAME_TITLE, _ids(on_date))
    return Judgement.of(Reason.TITLE_DATE, _ids(dated))


# A title said not given: 并未入选, 没有获得, was never named, did not make the list. (尚未 of a plan is no
# denial: the base says so too, and a planned milestone is left out above.)
_DENIED_ZH = compiled(
    r"(?:未|没有|没|并未|未能|从未|不曾|没能)(?:被|能|曾)?(?:入选|获得|获评|荣获|成为|获批|列入|评为|跻身|上榜|通过)"
)
_DENIED_EN = compiled(
    r"\b(?:not|never|n't|no longer|failed to)\s+(?:\w+\s+){0,2}?(?:named|selected|awarded|won|win|made|make|listed"
    r"|designated|included|become|became|got|get|received|receive|joined|join|entered|enter|placed|chosen)\b",
    re.IGNORECASE,
)


def _issued_by(claim: Claim, titles: list[Designation | Milestone]) -> Judgement | None:
    """The bodies the claim's sentence says gave the title, against the issuer the base records: None when
    the sentence names none, or the claim is of a milestone (work done, given by nobody)."""
    designations = [title for title in titles if isinstance(title, Designation)]
    said = bodies_in(claim.context)  # the title's clause and those beside it that name no other title
    if not designations or not said.named:
        return None
    issued = [title for title in designations if title.issuer]
    if not issued:
        return Judgement.of(Reason.ISSUER_UNKNOWN, _ids(designations))
    found = {title.id: differs(said, title.issuer or "") for title in issued}
    if all(verdict is True for verdict in found.values()):
        return Judgement.of(Reason.TITLE_ISSUER, found)
    if any(verdict is False for verdict in found.values()):
        return None
    return Judgement.of(Reason.ISSUER_UNKNOWN, found)


def _covers(first, last, title: Designation | Milestone) -> bool:  # type: ignore[no-untyped-def]
    start, end = title.period.start, title.period.end
    return (first is None or (start is not None and first <= start)) and (
        last is None or (end is not None and end <= last)
    )


_BATCH_ZH = compiled(r"(首|第[一二三四五六七八九十\d]+)批")
_BATCH_EN = compiled(
    r"\b(first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))\s+(?:[a-z-]+\s+){0,2}(?:batch|group)\b"
    r"|\b(?:batch|group)\s+(?:no\.\s*)?(\d+)\b",
    re.IGNORECASE,
)
_NOT_DIGITS = compiled(r"\D")
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def batch(text: str) -> int | None:
    """Which batch of a national list words name: 首批 and the first national batch are 1, 第二批 2."""
    if match := _BATCH_ZH.search(text):
        said = match.group(1).removeprefix("第")
        if said == "首":
            return 1
        number = int(said) if said.isdigit() else chinese_value(said)
        return int(number) if number is not None else None
    if match := _BATCH_EN.search(text):
        said = (match.group(1) or match.group(2)).lower()
        return _EN_ORDINALS.get(said) or int(_NOT_DIGITS.sub("", said) or 0) or None
    return None


def _title_words(title: Designation | Milestone) -> tuple[str, ...]:
    label = title.name if isinstance(title, Designation) else title.label
    return (label.zh, label.en, title.quote)

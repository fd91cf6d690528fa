"""The verdicts a claim can get, and the closed set of reasons for them: each reason gives one verdict.

`supported`, `imprecise`, `contradicted` and `not_found`, worst first in SEVERITY; a Judgement is one
verdict with its reason and the facts it rests on. The presentation layer words each reason in the
claim's language.
"""

from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple


class Verdict(str, Enum):
    SUPPORTED = "supported"
    IMPRECISE = "imprecise"
    CONTRADICTED = "contradicted"
    NOT_FOUND = "not_found"


class Reason(str, Enum):
    """Why a claim got its verdict: a closed set, each worded by the presentation layer."""

    SAME = "same"  # supported: the figure, measure, subject and period of the base
    ROUNDED = "rounded"  # supported: rounded the way readers round, and saying so
    SAME_TITLE = "same_title"  # supported: a title or milestone of the base, on its date if one is given
    QUALIFIER_DROPPED = "qualifier_dropped"  # imprecise: 95% where the base says 超95%
    QUALIFIER_CHANGED = "qualifier_changed"  # imprecise: more than where the base says about
    ROUNDED_SILENTLY = "rounded_silently"  # imprecise: rounded without saying so
    DERIVED = "derived"  # imprecise: a value the base derives, stated as if an article printed it
    PLAN_NOT_SAID = "plan_not_said"  # imprecise: a plan of the base, not said to be one
    PERIOD_UNKNOWN = "period_unknown"  # imprecise: the base has the figure but not its year
    PERIOD_MISSING = "period_missing"  # imprecise: the figure of a period (2024, 1—9月), given without it
    TITLE_UNDATED = "title_undated"  # imprecise: the base has the title but not when it was given
    ISSUER_UNKNOWN = "issuer_unknown"  # imprecise: the claim says who gave the title; the base does not, or not all
    NOT_A_PLAN = "not_a_plan"  # imprecise: stated as a plan where the base records a result
    OTHER_VALUE = "other_value"  # contradicted: the base gives another figure
    OTHER_PERIOD = "other_period"  # contradicted: the figure belongs to another period
    SCALE = "scale"  # contradicted: 万 for 亿, billion for 亿 (a power of ten)
    UNIT = "unit"  # contradicted: % for percentage points
    DIRECTION = "direction"  # contradicted: a fall where the base says a rise, or the reverse
    OTHER_SUBJECT = "other_subject"  # contradicted: the province's figure for the city's, or the reverse
    CITY_FIGURE = "city_figure"  # contradicted: the city's figure, said of the province (the base has no other)
    BEYOND_FIGURE = "beyond_figure"  # contradicted: more (or less) than the very figure the base gives
    QUALIFIER_OPPOSITE = "qualifier_opposite"  # contradicted: less than where the base says more than
    PLAN_AS_DONE = "plan_as_done"  # contradicted: a target stated as reached
    OTHER_RANKED = "other_ranked"  # contradicted: the rank belongs to another measure
    TITLE_DATE = "title_date"  # contradicted: the title was given at another date
    TITLE_BATCH = "title_batch"  # contradicted: the title's list was another batch (首批, not 第二批)
    TITLE_SCOPE = "title_scope"  # contradicted: the first in Northwest China, said to be the first in China
    TITLE_ISSUER = "title_issuer"  # contradicted: the title was given by other bodies (or by another number)
    TITLE_DENIED = "title_denied"  # contradicted: the claim says the city was not given a title the base records
    NO_MEASURE = "no_measure"  # not_found: the base has nothing on this measure
    NO_PERIOD = "no_period"  # not_found: the base has the measure, not for this period
    NO_SUBJECT = "no_subject"  # not_found: the base has the measure, not for this district, county or the province
    NO_TITLE = "no_title"  # not_found: a title, pilot or honour the base does not have


VERDICT_OF = {
    Reason.SAME: Verdict.SUPPORTED, Reason.ROUNDED: Verdict.SUPPORTED, Reason.SAME_TITLE: Verdict.SUPPORTED,
    Reason.QUALIFIER_DROPPED: Verdict.IMPRECISE, Reason.QUALIFIER_CHANGED: Verdict.IMPRECISE,
    Reason.ROUNDED_SILENTLY: Verdict.IMPRECISE, Reason.DERIVED: Verdict.IMPRECISE,
    Reason.PLAN_NOT_SAID: Verdict.IMPRECISE, Reason.PERIOD_UNKNOWN: Verdict.IMPRECISE,
    Reason.PERIOD_MISSING: Verdict.IMPRECISE,
    Reason.TITLE_UNDATED: Verdict.IMPRECISE, Reason.NOT_A_PLAN: Verdict.IMPRECISE,
    Reason.ISSUER_UNKNOWN: Verdict.IMPRECISE,
    Reason.OTHER_VALUE: Verdict.CONTRADICTED,
    Reason.OTHER_PERIOD: Verdict.CONTRADICTED, Reason.SCALE: Verdict.CONTRADICTED, Reason.UNIT: Verdict.CONTRADICTED,
    Reason.OTHER_SUBJECT: Verdict.CONTRADICTED, Reason.CITY_FIGURE: Verdict.CONTRADICTED,
    Reason.QUALIFIER_OPPOSITE: Verdict.CONTRADICTED, Reason.BEYOND_FIGURE: Verdict.CONTRADICTED,
    Reason.DIRECTION: Verdict.CONTRADICTED,
    Reason.PLAN_AS_DONE: Verdict.CONTRADICTED, Reason.OTHER_RANKED: Verdict.CONTRADICTED,
    Reason.TITLE_DATE: Verdict.CONTRADICTED, Reason.TITLE_BATCH: Verdict.CONTRADICTED,
    Reason.TITLE_SCOPE: Verdict.CONTRADICTED, Reason.TITLE_ISSUER: Verdict.CONTRADICTED,
    Reason.TITLE_DENIED: Verdict.CONTRADICTED,
    Reason.NO_MEASURE: Verdict.NOT_FOUND, Reason.NO_PERIOD: Verdict.NOT_FOUND,
    Reason.NO_SUBJECT: Verdict.NOT_FOUND, Reason.NO_TITLE: Verdict.NOT_FOUND,
}  # fmt: skip
# Worst first: the order findings are listed in.
SEVERITY = (Verdict.CONTRADICTED, Verdict.IMPRECISE, Verdict.NOT_FOUND, Verdict.SUPPORTED)


class Judgement(NamedTuple):
    """A claim's verdict, why, the facts it rests on, and the facts the reason points to."""

    verdict: Verdict
    reason: Reason
    facts: tuple[str, ...]  # what the base says on the claim's measure, subject and period
    others: tuple[str, ...] = ()  # the fact whose figure the claim used (another period, subject, plan)
    metric: str | None = None

    @classmethod
    def of(
        cls, reason: Reason, facts: Iterable[str] = (), others: Iterable[str] = (), metric: str | None = None
    ) -> "Judgement":
        return cls(VERDICT_OF[reason], reason, tuple(facts), tuple(others), metric)


def worst(judgements: list[Judgement]) -> Judgement:
    """The verdict a claim checked on several measures gets: the worst, with the facts of all that agree."""
    ordered = sorted(judgements, key=lambda judgement: SEVERITY.index(judgement.verdict))
    first = ordered[0]
    facts = [fact for judgement in ordered if judgement.verdict is first.verdict for fact in judgement.facts]
    return first._replace(facts=tuple(dict.fromkeys(facts)))

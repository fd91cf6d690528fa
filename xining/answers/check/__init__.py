"""`check`: every figure and title a draft states, checked against the base.

A pipeline of small pure parts, each tested on its own:

    reading (drafts.py, reading.py,  the claims of the text: numbers with their qualifier,
      timing.py, subjects.py)        scale, unit, period, subject (whose) and intent
    titles (titles.py, bodies.py)    the named pilots, lists, honours and milestones it states,
                                     and the bodies it says gave them
    matching (matching.py)           which measure or title the claim's words name
    judging (judging.py,             one verdict per claim, a reason from a closed set
      verdicts.py)                   (verdicts.py), the facts

`check` is the one function a command calls: it reads from the compiled base
only what the draft needs (the registries, the titles, and the observations
of the measures its claims name), runs the parts and returns the findings as
data. Wording them is the presentation layer's job.
"""

import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from xining.answers.check.drafts import MAX_BYTES
from xining.answers.check.judging import Sides, judge_figure, judge_title
from xining.answers.check.matching import (
    NOUN_LEAST,
    Scored,
    Twins,
    name_core,
    named_after,
    other_kind,
    rank_metrics,
    ranks_what_base_ranks,
    unit_fits,
)
from xining.answers.check.reading import Claim, Vocabulary, read_claims
from xining.answers.check.titles import read_titles
from xining.answers.check.verdicts import SEVERITY, Judgement, Verdict, worst
from xining.answers.cite import DEFAULT_STYLE
from xining.answers.cite import style as citation_style
from xining.base.model import Designation, Fact, FactBase, Metric, Milestone, Observation
from xining.base.names import Names
from xining.base.numbers import figure_offsets, occurrences, plain_digits
from xining.base.patterns import compiled
from xining.errors import EXIT_PROBLEMS, XiningError, unknown

if TYPE_CHECKING:
    from xining.cache.store import Store

_CITY = compiled(r"西宁|全市|我市|Xining", re.IGNORECASE)
# `+`: not searched by kind (nearly every fact is an observation) but by the metric, id or figure after it
OBSERVATIONS = "+kind = 'observation'"
CHUNK = 500  # parameters of one query (SQLite allows 999 in old versions)
FAIL_ON = {"contradicted": ("contradicted",), "imprecise": ("contradicted", "imprecise"), "never": ()}


class Finding(NamedTuple):
    claim: Claim
    judgement: Judgement


class Checked(NamedTuple):
    """A draft's findings in reading order, the date relative words were read against, and the facts used."""

    text: str
    day: date
    findings: tuple[Finding, ...]
    base: FactBase  # the facts the findings name, with the registries (metrics, units, sources)
    records: dict[str, dict[str, Any]]  # those facts' records as the cache stores them (as `show --json` prints)
    style: str = DEFAULT_STYLE  # the citation style the findings are to be cited in

    def worst_first(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (SEVERITY.index(f.judgement.verdict), f.claim.start))

    def count(self, verdict: Verdict) -> int:
        return sum(1 for finding in self.findings if finding.judgement.verdict is verdict)


def check(store: "Store", text: str, day: date, style: str = DEFAULT_STYLE) -> Checked:
    """Every claim of a draft, judged against the base."""
    citation_style(style)  # an unknown style is the first thing to report
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise XiningError(f"the draft is over {MAX_BYTES:,} bytes; check it in parts")
    registries = store.registries(sources=())  # the sources of the facts the findings cite are read at the end
    records: dict[str, str] = {}
    titles = store.title_names()  # their names only: a draft names a few of them, read whole below
    vocabulary = Vocabulary(
        units=tuple(sorted({_without_scale(symbol) for symbol in registries.units}, key=len, reverse=True)),
        names=tuple(name for title in titles for name in title.name if len(name) > 3),
    )
    claims = read_claims(text, day, vocabulary)
    quoted = _quoted(store, text, claims, records)
    twins, names = Twins.of(registries.metrics), store.names()
    # the metrics a figure's unit fits, worked out once per unit of the draft, not once per figure
    fitting = _fitting({(claim.unit, claim.ordinal) for claim in claims}, registries)
    segments = _segments(claims)
    measures = {
        claim.start: _measures(
            claim,
            registries,
            quoted.get(claim.start, ()),
            twins,
            names,
            fitting[claim.unit, claim.ordinal],
            segments.get(claim.start, ""),
        )
        for claim in claims
    }
    named = {metric for pairs in measures.values() for pair in pairs for metric in pair if metric}
    needed = sorted(named | {twins.wider[metric] for metric in named if metric in twins.wider})
    observations = registries._replace(facts=_facts_of(store, f"{OBSERVATIONS} AND metric", needed, records))
    by_metric: dict[str | None, list[Observation]] = {}
    for fact in observations.facts:
        if isinstance(fact, Observation) and fact.metric:
            by_metric.setdefault(fact.metric, []).append(fact)
    findings = [
        Finding(
            claim,
            _judge(
                claim,
                measures[claim.start],
                quoted.get(claim.start, ()),
                observations,
                by_metric,
                registries,
                twins,
                names,
            ),
        )
        for claim in claims
    ]
    named_titles = read_titles(text, day, claims, titles)
    named_ids = sorted({title.id for named in named_titles for title in named.titles})
    title_facts = {fact.id: fact for fact in _facts_of(store, "id", named_ids, records)}
    findings += [
        Finding(named.claim, judge_title(named.claim, [_title(title_facts, t.id) for t in named.titles], named.quoted))
        for named in named_titles
    ]
    findings.sort(key=lambda finding: finding.claim.start)
    used = {fact_id for finding in findings for fact_id in (*finding.judgement.facts, *finding.judgement.others)}
    kept = {fact.id: fact for fact in (*observations.facts, *title_facts.values()) if fact.id in used}
    cited = store.registries(metrics=(), sources={fact.source for fact in kept.values()}).sources
    base = registries._replace(facts=tuple(kept.values()), sources=cited)
    return Checked(text, day, tuple(findings), base, {fact_id: json.loads(records[fact_id]) for fact_id in kept}, style)


def _facts(store: "Store", where: str, params: Sequence[str], records: dict[str, str]) -> tuple[Fact, ...]:
    """The facts a condition selects, decoded against the registries read once (not once per query); their
    records are kept, so that the findings are printed from the records every command prints."""
    from xining.cache.records import fact_from_record

    def decoded(row: tuple[Any, ...]) -> tuple[str, Fact]:  # in the store's read: damage found here heals
        record, figure, spec = row
        return record, fact_from_record(json.loads(record), figure, spec)

    found = []
    for record, fact in store.scan(
        f"SELECT record, figure, spec FROM facts WHERE {where} ORDER BY id", params, decoded
    ):
        records[fact.id] = record  # as text: decoded again only for the few facts the findings name
        found.append(fact)
    return tuple(found)


def _facts_of(store: "Store", where: str, values: Sequence[str], records: dict[str, str]) -> tuple[Fact, ...]:
    """The facts whose column (`where` ends with it) is one of the values, a few hundred at a time: SQLite
    takes a bounded number of parameters, and a long draft has thousands of figures."""
    found: list[Fact] = []
    for first in range(0, len(values), CHUNK):
        chunk = values[first : first + CHUNK]
        found.extend(_facts(store, f"{where} IN ({','.join('?' * len(chunk))})", chunk, records))
    return tuple(found)


def _title(facts: dict[str, Fact], title_id: str) -> Designation | Milestone:
    """A title read whole, by the id its name was read with a moment before."""
    fact = facts.get(title_id)
    if not isinstance(fact, (Designation, Milestone)):
        raise XiningError(f"the base changed while the draft was being checked ({title_id}): check it again")
    return fact


def _without_scale(symbol: str) -> str:
    return symbol[1:] if symbol[:1] in "万亿" and len(symbol) > 1 else symbol


def _judge(
    claim: Claim,
    measures: list[tuple[str | None, str | None]],
    quoted: tuple[Observation, ...],
    base: FactBase,
    by_metric: dict[str | None, list[Observation]],
    registries: FactBase,
    twins: Twins,
    names: Names,
) -> Judgement:
    """One verdict for a claim; a figure the article gives for several measures (均超95%) is checked on each.
    `by_metric`: the observations of `base` by metric, in its order."""
    judgements = []
    for metric, twin in measures:
        fact = next((fact for fact in quoted if fact.metric == metric), None)
        sides = Sides(
            metric=metric,
            facts=tuple(by_metric.get(metric, ())),
            twins=tuple(by_metric.get(twin, ())),
            wider=tuple(by_metric.get(twins.wider.get(metric or ""), ())),
            ranked=ranks_what_base_ranks(claim, metric, registries, names),
            quoted=fact,
            quoted_period=fact is not None and _said_in_quote(claim, fact),
        )
        judgements.append(judge_figure(claim, sides, base))
    return worst(judgements)


def _said_in_quote(claim: Claim, fact: Observation) -> bool:
    """Whether the claim's time expression is part of the words the base quotes (今年前三季度，…41%)."""
    return claim.when is not None and _squeezed_text(claim.when.words) in _squeezed_text(fact.quote)


def _measures(
    claim: Claim,
    base: FactBase,
    quoted: tuple[Observation, ...],
    twins: Twins,
    names: Names,
    fitting: dict[str, Metric],
    segment: str = "",
) -> list[tuple[str | None, str | None]]:
    """The metric (or metrics) a claim speaks of, each with its twin for the other subject (city or province).
    `segment`: in a clause of several figures, the claim's own words (see `_segments`)."""
    metrics = base.metrics
    if quoted:
        return [(fact.metric, _twin(fact.metric, twins)) for fact in quoted]
    own_words = rank_metrics(segment, fitting, index=names) if segment and claim.lang == "en" else []
    ranked = (
        named_after(claim.noun, claim.sentence, fitting, names)
        or own_words
        or rank_metrics(claim.context, fitting, index=names)
    )
    # the figure's own words (and spending 28%) name it even with one word; else the sentence may name it
    if (not ranked or ranked[0].matched < 2) and not claim.in_quotes and not own_words:
        # the clause names nothing, or one word of a name (a start rate of 100%): the sentence may name it whole
        in_sentence = _nearest_first(rank_metrics(claim.sentence, fitting, index=names), claim.context, metrics)
        if not ranked or (in_sentence and in_sentence[0].matched >= 2 and in_sentence[0].score >= 0.8):
            ranked = in_sentence
    # 失业保险参保率 is not 医疗保险参保率, 开工97个 not the projects completed: another kind is never the measure
    kind_words = segment if segment and claim.lang == "zh" else claim.context
    if ranked and not (ranked := [s for s in ranked if not other_kind(kind_words, metrics[s.key])]):
        # the best names were of another kind: the measure of this kind, named by fewer of its words
        ranked = [
            scored
            for scored in rank_metrics(kind_words, fitting, NOUN_LEAST, index=names)
            if not other_kind(kind_words, metrics[scored.key])
        ]
    if not ranked:
        return [(None, None)]
    top = [scored.key for scored in ranked if scored[1:] == ranked[0][1:]]
    changes = set(twins.change.values())
    speaks_of_change = claim.change or claim.unit == "个百分点"
    metric = next((m for m in top if (m in changes) == speaks_of_change), top[0])
    if speaks_of_change and claim.unit in ("%", "个百分点") and metrics[metric].unit == "%":
        metric = twins.change.get(metric, metric)
    province = twins.province.get(metric)
    if claim.subject == "province" and province is not None:
        return [(province, metric)]  # 青海省…187家: the province's measure, the city's beside it
    city = twins.city.get(metric)
    if claim.subject == "" and city is not None and _CITY.search(claim.sentence):
        return [(city, metric)]  # Xining's 187 platforms, 72.8% of Qinghai's: the city's, though Qinghai is named
    return [(metric, _twin(metric, twins))]


_EN_NOUN = compiled(
    r"(?:\s+(?!(?:and|or|of|in|to|with|for|by|at|on|from|serve[sd]?|is|are|was|were|has|have|had|reached|grew|"
    r"rose|fell|made|accounted|that|which|while|than)\b)[A-Za-z][\w'-]*){0,5}",
    re.IGNORECASE | re.ASCII,  # ASCII words: unicode case folding would double what it costs to compile
)


def _segments(claims: tuple[Claim, ...]) -> dict[int, str]:
    """For each figure that shares its clause with others, its own words: in English from the end of the
    figure before it to what it counts (756 elderly care facilities serve more than 441,200 older residents:
    facilities for 756, those they serve for 441,200); in Chinese from the figure before it to its own
    end (开工97个、完工87个)."""
    segments: dict[int, str] = {}
    for index, claim in enumerate(claims):
        if not claim.number:
            continue
        before = claims[index - 1] if index and claims[index - 1].context == claim.context else None
        after = claims[index + 1] if index + 1 < len(claims) and claims[index + 1].context == claim.context else None
        at = claim.context.find(claim.text)
        if (before is None and after is None) or at < 0:
            continue
        start, end = 0, len(claim.context)
        if before is not None and (found := claim.context.rfind(before.text, 0, at)) >= 0:
            start = found + len(before.text)
        if after is not None and (found := claim.context.find(after.text, at + len(claim.text))) >= 0:
            end = found
        if claim.lang == "zh":  # 开工97个、完工87个: the words before a Chinese figure, and what it counts
            segments[claim.start] = claim.context[start : at + len(claim.text) + len(claim.noun)]
            continue
        noun = _EN_NOUN.match(claim.context, at + len(claim.text))  # what it counts: up to the verb after it
        segments[claim.start] = claim.context[start : min(end, noun.end()) if noun else end]
    return segments


def _nearest_first(ranked: list[Scored], context: str, metrics: dict[str, Metric]) -> list[Scored]:
    """Measures the sentence names, those whose name (without 增速, 比例…) stands in the claim's own clause
    first: 外贸进出口增长26.3%，出口更是大增65.7% — the second figure is exports', though the sentence names
    foreign trade at greater length."""
    if not ranked:
        return ranked
    best = [scored for scored in ranked if min(scored.score, 0.8) == min(ranked[0].score, 0.8)]
    in_clause = [scored for scored in best if (core := name_core(metrics[scored.key].label.zh)) and core in context]
    if not in_clause:
        return ranked
    longest = max(len(name_core(metrics[scored.key].label.zh)) for scored in in_clause)
    chosen = [scored for scored in in_clause if len(name_core(metrics[scored.key].label.zh)) == longest]
    return chosen + [scored for scored in ranked if scored not in chosen]


def _fitting(kinds: set[tuple[str, bool]], base: FactBase) -> dict[tuple[str, bool], dict[str, Metric]]:
    """For each unit of a figure (and whether it is a rank), the metrics a figure in it can be of: whether a
    unit fits is asked once per unit a metric is in, not once per metric (a large base has thousands)."""
    by_unit: dict[str, list[Metric]] = {}
    for metric in base.metrics.values():
        by_unit.setdefault(metric.unit, []).append(metric)
    fitting: dict[tuple[str, bool], dict[str, Metric]] = {}
    for unit, ordinal in kinds:
        fits = {held for held in by_unit if unit_fits(unit, held, base) and (held == "位") == ordinal}
        fitting[unit, ordinal] = {key: metric for key, metric in base.metrics.items() if metric.unit in fits}
    return fitting


def _twin(metric: str, twins: Twins) -> str | None:
    return twins.province.get(metric) or twins.city.get(metric)


def _quoted(
    store: "Store", text: str, claims: tuple[Claim, ...], records: dict[str, str]
) -> dict[int, tuple[Observation, ...]]:
    """Claims in the very words the base read a figure from (an article checked against its own facts)."""
    figures = sorted({claim.number for claim in claims if claim.number})
    if not figures:
        return {}
    squeezed, where = _squeezed(text)
    # Only the quotes are read first: a large base has thousands of facts with a figure as common as 2,
    # and a fact is decoded whole only when the draft holds its quote.
    candidates: list[str] = []
    for first in range(0, len(figures), CHUNK):
        for fact_id, quote in store.quotes_of(figures[first : first + CHUNK]):
            if isinstance(quote, str) and "".join(plain_digits(quote).split()) in squeezed:
                candidates.append(fact_id)
    found = _facts_of(store, f"{OBSERVATIONS} AND id", sorted(set(candidates)), records)
    starts = [claim.start for claim in claims]  # in reading order: the claim at a place is found by bisection
    quoted: dict[int, dict[str, Observation]] = {}
    for fact in found:
        if not isinstance(fact, Observation) or fact.derived is not None:
            continue
        quote = _squeezed_text(fact.quote)
        offsets = figure_offsets(quote, _squeezed_text(fact.figure), _squeezed_text(fact.unit))
        for at in occurrences(quote, squeezed):
            for offset in offsets:
                place = where[at + offset]
                index = bisect_right(starts, place) - 1
                claim = claims[index] if index >= 0 else None
                if claim is not None and claim.number == fact.figure and place < claim.end:
                    quoted.setdefault(claim.start, {})[fact.id] = fact
    return {start: tuple(facts.values()) for start, facts in quoted.items()}


def _squeezed_text(text: str) -> str:
    """`_squeezed(text)[0]`, without working out where each character came from."""
    return "".join(plain_digits(text).split())  # split() and isspace() know the same whitespace


def _squeezed(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, digits and % as ASCII, and where each character came from."""
    plain = plain_digits(text)
    kept = [index for index, char in enumerate(plain) if not char.isspace()]
    return "".join(plain[index] for index in kept), kept


def exit_code(result: Checked, fail_on: str) -> int:
    """1 when a claim is as bad as --fail-on says (a linter's convention, for a newsroom's CI), else 0."""
    if fail_on not in FAIL_ON:
        raise unknown("--fail-on", fail_on, FAIL_ON)
    failing = FAIL_ON[fail_on]
    return EXIT_PROBLEMS if any(finding.judgement.verdict.value in failing for finding in result.findings) else 0

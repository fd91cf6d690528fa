"""Titles in a draft: named pilots, lists and honours, and milestones, stated without a figure.

A clause that names a title of the base (入选全国消费“三新”试点城市; In 2024
Xining was named a national logistics hub) is a claim about the title and its
date. A list of titles (先后荣获国家园林城市、国家森林城市…) is one claim per
title. A clause that says the city was named something the base does not have
is a claim too, `not_found`; one that names nothing is not a claim.
"""

import re
from bisect import bisect_left
from datetime import date
from typing import NamedTuple

from xining.answers.check.bodies import bodies_in, ends_with_body
from xining.answers.check.drafts import compact
from xining.answers.check.matching import another_kind, rank_titles, squeezed
from xining.answers.check.reading import Claim, intent_of, is_english, outside_titles, times_of
from xining.answers.check.timing import When
from xining.base.model import Label, Qualifier
from xining.base.patterns import compiled
from xining.cache.records import TitleName

Title = TitleName  # what a title is called, without the rest of its record

# A clause that names a title without a figure: a verb of being named, and a title at its end.
_NAMED = compiled(
    r"入选|荣获|获评|获批|跻身|上榜|评为|命名为|成为|创建|获得"
    r"|\b(?:named|selected|designated|awarded|won|listed|became|joined|received|earned|entered)\b"
    r"|\b(?:made|make) the\b|\b(?:placed|put) on\b|\bincluded in\b"
    r"|(?:是|为)(?=[^，。,]{0,12}(?:首个|首家|唯一|第一个|首批))|\b(?:is|was|became) the (?:first|only)\b",
    re.IGNORECASE,
)
_TITLE_END = compiled(
    r"(?:城市|试点|名单|示范区|示范城市|称号|基地|百强|名城|案例|案例集|园区)[”\"]?\s*$"
    r"|\b(?:city|pilot|list|title|award|hub|zone|base|model)\.?\s*$",
    re.IGNORECASE,
)
_TIME_OR_NUMBER = compiled(
    r"[\d.%]+|[年月日底末以来至到截今去前后上下半季度期间时]|\b(?:in|by|the|end|of|since|during)\b|\W", re.IGNORECASE
)
_LIST_MARKS = compiled(r"(、|……|…)")  # between the items of a list, kept by split
# a clause that says only that the city was selected (西宁成为青海唯一入选城市), naming no title of its own
_SELECTED_ONLY = compiled(
    r"西宁市?|我市|青海省?|我省|全省|全国|西北地区?|唯一|首个|首批|之一|成为|入选|获批|是|也|还|并|的|城市|省会|产业园区|园区|\W"
)
_WITHOUT_VERB_LEAST = 4  # words of a title's English name a clause holds to name it with no verb of naming
_QUOTED = compiled(r"“[^”]{4,}”|\"[^\"]{4,}\"")  # a name in quotation marks: "China Climate Good Product"
_SENTENCE = compiled(r"(?:[^。！？!?；;\n.]|(?<=\d)\.(?=\d))+")  # a full stop ends a sentence, a decimal point not
_CLAUSE = compiled(r"[^，,]+")
_ITEM = compiled(r"[^、]+|(?<=、)")


class Named(NamedTuple):
    """A title claim, the records of the base it names, and whether the base's date stands for it."""

    claim: Claim
    titles: list[Title]
    quoted: bool  # the claim is the article's own sentence, with no date or the date the article gives


class _Said(NamedTuple):
    """A title claim of a sentence as first read: its words, where they and their clause are, the titles
    they name, the article's quote they are in (if any) and their date."""

    item: str
    at: int
    clause_start: int
    clause_end: int
    titles: list[Title]
    quote: str | None
    when: When | None


def read_titles(raw: str, today: date, figures: tuple[Claim, ...], titles: list[Title]) -> list[Named]:
    """Each title a draft names in a clause that states no figure, with the records of the base it names."""
    text = compact(raw)
    whole = text.text
    times = outside_titles(whole, tuple(when for when in times_of(whole, today) if when.first or when.last))
    starts = [claim.start for claim in figures]  # in reading order, never overlapping
    ends = [claim.end for claim in figures]
    found = []
    for sentence in _SENTENCE.finditer(whole):
        earlier: list[Title] = []  # the title an earlier clause of the sentence named
        bound = sentence.start()  # a date before it belongs to a title named before
        said: list[_Said] = []
        for clause in _CLAUSE.finditer(sentence.group()):
            start = sentence.start() + clause.start()
            first, last = text.span(start, start + len(clause.group()))
            after = bisect_left(ends, first + 1)  # the first figure that ends inside or after the clause
            if after < len(starts) and starts[after] < last:
                continue  # the clause states a figure: it is that claim
            for item in _items(clause.group().strip()):
                at = whole.find(item, start)
                if len(_TIME_OR_NUMBER.sub("", item)) < 4:
                    continue  # a date alone (2025年底，…) is the date of the clause after it
                named = _named(item, clause.group(), sentence.group(), titles)
                if named is None:
                    continue
                chosen, quote = named
                if not chosen and earlier and not _SELECTED_ONLY.sub("", item).strip():
                    chosen = earlier  # 公布…试点城市名单，西宁成为青海唯一入选城市: the list named before
                earlier = chosen or earlier
                when = _date_of(item, at, chosen, times, bound, start)
                bound = start + len(clause.group())
                said.append(_Said(item, at, start, bound, chosen, quote, when))
        for index, (item, at, _, _, chosen, quote, when) in enumerate(said):
            # who gave the title is said in its clause or one beside it that names no other title
            before = index  # clauses of the same title before it (公布…名单，西宁成为唯一入选城市) are its scope too
            while before and said[before - 1].titles == chosen:
                before -= 1
            scope_start = said[before - 1].clause_end if before else sentence.start()
            scope_end = said[index + 1].clause_start if index + 1 < len(said) else sentence.end()
            english = is_english(whole, at)
            paragraph = max(p for p in text.paragraphs if p <= at)
            claim = Claim(
                text=item, start=text.span(at, at + len(item))[0], end=text.span(at, at + len(item))[1],
                number="", value=None, scale="", unit="", qualifier=Qualifier.EXACT, qualifier_words="",
                when=when, subject="", change=False, ordinal=False, lang="en" if english else "zh",
                intent=intent_of(whole[max(paragraph, sentence.start() - 400) : at], sentence.group(), english),
                context=whole[min(scope_start, at) : max(scope_end, at + len(item))], sentence=sentence.group(),
            )  # fmt: skip
            # the article's own words, its date as the article wrote it (12月9日, 去年9月): the base
            # dated the title from them, whatever day the draft is read on
            written = {squeezed(title.time_expression or "") for title in chosen}
            trusted = quote is not None and (when is None or squeezed(when.words) in written)
            found.append(Named(claim, chosen, trusted))
    return found


def _date_of(item: str, at: int, chosen: list[Title], times: tuple[When, ...], bound: int, start: int) -> When | None:
    """The date of a title claim: the most precise one in the item that is not part of the title's name
    (in October 2025, not the 2025 of 2025 Happiest City), or the last one before its clause and after
    the title named before it."""
    names = [squeezed(f"{_label(title).zh} {_label(title).en}").lower() for title in chosen]
    inside = [t for t in times if at <= t.start and t.end <= at + len(item)]
    said = [t for t in inside if not any(squeezed(t.words).lower() in name for name in names)]
    if said:
        return min(said, key=lambda t: ((t.last or date.max) - (t.first or date.min), t.start))
    if inside:
        return inside[0]
    return next((t for t in reversed(times) if bound <= t.start and t.end <= start), None)


def _items(clause: str) -> list[str]:
    """A list of titles, one item each; the words before the first title go with it."""
    parts: list[str] = []
    for part in (part for part in _LIST_MARKS.split(clause) if part.strip()):
        if parts and (part in ("、", "……", "…") or ends_with_body(parts[-1])):
            parts[-1] += part  # 财政部、商务部公布的…: a list of bodies, then the one title they gave
        else:
            parts.append(part)
    parts = [part.rstrip("、…") for part in parts]
    return parts if len(parts) > 1 and _NAMED.search(parts[0]) else [clause]


def _named(item: str, clause: str, sentence: str, titles: list[Title]) -> tuple[list[Title], str | None] | None:
    """The records of the title an item names ([] for a title the base does not have; None if it names
    none), and the quote it was read from where the item is in an article's own words. A title of another
    kind than the one found (生产服务型 for 商贸服务型国家物流枢纽) is one the base does not have."""
    found = _found(item, clause, sentence, titles)
    if found is None or not found[0]:
        return found
    if another_kind(item, [f"{_label(title).zh} {_label(title).en}" for title in found[0]]):
        return [], None
    return found


def _found(item: str, clause: str, sentence: str, titles: list[Title]) -> tuple[list[Title], str | None] | None:
    plain = squeezed(item)
    if len(plain) >= 6:
        quoted = [title for title in titles if plain in squeezed(title.quote)]
        # a quote that lists several titles (荣获国家园林城市、国家森林城市…) is the quote of each: the one
        # whose name the item holds is the one it names
        named_here = [title for title in quoted if squeezed(_label(title).zh) in plain]
        if quoted:
            chosen = max(named_here, key=lambda title: len(_label(title).zh)) if named_here else quoted[0]
            return _same_name(chosen, titles), squeezed(chosen.quote)
    lang = "en" if sum(c.isascii() and c.isalpha() for c in item) > len(item) / 2 else "zh"
    named = [title for title in titles if lang == "zh" and len(_label(title).zh) > 3 and _label(title).zh in plain]
    if named:
        return _same_name(max(named, key=lambda title: len(_label(title).zh)), titles), None
    said_given = bool(_NAMED.search(sentence) or _QUOTED.search(clause) or bodies_in(sentence).named)
    ranked = rank_titles(item, lang, titles, whole_name=said_given)
    if not ranked and lang == "en":  # Phases 2 and 3 of China Unicom's Sanjiangyuan base went into use
        ranked = rank_titles(item, lang, titles, whole_name=True, least=_WITHOUT_VERB_LEAST)
    if ranked:
        best = next(title for title in titles if title.id == ranked[0].key)
        return _same_name(best, titles), None
    if _NAMED.search(clause) and _TITLE_END.search(item):
        return [], None
    return None


def _label(title: Title) -> Label:
    return title.name


def _same_name(title: Title, titles: list[Title]) -> list[Title]:
    """Every record of one title: the same honour reported by several articles, dated or not, its name
    as one of them writes it inside another's (最具幸福感城市 in 2025最具幸福感城市（省会及计划单列市）)."""
    name = _label(title).zh
    return [
        other for other in titles if other.kind == title.kind and (name in _label(other).zh or _label(other).zh in name)
    ]

"""Matching a claim to the base: which measure (or title) its words name.

Chinese words are compared by character pairs: 外贸进出口同比增长 shares 外贸,
贸进, 进出, 出口 with the label 外贸进出口增速, which is enough, and 增速 and
增长 are read as one word. English words are compared as stems (grew, growth:
grow) without the words every label has (share, change, rate of...). A label
scores the part of its words the claim's clause holds; aliases count as
labels. Only measures whose unit can hold the claim's unit are candidates: a
percentage is never matched to a count of canteens.

Nothing is guessed: below the threshold there is no match, and the claim is
`not_found`.
"""

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from xining.answers.check.reading import DURATIONS, Claim
from xining.base.model import FactBase, Kind, Metric
from xining.base.names import (
    EN_GENERIC,
    Names,
    metric_names,
    own_pairs,
    own_stems,
    pairs,
    stems,
    words_of,
    zh_words,
)
from xining.base.patterns import compiled
from xining.cache.records import TitleName

ZH_THRESHOLD = 0.5
EN_THRESHOLD = 0.5
TITLE_THRESHOLDS = {"zh": 0.65, "en": 0.8}
# Units a bare English count ("187 innovation platforms") can stand for.
COUNT_UNITS = frozenset({"个", "家", "项", "条", "件", "人", "人次", "次", "类", "架"})
_TITLE_VERBS_ZH = compiled(
    r"西宁市|西宁|我市|全市|成功|入选|成为|获批|荣获|获评|跻身|上榜|获得|先后|称号|被|评为|命名为|列入|正式|已|了|的|于"
)
_TITLE_VERBS_EN = frozenset(
    (
        "named", "selected", "became", "become", "joined", "won", "awarded", "listed", "designated", "chosen",
        "approved", "included", "been", "one", "first", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "end",
    )
)  # fmt: skip


class Scored(NamedTuple):
    """A candidate and how well the claim's words name it."""

    key: str  # a metric id, or a designation's or milestone's id
    score: float  # the part of its words the claim holds, 0 to 1
    matched: int  # how many of its words (or character pairs) that is


# What a name says it measures of its thing: 出口增速 is the growth of 出口.
_MEASURE_ENDINGS = ("增速", "增长", "增幅", "占比", "比重", "比例", "总额", "规模", "数量", "排名", "率", "数", "量")


@lru_cache(maxsize=1 << 12)
def name_core(label: str) -> str:
    """A Chinese name without the word for what it measures of its thing (外贸进出口增速: 外贸进出口)."""
    core = zh_words(label)
    for ending in _MEASURE_ENDINGS:
        if core.endswith(ending) and len(core) > len(ending) + 1:
            return core[: -len(ending)]
    return core


@lru_cache(maxsize=1 << 14)
def squeezed(text: str) -> str:
    """Text without whitespace, ％ as %; cached, since every title's quote is squeezed for every clause."""
    return "".join(text.split()).replace("％", "%")


def rank_metrics(
    context: str,
    metrics: Iterable[Metric] | Mapping[str, Metric],
    least: float | None = None,
    index: "Names | None" = None,
) -> list[Scored]:
    """The metrics the words name, best first; only those at or above the threshold (`least`, if given).

    Both languages are scored, whatever the claim's: a draft may name the measure in the other
    (Xining 外贸进出口 grew 41%). With the `index` of the base's names, only the metrics sharing a word
    with the context are scored: the others score nothing, and a large base has thousands.
    """
    found: list[Scored] = []
    context_pairs, context_stems = own_pairs(context), own_stems(context)  # a sentence read for several claims
    candidates: Iterable[Metric] = metrics.values() if isinstance(metrics, Mapping) else metrics
    if index is not None:
        can = index.could_score(context_pairs, context_stems, least or ZH_THRESHOLD, least or EN_THRESHOLD)
        if isinstance(metrics, Mapping):  # by id: a large base's fitting metrics are thousands, its candidates few
            candidates = [metrics[key] for key in can if key in metrics]
        else:
            candidates = [metric for metric in metrics if metric.id in can]
    for metric in candidates:
        best: tuple[float, int, float] | None = None  # the sort key of a score: (capped score, matched, score)
        zh_owns, en_owns = index.words(metric.id) if index is not None else words_of(metric)
        for owns, words, threshold in (
            (zh_owns, context_pairs, least or ZH_THRESHOLD),
            (en_owns, context_stems, least or EN_THRESHOLD),
        ):
            for own in owns:  # a name's words, each once
                matched = len(words.intersection(own)) if own else 0
                score = matched / len(own) if own else 0.0
                if matched and score >= threshold and (best is None or (min(score, 0.8), matched, score) > best):
                    best = (min(score, 0.8), matched, score)
        if best is not None:
            found.append(Scored(metric.id, best[2], best[1]))
    found.sort(key=lambda scored: (-min(scored.score, 0.8), -scored.matched, -scored.score, scored.key))
    return found


# Words that tell one kind of a measure from another of the same name: a clause that says one of them
# names the kind it says, and a measure whose name says none of that group, or another one, is not it.
_KINDS = (
    (
        "失业保险", "工伤保险", "生育保险", "医疗保险", "医保", "养老保险", "unemployment insurance",
        "work injury insurance", "maternity insurance", "medical insurance", "health insurance", "pension insurance",
    ),
    (
        "过夜游客", "入境游客", "境外游客", "国内游客", "一日游", "overnight", "inbound", "foreign tourists",
        "domestic tourists",
    ),
    ("城镇居民", "农村居民", "urban residents", "rural residents"),
    ("开工", "完工", "started", "completed"),
    (
        "商贸服务型", "生产服务型", "陆港型", "港口型", "空港型", "生产服务", "商贸服务", "commerce and trade service",
        "production service", "production-service", "land port", "seaport", "airport",
    ),  # the type of a national logistics hub
)  # fmt: skip


def other_kind(context: str, metric: Metric) -> bool:
    """Whether a clause names a kind of the measure that the base's measure is not: 失业保险参保率 is not
    医疗保险参保率 (which most of its words are), 过夜游客 and inbound visitors not all visitors."""
    return another_kind(context, (metric.label.zh, metric.label.en, *metric.aliases.zh, *metric.aliases.en))


def another_kind(context: str, names: Iterable[str]) -> bool:
    """Whether a clause names a kind (of a measure or a title) that none of these names is: 生产服务型 for
    商贸服务型国家物流枢纽."""
    lowered = context.lower()
    named = " ".join(names).lower()
    for kinds in _KINDS:
        said = [kind for kind in kinds if kind in lowered]
        if said and not any(kind in named for kind in said):
            return True
    return False


NOUN_LEAST = 0.3  # a measure named by the words after its figure needs less of the sentence besides


def named_after(noun: str, sentence: str, fitting: Mapping[str, Metric], endings: Names) -> list[Scored]:
    """Chinese names what a figure counts right after it (8个分区, 22个项目子方案和140个工作方案): the measures
    whose name ends in the longest start of those words, ranked by the sentence. Several figures in one
    clause are each matched to their own words, not all to the measure the clause names best."""
    for size in range(len(noun), 1, -1):
        start = noun[:size]
        named = {
            metric_id
            for plain, metric_id in endings.ending_in(start[-2:])
            if plain.endswith(start) and metric_id in fitting
        }
        if named:
            return rank_metrics(sentence, [fitting[metric_id] for metric_id in sorted(named)], NOUN_LEAST, endings)
    return []


def unit_fits(claim_unit: str, metric_unit: str, base: FactBase) -> bool:
    """Whether a metric in `metric_unit` can hold a figure written in `claim_unit`."""
    if claim_unit in ("%", "个百分点"):
        return metric_unit in ("%", "个百分点")
    if claim_unit == "":
        return metric_unit in COUNT_UNITS
    unit = base.units.get(claim_unit)
    return unit is not None and (unit.base == metric_unit or (unit.base, metric_unit) in DURATIONS)


class Twins(NamedTuple):
    """Measures beside each measure, found once per draft: the same for the province (全省接待游客 beside
    接待游客), and a level's change in percentage points (城镇绿色建筑比例变化 beside 城镇绿色建筑比例)."""

    province: dict[str, str]  # a city's metric id -> the province's
    city: dict[str, str]  # the province's -> the city's
    change: dict[str, str]  # a level's metric id -> its change's
    wider: dict[str, str]  # work done -> the same counted with work under way (建成标准机架 -> 已建、在建标准机架)

    @classmethod
    def of(cls, metrics: dict[str, Metric]) -> "Twins":
        by_label = {metric.label.zh: metric.id for metric in metrics.values()}
        province: dict[str, str] = {}
        change: dict[str, str] = {}
        for metric in metrics.values():
            label = metric.label.zh
            for whole in (f"全省{label}", f"青海省{label}"):
                if whole in by_label and by_label[whole] != metric.id:
                    province[metric.id] = by_label[whole]
                    break
            if metric.unit == "个百分点":
                for end in range(len(label) - 1, 1, -1):
                    level = by_label.get(label[:end])
                    if level is not None and level != metric.id:
                        change.setdefault(level, metric.id)
                        break
        return cls(province, {city: whole for whole, city in province.items()}, change, _wider(metrics))


_UNDER_WAY = compiled(r"(?:已建|建成)[、和及与]?在建")
_DONE = compiled(r"建成|完成|完工|已建")


def _wider(metrics: dict[str, Metric]) -> dict[str, str]:
    """Measures of work done beside the measure that counts it with work under way: a figure of the wider
    one given as done says more than the base does."""
    wider: dict[str, str] = {}
    for metric in metrics.values():
        label = metric.label.zh
        if not _UNDER_WAY.search(label):
            continue
        thing = _UNDER_WAY.sub("", label)
        for done in metrics.values():
            same_thing = _DONE.search(done.label.zh) and _DONE.sub("", done.label.zh) == thing
            if same_thing and done.id != metric.id and done.unit == metric.unit:
                wider[done.id] = metric.id
    return wider


def title_core(text: str, lang: str) -> set[str]:
    """The words of a clause that can name a title: without the city, the verbs and the dates."""
    if lang == "zh":
        return pairs(_title_text(text))
    return {word for word in stems(text) if word not in _TITLE_VERBS_EN and not _DIGITS.fullmatch(word)}


def _title_text(text: str) -> str:
    """A Chinese clause without the city, the verbs, the dates and an abbreviation in quotes (“三新”, which
    stands for words the name spells out)."""
    core = _ABBREVIATION.sub("", text)
    core = _DATE_OR_NUMBER.sub("", core)
    return _NOT_WORD.sub("", zh_words(_TITLE_VERBS_ZH.sub("", core)))


_DIGITS = compiled(r"\d+")
_ABBREVIATION = compiled(r"“[^”]{1,3}”")
_DATE_OR_NUMBER = compiled(r"(?:19|20)\d\d年?(?:\d{1,2}月)?(?:底|末)?|[\d]+")
_NOT_WORD = compiled(r"[\W_]")


def rank_titles(
    context: str, lang: str, titles: Iterable[TitleName], whole_name: bool = False, least: int = 0
) -> list[Scored]:
    """Titles and milestones the clause names: most of the clause's words are the title's, or (`whole_name`,
    for a clause that says who gave a title or that something was named) the title's name is nearly all in
    the clause, whatever else it says (placed on the 2025 list of happy rivers and lakes by two ministries);
    `least`: how many of the name's words that must be at the fewest."""
    core = title_core(context, lang)
    if len(core) < 2:
        return []
    text = _title_text(context) if lang == "zh" else ""
    titles = list(titles)
    listed: dict[str, list[str]] = {}  # a quote that lists several titles -> their names
    for title in titles:
        listed.setdefault(title.quote, []).append(title.name.zh)
    found = []
    for title in titles:
        label, recipient = title.name, title.recipient
        names = (label.zh, *title.aliases.zh) if lang == "zh" else (label.en, *title.aliases.en)
        # a first the text claims (西北地区首个, the first in Northwest China) is said with the title's name
        firsts = " ".join(distinction.en for distinction in title.distinctions)
        own_quote = _without(title.quote, [other for other in listed[title.quote] if other != label.zh])
        for name in names:
            own = own_pairs(name + recipient + title.quote) if lang == "zh" else own_stems(f"{name} {firsts}")
            matched = len(core & own)
            if (
                matched >= 2
                and matched / len(core) >= TITLE_THRESHOLDS[lang]
                and _names_it(text, title, name, own_quote, lang)
            ):
                found.append(Scored(title.id, matched / len(core), matched))
                break
            spelled = _name_words(name, lang)
            held = len(core & spelled)
            fewest = max(2, least, min(_WHOLE_NAME_LEAST[lang], len(spelled)))  # a name of two words: both
            if (
                whole_name
                and held >= fewest
                and held / len(spelled) >= _WHOLE_NAME_PART
                and (lang == "en" or _whole_enough(_DOING_ZH.sub("", text), name))
            ):
                found.append(Scored(title.id, held / len(core), held))
                break
    found.sort(key=lambda scored: (-scored.score, -scored.matched, scored.key))
    return found


def _names_it(text: str, title: TitleName, name: str, quote: str, lang: str) -> bool:
    """Whether a Chinese clause whose pairs are mostly a title's (with its quote) names that title. For a
    designation, a proper name: some of the name itself is in the clause (not only words its quote shares
    with the issuer or with titles listed beside it: 西宁入选财政部), no character of the clause is foreign
    to the title and its quote without the other titles listed in it (国家海绵城市…示范城市 is not
    国家公交都市…示范城市), and the clause is not the name with a part of its middle taken out
    (全国生态文明城市 is not 全国水生态文明城市)."""
    if lang != "zh" or title.kind != Kind.DESIGNATION.value:
        return True
    if len(pairs(text) & _name_words(name, lang)) < 2:
        return False
    known = set(name + title.recipient + quote + "".join(title.aliases.zh))
    said = _DOING_ZH.sub("", text)
    if any(char not in known for char in said):
        return False
    return _whole_enough(said, name)


def _whole_enough(said: str, name: str) -> bool:
    """A clause's words name a title only as the whole name, or the name without its reach (全国, 国家级,
    首批) and generic ends (城市, 名单): 生态文明城市 is another title than 水生态文明城市, not a short
    form of it; nor is a name with some of its middle left out."""
    spelled = _title_text(_unbracketed(name))  # (南京—西宁), （首批）: said of the name, not part of it
    if _gapped(said, spelled):
        return False
    bare_said, bare_name = _REACH_ZH.sub("", said), _REACH_ZH.sub("", spelled)
    if bare_said == bare_name or bare_said not in bare_name:
        return True
    return not _GENERIC_ZH.sub("", bare_name.replace(bare_said, "", 1))


# Words a clause names a title with that are not the title's: its reach (全国) and what is done with it.
_DOING_ZH = compiled(
    r"全国|深化|推进|加快|开展|实施|持续|积极|全面|扎实|不断|进一步|再次|又|还|也|均|都|和|与|及"
    r"|没有|并未|未能|从未|不曾|没能|尚未|未"  # said not given: judged as a denial of the title
)


_REACH_ZH = compiled(r"全国|国家级|国家|中国|首批|第[一二三四五六七八九十]批|年度")
_GENERIC_ZH = compiled(r"城市|名单|称号|建设|省会|[()（）]")


def _without(quote: str, names: list[str]) -> str:
    for name in names:
        quote = quote.replace(name, "")
    return quote


def _gapped(text: str, name: str) -> bool:
    """Whether a text is a name's beginning and end with some of its middle left out."""
    if name.find(text) >= 0:
        return False
    for cut in range(2, len(text) - 1):
        head, tail = text[:cut], text[cut:]
        at = name.find(head)
        if at >= 0 and name.find(tail, at + len(head) + 1) >= 0:
            return True
    return False


# A title's name found whole in a longer clause: at least this part of its words (character pairs in
# Chinese), and at least so many of them, so that a short or generic name is not found by chance.
_WHOLE_NAME_PART = 0.8
_WHOLE_NAME_LEAST = {"zh": 4, "en": 3}


@lru_cache(maxsize=1 << 12)
def _name_words(name: str, lang: str) -> frozenset[str]:
    """The words (character pairs) of a title's own name, without its dates and the words of naming."""
    if lang == "zh":  # 全国 is the list's reach, often left out: 消费“三新”试点城市
        return frozenset(title_core(name.removeprefix("全国"), lang))
    bare = _unbracketed(name)  # National logistics hub (commerce and trade service type)
    return frozenset(title_core(bare or name, lang) - EN_GENERIC)


def _unbracketed(name: str) -> str:
    """A title's name without what it says in brackets: the kind or the parties, said of the name."""
    return _BRACKETED.sub("", name)


_BRACKETED = compiled(r"\s*(?:（[^）]*）|\([^)]*\))")


def ranks_what_base_ranks(claim: Claim, metric: str | None, base: FactBase, names: Names | None = None) -> bool:
    """第一 of export growth, not of trade growth: the measure the claim ranks is the one the base ranks.
    `names`: the index of the base's names, as rank_metrics takes it."""
    if not claim.ordinal or metric is None:
        return True
    ranking = base.metrics[metric]
    others = [m for m in base.metrics.values() if m.unit != "位"]
    # the clause: the sentence may speak of other measures first
    named = rank_metrics(claim.context, others, index=names)
    if not named:
        return True
    ranked = base.metrics[named[0].key]
    if pairs(ranked.label.zh) <= pairs(ranking.label.zh):
        return True
    return any(stems(name) - EN_GENERIC <= stems(ranking.label.en) for name in metric_names(ranked, "en"))

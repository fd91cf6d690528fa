"""The words of a measure's names, as a draft's words are compared with them, and the index of them.

Chinese names are compared by character pairs after `zh_words` has made
synonyms one (增速: 增长); English names by stems, without stop words and the
words nearly every label has. The index of every metric's names (`Names`)
depends on the registries alone, so the compiled cache builds it once and
keeps it: a check reads it instead of working it out for every draft. Any
change here that changes what these functions return must bump
`xining.cache.schema.NAMES`, so that caches built before it are rebuilt
(a test pins this module's text to that number).
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any, NamedTuple

from xining.base.model import Metric
from xining.base.patterns import compiled

_EN_STOP = frozenset(
    (
        "a", "an", "and", "the", "of", "in", "on", "for", "to", "by", "with", "between", "its", "it", "is", "was",
        "were", "be", "been", "are", "at", "from", "as", "than", "per", "s", "into", "over", "xining", "xining's",
        "city", "city's", "has", "have", "had", "this", "that", "these", "those", "which", "who", "reached", "reach",
        "stood",
    )
)  # fmt: skip
# Words nearly every label of one kind has: they neither make nor break a match.
EN_GENERIC = frozenset(
    (
        "change", "same", "period", "year", "earlier", "total", "number", "grow", "growth", "rise", "level",
    )
)  # fmt: skip
_EN_STEMS = {
    "grew": "grow", "grows": "grow", "growing": "grow", "growth": "grow", "rose": "rise", "risen": "rise",
    "rises": "rise", "accounted": "share", "accounts": "share", "account": "share", "proportion": "share",
    "trades": "trade", "traded": "trade", "trading": "trade", "visits": "visit", "visitors": "visitor",
    "jobs": "job", "created": "new", "spent": "spending", "built": "built", "apart": "distance",
    "trip": "visit", "trips": "visit", "restore": "restoration", "restored": "restoration",
    "restores": "restoration", "land": "area", "serve": "served", "serves": "served", "serving": "served",
    "older": "elderly", "senior": "elderly", "seniors": "elderly", "hectare": "area", "hectares": "area",
}  # fmt: skip
_ZH_SAME = (
    ("增速", "增长"), ("同比", ""), ("“", ""), ("”", ""), ("《", ""), ("》", ""), ('"', ""), ("距离", "相距"),
    ("之间", ""), ("旅游人次", "游客人次"), ("旅游收入", "旅游花费"), ("总数", ""), ("占青海省", "占全省"),
    ("占青海", "占全省"),
)  # fmt: skip


@lru_cache(maxsize=1 << 14)
def zh_words(text: str) -> str:
    """Chinese text without spaces, quotation marks and words that do not tell measures apart, with
    synonyms made one (增速: 增长); cached, since a metric's names are read for the index and for scoring."""
    for old, new in _ZH_SAME:
        text = text.replace(old, new)
    return "".join(text.split())


def pairs(text: str) -> set[str]:
    text = zh_words(text)
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text}


_MAKE_UP = compiled(r"\bma(?:de|ke|kes|king) up\b")


_EN_WORD = compiled(r"[a-z0-9]+(?:'s)?")


def stems(text: str) -> set[str]:
    lowered = _MAKE_UP.sub(" share ", text.lower())  # green buildings made up 100%: their share
    found = set(map(_stem, _EN_WORD.findall(lowered.replace("-", " ").replace("&", " and "))))
    found.discard("")
    return found


@lru_cache(maxsize=1 << 14)
def _stem(word: str) -> str:
    """A word's stem ("" for a word that says nothing: a stop word, a number): labels share most words."""
    word = word.removesuffix("'s")
    word = _EN_STEMS.get(word, word)
    if len(word) > 3 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return "" if word in _EN_STOP or word.isdigit() else word


@lru_cache(maxsize=1 << 16)
def own_pairs(label: str) -> frozenset[str]:
    """A label's character pairs, worked out once: every claim of a draft is scored against every label."""
    return frozenset(pairs(label))


@lru_cache(maxsize=1 << 16)
def own_stems(label: str) -> frozenset[str]:
    return frozenset(stems(label) - EN_GENERIC)


def metric_names(metric: Metric, lang: str) -> tuple[str, ...]:
    if lang == "zh":
        return (metric.label.zh, *metric.aliases.zh)
    return (metric.label.en, *metric.aliases.en)


def zh_names(metric: Metric) -> tuple[str, ...]:
    """The Chinese names a metric is scored by (rank_metrics), and indexed by (Names)."""
    return (*_label_forms(metric.label.zh), *metric.aliases.zh)


def en_names(metric: Metric) -> tuple[str, ...]:
    return (*_label_forms(metric.label.en), *metric.aliases.en)


_BRACKETED_END = compiled(r"\s*[（(][^（）()]*[）)]\s*$")


@lru_cache(maxsize=1 << 12)
def _label_forms(label: str) -> tuple[str, ...]:
    """A label, and the label without what it says in brackets at its end (（携程）, (Ctrip), （分钟）): a
    reader names the measure without its source or unit."""
    if not label.rstrip().endswith((")", "）")):
        return (label,)
    bare = _BRACKETED_END.sub("", label)
    return (label, bare) if bare and bare != label else (label,)


class Names(NamedTuple):
    """The names of the base's measures by their words: a claim's words are looked up, not compared with
    every name of a large base. Worked out when the cache is built and kept in it (`to_json`, `from_json`),
    since they depend on the registries alone; a cache read gives lists where `of` gives tuples and sets."""

    by_last_two: Mapping[str, Sequence[Sequence[str]]]  # Chinese -> (name without spaces, metric id)
    by_pair: Mapping[str, Collection[str]]  # a character pair of a Chinese name -> metric ids
    by_stem: Mapping[str, Collection[str]]  # a stem of an English name -> metric ids
    smallest: Mapping[str, Sequence[int]]  # metric id -> the fewest pairs, and stems, of any of its names
    words: Mapping[str, Sequence[Sequence[Collection[str]]]]  # metric id -> its names' pairs, and their stems

    @classmethod
    def of(cls, metrics: dict[str, Metric]) -> "Names":
        endings: dict[str, list[tuple[str, str]]] = {}
        by_pair: dict[str, set[str]] = {}
        by_stem: dict[str, set[str]] = {}
        smallest: dict[str, tuple[int, int]] = {}
        words: dict[str, tuple[list[frozenset[str]], list[frozenset[str]]]] = {}
        for metric in metrics.values():
            zh_own, en_own = words[metric.id] = words_of(metric)
            smallest[metric.id] = (
                min(map(len, filter(None, zh_own)), default=0),
                min(map(len, filter(None, en_own)), default=0),
            )
            for name in metric_names(metric, "zh"):
                plain = zh_words(name)
                endings.setdefault(plain[-2:], []).append((plain, metric.id))
            for pair in frozenset().union(*zh_own):
                by_pair.setdefault(pair, set()).add(metric.id)
            for stem in frozenset().union(*en_own):
                by_stem.setdefault(stem, set()).add(metric.id)
        return cls(
            {ending: tuple(names) for ending, names in endings.items()},
            {pair: frozenset(ids) for pair, ids in by_pair.items()},
            {stem: frozenset(ids) for stem, ids in by_stem.items()},
            smallest,
            words,
        )

    def to_json(self) -> str:
        """The index as the cache keeps it: ids sorted, so that a build of the same base writes the same text."""
        import json

        return json.dumps(
            [
                self.by_last_two,
                {pair: sorted(ids) for pair, ids in self.by_pair.items()},
                {stem: sorted(ids) for stem, ids in self.by_stem.items()},
                self.smallest,
                {key: [[sorted(own) for own in owns] for owns in both] for key, both in self.words.items()},
            ],
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> "Names":
        """The index as `to_json` wrote it; anything else raises ValueError (a damaged cache, healed).

        Every part is checked to be of the shape written, so that a damaged index is found here, where
        the store heals it, and never fails (or quietly misleads) the scoring of a claim."""
        import json

        by_last_two, by_pair, by_stem, smallest, words = json.loads(text)
        parts = (by_last_two, by_pair, by_stem, smallest, words)
        if not _all(parts, dict) or smallest.keys() != words.keys():
            raise ValueError("the names of the measures are not as the cache writes them")
        # each check walks a part at C speed: at 100,000 observations the index holds 100,000 lists
        if not all(_all(part.values(), list) for part in parts):
            raise ValueError("the names of the measures are not as the cache writes them")
        names, counts, languages = _lists(by_last_two.values()), _lists(smallest.values()), _lists(words.values())
        owns = _lists(languages)
        if not (
            _all(names, list)
            and set(map(len, names)) <= {2}
            and set(map(len, smallest.values())) <= {2}
            and _all(counts, int)
            and min(counts, default=0) >= 0
            and max(counts, default=0) < 1 << 20
            and set(map(len, words.values())) <= {2}
            and _all(languages, list)
            and _all(owns, list)
        ):
            raise ValueError("the names of the measures are not as the cache writes them")
        words_of_parts = chain.from_iterable(chain(by_pair.values(), by_stem.values(), names, owns))
        if not _all(words_of_parts, str):  # read as they come: a joined copy would be megabytes at 100,000
            raise ValueError("the names of the measures are not as the cache writes them")
        named = {key for _, key in names}.union(*by_pair.values(), *by_stem.values())
        if not named <= smallest.keys():
            raise ValueError("the names of the measures name a metric they do not hold")
        return cls(by_last_two, by_pair, by_stem, smallest, words)


def _all(values: Iterable[Any], kind: type) -> bool:
    """Whether every value is of this very type."""
    return set(map(type, values)) <= {kind}


def _lists(values: Iterable[Any]) -> list[Any]:
    """The items of lists, one after another (a value not a list raises TypeError, or is found by `_all`)."""
    return list(chain.from_iterable(values))


def words_of(metric: Metric) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The character pairs of each Chinese name of a metric, and the stems of each English one."""
    return [own_pairs(name) for name in zh_names(metric)], [own_stems(name) for name in en_names(metric)]

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

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from typing import Any

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


class Names:
    """The names of the base's measures by their words: a claim's words are looked up, not compared with
    every name of a large base. Worked out when the cache is built and kept in it (`to_json`, `from_json`),
    since they depend on the registries alone.

    Kept as the cache reads it fastest: each metric by its place in `ids`, and each metric's words as
    one line of text, made into sets only for the metrics a draft's words could name (at 100,000
    observations, parsing the words of all 2,000 metrics as lists cost a check 40 ms).
    """

    __slots__ = ("_endings", "_found", "_pairs", "_places", "_smallest", "_stems", "_words", "ids")

    def __init__(
        self,
        ids: list[str],
        endings: dict[str, list[list[Any]]],
        with_pairs: dict[str, list[int]],
        with_stems: dict[str, list[int]],
        smallest: list[list[int]],
        words: list[str],
    ) -> None:
        self.ids = ids  # every metric's id, sorted
        self._endings = endings  # the last two characters of a Chinese name -> [name without spaces, metric]
        self._pairs = with_pairs  # a character pair of a Chinese name -> the metrics whose names hold it
        self._stems = with_stems  # a stem of an English name -> the metrics whose names hold it
        self._smallest = smallest  # each metric's fewest pairs, and stems, of any of its names
        self._words = words  # each metric's names' pairs, and their stems (see `_words_line`)
        self._found: dict[str, tuple[list[frozenset[str]], list[frozenset[str]]]] = {}  # words read so far
        self._places: dict[str, int] | None = None

    @classmethod
    def of(cls, metrics: dict[str, Metric]) -> "Names":
        ids = sorted(metrics)
        place = {metric_id: index for index, metric_id in enumerate(ids)}
        endings: dict[str, list[list[Any]]] = {}
        by_pair: dict[str, set[int]] = {}
        by_stem: dict[str, set[int]] = {}
        smallest: list[list[int]] = []
        words: list[str] = []
        for metric_id in ids:
            metric, index = metrics[metric_id], place[metric_id]
            zh_own, en_own = words_of(metric)
            smallest.append(
                [min(map(len, filter(None, zh_own)), default=0), min(map(len, filter(None, en_own)), default=0)]
            )
            words.append(_words_line(zh_own, en_own))
            for name in metric_names(metric, "zh"):
                plain = zh_words(name)
                endings.setdefault(plain[-2:], []).append([plain, index])
            for pair in frozenset().union(*zh_own):
                by_pair.setdefault(pair, set()).add(index)
            for stem in frozenset().union(*en_own):
                by_stem.setdefault(stem, set()).add(index)
        return cls(
            ids,
            endings,
            {pair: sorted(held) for pair, held in sorted(by_pair.items())},
            {stem: sorted(held) for stem, held in sorted(by_stem.items())},
            smallest,
            words,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Names) and self._parts() == other._parts()

    __hash__ = None  # type: ignore[assignment]

    def _parts(self) -> list[Any]:
        return [self.ids, self._endings, self._pairs, self._stems, self._smallest, self._words]

    def ending_in(self, two: str) -> list[tuple[str, str]]:
        """(name without spaces, metric id) of every Chinese name that ends in these two characters."""
        return [(plain, self.ids[index]) for plain, index in self._endings.get(two, ())]

    def could_score(self, pairs: Iterable[str], stems: Iterable[str], zh_least: float, en_least: float) -> set[str]:
        """The metrics whose names hold enough of these pairs (stems) to reach a threshold: at least `least`
        of the fewest any one of its names has. A name matches at most the words the metric's names hold
        together, so a metric short of that cannot score, and need not be scored."""
        found: set[int] = set()
        for words, index, least, lang in ((pairs, self._pairs, zh_least, 0), (stems, self._stems, en_least, 1)):
            held = Counter(chain.from_iterable(index.get(word, ()) for word in words))
            smallest = self._smallest
            found.update(place for place, count in held.items() if count >= least * smallest[place][lang])
        return {self.ids[place] for place in found}

    def words(self, metric_id: str) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
        """The character pairs of each Chinese name of a metric, and the stems of each English one."""
        if metric_id not in self._found:  # read for the few metrics a draft's words could name, once each
            if self._places is None:
                self._places = {key: place for place, key in enumerate(self.ids)}
            self._found[metric_id] = _from_words_line(self._words[self._places[metric_id]])
        return self._found[metric_id]

    def to_json(self) -> str:
        """The index as the cache keeps it: a build of the same base writes the same text."""
        import json

        return json.dumps(self._parts(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Names":
        """The index as `to_json` wrote it; anything else raises ValueError (a damaged cache, healed).

        Every part is checked to be of the shape written, so that a damaged index is found here, where
        the store heals it, and never fails (or quietly misleads) the scoring of a claim. A metric's
        line of words is any text: every text is the words of some names."""
        import json

        parts = json.loads(text)
        if not (isinstance(parts, list) and len(parts) == 6):
            raise ValueError("the names of the measures are not as the cache writes them")
        ids, endings, by_pair, by_stem, smallest, words = parts
        if not (
            _all((ids, smallest, words), list)
            and _all((endings, by_pair, by_stem), dict)
            and _all(ids, str)
            and len(ids) == len(smallest) == len(words)
            and _all(words, str)
        ):
            raise ValueError("the names of the measures are not as the cache writes them")
        if ids != sorted(set(ids)):  # each once, sorted as written: two swapped would each name the other
            raise ValueError("the names of the measures are not as the cache writes them")
        # each check walks a part at C speed: at 100,000 observations the index holds 60,000 places
        postings = list(chain(by_pair.values(), by_stem.values()))
        named = list(endings.values())
        if not (_all(postings, list) and _all(named, list) and _all(smallest, list)):
            raise ValueError("the names of the measures are not as the cache writes them")
        endings_of = _lists(named)
        if not (_all(endings_of, list) and set(map(len, endings_of)) <= {2}):
            raise ValueError("the names of the measures are not as the cache writes them")
        counts = _lists(smallest)
        places = [*_lists(postings), *(place for _, place in endings_of)]
        if not (
            _all((name for name, _ in endings_of), str)
            and set(map(len, smallest)) <= {2}
            and _all(counts, int)
            and min(counts, default=0) >= 0
            and max(counts, default=0) < 1 << 20
            and _all(places, int)
            and min(places, default=0) >= 0
            and max(places, default=-1) < len(ids)
        ):
            raise ValueError("the names of the measures are not as the cache writes them")
        return cls(ids, endings, by_pair, by_stem, smallest, words)


def _words_line(zh_own: list[frozenset[str]], en_own: list[frozenset[str]]) -> str:
    """A metric's words as one line: names apart by tabs, the English after a newline, words by spaces.
    Whitespace is never in a word: Chinese names lose theirs (`zh_words`) and a stem is letters and digits."""
    return "\n".join("\t".join(" ".join(sorted(own)) for own in owns) for owns in (zh_own, en_own))


def _from_words_line(line: str) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """`_words_line` read back. A Chinese name always has a pair (the empty name has the empty one); an
    English name of stop words alone has no stem."""
    zh, _, en = line.partition("\n")
    return [frozenset(own.split(" ")) for own in zh.split("\t")], [frozenset(own.split()) for own in en.split("\t")]


def _all(values: Iterable[Any], kind: type) -> bool:
    """Whether every value is of this very type."""
    return set(map(type, values)) <= {kind}


def _lists(values: Iterable[Any]) -> list[Any]:
    """The items of lists, one after another (a value not a list raises TypeError, or is found by `_all`)."""
    return list(chain.from_iterable(values))


def words_of(metric: Metric) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The character pairs of each Chinese name of a metric, and the stems of each English one."""
    return [own_pairs(name) for name in zh_names(metric)], [own_stems(name) for name in en_names(metric)]

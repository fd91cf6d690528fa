"""Who conferred a title: the bodies a draft names beside a title, and those the base records as its issuer.

A fact-checker reads "国家发展改革委、商务部联合公布…试点城市名单" or "placed on the list by the
Ministry of Ecology and Environment" as a claim about who gave the title, and so the base reads it too:
each body has one key whatever the language or the short form (发改委, NDRC, National Development and
Reform Commission), and a count of bodies (七部委, five ministries) is compared with the base's count. A
body the vocabulary does not know is compared by its words with the base's issuer, never ignored.
"""

import re
from functools import lru_cache
from typing import NamedTuple

from xining.base.numbers import ENGLISH_NUMBERS, chinese_value
from xining.base.patterns import compiled

# key: (Chinese names, English names), longest first where one holds another; the first English name is
# the one a reason prints, the others are matched without regard to case.
_BODIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "state-council": (("国务院",), ("State Council",)),
    "ndrc": (
        ("国家发展和改革委员会", "国家发展改革委", "国家发改委", "发展改革委", "发改委"),
        ("National Development and Reform Commission", "NDRC"),
    ),
    "finance": (("财政部",), ("Ministry of Finance", "finance ministry", "MOF")),
    "commerce": (("商务部",), ("Ministry of Commerce", "commerce ministry", "MOFCOM")),
    "water": (("水利部",), ("Ministry of Water Resources", "water resources ministry")),
    "ecology": (("生态环境部",), ("Ministry of Ecology and Environment", "ministry of environment", "MEE")),
    "industry": (("工业和信息化部", "工信部"), ("Ministry of Industry and Information Technology", "MIIT")),
    "transport": (("交通运输部",), ("Ministry of Transport",)),
    "housing": (("住房和城乡建设部", "住房城乡建设部", "住建部"), ("Ministry of Housing and Urban-Rural Development",)),
    "culture-tourism": (("文化和旅游部", "文旅部"), ("Ministry of Culture and Tourism",)),
    "natural-resources": (("自然资源部",), ("Ministry of Natural Resources",)),
    "agriculture": (("农业农村部",), ("Ministry of Agriculture and Rural Affairs", "ministry of agriculture")),
    "science": (("科学技术部", "科技部"), ("Ministry of Science and Technology",)),
    "education": (("教育部",), ("Ministry of Education",)),
    "civil-affairs": (("民政部",), ("Ministry of Civil Affairs",)),
    "public-security": (("公安部",), ("Ministry of Public Security",)),
    "health": (("国家卫生健康委员会", "国家卫生健康委", "国家卫健委"), ("National Health Commission",)),
    "forestry": (
        ("国家林业和草原局", "国家林草局"),
        ("National Forestry and Grassland Administration", "forestry administration"),
    ),
    "meteorology": (("中国气象局",), ("China Meteorological Administration",)),
    "energy": (("国家能源局",), ("National Energy Administration",)),
    "data": (("国家数据局",), ("National Data Administration", "national data bureau")),
    "market-regulation": (
        ("国家市场监督管理总局", "市场监管总局"),
        ("State Administration for Market Regulation",),
    ),
    "financial-regulation": (
        ("国家金融监督管理总局", "金融监管总局"),
        ("National Financial Regulatory Administration",),
    ),
    "pboc": (("中国人民银行", "人民银行", "央行"), ("People's Bank of China", "PBOC", "central bank")),
    "outlook-weekly": (("《瞭望东方周刊》", "瞭望东方周刊"), ("Outlook Oriental Weekly", "oriental outlook weekly")),
    "people-daily": (("《人民日报》", "人民日报"), ("People's Daily",)),
    "xinhua": (("新华社",), ("Xinhua",)),
    "ctrip": (("携程",), ("Ctrip", "trip.com")),
    "sgs": (("SGS",), ("SGS",)),
    "ecs": (("ECS",), ("ECS",)),
}

# A body the vocabulary does not know, by the shape of its name: 某某部, 某某委员会, 某某中心, 某某局, 《某某》;
# the Ministry of X, the X Commission, Administration, Bureau or Council. Compared with the issuer by its
# words. Its characters are [^\W\d_A-Za-z], letters other than Latin: a range of the CJK block costs
# milliseconds to compile.
_OTHER_ZH = compiled(
    r"《[^》]{2,20}》"
    r"|[^\W\d_A-Za-z]{2,10}?(?:部|委员会|委|总局|局|中心|学会|协会|研究院|研究会|办公室)(?![^\W\d_A-Za-z]{0,1}[区县镇市])"
)
_OTHER_ZH_END = compiled(r"[^\W\d_A-Za-z]{2,10}?(?:部|委员会|总局)$")
_NOT_BODIES = "东西南北中全内外干局"  # 西部, 全部, 干部: the character before 部 that makes it no ministry
_OTHER_EN = compiled(
    r"(?i:\bministry of [a-z]+(?: and [a-z-]+)?)"
    r"|\b(?:[A-Z][\w'-]+ ){1,5}(?:Commission|Administration|Bureau|Council|Weekly|Daily|Association|Academy"
    r"|Centre|Center|Institute)\b"
)
# how many bodies a text says gave it (七部委, 五部门, five ministries and commissions)
_COUNT_ZH = compiled(r"([零〇一二两三四五六七八九十百\d]+)(?:个)?(?:部委|部门)")
_COUNT_EN = compiled(
    r"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)"
    r" (?:ministries|ministry|departments|government bodies)\b",
    re.IGNORECASE,
)
# Between two bodies of one list: 、, 和, and the; a list is one group, given or not given a title together.
_LONGEST_GAP = 12  # characters between two bodies of one list at most (、, " and the ")
_BETWEEN = compiled(r"(?:[\s、，,和与及同等]|\band\b|\bthe\b)*", re.IGNORECASE | re.ASCII)  # one loop: no backtracking
# A group of bodies gives a title when a verb of giving follows it, or a word of agency comes before it:
# 财政部、商务部联合公布; 由…评选; 获国务院通报表扬; by the Ministry of X; the Ministry of X published.
_GIVES_ZH = compiled(
    r"[^，。；,;]{0,3}?(?:联合)?(?:公布|发布|印发|评选|评为|评出|授予|命名|认定|批准|确定|颁发|遴选|主办|表扬|通报|认证"
    r"|推选|选定|列入|纳入|确认)(?!的?(?:数据|统计|报告))"
)
_AGENCY_ZH = compiled(r"(?:由|经|获|被|受)$")
_AGENCY_WORDS = compiled(r"^(?:获得|由|经|据|在|被|获|受)+")  # before a name the pattern above cannot tell from it
_GIVES_EN = compiled(
    r"\s*(?:has |have |had |jointly |also |alone |only |solely )*"
    r"(?:published|issued|named|awarded|selected|placed|listed|commended|organi[sz]ed|released|announced|approved|designated|chose|picked|certified|included|gave|granted)\b",
    re.IGNORECASE,
)
_AGENCY_EN = compiled(r"\b(?:by|from|of)\s+(?:the\s+)?$", re.IGNORECASE)
# The draft says these bodies alone gave it: 商务部单独公布; the Ministry of Commerce alone; only the …
_ALONE = compiled(r"单独|独自|独家|仅由|只由|仅|\b(?:alone|only|solely|single-handedly)\b", re.IGNORECASE)


_ENGLISH_KEYS = {name.lower(): key for key, (_, english) in _BODIES.items() for name in english}


@lru_cache(maxsize=1)
def _english_names() -> re.Pattern[str]:
    """Every English name of a known body, longest first, as words in any case."""
    names = sorted(_ENGLISH_KEYS, key=len, reverse=True)
    return compiled(rf"(?<![A-Za-z])(?:{'|'.join(map(re.escape, names))})(?![A-Za-z])", re.IGNORECASE | re.ASCII)


class Bodies(NamedTuple):
    """The bodies a text names as giving a title: their keys, the names it uses the vocabulary does not
    know, how many it says there were, whether the list is whole (等 ends a list that is not), and whether
    it says they gave it alone."""

    keys: frozenset[str]
    unknown: tuple[str, ...]
    how_many: int | None
    whole: bool
    alone: bool = False

    @property
    def named(self) -> bool:
        return bool(self.keys or self.unknown or self.how_many is not None)


class _Span(NamedTuple):
    start: int
    end: int
    key: str | None  # a known body; None for a name the vocabulary does not know, or a count
    name: str
    bodies: int | None = None  # for a count: how many (七部委: 7)


@lru_cache(maxsize=256)
def bodies_in(text: str) -> Bodies:
    """The bodies a text names as giving a title, in either language: a body it names for another reason
    (据国家统计局; signed an agreement with the NDRC) is not one."""
    spans = _spans(text)
    keys: set[str] = set()
    unknown: list[str] = []
    counts: list[int] = []
    whole, alone = True, False
    for group in _groups(text, spans):
        first, last = group[0].start, group[-1].end
        before, after = text[max(0, first - 12) : first], text[last : last + 16]
        if not (
            _AGENCY_ZH.search(before) or _AGENCY_EN.search(before) or _GIVES_ZH.match(after) or _GIVES_EN.match(after)
        ):
            continue
        keys.update(span.key for span in group if span.key)
        unknown.extend(span.name for span in group if span.key is None and span.bodies is None)
        counts.extend(span.bodies for span in group if span.bodies is not None)
        words = text[max(0, first - 6) : last + 10]
        whole = whole and "等" not in text[first:last] and not any(span.bodies is not None for span in group)
        alone = alone or bool(_ALONE.search(words))
    how_many = counts[0] if counts else None
    return Bodies(frozenset(keys), tuple(unknown), how_many, whole, alone)


def _spans(text: str) -> list[_Span]:
    """Every body and count of bodies a text names, in order."""
    spans: list[_Span] = []
    taken = bytearray(len(text))

    def add(start: int, end: int, key: str | None, name: str, count: int | None = None) -> None:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            spans.append(_Span(start, end, key, name, count))

    for key, (chinese, _) in sorted(_BODIES.items(), key=lambda item: -max(map(len, item[1][0]))):
        for name in sorted(chinese, key=len, reverse=True):
            at = text.find(name)
            while at >= 0:
                add(at, at + len(name), key, name)
                at = text.find(name, at + len(name))
    for match in _english_names().finditer(text):
        add(match.start(), match.end(), _ENGLISH_KEYS[match.group().lower()], match.group())
    for match in _COUNT_ZH.finditer(text):
        said = match.group(1)
        value = int(said) if said.isdigit() else chinese_value(said)
        if value is not None:
            add(match.start(), match.end(), None, match.group(), int(value))
    for match in _COUNT_EN.finditer(text):
        said = match.group(1).lower()
        add(match.start(), match.end(), None, match.group(), int(said) if said.isdigit() else ENGLISH_NUMBERS[said])
    for match in _OTHER_ZH.finditer(text):
        name = match.group()
        if name.endswith("部") and name[-2] in _NOT_BODIES:
            continue
        trimmed = _AGENCY_WORDS.sub("", name)
        add(match.end() - len(trimmed), match.end(), None, trimmed)
    for match in _OTHER_EN.finditer(text):
        add(match.start(), match.end(), None, match.group().strip())
    return sorted(spans)


def _groups(text: str, spans: list[_Span]) -> list[list[_Span]]:
    """Bodies listed together: 财政部、商务部; the Ministry of X and the Ministry of Y; 中国人民银行、国家发展改革委
    等七部委."""
    groups: list[list[_Span]] = []
    for span in spans:
        gap = text[groups[-1][-1].end : span.start] if groups else ""
        if groups and len(gap) <= _LONGEST_GAP and _BETWEEN.fullmatch(gap):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def differs(said: Bodies, issuer: str) -> bool | None:
    """Whether the bodies a draft names cannot be the issuer the base records: True when they cannot,
    False when they agree, None when the base's list is partial and the draft's bodies may be among the
    rest."""
    recorded = _recorded(issuer)
    recorded_count = recorded.how_many if recorded.how_many is not None else len(recorded.keys) + len(recorded.unknown)
    if said.how_many is not None and said.how_many != recorded_count and (recorded.how_many or recorded.whole):
        return True
    squeezed = "".join(issuer.split()).lower()
    strangers = [name for name in said.unknown if "".join(name.split()).lower() not in squeezed]
    extra = said.keys - recorded.keys
    if said.alone and (recorded.keys - said.keys or recorded_count > len(said.keys) + len(said.unknown)):
        return True  # 商务部单独公布: the base records more than one
    if not extra and not strangers:
        return False
    return True if recorded.whole else None


@lru_cache(maxsize=64)
def _recorded(issuer: str) -> Bodies:
    """The bodies of an issuer as the base records it: every name in it gave the title."""
    spans = _spans(issuer)
    counts = [span.bodies for span in spans if span.bodies is not None]
    return Bodies(
        frozenset(span.key for span in spans if span.key),
        tuple(span.name for span in spans if span.key is None and span.bodies is None),
        counts[0] if counts else None,
        whole="等" not in issuer and not counts,
    )


def in_english(issuer: str) -> str:
    """An issuer the base records in Chinese, named in English where the vocabulary knows its bodies
    (财政部、商务部: Ministry of Finance and Ministry of Commerce (财政部、商务部))."""
    found = _recorded(issuer)
    at = {key: min(issuer.find(name) for name in chinese if name in issuer) for key, (chinese, _) in _BODIES.items()
          if key in found.keys}  # fmt: skip
    names = [_BODIES[key][1][0] for key in sorted(at, key=at.__getitem__)]
    if not names:
        return issuer
    if not found.whole:
        return f"{', '.join(names)} and others ({issuer})"
    listed = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} ({issuer})"


def ends_with_body(text: str) -> bool:
    """Whether a text ends with the name of a body (西宁入选财政部: the start of a list of bodies)."""
    text = text.rstrip("、…")
    return any(text.endswith(name) for chinese, _ in _BODIES.values() for name in chinese) or bool(
        (match := _OTHER_ZH_END.search(text))
        and not (match.group().endswith("部") and match.group()[-2] in _NOT_BODIES)
    )

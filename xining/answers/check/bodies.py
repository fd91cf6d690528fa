"""Who conferred a title: the bodies a draft names beside a title, and those the base records as its issuer.

A fact-checker reads "国家发展改革委、商务部联合公布…试点城市名单" or "placed on the list by the
Ministry of Ecology and Environment" as a claim about who gave the title, and so the base reads it too:
each body has one key whatever the language or the short form (发改委, NDRC, National Development and
Reform Commission), and a count of bodies (七部委, five ministries) is compared with the base's count. A
body the vocabulary does not know is compared by its words with the base's issuer, never ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from xining.base.numbers import chinese_value

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

# A body the vocabulary does not know, by the shape of its name: 某某部, 某某委员会, 《某某》; the Ministry of X,
# the X Commission, Administration, Bureau or Council. Compared with the issuer by its words. Its characters
# are [^\W\d_A-Za-z], letters other than Latin: a range of the CJK block costs milliseconds to compile.
_OTHER_ZH = re.compile(
    r"《[^》]{2,20}》(?=主办|发布|评选|评出|推选)"
    r"|[^\W\d_A-Za-z]{2,10}?(?:部|委员会|总局)(?=[、和与及等联主发公评认授命批印])"
    r"|[^\W\d_A-Za-z]{2,12}?(?:学会|协会|研究院|研究会)(?=主办|发布|评选|评出|推选|联合)"
)
_OTHER_ZH_END = re.compile(r"[^\W\d_A-Za-z]{2,10}?(?:部|委员会|总局)$")
_NOT_BODIES = "东西南北中全内外干局"  # 西部, 全部, 干部: the character before 部 that makes it no ministry
_OTHER_EN = re.compile(
    r"(?i:\bministry of [a-z]+(?: and [a-z-]+)?)"
    r"|\b(?:[A-Z][\w'-]+ ){1,5}(?:Commission|Administration|Bureau|Council|Weekly|Daily|Association|Academy)\b"
)
# how many bodies a text says gave it (七部委, 五部门, five ministries and commissions)
_COUNT_ZH = re.compile(r"([二两三四五六七八九十\d]+)(?:个)?(?:部委|部门)")
_COUNT_EN = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+) (?:ministries|departments|government bodies)\b", re.I
)
_EN_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


_ENGLISH_KEYS = {name.lower(): key for key, (_, english) in _BODIES.items() for name in english}


@lru_cache(maxsize=1)
def _english_names() -> re.Pattern[str]:
    """Every English name of a known body, longest first, as words in any case."""
    names = sorted(_ENGLISH_KEYS, key=len, reverse=True)
    return re.compile(rf"(?<![A-Za-z])(?:{'|'.join(map(re.escape, names))})(?![A-Za-z])", re.IGNORECASE | re.ASCII)


class Bodies(NamedTuple):
    """The bodies a text names as giving a title: their keys, the names it uses the vocabulary does not
    know, how many it says there were, and whether the list is whole (等 ends a list that is not)."""

    keys: frozenset[str]
    unknown: tuple[str, ...]
    how_many: int | None
    whole: bool

    @property
    def named(self) -> bool:
        return bool(self.keys or self.unknown or self.how_many)


@lru_cache(maxsize=256)
def bodies_in(text: str) -> Bodies:
    """The bodies a text names, in either language."""
    keys = set()
    rest = text  # the text with each known name taken out, where names the vocabulary does not know are sought
    for key, (chinese, _) in _BODIES.items():
        for name in chinese:
            if name in rest:
                keys.add(key)
                rest = rest.replace(name, "\u3000")

    def known(match: re.Match[str]) -> str:
        keys.add(_ENGLISH_KEYS[match.group().lower()])
        return " "

    rest = _english_names().sub(known, rest)
    unknown = [
        match.group().lstrip("由经据在被")
        for match in _OTHER_ZH.finditer(rest)
        if not (match.group().endswith("部") and match.group()[-2] in _NOT_BODIES)
    ]
    unknown += [match.group().strip() for match in _OTHER_EN.finditer(rest)]
    count = None
    if match := _COUNT_ZH.search(text):
        said = match.group(1)
        count = int(said) if said.isdigit() else int(chinese_value(said) or 0) or None
    elif match := _COUNT_EN.search(text):
        said = match.group(1).lower()
        count = int(said) if said.isdigit() else _EN_COUNTS[said]
    return Bodies(frozenset(keys), tuple(unknown), count, whole="等" not in text and count is None)


def in_english(issuer: str) -> str:
    """An issuer the base records in Chinese, named in English where the vocabulary knows its bodies
    (财政部、商务部: Ministry of Finance and Ministry of Commerce (财政部、商务部))."""
    found = bodies_in(issuer)
    at = {key: min(issuer.find(name) for name in chinese if name in issuer) for key, (chinese, _) in _BODIES.items()
          if key in found.keys}  # fmt: skip
    names = [_BODIES[key][1][0] for key in sorted(at, key=at.__getitem__)]
    if not names:
        return issuer
    if not found.whole:
        return f"{', '.join(names)} and others ({issuer})"
    listed = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} ({issuer})"


def differs(said: Bodies, issuer: str) -> bool | None:
    """Whether the bodies a draft names cannot be the issuer the base records: True when they cannot,
    False when they agree, None when the base's list is partial and the draft's bodies may be among the
    rest."""
    recorded = bodies_in(issuer)
    if said.how_many is not None and recorded.how_many is not None and said.how_many != recorded.how_many:
        return True
    if said.how_many is not None and recorded.whole and said.how_many != len(recorded.keys) + len(recorded.unknown):
        return True
    squeezed = "".join(issuer.split()).lower()
    strangers = [name for name in said.unknown if "".join(name.split()).lower() not in squeezed]
    extra = said.keys - recorded.keys
    if not extra and not strangers:
        return False
    return True if recorded.whole else None


def ends_with_body(text: str) -> bool:
    """Whether a text ends with the name of a body (西宁入选财政部: the start of a list of bodies)."""
    text = text.rstrip("、…")
    return any(text.endswith(name) for chinese, _ in _BODIES.values() for name in chinese) or bool(
        (match := _OTHER_ZH_END.search(text))
        and not (match.group().endswith("部") and match.group()[-2] in _NOT_BODIES)
    )

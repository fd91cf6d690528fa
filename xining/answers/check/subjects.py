"""Whose a figure is: the city, one of its districts or counties, the province, or another place; and
where a rank or a first is among (nationwide, in Northwest China, in the province).

A claim's subject is read from the words before its figure (after it, in English, when nothing before names
one). The city is the subject unless another is named: the base's figures are Xining's unless they say
otherwise, and a figure said of another place is checked as that place's, which the base does not have.
"""

import re

from xining.answers.check.timing import ENGLISH
from xining.base.patterns import compiled

# The province as the subject, not as where the city stands (占全省, 在全省率先, 全省第一).
_PROVINCE_ZH = compiled(r"(?<!占)(?<!在)(?:青海省|青海全省|全省)(?!的|比重|第|唯一|首|空白|排名|率先|领先|前列)")
_PROVINCE_EN = compiled(r"(?<!of )\bQinghai(?:'s)?(?: province)?\b(?!'s)(?! (?:capital|provincial capital))", ENGLISH)
DISTRICTS = {
    "城东区": "城东区", "城中区": "城中区", "城西区": "城西区", "城北区": "城北区", "湟中区": "湟中区",
    "湟中": "湟中区", "大通县": "大通县", "大通": "大通县", "湟源县": "湟源县", "湟源": "湟源县",
    "Chengdong": "城东区", "Chengzhong": "城中区", "Chengxi": "城西区", "Chengbei": "城北区",
    "Huangzhong": "湟中区", "Datong": "大通县", "Huangyuan": "湟源县",
}  # fmt: skip


def subject_of(before: str, english: bool) -> str:
    """The subject a clause names before a figure: a district or county, the province, another place, or
    "" for the city."""
    for word, district in DISTRICTS.items():
        if word in before:
            return district
    if (_PROVINCE_EN if english else _PROVINCE_ZH).search(before):
        return "province"
    if not english and not _CITY_ZH.search(before):
        place = _OTHER_PLACE_ZH.search(before)
        if place:
            return place.group()  # 兰州市森林覆盖率: Lanzhou's, which the base does not have
    return ""


def _place(words: str) -> str:
    """A place as a reason names it: China for China's, nationwide and the country's."""
    place = words.removesuffix("'s")
    return (
        "China"
        if place.lower() in ("china", "nationwide", "the country", "the whole country")
        or (place.lower().startswith("across"))
        else place
    )


def whose(subject: str, ordinal: bool) -> str:
    """A rank is among places (居全国省会城市第一), not of them: it keeps the city as its subject."""
    ordinary = subject in ("", "province") or subject in DISTRICTS.values()
    return "" if ordinal and not ordinary else subject


_CITY_EN = compiled(r"\bXining\b", ENGLISH)
_CITY_ZH = compiled(r"西宁|我市|全市|本市")
# Places that are not Xining, nor Qinghai as a whole: other provinces and their capitals, the country, the
# other prefectures of Qinghai, and cities the articles name beside Xining. A figure said of one of them is
# not Xining's, whatever measure it names.
_PLACES = (
    ("北京", "Beijing"), ("天津", "Tianjin"), ("上海", "Shanghai"), ("重庆", "Chongqing"), ("河北", "Hebei"),
    ("山西", "Shanxi"), ("辽宁", "Liaoning"), ("吉林", "Jilin"), ("黑龙江", "Heilongjiang"), ("江苏", "Jiangsu"),
    ("浙江", "Zhejiang"), ("安徽", "Anhui"), ("福建", "Fujian"), ("江西", "Jiangxi"), ("山东", "Shandong"),
    ("河南", "Henan"), ("湖北", "Hubei"), ("湖南", "Hunan"), ("广东", "Guangdong"), ("海南", "Hainan"),
    ("四川", "Sichuan"), ("贵州", "Guizhou"), ("云南", "Yunnan"), ("陕西", "Shaanxi"), ("甘肃", "Gansu"),
    ("内蒙古", "Inner Mongolia"), ("广西", "Guangxi"), ("西藏", "Tibet"), ("宁夏", "Ningxia"),
    ("新疆", "Xinjiang"), ("香港", "Hong Kong"), ("澳门", "Macao"), ("台湾", "Taiwan"),
    ("石家庄", "Shijiazhuang"), ("太原", "Taiyuan"), ("沈阳", "Shenyang"), ("长春", "Changchun"),
    ("哈尔滨", "Harbin"), ("南京", "Nanjing"), ("杭州", "Hangzhou"), ("合肥", "Hefei"), ("福州", "Fuzhou"),
    ("南昌", "Nanchang"), ("济南", "Jinan"), ("郑州", "Zhengzhou"), ("武汉", "Wuhan"), ("长沙", "Changsha"),
    ("广州", "Guangzhou"), ("海口", "Haikou"), ("成都", "Chengdu"), ("贵阳", "Guiyang"), ("昆明", "Kunming"),
    ("西安", "Xi'an"), ("兰州", "Lanzhou"), ("呼和浩特", "Hohhot"), ("南宁", "Nanning"), ("拉萨", "Lhasa"),
    ("银川", "Yinchuan"), ("乌鲁木齐", "Urumqi"), ("深圳", "Shenzhen"), ("厦门", "Xiamen"), ("青岛", "Qingdao"),
    ("大连", "Dalian"), ("宁波", "Ningbo"), ("苏州", "Suzhou"), ("海东", "Haidong"), ("海北", "Haibei"),
    ("黄南", "Huangnan"), ("果洛", "Golog"), ("玉树", "Yushu"), ("海西", "Haixi"), ("格尔木", "Golmud"),
    ("德令哈", "Delingha"), ("百色", "Baise"), ("毕节", "Bijie"), ("茂名", "Maoming"),
)  # fmt: skip
_OTHER_PLACE_ZH = compiled(
    "|".join(zh for zh, _ in _PLACES) + r"|全国(?!首|第|唯一|前列|领先|排名|范围|城市|百强|一流|性|的|之)"
)
_OTHER_PLACE_EN = compiled(
    r"\b(?:" + "|".join(re.escape(en) for _, en in _PLACES) + r")\b(?!\s+(?:Road|Street|Avenue))"
    r"|(?<!of )(?<!among )\bChina's\b|\bnationwide\b|\bacross (?:all of )?China\b|(?<!of )\bthe (?:whole )?country's\b",
    ENGLISH,
)


def subject_en(before: str, after: str) -> str:
    """The subject named nearest before the figure (Xining's 187 platforms, 72.8% of Qinghai's total: the
    city's), else one named after it (arrivals reached 4000万 in Qinghai)."""
    named = [(match.end(), "province") for match in _PROVINCE_EN.finditer(before)]
    named += [(match.end(), "") for match in _CITY_EN.finditer(before)]
    if not named:  # Xining and Lanzhou, one of China's happiest cities: Xining named, the figure is its
        named += [(match.end(), _place(match.group())) for match in _OTHER_PLACE_EN.finditer(before)]
    named += [(before.rfind(word) + len(word), district) for word, district in DISTRICTS.items() if word in before]
    if named:
        return max(named)[1]
    if (subject := subject_of(after, True)) or _CITY_EN.search(after):
        return subject
    place = _OTHER_PLACE_EN.search(after)  # exports grew 65.7% nationwide
    return _place(place.group()) if place else ""


# Where a rank is among: first nationwide is not first in the province.
SCOPES = (
    ("nation", compiled(r"全国|国内|nationwide|nationally|in (?:all of )?china|the country", re.IGNORECASE)),
    ("northwest", compiled(r"西北|northwest", re.IGNORECASE)),
    (
        "province",
        compiled(
            r"全省|省内|我省|本省|青海(?:省)?(?:唯一|首个|首家|第一)|in (?:the )?province|province-wide"
            r"|in qinghai|of qinghai|qinghai's",
            re.IGNORECASE,
        ),
    ),
)


FIRST = compiled(r"首个|首家|第一个|唯一|\b(?:first|only)\b", re.IGNORECASE)


def scope_of(text: str) -> str:
    """Where a rank or a first is among. The place said with the first word itself wins (青海唯一入选全国…
    试点: only in Qinghai; the only city in China): right before it in Chinese, right after it in English."""
    first = FIRST.search(text)
    if first is None:
        return _scope(text)
    before = _scope(text[max(0, first.start() - 8) : first.end()])
    after = _scope(text[first.start() : first.end() + 40]) if first.group().isascii() else ""
    if before or after:
        return before or after
    return _scope(text)


def _scope(text: str) -> str:
    return next((scope for scope, words in SCOPES if words.search(text)), "")

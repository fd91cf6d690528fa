"""Write a synthetic Xining fact base of any size, in exactly the shipped format.

    python benchmarks/make_base.py --observations 100000 --out benchmarks/bases/100000

Why synthetic: the shipped base has under 200 facts, too few to show how
`xining` scales (YAML parsing, the compiled cache, SQL queries). A benchmark
needs bases of 1,000 to 100,000 observations that `xining validate` accepts,
so that every command runs the same code path as on the real base: every
metric is registered with a unit of the right base, every quote contains its
figure as written, every period uses the base's notation, every id is unique.

Why standard library only, and no PyYAML: the generator must run before (and
without) the package it benchmarks, and writing YAML text directly is several
times faster than `yaml.dump` (100,000 observations take a few seconds).

Why a fixed seed: two runs with the same arguments write byte-identical files,
so timings taken on different days or machines are of the same data.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20250711
REPO = Path(__file__).resolve().parent.parent
SHIPPED_UNITS = REPO / "facts" / "units.yaml"


def stamp(observations: int, seed: int) -> str:
    """The first line of a generated base.yaml: which generator (by content hash), size and seed wrote it.

    benchmarks/run.py compares it with what it would write now, and rebuilds a
    base made by an older make_base.py instead of timing stale data.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"# make_base.py {digest}: {observations} observations, seed {seed}"


# --- vocabulary ------------------------------------------------------------------------

# The shipped topics plus one, so that there are twenty.
TOPICS: list[tuple[str, str, str]] = [
    ("economy", "经济", "Economy"),
    ("trade", "对外贸易", "Foreign trade"),
    ("industry", "产业", "Industry"),
    ("innovation", "科技创新", "Innovation"),
    ("computing", "算力与数据", "Computing and data"),
    ("energy", "能源与双碳", "Energy and carbon"),
    ("ecology", "生态", "Ecology"),
    ("environment", "环境质量", "Environmental quality"),
    ("tourism", "文化旅游", "Culture and tourism"),
    ("social", "民生保障", "Social welfare"),
    ("education", "教育", "Education"),
    ("health", "医疗卫生", "Health"),
    ("finance", "财政金融", "Public finance and banking"),
    ("logistics", "物流", "Logistics"),
    ("transport", "交通", "Transport"),
    ("urban", "城市建设", "Urban development"),
    ("agriculture", "农业", "Agriculture"),
    ("governance", "治理", "Governance"),
    ("honours", "城市荣誉", "City honours"),
    ("population", "人口", "Population"),
]

# Where a figure is about: the whole city, or one of its districts, counties and parks.
# (key, Chinese as printed in a quote, English)
REGIONS: list[tuple[str, str, str]] = [
    ("", "全市", ""),
    ("chengdong", "城东区", "Chengdong District"),
    ("chengzhong", "城中区", "Chengzhong District"),
    ("chengxi", "城西区", "Chengxi District"),
    ("chengbei", "城北区", "Chengbei District"),
    ("huangzhong", "湟中区", "Huangzhong District"),
    ("datong", "大通县", "Datong County"),
    ("huangyuan", "湟源县", "Huangyuan County"),
    ("etdz", "西宁经济技术开发区", "Xining Economic and Technological Development Zone"),
    ("ganhe", "甘河工业园区", "Ganhe Industrial Park"),
    ("nanchuan", "南川工业园区", "Nanchuan Industrial Park"),
    ("biotech-park", "生物科技产业园区", "Biotechnology Industrial Park"),
    ("duoba", "多巴新城", "Duoba New Town"),
    ("haihu", "海湖新区", "Haihu New District"),
]


@dataclass(frozen=True)
class Display:
    """A unit a figure may be printed in, with the range and decimals of plausible values."""

    symbol: str
    low: float
    high: float
    decimals: int


@dataclass(frozen=True)
class Measure:
    """What is measured, before a region and a variant make it a metric.

    `label` is the metric's Chinese name; `noun` is how a quote says it
    ("全市接待游客1245.19万人次").
    """

    key: str
    topic: str
    label: str
    noun: str
    en: str
    unit: str
    displays: tuple[Display, ...]
    higher: bool | None = True


def _m(
    key: str, topic: str, label: str, noun: str, en: str, unit: str, *displays: Display, higher: bool | None = True
) -> Measure:
    return Measure(key, topic, label, noun, en, unit, displays, higher)


D = Display
MEASURES: list[Measure] = [
    _m("gdp", "economy", "地区生产总值", "地区生产总值", "Gross domestic product", "元", D("亿元", 80, 2200, 2)),
    _m("fixed-asset-investment", "economy", "固定资产投资", "完成固定资产投资", "Fixed-asset investment", "元",
       D("亿元", 20, 900, 1)),
    _m("retail-sales", "economy", "社会消费品零售总额", "社会消费品零售总额", "Retail sales of consumer goods", "元",
       D("亿元", 30, 700, 2)),
    _m("industrial-added-value", "economy", "规模以上工业增加值", "规模以上工业增加值",
       "Value added of industry above designated size", "元", D("亿元", 10, 400, 2)),
    _m("new-market-entities", "economy", "新增经营主体", "新增经营主体", "New market entities registered", "家",
       D("家", 300, 30000, 0)),
    _m("foreign-trade-value", "trade", "外贸进出口总额", "实现外贸进出口总额", "Value of foreign trade", "元",
       D("亿元", 2, 90, 2), D("万元", 5000, 90000, 0)),
    _m("export-value", "trade", "出口额", "出口", "Value of exports", "元", D("亿元", 1, 60, 2)),
    _m("trading-partners", "trade", "有贸易往来的国家和地区", "与之有贸易往来的国家和地区",
       "Countries and regions traded with", "个", D("个", 20, 160, 0)),
    _m("key-industrial-projects", "industry", "重点工业项目", "实施重点工业项目", "Key industrial projects", "个",
       D("个", 10, 300, 0)),
    _m("monocrystalline-silicon-output", "industry", "单晶硅产量", "单晶硅产量", "Output of monocrystalline silicon",
       "吨", D("万吨", 1, 30, 2), D("吨", 2000, 90000, 0)),
    _m("lithium-carbonate-output", "industry", "碳酸锂产量", "碳酸锂产量", "Output of lithium carbonate", "吨",
       D("万吨", 0.5, 12, 2)),
    _m("specialised-smes", "industry", "专精特新中小企业", "培育专精特新中小企业", "Specialised and innovative SMEs",
       "家", D("家", 10, 400, 0)),
    _m("high-tech-enterprises", "innovation", "高新技术企业", "高新技术企业", "High-tech enterprises", "家",
       D("家", 50, 900, 0)),
    _m("rd-spending", "innovation", "研究与试验发展经费投入", "研发经费投入", "Spending on research and development",
       "元", D("亿元", 2, 60, 2)),
    _m("invention-patents", "innovation", "发明专利授权量", "发明专利授权", "Invention patents granted", "件",
       D("件", 100, 5000, 0)),
    _m("technology-contracts", "innovation", "技术合同成交额", "技术合同成交额", "Value of technology contracts", "元",
       D("亿元", 1, 50, 2)),
    _m("computing-power", "computing", "算力规模", "算力规模", "Computing power", "PFlops",
       D("万PFlops", 0.2, 5, 2), D("PFlops", 500, 9000, 0)),
    _m("standard-racks", "computing", "标准机架", "建成标准机架", "Standard racks installed", "架",
       D("万架", 0.2, 8, 1), D("架", 500, 9000, 0)),
    _m("data-centres", "computing", "数据中心", "建成数据中心", "Data centres built", "个", D("个", 2, 40, 0)),
    _m("clean-energy-capacity-share", "energy", "清洁能源装机占比", "清洁能源装机占比",
       "Share of clean energy in installed capacity", "%", D("%", 60, 99.5, 1)),
    _m("green-power-rate", "energy", "绿电使用率", "绿电使用率", "Share of green power used", "%", D("%", 40, 99, 1)),
    _m("carbon-peaking-projects", "energy", "碳达峰重点项目", "实施碳达峰重点项目", "Key carbon peaking projects",
       "个", D("个", 5, 120, 0)),
    _m("energy-saving-projects", "energy", "节能改造项目", "完成节能改造项目", "Energy-saving renovation projects",
       "项", D("项", 5, 300, 0)),
    _m("forest-coverage", "ecology", "森林覆盖率", "森林覆盖率", "Forest coverage", "%", D("%", 30, 45, 1)),
    _m("afforestation-area", "ecology", "完成国土绿化面积", "完成国土绿化", "Area afforested", "公顷",
       D("万公顷", 0.5, 9, 2), D("公顷", 800, 40000, 0)),
    _m("restoration-area", "ecology", "完成生态修复面积", "完成生态修复面积", "Ecological restoration area completed",
       "公顷", D("万公顷", 0.5, 12, 2)),
    _m("built-up-green-coverage", "ecology", "建成区绿化覆盖率", "建成区绿化覆盖率",
       "Green coverage of the built-up area", "%", D("%", 35, 45, 2)),
    _m("wetland-protection-rate", "ecology", "湿地保护率", "湿地保护率", "Wetland protection rate", "%",
       D("%", 60, 95, 1)),
    _m("good-air-days-share", "environment", "空气质量优良天数比例", "空气质量优良天数比例",
       "Share of days with good air quality", "%", D("%", 80, 99.5, 1)),
    _m("sewage-treatment-rate", "environment", "城市污水处理率", "城市污水处理率", "Urban sewage treatment rate", "%",
       D("%", 90, 99.9, 1)),
    _m("waste-recycled", "environment", "生活垃圾资源化利用量", "生活垃圾资源化利用", "Household waste recycled", "吨",
       D("万吨", 5, 60, 2)),
    _m("tourist-arrivals", "tourism", "接待游客人次", "接待游客", "Tourist arrivals", "人次",
       D("万人次", 10, 3000, 2)),
    _m("tourist-spending", "tourism", "游客出游总花费", "游客出游总花费", "Tourist spending", "元",
       D("亿元", 5, 300, 2)),
    _m("tourism-events", "tourism", "主题文旅活动", "开展主题文旅活动", "Themed culture and tourism events", "项",
       D("项", 10, 200, 0)),
    _m("premium-tourist-routes", "tourism", "精品旅游线路", "推出精品旅游线路", "Premium tourist routes", "条",
       D("条", 3, 50, 0)),
    _m("new-urban-jobs", "social", "城镇新增就业", "城镇新增就业", "New urban jobs", "人",
       D("万人", 1, 8, 2), D("人", 3000, 60000, 0)),
    _m("assistance-funds", "social", "发放各类救助资金", "累计发放各类救助资金", "Social assistance funds paid out",
       "元", D("亿元", 1, 20, 2), D("万元", 500, 90000, 0), higher=None),
    _m("pension-insured", "social", "基本养老保险参保人数", "基本养老保险参保", "People insured by the basic pension",
       "人", D("万人", 20, 180, 2)),
    _m("livelihood-spending-share", "social", "民生支出占一般公共预算支出比重", "民生支出占一般公共预算支出比重",
       "Share of livelihood spending in general public budget spending", "%", D("%", 70, 85, 1)),
    _m("new-school-places", "education", "新增学位", "新增学位", "New school places", "个", D("个", 1000, 30000, 0)),
    _m("new-schools", "education", "新建改扩建学校", "新建改扩建中小学和幼儿园", "Schools built or extended", "个",
       D("个", 5, 80, 0)),
    _m("teachers-trained", "education", "培训教师", "培训教师", "Teacher training attendances", "人次",
       D("人次", 1000, 50000, 0)),
    _m("medical-institutions", "health", "医疗卫生机构", "医疗卫生机构", "Medical and health institutions", "个",
       D("个", 50, 2000, 0)),
    _m("family-doctor-contracts", "health", "家庭医生签约服务人数", "家庭医生签约服务",
       "People under family doctor contracts", "人", D("万人", 5, 150, 2)),
    _m("health-workers", "health", "卫生技术人员", "卫生技术人员", "Health professionals", "人",
       D("名", 2000, 40000, 0), D("万名", 0.5, 4, 2)),
    _m("budget-revenue", "finance", "一般公共预算收入", "完成一般公共预算收入", "General public budget revenue", "元",
       D("亿元", 5, 150, 2)),
    _m("loan-balance", "finance", "金融机构人民币贷款余额", "金融机构人民币贷款余额", "Balance of RMB loans", "元",
       D("亿元", 500, 9000, 2)),
    _m("household-deposits", "finance", "住户存款余额", "住户存款余额", "Household deposits", "元",
       D("亿元", 300, 5000, 2)),
    _m("express-parcels", "logistics", "快递业务量", "快递业务量", "Express parcels handled", "件",
       D("万件", 100, 9000, 2)),
    _m("freight-volume", "logistics", "货运量", "完成货运量", "Freight volume", "吨", D("万吨", 100, 9000, 1)),
    _m("cold-chain-facilities", "logistics", "冷链仓储设施", "建成冷链仓储设施", "Cold-chain storage facilities", "个",
       D("个", 5, 120, 0)),
    _m("bus-routes", "transport", "公交线路", "开通公交线路", "Bus routes", "条", D("条", 20, 300, 0)),
    _m("roads-built", "transport", "新改建道路里程", "新改建道路", "Roads built or rebuilt", "公里",
       D("公里", 10, 600, 1)),
    _m("airport-passengers", "transport", "机场旅客吞吐量", "机场旅客吞吐量", "Airport passenger throughput", "人次",
       D("万人次", 50, 1000, 2)),
    _m("old-communities-renovated", "urban", "改造老旧小区", "改造老旧小区", "Old residential communities renovated",
       "个", D("个", 20, 400, 0)),
    _m("new-parking-spaces", "urban", "新增停车泊位", "新增停车泊位", "New parking spaces", "个",
       D("个", 1000, 30000, 0)),
    _m("gas-pipes-renewed", "urban", "改造燃气管网", "改造燃气管网", "Gas pipelines renewed", "公里",
       D("公里", 10, 500, 1)),
    _m("grain-output", "agriculture", "粮食产量", "粮食产量", "Grain output", "吨", D("万吨", 5, 40, 2)),
    _m("vegetable-output", "agriculture", "蔬菜产量", "蔬菜产量", "Vegetable output", "吨", D("万吨", 10, 90, 2)),
    _m("agri-quality-pass-rate", "agriculture", "农产品质量安全监测合格率", "农产品质量安全监测合格率",
       "Pass rate of agricultural product quality monitoring", "%", D("%", 95, 99.9, 1)),
    _m("leading-agri-enterprises", "agriculture", "农业产业化龙头企业", "农业产业化龙头企业",
       "Leading agricultural enterprises", "家", D("家", 10, 200, 0)),
    _m("citizen-requests", "governance", "受理市民诉求", "累计受理市民诉求", "Citizen requests received", "件",
       D("万件", 1, 90, 2), D("件", 2000, 90000, 0), higher=None),
    _m("citizen-request-resolution-rate", "governance", "市民诉求解决率", "市民诉求解决率",
       "Resolution rate of citizen requests", "%", D("%", 85, 99.9, 1)),
    _m("online-government-services", "governance", "政务服务事项网上可办", "政务服务事项网上可办",
       "Government services available online", "项", D("项", 300, 3000, 0)),
    _m("resident-population", "population", "常住人口", "常住人口", "Resident population", "人",
       D("万人", 10, 260, 2), higher=None),
    _m("urbanisation-rate", "population", "常住人口城镇化率", "常住人口城镇化率", "Urbanisation rate", "%",
       D("%", 60, 82, 2)),
]  # fmt: skip

# How a figure is qualified in Chinese: (words before the figure, words after it).
QUALIFIER_WORDS: dict[str, list[tuple[str, str]]] = {
    "exact": [("", ""), ("达", ""), ("达到", ""), ("为", "")],
    "approx": [("约", ""), ("近", ""), ("", "左右"), ("约", "")],
    "at_least": [("", "以上"), ("不低于", ""), ("", "以上")],
    "more_than": [("超过", ""), ("突破", ""), ("逾", "")],
    "at_most": [("不超过", ""), ("", "以下")],
}
QUALIFIERS = ["exact"] * 78 + ["approx"] * 7 + ["at_least"] * 7 + ["more_than"] * 6 + ["at_most"] * 2

LEAD_INS = [
    "据统计，", "数据显示，", "记者从市统计局获悉，", "据市发展改革委介绍，", "会上通报，", "据了解，",
    "从市政府新闻办获悉，", "统计数据表明，",
]  # fmt: skip
TAILS = [
    "，创历史新高", "，位居全省前列", "，较上年同期明显提升", "，超额完成年度目标", "，圆满完成全年任务",
    "，增速居西北省会城市前列", "，总量稳居全省首位", "，各项指标稳中向好",
]  # fmt: skip
# Designations and milestones carry no figure: their quotes are padded with words that fit an event.
EVENT_LEAD_INS = ["据了解，", "记者获悉，", "近日，", "日前，", "从市政府新闻办获悉，", "好消息！"]
EVENT_TAILS = [
    "，标志着该领域建设迈出关键一步", "，为全市高质量发展注入新动能", "，填补了全省空白", "，成为全省首个",
    "，进一步擦亮了城市名片",
]  # fmt: skip
CN_QUARTERS = "一二三四"

PUBLISHERS = [
    ("xnwb", "西宁晚报"), ("xnrb", "西宁日报"), ("qhrb", "青海日报"), ("xhqh", "新华网青海频道"),
    ("qhgb", "青海广播电视台"), ("xnzw", "西宁市人民政府网"), (None, None),
]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程苏魏吕丁任沈姚卢"
GIVEN = "国静弘靓翔宇海燕明华晓刚鸿司煜建平丽娟永强志勇秀英玉兰春梅文博思远嘉怡子涵浩然雨欣"
TITLE_TAILS = ["工作取得新成效", "发展迈上新台阶", "亮点纷呈", "交出高质量发展答卷", "蹄疾步稳", "按下快进键"]

# Designations: (key, Chinese name, English name, topic, level, issuer)
DESIGNATIONS: list[tuple[str, str, str, str, str, str | None]] = [
    ("carbon-peaking-pilot", "国家碳达峰试点城市", "National carbon peaking pilot city", "energy", "national",
     "国家发展改革委"),
    ("new-urbanisation-pilot", "国家新型城镇化综合试点", "National comprehensive pilot of new urbanisation", "urban",
     "national", "国家发展改革委"),
    ("sponge-city-demo", "系统化全域推进海绵城市建设示范城市", "Sponge city demonstration city", "urban", "national",
     "财政部、住房城乡建设部、水利部"),
    ("happy-river-list", "幸福河湖建设名单", "List of happy rivers and lakes", "ecology", "national", "水利部、财政部"),
    ("forest-city", "国家森林城市", "National Forest City", "ecology", "national", "国家林业和草原局"),
    ("tourism-consumption-city", "国家文化和旅游消费示范城市", "National culture and tourism consumption model city",
     "tourism", "national", "文化和旅游部"),
    ("smart-city-pilot", "新型智慧城市试点", "New smart city pilot", "computing", "provincial", "青海省人民政府"),
    ("ip-strong-city", "国家知识产权强市建设试点城市", "National intellectual property pilot city", "innovation",
     "national", "国家知识产权局"),
    ("logistics-hub", "国家物流枢纽建设名单", "National logistics hub list", "logistics", "national",
     "国家发展改革委、交通运输部"),
    ("happiest-city", "最具幸福感城市", "Happiest City in China", "honours", "non_governmental", "《瞭望东方周刊》"),
    ("blue-sky-top-100", "中国蓝天百强城市", "China Blue Sky Top 100 City", "environment", "non_governmental", None),
    ("sme-cluster", "国家级中小企业特色产业集群", "National characteristic SME industrial cluster", "industry",
     "national", "工业和信息化部"),
    ("climate-good-product", "中国气候好产品", "China Climate Good Product", "agriculture", "national", "中国气象局"),
    ("civilised-city", "全国文明城市", "National Civilised City", "honours", "national", "中央精神文明建设指导委员会"),
    ("health-city", "国家卫生城市", "National Health City", "health", "national", "全国爱国卫生运动委员会"),
    ("education-model-county", "全国义务教育优质均衡发展县", "National model county of balanced compulsory education",
     "education", "national", "教育部"),
    ("ctrip-classic", "携程中国100经典目的地榜单", "Ctrip China 100 Classic Destinations list", "tourism",
     "non_governmental", "携程"),
    ("municipal-model-street", "市级示范街区", "Municipal model street", "urban", "municipal", "西宁市人民政府"),
    ("international-wetland-city", "国际湿地城市", "International Wetland City", "ecology", "international",
     "《湿地公约》常委会"),
]  # fmt: skip
DESIGNATION_VERBS = ["成功入选", "荣获", "获评", "正式获批", "上榜"]

# Milestones: (project key, Chinese, English, topic) and (event key, Chinese, English)
PROJECTS: list[tuple[str, str, str, str]] = [
    ("green-computing-centre", "绿电智算中心", "green computing centre", "computing"),
    ("logistics-park", "物流园区", "logistics park", "logistics"),
    ("sewage-plant", "第五污水处理厂", "fifth sewage treatment plant", "environment"),
    ("city-library", "城市书房", "city reading room", "education"),
    ("general-hospital", "综合医院新院区", "new general hospital campus", "health"),
    ("pv-park", "光伏产业园", "photovoltaic industrial park", "energy"),
    ("wetland-park", "湿地公园", "wetland park", "ecology"),
    ("visitor-centre", "游客服务中心", "visitor centre", "tourism"),
    ("cold-chain-centre", "冷链物流中心", "cold-chain logistics centre", "logistics"),
    ("smart-parking", "智慧停车平台", "smart parking platform", "urban"),
    ("agri-processing-park", "农产品加工园", "agricultural processing park", "agriculture"),
    ("service-centre", "政务服务中心", "government service centre", "governance"),
    ("incubator", "科技企业孵化器", "technology business incubator", "innovation"),
    ("bonded-logistics-centre", "保税物流中心", "bonded logistics centre", "trade"),
    ("bus-rapid-transit", "快速公交线", "bus rapid transit line", "transport"),
    ("carbon-fibre-base", "碳纤维生产基地", "carbon fibre production base", "industry"),
]
EVENTS: list[tuple[str, str, str]] = [
    ("in-operation", "建成投运", "put into operation"),
    ("started", "开工建设", "construction started"),
    ("opened", "正式开通", "opened"),
    ("accepted", "通过竣工验收", "passed final acceptance"),
]


# --- YAML text ---------------------------------------------------------------------------

_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|:$|\s$")
_YAML_SPECIAL = re.compile(
    r"^(?:[-+]?[0-9][0-9_.:eE+-]*|\.[0-9].*|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|\.inf|\.nan|<<|=)$"
)


def scalar(text: str) -> str:
    """A string as a YAML scalar: plain where that reads back as the same text, else double-quoted.

    The shipped files write most Chinese text plain and quote "%", years and
    anything a YAML reader would take for a number, boolean or null.
    """
    if not text or _PLAIN_UNSAFE.search(text) or _YAML_SPECIAL.match(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def label(zh: str, en: str) -> str:
    """A {zh, en} label as a flow mapping, as the shipped articles write it."""
    return f"{{zh: {scalar(zh)}, en: {scalar(en)}}}"


def period_scalar(spec: str) -> str:
    """A period spec: years are quoted (a bare 2024 would be an integer), the rest written plain."""
    return f'"{spec}"' if spec.isdigit() else spec


def figure(value: float, decimals: int) -> str:
    """A number as an article prints it, and as the loader will print it back: no trailing zeros."""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- generation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    id: str
    topic: str
    zh: str
    en: str
    unit: str
    higher: bool | None
    measure: Measure
    region: tuple[str, str, str]
    variant: str  # level | change | share


@dataclass
class Published:
    """A source's publication date, as precisely as it is known (a source without one has None instead)."""

    year: int
    month: int | None
    day: int | None

    def spec(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-{self.month:02d}-{self.day:02d}"


@dataclass
class SourceRecord:
    index: int
    id: str
    file: str
    sha256: str
    title: str | None
    publisher: str | None
    authors: list[str]
    published: Published | None
    topics: list[str]
    lines: list[str] = field(default_factory=list)


def make_metrics(rng: random.Random, count: int) -> list[Metric]:
    """`count` metrics: measure x region x variant, shuffled, numbered once the combinations run out.

    Every metric's unit is the base unit of the units its observations are
    printed in, which is what `xining validate` checks.
    """
    combos: list[Metric] = []
    for measure in MEASURES:
        for region in REGIONS:
            for variant in ("level", "change", "share"):
                combos.append(_metric(measure, region, variant, ""))
    rng.shuffle(combos)
    # Keep each topic represented even for small bases: round-robin over topics.
    by_topic: dict[str, list[Metric]] = {}
    for metric in combos:
        by_topic.setdefault(metric.topic, []).append(metric)
    ordered: list[Metric] = []
    queues = [by_topic[t] for t, _, _ in TOPICS if t in by_topic]
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop())
    chosen = ordered[:count]
    round_number = 2
    while len(chosen) < count:  # more metrics than combinations: a second "scope" of each
        for metric in ordered:
            if len(chosen) >= count:
                break
            chosen.append(_metric(metric.measure, metric.region, metric.variant, str(round_number)))
        round_number += 1
    return chosen


def _metric(measure: Measure, region: tuple[str, str, str], variant: str, scope: str) -> Metric:
    region_key, region_zh, region_en = region
    zh = measure.label if not region_key else f"{region_zh}{measure.label}"
    en, metric_id, unit, higher = (
        measure.en,
        measure.key + (f"-{region_key}" if region_key else ""),
        measure.unit,
        measure.higher,
    )
    if variant == "change":
        metric_id += "-change"
        if measure.unit == "%":
            zh, en, unit = f"{zh}同比变化", f"Change in {_lower(en)} on a year earlier", "个百分点"
        else:
            zh, en, unit = f"{zh}同比增长", f"Growth in {_lower(en)} on a year earlier", "%"
    elif variant == "share":
        if measure.unit == "%":
            metric_id += "-rank"
            zh, en, unit = f"{zh}全省排名", f"Provincial rank of {_lower(en)}", "位"
            higher = None if higher is None else not higher
        else:
            metric_id += "-province-share"
            zh, en, unit = f"{zh}占全省比重", f"{en}: share of the province", "%"
    if region_key:
        en = f"{en} ({region_en})"
    if scope:
        metric_id += f"-scope-{scope}"
        zh, en = f"{zh}（口径{scope}）", f"{en}, scope {scope}"
    return Metric(metric_id, measure.topic, zh, en, unit, higher, measure, region, variant)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if not text[:3].isupper() else text


def make_sources(rng: random.Random, count: int, seed: int) -> list[SourceRecord]:
    """`count` sources with plausible citations; a few have no date, as two shipped ones do."""
    sources = []
    topic_ids = [t for t, _, _ in TOPICS if t != "honours"]
    for index in range(count):
        publisher_key, publisher = rng.choice(PUBLISHERS)
        year = rng.randint(2019, 2026)
        shape = rng.random()
        published: Published | None
        if shape < 0.03:
            published = None
        elif shape < 0.10:
            published = Published(year, None, None)
        elif shape < 0.55:
            published = Published(year, rng.randint(1, 12), None)
        else:
            month = rng.randint(1, 12)
            published = Published(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))
        topics = rng.sample(topic_ids, 3)
        stem = publisher_key or "feature"
        source_id = f"{stem}-{published.year if published else 'undated'}-{index:05d}"
        digest = hashlib.sha256(f"synthetic article {seed} {index}".encode()).hexdigest()
        authors = [
            rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2))) for _ in range(rng.randint(0, 3))
        ]
        title = None
        if rng.random() > 0.15:
            topic_zh = next(zh for t, zh, _ in TOPICS if t == topics[0])
            title = f"西宁{topic_zh}{rng.choice(TITLE_TAILS)}"
        sources.append(
            SourceRecord(
                index=index,
                id=source_id,
                file=f"{index:05d}_{digest[:16]}.txt",
                sha256=digest,
                title=title,
                publisher=publisher,
                authors=authors,
                published=published,
                topics=topics,
            )
        )
    return sources


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` spread over `parts`, unevenly (articles differ in length) but summing exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.sample(range(parts), min(parts, total - sum(counts))):
        counts[i] += 1
    counts[0] += total - sum(counts)  # a float rounding leftover, if any
    return counts


@dataclass(frozen=True)
class When:
    """A period spec with the words an article would use for it (empty: none printed)."""

    spec: str
    said: str


def period_for(rng: random.Random, published: Published | None, planned: bool) -> When:
    """A period the source could report, said the way Xining reports say it.

    Actual figures cover a span before publication (今年1月至5月, 去年, 截至6月底);
    planned ones a year after it (到2027年). Relative words (今年, 去年) are used
    only when the source's month is known, since the loader resolves nothing:
    the period spec is explicit and the words are only what the quote says.
    """
    relative = published is not None and published.month is not None and rng.random() < 0.5
    if published is None:
        year, month = rng.randint(2020, 2025), 12
    else:
        year, month = published.year, published.month or 12
    this = "今年" if relative else f"{year}年"
    last = "去年" if relative else f"{year - 1}年"
    if planned:
        target = year + rng.randint(1, 5)
        return rng.choice([When(f"{target}", f"到{target}年"), When(f"..{target}", f"到{target}年")])
    choice = rng.randrange(9)
    if choice == 0:
        return When(f"{year - 1}", last)
    if choice == 1:
        if month >= 7:
            return When(f"{year}H1", f"{this}上半年")
        return When(f"{year - 1}H2", f"{last}下半年")
    if choice == 2:
        quarter = (month - 1) // 3
        if quarter:
            return When(f"{year}Q{quarter}", f"{this}第{CN_QUARTERS[quarter - 1]}季度")
        return When(f"{year - 1}Q4", f"{last}第四季度")
    if choice == 3:
        if month >= 3:
            return When(f"{year}-01..{year}-{month - 1:02d}", f"{this}1月至{month - 1}月")
        return When(f"{year - 1}-01..{year - 1}-11", f"{last}1—11月")
    if choice == 4:
        end = max(month - 1, 1)
        return When(f"..{year}-{end:02d}", f"截至{year}年{end}月底")
    if choice == 5:
        end = max(month - 1, 1)
        day = calendar.monthrange(year, end)[1]
        return When(f"{year}-{end:02d}-{day:02d}", f"截至{end}月{day}日" if relative else f"截至{year}年{end}月{day}日")
    if choice == 6 and published is not None:
        return When("publication", rng.choice(["目前", "截至目前", ""]))
    if choice == 7 and published is not None and published.year >= 2026:
        return When("14th-five-year-plan", "“十四五”期间")
    return When(f"{year - 1}", last)


def slug_of(spec: str) -> str:
    """A period spec as part of a fact id: 2025-01..2025-05 -> 2025-01-to-2025-05, ..2025-12 -> to-2025-12."""
    return spec.replace("..", "-to-").replace("“", "").strip("-") or "undated"


class Ids:
    """Fact ids unique across the whole base: a readable stem, numbered on a clash."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, stem: str) -> str:
        candidate, n = stem, 2
        while candidate in self.seen:
            candidate, n = f"{stem}-{n}", n + 1
        self.seen.add(candidate)
        return candidate


def fit(
    rng: random.Random, core: str, leads: list[str] = LEAD_INS, tails: list[str] = TAILS, low: int = 20, high: int = 60
) -> str:
    """A quote of `low` to `high` characters: the core sentence with a lead-in or a tail as needed."""
    text = core
    if len(text) < low or rng.random() < 0.3:
        lead = rng.choice(leads)
        if len(lead) + len(text) <= high:
            text = lead + text
    if len(text) < low or rng.random() < 0.2:
        tail = rng.choice(tails)
        if len(text) + len(tail) <= high:
            text += tail
    while len(text) < low:
        text += rng.choice(tails)
    return text[:high] if len(text) > high and len(core) <= high else text


def observation(rng: random.Random, ids: Ids, metric: Metric, source: SourceRecord) -> list[str]:
    """One observation record as YAML lines; its quote contains the figure exactly as written."""
    planned = metric.variant == "level" and rng.random() < 0.04
    when = period_for(rng, source.published, planned)
    qualifier = rng.choice(QUALIFIERS)
    before, after = rng.choice(QUALIFIER_WORDS[qualifier])
    if metric.variant != "level" and qualifier == "exact":
        before = ""  # 同比增长9.6%, 占全省的40%: no 达 or 为 before a rate
    region_zh = metric.region[1]
    noun = metric.measure.noun
    if metric.variant == "level":
        display = rng.choice(metric.measure.displays)
        unit = display.symbol
        fig = figure(rng.uniform(display.low, display.high), display.decimals)
        middle = f"{noun}{'力争' if planned else ''}{before or ('达到' if planned else '')}{fig}{unit}{after}"
    elif metric.unit == "个百分点":
        unit, fig = "个百分点", figure(rng.uniform(0.1, 6), 1)
        middle = f"{noun}同比提高{before}{fig}个百分点{after}"
    elif metric.unit == "位":
        unit, fig, qualifier, before, after = "位", str(rng.randint(1, 8)), "exact", "", ""
        middle = f"{noun}位居全省第{fig}位"
    elif metric.variant == "change":
        unit, fig = "%", figure(rng.uniform(0.1, 35), rng.choice((1, 1, 2)))
        middle = f"{noun}同比增长{before}{fig}%{after}"
    else:
        unit, fig = "%", figure(rng.uniform(15, 85), rng.choice((0, 1)))
        middle = f"{noun}占全省的{before}{fig}%{after}"
    said = when.said
    core = f"{said}{'，' if said and rng.random() < 0.3 else ''}{region_zh}{middle}"
    quote = fit(rng, core)
    fact_id = ids.make(f"{metric.id}-{slug_of(when.spec)}")
    lines = [
        f"  - id: {fact_id}",
        f"    metric: {metric.id}",
    ]
    if rng.random() < 0.04:
        lines.append(f"    subject: {scalar(region_zh + rng.choice(['统计口径', '重点项目', '全域']))}")
    if planned:
        lines.append("    status: planned")
    lines += [
        f"    value: {fig}",
        f"    unit: {scalar(unit)}",
        f"    qualifier: {qualifier}",
        f"    period: {period_scalar(when.spec)}",
    ]
    if said:
        lines.append(f"    time_expression: {scalar(said)}")
    lines.append(f"    quote: {scalar(quote)}")
    if qualifier == "approx" and rng.random() < 0.3:
        lines.append(f"    note: {scalar(f'{before or after} ({fig}) is recorded as approx.')}")
    return lines


def designation(rng: random.Random, ids: Ids, source: SourceRecord) -> list[str]:
    """One designation (pilot, list, title or honour) as YAML lines."""
    key, name_zh, name_en, topic, level, issuer = rng.choice(DESIGNATIONS)
    region_key, region_zh, _ = rng.choice(REGIONS[:8])
    recipient = "西宁市" if not region_key else region_zh
    when = period_for(rng, source.published, False) if rng.random() < 0.5 else When("", "")
    if ".." in when.spec or not when.spec[:1].isdigit():  # a designation is given on a day, month or year
        when = When("", "")
    verb = rng.choice(DESIGNATION_VERBS)
    quote = fit(rng, f"{when.said}{recipient}{verb}“{name_zh}”", EVENT_LEAD_INS if not when.said else [""], EVENT_TAILS)
    fact_id = ids.make(f"{key}-{region_key or 'xining'}-{source.index:05d}")
    lines = [
        f"  - id: {fact_id}",
        f"    name: {label(name_zh, name_en)}",
    ]
    if recipient != "西宁市" or rng.random() < 0.5:
        lines.append(f"    recipient: {scalar(recipient)}")
    lines.append(f"    level: {level}")
    if issuer:
        lines.append(f"    issuer: {scalar(issuer)}")
    lines.append(f"    date: {period_scalar(when.spec) if when.spec else 'null'}")
    lines.append(f"    topic: {topic}")
    if when.said:
        lines.append(f"    time_expression: {scalar(when.said)}")
    lines.append(f"    quote: {scalar(quote)}")
    return lines


def milestone(rng: random.Random, ids: Ids, source: SourceRecord) -> list[str]:
    """One milestone (a first, an opening, a launch) as YAML lines."""
    project_key, project_zh, project_en, topic = rng.choice(PROJECTS)
    event_key, event_zh, event_en = rng.choice(EVENTS)
    region_key, region_zh, region_en = rng.choice(REGIONS)
    where_en = f" in {region_en}" if region_en else ""
    planned = rng.random() < 0.15
    when = period_for(rng, source.published, planned) if planned or rng.random() < 0.4 else When("", "")
    zh = f"{region_zh}{project_zh}{'预计' if planned else ''}{event_zh}"
    en = f"{project_en[:1].upper()}{project_en[1:]}{where_en} {'expected to be ' if planned else ''}{event_en}"
    quote = fit(
        rng,
        f"{when.said}{region_zh}{project_zh}{'预计将' if planned else '已'}{event_zh}",
        EVENT_LEAD_INS if not when.said else [""],
        EVENT_TAILS,
    )
    fact_id = ids.make(f"{project_key}-{region_key or 'xining'}-{event_key}-{source.index:05d}")
    lines = [
        f"  - id: {fact_id}",
        f"    label: {label(zh, en)}",
        f"    topic: {topic}",
    ]
    if planned:
        lines.append("    status: planned")
    lines.append(f"    date: {period_scalar(when.spec) if when.spec and when.spec != 'publication' else 'null'}")
    if when.said and when.spec != "publication":
        lines.append(f"    time_expression: {scalar(when.said)}")
    lines.append(f"    quote: {scalar(quote)}")
    return lines


# --- files --------------------------------------------------------------------------------


def units_text() -> str:
    """The shipped units registry, verbatim: the synthetic base measures in the same units."""
    text = SHIPPED_UNITS.read_text(encoding="utf-8")
    known = set(re.findall(r"symbol:\s*\"?([^,\"]+?)\"?\s*,", text))
    needed = {d.symbol for m in MEASURES for d in m.displays} | {"%", "个百分点", "位"}
    missing = sorted(needed - known)
    if missing:
        raise SystemExit(f"make_base: {SHIPPED_UNITS} lacks units {', '.join(missing)}")
    return text


def write_base(out: Path, observations: int, seed: int) -> dict[str, int]:
    """Write the whole base into `out` (which must not exist yet). Returns counts by kind."""
    rng = random.Random(seed)
    metric_count = max(20, round(observations / 50))
    source_count = max(5, round(observations / 100))
    extra_count = max(1, round(observations * 0.015))  # designations, and as many milestones
    metrics = make_metrics(rng, metric_count)
    sources = make_sources(rng, source_count, seed)
    by_topic: dict[str, list[Metric]] = {}
    for metric in metrics:
        by_topic.setdefault(metric.topic, []).append(metric)

    ids = Ids()
    per_source = split(rng, observations, source_count)
    designations = split(rng, extra_count, source_count)
    milestones = split(rng, extra_count, source_count)
    observation_ids: dict[str, list[str]] = {}  # metric -> fact ids, for relations
    (out / "articles").mkdir(parents=True)
    for source, n_obs, n_des, n_mil in zip(sources, per_source, designations, milestones, strict=True):
        focus = [m for t in source.topics for m in by_topic.get(t, [])] or metrics
        lines = [
            f"# Synthetic article {source.index} for benchmarks (make_base.py, seed {seed}).",
            f"source: {source.id}",
            "",
        ]
        if n_obs:
            lines.append("observations:")
            for _ in range(n_obs):
                metric = rng.choice(focus) if rng.random() < 0.8 else rng.choice(metrics)
                record = observation(rng, ids, metric, source)
                observation_ids.setdefault(metric.id, []).append(record[0][len("  - id: ") :])
                lines += record
        if n_des:
            lines += ["", "designations:"]
            for _ in range(n_des):
                lines += designation(rng, ids, source)
        if n_mil:
            lines += ["", "milestones:"]
            for _ in range(n_mil):
                lines += milestone(rng, ids, source)
        path = out / "articles" / f"{source.index:05d}-{source.id}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    (out / "units.yaml").write_text(units_text(), encoding="utf-8")
    (out / "topics.yaml").write_text(
        "# Twenty topics: the shipped ones and population.\ntopics:\n"
        + "".join(f"  - {{id: {t}, zh: {zh}, en: {scalar(en)}}}\n" for t, zh, en in TOPICS),
        encoding="utf-8",
    )
    metric_lines = ["# Synthetic metrics: measure x region x variant (make_base.py).", "metrics:"]
    for metric in sorted(metrics, key=lambda m: m.id):
        better = "null" if metric.higher is None else str(metric.higher).lower()
        metric_lines += [
            f"  - id: {metric.id}",
            f"    topic: {metric.topic}",
            f"    zh: {json.dumps(metric.zh, ensure_ascii=False)}",
            f"    en: {json.dumps(metric.en, ensure_ascii=False)}",
            f"    unit: {json.dumps(metric.unit, ensure_ascii=False)}",
            f"    higher_is_better: {better}",
        ]
    (out / "metrics.yaml").write_text("\n".join(metric_lines) + "\n", encoding="utf-8")
    (out / "sources.yaml").write_text(sources_text(sources, seed), encoding="utf-8")
    relation_count = relations_text(rng, observation_ids, max(2, observations // 1000))
    (out / "relations.yaml").write_text(relation_count[1], encoding="utf-8")
    # The header last: a base without base.yaml is not a base, so an interrupted run is never taken for one.
    (out / "base.yaml").write_text(
        f"{stamp(observations, seed)}\n"
        "# A synthetic fact base for benchmarks, written by benchmarks/make_base.py.\n"
        "schema_version: 1\n"
        "release: 0000.0.0-synthetic\n"
        f"name: Synthetic Xining facts ({observations} observations, seed {seed})\n"
        "description: >-\n"
        "  Generated, not read from articles: plausible figures about Xining (西宁)\n"
        "  in the shipped format, to time xining on large bases.\n",
        encoding="utf-8",
    )
    return {
        "observations": observations,
        "designations": extra_count,
        "milestones": extra_count,
        "metrics": len(metrics),
        "sources": len(sources),
        "relations": relation_count[0],
    }


def sources_text(sources: list[SourceRecord], seed: int) -> str:
    """sources.yaml, with every field the loader reads."""
    lines = ["# Synthetic sources: the files and SHA-256 sums name no real article.", "sources:"]
    for s in sources:
        authors = "[" + ", ".join(s.authors) + "]"
        when = s.published.spec() if s.published else "null"
        lines += [
            f"  - id: {s.id}",
            f"    file: {s.file}",
            f"    sha256: {s.sha256}",
            f"    title: {scalar(s.title) if s.title else 'null'}",
            f"    publisher: {scalar(s.publisher) if s.publisher else 'null'}",
            f"    authors: {authors}",
            f"    published: {when}",
            "    basis: >-",
            f"      Synthetic source {s.index} written by benchmarks/make_base.py (seed {seed});",
            "      its date and citation are made up, and 今年 and 去年 in its quotes are",
            f"      read against {'the publication date ' + when if s.published else 'nothing: no date is given'}.",
        ]
    return "\n".join(lines) + "\n"


def relations_text(rng: random.Random, by_metric: dict[str, list[str]], count: int) -> tuple[int, str]:
    """A few relations between observations of the same metric, so that `show` finds links."""
    lines = ["# Synthetic relations between observations of the same metric.", "relations:"]
    pairs = [ids for ids in by_metric.values() if len(ids) >= 2]
    made = 0
    for _ in range(count if pairs else 0):
        chosen = rng.sample(rng.choice(pairs), 2)
        kind = rng.choice(["corroborates", "corroborates", "conflicts"])
        lines += [
            f"  - kind: {kind}",
            f"    facts: [{chosen[0]}, {chosen[1]}]",
            "    reason: Synthetic link for benchmarks; both report the same metric.",
        ]
        made += 1
    if not made:
        lines[-1] = "relations: []"
    return made, "\n".join(lines) + "\n"


def replace_dir(out: Path, observations: int, seed: int) -> dict[str, int]:
    """Write into a sibling folder, then swap it in, so `out` is always a whole base or absent."""
    if out.exists() and any(out.iterdir()) and not (out / "base.yaml").is_file():
        raise SystemExit(f"make_base: {out} exists and is not a fact base; refusing to overwrite it")
    partial = out.with_name(f"{out.name}.partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.parent.mkdir(parents=True, exist_ok=True)
    counts = write_base(partial, observations, seed)
    if out.exists():
        shutil.rmtree(out)
    partial.rename(out)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--observations", "-n", type=int, required=True, help="how many observations (N)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the base into (replaced)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = parser.parse_args(argv)
    if args.observations < 1:
        parser.error("--observations must be at least 1")
    started = time.perf_counter()
    counts = replace_dir(args.out, args.observations, args.seed)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    sys.stderr.write(f"wrote {args.out}: {summary} in {elapsed:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

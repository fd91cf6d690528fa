"""Write a synthetic Xining fact base of any size, in exactly the shipped format.

    python benchmarks/make_base.py --observations 100000 --out benchmarks/bases/100000

Why synthetic: the shipped base has a few hundred facts, too few to show how
`xining` scales (YAML parsing, the compiled cache, SQL queries). A benchmark
needs bases of 1,000 to 100,000 observations that `xining validate` accepts,
so that every command runs the same code path as on the real base: every
metric is registered with a unit of the right base, every quote contains its
figure as written, every period uses the base's notation, every id is unique.

Why data-driven: what a base is made of (topics, regions, measures, designations,
projects, publishers, the words of quotes) is in the tables below, one row a
line; the code only combines them. A new measure is a new row.

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
from typing import Any, NamedTuple

SEED = 20250711
REPO = Path(__file__).resolve().parent.parent
SHIPPED_UNITS = REPO / "facts" / "units.yaml"


def stamp(observations: int, seed: int) -> str:
    """The first line of a generated base.yaml: which generator (by content hash), size and seed wrote it.

    benchmarks/run.py compares it with what it would write now, and rebuilds a
    base made by an older make_base.py instead of timing stale data.
    """
    here = Path(__file__)
    digest = hashlib.sha256(here.read_bytes() + here.with_name("vocabulary.txt").read_bytes()).hexdigest()[:16]
    return f"# make_base.py {digest}: {observations} observations, seed {seed}"


# --- vocabulary: benchmarks/vocabulary.txt ---------------------------------------------------


def read_vocabulary(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Each [section] of the vocabulary as rows of cells; a cell "-" is None."""
    sections: dict[str, list[tuple[Any, ...]]] = {}
    rows: list[tuple[Any, ...]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            rows = sections.setdefault(line[1 : line.index("]")], [])
        elif line.strip() and not line.startswith("#"):
            rows.append(tuple(None if cell == "-" else cell for cell in line.split(" | ")))
    return sections


class Display(NamedTuple):
    """A unit a figure may be printed in, with the range and decimals of plausible values."""

    symbol: str
    low: float
    high: float
    decimals: int


class Measure(NamedTuple):
    """What is measured, before a region and a variant make it a metric.

    `label` is the metric's Chinese name; `noun` is how a quote says it
    ("全市接待游客1245.19万人次"); `displays` the units it is printed in.
    """

    key: str
    topic: str
    label: str
    noun: str
    en: str
    unit: str
    displays_text: str  # "亿元 80 2200 2; 万元 5000 90000 0"
    higher_text: str | None  # yes, no, or none ("-") where neither is better

    @property
    def displays(self) -> tuple[Display, ...]:
        parts = [part.split() for part in self.displays_text.split("; ")]
        return tuple(Display(symbol, float(low), float(high), int(digits)) for symbol, low, high, digits in parts)

    @property
    def higher(self) -> bool | None:
        return None if self.higher_text is None else self.higher_text == "yes"


VOCABULARY = read_vocabulary(Path(__file__).with_name("vocabulary.txt"))
TOPICS, REGIONS, DESIGNATIONS, PROJECTS, EVENTS, PUBLISHERS = (
    VOCABULARY[name] for name in ("topics", "regions", "designations", "projects", "events", "publishers")
)
MEASURES = [Measure(*row) for row in VOCABULARY["measures"]]
LEAD_INS, TAILS, EVENT_LEAD_INS, EVENT_TAILS, DESIGNATION_VERBS, TITLE_TAILS = (
    [row[0] for row in VOCABULARY[name]]
    for name in ("lead-ins", "tails", "event-lead-ins", "event-tails", "designation-verbs", "title-tails")
)


# The words of quotes. How a figure is qualified: (words before the figure, words after it).
QUALIFIER_WORDS: dict[str, list[tuple[str, str]]] = {
    "exact": [("", ""), ("达", ""), ("达到", ""), ("为", "")],
    "approx": [("约", ""), ("近", ""), ("", "左右"), ("约", "")],
    "at_least": [("", "以上"), ("不低于", ""), ("", "以上")],
    "more_than": [("超过", ""), ("突破", ""), ("逾", "")],
    "at_most": [("不超过", ""), ("", "以下")],
}
QUALIFIERS = ["exact"] * 78 + ["approx"] * 7 + ["at_least"] * 7 + ["more_than"] * 6 + ["at_most"] * 2
CN_QUARTERS = "一二三四"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程苏魏吕丁任沈姚卢"
GIVEN = "国静弘靓翔宇海燕明华晓刚鸿司煜建平丽娟永强志勇秀英玉兰春梅文博思远嘉怡子涵浩然雨欣"


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


def record(fields: list[tuple[str, str | None]], indent: str = "  ") -> list[str]:
    """One record of a YAML list, its fields in the order given; a field whose text is None is left out."""
    lines = [f"{indent}  {key}: {text}" for key, text in fields if text is not None]
    return [f"{indent}- {lines[0].lstrip()}", *lines[1:]]


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
    region: tuple[str | None, str, str | None]
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
    combos = [
        _metric(measure, region, variant, "")
        for measure in MEASURES
        for region in REGIONS
        for variant in ("level", "change", "share")
    ]
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


# How a variant of a measure is named: (id suffix, zh suffix, English pattern, unit), by whether the measure is a %.
VARIANTS = {
    ("change", True): ("-change", "同比变化", "Change in {} on a year earlier", "个百分点"),
    ("change", False): ("-change", "同比增长", "Growth in {} on a year earlier", "%"),
    ("share", True): ("-rank", "全省排名", "Provincial rank of {}", "位"),
    ("share", False): ("-province-share", "占全省比重", "{}: share of the province", "%"),
}


def _metric(measure: Measure, region: tuple[str | None, str, str | None], variant: str, scope: str) -> Metric:
    region_key, region_zh, region_en = region
    zh = measure.label if not region_key else f"{region_zh}{measure.label}"
    metric_id = measure.key + (f"-{region_key}" if region_key else "")
    en, unit, higher = measure.en, measure.unit, measure.higher
    if variant != "level":
        suffix, zh_suffix, pattern, unit = VARIANTS[(variant, measure.unit == "%")]
        metric_id, zh = metric_id + suffix, zh + zh_suffix
        en = pattern.format(en if pattern.startswith("{") else _lower(en))
        if unit == "位":  # a rank: lower is better where higher was
            higher = None if higher is None else not higher
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
        source_id = f"{publisher_key or 'feature'}-{published.year if published else 'undated'}-{index:05d}"
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
                index, source_id, f"{index:05d}_{digest[:16]}.txt", digest, title, publisher, authors, published, topics
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


class When(NamedTuple):
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
    end = max(month - 1, 1)
    quarter = (month - 1) // 3
    if choice == 1:
        return When(f"{year}H1", f"{this}上半年") if month >= 7 else When(f"{year - 1}H2", f"{last}下半年")
    if choice == 2:
        if quarter:
            return When(f"{year}Q{quarter}", f"{this}第{CN_QUARTERS[quarter - 1]}季度")
        return When(f"{year - 1}Q4", f"{last}第四季度")
    if choice == 3:
        if month >= 3:
            return When(f"{year}-01..{year}-{month - 1:02d}", f"{this}1月至{month - 1}月")
        return When(f"{year - 1}-01..{year - 1}-11", f"{last}1—11月")
    if choice == 4:
        return When(f"..{year}-{end:02d}", f"截至{year}年{end}月底")
    if choice == 5:
        day = calendar.monthrange(year, end)[1]
        return When(f"{year}-{end:02d}-{day:02d}", f"截至{end}月{day}日" if relative else f"截至{year}年{end}月{day}日")
    if choice == 6 and published is not None:
        return When("publication", rng.choice(["目前", "截至目前", ""]))
    if choice == 7 and published is not None and published.year >= 2026:
        return When("14th-five-year-plan", "“十四五”期间")
    return When(f"{year - 1}", last)  # choice 0, and the cases above that do not apply


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
    region_zh, noun = metric.region[1], metric.measure.noun
    if metric.variant == "level":
        display = rng.choice(metric.measure.displays)
        unit, fig = display.symbol, figure(rng.uniform(display.low, display.high), display.decimals)
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
    quote = fit(rng, f"{said}{'，' if said and rng.random() < 0.3 else ''}{region_zh}{middle}")
    fact_id = ids.make(f"{metric.id}-{slug_of(when.spec)}")
    subject = scalar(region_zh + rng.choice(["统计口径", "重点项目", "全域"])) if rng.random() < 0.04 else None
    note = None
    if qualifier == "approx" and rng.random() < 0.3:
        note = scalar(f"{before or after} ({fig}) is recorded as approx.")
    return record([
        ("id", fact_id), ("metric", metric.id), ("subject", subject), ("status", "planned" if planned else None),
        ("value", fig), ("unit", scalar(unit)), ("qualifier", qualifier), ("period", period_scalar(when.spec)),
        ("time_expression", scalar(said) if said else None), ("quote", scalar(quote)), ("note", note),
    ])  # fmt: skip


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
    shown = recipient != "西宁市" or rng.random() < 0.5
    return record([
        ("id", fact_id), ("name", label(name_zh, name_en)), ("recipient", scalar(recipient) if shown else None),
        ("level", level), ("issuer", scalar(issuer) if issuer else None),
        ("date", period_scalar(when.spec) if when.spec else "null"), ("topic", topic),
        ("time_expression", scalar(when.said) if when.said else None), ("quote", scalar(quote)),
    ])  # fmt: skip


def milestone(rng: random.Random, ids: Ids, source: SourceRecord) -> list[str]:
    """One milestone (a first, an opening, a launch) as YAML lines."""
    project_key, project_zh, project_en, topic = rng.choice(PROJECTS)
    event_key, event_zh, event_en = rng.choice(EVENTS)
    region_key, region_zh, region_en = rng.choice(REGIONS)
    planned = rng.random() < 0.15
    when = period_for(rng, source.published, planned) if planned or rng.random() < 0.4 else When("", "")
    zh = f"{region_zh}{project_zh}{'预计' if planned else ''}{event_zh}"
    where_en = f" in {region_en}" if region_en else ""
    en = f"{project_en[:1].upper()}{project_en[1:]}{where_en} {'expected to be ' if planned else ''}{event_en}"
    core = f"{when.said}{region_zh}{project_zh}{'预计将' if planned else '已'}{event_zh}"
    quote = fit(rng, core, EVENT_LEAD_INS if not when.said else [""], EVENT_TAILS)
    fact_id = ids.make(f"{project_key}-{region_key or 'xining'}-{event_key}-{source.index:05d}")
    dated = when.spec and when.spec != "publication"
    return record([
        ("id", fact_id), ("label", label(zh, en)), ("topic", topic), ("status", "planned" if planned else None),
        ("date", period_scalar(when.spec) if dated else "null"),
        ("time_expression", scalar(when.said) if when.said and when.spec != "publication" else None),
        ("quote", scalar(quote)),
    ])  # fmt: skip


# --- files --------------------------------------------------------------------------------


def units_text() -> str:
    """The shipped units registry, verbatim: the synthetic base measures in the same units."""
    text = SHIPPED_UNITS.read_text(encoding="utf-8")
    known = set(re.findall(r"symbol:\s*\"?([^,\"]+?)\"?\s*,", text))
    missing = sorted(({d.symbol for m in MEASURES for d in m.displays} | {"%", "个百分点", "位"}) - known)
    if missing:
        raise SystemExit(f"make_base: {SHIPPED_UNITS} lacks units {', '.join(missing)}")
    return text


def article_text(rng: random.Random, ids: Ids, source: SourceRecord, counts: tuple[int, int, int], seed: int,
                 focus: list[Metric], metrics: list[Metric], observed: dict[str, list[str]]) -> str:  # fmt: skip
    """One article file: its source, then its observations, designations and milestones."""
    lines = [f"# Synthetic article {source.index} for benchmarks (make_base.py, seed {seed}).", f"source: {source.id}"]
    for key, count in zip(("observations", "designations", "milestones"), counts, strict=True):
        if not count:
            continue
        lines += ["", f"{key}:"]
        for _ in range(count):
            if key == "observations":
                metric = rng.choice(focus) if rng.random() < 0.8 else rng.choice(metrics)
                fact = observation(rng, ids, metric, source)
                observed.setdefault(metric.id, []).append(fact[0][len("  - id: ") :])
            else:
                fact = (designation if key == "designations" else milestone)(rng, ids, source)
            lines += fact
    return "\n".join(lines) + "\n"


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
    per_source = zip(split(rng, observations, source_count), split(rng, extra_count, source_count),
                     split(rng, extra_count, source_count), strict=True)  # fmt: skip
    observed: dict[str, list[str]] = {}  # metric -> fact ids, for relations
    (out / "articles").mkdir(parents=True)
    for source, counts in zip(sources, per_source, strict=True):
        focus = [m for t in source.topics for m in by_topic.get(t, [])] or metrics
        text = article_text(rng, ids, source, counts, seed, focus, metrics, observed)
        (out / "articles" / f"{source.index:05d}-{source.id}.yaml").write_text(text, encoding="utf-8")
    files = {
        "units.yaml": units_text(),
        "topics.yaml": "# Twenty topics: the shipped ones and population.\ntopics:\n"
        + "".join(f"  - {{id: {t}, zh: {zh}, en: {scalar(en)}}}\n" for t, zh, en in TOPICS),
        "metrics.yaml": "\n".join(
            ["# Synthetic metrics: measure x region x variant (make_base.py).", "metrics:"]
            + [line for metric in sorted(metrics, key=lambda m: m.id) for line in metric_record(metric)]
        )
        + "\n",
        "sources.yaml": sources_text(sources, seed),
    }
    relation_count, files["relations.yaml"] = relations_text(rng, observed, max(2, observations // 1000))
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
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
    kinds = ("observations", "designations", "milestones", "metrics", "sources", "relations")
    totals = (observations, extra_count, extra_count, len(metrics), len(sources), relation_count)
    return dict(zip(kinds, totals, strict=True))


def metric_record(metric: Metric) -> list[str]:
    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    better = {True: "true", False: "false", None: "null"}[metric.higher]
    return record([
        ("id", metric.id), ("topic", metric.topic), ("zh", text(metric.zh)), ("en", text(metric.en)),
        ("unit", text(metric.unit)), ("higher_is_better", better),
    ])  # fmt: skip


def sources_text(sources: list[SourceRecord], seed: int) -> str:
    """sources.yaml, with every field the loader reads."""
    lines = ["# Synthetic sources: the files and SHA-256 sums name no real article.", "sources:"]
    for s in sources:
        when = s.published.spec() if s.published else "null"
        read = f"the publication date {when}" if s.published else "nothing: no date is given"
        lines += record([
            ("id", s.id), ("file", s.file), ("sha256", s.sha256), ("title", scalar(s.title) if s.title else "null"),
            ("publisher", scalar(s.publisher) if s.publisher else "null"), ("authors", f"[{', '.join(s.authors)}]"),
            ("published", when),
            ("basis", f">-\n      Synthetic source {s.index} written by benchmarks/make_base.py (seed {seed});\n"
                      "      its date and citation are made up, and 今年 and 去年 in its quotes are\n"
                      f"      read against {read}."),
        ])  # fmt: skip
    return "\n".join(lines) + "\n"


def relations_text(rng: random.Random, by_metric: dict[str, list[str]], count: int) -> tuple[int, str]:
    """A few relations between observations of the same metric, so that `show` finds links."""
    lines = ["# Synthetic relations between observations of the same metric.", "relations:"]
    pairs = [ids for ids in by_metric.values() if len(ids) >= 2]
    for _ in range(count if pairs else 0):
        chosen = rng.sample(rng.choice(pairs), 2)
        kind = rng.choice(["corroborates", "corroborates", "conflicts"])
        lines += record([
            ("kind", kind), ("facts", f"[{chosen[0]}, {chosen[1]}]"),
            ("reason", "Synthetic link for benchmarks; both report the same metric."),
        ])  # fmt: skip
    made = (len(lines) - 2) // 3
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
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    sys.stderr.write(f"wrote {args.out}: {summary} in {time.perf_counter() - started:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

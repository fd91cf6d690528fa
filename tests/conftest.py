"""Shared fixtures: every test runs with a temporary home and cache, colour off,
and no XINING_BASE from the user's environment."""

from __future__ import annotations

import hashlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from xining.cli import main
from xining.cli.common import settings

ARTICLE = "增长7个。增长8个。今年1月至5月全市接待游客1245.19万人次，同比增长21.37％。2024 年西宁市空气质量优良天数比例达 93.1%。\n2025 年 1—6 月优良天数比例为 91.7%，同期增加\n3.8 个百分点。西宁成功入选国家碳达峰试点城市。"


ROBUSTNESS = Path(__file__).parent / "robustness"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The fault tests (broken bases, damaged caches, full disks, races, hostile text) are slow as a folder:
    CI runs them all, a quick local run leaves them out."""
    for item in items:
        if ROBUSTNESS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XINING_CACHE_DIR", str(home / "xining-cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("XINING_BASE", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    settings.base = None
    settings.as_of = None
    settings.color = True


@dataclass
class Run:
    code: int
    out: str
    err: str


class Terminal(io.StringIO):
    """A captured stream that says it is a terminal, as a person's shell is."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run xining as a user would, in-process: argv in, stdout, stderr and exit code out; with
    `terminal=True`, stdout and stderr both say they are a terminal, as in a person's shell."""

    def invoke(*args: str, terminal: bool = False) -> Run:
        out, err = (Terminal(), Terminal()) if terminal else (io.StringIO(), io.StringIO())
        monkeypatch.setattr(sys, "argv", ["xining", *args])
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        return Run(code, out.getvalue(), err.getvalue())

    return invoke


BASE_YAML = "schema_version: 1\nrelease: 2026.1.0\nname: test base\n"
UNITS_YAML = """units:
  - {symbol: "%", base: "%", factor: 1, en: percent}
  - {symbol: 个百分点, base: 个百分点, factor: 1, en: percentage points}
  - {symbol: 人次, base: 人次, factor: 1, en: person-times}
  - {symbol: 万人次, base: 人次, factor: 10000, en: "10,000 person-times"}
"""
TOPICS_YAML = """topics:
  - {id: ecology, zh: 生态, en: Ecology}
  - {id: environment, zh: 环境质量, en: Environmental quality}
  - {id: tourism, zh: 文化旅游, en: Culture and tourism}
  - {id: energy, zh: 能源, en: Energy}
"""
METRICS_YAML = """metrics:
  - {id: air-good-days-share, topic: environment, zh: 空气质量优良天数比例, en: Share of days with good air quality, unit: "%", higher_is_better: true}
  - {id: air-good-days-share-change, topic: environment, zh: 优良天数比例同比变化, en: Change in good air days, unit: 个百分点, higher_is_better: true}
  - {id: tourist-arrivals, topic: tourism, zh: 接待游客, en: Tourist arrivals, unit: 人次, higher_is_better: true}
  - {id: tourist-arrivals-growth, topic: tourism, zh: 接待游客同比增长, en: Tourist arrivals growth, unit: "%", higher_is_better: true}
"""


def sources_yaml(sha: str) -> str:
    return f"""sources:
  - id: briefing
    file: article.txt
    sha256: {sha}
    title: 测试文章
    publisher: 西宁晚报
    authors: [张三]
    published: 2025-07
    basis: A test article.
"""


ARTICLE_FACTS = """source: briefing
observations:
  - id: tourists-2025
    metric: tourist-arrivals
    value: 1245.19
    unit: 万人次
    qualifier: exact
    period: 2025-01..2025-05
    time_expression: 今年1月至5月
    quote: 今年1月至5月全市接待游客1245.19万人次
  - id: tourists-growth-2025
    metric: tourist-arrivals-growth
    value: 21.37
    unit: "%"
    qualifier: exact
    period: 2025-01..2025-05
    quote: 同比增长21.37％
  - id: air-2024
    metric: air-good-days-share
    value: 93.1
    unit: "%"
    qualifier: exact
    period: "2024"
    quote: 2024 年西宁市空气质量优良天数比例达 93.1%
  - id: air-2025-h1
    metric: air-good-days-share
    value: 91.7
    unit: "%"
    qualifier: exact
    period: 2025H1
    quote: 2025 年 1—6 月优良天数比例为 91.7%
  - id: air-change-2025-h1
    metric: air-good-days-share-change
    value: 3.8
    unit: 个百分点
    qualifier: exact
    period: 2025H1
    quote: 同期增加3.8 个百分点
  - id: air-2024-h1
    metric: air-good-days-share
    value: 87.9
    unit: "%"
    qualifier: exact
    period: 2024H1
    derived: {method: previous_level, inputs: [air-2025-h1, air-change-2025-h1], rounding: 1}
    quote: 2025 年 1—6 月优良天数比例为 91.7%，同期增加3.8 个百分点
designations:
  - id: carbon-pilot
    name: {zh: 国家碳达峰试点城市, en: National carbon peaking pilot city}
    level: national
    date: 2024-03
    topic: energy
    quote: 西宁成功入选国家碳达峰试点城市
milestones: []
left_out:
  - text: 增长7个。增长8个。
    reason: out_of_scope
    why: sentences other tests quote when they add facts
"""


@dataclass
class TinyBase:
    """A small fact base written to a temporary folder, with its one source article."""

    root: Path
    sources: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, relative: str, needle: str) -> int:
        for number, line in enumerate((self.root / relative).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line + "\n":
                return number
        raise AssertionError(f"{needle!r} not in {relative}")


@pytest.fixture
def tiny(tmp_path: Path) -> TinyBase:
    sources = tmp_path / "seeds"
    sources.mkdir()
    (sources / "article.txt").write_text(ARTICLE, encoding="utf-8")
    sha = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    base = TinyBase(tmp_path / "base", sources)
    base.write("base.yaml", BASE_YAML)
    base.write("units.yaml", UNITS_YAML)
    base.write("topics.yaml", TOPICS_YAML)
    base.write("metrics.yaml", METRICS_YAML)
    base.write("sources.yaml", sources_yaml(sha))
    base.write("articles/briefing.yaml", ARTICLE_FACTS)
    return base


MakeRun = Callable[..., Run]

"""The period notation: pure functions, parametrized, and a Hypothesis round trip."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xining.base.periods import PeriodError, parse_period, parse_point, span

DEC_2025 = parse_point("2025-12")


@pytest.mark.parametrize(
    ("spec", "start", "end", "label"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("2025H1", date(2025, 1, 1), date(2025, 6, 30), "H1 2025"),
        ("2025H2", date(2025, 7, 1), date(2025, 12, 31), "H2 2025"),
        ("2025Q3", date(2025, 7, 1), date(2025, 9, 30), "Q3 2025"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "Feb 2024"),
        ("2025-06-30", date(2025, 6, 30), date(2025, 6, 30), "2025-06-30"),
        ("2025-01..2025-05", date(2025, 1, 1), date(2025, 5, 31), "Jan–May 2025"),
        ("2021..2025", date(2021, 1, 1), date(2025, 12, 31), "2021–2025"),
        ("14th-five-year-plan", date(2021, 1, 1), date(2025, 12, 31), "2021–2025 (14th Five-Year Plan)"),
        ("..2025-12", None, date(2025, 12, 31), "up to Dec 2025"),
        ("2025-07-11..", date(2025, 7, 11), None, "from 2025-07-11"),
        ("2023-10..2025-07-11", date(2023, 10, 1), date(2025, 7, 11), "Oct 2023 – 2025-07-11"),
        ("publication", date(2025, 12, 1), date(2025, 12, 31), "at publication (Dec 2025)"),
        ("..publication", None, date(2025, 12, 31), "up to publication (Dec 2025)"),
        ("unknown", None, None, "period not given"),
    ],
)
def test_parse_period(spec: str, start: date | None, end: date | None, label: str) -> None:
    period = parse_period(spec, DEC_2025)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_publication_of_an_undated_source_is_undated() -> None:
    period = parse_period("publication", None)
    assert (period.start, period.end, period.label) == (None, None, "at publication (date not given)")


def test_unknown_year_keeps_what_the_article_said() -> None:
    assert parse_period("unknown", None, "去年1月—11月").label == "去年1月—11月 (year not given)"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("2025H3", "'2025H3' is not a period"),
        ("2025-13", "'2025-13' is not a calendar date"),
        ("2025-02-29", "'2025-02-29' is not a calendar date"),
        ("2025..2024", "'2025..2024' starts after it ends"),
        ("..", "'..' needs a start, an end or both"),
        ("last year", "'last year' is not a period"),
    ],
)
def test_bad_specs_say_what_is_valid(spec: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_period(spec, None)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_day_round_trips(day: date) -> None:
    period = parse_period(day.isoformat(), None)
    assert period.start == period.end == day
    assert parse_period(period.label, None) == period


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 12))
def test_month_ranges_cover_whole_months(year: int, first: int, last: int) -> None:
    first, last = min(first, last), max(first, last)
    period = parse_period(f"{year}-{first:02d}..{year}-{last:02d}", None)
    assert period.start == date(year, first, 1)
    assert period.end == date(year, last, calendar.monthrange(year, last)[1])
    assert period.overlaps(date(year, first, 1), date(year, first, 1))


@pytest.mark.parametrize(
    ("first", "last", "token", "label"),
    [
        ("2025-12-01", "2025-12-31", "2025-12", "Dec 2025"),
        ("2025-07-01", "2025-09-30", "2025Q3", "Q3 2025"),
        ("2026-01-01", "2026-12-31", "2026", "2026"),
        ("2025-07-11", "2025-07-11", "2025-07-11", "2025-07-11"),
        ("2025-12-09", "2025-12-31", "2025-12-09..2025-12-31", "9–31 Dec 2025"),
        ("2025-07-11", "2025-09-30", "2025-07-11..2025-09-30", "11 Jul – 30 Sep 2025"),
        ("2025-12-31", "2026-01-02", "2025-12-31..2026-01-02", "31 Dec 2025 – 2 Jan 2026"),
    ],
)
def test_a_span_of_days_is_a_calendar_unit_when_it_is_one(first: str, last: str, token: str, label: str) -> None:
    point = span(date.fromisoformat(first), date.fromisoformat(last))
    assert (point.token, point.label()) == (token, label)

"""Calendar periods: parsing the period notation of the fact base, and labels.

A period spec is one of
  2024           a year              2025H1     a half year
  2025Q3         a quarter           2025-06    a month
  2025-06-30     a day (an instant: a stock measured on that day)
  A..B           from the start of A to the end of B; either side may be
                 left open ("..2025-12" is a cumulative total up to a date)
  A..B/C         from the start of A to a deadline the text gives as a window:
                 some day from the start of B to the end of C (计划3年至5年内
                 from 11 July 2025: 2025-07-11..2028-07/2030-07)
  publication    the source's publication date, as precisely as it is known
  14th-five-year-plan   a named period (2021..2025)
  unknown        the text gives no year (the label then says what it wrote)
`publication` may also stand on either side of `..`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from xining.base.recordtypes import compare_as_records

NAMED_PERIODS = {"14th-five-year-plan": ("2021..2025", "14th Five-Year Plan")}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Compiled by `re` on first use and cached there: most commands print periods without parsing any.
_POINT = r"^(?P<year>\d{4})(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$"


class PeriodError(ValueError):
    """A period spec that cannot be read; the message says what is valid."""


class Point(NamedTuple):
    """A stretch of the calendar named by one token: a year, half, quarter, month or day."""

    token: str
    first: date
    last: date
    precision: str  # year | half | quarter | month | day

    def label(self) -> str:
        if self.precision == "year":
            return str(self.first.year)
        if self.precision in ("half", "quarter"):
            return f"{self.token[4:]} {self.first.year}"
        if self.precision == "month":
            return f"{MONTHS[self.first.month - 1]} {self.first.year}"
        if self.precision == "span":
            return _span_label(self.first, self.last)
        return self.first.isoformat()


def parse_point(token: str) -> Point:
    """Read one calendar token (2024, 2025H1, 2025Q3, 2025-06, 2025-06-30)."""
    match = re.match(_POINT, token)
    if not match:
        raise PeriodError(
            f"'{token}' is not a period; use a year (2024), half (2025H1), "
            "quarter (2025Q3), month (2025-06) or day (2025-06-30)"
        )
    year = int(match["year"])
    if year < 1:
        raise PeriodError(f"'{token}': there is no year 0; years run from 0001 to 9999")
    try:
        if match["half"]:
            start_month = 1 if match["half"] == "H1" else 7
            return Point(token, date(year, start_month, 1), _month_end(year, start_month + 5), "half")
        if match["quarter"]:
            start_month = 3 * int(match["quarter"][1]) - 2
            return Point(token, date(year, start_month, 1), _month_end(year, start_month + 2), "quarter")
        if match["day"]:
            day = date(year, int(match["month"]), int(match["day"]))
            return Point(token, day, day, "day")
        if match["month"]:
            month = int(match["month"])
            return Point(token, date(year, month, 1), _month_end(year, month), "month")
    except ValueError as error:
        raise PeriodError(f"'{token}' is not a calendar date: {error}") from None
    return Point(token, date(year, 1, 1), date(year, 12, 31), "year")


def span(first: date, last: date) -> Point:
    """The days from first to last as one point: a calendar unit when they make one, else a span."""
    for token in (
        f"{first.year}",
        f"{first.year}H{1 + (first.month - 1) // 6}",
        f"{first.year}Q{1 + (first.month - 1) // 3}",
        f"{first.year}-{first.month:02d}",
        first.isoformat(),
    ):
        point = parse_point(token)
        if (point.first, point.last) == (first, last):
            return point
    return Point(f"{first.isoformat()}..{last.isoformat()}", first, last, "span")


def _span_label(first: date, last: date) -> str:
    """11 Jul – 30 Sep 2025; 9–31 Dec 2025; 1 Jan 2026 – 31 Dec 2026."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTHS[last.month - 1]} {last.year}"
    start = f"{first.day} {MONTHS[first.month - 1]}" + (f" {first.year}" if first.year != last.year else "")
    return f"{start} – {last.day} {MONTHS[last.month - 1]} {last.year}"


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)  # the day before the next month begins


class Period(NamedTuple):
    """The time a value covers, with explicit (possibly open) bounds and a label."""

    spec: str
    start: date | None
    end: date | None  # for a deadline window, its last day: the latest the period can end
    label: str
    due_from: date | None = None  # a deadline window's first day: the earliest the period can end

    @property
    def is_dated(self) -> bool:
        return self.start is not None or self.end is not None

    def overlaps(self, first: date, last: date) -> bool:
        """Whether the period shares a day with first..last (open ends reach out)."""
        if not self.is_dated:
            return False
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)

    def year_span(self) -> tuple[int, int, int, int] | None:
        """(start month, start day, end month, end day) when both bounds lie in one year.

        Two periods are like for like when these agree: January–June against
        January–June, a full year against a full year.
        """
        if self.start is None or self.end is None or self.start.year != self.end.year:
            return None
        return (self.start.month, self.start.day, self.end.month, self.end.day)


compare_as_records(Point, Period)


def parse_period(spec: str, published: Point | None, said: str | None = None) -> Period:
    """Resolve a period spec against a source's publication date.

    `said` is the time expression the article used (今年1月至5月); it names
    periods the text leaves without a year.
    """
    spec = spec.strip()
    if spec in NAMED_PERIODS:
        range_spec, name = NAMED_PERIODS[spec]
        inner = parse_period(range_spec, published)
        return Period(spec, inner.start, inner.end, f"{inner.label} ({name})")
    if spec == "unknown":
        label = f"{said} (year not given)" if said else "period not given"
        return Period(spec, None, None, label)
    if ".." not in spec:
        point = _resolve(spec, published)
        if point is None:
            return Period(spec, None, None, "at publication (date not given)")
        if spec == "publication":
            return Period(spec, point.first, point.last, f"at publication ({point.label()})")
        return Period(spec, point.first, point.last, point.label())
    left, _, right = spec.partition("..")
    if not left and not right:
        raise PeriodError("'..' needs a start, an end or both (2021..2025, ..2025-12, 2025-07..)")
    if "/" in right:
        return _deadline_window(spec, left, right, published)
    start = _resolve(left, published) if left else None
    end = _resolve(right, published) if right else None
    if start and end and start.first > end.last:
        raise PeriodError(f"'{spec}' starts after it ends")
    return Period(spec, start.first if start else None, end.last if end else None, _range_label(start, end, right))


def _deadline_window(spec: str, left: str, right: str, published: Point | None) -> Period:
    """A..B/C: from A to a deadline that falls between the start of B and the end of C."""
    first, _, last = right.partition("/")
    if not left or not first or not last or ".." in right or "/" in last:
        raise PeriodError(f"'{spec}': a deadline window is START..EARLIEST/LATEST (2025-07-11..2028-07/2030-07)")
    start = _resolve(left, published)
    earliest, latest = parse_point(first), parse_point(last)
    if earliest.first > latest.last:
        raise PeriodError(f"'{spec}': the deadline window {first}/{last} starts after it ends")
    if start is not None and start.first > earliest.first:
        raise PeriodError(f"'{spec}' starts after its deadline window opens")
    begun = start.label() if start else "publication (date not given)"
    label = f"from {begun} to between {earliest.label()} and {latest.label()}"
    return Period(spec, start.first if start else None, latest.last, label, earliest.first)


def _resolve(token: str, published: Point | None) -> Point | None:
    if token == "publication":
        return published
    return parse_point(token)


def _range_label(start: Point | None, end: Point | None, right: str) -> str:
    end_label = end.label() if end else None
    if right == "publication":
        end_label = f"publication ({end.label()})" if end else "publication (date not given)"
    if start is None and end_label is None:
        return "date not given"
    if start is None:
        return f"up to {end_label}"
    if end is None and right != "publication":
        return f"from {start.label()}"
    if end is None:
        return f"from {start.label()} to {end_label}"
    if start.precision == end.precision == "year":
        return f"{start.label()}–{end.label()}"
    if start.precision == end.precision == "month" and start.first.year == end.first.year:
        return f"{MONTHS[start.first.month - 1]}–{MONTHS[end.first.month - 1]} {end.first.year}"
    return f"{start.label()} – {end_label}"


def undated(published: Point | None) -> Period:
    """The period of a fact the article does not date: at some time before publication."""
    if published is None:
        return Period("", None, None, "date not given")
    return Period("", None, published.last, f"date not given (by {published.label()})")

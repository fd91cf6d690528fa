"""--as-of with sources dated by intervals: the certain reading, the possible one, and what each costs."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.cite_fixtures import ALL_PARTS, INFERRED, MISSING
from tests.conftest import MakeRun
from xining.answers.query import AsOf, as_of, counted_though_uncertain, left_out_as_uncertain, uncertainty_note
from xining.base.model import FactBase, Publication

BASE = FactBase(1, "1", "test", {}, {}, {}, {s.id: s for s in (ALL_PARTS, INFERRED, MISSING)}, (), ())


@pytest.mark.parametrize(
    ("day", "possible", "kept", "left_out"),
    [
        # INFERRED appeared between 2025-07-11 and 2025-09-30; MISSING on or after 2024-03-01, latest unknown.
        ("2025-08-01", False, ["all-parts"], ["inferred-parts", "missing-parts"]),
        ("2025-08-01", True, ["all-parts", "inferred-parts", "missing-parts"], []),
        ("2025-07-10", True, ["all-parts", "missing-parts"], []),
        ("2025-09-30", False, ["all-parts", "inferred-parts"], ["missing-parts"]),
        ("2024-02-29", False, ["all-parts"], []),
        ("2000-11-19", True, [], []),
    ],
)
def test_each_reading_counts_a_source_from_one_end_of_its_interval(
    day: str, possible: bool, kept: list[str], left_out: list[str]
) -> None:
    cutoff = AsOf(date.fromisoformat(day), possible)
    assert list(as_of(BASE, cutoff).sources) == kept
    assert [s.id for s in left_out_as_uncertain(BASE, cutoff)] == left_out


def test_a_source_with_no_date_at_all_is_left_out_as_uncertain_in_both_readings() -> None:
    undated = MISSING._replace(id="undated", published=Publication())
    base = FactBase(1, "1", "test", {}, {}, {}, {"undated": undated}, (), ())
    for possible in (False, True):
        assert [s.id for s in left_out_as_uncertain(base, AsOf(date(2030, 1, 1), possible))] == ["undated"]


def test_the_notes_name_each_source_with_its_interval() -> None:
    assert uncertainty_note(BASE, AsOf(date(2025, 8, 1))) == (
        "note: --as-of 2025-08-01 leaves out 2 sources only because their dates are uncertain: "
        "inferred-parts (2025-07-11..2025-09-30), missing-parts (2024-03-01..?); "
        "--as-of-mode possible counts a source from its earliest possible day"
    )
    assert uncertainty_note(BASE, AsOf(date(2025, 8, 1), possible=True)) == (
        "note: --as-of 2025-08-01 --as-of-mode possible counts 2 sources that may not yet have appeared by then: "
        "inferred-parts (2025-07-11..2025-09-30), missing-parts (2024-03-01..?)"
    )
    assert uncertainty_note(BASE, AsOf(date(2024, 1, 1))) is None  # nothing uncertain about that day
    assert [s.id for s in counted_though_uncertain(BASE, AsOf(date(2025, 8, 1)))] == []


def test_the_press_conference_page_counts_from_30_september_unless_possible(run: MakeRun) -> None:
    certain = run("--as-of", "2025-08-01", "facts", "--json")
    assert (certain.code, certain.out) == (0, "[]\n")
    assert certain.err == (
        "note: --as-of 2025-08-01 leaves out 3 sources only because their dates are uncertain: "
        "green-and-new (2024-03-01..?), press-conference-2025-07 (2025-07-11..2025-09-30), "
        "national-strategies (2023-01-01..?); --as-of-mode possible counts a source from its earliest possible day\n"
    )
    possible = run("facts", "--json", "--as-of", "2025-08-01", "--as-of-mode", "possible")  # after the command too
    sources = {record["source"]["id"] for record in json.loads(possible.out)}
    assert sources == {"green-and-new", "press-conference-2025-07", "national-strategies"}
    assert possible.err.startswith("note: --as-of 2025-08-01 --as-of-mode possible counts 3 sources that may not")
    october = {r["source"]["id"] for r in json.loads(run("--as-of", "2025-10-01", "facts", "--json").out)}
    assert october == {"press-conference-2025-07"}


def test_registries_and_cards_follow_the_reading(run: MakeRun) -> None:
    listed = run("--as-of", "2026-01-15", "--as-of-mode", "possible", "sources", "--fields", "id")
    assert listed.out.split() == [
        "happiness-2025", "green-and-new", "national-pilots", "press-conference-2025-07", "national-strategies"
    ]  # fmt: skip
    assert run("--as-of", "2026-01-15", "sources", "--fields", "id").out.split() == [
        "happiness-2025",
        "press-conference-2025-07",
    ]
    hidden = run("--as-of", "2025-08-01", "show", "tourist-arrivals-2025-01-05")
    assert hidden.code == 2
    shown = run("--as-of", "2025-08-01", "--as-of-mode", "possible", "show", "tourist-arrivals-2025-01-05", "--json")
    assert json.loads(shown.out)["id"] == "tourist-arrivals-2025-01-05"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2025-08-01", "--as-of-mode", "maybe", "facts"),
         "error: unknown --as-of-mode 'maybe'; valid: certain, possible\n"),
        (("--as-of", "2025-08-01", "--as-of-mode", "posible", "facts"),
         "error: unknown --as-of-mode 'posible'; did you mean 'possible'?\n"),
        (("--as-of-mode", "possible", "facts"), "error: --as-of-mode possible needs --as-of DATE\n"),
    ],
)  # fmt: skip
def test_bad_modes_exit_2(run: MakeRun, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.code, result.out, result.err) == (2, "", message)

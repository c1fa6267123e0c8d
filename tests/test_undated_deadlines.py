"""A deadline written without a year, on a page that gives no date of its own.

Such a page may be years old, so the check day alone cannot make a date far
ahead of it a deadline: "postponed to 22 May" read in November is last May's,
past, and reminds no one. Each text here was written for this test.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.case.deadlines import UNDATED_AHEAD, find_deadlines
from casewatch.case.people import PeopleIndex
from casewatch.case.reading import observe

CHECK_DAY = dt.date(2026, 11, 30)
MONTHS = "January February March April May June July August September October November December"


def dates(text: str, page_date: dt.date | None = None, today: dt.date = CHECK_DAY) -> list:
    return [d.date for d in find_deadlines(text, page_date=page_date, today=today)]


def test_a_date_soon_after_the_check_day_is_a_deadline() -> None:
    assert dates("The appeal hearing is set for 10 December.") == [dt.date(2026, 12, 10)]


def test_a_date_soon_after_the_new_year_is_next_years() -> None:
    text = "The trial will begin on 5 January."
    assert dates(text, today=dt.date(2026, 12, 20)) == [dt.date(2027, 1, 5)]


def test_a_date_months_ahead_on_an_undated_page_is_taken_as_past() -> None:
    text = "The hearing, earlier set for April 24, has been postponed to May 22."
    assert dates(text) == [dt.date(2026, 5, 22)]


def test_a_dated_page_reads_the_date_after_its_own_date() -> None:
    text = "The hearing has been postponed to May 22."
    assert dates(text, page_date=dt.date(2020, 4, 20)) == [dt.date(2020, 5, 22)]


def test_through_observe_an_undated_page_gets_no_deadline_next_spring() -> None:
    text = "Court news\nThe appeal hearing, earlier set for 24 April, was postponed to 22 May."
    facts = observe(text, "page", (), PeopleIndex([]), today=CHECK_DAY).facts
    assert [d.date for d in facts.deadlines] == [dt.date(2026, 5, 22)]
    dated = observe("12 April 2020\n" + text, "page", (), PeopleIndex([]), today=CHECK_DAY).facts
    assert [d.date for d in dated.deadlines] == [dt.date(2020, 5, 22)]


@settings(max_examples=200, deadline=None)
@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    today=st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)),
)
def test_an_undated_page_never_sets_a_deadline_far_ahead(day: int, month: int, today) -> None:
    text = f"The appeal hearing is scheduled for {day} {MONTHS.split()[month - 1]}."
    (found,) = dates(text, today=today)
    assert (found.month, found.day) == (month, day)
    assert found - today <= UNDATED_AHEAD
    assert today - found < dt.timedelta(days=366)


def test_an_undated_page_is_at_least_as_new_as_the_past_it_names() -> None:
    text = (
        "The journalists were arrested in November 2023.\n"
        "Their trial will begin on 17 December at the city court."
    )
    assert dates(text) == [dt.date(2023, 12, 17)]
    recent = "She was detained on 3 November 2026. The trial will begin on 17 December."
    assert dates(recent) == [dt.date(2026, 12, 17)]

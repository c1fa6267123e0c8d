"""Searching only near digits finds what searching everywhere finds.

Dates, the moments a page names, counters, stamps and petition counts all
hold a digit, so a long page is searched for them only around its digits
(:func:`casewatch.case.dates.near_digits`); the relative stamps ("an hour
ago") only where their words occur. These tests compare that with the plain
whole-text search on texts made of the pieces such pages have, with long
stretches of prose between them.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.case import dates, noise
from casewatch.case.deadlines import find_deadlines
from casewatch.case.kinds import petition
from casewatch.case.text import normalise, remove_noise

PIECES = (
    "28 September 2021",
    "September 28, 2021",
    "on 5 May",
    "28.09.2021",
    "2021-09-28",
    "in November 2023",
    "since 2019",
    "17 снежня",
    "в мае 2020 года",
    "1.2K shares",
    "Comments: 12",
    "Updated: 3 March 2024 at 12:30",
    "Обновлено 12.03.2021",
    "posted 2 hours ago",
    "an hour ago",
    "3 часа назад",
    "120 days behind bars",
    "The appeal hearing is set for",
    "the trial will begin on",
    "This action expires on",
    "sentenced to 11 years",
    "785 people have signed",
    "Signatures: 712Next Goal: 1,000",
    "had 369 supporters",
    "Let's get to 1,000!",
    "1 200 подписей",
    "of 5,000 signatures",
    "12",
    ".",
    "\n",
    "The council met to discuss the bus timetable and the old bridge over the river. " * 3,
    "Residents asked for more benches in the park " * 4,
)
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join)
PATTERNS = (
    *dates._PATTERNS,
    dates._MONTH_YEAR,
    dates._YEAR_ALONE,
    *(p for p, needs in noise.NEEDS.items() if needs == noise.NEAR_A_DIGIT),
    *petition._SIGNATURES,
    *petition._GOAL,
)


def spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_near_digits_finds_every_match(text: str) -> None:
    for pattern in PATTERNS:
        assert spans(dates.near_digits(pattern, text)) == spans(pattern.finditer(text)), pattern


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_noise_is_removed_as_by_substituting_everywhere(text: str) -> None:
    everywhere = text
    for pattern in noise.COMMON_NOISE:
        everywhere = pattern.sub("", everywhere)
    assert remove_noise(text, noise.COMMON_NOISE) == normalise(everywhere)


def test_a_user_pattern_is_applied_everywhere() -> None:
    mine = re.compile(r"Residents asked")
    assert "Residents" not in remove_noise("x. Residents asked for more. y", (mine,))


def test_deadline_phrases_are_found_near_their_dates_however_long_the_page() -> None:
    prose = "The council met to discuss the bus timetable and the old bridge. " * 2000
    text = prose + "The appeal hearing is set for 12 January 2027. " + prose
    (deadline,) = find_deadlines(text)
    assert str(deadline.date) == "2027-01-12"

"""Deadline reminders, with the clock passed in explicitly."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from casewatch.config.durations import format_duration, parse_duration
from casewatch.deadlines import days_left, due_reminder

MINSK = "Europe/Minsk"  # UTC+3 all year
DEADLINE = dt.date(2021, 9, 28)
THRESHOLDS = [dt.timedelta(days=d) for d in (1, 3, 7)]


def minsk(day: int, hour: int = 0, minute: int = 0, month: int = 9) -> dt.datetime:
    return dt.datetime(2021, month, day, hour, minute, tzinfo=ZoneInfo(MINSK))


def due(now: dt.datetime, sent: set[str] | None = None) -> str | None:
    return due_reminder(DEADLINE, now, MINSK, THRESHOLDS, sent or set())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", dt.timedelta(days=7)),
        ("12h", dt.timedelta(hours=12)),
        ("30m", dt.timedelta(minutes=30)),
        ("45s", dt.timedelta(seconds=45)),
        ("1w", dt.timedelta(weeks=1)),
        (" 1D12h ", dt.timedelta(days=1, hours=12)),
        ("0d", dt.timedelta()),
    ],
)
def test_parse_duration(text: str, expected: dt.timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "7", "d", "7x", "-1d", "1.5d", "7 d", "7d!", True, -5])
def test_parse_duration_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("label", "canonical"),
    [("1w", "7d"), ("36h", "1d12h"), ("90m", "1h30m"), ("45s", "45s"), ("0d", "0s")],
)
def test_duration_labels_are_canonical(label: str, canonical: str) -> None:
    assert format_duration(parse_duration(label)) == canonical


def test_days_left_counts_calendar_days_in_the_time_zone() -> None:
    # 23:30 UTC on 27 Sep is already 02:30 on 28 Sep in Minsk.
    late_utc = dt.datetime(2021, 9, 27, 23, 30, tzinfo=dt.UTC)
    assert days_left(DEADLINE, late_utc, MINSK) == 0
    assert days_left(DEADLINE, late_utc, "UTC") == 1
    assert days_left(DEADLINE, minsk(21), MINSK) == 7
    assert days_left(DEADLINE, minsk(29), MINSK) == -1


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (minsk(20, 23, 59), None),  # 8 days left
        (minsk(21), "7d"),
        (minsk(24, 23, 59), "7d"),
        (minsk(25), "3d"),
        (minsk(27), "1d"),
        (minsk(28, 12), "1d"),  # deadline day, nothing tighter than 1d
    ],
)
def test_each_threshold_fires_when_its_days_are_left(
    now: dt.datetime, expected: str | None
) -> None:
    assert due(now) == expected


def test_thresholds_crossed_at_once_give_one_reminder_for_the_tightest() -> None:
    # Deadline learnt with two days left: 7d and 3d are both crossed.
    assert due(minsk(26)) == "3d"
    # Once it is sent, the looser 7d is never sent afterwards.
    assert due(minsk(26, 1), {"3d"}) is None


def test_a_sent_threshold_is_never_repeated() -> None:
    assert due(minsk(21, 9), {"7d"}) is None
    assert due(minsk(25, 9), {"7d"}) == "3d"
    assert due(minsk(25, 10), {"7d", "3d"}) is None
    assert due(minsk(27, 9), {"7d", "3d"}) == "1d"
    assert due(minsk(28, 9), {"7d", "3d", "1d"}) is None


def test_a_deadline_lasts_until_the_end_of_its_day() -> None:
    assert due(minsk(28, 23, 59)) == "1d"
    assert due(minsk(29)) is None


def test_a_past_deadline_gets_no_reminder() -> None:
    assert due(minsk(1, month=10)) is None


def test_time_zone_boundary() -> None:
    # 20:59 UTC on 28 Sep is 23:59 in Minsk: the deadline day is not over.
    assert due(dt.datetime(2021, 9, 28, 20, 59, tzinfo=dt.UTC)) == "1d"
    # 21:00 UTC is midnight in Minsk: over, though still 28 Sep in UTC.
    assert due(dt.datetime(2021, 9, 28, 21, 0, tzinfo=dt.UTC)) is None
    # 21:00 UTC on 26 Sep is already 27 Sep in Minsk: one day left.
    assert due(dt.datetime(2021, 9, 26, 21, 0, tzinfo=dt.UTC)) == "1d"
    assert due(dt.datetime(2021, 9, 26, 20, 59, tzinfo=dt.UTC)) == "3d"


def test_hour_thresholds_count_back_from_the_start_of_the_deadline_day() -> None:
    thresholds = [dt.timedelta(hours=12)]
    assert due_reminder(DEADLINE, minsk(27, 11), MINSK, thresholds, set()) is None
    assert due_reminder(DEADLINE, minsk(27, 12), MINSK, thresholds, set()) == "12h"


def test_thresholds_need_not_be_sorted() -> None:
    unsorted = [dt.timedelta(days=1), dt.timedelta(days=7), dt.timedelta(days=3)]
    assert due_reminder(DEADLINE, minsk(26), MINSK, unsorted, set()) == "3d"


def test_sent_labels_are_compared_by_duration() -> None:
    # An older version stored "1w" when the first reminder went out.
    assert due(minsk(22), {"1w"}) is None
    assert due(minsk(22), {"168h"}) is None
    # A label this version cannot read does not block reminders.
    assert due(minsk(22), {"soon"}) == "7d"


def test_no_thresholds_means_no_reminders() -> None:
    assert due_reminder(DEADLINE, minsk(28), MINSK, [], set()) is None


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        due(dt.datetime(2021, 9, 27, 12, 0))
    with pytest.raises(ValueError, match="aware"):
        days_left(DEADLINE, dt.datetime(2021, 9, 27, 12, 0), MINSK)

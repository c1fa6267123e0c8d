"""When to remind about a deadline: pure functions of the date and the clock.

A deadline date lasts until the end of that day in the configured time zone.
A threshold of N days fires when N calendar days are left, i.e. at the start
of the day N days before the deadline day; hour and minute thresholds count
back from the start of the deadline day too ("12h" = noon the day before).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from zoneinfo import ZoneInfo

from casewatch.config.durations import format_duration, parse_duration


def _local_day(day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return start, end


def _require_aware(now: dt.datetime) -> None:
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")


def days_left(deadline_date: dt.date, now: dt.datetime, tz: str) -> int:
    """Calendar days from today (in ``tz``) to the deadline; 0 on the day."""
    _require_aware(now)
    return (deadline_date - now.astimezone(ZoneInfo(tz)).date()).days


def due_reminder(
    deadline_date: dt.date,
    now: dt.datetime,
    tz: str,
    thresholds: Iterable[dt.timedelta],
    already_sent: Collection[str],
) -> str | None:
    """The label (see format_duration) of the threshold to remind about now.

    Only the tightest crossed threshold is ever due, so a deadline learnt late
    gets one reminder, and nothing looser than a reminder already sent is
    sent afterwards. Sent labels are compared by duration, so "1w" stored by
    an older config blocks "7d".
    """
    _require_aware(now)
    start, end = _local_day(deadline_date, ZoneInfo(tz))
    if now >= end:
        return None
    crossed = [delta for delta in thresholds if now >= start - delta]
    if not crossed:
        return None
    tightest = min(crossed)
    if any(sent <= tightest for sent in _sent_deltas(already_sent)):
        return None
    return format_duration(tightest)


def _sent_deltas(already_sent: Iterable[str]) -> list[dt.timedelta]:
    deltas = []
    for label in already_sent:
        try:
            deltas.append(parse_duration(label))
        except ValueError:
            continue  # a label this version cannot read never blocks a reminder
    return deltas

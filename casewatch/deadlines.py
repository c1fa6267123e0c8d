"""Deadlines in alerts: how they are written and when they are reminded
(``deadline_near``); ``casewatch.reminders`` records the reminders, and joins
a reminder to the news of a moved deadline.

Reading deadlines from page text is ``casewatch.case.deadlines``; everything
after that is here and in ``casewatch.reminders`` (apart so that the case
rules, which write dates with this module, load no database layer):

- One way to write a deadline in every alert: "29 Nov 2026 (in 2 days)",
  counted in calendar days in the configured ``[alerts] timezone``.
- A deadline date lasts until the end of that day in that time zone. A
  threshold of N days fires when N calendar days are left, i.e. at the start
  of the day N days before the deadline day; hour and minute thresholds count
  back from the start of the deadline day too ("12h" = noon the day before).
- A reminder is an event with a dedupe key per deadline, date and threshold,
  so it is raised once even if two processes race, and afresh when a
  deadline moves (SPEC §3: once per deadline and threshold, the tightest when
  several are crossed at once).
- A deadline moved into a reminder's window is one alert: channels still to
  be sent the "deadline changed" news get no separate reminder (README, "one
  change, one alert").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from zoneinfo import ZoneInfo

from casewatch.config.durations import format_duration, parse_duration

# --- writing a deadline ----------------------------------------------------------


def format_day(day: dt.date) -> str:
    """ "29 Nov 2026": the one way alerts write a date."""
    return f"{day.day} {day:%b %Y}"


def format_moment(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """ "29 Nov 2026, 18:05 (Europe/Minsk)": the one way alerts, and the event
    summaries they quote, write a moment (aware), shown in ``tz``. (Tables
    and command output write "2026-11-29 18:05": casewatch.text.)"""
    local = moment.astimezone(tz)
    return f"{format_day(local.date())}, {local:%H:%M} ({tz})"


def due_in(days: int) -> str:
    """ "in 2 days", "tomorrow", "today", or "3 days ago"."""
    if days < 0:
        return "yesterday" if days == -1 else f"{-days} days ago"
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def describe(day: dt.date, today: dt.date | None) -> str:
    """ "29 Nov 2026 (in 2 days)", counted from ``today`` (a local date in the
    configured time zone); the date alone when ``today`` is None."""
    written = format_day(day)
    return written if today is None else f"{written} ({due_in((day - today).days)})"


def local_today(now: dt.datetime, tz: str) -> dt.date:
    """The calendar date of ``now`` (aware) in time zone ``tz``.

    Raises ValueError for a naive ``now``: its zone would be a guess.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(ZoneInfo(tz)).date()


def days_left(deadline_date: dt.date, now: dt.datetime, tz: str) -> int:
    """Calendar days from today (in ``tz``) to the deadline; 0 on the day."""
    return (deadline_date - local_today(now, tz)).days


# --- when to remind ----------------------------------------------------------------


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
    an older config blocks "7d". Raises ValueError for a naive ``now``.
    """
    local_today(now, tz)  # refuses a naive clock
    zone = ZoneInfo(tz)
    start = dt.datetime.combine(deadline_date, dt.time(), tzinfo=zone)
    if now >= start + dt.timedelta(days=1):
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

"""deadline_near end to end in process: a page states a deadline, the clock
moves, and each run records the reminders that are due, once each."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from casewatch.db.models import Alert, Event
from casewatch.recorder import Recorder
from casewatch.reminders import remind

UA = """URGENT ACTION
Maryia Kalesnikava was detained and charged under Article 361.
I urge you to release Maryia Kalesnikava immediately.
PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: {date:%d %B %Y}"""
DEADLINE = dt.date(2021, 9, 28)


def minsk(day: int, hour: int = 12) -> dt.datetime:
    """A moment in September 2021, Minsk time (UTC+3), as UTC."""
    return dt.datetime(2021, 9, day, hour, tzinfo=ZoneInfo("Europe/Minsk")).astimezone(dt.UTC)


class Run:
    """What one `casewatch run` does for deadlines, at a chosen time."""

    def __init__(self, workspace, database_url: str, events: str = '["deadline_near"]') -> None:
        self.workspace = workspace
        workspace.write_config(
            f"""
            [database]
            url = "{database_url}"
            [alerts]
            timezone = "Europe/Minsk"
            remind_before = ["7d", "3d", "1d"]
            [[people]]
            name = "Maryia Kalesnikava"
            [[sources]]
            name = "UA 147.20"
            url = "https://example.org/ua"
            kind = "amnesty_ua"
            people = ["Maryia Kalesnikava"]
            [[channels]]
            name = "mail"
            url = "mailto://a:pw-0000@127.0.0.1:1?to=s@example.org&from=c@example.org"
            events = {events}
            """
        )
        self.app = workspace.app()

    def page(self, deadline: dt.date, at: dt.datetime) -> None:
        recorder = Recorder(self.app.config, self.app.current_engine, now=lambda: at)
        text = UA.format(date=deadline)
        page = self.workspace.answer("UA 147.20", "https://example.org/ua", text, at)
        recorder.record(page)

    def remind(self, at: dt.datetime) -> list[str]:
        recorder = Recorder(self.app.config, self.app.current_engine, now=lambda: at)
        before = self.reminders()
        remind(self.app.config, self.app.sessions, recorder.router, at)
        return [r.details["threshold"] for r in self.reminders()[len(before) :]]

    def reminders(self) -> list[Event]:
        with self.app.sessions() as session:
            query = select(Event).where(Event.kind == "deadline_near").order_by(Event.id)
            return list(session.scalars(query))


def test_each_threshold_once_then_nothing_after_the_deadline(workspace, database_url) -> None:
    run = Run(workspace, database_url)
    run.page(DEADLINE, minsk(1))
    assert run.remind(minsk(1)) == []  # 27 days left
    assert run.remind(minsk(21, 0)) == ["7d"]  # 00:00 on 21 Sep: 7 calendar days left
    assert run.remind(minsk(21, 18)) == []  # never twice
    assert run.remind(minsk(25, 9)) == ["3d"]
    assert run.remind(minsk(27, 9)) == ["1d"]
    assert run.remind(minsk(28, 23)) == []  # the deadline day itself: all sent
    assert run.remind(minsk(29)) == []  # past

    [first, *_] = run.reminders()
    assert first.person == "Maryia Kalesnikava"
    assert first.summary == "action deadline: 28 Sep 2021 (in 7 days)"
    assert first.details["action"].startswith("I urge you to release Maryia Kalesnikava")
    with run.app.sessions() as session:
        channels = session.scalars(select(Alert.channel)).all()
    assert channels == ["mail", "mail", "mail"]  # one alert per reminder


def test_a_late_deadline_gets_one_reminder_for_the_tightest_threshold(
    workspace, database_url
) -> None:
    run = Run(workspace, database_url)
    run.page(DEADLINE, minsk(27, 9))  # learnt the day before: 7d, 3d and 1d all crossed
    assert run.remind(minsk(27, 9)) == ["1d"]
    assert run.remind(minsk(28, 9)) == []


def test_a_moved_deadline_is_reminded_afresh(workspace, database_url) -> None:
    run = Run(workspace, database_url)
    run.page(DEADLINE, minsk(20))
    assert run.remind(minsk(22)) == ["7d"]
    moved = DEADLINE + dt.timedelta(days=14)
    run.page(moved, minsk(23))
    assert run.remind(minsk(23)) == []  # 19 days left
    assert run.remind(dt.datetime(2021, 10, 5, 12, tzinfo=dt.UTC)) == ["7d"]


def test_the_day_turns_in_the_configured_time_zone(workspace, database_url) -> None:
    run = Run(workspace, database_url)
    run.page(DEADLINE, minsk(1))
    # 20:59 UTC on 20 Sep is 23:59 in Minsk: 8 days left, nothing yet.
    assert run.remind(dt.datetime(2021, 9, 20, 20, 59, tzinfo=dt.UTC)) == []
    # 21:00 UTC on 20 Sep is already 21 Sep in Minsk: 7 days left.
    assert run.remind(dt.datetime(2021, 9, 20, 21, 0, tzinfo=dt.UTC)) == ["7d"]


def test_a_deadline_moved_into_the_window_is_one_alert(workspace, database_url) -> None:
    run = Run(workspace, database_url, events='["*"]')
    run.page(DEADLINE, minsk(1))
    run.page(dt.date(2021, 9, 3), minsk(2))  # moved to tomorrow
    assert run.remind(minsk(2)) == ["1d"]
    with run.app.sessions() as session:
        alerted = {
            (e.kind, e.summary, e.baseline)
            for e in session.scalars(select(Event).join(Alert, Alert.event_id == Event.id))
        }
    assert alerted == {
        ("deadline_changed", "action deadline moved: 28 Sep 2021 → 3 Sep 2021", False)
    }
    [reminder] = run.reminders()
    assert reminder.details["threshold"] == "1d"  # recorded, so never sent again
    with run.app.sessions() as session:
        news = session.scalar(select(Event).where(Event.kind == "deadline_changed"))
    # The news stands in for the last reminder: as urgent as it (digests).
    assert news.details["threshold"] == "1d"


def test_a_reminders_only_channel_still_gets_the_reminder(workspace, database_url) -> None:
    run = Run(workspace, database_url)  # subscribes to deadline_near only
    run.page(DEADLINE, minsk(1))
    run.page(dt.date(2021, 9, 3), minsk(2))
    assert run.remind(minsk(2)) == ["1d"]
    with run.app.sessions() as session:
        kinds = [
            e.kind for e in session.scalars(select(Event).join(Alert, Alert.event_id == Event.id))
        ]
    assert kinds == ["deadline_near"]

"""Delivering the outbox: every pending alert is sent once, or retried.

Each alert is claimed (status ``sending``, attempt counted) and committed
before the send, and its result committed after. A run holds the run lock,
so an alert found in ``sending`` was cut off by a crash between those two
commits: the service may have it already. It is sent again, marked as a
possible repeat, because a lost alert about a prisoner is worse than a
second copy that says what it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from casewatch.alerts.message import EventView, Message
from casewatch.alerts.sender import message_format, send
from casewatch.alerts.templates import Renderer
from casewatch.config import Config
from casewatch.db import store
from casewatch.db.models import Alert, Event, utcnow

Sender = Callable[[str, Message], str | None]


@dataclass
class DeliveryReport:
    delivered: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)  # will be retried
    dead: list[int] = field(default_factory=list)  # gave up this time

    @property
    def ok(self) -> bool:
        return not (self.failed or self.dead)


def event_view(event: Event, possible_repeat: bool = False) -> EventView:
    return EventView(
        id=event.id,
        kind=event.kind,
        occurred_at=event.occurred_at,
        source=event.source.name if event.source else "casewatch",
        url=event.details.get("url") or (event.source.url if event.source else ""),
        person=event.person,
        summary=event.summary,
        details=event.details,
        diff=event.diff.unified if event.diff else None,
        possible_repeat=possible_repeat,
    )


@dataclass
class Outbox:
    config: Config
    sessions: sessionmaker[Session]
    renderer: Renderer
    sender: Sender = send
    now: Callable[[], dt.datetime] = utcnow

    def deliver(self, respect_backoff: bool = False) -> DeliveryReport:
        """Send what is due (``run`` retries everything pending; the daemon
        waits out each alert's backoff)."""
        report = DeliveryReport()
        with self.sessions() as session:
            ids = [a.id for a in store.alerts_to_send(session, self.now(), respect_backoff)]
        for alert_id in ids:
            self._deliver_one(alert_id, report)
        return report

    def _deliver_one(self, alert_id: int, report: DeliveryReport) -> None:
        channels = {c.name: c for c in self.config.settings.channels}
        with self.sessions.begin() as session:
            alert = session.get(Alert, alert_id)
            if alert is None or alert.status not in ("pending", "sending"):
                return  # another process got to it
            if alert.status == "sending":
                alert.possible_repeat = True
            alert.status, alert.attempts = "sending", alert.attempts + 1
            channel = channels.get(alert.channel)
            view = event_view(alert.event, alert.possible_repeat)
        if channel is None:
            error: str | None = f"channel {alert.channel!r} is no longer in the config"
        else:
            fmt = message_format(channel.url)
            message = self.renderer.render(view, fmt, self.config.settings.alerts.timezone)
            error = self.sender(channel.url, message)
        self._settle(alert_id, error, give_up=channel is None, report=report)

    def _settle(
        self, alert_id: int, error: str | None, give_up: bool, report: DeliveryReport
    ) -> None:
        settings = self.config.settings.alerts
        with self.sessions.begin() as session:
            alert = session.get(Alert, alert_id)
            assert alert is not None
            now = self.now()
            if error is None:
                alert.status, alert.delivered_at, alert.last_error = "delivered", now, None
                report.delivered.append(alert_id)
                return
            alert.last_error = self.config.redact(error)[:1000]
            if give_up or alert.attempts >= settings.max_attempts:
                alert.status = "dead"
                report.dead.append(alert_id)
            else:
                alert.status = "pending"
                alert.next_attempt_at = now + settings.retry_backoff * 2 ** (alert.attempts - 1)
                report.failed.append(alert_id)

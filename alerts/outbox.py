"""Delivering the outbox: every pending alert is sent once, or retried.

Each alert is claimed (status ``sending``, attempt counted) and committed
before the send, and its result committed after. A run holds the run lock,
so an alert found in ``sending`` was cut off by a crash between those two
commits: the service may have it already. It is sent again, marked as a
possible repeat, because a lost alert about a prisoner is worse than a
second copy that says what it is. A send that failed after the service may
have received the message (no answer in time, a connection dropped after the
alert went out: ``Outcome.maybe_received``, rules in ``sender``) marks the
alert the same way when it is settled, so its retries say so too, in this
process or any later one.

Alerts held for a daily digest (see ``digest``) take the same path as a
batch: claimed together, sent as one message, settled in one transaction.

Several workers (distributed mode, docs/scale-out.md) hold no common run
lock: each gives the outbox a ``channel_lock``, and a channel's alerts are
then planned, claimed and sent only by the worker holding that channel's
lock, so that ``sending`` again means "cut off by a crash" and each
channel's alerts still go out one at a time, in order.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, sessionmaker

from casewatch.alerts.message import EventView, Message
from casewatch.config import Config
from casewatch.db import store
from casewatch.db.models import HELD, Alert, Event, utcnow
from casewatch.failpoints import failpoint

# Digests and templates (Jinja2) load only when there is an alert to send:
# most runs find none (issue 9: ``run`` with nothing due in 0.5 s).
if TYPE_CHECKING:
    from casewatch.alerts.digest import DigestPolicy
    from casewatch.alerts.sender import Channel, Outcome
    from casewatch.alerts.templates import Renderer

log = logging.getLogger(__name__)

MAX_PARALLEL_CHANNELS = 8  # channels sent to at the same time
SHRINKS = 3  # sends of ever shorter messages to a service that says "too large"


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


@dataclass(frozen=True)
class Batch:
    """Alerts sent as one message: a single alert, or a channel's digest."""

    channel: str
    ids: list[int]
    digest: bool = False


@dataclass(frozen=True)
class Claim:
    ids: list[int]
    views: list[EventView]


@dataclass
class Outbox:
    config: Config
    sessions: sessionmaker[Session]
    # None: made from the config's templates when the first alert is sent.
    renderer: Renderer | None = None
    now: Callable[[], dt.datetime] = utcnow
    # Distributed mode: ``channel_lock(name)`` is entered around all work on
    # a channel and yields whether this process may do it (see the module
    # docstring). None: the caller holds the run lock, the one-machine case.
    channel_lock: Callable[[str], AbstractContextManager[bool]] | None = None
    # Claims and settlements are written one at a time (SQLite has one
    # writer); only the sends overlap.
    _writing: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def deliver(self, respect_backoff: bool = False) -> DeliveryReport:
        """Send what is due (``run`` retries everything pending; the daemon
        waits out each alert's backoff; digests always wait for their hour).

        Each channel's alerts go out in order, one at a time; channels are
        sent to in parallel, each through one Apprise object."""
        report = DeliveryReport()
        if self.channel_lock is not None:
            queues = {name: [] for name in self._channels_with_work(respect_backoff)}
        elif self._channels_with_work(respect_backoff=False):
            queues = self._plan(respect_backoff)
        else:
            queues = {}  # no alert undelivered: nothing to plan
        if not queues:
            return report  # nothing to send: Apprise is not even loaded
        from casewatch.alerts.sender import Channel

        if self.renderer is None:
            from casewatch.alerts.templates import Renderer

            self.renderer = Renderer(self.config.settings.alerts.templates)
        # Built here, before any thread: Apprise's URL parsing is not thread-safe.
        channels = {
            c.name: Channel(c.url) for c in self.config.settings.channels if c.name in queues
        }

        def drain(name: str) -> None:
            if self.channel_lock is None:
                for batch in queues[name]:
                    self._deliver(channels.get(name), batch, report)
                return
            # Alerts recorded by another worker while this one held the lock
            # were left to it: after releasing, look again (bounded: a
            # channel that keeps failing waits for its backoff).
            for _ in range(3):
                with self.channel_lock(name) as mine:
                    if not mine:
                        return  # another worker is sending this channel's alerts
                    for batch in self._plan(respect_backoff, name).get(name, []):
                        self._deliver(channels.get(name), batch, report)
                if name not in self._channels_with_work(respect_backoff):
                    return

        if len(queues) <= 1:
            for name in queues:
                drain(name)
        else:
            workers = min(len(queues), MAX_PARALLEL_CHANNELS)
            with ThreadPoolExecutor(workers, thread_name_prefix="casewatch-send") as pool:
                for done in [pool.submit(drain, name) for name in queues]:
                    done.result()
        return report

    def _plan(self, respect_backoff: bool, channel: str | None = None) -> dict[str, list[Batch]]:
        """What to send now, per channel (only ``channel``'s, if given)."""
        from casewatch.alerts.digest import DigestPolicy

        now = self.now()
        with self._writing, self.sessions.begin() as session:
            _sort_into_digests(session, DigestPolicy(self.config.settings), now, channel)
            singles = store.alerts_to_send(session, now, respect_backoff, channel)
            batches = [Batch(a.channel, [a.id]) for a in singles]
            batches += _due_digests(session, now, respect_backoff, channel)
        queues: dict[str, list[Batch]] = {}
        for batch in batches:
            queues.setdefault(batch.channel, []).append(batch)
        return queues

    def _channels_with_work(self, respect_backoff: bool) -> set[str]:
        """The channels with alerts to sort or send now (no claim, no lock)."""
        with self.sessions() as session:
            return store.channels_to_send(session, self.now(), respect_backoff)

    def _deliver(self, channel: Channel | None, batch: Batch, report: DeliveryReport) -> None:
        claim = self._claim(batch)
        if claim is None:
            return  # another process got to them
        if channel is None:
            from casewatch.alerts.sender import Outcome  # loaded with the channels

            outcome = Outcome(f"channel {batch.channel!r} is no longer in the config")
        else:
            outcome = self._send(channel, claim.views, batch.digest)
        retry_status = HELD if batch.digest else "pending"
        self._settle(claim.ids, outcome, channel is None, retry_status, report)

    def _claim(self, batch: Batch) -> Claim | None:
        """Mark the batch ``sending`` and count the attempt, committed before the send."""
        claimable = (HELD,) if batch.digest else ("pending", "sending")
        with self._writing, self.sessions.begin() as session:
            alerts = session.scalars(
                select(Alert)
                .where(Alert.id.in_(batch.ids), Alert.status.in_(claimable))
                .order_by(Alert.id)
            ).all()
            if not alerts:
                return None
            for alert in alerts:
                if alert.status == "sending":
                    alert.possible_repeat = True
                alert.status, alert.attempts = "sending", alert.attempts + 1
            return Claim(
                ids=[a.id for a in alerts],
                views=[event_view(a.event, a.possible_repeat) for a in alerts],
            )

    def _send(self, channel: Channel, views: list[EventView], digest: bool) -> Outcome:
        """Send the message, fitted to the service's limits; a message the
        service still refuses as too large is sent again, shorter."""
        from casewatch.alerts.digest import render_digest
        from casewatch.alerts.limits import MIN_BODY, fit  # Apprise: only when sending
        from casewatch.alerts.templates import BODY_LIMIT

        timezone = self.config.settings.alerts.timezone
        renderer = self.renderer
        assert renderer is not None  # made by deliver, before the sends

        def render(limit: int) -> Message:
            if digest:
                return render_digest(renderer, views, channel.format, timezone, limit)
            return renderer.render(views[0], channel.format, timezone, limit=limit)

        budget = BODY_LIMIT
        for _ in range(SHRINKS + 1):
            message = fit(render, channel.limits, budget)
            failpoint("before_send")
            outcome = channel.send(message)
            failpoint("after_send")
            if not outcome.too_large or budget <= MIN_BODY:
                break
            budget = max(min(budget, len(message.body)) // 2, MIN_BODY)
            log.warning("the service refused an alert as too large; resending it shorter")
        return outcome

    def _settle(
        self,
        ids: list[int],
        outcome: Outcome,
        give_up: bool,
        retry_status: str,
        report: DeliveryReport,
    ) -> None:
        settings = self.config.settings.alerts
        error = outcome.error
        with self._writing, self.sessions.begin() as session:
            now = self.now()
            for alert in session.scalars(select(Alert).where(Alert.id.in_(ids))):
                if error is None:
                    alert.status, alert.delivered_at, alert.last_error = "delivered", now, None
                    alert.failing_since = None
                    report.delivered.append(alert.id)
                    log.info("alert %d delivered to %s", alert.id, alert.channel)
                    continue
                alert.last_error = self.config.redact(error)[:1000]
                alert.failing_since = alert.failing_since or now
                # Stored, so that every later attempt, by any process, says so.
                alert.possible_repeat = alert.possible_repeat or outcome.maybe_received
                if give_up or now - alert.failing_since > settings.give_up_after:
                    alert.status = "dead"
                    report.dead.append(alert.id)
                    log.info(
                        "alert %d to %s is dead: %s", alert.id, alert.channel, alert.last_error
                    )
                else:
                    alert.status = retry_status
                    alert.next_attempt_at = now + retry_wait(settings.retry_backoff, alert.attempts)
                    report.failed.append(alert.id)
                    log.info("alert %d to %s failed: %s", alert.id, alert.channel, alert.last_error)


MAX_BACKOFF = dt.timedelta(hours=1)


def retry_wait(first: dt.timedelta, attempts: int) -> dt.timedelta:
    """The daemon's wait before the next try after ``attempts`` failed ones:
    ``first``, doubling per attempt, at most an hour (or ``first`` if longer),
    so a long outage is still retried often enough to end soon after it does."""
    ceiling = max(first, MAX_BACKOFF)
    doublings = min(max(attempts - 1, 0), 32)  # 2**32 minutes is past any ceiling
    return min(first * 2**doublings, ceiling)


def requeue(session: Session, ids: Sequence[int]) -> list[int]:
    """Give dead alerts (these, or all) a fresh give-up period and attempt count."""
    dead = _dead(session, ids)
    for alert in dead:
        alert.status, alert.attempts, alert.next_attempt_at = "pending", 0, utcnow()
        alert.failing_since = None
    return [a.id for a in dead]


def dismiss(session: Session, ids: Sequence[int]) -> list[int]:
    """Give up on these dead alerts for good: they stop failing every run."""
    dead = _dead(session, ids)
    for alert in dead:
        alert.status = "dismissed"
    return [a.id for a in dead]


def _dead(session: Session, ids: Sequence[int]) -> Sequence[Alert]:
    query = select(Alert).where(Alert.status == "dead")
    if ids:
        query = query.where(Alert.id.in_(ids))
    return session.scalars(query).all()


def _sort_into_digests(
    session: Session, policy: DigestPolicy, now: dt.datetime, channel: str | None = None
) -> None:
    """Hold what the config now says waits for a digest; release what no
    longer does (only ``channel``'s alerts, if given)."""
    query = select(Alert).where(Alert.status.in_(("pending", "sending", HELD)))
    if channel is not None:
        query = query.where(Alert.channel == channel)
    undelivered = session.scalars(query.options(joinedload(Alert.event)))
    for alert in undelivered:
        holds = policy.holds(alert.channel, alert.event.kind, alert.event.details)
        if holds and alert.status == "sending":  # a digest cut off mid-send: resend now
            alert.status, alert.possible_repeat, alert.next_attempt_at = HELD, True, now
        elif holds and alert.status == "pending":
            alert.status, alert.next_attempt_at = HELD, policy.next_time(now)
        elif not holds and alert.status == HELD:
            alert.status, alert.next_attempt_at = "pending", now


def _due_digests(
    session: Session, now: dt.datetime, respect_backoff: bool, channel: str | None = None
) -> list[Batch]:
    """One batch per channel of the held alerts that are due (a failed digest
    is retried by every ``run``, like any alert); only ``channel``'s, if given."""
    due = Alert.next_attempt_at <= now
    if not respect_backoff:
        due = or_(due, Alert.attempts > 0)
    query = select(Alert.channel, Alert.id).where(Alert.status == HELD, due)
    if channel is not None:
        query = query.where(Alert.channel == channel)
    rows = session.execute(query.order_by(Alert.id))
    by_channel: dict[str, list[int]] = {}
    for channel, alert_id in rows:
        by_channel.setdefault(channel, []).append(alert_id)
    return [Batch(channel, ids, digest=True) for channel, ids in by_channel.items()]

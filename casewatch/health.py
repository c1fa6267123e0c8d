"""Is casewatch well? Cycles on record, and the verdict of ``casewatch status``.

Every completed ``run`` (alone, or a daemon's cycle) leaves a row in
``cycles``. casewatch is *degraded* (SPEC §2) when a source is failing, an
alert is undelivered or dead, or no cycle completed within twice the
shortest interval (the scheduler has stopped). A source not checked
successfully for :data:`OVERDUE_INTERVALS` of its intervals is failing even
if no check said so (issue 10): postponed by ``Retry-After`` again and
again, or with ``failures_before_alert`` set higher than the checks that fit
in that time.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, func, select

from casewatch.config import Config
from casewatch.config.durations import format_duration
from casewatch.db import queries
from casewatch.db.tables import alerts, checks, cycles
from casewatch.deadlines import format_moment
from casewatch.due import next_due_at
from casewatch.text import plural, zoned

# ``status`` reads with Core alone; the ORM loads for the cycle's writes.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from casewatch.alerts.routing import Router
    from casewatch.db.models import Cycle, Source
    from casewatch.db.queries import Reader

OVERDUE_INTERVALS = 3
FAILED = "failed"  # the one check outcome that is not a successful check
UNDELIVERED = ("pending", "sending")


def record_cycle(
    session: Session,
    started: dt.datetime,
    ended: dt.datetime,
    *,
    checked: int,
    failed: int,
    events: int,
    sent: int,
) -> Cycle:
    """Put a completed cycle on record; the changed pages and the alerts still
    waiting are counted from the database."""
    from casewatch.db.models import Cycle

    changed = session.scalar(
        select(func.count(checks.c.id)).where(
            checks.c.started_at >= started, checks.c.outcome == "changed"
        )
    )
    counts = _alert_counts(session)
    cycle = Cycle(
        started_at=started,
        ended_at=ended,
        checked=checked,
        changed=changed or 0,
        failed=failed,
        events=events,
        alerts_sent=sent,
        alerts_pending=counts.get("pending", 0) + counts.get("sending", 0),
        alerts_dead=counts.get("dead", 0),
    )
    session.add(cycle)
    return cycle


@dataclass(frozen=True)
class SourceHealth:
    name: str
    last_checked_at: dt.datetime | None
    last_success_at: dt.datetime | None
    next_due_at: dt.datetime | None  # None: never checked, due at the next run
    failures: int  # consecutive failed checks
    problem: str | None  # why it counts as failing; None when well


@dataclass
class Health:
    checked_at: dt.datetime
    last_cycle: Row[Any] | None  # a row of the cycles table
    sources: list[SourceHealth]
    alerts_pending: int
    alerts_dead: int
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        cycle = self.last_cycle
        return {
            "healthy": self.healthy,
            "checked_at": self.checked_at.isoformat(),
            "problems": self.problems,
            "last_cycle": None
            if cycle is None
            else {
                "started_at": cycle.started_at.isoformat(),
                "ended_at": cycle.ended_at.isoformat(),
                "checked": cycle.checked,
                "changed": cycle.changed,
                "failed": cycle.failed,
                "events": cycle.events,
                "alerts_sent": cycle.alerts_sent,
                "alerts_pending": cycle.alerts_pending,
                "alerts_dead": cycle.alerts_dead,
            },
            "alerts": {"undelivered": self.alerts_pending, "dead": self.alerts_dead},
            "sources": [
                {
                    "name": s.name,
                    "last_checked_at": _iso(s.last_checked_at),
                    "last_success_at": _iso(s.last_success_at),
                    "next_due_at": _iso(s.next_due_at),
                    "failures": s.failures,
                    "failing": s.problem is not None,
                    "problem": s.problem,
                }
                for s in self.sources
            ],
        }


def overdue(
    last_success: dt.datetime | None,
    first_check: dt.datetime | None,
    interval: dt.timedelta,
    now: dt.datetime,
) -> bool:
    """Not checked successfully for OVERDUE_INTERVALS intervals, counted from
    the last success, else from the first check (a new source is not overdue)."""
    since = last_success or first_check
    return since is not None and now - since > interval * OVERDUE_INTERVALS


def assess(session: Reader, config: Config, now: dt.datetime) -> Health:
    """The state of things for ``casewatch status`` (reads only). A source's
    next due time is :func:`casewatch.due.next_due_at`'s, as ``sources`` and
    ``run`` have it (a failed check is retried sooner than the interval)."""
    settings = config.settings
    tz = zoneinfo.ZoneInfo(settings.alerts.timezone)
    rows = queries.source_states(session)
    sources = []
    for source in settings.sources:
        row = rows.get(source.name)
        interval = settings.interval(source)
        last_success, first_check = _check_times(session, row)
        last = row.last_checked_at if row else None
        problem = None
        if row is not None and row.failing:
            problem = f"{plural(row.consecutive_failures, 'failed check')} in a row"
        elif overdue(last_success, first_check, interval, now):
            since = last_success or first_check
            problem = f"not checked successfully since {zoned(since, tz)}"
        sources.append(
            SourceHealth(
                source.name,
                last,
                last_success,
                next_due_at(settings, source, row),
                row.consecutive_failures if row else 0,
                problem,
            )
        )
    counts = _alert_counts(session)
    cycle = session.execute(select(cycles).order_by(cycles.c.ended_at.desc()).limit(1)).first()
    health = Health(
        now,
        cycle,
        sources,
        counts.get("pending", 0) + counts.get("sending", 0),
        counts.get("dead", 0),
    )
    health.problems = _problems(health, config, now)
    return health


def _problems(health: Health, config: Config, now: dt.datetime) -> list[str]:
    problems = [f"source failing: {s.name}: {s.problem}" for s in health.sources if s.problem]
    if health.alerts_pending:
        problems.append(f"{plural(health.alerts_pending, 'alert')} not yet delivered")
    if health.alerts_dead:
        problems.append(f"{plural(health.alerts_dead, 'dead alert')} (casewatch alerts pending)")
    settings = config.settings
    shortest = _shortest_interval(config)
    if shortest is not None:
        cycle = health.last_cycle
        if cycle is None:
            problems.append("no cycle has completed yet")
        elif now - cycle.ended_at > 2 * shortest:
            tz = zoneinfo.ZoneInfo(settings.alerts.timezone)
            problems.append(
                f"no cycle completed since {zoned(cycle.ended_at, tz)} "
                f"(more than twice the shortest interval, {format_duration(shortest)})"
            )
    return problems


def raise_overdue(session: Session, config: Config, router: Router, now: dt.datetime) -> int:
    """``source_failing`` for each source overdue by :func:`overdue` that no
    check has reported yet; the recorder's next success then recovers it.
    Returns how many were raised."""
    from casewatch.db import store
    from casewatch.db.models import Event, Source

    settings = config.settings
    tz = zoneinfo.ZoneInfo(settings.alerts.timezone)
    shortest = _shortest_interval(config)
    if shortest is None:
        return 0
    # Only rows that may be overdue are loaded: a source whose last check
    # succeeded is overdue only if that check is old, and one failing now is
    # reported already. Every cycle runs this; most cycles load no row.
    maybe = select(Source).where(
        Source.failing.is_(False),
        (Source.consecutive_failures > 0)
        | (Source.last_checked_at < now - shortest * OVERDUE_INTERVALS),
    )
    rows = {row.name: row for row in session.scalars(maybe)}
    raised = 0
    for source in settings.sources:
        row = rows.get(source.name)
        if row is None:
            continue
        last_success, first_check = _check_times(session, row)
        if not overdue(last_success, first_check, settings.interval(source), now):
            continue
        since = last_success or first_check
        row.failing = True
        details = {
            "failures": row.consecutive_failures,
            "error": f"not checked successfully for {OVERDUE_INTERVALS} intervals",
            "since": since.isoformat() if since else None,
        }
        event = Event(
            occurred_at=now,
            kind="source_failing",
            source_id=row.id,
            person=source.sole_person,
            # Alert text (alerts quote the summary): written as alerts write a moment.
            summary=f"source failing: not checked successfully since {format_moment(since, tz)}",
            details=details,
        )
        store.add_event(session, event, router.channels_for(event.kind, event.person, details))
        raised += 1
    return raised


def _shortest_interval(config: Config) -> dt.timedelta | None:
    """The shortest interval of any source (None without sources): the
    pace the cycles should keep."""
    settings = config.settings
    return min((settings.interval(s) for s in settings.sources), default=None)


def _check_times(
    session: Reader, row: Source | Row[Any] | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """A source's (last successful check, first check). Its state row tells
    the first when its last check succeeded; otherwise the checks index
    (source_id, started_at) is walked back over its failures in a row only,
    so the cost does not grow with the history."""
    if row is None or row.last_checked_at is None:
        return None, None
    if not row.consecutive_failures:
        return _utc(row.last_checked_at), None
    mine = select(checks.c.started_at).where(checks.c.source_id == row.id)
    last = session.scalar(
        mine.where(checks.c.outcome != FAILED).order_by(checks.c.started_at.desc()).limit(1)
    )
    first = session.scalar(mine.order_by(checks.c.started_at).limit(1))
    return _utc(last), _utc(first)


def _alert_counts(session: Reader) -> dict[str, int]:
    rows = session.execute(
        select(alerts.c.status, func.count(alerts.c.id))
        .where(alerts.c.status.in_((*UNDELIVERED, "dead")))
        .group_by(alerts.c.status)
    )
    return {status: count for status, count in rows}


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # Stored times are UTC; SQLite and PostgreSQL may hand them back naive.
    return None if value is None else value.replace(tzinfo=dt.UTC)


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()

"""Recording deadline reminders (``deadline_near``): for each deadline a
watched page states now, the reminder :func:`casewatch.deadlines.due_reminder`
finds due, with its alerts; a reminder joins the unsent news of a moved
deadline instead of being a second alert.

Apart from ``casewatch.deadlines`` (how deadlines are written and when they
are due), which the case rules and templates import: this module loads the
ORM, and ``cases`` must not (issue 9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from casewatch.case.facts import Deadline, Facts
from casewatch.config import Config
from casewatch.db import store
from casewatch.db.models import Event, Snapshot, Source
from casewatch.deadlines import days_left, describe, due_reminder, local_today

if TYPE_CHECKING:
    from casewatch.alerts.routing import Router


def remind(
    config: Config, sessions: sessionmaker[Session], router: Router, now: dt.datetime
) -> int:
    """Record the reminders that are due at ``now``, with their alerts; returns how many."""
    raised = 0
    with sessions.begin() as session:
        for source, snapshot, deadline in _current_deadlines(session, config):
            event = _reminder(session, config, source, snapshot, deadline, now)
            if event is None:
                continue
            channels = router.channels_for(event.kind, event.person, event.details)
            news, told = store.unsent_deadline_news(
                session, source.id, deadline.label, deadline.date
            )
            if news is not None:
                # "Deadline moved to 29 Nov (in 2 days)" is still to be sent to
                # these channels: it is the reminder there, as urgent as one.
                news.details = {**news.details, "threshold": event.details["threshold"]}
                channels = [c for c in channels if c not in told]
            raised += store.add_event_once(session, event, channels)
    return raised


def _current_deadlines(
    session: Session, config: Config
) -> Iterator[tuple[Source, Snapshot, Deadline]]:
    watched = {s.name for s in config.settings.sources}
    for source, snapshot in store.latest_snapshots(session):
        if source.name not in watched or source.removed:
            continue
        for deadline in Facts.from_json(snapshot.facts).deadlines:
            yield source, snapshot, deadline


def _reminder(
    session: Session,
    config: Config,
    source: Source,
    snapshot: Snapshot,
    deadline: Deadline,
    now: dt.datetime,
) -> Event | None:
    settings = config.settings.alerts
    # Keyed by the source's id, not its name: a renamed source is not reminded twice.
    key = f"deadline_near|{source.id}|{deadline.label}|{deadline.person}|{deadline.date}|"
    sent = {
        k.removeprefix(key) for k in store.dedupe_keys(session, source.id, "deadline_near", key)
    }
    threshold = due_reminder(deadline.date, now, settings.timezone, settings.remind_before, sent)
    if threshold is None:
        return None
    left = days_left(deadline.date, now, settings.timezone)
    return Event(
        occurred_at=now,
        kind="deadline_near",
        source_id=source.id,
        person=deadline.person
        or config.settings.source(source.name).sole_person
        or Facts.from_json(snapshot.facts).sole_person,
        summary=f"{deadline.label}: {describe(deadline.date, local_today(now, settings.timezone))}",
        details={
            "label": deadline.label,
            "date": deadline.date.isoformat(),
            "days_left": left,
            "threshold": threshold,
            "url": source.url,
            **_action(snapshot.facts),
        },
        dedupe_key=key + threshold,
    )


def _action(facts: dict[str, Any]) -> dict[str, Any]:
    """What the source asks people to do, for the reminder's body."""
    extra = facts.get("extra") or {}
    found = {"ua_number": facts.get("ua_number"), "action": extra.get("action")}
    return {k: v for k, v in found.items() if v}

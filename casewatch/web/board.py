"""The case board (``/``): every watched person, and what needs attention."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from casewatch.alerts.digest import HELD
from casewatch.db import loaded
from casewatch.db.models import Event
from casewatch.sources import source_objects
from casewatch.views import case_objects, event_object
from casewatch.web.site import Site


def board(session: Session, site: Site) -> dict[str, Any]:
    """The template context of the board: cases (each with its newest event),
    failing sources and undelivered alerts (errors masked)."""
    cases = case_objects(session, site.config)
    newest = _newest_events(session)
    for case in cases:
        event = newest.get(case["person"])
        case["last_event"] = event_object(event) if event else None
    failing = [s for s in source_objects(session, site.config) if s["failures"] or s["failing"]]
    undelivered = [
        {
            "id": alert.id,
            "channel": alert.channel,
            "status": alert.status,
            "attempts": alert.attempts,
            "last_error": site.config.redact(alert.last_error) if alert.last_error else "",
            "event": event_object(alert.event),
        }
        for alert in loaded.alerts_with_events(session)
        if alert.status != HELD
    ]
    return {"cases": cases, "failing": failing, "undelivered": undelivered}


def _newest_events(session: Session) -> dict[str, Event]:
    """Each person's newest event (by time, then id), in one query."""
    rank = (
        func.row_number()
        .over(partition_by=Event.person, order_by=(Event.occurred_at.desc(), Event.id.desc()))
        .label("rank")
    )
    ranked = select(Event.id, rank).where(Event.person.is_not(None)).subquery()
    found = session.scalars(
        select(Event)
        .join(ranked, ranked.c.id == Event.id)
        .where(ranked.c.rank == 1)
        .options(joinedload(Event.source))
    )
    return {event.person: event for event in found if event.person}

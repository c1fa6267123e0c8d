"""Read-only queries that return ORM objects with what they refer to loaded:
the dashboard's event lists and board, and ``diff``. The command-line
readers use the Core queries of ``casewatch.db.queries`` instead."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from casewatch.db.models import Alert, Event, Source
from casewatch.db.queries import NOT_DELIVERED, HistoryFilter, matching


def history_page(
    session: Session, where: HistoryFilter, limit: int, offset: int = 0
) -> Sequence[Event]:
    """One page of the events matching ``where``, newest first (the dashboard's lists)."""
    query = history_select(where).order_by(Event.occurred_at.desc(), Event.id.desc())
    return session.scalars(query.limit(limit).offset(offset)).all()


def history_select(where: HistoryFilter) -> Select[tuple[Event]]:
    """The unordered query of the events matching ``where``, with their sources."""
    query = (
        select(Event)
        .outerjoin(Source, Event.source_id == Source.id)
        .options(joinedload(Event.source))
    )
    return matching(query, where)


def event(session: Session, event_id: int) -> Event | None:
    return session.get(Event, event_id, options=[joinedload(Event.diff), joinedload(Event.source)])


def alerts_with_events(session: Session) -> Sequence[Alert]:
    """The alerts of :data:`casewatch.db.queries.NOT_DELIVERED`, oldest
    first, with their events and sources loaded."""
    return session.scalars(
        select(Alert)
        .where(NOT_DELIVERED)
        .options(joinedload(Alert.event).joinedload(Event.source))
        .order_by(Alert.id)
    ).all()

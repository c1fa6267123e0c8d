"""Read-only queries behind ``history``, ``diff`` and ``alerts pending``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session, joinedload

from casewatch.db.models import Alert, Check, Event, Source

SelectT = TypeVar("SelectT", bound=Select[Any])


@dataclass(frozen=True)
class HistoryFilter:
    people: Sequence[str] = ()  # canonical names
    sources: Sequence[str] = ()
    kinds: Sequence[str] = ()
    since: dt.datetime | None = None
    until: dt.datetime | None = None


# The columns of an event as ``history`` shows it: plain rows, no ORM objects
# (10,000 events load in a fifth of the time).
HISTORY_COLUMNS = (
    Event.id,
    Event.occurred_at,
    Event.kind,
    Event.person,
    Source.name.label("source"),
    Source.url.label("source_url"),
    Event.summary,
    Event.details,
)


def history(session: Session, where: HistoryFilter) -> Sequence[Row[Any]]:
    """The events matching ``where``, oldest first, as rows of
    :data:`HISTORY_COLUMNS` (``source`` and ``source_url`` are None for an
    event of no source)."""
    query = select(*HISTORY_COLUMNS).outerjoin(Source, Event.source_id == Source.id)
    query = _matching(query, where).order_by(Event.occurred_at, Event.id)
    return session.execute(query).all()


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
    return _matching(query, where)


def _matching(query: SelectT, where: HistoryFilter) -> SelectT:
    """``query`` (of events joined to their sources) narrowed to ``where``."""
    if where.people:
        query = query.where(Event.person.in_(where.people))
    if where.sources:
        query = query.where(Source.name.in_(where.sources))
    if where.kinds:
        query = query.where(Event.kind.in_(where.kinds))
    if where.since:
        query = query.where(Event.occurred_at >= where.since)
    if where.until:
        query = query.where(Event.occurred_at <= where.until)
    return query


def event(session: Session, event_id: int) -> Event | None:
    return session.get(Event, event_id, options=[joinedload(Event.diff), joinedload(Event.source)])


def alerts_not_delivered(session: Session) -> Sequence[Alert]:
    """Alerts still to deliver, or given up on (``dead``) and not dismissed."""
    return session.scalars(
        select(Alert)
        .where(Alert.status.not_in(("delivered", "dismissed")))
        .options(joinedload(Alert.event).joinedload(Event.source))
        .order_by(Alert.id)
    ).all()


STATEMENT_KINDS = ("new_mention", "status_changed")


def status_statements(
    session: Session,
    source_id: int | None = None,
    person: str | None = None,
    *,
    latest: bool = False,
) -> list[tuple[int, str, str, dict[str, Any], dt.datetime, bool]]:
    """(source id, kind, person, details, when, baseline) of the new_mention
    and status_changed events (of one source and one person, or all), oldest
    first: what each source said of each person. With ``latest``, only each
    source's last statement of each person (what ``cases`` needs: the rows
    read stay one per source and person, however long the history)."""
    statement = Event.kind.in_(STATEMENT_KINDS), Event.person.is_not(None)
    query = (
        select(
            Event.source_id,
            Event.kind,
            Event.person,
            Event.details,
            Event.occurred_at,
            Event.baseline,
        )
        .where(*statement)
        .order_by(Event.id)
    )
    if latest:
        newest = (
            select(func.max(Event.id)).where(*statement).group_by(Event.source_id, Event.person)
        )
        query = query.where(Event.id.in_(newest.scalar_subquery()))
    if source_id is not None:
        query = query.where(Event.source_id == source_id)
    if person is not None:
        query = query.where(Event.person == person)
    return [tuple(row) for row in session.execute(query)]


def last_event_times(session: Session) -> dict[str, dt.datetime]:
    """When each person's newest event happened, in one query."""
    rows = session.execute(
        select(Event.person, func.max(Event.occurred_at))
        .where(Event.person.is_not(None))
        .group_by(Event.person)
    )
    return {person: moment for person, moment in rows}


def last_checks(session: Session) -> dict[int, Check]:
    """Each source's newest check, by source id (one query)."""
    newest = select(func.max(Check.id)).group_by(Check.source_id).scalar_subquery()
    return {c.source_id: c for c in session.scalars(select(Check).where(Check.id.in_(newest)))}


def removal_times(session: Session) -> dict[int, dt.datetime]:
    """When each source whose page is removed now was found removed (its
    newest ``page_removed`` event), by source id. The removed sources are
    looked up first: with none (the usual case) no event is read."""
    removed = list(session.scalars(select(Source.id).where(Source.removed.is_(True))))
    if not removed:
        return {}
    rows = session.execute(
        select(Event.source_id, func.max(Event.occurred_at))
        .where(Event.source_id.in_(removed), Event.kind == "page_removed")
        .group_by(Event.source_id)
    )
    return {source_id: moment for source_id, moment in rows if moment is not None}

"""Read-only queries behind ``history``, ``cases``, ``alerts pending`` and
``status``, in SQLAlchemy Core on the tables of ``casewatch.db.tables``.

They never load the ORM (issue 9: about 0.1 s of CPU per command). Each
takes a ``Reader``: a plain connection (``App.reading``) or an ORM session
(the dashboard's), which runs Core statements alike. Rows have the columns'
names as attributes. Queries that return ORM objects are in
``casewatch.db.loaded``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Row, Select, func, select

from casewatch.db.tables import alerts, checks, events, sources

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    Reader = Connection | Session  # anything that runs Core statements

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
    events.c.id,
    events.c.occurred_at,
    events.c.kind,
    events.c.person,
    sources.c.name.label("source"),
    sources.c.url.label("source_url"),
    events.c.summary,
    events.c.details,
)


def history(reader: Reader, where: HistoryFilter, *, details: bool = True) -> Sequence[Row[Any]]:
    """The events matching ``where``, oldest first, as rows of
    :data:`HISTORY_COLUMNS` (``source`` and ``source_url`` are None for an
    event of no source); without ``details``, the rows end at ``summary``
    (``history``'s table shows no details: 10,000 of them take 0.03 s of
    CPU to decode)."""
    columns = HISTORY_COLUMNS if details else HISTORY_COLUMNS[:-1]
    query = select(*columns).outerjoin(sources, events.c.source_id == sources.c.id)
    query = matching(query, where).order_by(events.c.occurred_at, events.c.id)
    return reader.execute(query).all()


def matching(query: SelectT, where: HistoryFilter) -> SelectT:
    """``query`` (of events joined to their sources) narrowed to ``where``."""
    if where.people:
        query = query.where(events.c.person.in_(where.people))
    if where.sources:
        query = query.where(sources.c.name.in_(where.sources))
    if where.kinds:
        query = query.where(events.c.kind.in_(where.kinds))
    if where.since:
        query = query.where(events.c.occurred_at >= where.since)
    if where.until:
        query = query.where(events.c.occurred_at <= where.until)
    return query


# Alerts still to deliver, or given up on (``dead``) and not dismissed.
NOT_DELIVERED = alerts.c.status.not_in(("delivered", "dismissed"))


def alerts_not_delivered(reader: Reader) -> Sequence[Row[Any]]:
    """The alerts of :data:`NOT_DELIVERED`, oldest first, as rows of the
    alert's columns and its event's ``kind``, ``person`` and ``source``
    (the source's name; None for an event of no source)."""
    return reader.execute(
        select(alerts, events.c.kind, events.c.person, sources.c.name.label("source"))
        .join(events, alerts.c.event_id == events.c.id)
        .outerjoin(sources, events.c.source_id == sources.c.id)
        .where(NOT_DELIVERED)
        .order_by(alerts.c.id)
    ).all()


STATEMENT_KINDS = ("new_mention", "status_changed")


def status_statements(
    reader: Reader,
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
    statement = events.c.kind.in_(STATEMENT_KINDS), events.c.person.is_not(None)
    query = (
        select(
            events.c.source_id,
            events.c.kind,
            events.c.person,
            events.c.details,
            events.c.occurred_at,
            events.c.baseline,
        )
        .where(*statement)
        .order_by(events.c.id)
    )
    if latest:
        newest = (
            select(func.max(events.c.id))
            .where(*statement)
            .group_by(events.c.source_id, events.c.person)
        )
        query = query.where(events.c.id.in_(newest.scalar_subquery()))
    if source_id is not None:
        query = query.where(events.c.source_id == source_id)
    if person is not None:
        query = query.where(events.c.person == person)
    return [tuple(row) for row in reader.execute(query)]


def last_event_times(reader: Reader) -> dict[str, dt.datetime]:
    """When each person's newest event happened, in one query."""
    rows = reader.execute(
        select(events.c.person, func.max(events.c.occurred_at))
        .where(events.c.person.is_not(None))
        .group_by(events.c.person)
    )
    return {person: moment for person, moment in rows}


def last_checks(reader: Reader) -> dict[int, Row[Any]]:
    """Each source's newest check (a row of its columns), by source id (one query)."""
    newest = select(func.max(checks.c.id)).group_by(checks.c.source_id).scalar_subquery()
    return {c.source_id: c for c in reader.execute(select(checks).where(checks.c.id.in_(newest)))}


def source_states(reader: Reader) -> dict[str, Row[Any]]:
    """Every source's row (its state: last check, failures, validators ...),
    by name; ``casewatch.db.store.sources_by_name`` has them as ORM objects
    for the commands that change them."""
    return {row.name: row for row in reader.execute(select(sources))}


def current_facts(reader: Reader) -> dict[int, dict[str, Any]]:
    """What each source says now (its state's facts, read for today's
    people), by source id; sources never read are left out."""
    rows = reader.execute(select(sources.c.id, sources.c.facts).where(sources.c.facts.is_not(None)))
    return {source_id: facts for source_id, facts in rows}


def removal_times(reader: Reader) -> dict[int, dt.datetime]:
    """When each source whose page is removed now was found removed (its
    newest ``page_removed`` event), by source id. The removed sources are
    looked up first: with none (the usual case) no event is read."""
    removed = list(reader.scalars(select(sources.c.id).where(sources.c.removed.is_(True))))
    if not removed:
        return {}
    rows = reader.execute(
        select(events.c.source_id, func.max(events.c.occurred_at))
        .where(events.c.source_id.in_(removed), events.c.kind == "page_removed")
        .group_by(events.c.source_id)
    )
    return {source_id: moment for source_id, moment in rows if moment is not None}

"""Reading and writing the records; callers own the transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from casewatch.db.models import Alert, Event, Snapshot, Source
from casewatch.db.tables import events


def last_checked(session: Session, names: Iterable[str]) -> dict[str, dt.datetime | None]:
    """When each of these sources was last checked (sources never seen are left out)."""
    rows = session.execute(
        select(Source.name, Source.last_checked_at).where(Source.name.in_(list(names)))
    )
    return {name: at for name, at in rows}


def sources_by_name(session: Session) -> dict[str, Source]:
    return {s.name: s for s in session.scalars(select(Source))}


def add_event(session: Session, event: Event, channels: Iterable[str]) -> Event:
    """The event and its outbox rows, in the caller's transaction."""
    session.add(event)
    session.flush()
    for channel in channels:
        session.add(Alert(event_id=event.id, channel=channel, next_attempt_at=event.occurred_at))
    return event


def add_event_once(session: Session, event: Event, channels: Iterable[str]) -> bool:
    """Like add_event for an event with a ``dedupe_key``: False if already there."""
    try:
        with session.begin_nested():
            add_event(session, event, channels)
    except IntegrityError:
        return False
    return True


def unsent_deadline_news(
    session: Session, source_id: int, label: str, date: dt.date
) -> tuple[Event | None, set[str]]:
    """The newest deadline_added/changed event for this date with alerts still
    to send, and the channels those alerts go to (a reminder can join them)."""
    rows = session.execute(
        select(Event, Alert.channel)
        .join(Alert, Alert.event_id == Event.id)
        .where(
            Event.source_id == source_id,
            Event.kind.in_(("deadline_added", "deadline_changed")),
            Alert.status.in_(("pending", "held")),
        )
        .order_by(Event.id.desc())
    )
    news: Event | None = None
    channels: set[str] = set()
    for event, channel in rows:
        if event.details.get("label") != label or event.details.get("date") != date.isoformat():
            continue
        if news is not None and event.id != news.id:
            break
        news = event
        channels.add(channel)
    return news, channels


def alerted_status_changes(
    reader: Session | Connection, person: str, since: dt.datetime
) -> list[tuple[int, int | None, dict[str, Any]]]:
    """The alerted status_changed events about ``person`` since ``since``, as
    (id, source id, details), newest first (the alert policy looks for
    repeats in them). Core: the recorder asks on a plain connection."""
    rows = reader.execute(
        select(events.c.id, events.c.source_id, events.c.details)
        .where(
            events.c.kind == "status_changed",
            events.c.person == person,
            events.c.baseline.is_(False),
            events.c.occurred_at >= since,
        )
        .order_by(events.c.id.desc())
    )
    return [(event_id, source_id, details) for event_id, source_id, details in rows]


def dedupe_keys(session: Session, source_id: int, kind: str, prefix: str) -> set[str]:
    """The dedupe keys of ``source_id``'s ``kind`` events that start with
    ``prefix``. The (source_id, kind) index narrows the search to that
    source's few events of the kind on every backend (a LIKE on the key
    itself uses an index only under a binary collation), so the cost stays
    the same whatever the history."""
    query = select(Event.dedupe_key).where(
        Event.source_id == source_id, Event.kind == kind, Event.dedupe_key.startswith(prefix)
    )
    return {key for key in session.scalars(query) if key}


def alerts_to_send(
    session: Session, now: dt.datetime, respect_backoff: bool, channel: str | None = None
) -> Sequence[Alert]:
    """Alerts to send one by one now (only ``channel``'s, if given)."""
    query = select(Alert).where(Alert.status.in_(("pending", "sending"))).order_by(Alert.id)
    if respect_backoff:
        query = query.where(Alert.next_attempt_at <= now)
    if channel is not None:
        query = query.where(Alert.channel == channel)
    return session.scalars(query).all()


def channels_to_send(session: Session, now: dt.datetime, respect_backoff: bool) -> set[str]:
    """The channels with an alert that is not delivered and may be due: to
    send now, or to sort into (or out of) a digest."""
    query = select(Alert.channel).where(Alert.status.in_(("pending", "sending", "held")))
    if respect_backoff:
        query = query.where(Alert.next_attempt_at <= now)
    return set(session.scalars(query.distinct()))


def latest_snapshots(session: Session) -> list[tuple[Source, Snapshot]]:
    """Each source with its current snapshot, in one query (not one per
    source), without the snapshots' text. A snapshot's facts are what the
    page said when the text was first stored; the source's ``facts`` are what
    it says now, read for today's people."""
    rows = session.execute(
        select(Source, Snapshot)
        .join(Snapshot, Snapshot.id == Source.snapshot_id)
        .options(defer(Snapshot.text_z))
    )
    return [(source, snapshot) for source, snapshot in rows]

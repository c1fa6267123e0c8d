"""The schema: sources, their checks and snapshots, diffs, events, alerts.

``db/`` is the only owner of these tables; migrations in ``db/migrations``
create them, and a test checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {dt.datetime: UTCDateTime, dict[str, Any]: JSON}


class Source(Base):
    """A watched page, keyed by its config name, with its state: everything a
    check needs to know of the past, updated in the check's transaction.

    The state lives on this row rather than in a table of its own: the row is
    loaded by every check anyway (by name), so the state costs no extra query
    or join, and the availability state and validators were already here.
    ``snapshot_id`` is deliberately not a foreign key: snapshots already
    reference sources, and a cycle would make table creation order and
    SQLite's table-rebuilding migrations fragile.
    """

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    failing: Mapped[bool] = mapped_column(default=False)
    removed: Mapped[bool] = mapped_column(default=False)
    last_checked_at: Mapped[dt.datetime | None]
    # A server's Retry-After too long to wait within a check: not checked before.
    not_before: Mapped[dt.datetime | None]
    # How the last snapshot was read (address, kind, select, ignore, reader
    # version): when it changes, the next difference is ours, not the page's.
    reading: Mapped[str | None] = mapped_column(String(64))
    # Whom its facts were read for (the people list): when it changes, the
    # stored text is read again, quietly, without refetching.
    people_key: Mapped[str | None] = mapped_column(String(64))
    # The current snapshot (the text the page shows now) and its hash.
    snapshot_id: Mapped[int | None]
    snapshot_hash: Mapped[str | None] = mapped_column(String(64))
    # What the page says now, read for today's people (a snapshot's own facts
    # are history: what it said when it was first stored).
    facts: Mapped[dict[str, Any] | None]
    # What the source last said of each person it ever named:
    # {person: {"status": ..., "status_detail": ...}}.
    said: Mapped[dict[str, Any] | None]
    next_due_at: Mapped[dt.datetime | None]


class Check(Base):
    """One fetch of a source, whatever its outcome."""

    __tablename__ = "checks"
    __table_args__ = (Index("ix_checks_source_time", "source_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    started_at: Mapped[dt.datetime]
    duration_ms: Mapped[int] = mapped_column(Integer)
    http_status: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(String(20))  # changed, unchanged, ...
    error: Mapped[str | None] = mapped_column(Text)
    # The snapshot the page showed at this check (also when unchanged).
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))


class Snapshot(Base):
    """A distinct version of a source's watched text (stored once per hash)."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("source_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    text_z: Mapped[bytes] = mapped_column(LargeBinary)
    facts: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def text(self) -> str:
        return zlib.decompress(self.text_z).decode("utf-8")

    @staticmethod
    def compress(text: str) -> bytes:
        return zlib.compress(text.encode("utf-8"), 6)


class Diff(Base):
    """The unified diff between two consecutive snapshots of a source."""

    __tablename__ = "diffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    old_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    new_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    unified: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    old_snapshot: Mapped[Snapshot] = relationship(foreign_keys=[old_snapshot_id])
    new_snapshot: Mapped[Snapshot] = relationship(foreign_keys=[new_snapshot_id])


class Event(Base):
    """One entry of the case timeline (SPEC §3)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_time", "occurred_at"),
        # A source's reminders (casewatch/deadlines.py) are found through it.
        Index("ix_events_source_kind", "source_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    person: Mapped[str | None] = mapped_column(String(200), index=True)
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]]
    diff_id: Mapped[int | None] = mapped_column(ForeignKey("diffs.id"))
    check_id: Mapped[int | None] = mapped_column(ForeignKey("checks.id"))
    baseline: Mapped[bool] = mapped_column(default=False)  # recorded, not alerted
    # Makes once-only events (a reminder per deadline and threshold) idempotent.
    dedupe_key: Mapped[str | None] = mapped_column(String(400), unique=True)

    source: Mapped[Source | None] = relationship()
    diff: Mapped[Diff | None] = relationship()


HELD = "held"  # the Alert.status of an alert waiting for its channel's digest


class Alert(Base):
    """The outbox: one row per event and channel, written with the event."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("event_id", "channel"),
        Index("ix_alerts_status", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    channel: Mapped[str] = mapped_column(String(200))
    # pending → sending → delivered | pending (retry) | dead → dismissed;
    # "held" waits for the channel's daily digest (alerts/digest.py).
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[dt.datetime | None]
    # The first failed send since the alert last was new, requeued or sent:
    # an alert is given up only after failing for ``give_up_after`` (SPEC §4).
    failing_since: Mapped[dt.datetime | None]
    # The previous attempt was cut off mid-send: the service may have it already.
    possible_repeat: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship()


class Cycle(Base):
    """One completed ``run`` (alone, or a daemon's cycle): for ``casewatch status``."""

    __tablename__ = "cycles"
    __table_args__ = (Index("ix_cycles_ended", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime]
    checked: Mapped[int] = mapped_column(default=0)  # sources checked
    changed: Mapped[int] = mapped_column(default=0)  # of which the page changed
    failed: Mapped[int] = mapped_column(default=0)  # of which the check failed
    events: Mapped[int] = mapped_column(default=0)  # events recorded, reminders included
    alerts_sent: Mapped[int] = mapped_column(default=0)
    alerts_pending: Mapped[int] = mapped_column(default=0)  # still to send when it ended
    alerts_dead: Mapped[int] = mapped_column(default=0)

"""The schema: sources, their checks and snapshots, diffs, events, alerts.

``db/`` is the only owner of these tables, and this module is their one
definition, as SQLAlchemy Core tables. The ORM classes of ``db/models.py``
are mapped onto these same tables; the read-only commands (``history``,
``cases``, ``alerts pending``, ``status``) query them with Core alone, so
that they never load ``sqlalchemy.orm`` (about 0.1 s of CPU at every
start, issue 9). Migrations in ``db/migrations`` create the tables, and a
test checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)


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


metadata = MetaData()


def _table(name: str, *parts: Any) -> Table:
    """A table of casewatch's schema: an integer primary key ``id``, then ``parts``."""
    return Table(name, metadata, Column("id", Integer, primary_key=True), *parts)


def _source_id() -> Column[int]:
    return Column("source_id", Integer, ForeignKey("sources.id"), nullable=False)


def _required(name: str, *kind: Any, **options: Any) -> Column[Any]:
    """A NOT NULL column (the ORM's ``Mapped[X]``): its type, then any foreign key."""
    return Column(name, *kind, nullable=False, **options)


def _optional(name: str, *kind: Any, **options: Any) -> Column[Any]:
    """A nullable column (the ORM's ``Mapped[X | None]``)."""
    return Column(name, *kind, nullable=True, **options)


# A watched page, keyed by its config name, with its state: everything a
# check needs to know of the past, updated in the check's transaction (see
# models.Source for why the state lives on this row).
sources = _table(
    "sources",
    _required("name", String(200), unique=True),
    _required("url", Text),
    _required("kind", String(40)),
    _optional("etag", Text),
    _optional("last_modified", Text),
    _required("consecutive_failures", Integer, default=0),
    _required("failing", Boolean, default=False),
    _required("removed", Boolean, default=False),
    _optional("last_checked_at", UTCDateTime),
    # A server's Retry-After too long to wait within a check: not checked before.
    _optional("not_before", UTCDateTime),
    # How the last snapshot was read (address, kind, select, ignore, reader
    # version): when it changes, the next difference is ours, not the page's.
    _optional("reading", String(64)),
    # Whom its facts were read for (the people list): when it changes, the
    # stored text is read again, quietly, without refetching.
    _optional("people_key", String(64)),
    # The current snapshot (the text the page shows now) and its hash; not a
    # foreign key (models.Source says why).
    _optional("snapshot_id", Integer),
    _optional("snapshot_hash", String(64)),
    # What the page says now, read for today's people (a snapshot's own facts
    # are history: what it said when it was first stored).
    _optional("facts", JSON),
    # What the source last said of each person it ever named:
    # {person: {"status": ..., "status_detail": ...}}.
    _optional("said", JSON),
    _optional("next_due_at", UTCDateTime),
)

# One fetch of a source, whatever its outcome.
checks = _table(
    "checks",
    _source_id(),
    _required("started_at", UTCDateTime),
    _required("duration_ms", Integer),
    _optional("http_status", Integer),
    _required("outcome", String(20)),  # changed, unchanged, ...
    _optional("error", Text),
    # The snapshot the page showed at this check (also when unchanged).
    _optional("snapshot_id", Integer, ForeignKey("snapshots.id")),
    Index("ix_checks_source_time", "source_id", "started_at"),
)

# A distinct version of a source's watched text (stored once per hash).
snapshots = _table(
    "snapshots",
    _source_id(),
    _required("content_hash", String(64)),
    _required("text_z", LargeBinary),
    _required("facts", JSON),
    _required("created_at", UTCDateTime, default=utcnow),
    UniqueConstraint("source_id", "content_hash"),
)

# The unified diff between two consecutive snapshots of a source.
diffs = _table(
    "diffs",
    _source_id(),
    _required("old_snapshot_id", Integer, ForeignKey("snapshots.id")),
    _required("new_snapshot_id", Integer, ForeignKey("snapshots.id")),
    _required("unified", Text),
    _required("created_at", UTCDateTime, default=utcnow),
)

# One entry of the case timeline (SPEC §3).
events = _table(
    "events",
    _required("occurred_at", UTCDateTime, default=utcnow),
    _required("kind", String(40), index=True),
    _optional("source_id", Integer, ForeignKey("sources.id")),
    _optional("person", String(200), index=True),
    _required("summary", Text),
    _required("details", JSON),
    _optional("diff_id", Integer, ForeignKey("diffs.id")),
    _optional("check_id", Integer, ForeignKey("checks.id")),
    _required("baseline", Boolean, default=False),  # recorded, not alerted
    # Makes once-only events (a reminder per deadline and threshold) idempotent.
    _optional("dedupe_key", String(400), unique=True),
    Index("ix_events_time", "occurred_at"),
    # A source's reminders (casewatch/deadlines.py) are found through it.
    Index("ix_events_source_kind", "source_id", "kind"),
)

HELD = "held"  # the status of an alert waiting for its channel's digest

# The outbox: one row per event and channel, written with the event.
alerts = _table(
    "alerts",
    _required("event_id", Integer, ForeignKey("events.id")),
    _required("channel", String(200)),
    # pending → sending → delivered | pending (retry) | dead → dismissed;
    # "held" waits for the channel's daily digest (alerts/digest.py).
    _required("status", String(20), default="pending"),
    _required("attempts", Integer, default=0),
    _optional("last_error", Text),
    _required("created_at", UTCDateTime, default=utcnow),
    _required("next_attempt_at", UTCDateTime, default=utcnow),
    _optional("delivered_at", UTCDateTime),
    # The first failed send since the alert last was new, requeued or sent:
    # an alert is given up only after failing for ``give_up_after`` (SPEC §4).
    _optional("failing_since", UTCDateTime),
    # The previous attempt was cut off mid-send: the service may have it already.
    _required("possible_repeat", Boolean, default=False),
    UniqueConstraint("event_id", "channel"),
    Index("ix_alerts_status", "status", "next_attempt_at"),
)

# One completed ``run`` (alone, or a daemon's cycle): for ``casewatch status``.
cycles = _table(
    "cycles",
    _required("started_at", UTCDateTime),
    _required("ended_at", UTCDateTime),
    _required("checked", Integer, default=0),  # sources checked
    _required("changed", Integer, default=0),  # of which the page changed
    _required("failed", Integer, default=0),  # of which the check failed
    _required("events", Integer, default=0),  # events recorded, reminders included
    _required("alerts_sent", Integer, default=0),
    _required("alerts_pending", Integer, default=0),  # still to send when it ended
    _required("alerts_dead", Integer, default=0),
    Index("ix_cycles_ended", "ended_at"),
)

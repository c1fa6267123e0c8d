"""The ORM classes of casewatch's tables, for the commands that write.

The tables themselves are defined once, in ``db/tables.py`` (Core), and
each class here is mapped onto its table (``__table__``): the annotations
only give the attributes their types. Read-only commands use the tables
alone and never load the ORM.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from casewatch.db import tables
from casewatch.db.tables import HELD as HELD  # re-exported: callers name it with the model
from casewatch.db.tables import utcnow as utcnow


class Base(DeclarativeBase):
    metadata = tables.metadata


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

    __table__ = tables.sources

    id: Mapped[int]
    name: Mapped[str]
    url: Mapped[str]
    kind: Mapped[str]
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    consecutive_failures: Mapped[int]
    failing: Mapped[bool]
    removed: Mapped[bool]
    last_checked_at: Mapped[dt.datetime | None]
    not_before: Mapped[dt.datetime | None]
    reading: Mapped[str | None]
    people_key: Mapped[str | None]
    snapshot_id: Mapped[int | None]
    snapshot_hash: Mapped[str | None]
    facts: Mapped[dict[str, Any] | None]
    said: Mapped[dict[str, Any] | None]
    next_due_at: Mapped[dt.datetime | None]


class Check(Base):
    """One fetch of a source, whatever its outcome."""

    __table__ = tables.checks

    id: Mapped[int]
    source_id: Mapped[int]
    started_at: Mapped[dt.datetime]
    duration_ms: Mapped[int]
    http_status: Mapped[int | None]
    outcome: Mapped[str]
    error: Mapped[str | None]
    snapshot_id: Mapped[int | None]


class Snapshot(Base):
    """A distinct version of a source's watched text (stored once per hash)."""

    __table__ = tables.snapshots

    id: Mapped[int]
    source_id: Mapped[int]
    content_hash: Mapped[str]
    text_z: Mapped[bytes]
    facts: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime]

    @property
    def text(self) -> str:
        return self.decompress(self.text_z)

    @staticmethod
    def decompress(text_z: bytes) -> str:
        return zlib.decompress(text_z).decode("utf-8")

    @staticmethod
    def compress(text: str) -> bytes:
        return zlib.compress(text.encode("utf-8"), 6)


class Diff(Base):
    """The unified diff between two consecutive snapshots of a source."""

    __table__ = tables.diffs

    id: Mapped[int]
    source_id: Mapped[int]
    old_snapshot_id: Mapped[int]
    new_snapshot_id: Mapped[int]
    unified: Mapped[str]
    created_at: Mapped[dt.datetime]

    old_snapshot: Mapped[Snapshot] = relationship(foreign_keys=[tables.diffs.c.old_snapshot_id])
    new_snapshot: Mapped[Snapshot] = relationship(foreign_keys=[tables.diffs.c.new_snapshot_id])


class Event(Base):
    """One entry of the case timeline (SPEC §3)."""

    __table__ = tables.events

    id: Mapped[int]
    occurred_at: Mapped[dt.datetime]
    kind: Mapped[str]
    source_id: Mapped[int | None]
    person: Mapped[str | None]
    summary: Mapped[str]
    details: Mapped[dict[str, Any]]
    diff_id: Mapped[int | None]
    check_id: Mapped[int | None]
    baseline: Mapped[bool]
    dedupe_key: Mapped[str | None]

    source: Mapped[Source | None] = relationship()
    diff: Mapped[Diff | None] = relationship()


class Alert(Base):
    """The outbox: one row per event and channel, written with the event."""

    __table__ = tables.alerts

    id: Mapped[int]
    event_id: Mapped[int]
    channel: Mapped[str]
    status: Mapped[str]
    attempts: Mapped[int]
    last_error: Mapped[str | None]
    created_at: Mapped[dt.datetime]
    next_attempt_at: Mapped[dt.datetime]
    delivered_at: Mapped[dt.datetime | None]
    failing_since: Mapped[dt.datetime | None]
    possible_repeat: Mapped[bool]

    event: Mapped[Event] = relationship()


class Cycle(Base):
    """One completed ``run`` (alone, or a daemon's cycle): for ``casewatch status``."""

    __table__ = tables.cycles

    id: Mapped[int]
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime]
    checked: Mapped[int]
    changed: Mapped[int]
    failed: Mapped[int]
    events: Mapped[int]
    alerts_sent: Mapped[int]
    alerts_pending: Mapped[int]
    alerts_dead: Mapped[int]

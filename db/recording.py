"""The statements of one check's transaction, in SQLAlchemy Core.

``casewatch.recorder`` writes every check through these: the source's row
(read, then its changed columns written back), the check, a new snapshot and
diff, the events and their outbox rows. The ORM's unit of work did the same
in about four times the CPU per check (issue 9: an unchanged check cost
0.52 ms of the recorder thread's CPU, 0.13 ms with these), and the recorder
thread shares the GIL with the reactor that fetches.

The statements are built once, here: a statement built per call pays for
its cache key at every execution. Each function runs on the caller's
connection, inside the caller's transaction; none commits. Ids come back
from the insert itself (``lastrowid`` on SQLite, ``RETURNING`` on
PostgreSQL): one round trip per row.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Row, Table, bindparam, insert, select, update

from casewatch.db.models import Event, Snapshot
from casewatch.db.tables import alerts, checks, diffs, events, snapshots, sources

_SOURCE_BY_NAME = select(sources).where(sources.c.name == bindparam("name"))
_SOURCE_BY_ID = select(sources).where(sources.c.id == bindparam("source_id"))
_SOURCES_BY_URL = select(sources).where(sources.c.url == bindparam("url")).order_by(sources.c.id)
# The SET clause is the keys of the parameters (only the columns that changed).
_UPDATE_SOURCE = update(sources).where(sources.c.id == bindparam("source_id"))
_SNAPSHOT_TEXT = select(snapshots.c.text_z).where(snapshots.c.id == bindparam("snapshot_id"))
_SNAPSHOT_BY_HASH = select(snapshots.c.id).where(
    snapshots.c.source_id == bindparam("source_id"),
    snapshots.c.content_hash == bindparam("content_hash"),
)
_EVENT_COLUMNS = tuple(c.key for c in events.c if c.key != "id")
_INSERT = {table: insert(table) for table in (sources, checks, snapshots, diffs, events, alerts)}


def source_row(
    connection: Connection, name: str, url: str, kind: str, configured: Collection[str]
) -> Row[Any]:
    """The row of a configured source, created or brought in line with the config.

    A source renamed in the config keeps its history: a row with the same URL
    whose name is no longer configured is taken over. (``configured`` is best
    a set: it is not sent to the database, where 10,000 names bound to each
    new source's query made a first cycle of 10,000 sources quadratic.)
    """
    row = connection.execute(_SOURCE_BY_NAME, {"name": name}).first()
    if row is not None and (row.url, row.kind) == (url, kind):
        return row  # every check but a new, renamed or moved source's
    if row is None:
        same_url = connection.execute(_SOURCES_BY_URL, {"url": url}).all()
        row = next((r for r in same_url if r.name not in configured), None)
    if row is None:
        source_id = _insert(connection, sources, {"name": name, "url": url, "kind": kind})
    else:
        source_id, changes = row.id, {"name": name}
        if (row.url, row.kind) != (url, kind):
            # A new address is a new page: its validators mean nothing there.
            changes.update(url=url, kind=kind, etag=None, last_modified=None)
        update_source(connection, row, changes)
    return connection.execute(_SOURCE_BY_ID, {"source_id": source_id}).one()


def update_source(connection: Connection, row: Row[Any], values: Mapping[str, Any]) -> None:
    """Write ``values`` (column → value) on the source of ``row``: only the
    ones that differ from the row (an unchanged check writes two or three)."""
    changed = {key: value for key, value in values.items() if getattr(row, key) != value}
    if changed:
        connection.execute(_UPDATE_SOURCE, {"source_id": row.id, **changed})


def snapshot_text(connection: Connection, snapshot_id: int) -> str | None:
    """The text of a stored snapshot (None if there is no such snapshot)."""
    text_z = connection.scalar(_SNAPSHOT_TEXT, {"snapshot_id": snapshot_id})
    return None if text_z is None else Snapshot.decompress(text_z)


def snapshot_for(
    connection: Connection, source_id: int, text: str, content_hash: str, facts: dict[str, Any]
) -> int:
    """The id of the stored snapshot with this content, added if the page
    never showed it.

    A reused snapshot keeps its facts: they are what the page said when it
    first showed this text (history); what it says now is the source's state.
    """
    found = connection.scalar(
        _SNAPSHOT_BY_HASH, {"source_id": source_id, "content_hash": content_hash}
    )
    if found is not None:
        return int(found)
    values = {
        "source_id": source_id,
        "content_hash": content_hash,
        "text_z": Snapshot.compress(text),
        "facts": facts,
    }
    return _insert(connection, snapshots, values)


def add_diff(connection: Connection, source_id: int, old: int, new: int, unified: str) -> int:
    """A diff between two snapshots of a source; its id."""
    values = {
        "source_id": source_id,
        "old_snapshot_id": old,
        "new_snapshot_id": new,
        "unified": unified,
    }
    return _insert(connection, diffs, values)


def add_check(connection: Connection, values: Mapping[str, Any]) -> int:
    """A check (``values``: its columns but ``id``); its id."""
    return _insert(connection, checks, values)


def add_events(connection: Connection, new: Iterable[tuple[Event, Iterable[str]]]) -> None:
    """Each event (an unsaved ``Event``, given its id here) and its outbox
    rows, one per channel it goes to."""
    outbox = []
    for event, channels in new:
        values = {key: getattr(event, key) for key in _EVENT_COLUMNS}
        event.id = _insert(connection, events, values)
        outbox += [
            {"event_id": event.id, "channel": channel, "next_attempt_at": event.occurred_at}
            for channel in channels
        ]
    if outbox:
        connection.execute(_INSERT[alerts], outbox)


def _insert(connection: Connection, table: Table, values: Mapping[str, Any]) -> int:
    """Insert one row; its new id."""
    return int(connection.execute(_INSERT[table], values).inserted_primary_key[0])

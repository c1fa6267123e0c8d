"""sources: one state row per source (current snapshot, facts, what it said,
people read for, next due time), back-filled from the history

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _columns() -> list[sa.Column[Any]]:
    """New columns, built afresh per use: a Column belongs to one table."""
    return [
        sa.Column("people_key", sa.String(length=64), nullable=True),
        sa.Column("snapshot_id", sa.Integer(), nullable=True),
        sa.Column("snapshot_hash", sa.String(length=64), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=True),
        sa.Column("said", sa.JSON(), nullable=True),
        sa.Column("next_due_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    for column in _columns():
        op.add_column("sources", column)
    _backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch_op:
        for column in _columns():
            batch_op.drop_column(column.name)


def _backfill(connection: sa.Connection) -> None:
    """State of existing sources, from their newest checked snapshot and their
    status events. ``people_key`` stays empty: the next check reads the stored
    text again for today's people, quietly."""
    sources = sa.table(
        "sources",
        sa.column("id", sa.Integer),
        sa.column("snapshot_id", sa.Integer),
        sa.column("snapshot_hash", sa.String),
        sa.column("facts", sa.JSON),
        sa.column("said", sa.JSON),
    )
    checks = sa.table("checks", sa.column("id"), sa.column("source_id"), sa.column("snapshot_id"))
    snapshots = sa.table(
        "snapshots", sa.column("id"), sa.column("content_hash"), sa.column("facts", sa.JSON)
    )
    events = sa.table(
        "events",
        sa.column("id"),
        sa.column("source_id"),
        sa.column("kind"),
        sa.column("person"),
        sa.column("details", sa.JSON),
    )
    newest = (
        sa.select(checks.c.source_id, sa.func.max(checks.c.id).label("check_id"))
        .where(checks.c.snapshot_id.is_not(None))
        .group_by(checks.c.source_id)
        .subquery()
    )
    current = connection.execute(
        sa.select(newest.c.source_id, snapshots.c.id, snapshots.c.content_hash, snapshots.c.facts)
        .join(checks, checks.c.id == newest.c.check_id)
        .join(snapshots, snapshots.c.id == checks.c.snapshot_id)
    )
    said: dict[int, dict[str, Any]] = {}
    statements = connection.execute(
        sa.select(events.c.source_id, events.c.kind, events.c.person, events.c.details)
        .where(
            events.c.kind.in_(("new_mention", "status_changed")),
            events.c.person.is_not(None),
            events.c.source_id.is_not(None),
        )
        .order_by(events.c.id)
    )
    for source_id, kind, person, details in statements:
        new = "status" if kind == "new_mention" else "new"
        said.setdefault(source_id, {})[person] = {
            "status": details.get(new, "unknown"),
            "status_detail": details.get(f"{new}_detail" if new == "new" else "status_detail", ""),
        }
    for source_id, snapshot_id, content_hash, facts in current.all():
        connection.execute(
            sources.update()
            .where(sources.c.id == source_id)
            .values(snapshot_id=snapshot_id, snapshot_hash=content_hash, facts=facts)
        )
    for source_id, people in said.items():
        connection.execute(sources.update().where(sources.c.id == source_id).values(said=people))

"""events: an index on (source_id, kind), so that a source's reminders are
found by an index seek on every backend, whatever the history

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_source_kind", "events", ["source_id", "kind"])


def downgrade() -> None:
    op.drop_index("ix_events_source_kind", table_name="events")

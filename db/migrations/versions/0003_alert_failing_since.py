"""alerts.failing_since: when the current run of failed sends began

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Alerts failing at upgrade time start a fresh give-up period: nothing is
    # declared dead by the upgrade itself.
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.add_column(sa.Column("failing_since", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch_op:
        batch_op.drop_column("failing_since")

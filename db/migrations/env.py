"""Alembic environment: casewatch passes the connection in; no alembic.ini."""

from __future__ import annotations

from alembic import context

from casewatch.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

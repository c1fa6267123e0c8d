"""sources: no credentials in stored source URLs; what earlier checks stored
of them (in checks' errors and events' summaries and details) masked too

Before, a source's URL was stored as configured, user:password and
``?token=…`` included, and a failed fetch's error could name it in clear
(``invalid hostname: reader:pw@host``). Now the stored URL is the masked one
(``SourceConfig.masked_url``: the config's URL is what is fetched) and errors
are masked before they are stored. This masks the rows written before, with
the credentials each source's stored URL shows. ``reading`` of those sources
is cleared (it hashed the URL in clear); their next check reads the page
again, quietly, as after any change of how it is read.

The masking is casewatch.config.secrets' own, imported: a copy here could
come to mask differently from what is stored from now on, and the URL must
match the config's masked URL for a source to keep its row.

Downgrade leaves the masked rows: credentials cannot be put back.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

from casewatch.config.secrets import Redactor, credentials_in_url, mask_credentials

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_sources = sa.table(
    "sources", sa.column("id", sa.Integer), sa.column("url", sa.Text), sa.column("reading")
)
_checks = sa.table(
    "checks", sa.column("id", sa.Integer), sa.column("source_id"), sa.column("error", sa.Text)
)
_events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("source_id"),
    sa.column("summary", sa.Text),
    sa.column("details", sa.JSON),
)


def upgrade() -> None:
    connection = op.get_bind()
    for source_id, url in connection.execute(sa.select(_sources.c.id, _sources.c.url)).all():
        masked = mask_credentials(url)
        if masked == url:
            continue
        connection.execute(
            _sources.update().where(_sources.c.id == source_id).values(url=masked, reading=None)
        )
        _mask_history(connection, source_id, _masker(url))


def downgrade() -> None:
    pass  # the masked credentials are gone: nothing to restore


def _masker(url: str) -> Callable[[str], str]:
    """Masks the credentials of ``url`` in a text: the URL itself wherever it
    is quoted (a password too short for the redactor too), then its parts."""
    masked, redactor = mask_credentials(url), Redactor(credentials_in_url(url))
    return lambda text: redactor(text.replace(url, masked))


def _mask_history(connection: sa.Connection, source_id: int, redact: Callable[[str], str]) -> None:
    """The checks' errors and the events' summaries and details of one
    source, with its credentials masked where they appear."""
    failed = connection.execute(
        sa.select(_checks.c.id, _checks.c.error).where(
            _checks.c.source_id == source_id, _checks.c.error.is_not(None)
        )
    )
    for check_id, error in failed.all():
        if redact(error) != error:
            connection.execute(
                _checks.update().where(_checks.c.id == check_id).values(error=redact(error))
            )
    events = connection.execute(
        sa.select(_events.c.id, _events.c.summary, _events.c.details).where(
            _events.c.source_id == source_id
        )
    )
    for event_id, summary, details in events.all():
        masked = {"summary": redact(summary), "details": _masked(details, redact)}
        if masked != {"summary": summary, "details": details}:
            connection.execute(_events.update().where(_events.c.id == event_id).values(**masked))


def _masked(value: Any, redact: Callable[[str], str]) -> Any:
    """A JSON value with every string in it masked."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _masked(item, redact) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item, redact) for item in value]
    return value

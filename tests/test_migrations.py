"""The migrations build exactly the schema the models describe, and bring an
older database's rows along."""

from __future__ import annotations

import json

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.orm import Session

from casewatch.config.secrets import mask_credentials
from casewatch.db import migrate, recording
from casewatch.db.engine import make_engine
from casewatch.db.models import Base, Source


def test_upgrade_builds_the_models_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    assert migrate.current_revision(engine) is None
    assert migrate.upgrade(engine) is True
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    assert migrate.upgrade(engine) is False  # already at head: nothing to do
    engine.dispose()


def test_db_upgrade_command(workspace, tmp_path) -> None:
    workspace.write_config(f'[database]\nurl = "sqlite:///{tmp_path / "x.db"}"\n')
    first = workspace.cli("db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert f"empty → {migrate.head_revision()}" in first.stdout
    again = workspace.cli("db", "upgrade")
    assert "up to date" in again.stdout


def _one_source_at(connection: Connection, revision: str, name: str, url: str) -> None:
    """The schema of ``revision``, with one source (id 1) of kind ``page``."""
    command.upgrade(migrate._alembic(connection), revision)
    connection.execute(
        text(
            "INSERT INTO sources (id, name, url, kind, consecutive_failures, failing, removed)"
            " VALUES (1, :name, :url, 'page', 0, false, false)"
        ),
        {"name": name, "url": url},
    )


def test_upgrade_backfills_each_sources_state_from_its_history(database_url: str) -> None:
    """A database from before the state row keeps working: the current
    snapshot and what each source said come from its checks and events."""
    engine = make_engine(database_url)
    with engine.begin() as connection:
        _one_source_at(connection, "0002", "news", "https://example.org/")
        for snapshot_id, digest in ((1, "a"), (2, "b")):
            connection.execute(
                text(
                    "INSERT INTO snapshots (id, source_id, content_hash, text_z, facts, created_at)"
                    " VALUES (:id, 1, :hash, :text, :facts, '2026-01-01')"
                ),
                {
                    "id": snapshot_id,
                    "hash": digest,
                    "text": b"x",
                    "facts": f'{{"n": {snapshot_id}}}',
                },
            )
        for check_id, snapshot_id in ((1, 2), (2, 1), (3, None)):
            connection.execute(
                text(
                    "INSERT INTO checks (id, source_id, started_at, duration_ms, outcome,"
                    " snapshot_id) VALUES (:id, 1, '2026-01-01', 1, 'ok', :snapshot)"
                ),
                {"id": check_id, "snapshot": snapshot_id},
            )
        statements = (
            ("new_mention", '{"status": "detained", "status_detail": ""}'),
            ("status_changed", '{"old": "detained", "new": "released", "new_detail": "pardoned"}'),
        )
        for event_id, (kind, details) in enumerate(statements, 1):
            connection.execute(
                text(
                    "INSERT INTO events (id, occurred_at, kind, source_id, person, summary,"
                    " details, baseline) VALUES (:id, '2026-01-01', :kind, 1, 'Marfa Rabkova',"
                    " 's', :details, false)"
                ),
                {"id": event_id, "kind": kind, "details": details},
            )
    assert migrate.upgrade(engine) is True
    with Session(engine) as session:
        source = session.get(Source, 1)
        assert (source.snapshot_id, source.snapshot_hash, source.facts) == (1, "a", {"n": 1})
        assert source.said == {"Marfa Rabkova": {"status": "released", "status_detail": "pardoned"}}
        assert source.people_key is None  # the next check reads the stored text again
    engine.dispose()


def test_upgrade_masks_the_credentials_stored_before(database_url: str) -> None:
    """Source URLs were stored as configured, and a failed fetch's error could
    name one in clear: after the upgrade neither shows the credentials, and
    the source keeps its row (the config's masked URL is the stored one)."""
    url = "http://reader:pw_OLDSECRET@127.0.0.1:8701/p/ua.html?apikey=key_OLDSECRET&lang=en"
    engine = make_engine(database_url)
    with engine.begin() as connection:
        _one_source_at(connection, "0006", "authsrc", url)
        connection.execute(text("UPDATE sources SET consecutive_failures = 1, reading = 'old'"))
        error = "ValueError: invalid hostname: reader:pw_OLDSECRET@127.0.0.1"
        connection.execute(
            text(
                "INSERT INTO checks (id, source_id, started_at, duration_ms, outcome, error)"
                " VALUES (1, 1, '2026-01-01', 1, 'failed', :error)"
            ),
            {"error": error},
        )
        connection.execute(
            text(
                "INSERT INTO events (id, occurred_at, kind, source_id, summary, details, baseline)"
                " VALUES (1, '2026-01-01', 'source_failing', 1, :summary, :details, false)"
            ),
            {
                "summary": f"source failing on its first check ({error})",
                "details": json.dumps({"error": error, "url": url, "failures": 1}),
            },
        )
    assert migrate.upgrade(engine) is True
    masked = "http://reader:***@127.0.0.1:8701/p/ua.html?apikey=***&lang=en"
    with engine.connect() as connection:
        source = connection.execute(text("SELECT url, reading FROM sources")).one()
        assert tuple(source) == (masked, None)  # the next check reads the page again, quietly
        stored_error = connection.scalar(text("SELECT error FROM checks"))
        assert stored_error == "ValueError: invalid hostname: reader:***@127.0.0.1"
        summary, details = connection.execute(text("SELECT summary, details FROM events")).one()
        details = json.loads(details) if isinstance(details, str) else details
        assert summary == f"source failing on its first check ({stored_error})"
        assert details == {"error": stored_error, "url": masked, "failures": 1}
        row = recording.source_row(connection, "authsrc", mask_credentials(url), "page", set())
        assert (row.id, row.consecutive_failures) == (1, 1)
    engine.dispose()

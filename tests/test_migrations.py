"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from casewatch.db import migrate
from casewatch.db.engine import make_engine
from casewatch.db.models import Base


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

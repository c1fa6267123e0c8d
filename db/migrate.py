"""Schema migrations (``casewatch db upgrade``), run through Alembic."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def _alembic(connection: object | None = None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", "casewatch.db:migrations")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the newest revision; True if anything was applied."""
    if current_revision(engine) == head_revision():
        return False
    with engine.begin() as connection:
        command.upgrade(_alembic(connection), "head")
    return True


def revision(engine: Engine, message: str) -> None:
    """For developers: autogenerate a migration from the models."""
    with engine.begin() as connection:
        command.revision(_alembic(connection), message=message, autogenerate=True)

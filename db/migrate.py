"""Schema migrations (``casewatch db upgrade``), run through Alembic.

Alembic is imported only to migrate. Whether the schema is current is one
query and a look at the revision files: every command asks, and loading
Alembic (~0.1 s of CPU) to answer "yes" would slow them all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from casewatch.db.engine import sqlite_file
from casewatch.errors import CasewatchError

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

VERSIONS = Path(__file__).with_name("migrations") / "versions"
VERSION_TABLE = "alembic_version"  # Alembic's default; env.py keeps it
_ASSIGNMENT = re.compile(r"^(down_)?revision\b[^=\n]*=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")

UPGRADE_HINT = "run `casewatch db upgrade` (or `casewatch run`, which upgrades under its lock)"


class SchemaNotCurrent(CasewatchError):
    """The database schema is not the one this casewatch reads (exit 2)."""


def _alembic(connection: object | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", "casewatch.db:migrations")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest revision: the one that no revision file names as its parent
    (``revision = "…"`` and ``down_revision = …`` lines, as Alembic writes
    them). Several heads are Alembic's to explain."""
    revisions, parents = _revision_graph()
    heads = revisions - parents
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic()).get_current_head()


def _revision_graph() -> tuple[set[str], set[str]]:
    """Every revision the files define, and every one they name as a parent."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for file in VERSIONS.glob("*.py"):
        for down, value in _ASSIGNMENT.findall(file.read_text(encoding="utf-8")):
            (parents if down else revisions).update(_QUOTED.findall(value))
    return revisions, parents


def current_revision(engine: Engine) -> str | None:
    """The schema's revision, or None for a database without casewatch's tables."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        return connection.scalar(text(f"SELECT version_num FROM {VERSION_TABLE}"))


def require_current(engine: Engine) -> None:
    """Raise :class:`SchemaNotCurrent` unless the schema is at the newest
    revision. Read-only commands call this instead of migrating: migrations
    run only under ``db upgrade`` or the run lock (issue 7, fault 16), and a
    read-only database user must be able to read."""
    file = sqlite_file(engine)
    if file is not None and not file.exists():
        raise SchemaNotCurrent(f"there is no database at {file} yet: {UPGRADE_HINT}")
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is None:
        raise SchemaNotCurrent(f"the database has no casewatch tables yet: {UPGRADE_HINT}")
    if current not in _revision_graph()[0]:
        raise SchemaNotCurrent(
            f"the database schema ({current}) is newer than this casewatch "
            f"(which knows up to {head}): upgrade casewatch"
        )
    raise SchemaNotCurrent(
        f"the database schema is older ({current}) than this casewatch ({head}): {UPGRADE_HINT}"
    )


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the newest revision; True if anything was applied."""
    if current_revision(engine) == head_revision():
        return False
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic(connection), "head")
    return True


def revision(engine: Engine, message: str) -> None:
    """For developers: autogenerate a migration from the models."""
    from alembic import command

    with engine.begin() as connection:
        command.revision(_alembic(connection), message=message, autogenerate=True)

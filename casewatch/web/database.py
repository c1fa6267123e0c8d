"""The dashboard's database connection: read-only wherever the backend allows.

SQLite is opened through a ``mode=ro`` URI and PostgreSQL sessions start with
``default_transaction_read_only``, so that not even a bug in a page could
change the record (SPEC §6). The schema is never migrated from here.

SQLite is opened afresh for each request (no pool): a database file replaced
under a running ``serve`` (``casewatch demo`` deletes and recreates its own)
is read from the next request, instead of the deleted file held open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from casewatch.db import migrate
from casewatch.db.engine import database_errors
from casewatch.errors import UsageError


def readonly_engine(url: str, redact: Callable[[str], str]) -> Engine:
    """An engine on ``url`` that cannot write, over an up-to-date schema.

    Raises DatabaseError (exit 2) when the database cannot be opened, and
    UsageError when it has no casewatch schema or an older one (``serve``
    does not migrate: that would be a write).
    """
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        file = Path(parsed.database or "")
        if not parsed.database or parsed.database == ":memory:" or not file.is_file():
            raise UsageError(
                f"database: {parsed.database or '(none)'} does not exist yet: "
                "run `casewatch run` first"
            )
        # A URI filename: https://www.sqlite.org/uri.html (mode=ro opens read-only).
        parsed = parsed.set(
            database="file:" + quote(str(file.resolve())), query={"mode": "ro", "uri": "true"}
        )
        kwargs["poolclass"] = NullPool
    elif backend == "postgresql":
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs["connect_args"] = {"options": "-c default_transaction_read_only=on"}
    engine = create_engine(parsed, pool_pre_ping=True, **kwargs)
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_reader)
    with database_errors(redact):
        current = migrate.current_revision(engine)
    if current != migrate.head_revision():
        engine.dispose()
        state = "has no casewatch schema" if current is None else "has an older schema"
        raise UsageError(
            f"database: {redact(url)} {state}: run `casewatch db upgrade` first (serve only reads)"
        )
    return engine


def _sqlite_reader(dbapi_connection: Any, _record: Any) -> None:
    # A run may be writing: wait for its lock rather than fail; query_only is
    # a second guard beside mode=ro.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()

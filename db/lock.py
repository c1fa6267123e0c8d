"""One run at a time per database (SPEC: exit 75 when the lock is held).

The lock dies with its holder, so a killed run never blocks the next one:
PostgreSQL's session-level advisory lock is released when the connection
closes; for SQLite an flock on a file beside the database is released by
the kernel when the process exits.

On PostgreSQL the lock is held on a connection of its own, detached from the
engine's pool: a pooled connection goes back to the pool on close with the
session, and so the lock, still alive, and the next user of that connection
(the daemon's alert retry) would hold the lock for ever. Release is explicit
(``pg_advisory_unlock``) and the connection is then really closed, so a
failed unlock still ends the session and its lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, Engine, exc, text

from casewatch.db.engine import database_errors
from casewatch.errors import CasewatchError

log = logging.getLogger(__name__)
_ADVISORY_KEY = 0x63617365  # "case"


class LockHeld(CasewatchError):
    """Another casewatch run is working on this database."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class RunLock:
    """``with RunLock(engine):`` holds the database's run lock, or raises
    :class:`LockHeld` (exit 75) at once; the lock is released on leaving the
    block, also when it is left by an exception."""

    def __init__(self, engine: Engine, redact: Callable[[str], str] = str) -> None:
        self.engine = engine
        self.redact = redact
        self._file: int | None = None
        self._connection: Connection | None = None

    def __enter__(self) -> RunLock:
        with database_errors(self.redact):
            self._acquire()
        return self

    def _acquire(self) -> None:
        backend = self.engine.dialect.name
        if backend == "postgresql":
            self._lock_session()
        elif backend == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            database = Path(self.engine.url.database)
            self._lock_file(database.with_name(database.name + ".lock"))

    def _lock_session(self) -> None:
        connection = self.engine.connect()
        connection.detach()  # closing it ends the session: it never returns to the pool
        try:
            got = connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": _ADVISORY_KEY}
            )
            connection.commit()
        except BaseException:
            connection.close()
            raise
        if not got:
            connection.close()
            raise LockHeld("another casewatch run holds the database lock; nothing done")
        self._connection = connection

    def _lock_file(self, path: Path) -> None:
        self._file = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._file)
            self._file = None
            raise LockHeld(f"another casewatch run holds {path}; nothing done") from None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": _ADVISORY_KEY})
                connection.commit()
            except exc.DBAPIError:
                # The session is gone or broken: closing it below frees the lock.
                log.debug("advisory unlock failed; closing the lock's session", exc_info=True)
            finally:
                connection.close()
        if self._file is not None:
            os.close(self._file)
            self._file = None

"""PostgreSQL advisory locks for distributed mode (docs/scale-out.md).

Workers on several machines share one database. What must never happen twice
at once is guarded by a session-level advisory lock, which PostgreSQL drops
when the holder's connection ends: a worker killed with SIGKILL (or a machine
that loses power) leaves nothing locked once its connection is gone.

Each lock lives on a connection of its own, detached from the engine's pool
(closing it ends the session and so the lock, see :mod:`casewatch.db.lock`).
Keys are the two-integer form ``(namespace, id)``; ``run``'s lock is the
one-integer form, a separate key space in ``pg_locks``. The ids of hosts,
sources and channels are CRC-32 hashes of their names: a collision only makes
two of them wait for each other, never lets two holders in.

- ``run``: workers hold ``run``'s lock *shared*, so any number of them work
  together while a one-machine ``casewatch run`` (which takes it exclusively)
  and they exclude each other.
- ``scheduler``: one per database.
- ``host``: one worker at a time fetches from a host, so per-host concurrency
  and delay hold across workers.
- ``source``: one worker at a time checks a source.
- ``channel``: one worker at a time sends a channel's alerts, in order; an
  alert found ``sending`` under this lock was cut off by a crash.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

from casewatch.db.lock import _ADVISORY_KEY

SCHEDULER, HOST, SOURCE, CHANNEL = 0x63770001, 0x63770002, 0x63770003, 0x63770004


def key(name: str) -> int:
    """A signed 32-bit id for a name (PostgreSQL's ``int4``)."""
    value = zlib.crc32(name.encode("utf-8"))
    return value - 2**32 if value >= 2**31 else value


class LockSession:
    """One detached connection whose advisory locks last until :meth:`close`
    (or until the process dies). Use as a context manager."""

    def __init__(self, engine: Engine) -> None:
        self._connection: Connection = engine.connect()
        self._connection.detach()  # closing it ends the session: never back to the pool

    def run_shared(self) -> bool:
        """``run``'s lock, shared with other workers; False while a ``run`` holds it."""
        return self._try("SELECT pg_try_advisory_lock_shared(:key)", {"key": _ADVISORY_KEY})

    def take(self, namespace: int, name: str) -> bool:
        """The lock on ``name`` in ``namespace`` if free; False if another session has it."""
        params = {"namespace": namespace, "id": key(name)}
        return self._try("SELECT pg_try_advisory_lock(:namespace, :id)", params)

    def take_all(self, namespace: int, names: Iterable[str]) -> set[str]:
        """The names whose lock this session got (the others are held elsewhere)."""
        return {name for name in names if self.take(namespace, name)}

    def alive(self) -> bool:
        """Whether the session (and so every lock it holds) still exists."""
        try:
            self._connection.scalar(text("SELECT 1"))
            self._connection.commit()
        except Exception:
            return False
        return True

    def _try(self, sql: str, params: dict[str, int]) -> bool:
        got = bool(self._connection.scalar(text(sql), params))
        self._connection.commit()
        return got

    def close(self) -> None:
        """Ends the session: PostgreSQL releases all of its locks."""
        self._connection.close()

    def __enter__(self) -> LockSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def holding(engine: Engine, namespace: int, name: str) -> Iterator[bool]:
    """``with holding(engine, CHANNEL, "staff") as mine:``: True inside the
    block if the lock was free (it is released on leaving); False if not."""
    with LockSession(engine) as session:
        yield session.take(namespace, name)


def held(engine: Engine, namespace: int, name: str) -> bool:
    """Whether some session of this database holds this lock now (``status``:
    is a scheduler up). ``pg_locks`` lists the whole server's locks and
    advisory keys are per database: another database's scheduler (staging
    beside production) must not count."""
    with engine.connect() as connection:
        return bool(
            connection.scalar(
                text(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                    "AND database = (SELECT oid FROM pg_database WHERE datname = "
                    "current_database()) "
                    "AND classid = :classid AND objid = :objid AND objsubid = 2 AND granted)"
                ),
                # pg_locks shows the two int4 keys as oid, i.e. unsigned.
                {"classid": namespace % 2**32, "objid": key(name) % 2**32},
            )
        )

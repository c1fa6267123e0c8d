"""Engines and sessions: SQLite (embedded default) and PostgreSQL, one code path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from casewatch.errors import CasewatchError

if TYPE_CHECKING:  # the ORM loads only for the commands that use sessions
    from sqlalchemy.orm import sessionmaker

# The package that provides each missing DBAPI module, for the "pip install" hint.
_DRIVER_PACKAGES = {
    "psycopg": "'psycopg[binary]'",
    "psycopg2": "psycopg2-binary",
    "MySQLdb": "mysqlclient",
    "pymysql": "pymysql",
    "pg8000": "pg8000",
    "asyncpg": "asyncpg",
}


class DatabaseError(CasewatchError):
    """The configured database cannot be opened, locked or brought up to date."""


def masked(url: str) -> str:
    """The database URL as shown to people: the password is ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return "(not a database URL)"


@contextmanager
def database_errors(redact: Callable[[str], str], url: str | None = None) -> Iterator[None]:
    """Turn every database failure into one line (exit 2) that names the
    problem and its fix: a missing driver, an unreachable server, a file that
    cannot be opened."""
    where = f" {masked(url)}" if url else ""
    try:
        yield
    except ModuleNotFoundError as error:
        package = _DRIVER_PACKAGES.get(error.name or "", error.name)
        raise DatabaseError(
            f"database{where}: its driver ({error.name}) is not installed: pip install {package}"
        ) from None
    except exc.NoSuchModuleError:
        raise DatabaseError(
            f"database{where}: unknown kind of database: use e.g. sqlite:///casewatch.db "
            "or postgresql://user@host/db"
        ) from None
    except exc.OperationalError as error:
        raise DatabaseError(f"cannot use the database{where}: {_reason(error, redact)}") from None
    except (exc.ArgumentError, exc.DBAPIError, OSError) as error:
        raise DatabaseError(f"database{where}: {_reason(error, redact)}") from None


def _reason(error: BaseException, redact: Callable[[str], str]) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return redact(text.splitlines()[0] if text else error.__class__.__name__)


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
    return engine


def sqlite_file(engine: Engine) -> Path | None:
    """The file of an SQLite database (None for other backends and :memory:)."""
    name = engine.url.database
    if engine.dialect.name != "sqlite" or name in (None, "", ":memory:"):
        return None
    return Path(name)


def connect_or_explain(engine: Engine, url: str, redact: Callable[[str], str]) -> None:
    """Open one connection, so that an unreachable server is reported as
    such ("cannot connect to …"), before any command does its work. An
    SQLite file that does not exist yet is not created here (only a command
    that writes creates it), but its folder must exist."""
    file = sqlite_file(engine)
    if file is not None and not file.exists():
        if not file.parent.is_dir():
            raise DatabaseError(
                f"cannot create the database {masked(url)}: folder {file.parent} does not exist"
            )
        return
    try:
        with engine.connect():
            pass
    except exc.DBAPIError as error:
        reason = _reason(error, redact)
        raise DatabaseError(
            f"cannot connect to the database {masked(url)}: {reason} "
            f"({_fix(reason, engine.url.database)})"
        ) from None


# What to do about a refused connection, by the words of the driver's message
# (psycopg passes on the server's: "password authentication failed for user",
# 'database "x" does not exist', "Connection refused").
_FIXES = (
    ("authentication", "check the user and password in [database] url"),
    ("does not exist", "create it (`createdb {name}`) or fix the name in [database] url"),
)


def _fix(reason: str, name: str | None) -> str:
    """The likely fix for a connection to database ``name`` refused with ``reason``."""
    for words, fix in _FIXES:
        if words in reason:
            return fix.format(name=name or "NAME")
    return "is the database server running at that address, and is [database] url right?"


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (history, cases) work while a run writes; the busy
    # timeout makes a second writer wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit (one fsync
    # per check was a third of an unchanged cycle's time). The database stays
    # whole whatever happens; a power cut (not a crash of casewatch) may undo
    # the last commits, and the next run checks those sources again.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker:
    """ORM sessions on ``engine`` (loads ``sqlalchemy.orm``: read-only
    commands use plain connections instead)."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False)

"""The composition root: a loaded config with its database and outbox."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import InitVar, dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from casewatch.config import Config, ConfigError
from casewatch.db import migrate
from casewatch.db.engine import (
    connect_or_explain,
    database_errors,
    make_engine,
    make_sessionmaker,
)

# The alert layer (Apprise's ~100 plugins, Jinja2), the case rules and the
# ORM load only when a command uses them: ``history`` must not pay for sending.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from casewatch.alerts.outbox import Outbox
    from casewatch.alerts.templates import Renderer
    from casewatch.alerts.urlcheck import UrlCheck
    from casewatch.case.people import PeopleIndex
    from casewatch.db.lock import RunLock


def check_config(config: Config, urls: UrlCheck | None = None) -> None:
    """The checks of the config that need the alert layer: every channel URL is
    one Apprise can use, and the user's templates compile in the sandbox.
    ``urls``: a check of the channel URLs already started (else they are
    checked here).

    Raises:
        ConfigError: naming every channel whose URL Apprise cannot use and
            every template that does not compile (``problems``; the message
            is the first).
    """
    from casewatch.alerts.urlcheck import INVALID_URL, UrlCheck

    urls = urls or UrlCheck()
    problems = [
        f'{config.path}: [[channels]] "{channel.name}" → url: {_shape(channel.url)}: {INVALID_URL}'
        for channel in config.settings.channels
        if channel.name not in config.unresolved and not urls.valid(channel.url)
    ]
    overrides = config.settings.alerts.templates
    if overrides:  # else Jinja2 and the templates load only to send
        from casewatch.alerts.templates import validate_overrides

        problems += [
            f"{config.path}: alerts → templates → {error}"
            for error in validate_overrides(overrides)
        ]
    if problems:
        raise ConfigError(problems[0], problems)


def _shape(url: str) -> str:
    """``url`` with every part but its scheme and punctuation masked
    ("slack://***/***/***", "mailtos://***:***@***?***=***"): Apprise could
    not read it, so which of its parts are secret is unknown, and a token
    must not be shown for the sake of a typo."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{re.sub(r'[^/:@?&=#]+', '***', rest)}" if sep else "***"


@dataclass
class App:
    config: Config
    # Commands that send alerts check the channels and templates before doing
    # anything (a bad URL is exit 2, not a failed alert); the others skip it.
    sends: bool = True
    # The check of the channel URLs, if already started (see check_config).
    urls: InitVar[UrlCheck | None] = None

    def __post_init__(self, urls: UrlCheck | None) -> None:
        if self.sends:
            check_config(self.config, urls)

    @cached_property
    def engine(self) -> Engine:
        """The database, reachable (else a one-line :class:`DatabaseError`)."""
        url = self.config.settings.database.url
        with database_errors(self.config.redact, url):
            engine = make_engine(url)
        connect_or_explain(engine, url, self.config.redact)
        return engine

    @cached_property
    def current_engine(self) -> Engine:
        """The engine, once the schema is known to be current. Nothing here
        migrates (issue 7, fault 16): an empty or older schema is an error
        that says to run ``casewatch db upgrade``; ``run`` calls
        :meth:`upgrade` under its lock first."""
        with database_errors(self.config.redact, self.config.settings.database.url):
            migrate.require_current(self.engine)
        return self.engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """ORM sessions on the current schema (see :attr:`current_engine`)."""
        return make_sessionmaker(self.current_engine)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A plain connection on the current schema, for the read-only
        commands: the tables of ``casewatch.db.tables`` without the ORM
        (loading ``sqlalchemy.orm`` and the mapped classes costs about 0.1 s
        of CPU, a third of issue 9's 0.3 s). Its transaction is rolled back
        at the end."""
        with self.current_engine.connect() as connection:
            yield connection

    def upgrade(self) -> tuple[str | None, str | None]:
        """Migrate the schema to the newest revision: (before, after)."""
        with database_errors(self.config.redact, self.config.settings.database.url):
            before = migrate.current_revision(self.engine)
            migrate.upgrade(self.engine)
            return before, migrate.current_revision(self.engine)

    def lock(self) -> RunLock:
        from casewatch.db.lock import RunLock

        return RunLock(self.engine, self.config.redact)

    @cached_property
    def outbox(self) -> Outbox:
        from casewatch.alerts.outbox import Outbox

        # Its renderer is made when an alert is sent: a run that sends none
        # loads no Jinja2.
        return Outbox(self.config, self.sessions)

    @cached_property
    def renderer(self) -> Renderer:
        from casewatch.alerts.templates import Renderer

        return Renderer(self.config.settings.alerts.templates)

    @cached_property
    def people(self) -> PeopleIndex:
        from casewatch.case.people import PeopleIndex

        return PeopleIndex(self.config.settings.people)

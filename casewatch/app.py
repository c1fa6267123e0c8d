"""The composition root: a loaded config with its database and outbox."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from casewatch.alerts.outbox import Outbox
from casewatch.alerts.templates import Renderer
from casewatch.case.people import PeopleIndex
from casewatch.config import Config
from casewatch.db import migrate
from casewatch.db.engine import database_errors, make_engine, make_sessionmaker
from casewatch.db.lock import RunLock


@dataclass
class App:
    config: Config

    @cached_property
    def engine(self) -> Engine:
        with database_errors(self.config.redact):
            return make_engine(self.config.settings.database.url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """Sessions on an up-to-date schema (a new or older database is migrated
        first; ``run`` takes its lock before asking for them)."""
        with database_errors(self.config.redact):
            migrate.upgrade(self.engine)
        return make_sessionmaker(self.engine)

    def lock(self) -> RunLock:
        return RunLock(self.engine, self.config.redact)

    @cached_property
    def outbox(self) -> Outbox:
        return Outbox(self.config, self.sessions, self.renderer)

    @cached_property
    def renderer(self) -> Renderer:
        return Renderer(self.config.settings.alerts.templates)

    @cached_property
    def people(self) -> PeopleIndex:
        return PeopleIndex(self.config.settings.people)

"""The composition root: a loaded config with its database and outbox."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from casewatch.alerts.outbox import Outbox
from casewatch.alerts.sender import INVALID_URL, is_valid_url
from casewatch.alerts.templates import Renderer, validate_overrides
from casewatch.case.people import PeopleIndex
from casewatch.config import Config, ConfigError
from casewatch.db import migrate
from casewatch.db.engine import database_errors, make_engine, make_sessionmaker
from casewatch.db.lock import RunLock


def check_config(config: Config) -> None:
    """The checks of the config that need the alert layer: every channel URL is
    one Apprise can use, and the user's templates compile in the sandbox."""
    for channel in config.settings.channels:
        if not is_valid_url(channel.url):
            url = config.redact(channel.url)
            raise ConfigError(
                f'{config.path}: [[channels]] "{channel.name}" → url: {url}: {INVALID_URL}'
            )
    errors = validate_overrides(config.settings.alerts.templates)
    if errors:
        raise ConfigError(f"{config.path}: alerts → templates → {errors[0]}")


@dataclass
class App:
    config: Config

    def __post_init__(self) -> None:
        check_config(self.config)

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

"""``casewatch config check`` and ``casewatch db upgrade``."""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING

from casewatch.cli.common import open_app
from casewatch.config import ConfigError
from casewatch.config.durations import format_duration
from casewatch.errors import CasewatchError
from casewatch.logs import to_stderr
from casewatch.text import plural

# The schema (pydantic) and SQLAlchemy load once open_app has started the
# check of the channel URLs, which goes on beside them.
if TYPE_CHECKING:
    from casewatch.app import App


def cmd_config_check(args: argparse.Namespace) -> int:
    """Exit 0 when the config can work, else 2 with every problem on its own
    line, each naming its key path."""
    try:
        app = open_app(args, sends=True)
    except ConfigError as invalid:
        for problem in invalid.problems:
            to_stderr(f"casewatch: error: {problem}")
        return invalid.exit_code
    from casewatch.config.lint import literal_variables, unused_tags

    config = app.config
    settings, redact = config.settings, config.redact
    errors = literal_variables(settings)
    errors += _database_problems(app)
    for warning in unused_tags(settings):
        to_stderr(f"casewatch: warning: {config.path}: {warning}", logging.WARNING)
    for error in errors:
        to_stderr(f"casewatch: error: {config.path}: {error}")
    if errors:
        return 2
    print(f"config: {config.path} is valid")
    print(f"database: {redact(settings.database.url)}")
    print(f"{plural(len(settings.people), 'person', 'people')}:")
    for person in settings.people:
        tags = f" [{', '.join(person.tags)}]" if person.tags else ""
        aliases = f" (also: {', '.join(person.aliases)})" if person.aliases else ""
        print(f"  {person.name}{tags}{aliases}")
    print(f"{plural(len(settings.sources), 'source')}:")
    for source in settings.sources:
        every = format_duration(settings.interval(source))
        print(f"  {source.name}: {source.kind}, every {every}: {source.masked_url}")
    print(f"{plural(len(settings.channels), 'channel')}:")
    for channel in settings.channels:
        events = ", ".join(channel.events)
        tags = f"; people tagged {', '.join(channel.people_tags)}" if channel.people_tags else ""
        print(f"  {channel.name}: {redact(channel.url)} ← {events}{tags}")
    return 0


def _database_problems(app: App) -> list[str]:
    """The database must open (driver installed, server reachable); an old
    schema is only a note, since ``run`` upgrades it."""
    from casewatch.db import migrate

    try:
        app.engine  # noqa: B018 - opening it is the check
    except CasewatchError as exc:
        return [str(exc)]
    try:
        migrate.require_current(app.engine)
    except migrate.SchemaNotCurrent as note:
        to_stderr(f"note: {note}", logging.INFO)
    return []


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    app = open_app(args)
    with app.lock():  # never under a running cycle
        before, after = app.upgrade()
    print(
        f"database schema: {before or 'empty'} → {after}"
        if before != after
        else f"database schema is up to date ({after})"
    )
    return 0

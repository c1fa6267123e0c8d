"""``casewatch config check`` and ``casewatch db upgrade``."""

from __future__ import annotations

import argparse

from casewatch.app import check_config
from casewatch.config import load_config
from casewatch.config.durations import format_duration
from casewatch.db import migrate
from casewatch.db.engine import make_engine


def cmd_config_check(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    check_config(config)
    settings, redact = config.settings, config.redact
    print(f"config: {config.path} is valid")
    print(f"database: {redact(settings.database.url)}")
    print(f"people ({len(settings.people)}):")
    for person in settings.people:
        tags = f" [{', '.join(person.tags)}]" if person.tags else ""
        aliases = f" (also: {', '.join(person.aliases)})" if person.aliases else ""
        print(f"  {person.name}{tags}{aliases}")
    print(f"sources ({len(settings.sources)}):")
    for source in settings.sources:
        every = format_duration(settings.interval(source))
        print(f"  {source.name}: {source.kind}, every {every}: {redact(source.url)}")
    print(f"channels ({len(settings.channels)}):")
    for channel in settings.channels:
        events = ", ".join(channel.events)
        tags = f"; people tagged {', '.join(channel.people_tags)}" if channel.people_tags else ""
        print(f"  {channel.name}: {redact(channel.url)} ← {events}{tags}")
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    engine = make_engine(config.settings.database.url)
    before = migrate.current_revision(engine)
    applied = migrate.upgrade(engine)
    after = migrate.current_revision(engine)
    print(
        f"database schema: {before or 'empty'} → {after}"
        if applied
        else f"database schema is up to date ({after})"
    )
    return 0

"""``casewatch status``: health for operators and monitoring (SPEC §2)."""

from __future__ import annotations

import argparse
import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from casewatch.cli.common import open_app
from casewatch.cli.output import Column, print_json, print_table
from casewatch.db.tables import utcnow
from casewatch.health import Health, assess
from casewatch.text import local_minutes, plural, zoned

if TYPE_CHECKING:
    from casewatch.queue.inspect import QueueHealth


def cmd_status(args: argparse.Namespace) -> int:
    """Exit 0 healthy, 1 degraded: what monitoring systems (Nagios, a systemd
    OnFailure=, a cron MAILTO) act on."""
    app = open_app(args)
    with app.reading() as connection:
        health = assess(connection, app.config, utcnow())
    queue = None
    if app.config.settings.queue.url:
        from casewatch.queue.inspect import queue_health

        queue = queue_health(app)
        health.problems += queue.problems()
    if args.json:
        print_json(health.as_json() | ({"queue": queue.as_json()} if queue else {}))
    else:
        tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
        _print(health, tz)
        if queue is not None:
            _print_queue(queue, tz)
    return 0 if health.healthy else 1


def _print_queue(queue: QueueHealth, tz: zoneinfo.ZoneInfo) -> None:
    """The queue's depth, the scheduler, and each worker's last answer, in ``tz``."""
    depth = "unknown tasks" if queue.depth is None else plural(queue.depth, "task")
    scheduler = "running" if queue.scheduler else "not running"
    print(f"queue: {depth} waiting; scheduler {scheduler}")
    rows = [(name, local_minutes(at, tz)) for name, at in sorted(queue.heartbeats.items())]
    print_table(
        rows, ("worker", "last heartbeat"), empty="no worker answers", note=f"times in {tz.key}"
    )


def _print(health: Health, tz: zoneinfo.ZoneInfo) -> None:
    """The verdict, the last cycle and a table of sources; times in ``tz``."""
    print("casewatch: healthy" if health.healthy else "casewatch: degraded")
    for problem in health.problems:
        print(f"  {problem}")
    cycle = health.last_cycle
    if cycle is None:
        print("last cycle: none yet")
    else:
        print(
            f"last cycle: {_when(cycle.started_at, tz)} to {zoned(cycle.ended_at, tz)}:\n  "
            f"{cycle.checked} checked, {cycle.changed} changed, {cycle.failed} failed, "
            f"{plural(cycle.events, 'event')}; alerts {cycle.alerts_sent} sent, "
            f"{cycle.alerts_pending} pending, {cycle.alerts_dead} dead"
        )
    print(f"alerts now: {health.alerts_pending} undelivered, {health.alerts_dead} dead")
    rows = [
        (
            s.name,
            _when(s.last_checked_at, tz),
            _when(s.last_success_at, tz),
            _when(s.next_due_at, tz, "next run"),
            s.failures,
            s.problem or "ok",
        )
        for s in health.sources
    ]
    headers = (
        Column("source"),
        Column("last check", drop=1, whole=True),
        Column("last success", drop=2, whole=True),
        Column("next due", whole=True),
        Column("failures"),
        Column("state", least=16, lines=3),
    )
    print_table(rows, headers, empty="no sources configured", note=f"times in {tz.key}")


def _when(moment: dt.datetime | None, tz: zoneinfo.ZoneInfo, none: str = "never") -> str:
    return none if moment is None else local_minutes(moment, tz)

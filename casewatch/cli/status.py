"""``casewatch status``: health for operators and monitoring (SPEC §2)."""

from __future__ import annotations

import argparse
import datetime as dt

from casewatch.cli.common import open_app
from casewatch.cli.output import print_json, print_table
from casewatch.db.models import utcnow
from casewatch.health import Health, assess


def cmd_status(args: argparse.Namespace) -> int:
    """Exit 0 healthy, 1 degraded: what monitoring systems (Nagios, a systemd
    OnFailure=, a cron MAILTO) act on."""
    app = open_app(args)
    with app.sessions() as session:
        health = assess(session, app.config, utcnow())
    if args.json:
        print_json(health.as_json())
    else:
        _print(health)
    return 0 if health.healthy else 1


def _print(health: Health) -> None:
    print("casewatch: healthy" if health.healthy else "casewatch: degraded")
    for problem in health.problems:
        print(f"  {problem}")
    cycle = health.last_cycle
    if cycle is None:
        print("last cycle: none yet")
    else:
        print(
            f"last cycle: {_when(cycle.started_at)} to {_when(cycle.ended_at)}: "
            f"{cycle.checked} checked, {cycle.changed} changed, {cycle.failed} failed, "
            f"{cycle.events} events; alerts {cycle.alerts_sent} sent, "
            f"{cycle.alerts_pending} pending, {cycle.alerts_dead} dead"
        )
    print(f"alerts now: {health.alerts_pending} undelivered, {health.alerts_dead} dead")
    rows = [
        (
            s.name,
            _when(s.last_checked_at),
            _when(s.last_success_at),
            _when(s.next_due_at),
            s.failures,
            s.problem or "ok",
        )
        for s in health.sources
    ]
    headers = ("source", "last check", "last success", "next due", "failures", "state")
    print_table(rows, headers, empty="no sources configured")


def _when(moment: dt.datetime | None) -> str:
    return "never" if moment is None else f"{moment:%Y-%m-%d %H:%M:%S} UTC"

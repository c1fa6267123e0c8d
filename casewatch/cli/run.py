"""``casewatch run`` and ``casewatch daemon``."""

from __future__ import annotations

import argparse
import sys

from casewatch.cli.common import UsageError, open_app
from casewatch.cycle import run_cycle
from casewatch.daemon import Daemon
from casewatch.db.lock import RunLock


def register(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run",
        help="one cycle: crawl due sources, record changes, deliver alerts, exit",
        description="Crawl the sources that are due, store snapshots, detect changes, "
        "record events, check deadlines and deliver pending alerts; then exit. "
        "Exit codes: 0 all well; 1 a source failed or an alert is undelivered "
        "(pending, or dead until `alerts retry` or `alerts dismiss`); "
        "2 usage or config error; 75 another run holds the lock.",
    )
    run.add_argument("--all", action="store_true", help="crawl every source, due or not")
    run.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME",
        help="crawl only this source (repeatable)",
    )
    run.set_defaults(handler=cmd_run)
    daemon = commands.add_parser(
        "daemon",
        help="run cycles on schedule until SIGTERM/SIGINT",
        description="Run cycles on schedule (per-source intervals, with jitter) and "
        "retry alerts with backoff between cycles, until SIGTERM or SIGINT; "
        "the cycle in flight is finished first.",
    )
    daemon.set_defaults(handler=cmd_daemon)


def cmd_run(args: argparse.Namespace) -> int:
    app = open_app(args)
    unknown = sorted(set(args.source) - {s.name for s in app.config.settings.sources})
    if unknown:
        raise UsageError(f"no source named {', '.join(map(repr, unknown))} in {app.config.path}")
    with RunLock(app.engine):
        report = run_cycle(
            app.config, app.sessions, app.outbox, only=args.source, everything=args.all
        )
    print(
        f"checked {len(report.checked)} sources, {len(report.failed)} failed; "
        f"{report.events} events; alerts: {len(report.delivery.delivered)} delivered, "
        f"{report.undelivered} undelivered"
        + (f", {report.held} held for digest" if report.held else ""),
        file=sys.stderr if args.quiet else sys.stdout,
    )
    for name in report.failed:
        print(f"  source failed: {name}", file=sys.stderr)
    return report.exit_code


def cmd_daemon(args: argparse.Namespace) -> int:
    return Daemon(open_app(args), args).serve()

"""``casewatch run`` and ``casewatch daemon``."""

from __future__ import annotations

import argparse
import sys

from casewatch.cli.common import open_app
from casewatch.cycle import run_cycle
from casewatch.daemon import Daemon
from casewatch.errors import UsageError


def cmd_run(args: argparse.Namespace) -> int:
    app = open_app(args, sends=True)
    unknown = sorted(set(args.source) - {s.name for s in app.config.settings.sources})
    if unknown:
        raise UsageError(f"no source named {', '.join(map(repr, unknown))} in {app.config.path}")
    with app.lock():  # before the schema is touched: migrations never race
        report = run_cycle(
            app.config,
            app.sessions,
            app.outbox,
            only=args.source,
            everything=args.all,
            respect_backoff=args.respect_backoff,
        )
    summary = (
        f"checked {len(report.checked)} sources, {len(report.failed)} failed; "
        f"{report.events} events; alerts: {len(report.delivery.delivered)} delivered, "
        f"{report.undelivered} undelivered"
        + (f", {report.held} held for digest" if report.held else "")
    )
    # -q (cron): silent when all is well, so that cron mails only trouble.
    if not args.quiet or report.exit_code:
        print(summary, file=sys.stderr if args.quiet else sys.stdout)
    for name, why in sorted(report.failed.items()):
        print(f"  source failed: {name}: {why}", file=sys.stderr)
    return report.exit_code


def cmd_daemon(args: argparse.Namespace) -> int:
    return Daemon(open_app(args, sends=True), args).serve()

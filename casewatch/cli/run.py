"""``casewatch run`` and ``casewatch daemon``."""

from __future__ import annotations

import argparse
import logging
import sys
import zoneinfo
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from casewatch.cli.common import open_app
from casewatch.cli.output import local_time
from casewatch.errors import Interrupted
from casewatch.loading import collector_paused
from casewatch.logs import to_stderr
from casewatch.progress import for_terminal
from casewatch.text import plural, zoned

# The cycle, the ORM and the config's schema load once open_app has started
# the check of the channel URLs, which goes on beside them (issue 9).
if TYPE_CHECKING:
    from casewatch.app import App


def cmd_run(args: argparse.Namespace) -> int:
    with collector_paused(freeze=True):
        app = open_app(args, sends=True, loading=["casewatch.cycle", "casewatch.names"])
        from casewatch.cycle import run_cycle
        from casewatch.names import source_name

    only = [source_name(app.config, typed) for typed in args.source]
    progress = for_terminal(args.quiet)
    interrupted: Interrupted | None = None
    with app.lock():  # before the schema is touched: migrations never race
        app.upgrade()
        try:
            report = run_cycle(
                app.config,
                app.current_engine,
                app.sessions,
                app.outbox,
                only=only,
                everything=args.all,
                respect_backoff=args.respect_backoff,
                progress=progress,
            )
        except Interrupted as stop:
            interrupted = stop
        finally:
            progress.stop()
    if interrupted is not None:
        to_stderr(_interrupted(interrupted), logging.WARNING)
        return interrupted.exit_code
    # A postponed source is said once, below, not also as still failing.
    still = _still_failing(app, [*report.checked, *report.postponed])
    summary = (
        f"checked {plural(len(report.checked), 'source')}, {len(report.failed)} failed"
        + (f", {len(still)} still failing" if still else "")
        + f"; {plural(report.events, 'event')}; "
        f"alerts: {len(report.delivery.delivered)} delivered, "
        f"{report.undelivered} undelivered"
        + (f", {report.held} held for digest" if report.held else "")
    )
    # A postponed source's last check failed (the 429 or 503): still failing.
    code = report.exit_code or (1 if still or report.postponed else 0)
    # -q (cron): silent when all is well, so that cron mails only trouble.
    if args.quiet and code:
        to_stderr(summary, logging.WARNING)
    elif not args.quiet:
        print(summary)
    if not report.checked and not report.postponed and not args.quiet:
        print(_nothing_due(app))
    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    for name, until in sorted(report.postponed.items()):
        line = (
            f"  not checked: {name}: its server asked (Retry-After) not to be "
            f"asked before {zoned(until, tz)}"
        )
        if args.quiet:
            to_stderr(line, logging.WARNING)
        else:
            print(line)
    for name, why in sorted(report.failed.items()):
        to_stderr(f"  source failed: {name}: {why}")
    for line in still:
        to_stderr(f"  still failing: {line}", logging.WARNING)
    # In alert order: channels send in parallel, so the order sends ended in
    # changes from run to run.
    for line in _not_delivered(app, sorted({*report.delivery.failed, *report.delivery.dead})):
        to_stderr(f"  alert not delivered: {line}")
    return code


def _interrupted(stop: Interrupted) -> str:
    """What an interrupted run did and did not do, in one line."""
    return (
        f"interrupted by {stop.signal_name}: {plural(len(stop.recorded), 'check')} recorded; "
        "the checks in flight were dropped, not counted as failed; "
        "alerts, reminders and the rest are left to the next run"
    )


def _not_delivered(app: App, ids: Sequence[int]) -> list[str]:
    """Each alert this run failed to send, with why: the one line about it
    (Apprise's own log line is for -v)."""
    from casewatch.db.models import Alert

    with app.sessions() as session:
        alerts = [a for a in map(partial(session.get, Alert), ids) if a is not None]
        return [
            f"{a.id} to {a.channel}: {app.config.redact(a.last_error or 'failed')}"
            + (" (dead: `alerts retry` or `alerts dismiss` it)" if a.status == "dead" else "")
            for a in alerts
        ]


def _nothing_due(app: App) -> str:
    """Why a run checked nothing: when, in the configured zone, and which
    source is checked next."""
    from casewatch.db import store
    from casewatch.due import next_check

    with app.sessions() as session:
        soonest = next_check(app.config, store.sources_by_name(session))
    if soonest is None:
        return "nothing due: no source to check"
    when, name = soonest
    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    return f"nothing due: next check {zoned(when, tz)} ({name})"


def _still_failing(app: App, checked: Sequence[str]) -> list[str]:
    """Sources not checked by this run whose last check failed: a run after
    everything failed must not look like all is well (issue 13)."""
    from sqlalchemy import select

    from casewatch.db.models import Source
    from casewatch.sources import source_objects

    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    with app.sessions() as session:
        done = set(checked)
        failing = session.scalars(select(Source.name).where(Source.consecutive_failures > 0))
        if not set(failing) - done:
            return []  # the usual case: no need to describe every source
        sources = source_objects(session, app.config)
    return [
        f"{s['name']}: {s['error'] or s['outcome']} "
        f"(next try {local_time(s['next_due_at'], tz)} {tz.key})"
        for s in sources
        if s["name"] not in done and s["failures"] and s["next_due_at"]
    ]


def cmd_daemon(args: argparse.Namespace) -> int:
    """Runs until SIGTERM/SIGINT; says that it has started (also without -v:
    an operator starting it by hand sees it is up), unless -q, or logging
    JSON lines, which a plain line would break (the INFO log line says it)."""
    from casewatch.daemon import Daemon  # not for `run`, which it starts as a child

    app = open_app(args, sends=True)
    daemon = Daemon(app, args)
    if not args.quiet and args.log_format == "text":
        sources = plural(len(app.config.settings.sources), "source")
        print(
            f"casewatch daemon: watching {sources} (config {app.config.path}); "
            "stop with Ctrl-C or SIGTERM",
            file=sys.stderr,
            flush=True,
        )
    return daemon.serve()

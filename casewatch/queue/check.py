"""A worker's child process: checks some sources of one host, or tidies up.

``python -m casewatch.queue.check --config PATH`` reads ``{"host": …,
"tokens": {source: last_checked_at or null}}`` on stdin and prints what it did
as one JSON line: ``{"checked": […], "stale": […], "busy": […]}``.

It holds, for as long as it works (PostgreSQL drops them if it dies):
``run``'s lock shared (no one-machine ``run`` at the same time), the host's
lock (per-host concurrency and delay hold across workers), and each source's
lock (no source is checked by two workers at once). Under those locks, a
source whose ``last_checked_at`` is no longer the one the scheduler saw has
been checked since it was queued (by a worker that died before its task was
acknowledged, or from a second copy of the task): it is ``stale`` and not
checked again, so a redelivered task records nothing twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from functools import partial
from typing import Any

from casewatch.alerts.outbox import Outbox
from casewatch.alerts.routing import Router
from casewatch.app import App
from casewatch.config import load_config
from casewatch.cycle import housekeep, run_cycle
from casewatch.db import advisory, store
from casewatch.db.models import Source, utcnow
from casewatch.logs import setup_logging

TIDY_LOCK = "tidy"  # in the SCHEDULER namespace: one tidy at a time


def token(last_checked_at: dt.datetime | None) -> str | None:
    """What says whether a source was checked since it was queued: when it
    was last checked, as ISO 8601 (None: never)."""
    return None if last_checked_at is None else last_checked_at.isoformat()


def row_token(row: Source | None) -> str | None:
    return token(None if row is None else row.last_checked_at)


def work(app: App, host: str, tokens: dict[str, str | None]) -> dict[str, Any]:
    config = app.config
    outbox = Outbox(
        config,
        app.sessions,
        app.renderer,
        channel_lock=partial(advisory.holding, app.engine, advisory.CHANNEL),
    )
    with advisory.LockSession(app.engine) as locks:
        if not locks.run_shared() or (tokens and not locks.take(advisory.HOST, host)):
            return {"checked": [], "stale": [], "busy": sorted(tokens)}
        mine = locks.take_all(advisory.SOURCE, tokens)
        with app.sessions() as session:
            known = store.sources_by_name(session)
        configured = {s.name for s in config.settings.sources}
        fresh = [
            name
            for name in sorted(mine)
            if name in configured and row_token(known.get(name)) == tokens[name]
        ]
        if fresh:
            run_cycle(
                config, app.sessions, outbox, only=fresh, respect_backoff=True, housekeeping=False
            )
        else:
            if locks.take(advisory.SCHEDULER, TIDY_LOCK):
                router = Router(config.settings.channels, config.settings.people)
                housekeep(config, app.sessions, router, utcnow())
            outbox.deliver(respect_backoff=True)
        return {
            "checked": fresh,
            "stale": sorted(mine - set(fresh)),
            "busy": sorted(set(tokens) - mine),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casewatch.queue.check")
    parser.add_argument("--config", required=True)
    parser.add_argument("--verbose", type=int, default=logging.WARNING, help="a logging level")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    verbosity = {logging.ERROR: -1, logging.WARNING: 0, logging.INFO: 1}.get(args.verbose, 2)
    setup_logging(verbosity, config.redact)
    request = json.loads(sys.stdin.read())
    result = work(App(config), request["host"], request["tokens"])
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

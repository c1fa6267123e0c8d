"""A worker's child process: checks some sources, or tidies up.

``python -m casewatch.queue.check --config PATH`` reads ``{"tokens":
{source: last_checked_at or null}}`` on stdin and prints what it did
as one JSON line: ``{"checked": […], "stale": […], "busy": […]}``.

It holds, for as long as it works (PostgreSQL drops them if it dies):
``run``'s lock shared (no one-machine ``run`` at the same time), its hosts'
locks (per-host concurrency and delay hold across workers; the sources of a
host locked elsewhere are ``busy``), and each source's
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
from collections.abc import Iterable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from casewatch.alerts.outbox import Outbox
from casewatch.alerts.routing import Router
from casewatch.app import App
from casewatch.config import Config, load_config
from casewatch.cycle import housekeep, run_cycle
from casewatch.db import advisory, store
from casewatch.db.models import Source, utcnow
from casewatch.errors import Interrupted
from casewatch.logs import setup_logging

# Named, not __name__: this module runs as __main__ in the child.
log = logging.getLogger("casewatch.queue.check")
TIDY_LOCK = "tidy"  # in the SCHEDULER namespace: one tidy at a time


def token(last_checked_at: dt.datetime | None) -> str | None:
    """What says whether a source was checked since it was queued: when it
    was last checked, as ISO 8601 (None: never)."""
    return None if last_checked_at is None else last_checked_at.isoformat()


def row_token(row: Source | None) -> str | None:
    """:func:`token` of a source's row (None: never checked)."""
    return token(None if row is None else row.last_checked_at)


def host_of(url: str) -> str:
    """The host a source is fetched from, as Scrapy's per-host slots name it."""
    return (urlsplit(url).hostname or "").lower()


def hosts_of(config: Config, names: Iterable[str]) -> dict[str, list[str]]:
    """The configured sources among ``names``, by host."""
    urls = {s.name: s.url for s in config.settings.sources}
    by_host: dict[str, list[str]] = {}
    for name in names:
        if name in urls:
            by_host.setdefault(host_of(urls[name]), []).append(name)
    return by_host


def work(app: App, tokens: dict[str, str | None]) -> dict[str, Any]:
    """Check the sources of ``tokens`` that this process can lock and that
    were not checked since they were queued; with no sources, tidy up."""
    config = app.config
    outbox = Outbox(
        config,
        app.sessions,
        app.renderer,
        channel_lock=partial(advisory.holding, app.engine, advisory.CHANNEL),
    )
    with advisory.LockSession(app.engine) as locks:
        if not locks.run_shared():
            return {"checked": [], "stale": [], "busy": sorted(tokens)}
        by_host = hosts_of(config, tokens)
        hosts = locks.take_all(advisory.HOST, by_host)
        try:
            if hosts:
                log.info("hosts locked: %s", " ".join(sorted(hosts)))
            mine = locks.take_all(advisory.SOURCE, [n for h in hosts for n in by_host[h]])
            with app.sessions() as session:
                now = store.last_checked(session, mine)
            fresh = sorted(name for name in mine if token(now.get(name)) == tokens[name])
            busy = sorted({n for names in by_host.values() for n in names} - mine)
            if fresh:
                run_cycle(
                    config,
                    app.current_engine,
                    app.sessions,
                    outbox,
                    only=fresh,
                    respect_backoff=True,
                    housekeeping=False,
                )
            elif not tokens:
                if locks.take(advisory.SCHEDULER, TIDY_LOCK):
                    router = Router(config.settings.channels, config.settings.people)
                    housekeep(config, app.sessions, router, utcnow())
                outbox.deliver(respect_backoff=True)
            stale = sorted(set(tokens) - set(fresh) - set(busy))
            return {"checked": fresh, "stale": stale, "busy": busy}
        finally:
            if hosts:  # said before the session ends: no one can hold them earlier
                log.info("hosts released: %s", " ".join(sorted(hosts)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casewatch.queue.check")
    parser.add_argument("--config", required=True)
    parser.add_argument("--verbose", type=int, default=logging.WARNING, help="a logging level")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    verbosity = {logging.ERROR: -1, logging.WARNING: 0, logging.INFO: 1}.get(args.verbose, 2)
    setup_logging(verbosity, config.redact)
    request = json.loads(sys.stdin.read())
    try:
        result = work(App(config), request["tokens"])
    except Interrupted as stop:
        # (Ctrl-C on a worker in a terminal reaches its child too.) The task
        # fails, and its sources not recorded are checked again.
        log.warning("%s: %s recorded", stop, ", ".join(stop.recorded) or "none")
        return stop.exit_code
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

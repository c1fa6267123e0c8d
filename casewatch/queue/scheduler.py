"""``casewatch scheduler``: queues each due source once (docs/scale-out.md).

Which sources are due is ``casewatch run``'s own rule (:func:`due_sources`).
Due sources are queued in tasks of whole hosts (see :func:`pack`), so that
one worker at a time fetches from a host. A source stays
due until a worker has checked it; the scheduler does not queue it again
while its task may still be in the queue or in a worker's hands (twice the
visibility timeout), and a copy that is queued anyway (a scheduler restarted
meanwhile) finds it checked and does nothing.

One scheduler per database: it holds an advisory lock for as long as it
runs; a second exits 75, or with ``wait`` stands by until the first is gone.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from casewatch.app import App
from casewatch.db import advisory, store
from casewatch.db.lock import LockHeld
from casewatch.db.models import utcnow
from casewatch.due import due_sources
from casewatch.queue.app import CHECK, QUEUE, TIDY
from casewatch.queue.check import host_of, row_token
from casewatch.text import plural

if TYPE_CHECKING:
    from celery import Celery

log = logging.getLogger(__name__)

LOCK = "scheduler"  # in advisory.SCHEDULER
TIDY_EVERY = dt.timedelta(minutes=1)  # reminders, overdue sources, alert retries


def _chunks(items: dict[str, str | None], size: int) -> Iterator[dict[str, str | None]]:
    it = iter(items.items())
    while chunk := dict(islice(it, size)):
        yield chunk


def pack(by_host: dict[str, dict[str, str | None]], batch: int) -> list[dict[str, str | None]]:
    """The tasks for these due sources: as few as ``batch`` allows, each
    holding whole hosts (a host with more than ``batch`` due sources is cut
    into pieces), largest first into the task with the fewest sources. A
    task's child fetches its hosts in parallel, each at its politeness, and
    tasks share no host but a cut one, so workers seldom wait for each other."""
    pieces = sorted(
        (piece for tokens in by_host.values() for piece in _chunks(tokens, batch)),
        key=len,
        reverse=True,
    )
    tasks: list[dict[str, str | None]] = [{} for _ in range(-(-sum(map(len, pieces)) // batch))]
    for piece in pieces:
        min(tasks, key=len).update(piece)
    return tasks


@dataclass
class Scheduler:
    app: App
    celery: Celery
    poll: float = 30.0  # seconds between looks at what is due
    batch: int = 100  # sources per task at most (a host's tasks run one at a time)
    stop: threading.Event = field(default_factory=threading.Event)
    # source → (the token it was queued with, time.monotonic() then)
    queued: dict[str, tuple[str | None, float]] = field(default_factory=dict)
    _next_tidy: dt.datetime | None = None

    def serve(self, wait: bool = False) -> int:
        """Queue what is due every ``poll`` seconds until :attr:`stop` is set."""
        with advisory.LockSession(self.app.engine) as lock:
            while not lock.take(advisory.SCHEDULER, LOCK):
                if not wait:
                    raise LockHeld("another casewatch scheduler is running; nothing done")
                if self.stop.wait(self.poll):
                    return 0
            log.info("scheduler: queueing due sources every %gs", self.poll)
            while not self.stop.is_set():
                if not lock.alive():
                    log.error("scheduler: lost the database connection that holds its lock")
                    return 1
                self.tick()
                self.stop.wait(self.poll)
        return 0

    def tick(self) -> int:
        """Queue the sources due now that are not queued already; how many."""
        now = utcnow()
        with self.app.sessions() as session:
            known = store.sources_by_name(session)
        horizon = 2 * self.app.config.settings.queue.visibility_timeout.total_seconds()
        clock = time.monotonic()
        by_host: dict[str, dict[str, str | None]] = {}
        for source in due_sources(self.app.config, known, now):
            seen = row_token(known.get(source.name))
            before = self.queued.get(source.name)
            if before is not None and before[0] == seen and clock - before[1] < horizon:
                continue  # queued and not checked yet
            by_host.setdefault(host_of(source.url), {})[source.name] = seen
        tasks = pack(by_host, self.batch)
        for tokens in tasks:
            self.celery.send_task(CHECK, args=[tokens], queue=QUEUE)
            self.queued.update((name, (seen, clock)) for name, seen in tokens.items())
        count = sum(map(len, tasks))
        if count:
            log.info(
                "scheduler: queued %s of %s in %s",
                plural(count, "source"),
                plural(len(by_host), "host"),
                plural(len(tasks), "task"),
            )
        if self._next_tidy is None or now >= self._next_tidy:
            # Expires: tidy tasks piling up while no worker runs are dropped.
            self.celery.send_task(TIDY, queue=QUEUE, expires=TIDY_EVERY.total_seconds())
            self._next_tidy = now + TIDY_EVERY
        return count

"""The two tasks workers run. Each runs its work in a child process
(``python -m casewatch.queue.check``): Scrapy's Twisted reactor starts once
per process, and a child's death frees its database locks at once.

A check first looks, without locks, whether its sources were checked since
they were queued (a second copy of the task) and whether another worker is
on the host: then no child is started. A check that finds its host or
sources busy is retried by Celery a little later, with the busy sources only.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from typing import TYPE_CHECKING, Any

from casewatch.app import App
from casewatch.config import Config
from casewatch.db import advisory, store
from casewatch.queue.app import CHECK, TIDY
from casewatch.queue.check import hosts_of, token
from casewatch.text import plural

if TYPE_CHECKING:
    from celery import Celery, Task

log = logging.getLogger(__name__)

# The first retry of a busy check waits this long (seconds), doubling up to a
# minute, and to less than half the visibility timeout: the broker would hand
# a second copy of a task held longer to another worker.
BUSY_RETRY, BUSY_RETRY_MAX = 5.0, 60.0
CHILD_RETRIES = 2  # a task whose child fails (not a SIGKILL of the worker) is tried again


class ChildFailed(RuntimeError):
    """The child process that does a task's work failed (its log says why)."""


def run_child(config: Config, tokens: dict[str, str | None]) -> dict[str, Any]:
    """Check ``tokens``' sources in a child process, or tidy up when there
    are none; what it did, as ``check.work`` returns it."""
    argv = [sys.executable, "-m", "casewatch.queue.check", "--config", str(config.path)]
    argv += ["--verbose", str(logging.getLogger().getEffectiveLevel())]
    request = json.dumps({"tokens": tokens})
    done = subprocess.run(argv, input=request, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise ChildFailed(f"the work on {plural(len(tokens), 'source')} exited {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def still_due(app: App, tokens: dict[str, str | None]) -> dict[str, str | None]:
    """The sources not checked since they were queued."""
    with app.sessions() as session:
        now = store.last_checked(session, tokens)
    return {name: seen for name, seen in tokens.items() if token(now.get(name)) == seen}


def register(celery: Celery, config: Config) -> None:
    """Define casewatch's tasks on ``celery``; their bodies use ``config``."""
    app = App(config, sends=False)  # the worker's own look at the database
    longest = min(BUSY_RETRY_MAX, config.settings.queue.visibility_timeout.total_seconds() / 2)

    @celery.task(name=CHECK, bind=True, max_retries=None)
    def check(task: Task, tokens: dict[str, str | None], failures: int = 0) -> dict[str, Any]:
        """Check these sources; each maps to the ``last_checked_at`` the
        scheduler saw (ISO 8601, or None if never checked). A child that
        fails is tried again :data:`CHILD_RETRIES` times, up to a minute apart."""
        due = still_due(app, tokens)
        stale = sorted(set(tokens) - set(due))
        hosts = hosts_of(config, due)
        if not due:
            result: dict[str, Any] = {"checked": [], "stale": stale, "busy": []}
        elif all(advisory.held(app.engine, advisory.HOST, host) for host in hosts):
            result = {"checked": [], "stale": stale, "busy": sorted(due)}
        else:
            try:
                result = run_child(config, due)
            except ChildFailed as error:
                if failures >= CHILD_RETRIES:
                    raise  # the scheduler queues the sources again later
                log.warning("%s (see its log); trying again in %ds", error, longest)
                raise task.retry(
                    args=[due], kwargs={"failures": failures + 1}, countdown=longest
                ) from error
            result["stale"] = sorted({*result["stale"], *stale})
        log.info(
            "%d checked, %d checked by others already, %d busy (hosts: %s)",
            len(result["checked"]),
            len(result["stale"]),
            len(result["busy"]),
            ", ".join(sorted(hosts)),
        )
        if result["busy"]:
            wait = min(BUSY_RETRY * 2**task.request.retries, longest)
            busy = {name: tokens[name] for name in result["busy"]}
            raise task.retry(args=[busy], kwargs={"failures": failures}, countdown=wait)
        return result

    @celery.task(name=TIDY)
    def tidy() -> dict[str, Any]:
        """Deadline reminders, overdue sources and alert retries."""
        return run_child(config, {})

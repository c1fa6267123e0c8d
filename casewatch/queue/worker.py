"""``casewatch worker``: a Celery worker on the casewatch queue.

It runs with the ``threads`` pool: tasks run in threads of the worker
process (their work in child processes, see ``tasks``), so the worker's main
loop always answers ``inspect``/``ping`` (``casewatch status``), even mid-check.
"""

from __future__ import annotations

import logging
import os

from casewatch.app import App
from casewatch.queue.app import QUEUE, celery_app


def serve(app: App, concurrency: int = 1, name: str | None = None) -> int:
    """Work until SIGTERM (Celery's warm shutdown: tasks in hand are finished)."""
    celery = celery_app(app.config)  # a config distributed mode cannot use: exit 2
    app.sessions  # noqa: B018 - a database that cannot be used is exit 2, before Celery starts
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
    celery.worker_main(
        [
            "worker",
            "--pool=threads",
            f"--concurrency={concurrency}",
            f"--queues={QUEUE}",
            f"--hostname={name or f'casewatch-{os.getpid()}@%h'}",
            f"--loglevel={level}",
            "--without-mingle",
            "--without-gossip",
        ]
    )
    return 0

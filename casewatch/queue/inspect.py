"""What ``casewatch status`` says of distributed mode, as the engines report
it: the queue's depth (the broker), which workers answer Celery's ping and
when, and whether a scheduler holds its lock (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from casewatch.app import App
from casewatch.db import advisory
from casewatch.queue.app import QUEUE, celery_app
from casewatch.queue.scheduler import LOCK

PING_TIMEOUT = 1.0  # seconds to wait for workers' answers


@dataclass
class QueueHealth:
    depth: int | None = None  # tasks waiting in the queue; None if the broker did not answer
    heartbeats: dict[str, dt.datetime] = field(default_factory=dict)  # worker → its answer
    scheduler: bool = False
    error: str | None = None

    def problems(self) -> list[str]:
        found = [f"queue: {self.error}"] if self.error else []
        if not self.heartbeats:
            found.append("queue: no worker answers")
        if not self.scheduler:
            found.append("queue: no scheduler is running")
        return found

    def as_json(self) -> dict:
        return {
            "depth": self.depth,
            "scheduler": self.scheduler,
            "workers": [
                {"name": name, "last_heartbeat": at.isoformat()}
                for name, at in sorted(self.heartbeats.items())
            ],
            "error": self.error,
        }


def queue_health(app: App) -> QueueHealth:
    health = QueueHealth(scheduler=advisory.held(app.engine, advisory.SCHEDULER, LOCK))
    celery = celery_app(app.config)
    try:
        with celery.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1)
            declared = connection.default_channel.queue_declare(QUEUE)
            health.depth = declared.message_count
        for reply in celery.control.ping(timeout=PING_TIMEOUT):
            for worker in reply:
                health.heartbeats[worker] = dt.datetime.now(dt.UTC)
    except Exception as exc:  # the broker is down or refuses us: a problem, not a crash
        health.error = app.config.redact(f"the broker does not answer ({exc})")
    return health

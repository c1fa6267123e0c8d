"""The Celery application of a casewatch config: broker, queue, delivery rules.

Celery, not casewatch, hands out work and takes it back from a dead worker:

- ``task_acks_late``: a task leaves the broker when it is done, not when it
  is taken; a worker that dies mid-task (SIGKILL, power loss) never acks it,
  and the Redis transport gives it to another worker after
  ``visibility_timeout`` (see :func:`_transport_options`);
- ``task_reject_on_worker_lost``: the same at once when only a pool child dies;
- ``worker_prefetch_multiplier = 1``: a worker reserves one task at a time,
  so idle workers are not starved by a busy one's reservations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from casewatch.config import Config, ConfigError

if TYPE_CHECKING:
    from celery import Celery

QUEUE = "casewatch"  # the broker queue the scheduler fills and workers drain
CHECK = "casewatch.check"  # task: check these sources of one host
TIDY = "casewatch.tidy"  # task: deadline reminders, overdue sources, alert retries


def queue_url(config: Config) -> str:
    """The broker URL; a :class:`ConfigError` (exit 2) when distributed mode
    cannot work with this config."""
    settings = config.settings
    if not settings.queue.url:
        raise ConfigError(
            f"{config.path}: [queue] url is not set: the scheduler and workers need a "
            'Redis broker, e.g. [queue] url = "redis://queue.internal:6379/0"'
        )
    if make_url(settings.database.url).get_backend_name() != "postgresql":
        raise ConfigError(
            f"{config.path}: [database] url: workers on several machines share one "
            "PostgreSQL database; this is "
            f"{make_url(settings.database.url).get_backend_name()} (docs/scale-out.md)"
        )
    return settings.queue.url


def celery_app(config: Config) -> Celery:
    """The Celery app for ``config``, with casewatch's tasks registered."""
    from celery import Celery

    from casewatch.queue import tasks

    app = Celery("casewatch", broker=queue_url(config), set_as_current=False)
    app.conf.update(
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options=_transport_options(
            config.settings.queue.visibility_timeout.total_seconds()
        ),
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
    )
    tasks.register(app, config)
    return app


def _transport_options(visibility_timeout: float) -> dict[str, float]:
    """Redis: a task unacknowledged for ``visibility_timeout`` seconds goes
    back to the queue at the next sweep for such tasks, which every worker
    runs every quarter of the timeout (at most 10 s; kombu's default is every
    100 s)."""
    return {
        "visibility_timeout": visibility_timeout,
        "unacked_restore_interval": max(1.0, min(10.0, visibility_timeout / 4)),
        "unacked_restore_throttle": 1,
    }

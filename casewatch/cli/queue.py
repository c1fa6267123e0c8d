"""``casewatch scheduler`` and ``casewatch worker`` (SPEC §7, docs/scale-out.md)."""

from __future__ import annotations

import argparse
import signal

from casewatch.cli.common import open_app
from casewatch.queue.app import celery_app


def cmd_scheduler(args: argparse.Namespace) -> int:
    from casewatch.queue.scheduler import Scheduler

    app = open_app(args)
    scheduler = Scheduler(app, celery_app(app.config), poll=args.poll, batch=args.batch)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: scheduler.stop.set())
    return scheduler.serve(wait=args.wait)


def cmd_worker(args: argparse.Namespace) -> int:
    from casewatch.queue.worker import serve

    return serve(open_app(args, sends=True), args.concurrency, args.name)

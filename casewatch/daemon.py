"""``casewatch daemon``: cycles on schedule until SIGTERM/SIGINT.

Each cycle is a ``casewatch run`` child process, since Scrapy's reactor runs
once per process; that also keeps the daemon small and a crashed cycle
contained. Between cycles the daemon retries alerts, honouring their backoff.
"""

from __future__ import annotations

import argparse
import logging
import signal
import subprocess
import sys
import threading
from types import FrameType

import schedule

from casewatch.app import App
from casewatch.db.lock import LockHeld

log = logging.getLogger(__name__)
TICK_SECONDS = (45, 75)  # how often due sources are looked for, with jitter


class Daemon:
    def __init__(self, app: App, args: argparse.Namespace) -> None:
        self.app = app
        self.command = [sys.executable, "-m", "casewatch", "--config", str(app.config.path)]
        self.command += ["-v"] * args.verbose + (["-q"] if args.quiet else [])
        self.stopping = threading.Event()

    def serve(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)
        scheduler = schedule.Scheduler()
        scheduler.every(TICK_SECONDS[0]).to(TICK_SECONDS[1]).seconds.do(self.cycle)
        scheduler.every(30).seconds.do(self.retry_alerts)
        log.warning("casewatch daemon started (config %s)", self.app.config.path)
        self.cycle()
        while not self.stopping.is_set():
            scheduler.run_pending()
            self.stopping.wait(timeout=max(1.0, min(scheduler.idle_seconds or 1.0, 5.0)))
        log.warning("casewatch daemon stopped")
        return 0

    def cycle(self) -> None:
        # The child ignores our terminal's Ctrl-C (new session): a stop request
        # lets the cycle in flight finish.
        run = [*self.command, "run", "--respect-backoff"]
        result = subprocess.run(run, start_new_session=True, check=False)
        if result.returncode not in (0, 1, 75):
            log.error("cycle ended with exit code %s", result.returncode)

    def retry_alerts(self) -> None:
        try:
            with self.app.lock():
                self.app.outbox.deliver(respect_backoff=True)
        except LockHeld:
            pass  # a cycle is running; it delivers too

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        log.warning("received %s: finishing the cycle in flight", signal.Signals(signum).name)
        self.stopping.set()

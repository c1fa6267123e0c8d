"""``casewatch daemon``: keeps time for the sources, the reminders and the alerts.

The daemon sleeps until something is due: the next source (its interval,
counted from its last check, plus a little jitter so that sources and
machines drift apart), the next alert retry (each alert's own backoff), or
the hourly housekeeping cycle (deadline reminders and digests, which have no
source to wake for). It reads the config again whenever the file changes, so
a new source, interval or channel counts at once, and alert retries always
use the current channels (issue 7, fault 6). An edit that breaks the file
is logged and the previous config stays in use, by the cycles too: each is
given the config the daemon checked, not the file. Idle, it wakes every few
seconds only to look at the config file's modification time.

Who keeps which time:

- Fixed periods are jobs of a ``schedule.Scheduler`` the daemon owns (never
  the library's module-level one): the config file's modification time
  every ``CONFIG_POLL`` (5 s), and a new plan every ``REPLAN_EVERY`` (1 min),
  so that an alert another process records while the daemon sleeps is sent
  within the minute. Schedule counts in the machine's naive local time:
  when that goes back (DST ends), ``run_jobs`` runs the jobs at once rather
  than an hour late.
- Times that come from the database stay with ``plan()``, a pure function
  in UTC: each source's interval from its own last check, an alert retry
  from its backoff, and the housekeeping cycle an hour after the last
  cycle, whatever started it (an hourly job, counted from its own last run,
  would repeat the work a source's cycle had just done).
- The daily digest's hour is not the daemon's: it is each held alert's
  ``next_attempt_at`` (``DigestPolicy.next_time``: ``digest_hour`` in the
  configured zone, across DST), so that ``run`` from cron sends it too; the
  daemon's next cycle does. Schedule's ``.at()`` counts in the machine's
  zone, or in another only with pytz.

The loop runs the jobs due and sleeps until the earliest of the next job,
the next cycle and the next alert retry; SIGTERM and SIGINT wake it.

Each cycle is a ``casewatch run --respect-backoff`` child process rather
than a crawl in a long-lived reactor (Scrapy's CrawlerRunner), because:

- a crawl's cookie jars, connection pools and DNS cache then live exactly as
  long as one cycle, as SPEC §5 wants for cookies ("within one check, not
  across checks"), with nothing to reset between cycles;
- memory taken by one huge page or a leak in a library goes back to the
  system after each cycle, which matters for a process that runs for months;
- a crash or a hang in one cycle cannot take the scheduler down with it;
- ``run`` is the one code path for cron, systemd timers and the daemon: the
  same lock, migrations, due-source rules and exit codes.

The price is the start of a Python process with Scrapy (about a second of
CPU) per cycle, paid only when something is due (a cycle is started early by
the time the last one took to reach its first fetch, so that fetches keep
the interval); the parent itself imports
no Scrapy and costs next to nothing between cycles (benchmarks/daemon_idle.py).

The parent holds no database connection while it sleeps (NullPool): a
PostgreSQL restart in the night does not break it, and a lock it took to
retry alerts is released with its connection.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import schedule
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from casewatch.alerts.outbox import Outbox
from casewatch.app import App, check_config
from casewatch.config import Config, load_config
from casewatch.db.engine import make_engine, make_sessionmaker
from casewatch.db.lock import LockHeld, RunLock
from casewatch.db.models import HELD, Alert, Source, utcnow
from casewatch.due import CheckTimes, wait_after
from casewatch.errors import CasewatchError
from casewatch.logs import setup_logging

log = logging.getLogger(__name__)

# The schedule jobs' periods, in whole seconds.
CONFIG_POLL = dt.timedelta(seconds=5)  # how often the config file's mtime is looked at
REPLAN_EVERY = dt.timedelta(minutes=1)  # alerts added by another process are seen this soon
HOUSEKEEPING_EVERY = dt.timedelta(hours=1)  # reminders and digests without a due source
JITTER = 0.1  # a source is checked up to 10% of its interval late...
MAX_JITTER = dt.timedelta(minutes=5)  # ...and never more than this
RETRY_GAP = dt.timedelta(minutes=1)  # a due source the last cycle did not check
MAX_BACKOFF = dt.timedelta(minutes=5)  # after cycles that crash, at most this long between
MAX_LEAD = dt.timedelta(seconds=30)  # a cycle starts early by its start-up time, at most this


@dataclass(frozen=True)
class Plan:
    """When the daemon next has work: a cycle, or an alert retry."""

    cycle_at: dt.datetime
    due: frozenset[str]  # the sources that make ``cycle_at`` (may be empty: housekeeping)
    retry_at: dt.datetime | None  # the earliest pending alert's next attempt


def jitter(name: str, checked_at: dt.datetime, interval: dt.timedelta) -> dt.timedelta:
    """A source's delay past its interval for this round: the same on every look
    (seeded by the source and its last check), different from round to round."""
    span = min(interval * JITTER, MAX_JITTER)
    return span * random.Random(f"{name}|{checked_at.isoformat()}").random()


Checked = dict[str, CheckTimes]


def plan(
    config: Config,
    checked: Checked,
    retry_at: dt.datetime | None,
    last_cycle: dt.datetime | None,
    held_off: dict[str, dt.datetime],
    now: dt.datetime,
    lead: dt.timedelta = dt.timedelta(0),
) -> Plan:
    """What to do next (pure).

    ``checked`` maps source names to their last check, failures in a row and
    the time a server asked us not to come back before (Retry-After); a
    source not in it was never checked. A source is due as ``casewatch/due.py``
    says (its interval, or the retry backoff after a failure), plus its
    jitter. ``held_off`` holds sources a cycle should have checked and did
    not (the cycle failed): not before that time. ``lead`` is how long a
    cycle takes from its start to its first fetch: it starts that much
    early, so that the fetch is on time.
    """
    settings = config.settings
    due_at: dict[str, dt.datetime] = {}
    for source in settings.sources:
        row = checked.get(source.name)
        last = row.last_checked_at if row is not None else None
        if row is None or last is None:
            when = now
        else:
            wait = wait_after(settings, source, row.consecutive_failures)
            when = last + wait + jitter(source.name, last, wait) - min(lead, wait / 2)
        for later in (held_off.get(source.name), row.not_before if row is not None else None):
            when = max(when, later or when)
        due_at[source.name] = when
    housekeeping = (last_cycle or now) + HOUSEKEEPING_EVERY
    cycle_at = min([housekeeping, *due_at.values()])
    due = frozenset(name for name, when in due_at.items() if when <= max(cycle_at, now))
    return Plan(cycle_at, due, retry_at)


def run_jobs(clock: schedule.Scheduler) -> None:
    """Runs the jobs that are due. Schedule counts in naive local time: when
    that goes back (DST ends, the clock is set back), a job looks further off
    than its period (up to an hour and 5 s for the 5 s job): then all run at
    once, which counts their periods from the new time."""
    now = dt.datetime.now()  # naive local, as schedule counts
    if any(job.next_run - now > dt.timedelta(seconds=job.interval) for job in clock.jobs):
        clock.run_all()
    else:
        clock.run_pending()


class Daemon:
    def __init__(self, app: App, args: argparse.Namespace) -> None:
        config = self.config = app.config
        self.path = config.path
        self.args = args
        # Each cycle gets the config this daemon checked last on its stdin: an
        # edit that breaks the file leaves the previous config in use.
        self.command = [sys.executable, "-m", "casewatch", "--config", str(config.path)]
        self.command += ["--config-on-stdin"]
        self.command += ["-v"] * args.verbose + (["-q"] if args.quiet else [])
        self.command += ["--log-format", args.log_format]
        self.stopping = threading.Event()
        self._mtime = _mtime(self.path)
        self._engine, self._sessions = _open(config)
        self._held_off: dict[str, dt.datetime] = {}
        self._last_cycle: dt.datetime | None = None
        self._failures = 0  # cycles in a row that crashed
        self._lead = dt.timedelta(0)  # from a cycle's start to its first fetch, last time
        self._in_flight = False  # a cycle's child is running: a stop waits for it
        self._current: Plan | None = None  # None: plan before the next step
        self.clock = schedule.Scheduler()  # the fixed periods (module docstring)
        self.clock.every(int(CONFIG_POLL.total_seconds())).seconds.do(self._watch_config)
        self.clock.every(int(REPLAN_EVERY.total_seconds())).seconds.do(self._replan)
        # Its "Running job" line every 5 s would bury the daemon's own at -vv.
        logging.getLogger("schedule").setLevel(logging.INFO)

    def serve(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)
        log.info("casewatch daemon started (config %s)", self.path)
        while not self.stopping.is_set():
            run_jobs(self.clock)
            now = utcnow()
            if self._current is None:
                self._current = self._plan(now)
            current = self._current
            if current.cycle_at <= now:
                self.cycle(current.due)
                self._replan()
            elif current.retry_at is not None and current.retry_at <= now:
                self.retry_alerts()
                self._replan()
            else:
                wake = min(current.cycle_at, current.retry_at or current.cycle_at)
                job = self.clock.idle_seconds or 0.0  # never None: the jobs never end
                self.stopping.wait(max(min((wake - now).total_seconds(), job), 0.0))
        self._engine.dispose()
        log.warning("casewatch daemon stopped")
        return 0

    def cycle(self, due: frozenset[str]) -> None:
        """One ``casewatch run`` child; waits for it even when asked to stop.
        The child runs in its own session, so the terminal's Ctrl-C reaches
        only the daemon, which lets the cycle in flight finish. The due
        sources are named: the daemon has judged them (interval, jitter,
        Retry-After); a housekeeping cycle names none and ``run`` picks."""
        started = utcnow()
        log.info("cycle: due %s", ", ".join(sorted(due)) or "nothing (housekeeping)")
        named = [arg for name in sorted(due) for arg in ("--source", name)]
        self._in_flight = True
        try:
            result = subprocess.run(
                [*self.command, "run", "--respect-backoff", *named],
                input=self.config.text,
                text=True,
                start_new_session=True,
                check=False,
            )
        finally:
            self._in_flight = False
        self._last_cycle = utcnow()
        # 0 and 1 are cycles done (1: something failed, it is on record);
        # 75: another run (cron, an operator) holds the lock and does the work.
        if result.returncode in (0, 1, 75):
            self._failures = 0
            gap = RETRY_GAP
        else:
            self._failures += 1
            gap = min(RETRY_GAP * 2 ** (self._failures - 1), MAX_BACKOFF)
            log.error("cycle ended with exit code %s; next try in %s", result.returncode, gap)
        # Sources the cycle left unchecked are not tried again at once.
        checked = self._checked()
        fetched = []
        for name in due:
            row = checked.get(name)
            last = row.last_checked_at if row is not None else None
            if last is not None and last >= started:
                fetched.append(last)
                continue
            interval = self.config.settings.interval(self.config.settings.source(name))
            self._held_off[name] = self._last_cycle + min(gap, interval)
        if fetched:
            self._lead = min(min(fetched) - started, MAX_LEAD)

    def retry_alerts(self) -> None:
        """Deliver the alerts whose backoff has passed, with the current config."""
        outbox = Outbox(self.config, self._sessions)  # its renderer: when it sends
        try:
            with RunLock(self._engine, self.config.redact):
                report = outbox.deliver(respect_backoff=True)
        except LockHeld:
            return  # a cycle is running; it delivers too
        except (CasewatchError, SQLAlchemyError) as error:
            log.error("could not retry alerts: %s", self.config.redact(str(error)))
            return
        if report.delivered or report.dead:
            log.info("alerts: %d delivered, %d dead", len(report.delivered), len(report.dead))

    def _plan(self, now: dt.datetime) -> Plan:
        settings = self.config.settings
        names = {s.name for s in settings.sources}
        self._held_off = {n: t for n, t in self._held_off.items() if n in names and t > now}
        return plan(
            self.config,
            self._checked(),
            self._next_retry(),
            self._last_cycle,
            self._held_off,
            now,
            self._lead,
        )

    def _checked(self) -> Checked:
        try:
            with self._sessions() as session:
                rows = session.execute(
                    select(
                        Source.name,
                        Source.last_checked_at,
                        Source.consecutive_failures,
                        Source.not_before,
                    )
                )
                return {row.name: row for row in rows}
        except SQLAlchemyError:
            return {}  # no schema yet: the first cycle creates it

    def _next_retry(self) -> dt.datetime | None:
        try:
            with self._sessions() as session:
                return session.scalar(
                    # A held alert's next attempt is its digest's hour.
                    select(func.min(Alert.next_attempt_at)).where(
                        Alert.status.in_(("pending", "sending", HELD))
                    )
                )
        except SQLAlchemyError:
            return None

    def _replan(self) -> None:
        """Job, every ``REPLAN_EVERY``, and after each cycle or retry: the
        plan is made anew (from the database) before the loop's next step."""
        self._current = None

    def _watch_config(self) -> None:
        """Job, every ``CONFIG_POLL``: a changed config file is read again
        and planned with."""
        if self._reload_if_changed():
            self._replan()

    def _reload_if_changed(self) -> bool:
        mtime = _mtime(self.path)
        if mtime == self._mtime:
            return False
        self._mtime = mtime
        try:
            config = load_config(self.path)
            check_config(config)
        except CasewatchError as error:
            log.error("config not reloaded, the previous one stays in use: %s", error)
            return False
        if config.settings.database.url != self.config.settings.database.url:
            self._engine.dispose()
            self._engine, self._sessions = _open(config)
        self.config = config
        # New channels bring new secrets to mask.
        setup_logging(_verbosity(self.args), config.redact, self.args.log_format)
        log.warning("config reloaded (%s)", self.path)
        return True

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self._in_flight:
            log.warning("received %s: stopping once the cycle in flight ends", name)
        else:
            log.warning("received %s: stopping", name)
        self.stopping.set()


def _open(config: Config) -> tuple[Engine, sessionmaker[Session]]:
    engine = make_engine(config.settings.database.url, poolclass=NullPool)
    return engine, make_sessionmaker(engine)


def _verbosity(args: argparse.Namespace) -> int:
    return -1 if args.quiet else args.verbose


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None

"""One cycle of ``casewatch run``: crawl what is due, record, remind, deliver."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from casewatch.alerts.outbox import DeliveryReport, Outbox
from casewatch.alerts.routing import Router
from casewatch.case.compare import reading_key
from casewatch.config import Config, SourceConfig
from casewatch.config.secrets import split_credentials
from casewatch.db import queries, store
from casewatch.db.models import HELD, Source, utcnow
from casewatch.due import due_sources, postponed
from casewatch.errors import Interrupted
from casewatch.failpoints import failpoint
from casewatch.health import raise_overdue, record_cycle
from casewatch.progress import CycleProgress, Reporting, Silent
from casewatch.reminders import remind
from casewatch.spiders.crawl import crawl
from casewatch.spiders.items import FetchedPage, FetchTarget
from casewatch.text import plural

if TYPE_CHECKING:
    from casewatch.recorder import Recorder

log = logging.getLogger(__name__)


@dataclass
class CycleReport:
    checked: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # source → why: fetch or record failed
    events: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)
    undelivered: int = 0  # alerts still to send, or dead, after this cycle
    held: int = 0  # alerts waiting for their channel's digest: not a problem
    # Sources that --all or --source asked for and were not checked: their
    # server asked for time (Retry-After) until then (UTC).
    postponed: dict[str, dt.datetime] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.undelivered else 0


def fetch_targets(sources: Sequence[SourceConfig], known: dict[str, Source]) -> list[FetchTarget]:
    """What to fetch; a conditional GET only where the page is read as last
    time (a 304 would hide a new ``select`` or ``ignore`` until the page
    changes) and its snapshot is stored: a 304 means "the copy you hold is
    current" (RFC 9110 §15.4.5), and without one it would leave nothing to read."""
    targets = []
    for source in sources:
        row = known.get(source.name)
        reading = reading_key(source.url, source.kind, source.select, source.ignore)
        same = row is not None and row.reading == reading and row.snapshot_id is not None
        # A user:password goes as HTTP Basic auth, to this host alone
        # (spiders/auth.py): Scrapy cannot request a URL that holds one.
        url, credentials = split_credentials(source.url)
        targets.append(
            FetchTarget(
                source=source.name,
                url=url,
                credentials=credentials,
                etag=row.etag if same else None,
                last_modified=row.last_modified if same else None,
                verify_tls=source.verify_tls,
            )
        )
    return targets


def run_cycle(
    config: Config,
    engine: Engine,
    sessions: sessionmaker[Session],
    outbox: Outbox,
    *,
    only: Sequence[str] = (),
    everything: bool = False,
    respect_backoff: bool = False,
    now: Callable[[], dt.datetime] = utcnow,
    progress: CycleProgress | None = None,
    housekeeping: bool = True,
) -> CycleReport:
    """One cycle, on the database of ``engine`` (the recorder writes checks
    on its connections; the rest goes through ``sessions``, on the same
    engine). ``housekeeping=False`` (a worker's check, docs/scale-out.md)
    leaves deadline reminders and overdue sources to :func:`housekeep`, which
    workers run one at a time.

    Raises :class:`~casewatch.errors.Interrupted` when a signal stopped the
    crawl: what was recorded stays, and the rest of the cycle (reminders,
    delivery, the cycle's row for ``status``) is left to the next run; the
    alerts of the recorded checks wait in the outbox until then."""
    report = CycleReport()
    started = now()
    with sessions() as session:
        known = store.sources_by_name(session)
    sources = due_sources(config, known, now(), only, everything)
    if everything or only:
        report.postponed = postponed(config, known, now(), only)
    _log_due(config, sources, only, everything)
    targets = fetch_targets(sources, known)
    report.checked = [s.name for s in sources]
    if targets:
        report.failed, report.events = _check(config, engine, targets, progress, now)
    if housekeeping:
        router = Router(config.settings.channels, config.settings.people)
        report.events += housekeep(config, sessions, router, now())
    failpoint("after_record")
    report.delivery = outbox.deliver(respect_backoff=respect_backoff)
    delivery = report.delivery
    log.info(
        "alerts: %d delivered, %d failed (retried later), %d dead",
        len(delivery.delivered),
        len(delivery.failed),
        len(delivery.dead),
    )
    with sessions() as session:
        waiting = [a.status for a in queries.alerts_not_delivered(session)]
    report.held = waiting.count(HELD)
    report.undelivered = len(waiting) - report.held
    with sessions.begin() as session:
        record_cycle(
            session,
            started,
            now(),
            checked=len(report.checked),
            failed=len(report.failed),
            events=report.events,
            sent=len(report.delivery.delivered),
        )
    return report


def _log_due(
    config: Config, due: Sequence[SourceConfig], only: Sequence[str], everything: bool
) -> None:
    """-v: which sources this cycle checks and why; -vv: each one it leaves."""
    why = "--all" if everything else "named with --source" if only else "due now"
    names = ", ".join(s.name for s in due) or "none"
    total = plural(len(config.settings.sources), "source")
    log.info("checking %d of %s (%s): %s", len(due), total, why, names)
    checked = {s.name for s in due}
    for source in config.settings.sources:
        if source.name not in checked:
            log.debug("not due: %s", source.name)


def _check(
    config: Config,
    engine: Engine,
    targets: Sequence[FetchTarget],
    progress: CycleProgress | None,
    now: Callable[[], dt.datetime],
) -> tuple[dict[str, str], int]:
    """Crawl and record ``targets``: (source → why its check failed, events)."""
    # The readers (and Scrapy, in crawl) load only when there is a page to
    # check: a run with nothing due starts in a fraction of the time.
    from casewatch.recorder import Recorder

    recorder = Recorder(config, engine, now=now)
    progress = progress or Silent()
    progress.start(len(targets))
    try:
        crawl(targets, config.settings.crawl, Reporting(recorder, progress))
    except Interrupted as stop:
        # The checks in flight are not recorded (nor counted as failed).
        stop.recorded = sorted(recorder.recorded)
        raise
    finally:
        recorder.close()
    _record_the_unanswered(recorder, targets, now())
    failed = {
        **recorder.failed,
        **dict.fromkeys(recorder.errors, "could not be recorded (see the log)"),
    }
    return failed, recorder.events


def housekeep(
    config: Config, sessions: sessionmaker[Session], router: Router, now: dt.datetime
) -> int:
    """What a cycle does besides its checks: deadline reminders that are due,
    and ``source_failing`` for sources overdue; returns the events recorded."""
    events = remind(config, sessions, router, now)
    with sessions.begin() as session:
        events += raise_overdue(session, config, router, now)
    return events


def _record_the_unanswered(
    recorder: Recorder, targets: Sequence[FetchTarget], now: dt.datetime
) -> None:
    """A source the spider gave no result for (it crashed on the page) is a
    failed check: it counts towards source_failing like any other failure."""
    for target in targets:
        if target.source in recorder.recorded or target.source in recorder.errors:
            continue
        error = "no result: the spider failed on this page (see the log)"
        page = FetchedPage(target.source, target.url, "failed", now, 0, error=error)
        try:
            recorder.record(page)
        except Exception:
            log.exception("could not record the failed check of %r", target.source)
            recorder.errors.append(target.source)

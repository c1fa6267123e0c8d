"""Recording a check: read the page, load the source's state (one row), let
:func:`casewatch.case.decide.decide` say what happened, and persist the check,
snapshot, diff, events, their outbox rows and the new state in one transaction.
Checks whose pages waited together share one transaction (group commit); if
it fails, each is written again alone, so that a bad check loses only itself.

A check costs a constant number of queries whatever the history: nothing
here scans earlier checks or events.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, Row

from casewatch.alerts.policy import channels_per_event
from casewatch.alerts.routing import Router
from casewatch.case.availability import Availability
from casewatch.case.compare import people_key, reading_key
from casewatch.case.decide import CheckResult, Decision, Settings, SourceState, decide
from casewatch.case.diff import unified_diff
from casewatch.case.events import EventDraft
from casewatch.case.facts import Facts, PersonFacts
from casewatch.case.observation import Observation, Unreadable
from casewatch.config import Config, SourceConfig
from casewatch.db import recording, store
from casewatch.db.models import Event, utcnow
from casewatch.reading_pool import (
    ReaderDied,
    Reading,
    ReadingPool,
    ReadSettings,
    ReadTask,
    processes_for,
    read,
    read_again,
)
from casewatch.spiders.items import FetchedPage
from casewatch.text import zoned

if TYPE_CHECKING:
    from casewatch.case.people import PeopleIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    """A fetched page, read: ready to be written."""

    page: FetchedPage  # outcome "failed" if it could not be read
    new: Observation | None  # for "ok": what it says
    permanent: bool  # the failure will recur (robots.txt, unreadable)


@dataclass
class Recorder:
    """Records a cycle's checks (:meth:`record`, :meth:`record_group`) and
    keeps its account: what failed, what is on record, how many events."""

    config: Config
    engine: Engine  # checks are written in Core on its connections (casewatch.db.recording)
    now: Callable = utcnow
    errors: list[str] = field(default_factory=list)  # sources that could not be recorded
    failed: dict[str, str] = field(default_factory=dict)  # source → why its check failed
    recorded: set[str] = field(default_factory=set)  # sources with a check on record
    events: int = 0  # events recorded so far

    def __post_init__(self) -> None:
        settings = self.config.settings
        self.router = Router(settings.channels, settings.people)
        self._ignore = {s.name: tuple(re.compile(p) for p in s.ignore) for s in settings.sources}
        self._source_names = frozenset(s.name for s in settings.sources)
        everyone = [(p.name, p.aliases) for p in settings.people]
        self._people_keys = {s.name: people_key(everyone, s.people) for s in settings.sources}
        processes = processes_for(settings.crawl.reading_processes)
        self.reading = ReadingPool(lambda: self.people, processes)

    @cached_property
    def people(self) -> PeopleIndex:
        """The configured people's index, built when a page is first read
        (with the readers: a cycle of unchanged pages loads neither). Two
        threads may build it at once; both build the same index."""
        from casewatch.case.people import PeopleIndex

        return PeopleIndex(self.config.settings.people)

    def read_ahead(self, page: FetchedPage) -> Reading | None:
        """Starts reading ``page`` in another process, when the cycle has
        enough pages to read for that (casewatch.reading_pool); pass what this
        returns to :meth:`record`. Called as each page arrives."""
        if page.outcome != "ok":
            return None
        return self.reading.submit(self._task(page))

    def record(self, page: FetchedPage, reading: Reading | None = None) -> list[Event]:
        """Record one fetched page in a transaction of its own; the events it
        gave, numbered. ``reading`` is :meth:`read_ahead`'s for the page;
        without one the page is read here. Raises what writing it raised."""
        return self._record_alone(self._read(page, reading))

    def record_group(self, pages: Sequence[tuple[FetchedPage, Reading | None]]) -> None:
        """Record pages that waited together, in one transaction: a commit
        per page was half an unchanged check's time on PostgreSQL (a round
        trip and a WAL flush each). If that transaction fails, each page is
        recorded again in a transaction of its own, so that only a page
        whose own writing fails is lost (logged, and listed in
        :attr:`errors`). A failed COMMIT is not retried (it may have
        landed): its pages are listed in :attr:`errors`."""
        fetched: list[Fetched] = []
        for page, reading in pages:
            with self._listed_on_failure(page.source):
                fetched.append(self._read(page, reading))
        if len(fetched) > 1:
            written: list[tuple[Decision, list[Event]]] = []
            try:
                with self.engine.begin() as connection:
                    for f in fetched:
                        written.append(self._write(connection, f))
            except Exception:
                if len(written) == len(fetched):
                    # The COMMIT failed: it may have landed all the same (a
                    # connection lost before its answer), and writing each
                    # again would record its checks twice. They are checked
                    # again next run if it did not.
                    log.exception("committing %d checks together failed", len(fetched))
                    self.errors += [f.page.source for f in fetched]
                    return
                log.warning("recording %d checks together failed: each alone now", len(fetched))
            else:
                for f, (decision, events) in zip(fetched, written, strict=True):
                    self._recorded(f.page, decision, events)
                return
        for f in fetched:
            with self._listed_on_failure(f.page.source):
                self._record_alone(f)

    @contextmanager
    def _listed_on_failure(self, source: str) -> Iterator[None]:
        """What recording ``source``'s check raises is logged and the source
        listed in :attr:`errors`: one source's bad result must not stop the
        others (the run's exit code still reports it)."""
        try:
            yield
        except Exception:
            log.exception("could not record the check of %r", source)
            self.errors.append(source)

    def _read(self, page: FetchedPage, reading: Reading | None) -> Fetched:
        """The page, read (its reading's result, or read here)."""
        new, permanent = None, page.permanent
        if page.outcome == "ok":
            try:
                if reading is not None:
                    new = self.reading.result(reading)
                else:
                    new = read(self._task(page), self.people)
            except (Unreadable, ReaderDied) as error:
                # Answered but unreadable: a failed check, never an empty page.
                page = replace(page, outcome="failed", error=str(error))
                permanent = isinstance(error, Unreadable)  # a crash may not recur
        if page.error:
            # Stored on the check and in events, printed by `run`: the one
            # place a fetch's error enters, masked here (a URL it names may
            # hold the source's credentials).
            page = replace(page, error=self.config.redact(page.error))
        if page.outcome == "failed" and page.not_before is not None:
            # Retry-After: when the site asked us back, written as every time
            # shown to people is (the spider knows no time zone).
            back = zoned(page.not_before, self._tz)
            page = replace(page, error=f"{page.error or 'failed'}, back after {back}")
        if page.outcome == "failed":
            self.failed[page.source] = page.error or "failed"
        return Fetched(page, new, permanent)

    def _record_alone(self, fetched: Fetched) -> list[Event]:
        with self.engine.begin() as connection:
            decision, events = self._write(connection, fetched)
        self._recorded(fetched.page, decision, events)
        return events

    def _write(self, connection: Connection, fetched: Fetched) -> tuple[Decision, list[Event]]:
        """Decide what the check means and write it, in the caller's transaction."""
        page, new = fetched.page, fetched.new
        config = self.config.settings.source(page.source)
        # The address is stored (and shown from there) with its credentials masked.
        source = recording.source_row(
            connection, config.name, config.masked_url, config.kind, self._source_names
        )
        if page.outcome == "not_modified" and source.snapshot_id is None:
            page = self._nothing_kept(page)
        state = source_state(source)
        people = self._people_keys[config.name]
        rereading = state.people != people and source.snapshot_id is not None
        differs = new is not None and state.snapshot_hash not in (None, new.hash)
        previous = (
            recording.snapshot_text(connection, source.snapshot_id)
            if rereading or differs
            else None
        )
        check = CheckResult(
            outcome=page.outcome,
            reading=reading_key(config.url, config.kind, config.select, config.ignore),
            people=people,
            observation=new,
            previous_text=previous if differs else None,
            reread=self._reread(config, previous) if rereading else None,
            http_status=page.http_status,
            error=page.error,
            permanent=fetched.permanent,
        )
        settings = Settings(
            self.config.settings.crawl.failures_before_alert,
            self.config.settings.interval(config),
        )
        # Intervals run from one fetch to the next, however long a cycle takes.
        decision = decide(state, check, page.started_at, settings)
        return decision, self._persist(connection, source, state, config, page, decision, previous)

    def _nothing_kept(self, page: FetchedPage) -> FetchedPage:
        """A 304 to our conditional request, for a source with no snapshot
        stored (it went since the request was made): "your copy is current"
        (RFC 9110 §15.4.5) with no copy is a failed check, not a healthy
        one. Not ``permanent``: the next check asks without conditions
        (casewatch.cycle.fetch_targets) and gets the page."""
        error = "HTTP 304 Not Modified, but no copy of the page is stored: asked in full next check"
        self.failed[page.source] = error
        return replace(page, outcome="failed", error=error)

    def _recorded(self, page: FetchedPage, decision: Decision, events: list[Event]) -> None:
        """Account for a check once its transaction is committed."""
        self.recorded.add(page.source)
        self.events += len(events)
        log.info(
            "checked %s: %s%s in %d ms; %s",
            page.source,
            decision.outcome,
            f" (HTTP {page.http_status})" if page.http_status else "",
            page.duration_ms,
            ", ".join(e.kind for e in events) or "no events",
        )
        if page.error:
            log.debug("%s: %s", page.source, page.error)

    def close(self) -> None:
        """Stops the reading processes, if :meth:`read_ahead` started any."""
        self.reading.close()

    def _task(self, page: FetchedPage) -> ReadTask:
        """``page`` with how its source is read: for :func:`read`, here or in the pool."""
        config = self.config.settings.source(page.source)
        return ReadTask(
            page.source, page.body, page.content_type, page.encoding, self._settings(config)
        )

    def _settings(self, config: SourceConfig) -> ReadSettings:
        """How ``config``'s page is read today: the one bundle for a fetched
        page (:meth:`_task`) and its stored text read again (:meth:`_reread`)."""
        return ReadSettings(
            config.kind, config.select, self._ignore[config.name], self._today(), config.sole_person
        )

    @cached_property
    def _tz(self) -> ZoneInfo:
        """The configured ``[alerts] timezone``."""
        return ZoneInfo(self.config.settings.alerts.timezone)

    def _today(self) -> dt.date:
        """The day of the check in the configured time zone."""
        return self.now().astimezone(self._tz).date()

    def _reread(self, config: SourceConfig, text: str | None) -> Observation | None:
        """The stored ``text`` read again for today's people (no refetch)."""
        if text is None:
            return None
        try:
            return read_again(text, self._settings(config), self.people)
        except Unreadable:
            return None

    def _persist(
        self,
        connection: Connection,
        source: Row[Any],
        before: SourceState,
        config: SourceConfig,
        page: FetchedPage,
        decision: Decision,
        previous: str | None,
    ) -> list[Event]:
        """Write the check, its snapshot, diff and events and the source's
        new state; ``previous`` is the current snapshot's text, if read."""
        snapshot_id, diff_id = source.snapshot_id, None
        if (new := decision.snapshot) is not None:
            snapshot_id = recording.snapshot_for(
                connection, source.id, new.text, new.hash, new.facts.to_json()
            )
            if decision.diff and previous is not None:
                unified = unified_diff(previous, new.text, config.name)
                diff_id = recording.add_diff(
                    connection, source.id, source.snapshot_id, snapshot_id, unified
                )
        check_id = recording.add_check(
            connection,
            {
                "source_id": source.id,
                "started_at": page.started_at,
                "duration_ms": page.duration_ms,
                "http_status": page.http_status,
                "outcome": decision.outcome,
                "error": page.error,
                # The snapshot the page showed at this check (also when unchanged).
                "snapshot_id": snapshot_id if page.outcome in ("ok", "not_modified") else None,
            },
        )
        now = self.now()
        columns = state_columns(
            before, decision.state, snapshot_id, page.started_at, first=source.facts is None
        )
        columns["not_before"] = page.not_before  # Retry-After (spiders/politeness.py)
        if page.outcome == "ok":
            columns["etag"], columns["last_modified"] = page.etag, page.last_modified
        if decision.state.availability.removed:
            # Asked without validators until it is back: a restored page then
            # answers in full (200, its text compared), not "304 not modified".
            columns["etag"] = columns["last_modified"] = None
        recording.update_source(connection, source, columns)
        # Whom the page is about, for events that name no one themselves.
        about = config.sole_person or decision.state.facts.sole_person
        events = [self._event(d, source, about, check_id, diff_id, now) for d in decision.events]
        routes = channels_per_event(
            events,
            self.router,
            lambda person, since: store.alerted_status_changes(connection, person, since),
        )
        recording.add_events(connection, zip(events, routes, strict=True))
        return events

    @staticmethod
    def _event(
        draft: EventDraft,
        source: Row[Any],
        about: str | None,
        check_id: int,
        diff_id: int | None,
        now: dt.datetime,
    ) -> Event:
        return Event(
            occurred_at=now,
            kind=draft.kind,
            source_id=source.id,
            person=draft.person or about,
            summary=draft.summary,
            details={**draft.details, "url": source.url},
            diff_id=diff_id,
            check_id=check_id,
            baseline=draft.silent,
        )


def source_state(source: Row[Any]) -> SourceState:
    """The decision state kept on a source's row (see models.Source)."""
    said = {
        person: PersonFacts(person, said["status"], said.get("status_detail", ""))
        for person, said in (source.said or {}).items()
    }
    return SourceState(
        availability=Availability(
            checked=source.last_checked_at is not None,
            failures=source.consecutive_failures,
            failing=source.failing,
            removed=source.removed,
        ),
        snapshot_hash=source.snapshot_hash,
        facts=Facts.from_json(source.facts),
        said=MappingProxyType(said),
        reading=source.reading,
        people=source.people_key,
        next_due_at=source.next_due_at,
    )


def state_columns(
    before: SourceState,
    state: SourceState,
    snapshot_id: int | None,
    checked_at: dt.datetime,
    *,
    first: bool = False,
) -> dict[str, Any]:
    """The columns of a source's row that keep ``state`` (the one that was
    ``before``). Facts and ``said`` are there only when they changed: their
    JSON is most of the row, and most checks leave them as they were. With
    ``first`` (the row has no facts yet) they are there even when empty:
    readers take no facts for a source never checked (``sources``, ``cases``)."""
    available = state.availability
    columns: dict[str, Any] = {
        "consecutive_failures": available.failures,
        "failing": available.failing,
        "removed": available.removed,
        "snapshot_id": snapshot_id,
        "snapshot_hash": state.snapshot_hash,
        "reading": state.reading,
        "people_key": state.people,
        "next_due_at": state.next_due_at,
        "last_checked_at": checked_at,
    }
    if first or state.facts != before.facts:
        columns["facts"] = state.facts.to_json()
    if first or state.said != before.said:
        columns["said"] = {
            person: {"status": said.status, "status_detail": said.status_detail}
            for person, said in state.said.items()
        }
    return columns

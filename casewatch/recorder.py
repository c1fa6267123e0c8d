"""Recording a check: case logic over the fetched page, then one transaction
with the check, snapshot, diff, events and their outbox rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from casewatch.alerts.policy import channels_per_event
from casewatch.alerts.routing import Router
from casewatch.case.availability import SourceState, next_state
from casewatch.case.compare import compare, known_statuses, reading_key
from casewatch.case.diff import unified_diff
from casewatch.case.events import EventDraft
from casewatch.case.facts import Facts
from casewatch.case.people import PeopleIndex
from casewatch.case.reading import Observation, Unreadable, read_page
from casewatch.config import Config, SourceConfig
from casewatch.db import queries, store
from casewatch.db.models import Check, Diff, Event, Snapshot, Source, utcnow
from casewatch.spiders.items import FetchedPage


@dataclass
class _Content:
    """What the page's text gave: events, whether they are news, the records."""

    drafts: list[EventDraft]
    silent: bool  # a baseline or a re-reading: history, no alerts
    outcome: str  # baseline, changed, unchanged
    snapshot: Snapshot
    diff: Diff | None
    facts: Facts  # what the page says now


@dataclass
class Recorder:
    config: Config
    sessions: sessionmaker[Session]
    now: Callable = utcnow
    errors: list[str] = field(default_factory=list)  # sources that could not be recorded
    failed: dict[str, str] = field(default_factory=dict)  # source → why its check failed
    recorded: set[str] = field(default_factory=set)  # sources with a check on record
    events: int = 0  # events recorded so far

    def __post_init__(self) -> None:
        settings = self.config.settings
        self.people = PeopleIndex(settings.people)
        self.router = Router(settings.channels, settings.people)
        self._ignore = {s.name: [re.compile(p) for p in s.ignore] for s in settings.sources}
        self._source_names = [s.name for s in settings.sources]

    def record(self, page: FetchedPage) -> list[Event]:
        config = self.config.settings.source(page.source)
        new = None
        if page.outcome == "ok":
            try:
                new = self._read(config, page)
            except Unreadable as error:
                # Answered but unreadable: a failed check, never an empty page.
                page = replace(page, outcome="failed", error=str(error))
        if page.outcome == "failed":
            self.failed[page.source] = page.error or "failed"
        with self.sessions.begin() as session:
            source = store.source_row(
                session, config.name, config.url, config.kind, self._source_names
            )
            first_check = not store.has_checks(session, source.id)
            check = Check(
                source_id=source.id,
                started_at=page.started_at,
                duration_ms=page.duration_ms,
                http_status=page.http_status,
                outcome=page.outcome,
                error=page.error,
            )
            session.add(check)
            # The first check of a source is a silent baseline.
            drafts = [(d, first_check) for d in self._availability(source, page)]
            previous = store.last_snapshot(session, source.id)
            diff = None
            # Whom the page is about, for events that name no one themselves.
            named = Facts.from_json(previous.facts) if previous is not None else Facts()
            if new is not None:
                content = self._content(session, source, config, new, previous)
                drafts += [(d, content.silent) for d in content.drafts]
                check.outcome, check.snapshot_id, diff = (
                    content.outcome,
                    content.snapshot.id,
                    content.diff,
                )
                named = content.facts
                source.etag, source.last_modified = page.etag, page.last_modified
            elif page.outcome == "not_modified" and previous is not None:
                check.snapshot_id = previous.id
            # When the check was made, not when it was recorded: intervals are
            # kept from one fetch to the next, however long a cycle takes.
            source.last_checked_at = page.started_at
            source.not_before = page.not_before
            session.flush()
            about = config.sole_person or named.sole_person
            events = [
                self._event(draft, source, about, check, diff, silent) for draft, silent in drafts
            ]
            routes = channels_per_event(
                events,
                self.router,
                lambda person, since: store.alerted_status_changes(session, person, since),
            )
            for event, channels in zip(events, routes, strict=True):
                store.add_event(session, event, channels)
        self.recorded.add(page.source)
        self.events += len(events)
        return events

    def _read(self, config: SourceConfig, page: FetchedPage) -> Observation:
        return read_page(
            page.body,
            page.content_type,
            page.encoding,
            config.select,
            config.kind,
            self._ignore[config.name],
            self.people,
            today=self.now().astimezone(ZoneInfo(self.config.settings.alerts.timezone)).date(),
            subject=config.sole_person,
        )

    def _availability(self, source: Source, page: FetchedPage) -> list[EventDraft]:
        state = SourceState(source.consecutive_failures, source.failing, source.removed)
        state, drafts = next_state(
            state,
            page.outcome,
            failures_before_alert=self.config.settings.crawl.failures_before_alert,
            http_status=page.http_status,
            error=page.error,
        )
        source.consecutive_failures, source.failing, source.removed = (
            state.failures,
            state.failing,
            state.removed,
        )
        return drafts

    def _content(
        self,
        session: Session,
        source: Source,
        config: SourceConfig,
        new: Observation,
        previous: Snapshot | None,
    ) -> _Content:
        reading = reading_key(config.url, config.kind, config.select, config.ignore)
        # Read differently than last time (address, select, ignore, kind or
        # reader changed): the difference is ours, so it is recorded, not alerted.
        rereading = previous is not None and source.reading != reading
        source.reading = reading
        old = (
            Observation(previous.text, previous.content_hash, Facts.from_json(previous.facts))
            if previous is not None
            else None
        )
        said = queries.status_statements(session, source.id)
        known = known_statuses((kind, person, details) for _, kind, person, details, *_ in said)
        drafts = compare(old, new, known)
        snapshot = store.snapshot_for(session, source.id, new.text, new.hash, new.facts.to_json())
        if old is None or previous is None:
            return _Content(drafts, True, "baseline", snapshot, None, new.facts)
        if old.hash == new.hash:
            # Same text, perhaps read with new people in the config: quiet.
            return _Content(drafts, True, "unchanged", snapshot, None, new.facts)
        diff = Diff(
            source_id=source.id,
            old_snapshot_id=previous.id,
            new_snapshot_id=snapshot.id,
            unified=unified_diff(old.text, new.text, config.name),
        )
        session.add(diff)
        session.flush()
        return _Content(drafts, rereading, "changed", snapshot, diff, new.facts)

    def _event(
        self,
        draft: EventDraft,
        source: Source,
        about: str | None,
        check: Check,
        diff: Diff | None,
        silent: bool,
    ) -> Event:
        return Event(
            occurred_at=self.now(),
            kind=draft.kind,
            source_id=source.id,
            person=draft.person or about,
            summary=draft.summary,
            details={**draft.details, "url": source.url},
            diff_id=diff.id if diff is not None else None,
            check_id=check.id,
            baseline=silent,
        )

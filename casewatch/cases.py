"""The current state of every watched person (``casewatch cases``).

A person's status is the one stated most recently by the sources' own dates
(SPEC §3): each source's last word on the person (its new_mention and
status_changed events: what it last said, even if its page has since dropped
the phrase) is dated by the statement's date the reader found (``stated_on``:
the statement's own date, else the page's), and only where the page gives no
date by when it was read. A 2021 article checked today does not override a
2025 release. On one date, news outranks what a newly added source happened
to say on its first check. Deadlines are those the sources state now.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from casewatch.case.compare import known_statuses
from casewatch.case.facts import Facts, PersonFacts
from casewatch.config import Config, PersonConfig, SourceConfig
from casewatch.db import queries
from casewatch.db.tables import sources as sources_table

if TYPE_CHECKING:
    from casewatch.db.queries import Reader


@dataclass(frozen=True)
class _Statement:
    said: PersonFacts
    at: dt.datetime
    source: str
    baseline: bool  # read on a source's first check: its date is ours, not the news'
    stated_on: dt.date | None = None  # the source's own date of the statement

    @property
    def weight(self) -> tuple[dt.date, bool, dt.datetime]:
        """The source's date of the statement, else the day it was read; then
        news before what a newly added source happened to say. What a source
        said undated on its first check has no date at all (it may be years
        old): it ranks below every dated statement, its read time only
        ordering it among its like."""
        return (self._dated or dt.date.min, not self.baseline, self.at)

    @property
    def _dated(self) -> dt.date | None:
        """The source's date, else (a change seen on the page) the day it was read."""
        return self.stated_on or (None if self.baseline else self.at.date())

    def since(self, zone: dt.tzinfo) -> dt.datetime | None:
        """Since when the status holds: the start of the day the source dates
        it (in ``zone``, the configured time zone), else when the change was
        read; None when the source never dated it."""
        if self.stated_on is None:
            return None if self.baseline else self.at
        return dt.datetime.combine(self.stated_on, dt.time(), tzinfo=zone)


def case_overview(session: Reader, config: Config) -> list[dict[str, Any]]:
    settings = config.settings
    watched = {s.name: s for s in settings.sources}
    sources = _watched_sources(session, config)
    # A removed page's last word still stands, marked as the word of a page
    # that is gone; its deadlines are not live.
    removed = {
        sources[sid]: at for sid, at in queries.removal_times(session).items() if sid in sources
    }
    current = {
        sources[sid]: Facts.from_json(facts)
        for sid, facts in queries.current_facts(session).items()
        if sid in sources
    }
    statements: dict[tuple[str, str], _Statement] = {}
    for source_id, kind, person, details, at, baseline in queries.status_statements(
        session, latest=True
    ):
        if source_id in sources:
            [said] = known_statuses([(kind, person, details)]).values()
            name = sources[source_id]
            stated_on = _stated_on(said, current.get(name))
            statements[(person, name)] = _Statement(said, at, name, baseline, stated_on)
    # Whom each source is about: who it names now, and whom the config says.
    about = {
        name: {p.person for p in facts.people} | set(watched[name].people)
        for name, facts in current.items()
    }
    owners = _deadline_people(current, watched)
    zone = zoneinfo.ZoneInfo(settings.alerts.timezone)
    today = dt.datetime.now(zone).date()
    last_events = queries.last_event_times(session)
    return [
        {
            **_status(person, statements, removed, zone),
            "deadlines": _deadlines(person, current, owners, today, set(removed)),
            "sources": sorted(name for name, people in about.items() if person.name in people),
            "last_event_at": _iso(last_events.get(person.name)),
        }
        for person in settings.people
    ]


def status_steps(
    session: Reader, config: Config, person: PersonConfig
) -> list[tuple[dt.datetime, dict[str, Any]]]:
    """The person's case status after each statement a source made of them,
    oldest first, by the rule of :func:`case_overview`: the steps of the
    dashboard's picture of status over time."""
    sources = _watched_sources(session, config)
    statements: dict[tuple[str, str], _Statement] = {}
    steps = []
    said_of = queries.status_statements(session, person=person.name)
    for source_id, kind, name, details, at, baseline in said_of:
        if source_id in sources:
            [said] = known_statuses([(kind, name, details)]).values()
            source = sources[source_id]
            statements[(name, source)] = _Statement(said, at, source, baseline)
            steps.append((at, _status(person, statements)))
    return steps


def _watched_sources(session: Reader, config: Config) -> dict[int, str]:
    """Source names by id, of the sources the config still watches."""
    watched = {s.name for s in config.settings.sources}
    rows = session.execute(select(sources_table.c.id, sources_table.c.name))
    return {source_id: name for source_id, name in rows if name in watched}


def _status(
    person: PersonConfig,
    statements: dict[tuple[str, str], _Statement],
    removed: dict[str, dt.datetime] | None = None,
    zone: dt.tzinfo = dt.UTC,
) -> dict[str, Any]:
    """The person's status by the newest statement. ``status_since`` is the
    statement's own date where the source gives one (the start of that day in
    ``zone``), else when the change was read, else (an undated statement on
    a source's first check) None; ``status_source_removed_at`` is when the
    page that said it was found removed (None while it is up)."""
    known = [
        s
        for (name, _), s in statements.items()
        if name == person.name and s.said.status != "unknown"
    ]
    newest = max(known, key=lambda s: s.weight, default=None)
    return {
        "person": person.name,
        "status": newest.said.status if newest else "unknown",
        "status_detail": newest.said.status_detail if newest else "",
        "status_since": _iso(newest.since(zone)) if newest else None,
        "status_source": newest.source if newest else None,
        "status_source_removed_at": _iso((removed or {}).get(newest.source)) if newest else None,
    }


def _stated_on(said: PersonFacts, facts: Facts | None) -> dt.date | None:
    """When the source says it stated ``said``: the date its current facts give
    the same status, if they still state it."""
    now = facts.person(said.person) if facts else None
    if now is None or now.status != said.status or not now.stated_on:
        return None
    return dt.date.fromisoformat(now.stated_on)


def _deadline_people(
    current: dict[str, Facts], watched: dict[str, SourceConfig]
) -> dict[str, set[str]]:
    """Whom each source's deadlines that name no one are for: the people the
    config says the source is about, else those whose status the page
    states (the case's own people; a name in its background is not), else
    everyone it names. An Urgent Action's deadline is its subject's, not
    that of a candidate the subject once worked for."""
    owners = {}
    for name, facts in current.items():
        configured = set(watched[name].people)
        stated = {p.person for p in facts.people if p.status != "unknown"}
        owners[name] = configured or stated or {p.person for p in facts.people}
    return owners


def _deadlines(
    person: PersonConfig,
    current: dict[str, Facts],
    owners: dict[str, set[str]],
    today: dt.date,
    gone: set[str],
) -> list[dict[str, str]]:
    """The future deadlines the sources state now for ``person``: those that
    name them, and those that name no one where ``person`` is among the
    source's ``owners`` (:func:`_deadline_people`); none from a removed page
    (what it said is no longer there to act on)."""
    found = [
        {"date": d.date.isoformat(), "label": d.label, "source": source}
        for source, facts in current.items()
        if source not in gone
        for d in facts.deadlines
        if (d.person == person.name or (d.person is None and person.name in owners[source]))
        and d.date >= today
    ]
    return sorted(found, key=lambda d: d["date"])


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None

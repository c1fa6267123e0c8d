"""The JSON objects users see: one serialiser for the CLI and the web API.

``cases --json`` and ``/api/cases``, ``history --format json`` and
``/api/events`` are built here and only here, so that the terminal and the
dashboard cannot drift apart (SPEC §2, §6). So are the history filters, which
both take as a person types them: any spelling, ISO dates.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casewatch.case.events import EVENT_KINDS
from casewatch.cases import case_overview
from casewatch.config import Config
from casewatch.db import queries
from casewatch.errors import UsageError
from casewatch.names import person_name, source_name

if TYPE_CHECKING:  # the name matcher loads only when a person filter is given
    from casewatch.case.people import PeopleIndex
    from casewatch.db.models import Event
    from casewatch.db.queries import Reader

HISTORY_FIELDS = ("id", "occurred_at", "kind", "person", "source", "url", "summary", "details")


@dataclass(frozen=True)
class HistoryQuery:
    """The history filters as a user gave them (``--person`` or ``?person=``)."""

    person: Sequence[str] = ()  # any alias or spelling
    source: Sequence[str] = ()
    kind: Sequence[str] = ()
    since: str | None = None  # ISO 8601 date (in [alerts] timezone) or date-time with offset
    until: str | None = None  # the same; a date means its whole day


def history_filter(
    config: Config, people: PeopleIndex | None, query: HistoryQuery
) -> queries.HistoryFilter:
    """The database filter for ``query``; ``people`` may be None when
    ``query`` names no person.

    Raises UsageError naming the first person or source it cannot tell
    (:mod:`casewatch.names`: with the candidates), unknown kinds, a date
    that is not ISO 8601 with an offset, or an ``until`` earlier than the
    ``since`` (nothing could match).
    """
    settings = config.settings
    names: list[str] = []
    if query.person:
        assert people is not None, "a person filter needs the people index"
        canonical = {person_name(config, people, typed) for typed in query.person}
        # An event keeps the name its person had when it was recorded: a
        # person renamed since (the old name kept as an alias) is found
        # under either.
        names = [
            name
            for person in settings.people
            if person.name in canonical
            for name in (person.name, *person.aliases)
        ]
    sources = [source_name(config, typed) for typed in query.source]
    strange = sorted(set(query.kind) - set(EVENT_KINDS))
    if strange:
        raise UsageError(
            f"unknown event kind {', '.join(map(repr, strange))}: use {', '.join(EVENT_KINDS)}"
        )
    tz = zoneinfo.ZoneInfo(settings.alerts.timezone)
    since = parse_moment(query.since, tz, end_of_day=False)
    until = parse_moment(query.until, tz, end_of_day=True)
    if since is not None and until is not None and until < since:
        # No event can match: say so rather than answer with an empty list.
        raise UsageError(f"until {query.until} is earlier than since {query.since}")
    return queries.HistoryFilter(
        people=names, sources=sources, kinds=list(query.kind), since=since, until=until
    )


def parse_moment(text: str | None, tz: dt.tzinfo, *, end_of_day: bool) -> dt.datetime | None:
    """An ISO date (the day in the configured zone; its end with ``end_of_day``)
    or an offset date-time; UsageError for anything else, naive times included."""
    if text is None:
        return None
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min, tz)
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not an ISO 8601 date or date-time") from None
    if moment.tzinfo is None:
        raise UsageError(f"{text!r} has no UTC offset (e.g. 2026-11-26T10:00+03:00)")
    return moment


def event_object(event: Event) -> dict[str, Any]:
    """One event as ``history --format json`` prints it (SPEC §2)."""
    source = event.source
    return _event_object(
        event.id,
        event.occurred_at,
        event.kind,
        event.person,
        source.name if source else None,
        source.url if source else None,
        event.summary,
        event.details,
    )


def _event_object(
    event_id: int,
    occurred_at: dt.datetime,
    kind: str,
    person: str | None,
    source: str | None,
    source_url: str | None,
    summary: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    """An event object from its fields; the page's own address, when the
    event names one, outranks the source's."""
    details = dict(details)
    return {
        "id": event_id,
        "occurred_at": occurred_at.isoformat(),
        "kind": kind,
        "person": person,
        "source": source,
        "url": details.pop("url", None) or source_url,
        "summary": summary,
        "details": details,
    }


def history_objects(reader: Reader, where: queries.HistoryFilter) -> list[dict[str, Any]]:
    """The events matching ``where``, oldest first, as event objects (read as
    plain rows: no ORM objects for a long history)."""
    return [_event_object(*row) for row in queries.history(reader, where)]


def case_objects(reader: Reader, config: Config) -> list[dict[str, Any]]:
    """Every watched person's case as ``cases --json`` prints it (SPEC §2)."""
    return case_overview(reader, config)

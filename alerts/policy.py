"""Who is told about the events of one check: the alert policy.

The recorder persists what a check found; this module decides which channels
each event goes to, from the event-kind registry (``casewatch.event_kinds``)
and the channels' subscriptions (``routing``). The rules are SPEC §3 and §4 and
the README's "one change, one alert":

- a silent event (a baseline, a re-reading after a config change) goes nowhere;
- a status change another source reported in the past week (same person,
  same new status, whatever the detail text) is recorded, not alerted again;
  so is one the same source said in the same words in that week (a flap);
- a channel sent an event that carries the check's diff (a status, a
  deadline, ...) is not also sent the bare ``page_changed``, and a channel
  told of the same status change already by another source is not either;
- a kind that is the page change (a petition's count) sends no bare
  ``page_changed`` anywhere; it is itself alerted only under its condition
  (the goal reached).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any, Protocol

from casewatch.alerts.routing import Router
from casewatch.event_kinds import REGISTRY

REPEAT_WINDOW = dt.timedelta(days=7)
PAGE_CHANGED = "page_changed"

# (person, since) → the alerted status_changed events about that person since
# then, as (event id, source id, details), newest first.
RecentStatusChanges = Callable[
    [str, dt.datetime], Iterable[tuple[int, int | None, Mapping[str, Any]]]
]


class PolicyEvent(Protocol):
    """What the policy reads of an event (``db.models.Event`` fits)."""

    kind: str
    source_id: int | None
    person: str | None
    occurred_at: dt.datetime
    baseline: bool  # silent: recorded for history, alerted nowhere
    details: MutableMapping[str, Any] | dict[str, Any]


def channels_per_event(
    events: Sequence[PolicyEvent], router: Router, recent: RecentStatusChanges
) -> list[list[str]]:
    """The channels each event of one check goes to, in the order of ``events``.

    A repeated status change is marked on the event itself (``baseline`` set,
    ``details["repeats_event"]`` = the id of the alerted one), so history
    shows why it was not alerted.
    """
    _note_repeats(events, recent)
    wanted = [
        []
        if e.baseline and "repeats_event" not in e.details
        else router.channels_for(e.kind, e.person, e.details)
        for e in events
    ]
    told = {
        channel
        for e, channels in zip(events, wanted, strict=True)
        if e.kind != PAGE_CHANGED and REGISTRY[e.kind].carries_diff
        for channel in channels
    }
    absorbed = any(REGISTRY[e.kind].absorbs_page_change for e in events)
    return [
        []
        if e.baseline or (e.kind == PAGE_CHANGED and absorbed)
        else [c for c in channels if not (e.kind == PAGE_CHANGED and c in told)]
        for e, channels in zip(events, wanted, strict=True)
    ]


def _note_repeats(events: Iterable[PolicyEvent], recent: RecentStatusChanges) -> None:
    for event in events:
        if event.kind != "status_changed" or event.baseline or event.person is None:
            continue
        earlier = next(
            (
                event_id
                for event_id, source_id, details in recent(
                    event.person, event.occurred_at - REPEAT_WINDOW
                )
                if _same_news(event, source_id, details)
            ),
            None,
        )
        if earlier is not None:
            event.baseline = True
            event.details = {**event.details, "repeats_event": earlier}


def _same_news(event: PolicyEvent, source_id: int | None, earlier: Mapping[str, Any]) -> bool:
    """Whether an earlier alerted status change told what ``event`` tells.

    Sources word the same news differently ("11 years, penal colony" and
    "11 years"): another source's change to the same status is the same
    news. From the same source, only the same words are (a new detail there,
    "pardoned" → "pardoned and deported", is news).
    """
    if earlier.get("new") != event.details["new"]:
        return False
    return source_id != event.source_id or earlier.get("new_detail") == event.details.get(
        "new_detail"
    )

"""Comparing two snapshots of a source: which case events they imply.

People are compared with what the source is *known* to have said of them
(its earlier events), not only with the previous snapshot: a person who drops
off a news page and comes back is not "named for the first time" again, and
one snapshot without a status phrase does not make a status change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from casewatch.case.events import EventDraft
from casewatch.case.facts import Deadline, Facts, PersonFacts, describe_status
from casewatch.config.secrets import mask_credentials
from casewatch.deadlines import format_day

if TYPE_CHECKING:  # the readers load only where pages are read, not for `cases`
    from casewatch.case.observation import Observation

READER_VERSION = "7"  # bump when reading rules change: the next check re-baselines


def reading_key(url: str, kind: str, select: str | None, ignore: Iterable[str]) -> str:
    """Fingerprint of how a source is read: a change of it, not of the page,
    explains the next difference. It is stored: the address goes in with its
    credentials masked (a hash of a password can be guessed back), so that new
    credentials for the same page are no change of reading."""
    parts = json.dumps([READER_VERSION, mask_credentials(url), kind, select, sorted(ignore)])
    return hashlib.sha256(parts.encode("utf-8")).hexdigest()


def people_key(people: Iterable[tuple[str, Iterable[str]]], named: Iterable[str]) -> str:
    """Fingerprint of whom a source is read for: every watched person's
    (name, aliases) and the source's own ``people``. A change of it means the
    stored text must be read again (quietly) to know the new names."""
    parts = json.dumps([sorted((name, sorted(aliases)) for name, aliases in people), sorted(named)])
    return hashlib.sha256(parts.encode("utf-8")).hexdigest()


def compare(
    old: Observation | None, new: Observation, known: Mapping[str, PersonFacts] | None = None
) -> list[EventDraft]:
    """Events between the previous observation (None: first check) and ``new``.

    ``known`` is the last status the source stated for each person it ever
    named. The same text read anew (after a config change) can still give
    fact events, but never ``page_changed``.
    """
    known = known or {}
    if old is None:
        return fact_events(Facts(), new.facts, known)
    events = fact_events(old.facts, new.facts, known, listing=new.listing)
    if old.hash == new.hash:
        return events
    return [EventDraft("page_changed", "page text changed"), *events]


def known_statuses(
    statements: Iterable[tuple[str, str | None, Mapping[str, Any]]],
    start: Mapping[str, PersonFacts] | None = None,
) -> dict[str, PersonFacts]:
    """Fold a source's (kind, person, details) events, oldest first, into
    what it last said of each person (the ``known`` of :func:`compare`),
    starting from what it had said before (``start``)."""
    known: dict[str, PersonFacts] = dict(start or {})
    for kind, person, details in statements:
        if person is None:
            continue
        if kind == "new_mention":
            known[person] = PersonFacts(person, details["status"], details["status_detail"])
        elif kind == "status_changed":
            known[person] = PersonFacts(person, details["new"], details["new_detail"])
    return known


def fact_events(
    old: Facts, new: Facts, known: Mapping[str, PersonFacts], listing: bool = False
) -> list[EventDraft]:
    return [
        *_people_events(new, known),
        *(_delisted_events(old, new) if listing else ()),
        *_deadline_events(old.deadlines, new.deadlines),
        *_signature_events(old, new),
    ]


def _said(person: PersonFacts) -> str:
    return describe_status(person.status, person.status_detail)


def _people_events(new: Facts, known: Mapping[str, PersonFacts]) -> Iterable[EventDraft]:
    for now in new.people:
        before = known.get(now.person)
        if before is None:
            yield EventDraft(
                "new_mention",
                f"first mention here; status: {_said(now)}",
                person=now.person,
                details={"status": now.status, "status_detail": now.status_detail},
            )
        elif now.status != "unknown" and (before.status, before.status_detail) != (
            now.status,
            now.status_detail,
        ):
            yield EventDraft(
                "status_changed",
                _change(before, now),
                person=now.person,
                details={
                    "old": before.status,
                    "new": now.status,
                    "old_detail": before.status_detail,
                    "new_detail": now.status_detail,
                },
            )


def _change(before: PersonFacts, now: PersonFacts) -> str:
    """ "status detained → sentenced (11 years)", or, when only the detail
    moved, "released: pardoned → pardoned and deported"."""
    if before.status == now.status:
        label = describe_status(now.status)
        return f"{label}: {before.status_detail or 'no detail'} → {now.status_detail}"
    return f"status {_said(before)} → {_said(now)}"


def _delisted_events(old: Facts, new: Facts) -> Iterable[EventDraft]:
    for before in old.people:
        if new.person(before.person) is None:
            yield EventDraft(
                "status_changed",
                f"no longer on this list (was {_said(before)})",
                person=before.person,
                details={
                    "old": before.status,
                    "new": "unknown",
                    "old_detail": before.status_detail,
                    "new_detail": "no longer listed",
                },
            )


def _deadline_events(old: Iterable[Deadline], new: Iterable[Deadline]) -> Iterable[EventDraft]:
    """Deadlines are compared per (label, person) as sets of dates: one date
    replacing one date is a move; any other new date is an addition."""
    before, after = _dates_by_key(old), _dates_by_key(new)
    for key, dates in after.items():
        added, gone = dates - before.get(key, set()), before.get(key, set()) - dates
        label, person = key
        if len(added) == 1 and len(gone) == 1:
            [date], [old_date] = added, gone
            yield EventDraft(
                "deadline_changed",
                f"{label} moved: {format_day(old_date)} → {format_day(date)}",
                person=person,
                details={
                    "label": label,
                    "date": date.isoformat(),
                    "old_date": old_date.isoformat(),
                },
            )
            continue
        for date in sorted(added):
            yield EventDraft(
                "deadline_added",
                f"{label}: {format_day(date)}",
                person=person,
                details={"label": label, "date": date.isoformat()},
            )


def _dates_by_key(deadlines: Iterable[Deadline]) -> dict[tuple[str, str | None], set[dt.date]]:
    grouped: dict[tuple[str, str | None], set[dt.date]] = {}
    for deadline in deadlines:
        grouped.setdefault((deadline.label, deadline.person), set()).add(deadline.date)
    return grouped


def _signature_events(old: Facts, new: Facts) -> Iterable[EventDraft]:
    """The count moved. The goal reached is the one the page showed *before*:
    petition sites raise the goal the moment it is met (712 of 1,000 →
    1,003 of 1,500), SPEC §3."""
    if new.signatures is None or new.signatures == old.signatures:
        return
    goal = old.signature_goal if old.signature_goal is not None else new.signature_goal
    reached = goal is not None and new.signatures >= goal > (old.signatures or 0)
    counts = (
        f"signatures {old.signatures:,} → {new.signatures:,}"
        if old.signatures is not None
        else f"signatures: {new.signatures:,}"
    )
    yield EventDraft(
        "signatures_changed",
        counts + (f" (goal {goal:,} reached)" if reached else ""),
        details={
            "old": old.signatures,
            "new": new.signatures,
            "goal": goal,
            "new_goal": new.signature_goal,
            "goal_reached": reached,
        },
    )

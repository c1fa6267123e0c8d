"""Comparing two snapshots of a source: which case events they imply."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from casewatch.case.events import EventDraft
from casewatch.case.facts import Deadline, Facts, PersonFacts
from casewatch.case.kinds import KINDS
from casewatch.case.people import PeopleIndex
from casewatch.case.text import content_hash, remove_noise


@dataclass(frozen=True)
class Observation:
    """A source's watched text after noise removal, and what it says."""

    text: str
    hash: str
    facts: Facts
    listing: bool = False  # the source lists people: leaving it is news


def observe(
    text: str, kind: str, ignore: Iterable[re.Pattern[str]], people: PeopleIndex
) -> Observation:
    extractor = KINDS[kind]
    cleaned = remove_noise(text, (*extractor.noise, *ignore))
    facts = extractor.extract(cleaned, people)
    return Observation(cleaned, content_hash(cleaned), facts, extractor.listing)


def compare(old: Observation | None, new: Observation) -> list[EventDraft]:
    """Events between the previous observation (None: first check) and ``new``."""
    if old is None:
        return fact_events(Facts(), new.facts)
    if old.hash == new.hash:
        return []
    changed = EventDraft("page_changed", "page text changed")
    return [changed, *fact_events(old.facts, new.facts, listing=new.listing)]


def fact_events(old: Facts, new: Facts, listing: bool = False) -> list[EventDraft]:
    return [
        *_people_events(old, new),
        *(_delisted_events(old, new) if listing else ()),
        *_deadline_events(old.deadlines, new.deadlines),
        *_signature_events(old, new),
    ]


def describe_status(person: PersonFacts) -> str:
    """ "sentenced (11 years, penal colony)", or the bare status."""
    return f"{person.status} ({person.status_detail})" if person.status_detail else person.status


def _people_events(old: Facts, new: Facts) -> Iterable[EventDraft]:
    for now in new.people:
        before = old.person(now.person)
        if before is None:
            yield EventDraft(
                "new_mention",
                f"named on this source for the first time; status: {describe_status(now)}",
                person=now.person,
                details={"status": now.status, "status_detail": now.status_detail},
            )
        elif now.status != "unknown" and (before.status, before.status_detail) != (
            now.status,
            now.status_detail,
        ):
            yield EventDraft(
                "status_changed",
                f"status {describe_status(before)} → {describe_status(now)}",
                person=now.person,
                details={
                    "old": before.status,
                    "new": now.status,
                    "old_detail": before.status_detail,
                    "new_detail": now.status_detail,
                },
            )


def _delisted_events(old: Facts, new: Facts) -> Iterable[EventDraft]:
    for before in old.people:
        if new.person(before.person) is None:
            yield EventDraft(
                "status_changed",
                f"no longer on this list (was {describe_status(before)})",
                person=before.person,
                details={
                    "old": before.status,
                    "new": "unknown",
                    "old_detail": before.status_detail,
                    "new_detail": "no longer listed",
                },
            )


def _deadline_events(old: Iterable[Deadline], new: Iterable[Deadline]) -> Iterable[EventDraft]:
    previous = {(d.label, d.person): d for d in old}
    for deadline in new:
        before = previous.get((deadline.label, deadline.person))
        details = {"label": deadline.label, "date": deadline.date.isoformat()}
        if before is None:
            yield EventDraft(
                "deadline_added",
                f"{deadline.label}: {deadline.date:%d %b %Y}",
                person=deadline.person,
                details=details,
            )
        elif before.date != deadline.date:
            yield EventDraft(
                "deadline_changed",
                f"{deadline.label} moved: {before.date:%d %b %Y} → {deadline.date:%d %b %Y}",
                person=deadline.person,
                details={**details, "old_date": before.date.isoformat()},
            )


def _signature_events(old: Facts, new: Facts) -> Iterable[EventDraft]:
    if new.signatures is None or new.signatures == old.signatures:
        return
    goal = new.signature_goal
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
            "goal_reached": reached,
        },
    )

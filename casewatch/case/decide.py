"""What a check means: a pure function from a source's state and what this
check got to the case events it implies and the source's next state.

No database, no network, no clock: the recorder loads the state (one row),
reads the page, calls :func:`decide`, and persists the result in one
transaction. Rules are SPEC §3; each one is named where it is applied.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

from casewatch.case.availability import Availability, Outcome, next_availability, retry_wait
from casewatch.case.compare import fact_events, known_statuses
from casewatch.case.events import EventDraft
from casewatch.case.facts import Facts, PersonFacts
from casewatch.case.observation import Observation

CheckOutcome = Literal[
    "baseline", "changed", "unchanged", "reordered", "not_modified", "removed", "failed"
]


@dataclass(frozen=True)
class SourceState:
    """Everything a check needs to know about a source's past (one row)."""

    availability: Availability = field(default_factory=Availability)
    snapshot_hash: str | None = None  # the current snapshot's text (None: never read)
    facts: Facts = field(default_factory=Facts)  # what it says, read for ``people``
    # The last status stated of each person it ever named.
    said: Mapping[str, PersonFacts] = field(default_factory=lambda: MappingProxyType({}))
    reading: str | None = None  # how the current snapshot's text was read
    people: str | None = None  # whom its facts were read for
    next_due_at: dt.datetime | None = None


@dataclass(frozen=True)
class CheckResult:
    """What one check got, already read (reading happens before deciding)."""

    outcome: Outcome
    reading: str  # fingerprint of how the page is read now (reading_key)
    people: str  # fingerprint of the people list now (people_key)
    observation: Observation | None = None  # for "ok": the page, read
    # The current snapshot's text, when ``observation`` differs from it.
    previous_text: str | None = None
    # The current snapshot's text read again for a changed people list.
    reread: Observation | None = None
    http_status: int | None = None
    error: str | None = None
    # The source cannot be watched as configured (robots.txt forbids it, the
    # page is unreadable): on a first check that is reported at once.
    permanent: bool = False


@dataclass(frozen=True)
class Settings:
    failures_before_alert: int
    interval: dt.timedelta


@dataclass(frozen=True)
class Decision:
    events: list[EventDraft]  # in order; ``silent`` ones are history only
    state: SourceState
    outcome: CheckOutcome
    snapshot: Observation | None  # the new current snapshot (None: keep the old)
    diff: bool  # store the diff from the old snapshot to ``snapshot``


def decide(
    state: SourceState, check: CheckResult, now: dt.datetime, settings: Settings
) -> Decision:
    """The events of one check of a source in ``state``, and its next state.

    ``now`` is when the check is recorded (UTC); ``settings`` carries the
    config's ``failures_before_alert`` and the source's interval.
    """
    available, events = next_availability(
        state.availability,
        check.outcome,
        failures_before_alert=settings.failures_before_alert,
        http_status=check.http_status,
        error=check.error,
        permanent=check.permanent,
    )
    due = now + retry_wait(settings.interval, available.failures)
    state = replace(state, availability=available, next_due_at=due)
    if check.reread is not None and state.snapshot_hash is not None:
        # A new people list: the stored text read again is history, not news
        # (a later unrelated edit must not announce a "first mention").
        reread = _facts_events(state, check.reread, silent=True)
        events += reread
        state = _remember(state, check.reread.facts, reread, people=check.people)
    observation = check.observation if check.outcome == "ok" else None
    if observation is None:
        return Decision(events, state, _quiet_outcome(check.outcome), None, False)
    return _content(events, state, check, observation)


def _content(
    events: list[EventDraft], state: SourceState, check: CheckResult, new: Observation
) -> Decision:
    baseline = state.snapshot_hash is None
    # Read differently than last time (address, kind, select, ignore, reader):
    # the difference is ours, so it is recorded, not alerted.
    silent = baseline or state.reading != check.reading
    outcome: CheckOutcome
    if baseline:
        outcome, changed, diff = "baseline", False, False
    elif new.hash == state.snapshot_hash:
        outcome, changed, diff, silent = "unchanged", False, False, True
    elif _same_lines(check.previous_text or "", new.text):
        # Reordered rows are not a change (SPEC §3): the new order becomes the
        # current snapshot quietly, so a later diff shows only real edits.
        outcome, changed, diff = "reordered", False, False
    else:
        # A petition whose counts alone moved says so by signatures_changed,
        # never by a bare page_changed (SPEC §3).
        outcome, diff = "changed", True
        changed = not _counts_only(check.previous_text or "", new.text, state.facts, new.facts)
    drafts = _facts_events(state, new, silent, baseline=baseline)
    if changed:
        drafts.insert(0, EventDraft("page_changed", "page text changed", silent=silent))
    state = replace(_remember(state, new.facts, drafts, people=check.people), reading=check.reading)
    snapshot = None if outcome == "unchanged" else new
    if snapshot is not None:
        state = replace(state, snapshot_hash=new.hash)
    return Decision(events + drafts, state, outcome, snapshot, diff)


def _facts_events(
    state: SourceState, new: Observation, silent: bool, baseline: bool = False
) -> list[EventDraft]:
    old = Facts() if baseline else state.facts
    drafts = fact_events(old, new.facts, state.said, listing=new.listing and not baseline)
    return [replace(d, silent=silent) for d in drafts]


def _remember(
    state: SourceState, facts: Facts, drafts: list[EventDraft], people: str
) -> SourceState:
    said = known_statuses(((d.kind, d.person, d.details) for d in drafts), start=state.said)
    return replace(state, facts=facts, said=MappingProxyType(said), people=people)


def _quiet_outcome(outcome: Outcome) -> CheckOutcome:
    return "not_modified" if outcome == "ok" else outcome


def _same_lines(old: str, new: str) -> bool:
    return Counter(old.splitlines()) == Counter(new.splitlines())


_NUMBER = re.compile(r"\d[\d,.\u00a0\u202f ]*\d|\d")


def _counts_only(old_text: str, new_text: str, old: Facts, new: Facts) -> bool:
    """The texts differ only where they state the signature count or goal."""
    counts = {old.signatures, old.signature_goal, new.signatures, new.signature_goal} - {None}
    if not counts or (old.signatures, old.signature_goal) == (new.signatures, new.signature_goal):
        return False

    def masked(text: str) -> str:
        return _NUMBER.sub(lambda m: "#" if _value(m.group()) in counts else m.group(), text)

    return masked(old_text) == masked(new_text)


def _value(number: str) -> int | None:
    digits = re.sub(r"\D", "", number)
    return int(digits) if digits else None

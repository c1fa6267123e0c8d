"""Is the source there? The state machine behind page_removed/restored and
source_failing/recovered (SPEC §3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from casewatch.case.events import EventDraft
from casewatch.text import plural

Outcome = Literal["ok", "not_modified", "removed", "failed"]

# A failed check is retried sooner than the source's interval: after 5
# minutes, then 10, 20, … up to the interval (issue 13: a daily source that
# fails must not wait a day to be found failing again).
RETRY_FIRST = dt.timedelta(minutes=5)


def retry_wait(interval: dt.timedelta, failures: int) -> dt.timedelta:
    """How long after a check the source is due again: ``interval``, or after
    ``failures`` failed checks in a row the retry backoff (5 minutes,
    doubling), never longer than ``interval``."""
    if not failures:
        return interval
    return min(interval, RETRY_FIRST * 2 ** min(failures - 1, 20))


@dataclass(frozen=True)
class Availability:
    checked: bool = False  # the source was checked before
    failures: int = 0  # consecutive failed checks
    failing: bool = False  # source_failing was raised and not yet recovered
    # The page answered 404/410 or redirected away. Together with ``failing``:
    # it did so on its very first check, and source_failing said it.
    removed: bool = False


def next_availability(
    state: Availability,
    outcome: Outcome,
    *,
    failures_before_alert: int,
    http_status: int | None = None,
    error: str | None = None,
    permanent: bool = False,
) -> tuple[Availability, list[EventDraft]]:
    """The next state and its events. ``permanent``: the failure is not
    transient (robots.txt forbids the page, it cannot be read)."""
    if not state.checked and (outcome == "removed" or (outcome == "failed" and permanent)):
        # Never watched at all: a mistyped URL must not be a silent baseline.
        first = _failing(1, http_status, error, "source failing on its first check")
        return Availability(True, 1, True, outcome == "removed"), [first]
    state = replace(state, checked=True)
    if outcome == "failed":
        failures = state.failures + 1
        if failures >= failures_before_alert and not state.failing:
            why = f"source failing: {plural(failures, 'check')} in a row"
            return replace(state, failures=failures, failing=True), [
                _failing(failures, http_status, error, why)
            ]
        return replace(state, failures=failures), []
    removed = outcome == "removed"
    if removed and state.removed:
        return state, []  # still gone: said already
    events: list[EventDraft] = []
    if state.failing:
        events.append(
            EventDraft(
                "source_recovered",
                f"source answers again after {plural(state.failures, 'failed check')}",
                details={"failures": state.failures, "http_status": http_status},
            )
        )
    if removed:
        events.append(
            EventDraft(
                "page_removed",
                _removal(http_status, error),
                details={"http_status": http_status, "reason": error},
            )
        )
    elif state.removed and not state.failing:
        # (Removed on the first check: source_recovered above says it all.)
        events.append(
            EventDraft("page_restored", "page is back", details={"http_status": http_status})
        )
    return Availability(True, 0, False, removed), events


def _failing(failures: int, http_status: int | None, error: str | None, why: str) -> EventDraft:
    return EventDraft(
        "source_failing",
        f"{why} ({error or 'error'})",
        details={"failures": failures, "error": error, "http_status": http_status},
    )


def _removal(http_status: int | None, reason: str | None) -> str:
    """ "page removed (HTTP 404)", or why: a redirect to the site's front page."""
    if reason and reason.startswith("redirected"):
        return f"page removed: {reason}"
    return f"page removed (HTTP {http_status})" if http_status else "page removed"

"""Is the source there? The state machine behind page_removed/restored and
source_failing/recovered (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from casewatch.case.events import EventDraft

Outcome = Literal["ok", "not_modified", "removed", "failed"]


@dataclass(frozen=True)
class SourceState:
    failures: int = 0  # consecutive failed checks
    failing: bool = False  # source_failing was raised and not yet recovered
    removed: bool = False  # the page answered 404/410 or redirected away


def next_state(
    state: SourceState,
    outcome: Outcome,
    *,
    failures_before_alert: int,
    http_status: int | None = None,
    error: str | None = None,
) -> tuple[SourceState, list[EventDraft]]:
    events: list[EventDraft] = []
    if outcome == "failed":
        failures = state.failures + 1
        if failures >= failures_before_alert and not state.failing:
            events.append(
                EventDraft(
                    "source_failing",
                    f"source failing: {failures} checks in a row ({error or 'error'})",
                    details={"failures": failures, "error": error, "http_status": http_status},
                )
            )
            return SourceState(failures, True, state.removed), events
        return replace(state, failures=failures), events

    if state.failing:
        events.append(
            EventDraft(
                "source_recovered",
                f"source answers again after {state.failures} failed checks",
                details={"failures": state.failures, "http_status": http_status},
            )
        )
    removed = outcome == "removed"
    if removed and not state.removed:
        events.append(
            EventDraft(
                "page_removed",
                _removal(http_status, error),
                details={"http_status": http_status, "reason": error},
            )
        )
    elif state.removed and not removed:
        events.append(
            EventDraft("page_restored", "page is back", details={"http_status": http_status})
        )
    return SourceState(0, False, removed), events


def _removal(http_status: int | None, reason: str | None) -> str:
    """ "page removed (HTTP 404)", or why: a redirect to the site's front page."""
    if reason and reason.startswith("redirected"):
        return f"page removed: {reason}"
    return f"page removed (HTTP {http_status})" if http_status else "page removed"

"""Event drafts: what case logic concludes, before the database numbers it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casewatch.event_kinds import EVENT_KINDS

__all__ = ["EVENT_KINDS", "EventDraft"]


@dataclass(frozen=True)
class EventDraft:
    kind: str  # one of EVENT_KINDS
    summary: str  # one line for people, e.g. "status detained → sentenced"
    person: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # Recorded for history, never alerted: a baseline or casewatch's own re-reading.
    silent: bool = False

"""Event drafts: what case logic concludes, before the database numbers it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The case timeline's event kinds (SPEC §3).
EVENT_KINDS: tuple[str, ...] = (
    "page_changed",
    "status_changed",
    "new_mention",
    "deadline_added",
    "deadline_changed",
    "deadline_near",
    "page_removed",
    "page_restored",
    "source_failing",
    "source_recovered",
    "signatures_changed",
)


@dataclass(frozen=True)
class EventDraft:
    kind: str  # one of EVENT_KINDS
    summary: str  # one line for people, e.g. "status detained → sentenced"
    person: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

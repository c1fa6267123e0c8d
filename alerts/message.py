"""What the alert renderer reads (an event) and what it produces (a message)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from casewatch.case.events import EVENT_KINDS

# What a template can be asked to render: the timeline's events, and
# ``casewatch alerts test``.
RENDERABLE_KINDS: tuple[str, ...] = (*EVENT_KINDS, "test")

# The apprise.NotifyFormat values a message can be rendered in.
FORMATS: tuple[str, ...] = ("text", "html", "markdown")


@dataclass(frozen=True)
class EventView:
    """What a template may see of an event."""

    id: int
    kind: str
    occurred_at: dt.datetime  # aware UTC: when casewatch detected the event
    source: str
    url: str
    person: str | None  # canonical name
    summary: str  # one line written by the pipeline
    details: Mapping[str, Any] = field(default_factory=dict)  # kind-specific
    diff: str | None = None  # unified diff; may be huge and hostile
    possible_repeat: bool = False  # the previous send attempt crashed mid-flight


@dataclass(frozen=True)
class Message:
    title: str  # plain text, one line, in every format
    body: str
    body_format: str  # one of FORMATS


_DEADLINE = {
    "label": "action deadline",
    "date": "2021-09-28",
    "ua_number": "85.21",
    "action": "Write to the Prosecutor General urging him to release her.",
}
_SAMPLE_DETAILS: dict[str, dict[str, Any]] = {
    "status_changed": {
        "old": "detained",
        "new": "sentenced",
        "old_detail": "",
        "new_detail": "11 years",
    },
    "deadline_added": _DEADLINE,
    "deadline_changed": {**_DEADLINE, "old_date": "2021-09-21"},
    "deadline_near": {**_DEADLINE, "days_left": 3, "threshold": "3d"},
    "signatures_changed": {"old": 712, "new": 1003, "goal": 1000, "goal_reached": True},
    "page_removed": {"http_status": 404, "reason": None},
    "source_recovered": {"failures": 3, "http_status": 200},
    "new_mention": {"status": "detained", "status_detail": ""},
    "source_failing": {"failures": 3, "error": "timeout after 30s"},
}


def sample_event(kind: str) -> EventView:
    """A realistic event of ``kind``, for validating templates and previews."""
    return EventView(
        id=0,
        kind=kind,
        occurred_at=dt.datetime(2021, 9, 25, 6, 0, tzinfo=dt.UTC),
        source="AIUSA UA 85.21",
        url="https://www.amnestyusa.org/urgent-actions/ua-85-21/",
        person="Maryia Kalesnikava",
        summary=f"sample {kind.replace('_', ' ')} event",
        details=MappingProxyType(_SAMPLE_DETAILS.get(kind, {})),
        diff="@@ -1,2 +1,2 @@\n Status:\n-detained\n+sentenced to 11 years\n",
    )

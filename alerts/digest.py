"""Daily digests: non-urgent alerts held back and sent as one message.

With ``digest = "daily"`` (in ``[alerts]`` or per channel) an alert that is
not urgent waits in the outbox with status ``held`` until the next
``digest_hour`` in the configured time zone (its ``next_attempt_at``). Then
all held alerts of a channel go out as one message, and their rows are
settled together. Urgent events are never held (the registry's ``urgent``:
a status change, a removed page, and the last, tightest, deadline reminder).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from casewatch.alerts.escape import escape_html, escape_markdown
from casewatch.alerts.message import EventView, Message
from casewatch.alerts.templates import BODY_LIMIT, Renderer
from casewatch.config import Settings
from casewatch.config.durations import parse_duration
from casewatch.db.models import HELD as HELD  # the status lives with the model
from casewatch.event_kinds import kind_of
from casewatch.text import plural

_HEADINGS: dict[str, Callable[[str], str]] = {
    "text": lambda title: f"== {title} ==",
    "markdown": lambda title: f"### {escape_markdown(title)}",
    "html": lambda title: f"<h3>{escape_html(title)}</h3>",
}
_MORE: dict[str, Callable[[int], str]] = {
    "text": lambda n: f"… and {n} more: see `casewatch history`",
    "markdown": lambda n: f"… and {n} more: see `casewatch history`",
    "html": lambda n: f"<p>… and {n} more: see <code>casewatch history</code></p>",
}
_SEPARATORS = {"text": "\n\n", "markdown": "\n\n---\n\n", "html": "\n<hr>\n"}


class DigestPolicy:
    """Which alerts wait for a digest, and until when."""

    def __init__(self, settings: Settings) -> None:
        self.alerts = settings.alerts
        self._daily = {
            c.name for c in settings.channels if (c.digest or self.alerts.digest) == "daily"
        }
        self._last_reminder = min(self.alerts.remind_before, default=None)

    def holds(self, channel: str, kind: str, details: Mapping[str, Any]) -> bool:
        return channel in self._daily and not self.urgent(kind, details)

    def urgent(self, kind: str, details: Mapping[str, Any]) -> bool:
        """Whether the alert goes at once, digest or not (the registry's ``urgent``)."""
        urgency = kind_of(kind).urgent
        if urgency == "last_reminder":
            return "threshold" in details and self._is_last_reminder(details["threshold"])
        return urgency == "always"

    def _is_last_reminder(self, threshold: object) -> bool:
        try:
            return parse_duration(str(threshold)) == self._last_reminder
        except ValueError:
            return True  # a reminder we cannot place is sent rather than held

    def next_time(self, now: dt.datetime) -> dt.datetime:
        """The first digest hour at or after ``now``, in UTC."""
        tz = ZoneInfo(self.alerts.timezone)
        local = now.astimezone(tz)
        day = local.date()
        while True:
            # Built from the local date each time, so a DST change keeps the hour.
            at = dt.datetime.combine(day, dt.time(self.alerts.digest_hour), tzinfo=tz)
            if at >= local:
                return at.astimezone(dt.UTC)
            day += dt.timedelta(days=1)


def render_digest(
    renderer: Renderer,
    views: Sequence[EventView],
    fmt: str,
    timezone: str,
    limit: int = BODY_LIMIT,
) -> Message:
    """One message holding each alert as a headed section, the body about
    ``limit`` characters at most (the channel's service may take less)."""
    sections: list[str] = []
    size = 0
    for view in views:
        message = renderer.render(view, fmt, timezone, limit=limit // 2)
        section = f"{_HEADINGS[fmt](message.title)}\n\n{message.body}"
        size += len(section) + len(_SEPARATORS[fmt])
        if sections and size > limit - len(_MORE[fmt](len(views))):
            # Services cap message sizes: the rest is one command away.
            sections.append(_MORE[fmt](len(views) - len(sections)))
            break
        sections.append(section)
    repeat = "[possible repeat] " if any(v.possible_repeat for v in views) else ""
    return Message(
        title=f"{repeat}casewatch digest: {plural(len(views), 'alert')}",
        body=_SEPARATORS[fmt].join(sections),
        body_format=fmt,
    )

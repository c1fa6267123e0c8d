"""The event-kind registry: every kind of case event, and how it is alerted.

One table is the source of truth for the alert policy (``alerts/policy.py``,
``alerts/routing.py``), digests (``alerts/digest.py``), alert titles and facts
(``alerts/templates.py``), deadline reminders (``casewatch/deadlines.py``),
the config's ``events`` check, and the README's event table
(``tests/test_readme_tables.py`` keeps the two equal). The rules come from
SPEC §3 (events) and §4 (alerts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

# When an alert skips a channel's digest: always, never, or only for the
# last (tightest) deadline reminder, after which there is no later warning.
Urgency = Literal["always", "never", "last_reminder"]


@dataclass(frozen=True)
class EventKind:
    """How one kind of event is recorded, alerted and shown."""

    name: str  # as stored in events.kind and written in [[channels]] events
    title: str  # plain words for what happened, the head of every alert title
    description: str  # when it happens: the README's event table, word for word
    # Bypasses a daily digest. "last_reminder": when the event is (or, for
    # deadline news that a reminder joined, stands in for) the tightest
    # ``deadline_near`` threshold, details["threshold"].
    urgent: Urgency = "never"
    # Alerted at all; ``alert_if`` names a details flag that must be true.
    alerted: bool = True
    alert_if: str | None = None
    # Its alert shows the check's diff; and (for any kind but page_changed
    # itself) a channel sent it is not also sent the bare page_changed of
    # the same check: one change, one alert.
    carries_diff: bool = False
    # The page change IS this event (a petition's count): the check's bare
    # page_changed goes to no channel at all.
    absorbs_page_change: bool = False
    # What the alert shows: ``headline`` follows the title ("status changed:
    # detained → sentenced"), ``facts`` are the body's rows; both name entries
    # of ``alerts.templates.FACTS``.
    headline: str | None = None
    facts: tuple[str, ...] = ()

    def wants_alert(self, details: Mapping[str, Any]) -> bool:
        """Whether an event of this kind with these details is alerted at all."""
        return self.alerted and (self.alert_if is None or bool(details.get(self.alert_if)))


_DEADLINE_FACTS = ("deadline", "ua_number", "action")

REGISTRY: dict[str, EventKind] = {
    kind.name: kind
    for kind in (
        EventKind(
            "page_changed",
            "page changed",
            "the watched text changed after noise removal (diff stored)",
            carries_diff=True,
        ),
        EventKind(
            "status_changed",
            "status changed",
            "a watched person's status on a source moved, e.g. `detained → sentenced`; "
            "on a `viasna_list`, also dropping off the list",
            urgent="always",
            carries_diff=True,
            headline="status_change",
            facts=("was", "now"),
        ),
        EventKind(
            "new_mention",
            "new mention",
            "a watched person appears on a source for the first time",
            carries_diff=True,
            headline="mentioned_status",
            facts=("status",),
        ),
        EventKind(
            "deadline_added",
            "deadline added",
            "a source states a new deadline (action deadline, hearing, appeal)",
            urgent="last_reminder",
            carries_diff=True,
            headline="deadline",
            facts=_DEADLINE_FACTS,
        ),
        EventKind(
            "deadline_changed",
            "deadline changed",
            "a source states a moved deadline; moved into a reminder's window, it is "
            "also the reminder (one alert)",
            urgent="last_reminder",
            carries_diff=True,
            headline="moved_deadline",
            facts=("moved_deadline", "ua_number", "action"),
        ),
        EventKind(
            "deadline_near",
            "deadline near",
            "a future deadline is within a `remind_before` threshold (once per deadline "
            "and threshold; the tightest when several are crossed at once)",
            urgent="last_reminder",
            headline="deadline",
            facts=_DEADLINE_FACTS,
        ),
        EventKind(
            "page_removed",
            "page removed",
            "the page answers 404/410 or redirects to a site's front page",
            urgent="always",
            headline="removal",
            facts=("http_status",),
        ),
        EventKind("page_restored", "page restored", "the page answers again after it was removed"),
        EventKind(
            "source_failing",
            "source failing",
            "`failures_before_alert` failed checks in a row",
            headline="failures",
            facts=("error",),
        ),
        EventKind(
            "source_recovered",
            "source recovered",
            "the first successful check after `source_failing`",
            facts=("failures",),
        ),
        EventKind(
            "signatures_changed",
            "petition goal reached",
            "a petition's count moved (recorded; alerted only when it reaches the goal "
            "the page showed before)",
            alert_if="goal_reached",
            carries_diff=True,
            absorbs_page_change=True,
            headline="signatures",
            facts=("signatures", "goal"),
        ),
    )
}

# The case timeline's event kinds (SPEC §3), in the registry's order.
EVENT_KINDS: tuple[str, ...] = tuple(REGISTRY)

# ``casewatch alerts test`` renders a message that is no event of the timeline.
TEST_KIND = EventKind(
    "test", "test alert", "a test message from `casewatch alerts test`", urgent="always"
)


def kind_of(name: str) -> EventKind:
    """The registry entry of an event kind (or the test alert's).

    Raises KeyError for a kind the registry does not know.
    """
    return TEST_KIND if name == TEST_KIND.name else REGISTRY[name]

"""Which channels an event goes to: by event kind, by people tags, and
petition counts only when a goal is reached."""

from __future__ import annotations

import pytest

from casewatch.alerts.routing import Router
from casewatch.config import ChannelConfig, PersonConfig

PEOPLE = [
    PersonConfig(name="Maryia Kalesnikava", tags=["viasna", "minsk"]),
    PersonConfig(name="Ales Bialiatski", tags=["viasna"]),
    PersonConfig(name="Ihar Losik"),
]
CHANNELS = [
    ChannelConfig(name="all", url="json://localhost"),
    ChannelConfig(name="urgent", url="json://localhost", events=["status_changed", "page_removed"]),
    ChannelConfig(name="minsk", url="json://localhost", people_tags=["minsk"]),
    ChannelConfig(
        name="viasna-status",
        url="json://localhost",
        events=["status_changed"],
        people_tags=["viasna", "other"],
    ),
]
ROUTER = Router(CHANNELS, PEOPLE)


@pytest.mark.parametrize(
    ("kind", "person", "expected"),
    [
        ("status_changed", "Maryia Kalesnikava", ["all", "urgent", "minsk", "viasna-status"]),
        ("status_changed", "Ales Bialiatski", ["all", "urgent", "viasna-status"]),
        ("status_changed", "Ihar Losik", ["all", "urgent"]),  # untagged person
        ("status_changed", None, ["all", "urgent"]),  # no person: tag filters exclude
        ("status_changed", "Somebody Unknown", ["all", "urgent"]),
        ("page_changed", "Maryia Kalesnikava", ["all", "minsk"]),
        ("page_removed", None, ["all", "urgent"]),
        ("source_failing", None, ["all"]),
    ],
)
def test_routes_by_kind_and_people_tags(kind, person, expected):
    assert ROUTER.channels_for(kind, person, {}) == expected


def test_star_takes_every_kind():
    for kind in ("page_changed", "deadline_near", "source_recovered", "new_mention"):
        assert "all" in ROUTER.channels_for(kind, None, {})


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ({"old": 712, "new": 900, "goal": 1000}, []),
        ({"old": 900, "new": 1000, "goal": 1000, "goal_reached": False}, []),
        ({"old": 900, "new": 1000, "goal": 1000, "goal_reached": True}, ["all", "minsk"]),
    ],
)
def test_signature_counts_alert_only_when_the_goal_is_reached(details, expected):
    assert ROUTER.channels_for("signatures_changed", "Maryia Kalesnikava", details) == expected


def test_no_channels_no_routes():
    assert Router([], PEOPLE).channels_for("status_changed", "Ihar Losik", {}) == []

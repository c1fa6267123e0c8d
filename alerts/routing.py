"""Which channels an event goes to (SPEC §1 ``events`` and ``people_tags``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from casewatch.config.schema import ChannelConfig, PersonConfig
from casewatch.event_kinds import REGISTRY


class Router:
    def __init__(self, channels: Sequence[ChannelConfig], people: Sequence[PersonConfig]):
        self.channels = list(channels)
        self.tags = {p.name: set(p.tags) for p in people}

    def channels_for(self, kind: str, person: str | None, details: Mapping[str, Any]) -> list[str]:
        # Some kinds are recorded for history and alerted only when something
        # a human acts on happens (the registry's condition).
        if not REGISTRY[kind].wants_alert(details):
            return []
        return [
            channel.name
            for channel in self.channels
            if channel.wants(kind) and self._tags_match(channel, person)
        ]

    def _tags_match(self, channel: ChannelConfig, person: str | None) -> bool:
        if not channel.people_tags:
            return True
        return bool(person) and bool(self.tags.get(person, set()) & set(channel.people_tags))

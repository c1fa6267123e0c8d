"""Finding watched people in page text, under any of their spellings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


class PersonSpec(Protocol):
    """What the config says of a person: ``[[people]]`` name and aliases."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Mention:
    person: str  # canonical name
    start: int
    end: int


class PeopleIndex:
    """Matches the configured people in text. Built once per config."""

    def __init__(self, people: Iterable[PersonSpec]) -> None:
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for person in people:
            for spelling in (person.name, *person.aliases):
                words = r"\s+".join(re.escape(w) for w in spelling.split())
                self._patterns.append(
                    (person.name, re.compile(rf"\b{words}\b", re.IGNORECASE))
                )

    def find(self, text: str) -> list[Mention]:
        mentions = [
            Mention(name, m.start(), m.end())
            for name, pattern in self._patterns
            for m in pattern.finditer(text)
        ]
        return sorted(mentions, key=lambda m: (m.start, m.end))

    def resolve(self, query: str) -> str | None:
        """The canonical name for ``query`` (any alias or spelling), if watched."""
        found = self.find(query)
        return found[0].person if found else None

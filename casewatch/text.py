"""Small helpers for the words casewatch prints."""

from __future__ import annotations


def plural(count: int, singular: str, many: str | None = None) -> str:
    """ "1 source", "2 sources", "0 people"."""
    return f"{count} {singular if count == 1 else many or singular + 's'}"

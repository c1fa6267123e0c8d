"""What ``casewatch config check`` finds beyond the schema: mistakes that
validate but cannot work as meant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from casewatch.config.schema import Settings

# "$SMTP_PASSWORD" where "${SMTP_PASSWORD}" was meant: only the braced form
# is replaced, so the bare one would be sent as it is written.
_BARE_VARIABLE = re.compile(r"\$([A-Z_][A-Z0-9_]*)\b")


def literal_variables(settings: Settings) -> list[str]:
    """Errors: strings holding ``$NAME`` (not ``${NAME}``), with their key path."""
    return [
        f"{where}: ${name} is used literally; write ${{{name}}} to read the environment variable"
        for where, text in _strings(settings.model_dump(mode="json"), ())
        for name in _BARE_VARIABLE.findall(text)
    ]


def unused_tags(settings: Settings) -> list[str]:
    """Warnings: a channel's ``people_tags`` that no person carries (it
    would never receive an alert about a person)."""
    carried = {tag for person in settings.people for tag in person.tags}
    return [
        f'[[channels]] "{channel.name}" → people_tags: no person is tagged {tag!r}'
        for channel in settings.channels
        for tag in channel.people_tags
        if tag not in carried
    ]


def _strings(value: Any, where: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            label = f"#{index + 1}"
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                label += f' "{item["name"]}"'
            path = (*where[:-1], f"[[{where[-1]}]] {label}") if len(where) == 1 else where
            yield from _strings(item, path if len(where) == 1 else (*where, label))
    elif isinstance(value, str):
        yield " → ".join(where), value

"""The officials an Urgent Action asks to write to, with their contact details.

Appeals list each target as a few short address lines followed by labelled
contacts ("Email:", "Fax:", "Salutation:"), or all of it on one line. A target
starts where labelled contacts follow fresh address lines, or where a label
repeats.
"""

from __future__ import annotations

import re

_CONTACT = re.compile(
    r"\b(Email|E-mail|Fax|Phone|Tel|Telephone|Twitter|Facebook|Instagram|Salutation"
    r"|Copies to)\s*:\s*",
    re.IGNORECASE,
)
_MORE_NUMBERS = re.compile(r"^[+\d][\d ()./-]{5,}$")  # a second fax on its own line
_SEPARATOR = re.compile(r"\s+(?:[|I]|or)$")
_ADDRESS_LINE = 90  # longer lines are prose, not an address
_ADDRESS_LINES = 6


def find_targets(text: str) -> list[dict[str, str]]:
    targets: list[dict[str, str]] = []
    address: list[str] = []  # short lines since the last contact line
    last_key: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        contacts = list(_CONTACT.finditer(line))
        if not contacts:
            if targets and last_key and _MORE_NUMBERS.match(line):
                targets[-1][last_key] += ", " + line
            elif len(line) <= _ADDRESS_LINE and not line.endswith(":"):
                address = [*address, line][-_ADDRESS_LINES:]
            else:  # prose or a heading ("Contact these two officials by ...:")
                address = []
            continue
        head = line[: contacts[0].start()].strip()
        lines = [*address, head] if head else address
        fields = _fields(line, contacts)
        if not targets or lines or fields.keys() & targets[-1].keys():
            targets.append({"name": lines[0], "address": ", ".join(lines[1:])} if lines else {})
        targets[-1].update(fields)
        address, last_key = [], list(fields)[-1]
    return targets


def _fields(line: str, contacts: list[re.Match[str]]) -> dict[str, str]:
    ends = [m.start() for m in contacts[1:]] + [len(line)]
    return {
        m.group(1).lower().replace("e-mail", "email").replace(" ", "_"): _SEPARATOR.sub(
            "", line[m.end() : end].strip()
        )
        for m, end in zip(contacts, ends, strict=True)
    }

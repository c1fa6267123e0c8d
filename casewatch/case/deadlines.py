# ruff: noqa: RUF001 -- Cyrillic letters and typographic quotes are the data here
"""Deadlines: a dated date right after a phrase that says what is due then.

A date alone is never a deadline: it must follow one of the phrases below
(in the same sentence, at most one line break away) and state its year.
"""

from __future__ import annotations

import re

from casewatch.case.dates import iter_full_dates
from casewatch.case.facts import Deadline

ACTION = "action deadline"
HEARING = "hearing"
APPEAL = "appeal"

_PHRASES: tuple[tuple[str, str], ...] = (
    (ACTION, r"take action[^.\n]{0,60}?\buntil\b"),
    (ACTION, r"\bexpires?\b(?: on)?"),
    (ACTION, r"\bdeadline\b"),
    (ACTION, r"\b(?:contact|write to|appeal to|send)\b[^.\n]{0,60}?\b(?:by|before)\b"),
    (ACTION, r"\b(?:акция|акцыя)\b[^.\n]{0,60}?(?:\bдо\b|\bда\b)"),
    (ACTION, r"\b(?:срок|тэрмін)\b[^.\n]{0,40}?(?:\bдо\b|\bда\b)"),
    (ACTION, r"\b(?:действует|дзейнічае|примите меры|дзейнічайце)\b[^.\n]{0,30}?(?:\bдо\b|\bда\b)"),
    (APPEAL, r"\bappeal(?: hearing)?\b[^.\n]{0,40}?\b(?:on|for|scheduled)\b"),
    (
        APPEAL,
        r"\b(?:апелляци|апеляцы)\w*\b[^.\n]{0,60}?(?:\bна\b|назначен\w*|прызначан\w*|состоится|адбудзецца)",
    ),
    (
        HEARING,
        r"\b(?:trial|hearing|court session)\b[^.\n]{0,40}?\b(?:(?:is )?(?:scheduled|set) for"
        r"|will (?:take place|be held|start|begin|resume|continue) on|is due on)",
    ),
    (HEARING, r"\b(?:trial date|date of trial)\b"),
    (
        HEARING,
        r"\b(?:суд|заседани\w*|пасяджэнн\w*|слушани\w*)\b[^.\n]{0,60}?(?:назначен\w*|прызначан\w*|состоится|адбудзецца|начнется|пачнецца)",
    ),
)
_COMPILED = tuple((label, re.compile(p, re.IGNORECASE)) for label, p in _PHRASES)
_REACH = 80  # characters between the phrase and its date
_GAP_ENDS_SENTENCE = re.compile(r"[.!?]\s+\S|\n.*\n")


def find_deadlines(text: str, person: str | None = None) -> list[Deadline]:
    """Deadlines stated in ``text``, in order, each (label, date) once."""
    dates = list(iter_full_dates(text))
    found: dict[tuple[str, object], Deadline] = {}
    hits: list[tuple[int, Deadline]] = []
    for label, phrase in _COMPILED:
        for match in phrase.finditer(text):
            date = next(
                (
                    d
                    for d in dates
                    if match.end() <= d.start <= match.end() + _REACH
                    and not _GAP_ENDS_SENTENCE.search(text, match.end(), d.start)
                ),
                None,
            )
            if date and date.date and (label, date.date) not in found:
                deadline = Deadline(label, date.date, person)
                found[(label, date.date)] = deadline
                hits.append((match.start(), deadline))
    return [deadline for _, deadline in sorted(hits, key=lambda h: h[0])]

# ruff: noqa: RUF001, RUF003 -- Cyrillic letters and typographic quotes are the data here
"""``petition``: a petition page: signature count, next goal, people named."""

from __future__ import annotations

import datetime as dt
import re

from casewatch.case.dates import near_digits
from casewatch.case.facts import Facts
from casewatch.case.kinds.base import Kind
from casewatch.case.mentions import people_facts
from casewatch.case.people import PeopleIndex

# Digit groups as sites localise them: 1,000 / 1.000 / 1 000 / 1 000 / 1’000.
_NUMBER = r"(?P<n>\d{1,3}(?:[,.\u00a0\u202f ’']\d{3})+|\d+)"
_PEOPLE = r"(?:people|persons|supporters|signers|людей|человек|чалавек|людзей)"
# Page text may glue the count to the next label: "Signatures: 712Next Goal: 1,000".
_SIGNATURES = (
    re.compile(rf"(?:signatures|signed|подписей|подписи|подпісаў|подпісы)\s*:?\s*{_NUMBER}", re.I),
    re.compile(
        rf"{_NUMBER}\s*(?:of\s+\S+\s+)?(?:{_PEOPLE}\s+)?(?:signatures|have\s+signed"
        r"|(?:have\s+)?signed|have\s+taken\s+action|supporters|signers|подпис\w*|подпіс\w*"
        r"|падпіс\w*)",
        re.I,
    ),
    re.compile(
        rf"(?:\bhad|\bhas|собрала|собрал|сабрала|сабраў|\bс|\bз)\s+{_NUMBER}\s+"
        r"(?:supporters|signatures|signers|подпис\w*|подпіс\w*|падпіс\w*)",
        re.I,
    ),
)
_GOAL = (
    re.compile(rf"(?:next\s+)?(?:goal|target|цель|мэта)\s*:?\s*{_NUMBER}", re.I),
    re.compile(rf"\bof\s+{_NUMBER}\s+(?:signatures|подпис\w*|подпіс\w*)", re.I),
    re.compile(
        rf"(?:\bget\s+to|\bhelp\s+(?:us\s+)?(?:get\s+to|reach)|дойд[её]м\s+до|набер[её]м"
        rf"|набярэм|дойдзем\s+да)\s+{_NUMBER}(?!\s*%)",
        re.I,
    ),
)


def _first_number(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    """The number of the first match of any of ``patterns``: each match holds
    its number within a few words, so only the text near digits is searched."""
    matches = [m for p in patterns if (m := next(near_digits(p, text), None))]
    if not matches:
        return None
    first = min(matches, key=lambda m: m.start())
    return int(re.sub(r"\D", "", first.group("n")))


class Petition(Kind):
    name = "petition"

    def read(
        self,
        text: str,
        people: PeopleIndex,
        page_date: dt.date | None = None,
        today: dt.date | None = None,
        subject: str | None = None,
    ) -> Facts:
        return Facts(
            people=people_facts(text, people, page_date, today),
            signatures=_first_number(_SIGNATURES, text),
            signature_goal=_first_number(_GOAL, text),
        )

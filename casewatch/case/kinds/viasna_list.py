"""``viasna_list``: a list or table of prisoners, one person per row.

Each row (table cells joined by `` | ``, or a list item) that names watched
people gives them the status its cells state; the prose around the list is
not read, since it speaks of everyone at once.
"""

from __future__ import annotations

import datetime as dt

from casewatch.case.facts import Facts, PersonFacts
from casewatch.case.kinds.base import Kind
from casewatch.case.people import PeopleIndex
from casewatch.case.status import classify, classify_field, most_advanced
from casewatch.case.text import CELL_SEPARATOR


class ViasnaList(Kind):
    name = "viasna_list"
    listing = True

    def read(
        self,
        text: str,
        people: PeopleIndex,
        page_date: dt.date | None = None,
        today: dt.date | None = None,
        subject: str | None = None,
    ) -> Facts:
        found: dict[str, PersonFacts] = {}
        for row in text.splitlines():
            # In the order the row names them (find's mentions are in text
            # order), whatever spelling it uses: never a set's order, which
            # changes with each process's hash seed.
            named = [p for p in dict.fromkeys(m.person for m in people.find(row)) if p not in found]
            if not named:
                continue
            cells = [cell.strip(" -•*·,;") for cell in row.split(CELL_SEPARATOR.strip())]
            status, detail = most_advanced(
                [classify([row]), *(classify_field(cell) for cell in cells)]
            )
            for person in named:
                found[person] = PersonFacts(person, status, detail)
        return Facts(people=tuple(found.values()))

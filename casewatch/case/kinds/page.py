"""``page``: any other page: who is mentioned, their status, stated deadlines."""

from __future__ import annotations

import datetime as dt

from casewatch.case.deadlines import find_deadlines
from casewatch.case.facts import Facts
from casewatch.case.kinds.base import Kind
from casewatch.case.mentions import people_facts
from casewatch.case.people import PeopleIndex


class GenericPage(Kind):
    name = "page"

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
            deadlines=tuple(find_deadlines(text, page_date=page_date, today=today)),
        )

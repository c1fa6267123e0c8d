"""``page``: any other page: who is mentioned."""

from __future__ import annotations

from casewatch.case.facts import Facts, PersonFacts
from casewatch.case.kinds.base import Kind
from casewatch.case.people import PeopleIndex


class GenericPage(Kind):
    name = "page"

    def extract(self, text: str, people: PeopleIndex) -> Facts:
        named = dict.fromkeys(m.person for m in people.find(text))
        return Facts(people=tuple(PersonFacts(person=name) for name in named))

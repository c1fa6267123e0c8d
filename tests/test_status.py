"""Reading a status from what a page says of a person: facts, not demands,
fears, negations or news about their relatives."""

from __future__ import annotations

import datetime as dt

import pytest

from casewatch.case.mentions import people_facts
from casewatch.case.people import PeopleIndex, Person

PEOPLE = PeopleIndex(
    [
        Person("Maryia Kalesnikava", ("Мария Колесникова",)),
        Person("Viktar Serhil", ("Виктор Сергель",)),
    ]
)


def status_of(text: str, person: str = "Maryia Kalesnikava") -> str:
    facts = {p.person: p for p in people_facts(text, PEOPLE)}
    return facts[person].status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Maryia Kalesnikava was detained on 7 September.", "detained"),
        ("Maryia Kalesnikava was sentenced to 11 years in a penal colony.", "sentenced"),
        ("Maryia Kalesnikava was released and deported.", "released"),
        # Demands, fears and possibilities are not facts.
        ("Maryia Kalesnikava must be released immediately and unconditionally.", "unknown"),
        (
            "Мария Колесникова должна быть немедленно и безоговорочно освобождена.",
            "unknown",
        ),
        ("Viktar Serhil is feared to have been executed.", "unknown"),
        ("Viktar Serhil may have been executed.", "unknown"),
        ("Amnesty urged that Maryia Kalesnikava be released.", "unknown"),
        ("Maryia Kalesnikava: activists are urging her release from prison.", "unknown"),
        # ... but an Urgent Action's title states what happened.
        ("Urgent Action: Viktar Serhil sentenced to death.", "death_sentence"),
        ("URGENT ACTION: Maryia Kalesnikava released", "released"),
        # Negations state nothing.
        ("Maryia Kalesnikava was not released.", "unknown"),
        ("Maryia Kalesnikava has never been released.", "unknown"),
        ("Мария Колесникова не освобождена.", "unknown"),
        ("Лукашенко не помиловал Виктора Сергеля.", "unknown"),
        ("Мать сообщила, что Виктор Сергель ещё не расстрелян.", "unknown"),
        # News about relatives and lawyers is not news about the prisoner.
        ("Maryia Kalesnikava's sister was released.", "unknown"),
        ("Viktar Serhil's lawyer was detained.", "unknown"),
        ("Сестра Марии Колесниковой задержана.", "unknown"),
        ("The lawyer of Maryia Kalesnikava was detained.", "unknown"),
        # ... but a relative named as such is the subject: "her husband X was detained".
        ("Her husband Viktar Serhil was detained.", "detained"),
    ],
)
def test_status(text: str, expected: str) -> None:
    person = (
        "Maryia Kalesnikava" if "Kalesnikava" in text or "Колесников" in text else "Viktar Serhil"
    )
    assert status_of(text, person) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Maryia Kalesnikava was acquitted.", ("released", "")),
        ("Мария Колесникова оправдана.", ("released", "")),
        ("Maryia Kalesnikava remains imprisoned.", ("detained", "")),
        (
            "Мария Колесникова отбывает 11-летний срок в колонии.",
            ("sentenced", "11 years, penal colony"),
        ),
        ("Maryia Kalesnikava was transferred to a penal colony.", ("sentenced", "penal colony")),
        ("Free Maryia Kalesnikava now!", ("unknown", "")),
    ],
)
def test_more_ways_of_saying_it(text: str, expected: tuple[str, str]) -> None:
    [said] = people_facts(text, PEOPLE)
    assert (said.status, said.status_detail) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Maryia Kalesnikava was released in 2019. "
            "On 5 March 2026 Maryia Kalesnikava was arrested in Minsk.",
            "detained",
        ),
        (
            "Maryia Kalesnikava was released in 2019, re-arrested in 2020 and sentenced "
            "to 11 years in a penal colony.",
            "sentenced",
        ),
        ("Maryia Kalesnikava, detained in 2020, was released in 2025.", "released"),
        # Without years, the furthest along the case wins.
        ("Maryia Kalesnikava was detained and later released.", "released"),
    ],
)
def test_the_latest_dated_statement_is_the_news(text: str, expected: str) -> None:
    assert status_of(text) == expected


def test_a_date_still_to_come_does_not_date_the_statement() -> None:
    """An undated page's action deadline is not when its statement was made:
    otherwise an old "sentenced" would outrank a newer release elsewhere."""
    text = (
        "Please take action before 2 December 2026: Maryia Kalesnikava was sentenced "
        "to 11 years in a penal colony."
    )
    (facts,) = people_facts(text, PEOPLE, today=dt.date(2026, 11, 30))
    assert facts.status == "sentenced"
    assert facts.stated_on is None or facts.stated_on <= "2026-11-30"

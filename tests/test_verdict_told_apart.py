"""A verdict told apart from the name: "the judge announced the verdict: 3
years" a paragraph after the page's own person was last named is theirs,
and no one else's. Every text here was written for this test.
"""

from __future__ import annotations

import pytest

from casewatch.case.mentions import people_facts
from casewatch.case.people import PeopleIndex, Person

PEOPLE = PeopleIndex(
    [
        Person("Maryia Kalesnikava", ("Мария Колесникова", "Марыя Калеснікава")),
        Person("Viktar Serhil", ("Виктор Сергель", "Віктар Сяргіль")),
    ]
)


def said(text: str) -> dict[str, tuple[str, str]]:
    return {p.person: (p.status, p.status_detail) for p in people_facts(text, PEOPLE)}


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        (
            "Court hears the case of Maryia Kalesnikava\n"
            "The prosecutor asked for six years for Maryia Kalesnikava.\n"
            "Today the judge announced the verdict: 3 years of restricted freedom.",
            "3 years, restricted freedom",
        ),
        (
            "Суд над Марией Колесниковой\n"
            "Прокурор просил приговорить Марию Колесникову к восьми годам колонии.\n"
            "Сегодня судья огласил приговор: пять лет колонии общего режима.",
            "5 years, penal colony",
        ),
        (
            "Прысуд Марыі Калеснікавай\n"
            "Пракурор запрасіў для Марыі Калеснікавай сем гадоў.\n"
            "Суддзя абвясціў прысуд: 4 гады калоніі.",
            "4 years, penal colony",
        ),
        (
            "Maryia Kalesnikava in court again\n"
            "Maryia Kalesnikava pleaded not guilty.\n"
            "Verdict: two years in prison.",
            "2 years, prison",
        ),
    ],
)
def test_the_verdict_a_paragraph_away_is_the_page_own_person(text: str, detail: str) -> None:
    assert said(text)["Maryia Kalesnikava"] == ("sentenced", detail)


def test_the_prosecutors_demand_alone_is_no_verdict() -> None:
    text = (
        "Maryia Kalesnikava in court\n"
        "The prosecutor asked the court to sentence Maryia Kalesnikava to six years."
    )
    assert said(text)["Maryia Kalesnikava"][0] == "unknown"


def test_a_verdict_after_someone_else_was_named_is_not_the_page_own_person() -> None:
    text = (
        "Maryia Kalesnikava writes from prison\n"
        "Her friend Viktar Serhil went to court on Monday.\n"
        "The judge announced the verdict: 3 years of restricted freedom."
    )
    facts = said(text)
    assert facts["Maryia Kalesnikava"][0] == "unknown"
    # Not the page's own person: a verdict told apart is not given to him either.
    assert facts["Viktar Serhil"][0] == "unknown"


def test_a_verdict_without_a_term_is_not_carried() -> None:
    text = "Maryia Kalesnikava in court\nThe prosecutor spoke.\nThe judge announced the verdict."
    assert said(text)["Maryia Kalesnikava"][0] == "unknown"

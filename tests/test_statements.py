"""Hundreds of short labelled statements, English, Russian and Belarusian:
each says one thing of one person, the way journalists and NGOs write it.

The tables are in ``tests/fixtures/statements/*.tsv`` (text, person, status,
term in months or ``-``); every sentence there was written for these tests.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casewatch.case.mentions import people_facts
from casewatch.case.people import PeopleIndex, Person

sys.path.insert(0, str(Path(__file__).parent))
from terms_in_months import months_of

TABLES = Path(__file__).parent / "fixtures" / "statements"
PEOPLE = PeopleIndex(
    [
        Person("Maryia Kalesnikava", ("Мария Колесникова", "Марыя Калеснікава")),
        Person("Viktar Serhil", ("Виктор Сергель", "Віктар Сяргіль")),
    ]
)


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for table in sorted(TABLES.glob("*.tsv")):
        with table.open(encoding="utf-8") as lines:
            for row in csv.reader(lines, delimiter="\t"):
                if row and not row[0].startswith("#"):
                    rows.append(tuple(row))
    return rows


ROWS = _rows()


def said(text: str) -> dict[str, tuple[str, str]]:
    return {p.person: (p.status, p.status_detail) for p in people_facts(text, PEOPLE)}


@pytest.mark.parametrize(("text", "person", "status", "term"), ROWS, ids=[r[0][:60] for r in ROWS])
def test_statement(text: str, person: str, status: str, term: str) -> None:
    got_status, detail = said(text).get(person, ("(not named)", ""))
    assert got_status == status, detail
    if term != "-":
        assert months_of(detail) == int(term), detail


def test_there_are_hundreds_in_three_languages() -> None:
    assert len(ROWS) >= 140
    assert {p.stem for p in TABLES.glob("*.tsv")} == {"en", "ru", "be"}


# A statement about one person never gives another person a status.
_ABOUT_ONE = [
    r
    for r in ROWS
    if r[1] == "Maryia Kalesnikava"
    and "Віктар" not in r[0]
    and "Виктор" not in r[0]
    and "Viktar" not in r[0]
    and "Сяргіл" not in r[0]
]
_PASSING = (
    "Viktar Serhil spoke to reporters outside the court.",
    "Виктор Сергель прокомментировал новость.",
    "Віктар Сяргіль напісаў пра гэта.",
)


@settings(max_examples=150, deadline=None)
@given(row=st.sampled_from(_ABOUT_ONE), passing=st.sampled_from(_PASSING), first=st.booleans())
def test_a_statement_about_one_person_gives_no_one_else_a_status(row, passing, first) -> None:
    text, person, status, _ = row
    page = f"{passing}\n{text}" if first else f"{text}\n{passing}"
    facts = said(page)
    assert facts["Viktar Serhil"][0] == "unknown"
    assert facts.get(person, ("(not named)", ""))[0] == status

# ruff: noqa: RUF001 -- Cyrillic letters and typographic quotes are the data here
"""No page, however broken, makes a reader raise.

The readers (``Kind.read``) are called directly, as ``observe`` calls them.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casewatch.case.dates import find_dates, parse_date
from casewatch.case.facts import Facts
from casewatch.case.kinds import KINDS
from casewatch.case.people import PeopleIndex, Person
from casewatch.case.text import html_to_text, remove_noise

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("pages/*/*.html"))]
PEOPLE = PeopleIndex(
    Person(p["name"], tuple(p.get("aliases", ())))
    for p in json.loads((FIXTURES / "roster.json").read_text(encoding="utf-8"))
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAGS = st.sampled_from(
    ["p", "div", "table", "tr", "td", "th", "li", "ul", "dl", "dt", "dd", "h1", "br", "script", "b"]
)
WORDS = st.sampled_from(
    [
        "Maryia",
        "Kalesnikava",
        "Калеснікавай",
        "Labkovich",
        "Nina",
        "Babaryka",
        "sentenced to",
        "11 years",
        "до",
        "UNTIL:",
        "1 April 2020",
        "31.02.2021",
        "UA 85/21 UPDATE",
        "FI 1/2-",
        "Signatures:",
        "712Next Goal:",
        "|",
        ":",
        "Date of detention",
        "Прысуд",
        "Дата освобождения",
        "was released",
        ".",
        "\n",
        "days behind bars",
        "Email:",
        "Fax:",
        "Salutation:",
        "’s",
        "M.",
        "9" * 30,
    ]
)


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                WORDS,
                TAGS.map(lambda t: f"<{t}>"),
                TAGS.map(lambda t: f"</{t}>"),
                st.text(max_size=12),
            ),
            max_size=60,
        )
    )
    return " ".join(parts)


@st.composite
def fixture_slice(draw: st.DrawFn) -> str:
    page = draw(st.sampled_from(PAGES))
    start = draw(st.integers(0, len(page)))
    return page[start : start + draw(st.integers(0, len(page)))]


def read_everything(html: str) -> None:
    text = html_to_text(html)
    for kind in KINDS.values():
        assert isinstance(kind.read(text, PEOPLE), Facts)
        remove_noise(text, kind.noise)


@SETTINGS
@given(fixture_slice())
def test_truncated_fixture_pages(html: str) -> None:
    read_everything(html)


@SETTINGS
@given(tag_soup())
def test_random_tag_soup(html: str) -> None:
    read_everything(html)


@SETTINGS
@given(st.text(max_size=400))
def test_random_unicode_as_page_text(text: str) -> None:
    for kind in KINDS.values():
        facts = kind.read(text, PEOPLE)
        Facts.from_json(json.loads(json.dumps(facts.to_json())))
    PEOPLE.resolve(text)
    find_dates(text)
    parse_date(text)


LONG_WORDS = st.sampled_from(
    [
        "Maryia Kalesnikava",
        "Марыі Калеснікавай",
        "Мария Колесникова",
        "was sentenced to",
        "приговорили к",
        "four and a half years",
        "14 years and 9 months",
        "на 15 лет колонии",
        "да года",
        "and",
        "respectively",
        "They are",
        "on 22 May",
        "17 снежня",
        "hearing is set for",
        "will be released on",
        "выйдзе на волю",
        "in 2015",
        "she",
        ",",
        ".",
        ";",
        "\n",
        "—",
        "9" * 12,
    ]
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LONG_WORDS, min_size=20, max_size=120), st.integers(200, 800))
# One sentence of 16,000 names and no statement: each name's clause was
# searched whole for a negation, and the clauses scanned one by one (an hour).
@example(["Maryia Kalesnikava"] * 20, 800)
def test_long_random_pages_are_read_to_the_end(words: list[str], copies: int) -> None:
    """Reading stays linear: a long page of case words in any order (tens to
    hundreds of kilobytes, most sentences naming someone) is read through.
    Speed itself is measured by benchmarks/extraction.py, not here."""
    text = " ".join(words * copies)
    for kind in KINDS.values():
        assert isinstance(kind.read(text, PEOPLE), Facts)

"""Page sequences v1 → v2 → v3 through the real case logic: each change of a
case raises exactly the events a user expects, and noise raises none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casewatch.case.compare import compare, known_statuses
from casewatch.case.people import PeopleIndex, Person
from casewatch.case.reading import observe
from casewatch.case.text import html_to_text

FIXTURES = Path(__file__).parent / "fixtures"
ROSTER = [
    Person(p["name"], tuple(p.get("aliases", ())))
    for p in json.loads((FIXTURES / "roster.json").read_text(encoding="utf-8"))
]


def timeline(sequence: str, kind: str, select: str | None = None) -> list[list[tuple]]:
    """The events of each step of a sequence, as (kind, person, details) tuples."""
    people = PeopleIndex(ROSTER)
    previous = None
    said: list[tuple] = []  # what the source said so far, as the database keeps it
    steps = []
    for version in ("v1", "v2", "v3"):
        html = (FIXTURES / "sequences" / sequence / f"{version}.html").read_text(encoding="utf-8")
        current = observe(html_to_text(html, select), kind, (), people)
        events = compare(previous, current, known_statuses(said))
        said += [(e.kind, e.person, e.details) for e in events]
        steps.append([(e.kind, e.person, e.details) for e in events])
        previous = current
    return steps


def kinds(step: list[tuple]) -> list[str]:
    return [kind for kind, _, _ in step]


def test_status_moves_detained_sentenced_released() -> None:
    baseline, sentenced, released = timeline("viasna_person_status", "viasna_person")
    [mention] = [e for e in baseline if e[0] == "new_mention"]
    assert mention[2]["status"] == "detained"
    changes = [e for e in sentenced + released if e[0] == "status_changed"]
    assert [(e[1], e[2]["old"], e[2]["new"]) for e in changes] == [
        (mention[1], "detained", "sentenced"),
        (mention[1], "sentenced", "released"),
    ]


def test_moved_deadline_raises_deadline_changed() -> None:
    baseline, moved, _ = timeline("amnesty_deadline_moves", "amnesty_ua")
    assert "deadline_added" in kinds(baseline)
    [change] = [e for e in moved if e[0] == "deadline_changed"]
    assert change[2]["old_date"] != change[2]["date"]
    assert "deadline_added" not in kinds(moved)


def test_cyrillic_only_mention_raises_new_mention() -> None:
    steps = timeline("ru_news_cyrillic_only", "page")
    mentions = [e for step in steps for e in step if e[0] == "new_mention"]
    assert [e[1] for e in mentions] == ["Maryia Kalesnikava"]


@pytest.mark.parametrize("kind", ["viasna_person", "page"])
def test_day_counter_changes_raise_nothing(kind: str) -> None:
    _, second, third = timeline("day_counter_only", kind)
    assert second == [] and third == []


def test_leaving_a_prisoner_list_is_an_event() -> None:
    people = PeopleIndex(ROSTER)
    listed = (
        "Political prisoners\nMarfa Rabkova | detained\nAles Bialiatski | sentenced to 10 years"
    )
    before = observe(listed, "viasna_list", (), people)
    after = observe(listed.rsplit("\n", 1)[0], "viasna_list", (), people)
    known = known_statuses((e.kind, e.person, e.details) for e in compare(None, before))
    events = [e for e in compare(before, after, known) if e.kind == "status_changed"]
    assert [(e.person, e.details["new_detail"]) for e in events] == [
        ("Ales Bialiatski", "no longer listed")
    ]
    # The same page change on a news page says nothing about the person.
    page_before = observe(listed, "page", (), people)
    page_known = known_statuses((e.kind, e.person, e.details) for e in compare(None, page_before))
    page_after = observe(listed.rsplit("\n", 1)[0], "page", (), people)
    assert [e.kind for e in compare(page_before, page_after, page_known)] == ["page_changed"]


def test_a_person_who_comes_back_is_not_new_and_a_missing_status_is_no_change() -> None:
    people = PeopleIndex(ROSTER)
    pages = [
        "Marfa Rabkova was sentenced to 15 years.",
        "Other news today.",  # she drops off the front page
        "Marfa Rabkova's family visited her.",  # back, no status phrase
        "Marfa Rabkova was sentenced to 15 years.",  # the same status again
    ]
    previous, said, kinds = None, [], []
    for text in pages:
        current = observe(text, "page", (), people)
        events = compare(previous, current, known_statuses(said))
        said += [(e.kind, e.person, e.details) for e in events]
        kinds.append([e.kind for e in events if e.kind != "page_changed"])
        previous = current
    assert kinds == [["new_mention"], [], [], []]


def test_two_hearings_with_one_label_are_not_a_move() -> None:
    people = PeopleIndex(ROSTER)
    page = (
        "Marfa Rabkova was charged.\nThe hearing is scheduled for 3 March 2025.\n"
        "A second hearing is scheduled for 10 March 2025.\n{extra}"
    )
    before = observe(page.format(extra=""), "page", (), people)
    after = observe(page.format(extra="Her lawyer spoke to the press."), "page", (), people)
    assert len(before.facts.deadlines) == 2
    assert [e.kind for e in compare(before, after, {})] == ["page_changed", "new_mention"]
    moved = observe(page.replace("10 March", "17 March").format(extra=""), "page", (), people)
    [change] = [e for e in compare(before, moved, {}) if e.kind.startswith("deadline")]
    assert (change.kind, change.details["old_date"], change.details["date"]) == (
        "deadline_changed",
        "2025-03-10",
        "2025-03-17",
    )

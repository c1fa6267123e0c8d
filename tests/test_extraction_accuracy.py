"""Every labelled fixture page through html_to_text and its kind's reader.

Each ``tests/fixtures/pages/<kind>/NAME.html`` has ``NAME.json`` beside it with
what a careful reader finds on the page. Accuracy is counted per field over
all the pages that label the field, and must stay at 95% or more.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from casewatch.case.facts import Facts
from casewatch.case.kinds import KINDS
from casewatch.case.people import PeopleIndex, Person
from casewatch.case.reading import observe
from casewatch.case.text import html_to_text

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted((FIXTURES / "pages").glob("*/*.html"))
THRESHOLD = 0.95


def roster() -> PeopleIndex:
    people = json.loads((FIXTURES / "roster.json").read_text(encoding="utf-8"))
    return PeopleIndex(Person(p["name"], tuple(p.get("aliases", ()))) for p in people)


def read(page: Path, people: PeopleIndex) -> Facts:
    text = html_to_text(page.read_text(encoding="utf-8"))
    return observe(text, page.parent.name, (), people).facts


def score(expected: dict[str, Any], facts: Facts) -> dict[str, list[bool]]:
    """One verdict per labelled item: each person, status, deadline, number."""
    verdicts: dict[str, list[bool]] = defaultdict(list)
    if "people" in expected:
        found = {p.person: p.status for p in facts.people}
        wanted = expected["people"]
        for name in wanted.keys() | found.keys():
            verdicts["people"].append(name in wanted and name in found)
        for name, status in wanted.items():
            verdicts["status"].append(found.get(name) == status)
    if "deadlines" in expected:
        found_deadlines = {(d.label, d.date.isoformat()) for d in facts.deadlines}
        wanted_deadlines = {(d["label"], d["date"]) for d in expected["deadlines"]}
        verdicts["deadline"].append(found_deadlines == wanted_deadlines)
    for field in ("ua_number", "signatures", "signature_goal"):
        if field in expected:
            verdicts[field].append(getattr(facts, field) == expected[field])
    return verdicts


def test_every_page_has_a_label() -> None:
    kinds = {page.parent.name for page in PAGES}
    assert kinds == set(KINDS)
    assert all(page.with_suffix(".json").exists() for page in PAGES)
    assert all(len([p for p in PAGES if p.parent.name == k]) >= 4 for k in kinds)


def test_accuracy_per_field() -> None:
    people = roster()
    totals: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    for page in PAGES:
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        for field, verdicts in score(expected, read(page, people)).items():
            totals[field].extend(verdicts)
            if not all(verdicts):
                misses.append(f"{page.parent.name}/{page.stem}: {field}")
    report = ", ".join(
        f"{field} {sum(v) / len(v):.1%} ({sum(v)}/{len(v)})" for field, v in sorted(totals.items())
    )
    print(f"\nextraction accuracy over {len(PAGES)} pages: {report}")
    low = [field for field, v in totals.items() if sum(v) / len(v) < THRESHOLD]
    assert not low, f"accuracy below {THRESHOLD:.0%} in {low}: {report}; misses: {misses}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_page_reads_as_labelled(page: Path) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    facts = read(page, roster())
    wrong = [field for field, verdicts in score(expected, facts).items() if not all(verdicts)]
    assert not wrong, f"{wrong}: {facts}"

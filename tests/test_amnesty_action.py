"""An Urgent Action's ask is kept for deadline reminders ("the action asked")."""

from __future__ import annotations

from pathlib import Path

import pytest

from casewatch.case.kinds import KINDS
from casewatch.case.people import PeopleIndex
from casewatch.case.text import html_to_text

PAGES = Path(__file__).parent / "fixtures" / "pages" / "amnesty_ua"


@pytest.mark.parametrize(
    ("page", "ask"),
    [
        ("seed000_serhil", "I urge you to take all necessary steps"),
        ("seed001_mikhalenya", "Urging President Alyaksandr Lukashenka to commute the death"),
        ("seed002_viasna", "I urge you to do everything in your power to ensure the immediate"),
        ("seed004_kalesnikava", "I urge you end the criminal proceedings against Maryia"),
    ],
)
def test_the_ask_of_each_seed_urgent_action(page: str, ask: str) -> None:
    text = html_to_text((PAGES / f"{page}.html").read_text(encoding="utf-8"))
    action = KINDS["amnesty_ua"].read(text, PeopleIndex([])).extra["action"]
    assert action.startswith(ask)
    assert len(action) <= 300

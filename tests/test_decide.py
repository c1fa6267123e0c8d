"""decide() alone: a source's state and one check in, events and the next
state out. No database, no network (SPEC §3 rules, and the faults of issue 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from casewatch.case.availability import Availability
from casewatch.case.decide import CheckResult, Settings, SourceState, decide
from casewatch.case.facts import Facts, PersonFacts
from casewatch.case.reading import Observation
from casewatch.case.text import content_hash

NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
SETTINGS = Settings(failures_before_alert=3, interval=dt.timedelta(hours=6))
KALESNIKAVA = "Maryia Kalesnikava"
RABKOVA = "Marfa Rabkova"


def seen(text: str, *people: PersonFacts, listing: bool = False, **facts) -> Observation:
    return Observation(text, content_hash(text), Facts(people=people, **facts), listing)


def detained(person: str = KALESNIKAVA) -> PersonFacts:
    return PersonFacts(person, "detained")


PAGE = seen("Maryia Kalesnikava was detained.\nHearing soon.", detained())
LIST = seen(
    "Maryia Kalesnikava | detained\nMarfa Rabkova | detained",
    detained(),
    detained(RABKOVA),
    listing=True,
)
PETITION = seen("712 signed of 1,000\nFree them", signatures=712, signature_goal=1000)


def check(outcome: str = "ok", page: Observation | None = None, **fields) -> CheckResult:
    return CheckResult(
        outcome=outcome,  # type: ignore[arg-type]
        reading=fields.pop("reading", "r1"),
        people=fields.pop("people", "p1"),
        observation=page,
        **fields,
    )


def after(*pages: Observation) -> SourceState:
    """The state once the source was read as ``pages``, in order."""
    state = SourceState()
    previous = None
    for page in pages:
        text = previous.text if previous else None
        state = decide(state, check(page=page, previous_text=text), NOW, SETTINGS).state
        previous = page
    return state


def kinds(state: SourceState, result: CheckResult) -> list[tuple[str, bool]]:
    """(kind, alerted) of the events of one check."""
    return [(e.kind, not e.silent) for e in decide(state, result, NOW, SETTINGS).events]


CASES = {
    "first check: a silent baseline": (
        SourceState(),
        check(page=PAGE),
        [("new_mention", False)],
    ),
    "first check 404: reported at once": (
        SourceState(),
        check("removed", http_status=404, error="HTTP 404"),
        [("source_failing", True)],
    ),
    "first check forbidden by robots.txt: reported at once": (
        SourceState(),
        check("failed", error="IgnoreRequest: Forbidden by robots.txt", permanent=True),
        [("source_failing", True)],
    ),
    "first check unreadable: reported at once": (
        SourceState(),
        check("failed", error="the page has no readable text", permanent=True),
        [("source_failing", True)],
    ),
    "first check timeout: one failure of three": (
        SourceState(),
        check("failed", error="TimeoutError"),
        [],
    ),
    "unreadable later: a failed check, no change": (
        after(PAGE),
        check("failed", error="the page has no readable text", permanent=True),
        [],
    ),
    "unreadable list: nobody leaves it": (
        after(LIST),
        check("failed", error="the page has no readable text", permanent=True),
        [],
    ),
    "the page back as before: unchanged": (
        after(PAGE),
        check(page=PAGE),
        [],
    ),
    "reordered rows: not a change": (
        after(LIST),
        check(
            page=seen(
                "Marfa Rabkova | detained\nMaryia Kalesnikava | detained",
                detained(RABKOVA),
                detained(),
                listing=True,
            ),
            previous_text=LIST.text,
        ),
        [],
    ),
    "a real edit: page_changed": (
        after(PAGE),
        check(page=seen(PAGE.text + "\nMore news.", detained()), previous_text=PAGE.text),
        [("page_changed", True)],
    ),
    "a status change: page_changed and status_changed": (
        after(PAGE),
        check(
            page=seen("Maryia Kalesnikava was released.", PersonFacts(KALESNIKAVA, "released")),
            previous_text=PAGE.text,
        ),
        [("page_changed", True), ("status_changed", True)],
    ),
    "read differently (select, ignore, kind): recorded, not alerted": (
        after(PAGE),
        check(page=seen("Hearing soon.", detained()), previous_text=PAGE.text, reading="r2"),
        [("page_changed", False)],
    ),
    "a petition count moves: signatures_changed, no page_changed": (
        after(PETITION),
        check(
            page=seen("800 signed of 1,000\nFree them", signatures=800, signature_goal=1000),
            previous_text=PETITION.text,
        ),
        [("signatures_changed", True)],
    ),
    "404 after being watched: page_removed": (
        after(PAGE),
        check("removed", http_status=404, error="HTTP 404"),
        [("page_removed", True)],
    ),
}


@pytest.mark.parametrize("state, result, expected", CASES.values(), ids=CASES.keys())
def test_decide(state: SourceState, result: CheckResult, expected: list[tuple[str, bool]]) -> None:
    assert kinds(state, result) == expected


def test_an_unreadable_page_keeps_the_snapshot_and_counts_as_a_failure() -> None:
    state = after(LIST)
    for _ in range(2):
        decision = decide(state, check("failed", error="no text"), NOW, SETTINGS)
        assert decision.snapshot is None and decision.outcome == "failed"
        state = decision.state
    decision = decide(state, check("failed", error="no text"), NOW, SETTINGS)
    assert [e.kind for e in decision.events] == ["source_failing"]
    assert decision.state.snapshot_hash == LIST.hash
    back = decide(decision.state, check(page=LIST), NOW, SETTINGS)
    assert [e.kind for e in back.events] == ["source_recovered"]
    assert back.outcome == "unchanged"


def test_first_check_404_then_still_gone_then_back() -> None:
    gone = check("removed", http_status=404, error="HTTP 404")
    state = decide(SourceState(), gone, NOW, SETTINGS).state
    assert state.availability == Availability(True, 1, True, True)
    assert decide(state, gone, NOW, SETTINGS).events == []
    back = decide(state, check(page=PAGE), NOW, SETTINGS)
    assert [(e.kind, e.silent) for e in back.events] == [
        ("source_recovered", False),
        ("new_mention", True),  # the first reading is still a baseline
    ]


def test_the_goal_the_page_showed_before_is_the_one_reached() -> None:
    raised = seen("1,003 signed of 1,500\nFree them", signatures=1003, signature_goal=1500)
    decision = decide(
        after(PETITION), check(page=raised, previous_text=PETITION.text), NOW, SETTINGS
    )
    [event] = decision.events
    assert event.kind == "signatures_changed" and not event.silent
    assert event.details["goal_reached"] is True and event.details["goal"] == 1000
    assert decision.diff and decision.snapshot == raised


def test_a_count_and_an_edit_together_are_a_page_change() -> None:
    edited = seen("800 signed of 1,000\nFree them now", signatures=800, signature_goal=1000)
    result = check(page=edited, previous_text=PETITION.text)
    assert kinds(after(PETITION), result) == [("page_changed", True), ("signatures_changed", True)]


def test_a_new_person_is_read_quietly_from_the_stored_text_while_the_page_answers_304() -> None:
    both = seen(PAGE.text + "\nMarfa Rabkova was detained.", detained())
    state = after(both)
    reread = seen(both.text, detained(), detained(RABKOVA))
    decision = decide(state, check("not_modified", people="p2", reread=reread), NOW, SETTINGS)
    assert [(e.kind, e.person, e.silent) for e in decision.events] == [
        ("new_mention", RABKOVA, True)
    ]
    assert decision.snapshot is None and decision.state.people == "p2"
    assert RABKOVA in decision.state.said
    # A later, unrelated edit: no "first mention" of her.
    edited = seen(both.text + "\nA vigil is planned.", detained(), detained(RABKOVA))
    later = check(page=edited, previous_text=both.text, people="p2")
    assert kinds(decision.state, later) == [("page_changed", True)]


def test_reordered_rows_become_the_current_snapshot_quietly() -> None:
    swapped = seen(
        "Marfa Rabkova | detained\nMaryia Kalesnikava | detained",
        detained(RABKOVA),
        detained(),
        listing=True,
    )
    decision = decide(after(LIST), check(page=swapped, previous_text=LIST.text), NOW, SETTINGS)
    assert decision.outcome == "reordered" and not decision.diff
    assert decision.state.snapshot_hash == swapped.hash


def test_the_next_check_is_due_one_interval_later() -> None:
    assert decide(
        SourceState(), check(page=PAGE), NOW, SETTINGS
    ).state.next_due_at == NOW + dt.timedelta(hours=6)


def test_a_failed_check_is_due_again_on_the_retry_backoff() -> None:
    """5 minutes after one failure, 10 after two; never later than the interval."""
    state = SourceState()
    waits = []
    for _ in range(8):
        decision = decide(state, check(outcome="failed", error="timeout"), NOW, SETTINGS)
        state = decision.state
        waits.append(state.next_due_at - NOW)
    minutes = [int(w.total_seconds() // 60) for w in waits]
    assert minutes == [5, 10, 20, 40, 80, 160, 320, 360]

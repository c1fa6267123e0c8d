# ruff: noqa: RUF001 -- Cyrillic letters and typographic quotes are the data here
"""Deadlines: a date next to a phrase that says what is due then.

A date alone is never a deadline: it must follow one of the phrases below in
the same sentence ("the appeal hearing is set for 12 January 2027", "this
action expires on June 1"), or come before one that announces what will
happen ("on 22 May the Supreme Court will hear the appeal", "17 снежня
адбудзецца суд"). Each date is one deadline, labelled by the phrase that
names it first ("appeal hearing ... set for" is one appeal, not an appeal and
a hearing). A date the sentence says was replaced ("earlier set for April 24
has been postponed to May 22") is not a deadline; the new one is.

A date without a year is read against the page's own date as the next such
day (:func:`casewatch.case.dates.in_year_of`). A page with no date of its
own may be years old. It is at least as new as the latest past moment it
names with a year ("in November 2023", "on 3 March 2024"), so the date is
the next such day after that moment, else after the day of the check
(``today``); and it is believed only up to :data:`UNDATED_AHEAD` after the
check day ("hearing on 10 December", read on 30 November). Further ahead it
is taken as the last such day, which is past and reminds no one
("postponed to 22 May" on an undated page read in November is not a
deadline next May). With neither date it is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterator

from casewatch.case.dates import DateMatch, find_anchors, find_dates, in_year_of, spans_around
from casewatch.case.facts import Deadline

ACTION = "action deadline"
HEARING = "hearing"
APPEAL = "appeal"

_PHRASES: tuple[tuple[str, str], ...] = (
    (ACTION, r"take action[^.\n]{0,60}?\b(?:until|before|by)\b"),
    (ACTION, r"\bexpires?\b(?: on)?"),
    (ACTION, r"\bdeadline\b"),
    (ACTION, r"\b(?:contact|write to|appeal to|send)\b[^.\n]{0,60}?\b(?:by|before)\b"),
    (ACTION, r"\b(?:акция|акцыя)\b[^.\n]{0,60}?(?:\bдо\b|\bда\b)"),
    (ACTION, r"\b(?:срок|тэрмін)\b[^.\n]{0,40}?(?:\bдо\b|\bда\b)"),
    (ACTION, r"\b(?:действует|дзейнічае|примите меры|дзейнічайце)\b[^.\n]{0,30}?(?:\bдо\b|\bда\b)"),
    (APPEAL, r"\bappeals?(?: hearing)?\b[^.\n]{0,40}?\b(?:on|for|scheduled)\b"),
    (
        APPEAL,
        r"\b(?:апелляци|апеляцы)\w*\b[^.\n]{0,60}?(?:\bна\b|назначен\w*|прызначан\w*|состоится|адбудзецца)",
    ),
    (
        HEARING,
        r"\b(?:trial|hearing|court session|court sitting|sitting)\b[^.\n]{0,40}?"
        r"\b(?:(?:is |was )?(?:scheduled|set|due) (?:for|on)|will (?:take place|be held|start|begin"
        r"|resume|continue)|is due|is to (?:be held|take place|start|begin|resume))",
    ),
    (HEARING, r"\b(?:trial date|date of trial)\b"),
    (
        HEARING,
        r"\b(?:суд|заседани\w*|пасяджэнн\w*|слушани\w*|працэс\w*|процесс\w*)\b[^.\n]{0,60}?"
        r"(?:назначен\w*|прызначан\w*|состоится|адбудзецца|начнется|начнётся|пачнецца)",
    ),
    (
        HEARING,
        r"\b(?:postponed|adjourned|moved|put off|rescheduled)\b(?: \w+)? (?:to|until|till|for)\b"
        r"|(?:перенесен\w*|отложен\w*|перанесен\w*|адкладзен\w*) (?:\w+ )?(?:на|до|да)\b",
    ),
    ("decision", r"\b(?:decision|ruling|verdict|judge?ment)\b[^.\n]{0,60}?\bexpected\b"),
)
# Phrases that follow their date: "On 22 May the court will hear the appeal".
_AFTER_DATE: tuple[tuple[str, str], ...] = (
    (APPEAL, r"\bwill (?:hear|consider|examine|review) (?:\w+ ){0,3}appeals?\b"),
    (
        HEARING,
        r"\b(?:trial|hearing|court session)\b (?:\w+ ){0,2}will (?:take place|be held|begin)",
    ),
    (HEARING, r"(?:состоится|начнется|начнётся|адбудзецца|пачнецца) (?:\w+ ){0,2}(?:суд|заседани)"),
    (APPEAL, r"(?:рассмотрит|разгледзіць) (?:\w+ ){0,3}(?:апелляц|апеляц|жалоб|скарг)\w*"),
)
# How far ahead of the check day a yearless date on an undated page may lie.
UNDATED_AHEAD = dt.timedelta(days=92)
_COMPILED = tuple((label, re.compile(p, re.IGNORECASE)) for label, p in _PHRASES)
_COMPILED_AFTER = tuple((label, re.compile(p, re.IGNORECASE)) for label, p in _AFTER_DATE)
_REACH = 80  # characters between the phrase and its date
# How far from a date a phrase that names it may begin or end: _REACH and the
# longest phrase, with room to spare.
_PHRASE_REACH = 300
_GAP_ENDS_SENTENCE = re.compile(r"[.!?]\s+[A-ZА-ЯЁІЎЄЇ]|\n.*\n")
# The date right after these was replaced: "earlier set for April 24".
_SUPERSEDED = re.compile(
    r"\b(?:earlier|previously|originally|initially|first|ранее|раньше|раней|першапачаткова)\b"
    r"[^.\n]{0,25}$",
    re.IGNORECASE,
)


def find_deadlines(
    text: str,
    person: str | None = None,
    page_date: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Deadline]:
    """Deadlines stated in ``text``, in order, each date once (see the module notes).

    ``page_date`` (else ``today``) dates the dates written without a year.
    Linear in the length of the text: dates are found by bisection.
    """
    reference = page_date or today
    dates = [d for d in find_dates(text) if d.date or reference]
    starts = [d.start for d in dates]
    ends = [d.end for d in dates]
    by_date: dict[int, tuple[int, str, DateMatch]] = {}  # date start -> (phrase start, label, date)
    # Phrases are only looked for near dates: a phrase without a date says nothing.
    near = spans_around(((d.start, d.end) for d in dates), _PHRASE_REACH, len(text))
    for label, phrase in _COMPILED:
        for match in _near(phrase, text, near):
            i = bisect_left(starts, match.end())
            if i < len(dates) and dates[i].start <= match.end() + _REACH:
                date = dates[i]
                if not _GAP_ENDS_SENTENCE.search(text, match.end(), date.start):
                    _claim(by_date, match.start(), label, date)
    for label, phrase in _COMPILED_AFTER:
        for match in _near(phrase, text, near):
            i = bisect_left(ends, match.start() + 1) - 1
            if i >= 0 and dates[i].end >= match.start() - _REACH:
                date = dates[i]
                if not _GAP_ENDS_SENTENCE.search(text, date.end, match.start()):
                    _claim(by_date, date.start, label, date)
    found: dict[tuple[str, dt.date], Deadline] = {}
    since = _named_before(text, today) if page_date is None and by_date else None
    for _, label, date in sorted(by_date.values(), key=lambda hit: hit[0]):
        if _SUPERSEDED.search(text, max(0, date.start - 40), date.start):
            continue
        when = date.date or _year_of(date, page_date, today, since)
        if when and (label, when) not in found:
            found[(label, when)] = Deadline(label, when, person)
    return list(found.values())


def _near(phrase: re.Pattern[str], text: str, spans: list[range]) -> Iterator[re.Match[str]]:
    for span in spans:
        yield from phrase.finditer(text, span.start, span.stop)


def _named_before(text: str, today: dt.date | None) -> dt.date | None:
    """The latest moment up to ``today`` that ``text`` names with a year."""
    if today is None:
        return None
    return max((a.date for a in find_anchors(text) if a.date <= today), default=None)


def _year_of(
    date: DateMatch, page_date: dt.date | None, today: dt.date | None, since: dt.date | None
) -> dt.date | None:
    """The year of a deadline written without one (see the module notes);
    ``since`` is the latest past moment an undated page names."""
    day, month = date.day, date.month
    if page_date is not None:
        return in_year_of(day, month, page_date, ahead=True)
    if today is None:
        return None
    ahead = in_year_of(day, month, since or today, ahead=True)
    if ahead is not None and ahead - today <= UNDATED_AHEAD:
        return ahead
    return in_year_of(day, month, today, ahead=False)


def _claim(
    by_date: dict[int, tuple[int, str, DateMatch]], at: int, label: str, date: DateMatch
) -> None:
    """The phrase told first names the date: "appeal hearing" is an appeal."""
    if date.start not in by_date or at < by_date[date.start][0]:
        by_date[date.start] = (at, label, date)

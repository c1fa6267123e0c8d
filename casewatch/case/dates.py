# ruff: noqa: RUF001, RUF003 -- Cyrillic letters are the data here
"""Dates as pages write them, in English, Russian and Belarusian.

A regular-expression front end covers the forms these pages use
("1 April 2020", "September 28, 2021", "28 верасня 2021", "28.09.2021",
"2021-09-28"); it is about a hundred times faster than dateparser over a whole
page and never guesses relative dates ("tomorrow") or missing years.
:func:`parse_date` falls back to dateparser for a single field value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from casewatch.case.words import Words

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        # nominative, genitive, then the locative of "in May 2021" ("в мае", "у траўні")
        "january jan январь января январе студзень студзеня студзені",
        "february feb февраль февраля феврале люты лютага лютым",
        "march mar март марта марте сакавік сакавіка сакавіку",
        "april apr апрель апреля апреле красавік красавіка красавіку",
        "may май мая мае травень траўня траўні",
        "june jun июнь июня июне чэрвень чэрвеня чэрвені",
        "july jul июль июля июле ліпень ліпеня ліпені",
        "august aug август августа августе жнівень жніўня жніўні",
        "september sep sept сентябрь сентября сентябре верасень верасня верасні",
        "october oct октябрь октября октябре кастрычнік кастрычніка кастрычніку",
        "november nov ноябрь ноября ноябре лістапад лістапада лістападзе",
        "december dec декабрь декабря декабре снежань снежня снежні",
    ),
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names.split(), _number))

_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?<![\w.]){_DAY}[^\S\n]+(?:of[^\S\n]+)?{_MONTH}(?:,?[^\S\n]*{_YEAR})?(?!\w)",
        # any word, then checked against the month names (faster than an alternation)
        rf"(?<!\w)(?P<month>[^\W\d_]{{3,12}})\.?[^\S\n]+{_DAY}(?:,?[^\S\n]*{_YEAR})?(?!\w)",
        rf"(?<![\w./-]){_YEAR}-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?![\w/-])",
        rf"(?<![\w./-])(?P<day>[0-3]?\d)([./])(?P<mnum>[01]?\d)\2{_YEAR}(?![\w/]|\.\d)",
    )
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text; ``date`` is None when the text gives no year."""

    date: dt.date | None
    start: int
    end: int
    day: int
    month: int


# Every date has a digit, and no date reaches further than this from one.
_DIGITS = re.compile(r"\d+")
_DIGIT_REACH = 40


def spans_around(starts_ends: Iterable[tuple[int, int]], reach: int, size: int) -> list[range]:
    """The spans within ``reach`` characters of the given (start, end)
    spans (in order), merged where they touch, clipped to ``size``."""
    spans: list[range] = []
    for start, end in starts_ends:
        low, high = max(0, start - reach), min(size, end + reach)
        if spans and low <= spans[-1].stop:
            spans[-1] = range(spans[-1].start, max(high, spans[-1].stop))
        else:
            spans.append(range(low, high))
    return spans


def near_digits(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match holds a
    digit and lies within 40 characters of it: only the text near digits is
    searched (long prose without numbers costs one scan for digits)."""
    for span in _digit_spans(text):
        yield from pattern.finditer(text, span.start, span.stop)


@lru_cache(maxsize=4)
def _digit_spans(text: str) -> tuple[range, ...]:
    found = ((m.start(), m.end()) for m in _DIGITS.finditer(text))
    return tuple(spans_around(found, _DIGIT_REACH, len(text)))


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, by position; a span claimed once is not reread.

    Linear in the length of the text: claimed spans are marked in a byte map,
    and only the text near digits is searched. The last few texts' dates are
    kept: the readers ask for the same page's dates more than once.
    """
    return list(_find_dates(text))


@lru_cache(maxsize=4)
def _find_dates(text: str) -> tuple[DateMatch, ...]:
    found: list[DateMatch] = []
    claimed = bytearray(len(text) + 1)
    for pattern in _PATTERNS:
        for match in near_digits(pattern, text):
            if claimed.find(1, match.start(), match.end()) != -1:
                continue
            date = _to_date(match)
            if date:
                found.append(date)
                claimed[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return tuple(sorted(found, key=lambda d: d.start))


def in_year_of(day: int, month: int, page_date: dt.date, *, ahead: bool) -> dt.date | None:
    """A date written without its year, read against the page's own date.

    ``ahead``: the date announces something to come (a hearing, an expiry), so
    it is the first such day from shortly before the page's date on; else it
    tells what happened, the last such day up to shortly after the page's date.
    """
    for year in (page_date.year - 1, page_date.year, page_date.year + 1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if ahead and date >= page_date - _SLACK:
            return date
        if not ahead and date > page_date + _SLACK:
            return _previous(day, month, year)
    return None if ahead else _previous(day, month, page_date.year + 2)


def _previous(day: int, month: int, year: int) -> dt.date | None:
    for earlier in range(year - 1, year - 5, -1):
        try:
            return dt.date(earlier, month, day)
        except ValueError:  # 29 February
            continue
    return None


_SLACK = dt.timedelta(days=7)


def _to_date(match: re.Match[str]) -> DateMatch | None:
    groups = match.groupdict()
    if groups.get("mnum"):
        month = int(groups["mnum"])
    elif groups["month"].lower() in _MONTHS:
        month = _MONTHS[groups["month"].lower()]
    else:
        return None
    day = int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else None
    try:
        date = dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 Feb ok
    except ValueError:
        return None
    return DateMatch(date if year else None, match.start(), match.end(), day, month)


@dataclass(frozen=True)
class Anchor:
    """A moment the text names: a date, a month of a year, or a year alone.
    ``key`` is (year, month, day), 0 where the text does not say."""

    start: int
    end: int
    key: tuple[int, int, int]

    @property
    def date(self) -> dt.date:
        year, month, day = self.key
        return dt.date(year, month or 1, day or 1)


_MONTH_YEAR = re.compile(rf"(?<!\w){_MONTH}[^\S\n]+(?:of[^\S\n]+)?{_YEAR}(?!\w)", re.I)
# A year alone dates a statement only as a time adverbial ("in 2015", "в 2020 году",
# "since 2019"), not as part of a name ("the 2020 elections", "выборах 2020 года").
_YEAR_ALONE = re.compile(
    r"(?<!\w)(?:in|since|by|during|from|until|в|во|с|со|у|з|да|до|к|ў)[^\S\n]+"
    r"(?P<year>19[5-9]\d|20[0-4]\d)(?![\d%/-]|\.\d)",
    re.IGNORECASE,
)
_NOW_WORDS = Words(
    *("today", "yesterday", "this week"),
    "on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    *("сегодня", "вчера", "сёння", "учора", "ўчора"),
)


def find_anchors(text: str, page_date: dt.date | None = None) -> list[Anchor]:
    """The moments ``text`` names, by position. Dates without a year are read
    against ``page_date`` as past events, and so are "today", "yesterday",
    "on Tuesday"; without a page date they are left out."""
    anchors: list[Anchor] = []
    claimed = bytearray(len(text) + 1)

    def add(start: int, end: int, key: tuple[int, int, int]) -> None:
        anchors.append(Anchor(start, end, key))
        claimed[start:end] = b"\x01" * (end - start)

    for found in find_dates(text):
        date = found.date
        if date is None and page_date is not None:
            date = in_year_of(found.day, found.month, page_date, ahead=False)
        if date is not None:
            add(found.start, found.end, (date.year, date.month, date.day))
        else:
            claimed[found.start : found.end] = b"\x01" * (found.end - found.start)
    for match in near_digits(_MONTH_YEAR, text):
        if claimed.find(1, match.start(), match.end()) == -1:
            add(
                match.start(), match.end(), (int(match["year"]), _MONTHS[match["month"].lower()], 0)
            )
    for match in near_digits(_YEAR_ALONE, text):
        if claimed.find(1, match.start(), match.end()) == -1:
            add(match.start(), match.end(), (int(match["year"]), 0, 0))
    if page_date is not None:
        for start, end in _NOW_WORDS.spans(text):
            add(start, end, (page_date.year, page_date.month, page_date.day))
    return sorted(anchors, key=lambda a: a.start)


def iter_full_dates(text: str) -> Iterator[DateMatch]:
    """The dates of ``text`` that state their year."""
    return (d for d in find_dates(text) if d.date)


def parse_date(value: str) -> dt.date | None:
    """The first dated date in ``value``; dateparser reads what the regexes miss."""
    first = next(iter_full_dates(value), None)
    if first:
        return first.date
    if not re.search(r"\d{4}", value):
        return None  # no year: never let dateparser guess one
    import dateparser  # slow to import; rarely needed

    parsed = dateparser.parse(
        value,
        languages=["en", "ru", "be"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PARSERS": ["absolute-time", "custom-formats"],
        },
    )
    return parsed.date() if parsed else None

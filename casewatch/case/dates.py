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
from collections.abc import Iterator
from dataclasses import dataclass

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan январь января студзень студзеня",
        "february feb февраль февраля люты лютага",
        "march mar март марта сакавік сакавіка",
        "april apr апрель апреля красавік красавіка",
        "may май мая травень траўня",
        "june jun июнь июня чэрвень чэрвеня",
        "july jul июль июля ліпень ліпеня",
        "august aug август августа жнівень жніўня",
        "september sep sept сентябрь сентября верасень верасня",
        "october oct октябрь октября кастрычнік кастрычніка",
        "november nov ноябрь ноября лістапад лістапада",
        "december dec декабрь декабря снежань снежня",
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
        rf"(?<!\w){_MONTH}[^\S\n]+{_DAY}(?:,?[^\S\n]*{_YEAR})?(?!\w)",
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


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, by position; a span claimed once is not reread."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            date = _to_date(match)
            if date:
                found.append(date)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def _to_date(match: re.Match[str]) -> DateMatch | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
    day = int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else None
    try:
        date = dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 Feb ok
    except ValueError:
        return None
    return DateMatch(date if year else None, match.start(), match.end(), day, month)


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

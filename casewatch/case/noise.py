# ruff: noqa: RUF001 -- Cyrillic letters and typographic quotes are the data here
"""Page furniture that changes without news: counters and stamps.

Each pattern takes the number together with the words that say what it
counts, so that no other number on the page (a sentence of 11 years, 712
signatures, a date in a sentence) is ever removed.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.MULTILINE
# Blanks within one line: a counter never spans lines, and letting it would
# swallow the year ending the line above ("… 18 November 2020\nShare 1.2K").
_S = r"[^\S\n]"
_NUMBER = r"\d[\d,.\u00a0\u202f ]*\d[KkMmкК]?|\d[KkMmкК]?"
_DATE = (
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[^\W\d_]+\.?,?\s+\d{4}"
    r"|[^\W\d_]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
_TIME = r"(?:,?\s*(?:at|в|а)?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)"

DAY_COUNTER = re.compile(
    rf"(?:{_NUMBER}){_S}+(?:days?|дн(?:ей|я|ь)|дзён|дзень|дні){_S}+"
    # Only the counters' own wording: "20 days in detention" is a fact.
    r"(?:behind bars|in captivity|за решёткой|за решеткой|в неволе|за кратамі|у няволі)",
    _FLAGS,
)
UPDATED_STAMP = re.compile(
    r"\b(?:last\s+)?(?:updated|modified|обновлено|изменено|абноўлена|зменена)"
    rf"(?:\s+on)?\s*:?\s*(?:{_DATE}{_TIME}?|\d{{1,2}}:\d{{2}}|(?:{_NUMBER})\s+"
    r"(?:minutes?|hours?|days?|мин\w*|час\w*|дн\w*|хвіл\w*|гадзін\w*|дзён)\s+(?:ago|назад|таму))",
    _FLAGS,
)
_COUNTED = (
    r"shares?|likes?|comments?|views?|reads?|reposts?|retweets?|просмотр\w*|прагляд\w*"
    r"|репост\w*|лайк\w*|комментар\w*|каментар\w*|поделил\w*"
)
SOCIAL_COUNT = re.compile(
    rf"(?<![\w.,])(?:{_NUMBER}){_S}*(?:{_COUNTED})\b"
    rf"|\b(?:{_COUNTED}){_S}*:?{_S}*(?:{_NUMBER})(?![\w.,])"
    rf"|\bviewed{_S}+(?:{_NUMBER}){_S}+times\b",
    _FLAGS,
)

# "Posted 2 hours ago", "5 minutes ago", "Опубликовано 3 часа назад", "3 гадзіны таму":
# stamps that change with the clock, not with the page. Units up to weeks only:
# "arrested 3 years ago" is prose.
RELATIVE_STAMP = re.compile(
    r"(?:\b(?:posted|published|updated|added|edited|опубликовано|обновлено|добавлено"
    rf"|апублікавана|абноўлена|дададзена|размешчана){_S}*:?{_S}*)?"
    rf"(?<![\w.,])(?:(?:{_NUMBER}|an?|one){_S}+)?"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|секунд\w*|минут\w*|мин\.?"
    r"|час\w*|дн(?:я|ей|ь)|день|недел\w*|хвілін\w*|гадзін\w*|дзён|дні|дзень|тыдн\w*|тыдзень)"
    rf"{_S}+(?:ago|назад|таму)\b",
    _FLAGS,
)

# What each built-in pattern cannot match without, so that a long page is
# searched only where it may match: a digit close by (every match holds one,
# within 40 characters of it), or one of a few words (lower case).
NEAR_A_DIGIT = "a digit"
NEEDS: dict[re.Pattern[str], str | tuple[str, ...]] = {
    DAY_COUNTER: NEAR_A_DIGIT,
    UPDATED_STAMP: NEAR_A_DIGIT,
    SOCIAL_COUNT: NEAR_A_DIGIT,
    RELATIVE_STAMP: ("ago", "назад", "таму"),
}

COMMON_NOISE: tuple[re.Pattern[str], ...] = (
    DAY_COUNTER,
    UPDATED_STAMP,
    RELATIVE_STAMP,
    SOCIAL_COUNT,
)

"""The date a page was written, which dates its undated statements.

From the HTML's metadata when there is any (htmldate reads the usual
publication-date markup), else from the text: a labelled date ("Date: 3 July
2014", "Опубликовано 12.03.2021"), a line near the top that is just a date or
a time stamp ("30.07.2019 16:52 Society", "2013-08-29T13:20:54+0300").
"Print out" dates tell when someone printed the page, not when it was written.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from casewatch.case.dates import find_dates

log = logging.getLogger(__name__)

_HEAD_LINES = 40
_HEAD_CHARS = 4000
_ISO_STAMP = re.compile(r"(?<!\d)((?:19|20)\d\d)-([01]\d)-([0-3]\d)T\d\d:\d\d")
_LABEL = re.compile(
    r"(?:\bdate|\bpublished|\bposted|опубликовано|дата|апублікавана|надрукавана)\W{0,3}$",
    re.IGNORECASE,
)
# Dates of something else: a print-out, a table cell, a labelled event of the case.
_NOT_WRITTEN = re.compile(
    r"\bprint|печат|друк|\||detention|arrest|birth|born|release|sentence|trial|hearing|deadline"
    r"|until|задерж|арест|рожд|освобожд|приговор|суд|нарадж|затрым|арышт|вызвал|прысуд",
    re.IGNORECASE,
)
_SHORT_REST = 30  # a date line holds little besides its date: a time, a rubric


def page_date_in_text(text: str) -> dt.date | None:
    """The page's own date as its text states it near the top, if it does."""
    for line in text[:_HEAD_CHARS].split("\n")[:_HEAD_LINES]:
        if _NOT_WRITTEN.search(line):
            continue
        stamp = _ISO_STAMP.search(line)
        if stamp:
            return _date(*map(int, stamp.groups()))
        for found in find_dates(line):
            if found.date is None:
                continue
            if _LABEL.search(line, 0, found.start) or len(line) - (found.end - found.start) <= (
                _SHORT_REST
            ):
                return found.date
    return None


_METADATA = re.compile(r"<meta\b|<time\b|datePublished|dateCreated", re.IGNORECASE)


def page_date_in_html(html: str) -> dt.date | None:
    """The publication date in the page's metadata (htmldate), if any."""
    if not _METADATA.search(html):
        return None  # nothing htmldate reads without guessing from the text
    try:
        from htmldate import find_date  # imported on use: a heavy import

        # htmldate logs the markup it cannot use as errors: they are not ours.
        logging.getLogger("htmldate").setLevel(logging.CRITICAL)
        found = find_date(html, extensive_search=False, original_date=True)
    except Exception:  # htmldate reads arbitrary markup; never fail a check over it
        log.debug("htmldate failed", exc_info=True)
        return None
    return dt.date.fromisoformat(found) if found else None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

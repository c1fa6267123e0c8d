"""Reading a fetched answer: from the bytes the spider got to an Observation.

This is the one entry point from "what the server sent" to "what the page
says"; it runs outside Scrapy's reactor (casewatch.spiders.crawl). A page
that answers but cannot be read is :class:`Unreadable`, and the recorder
counts it as a failed check, never as an empty page (SPEC §3).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterable

from casewatch.case.charset import decode_page
from casewatch.case.kinds import KINDS
from casewatch.case.observation import Observation, Unreadable
from casewatch.case.pagedate import page_date_in_html, page_date_in_text
from casewatch.case.people import PeopleIndex
from casewatch.case.text import content_hash, html_to_text, remove_noise

log = logging.getLogger(__name__)

# Content types read as HTML; no Content-Type at all is read as HTML too.
_TEXT_TYPES = ("html", "xml", "text/")
_PDF = "application/pdf"


def read_page(
    body: bytes,
    content_type: str | None,
    encoding: str | None,
    select: str | None,
    kind: str,
    ignore: Iterable[re.Pattern[str]],
    people: PeopleIndex,
    *,
    today: dt.date | None = None,
    subject: str | None = None,
) -> Observation:
    """What the page ``body`` says, read as a ``kind`` page.

    ``encoding`` is the one Scrapy detected (None for non-text answers),
    used unless the bytes show it is wrong (:mod:`casewatch.case.charset`);
    ``select`` is the source's CSS selector, ``ignore`` its noise patterns;
    ``today`` is the day of the check in the configured time zone and
    ``subject`` the source's one configured person (see :meth:`Kind.read`).
    HTML and XHTML are read as markup, a PDF (an Urgent Action is often
    published as one) as its text, line by line. Raises :class:`Unreadable`
    when no watched text can be had.
    """
    page_date = None
    if _PDF in (content_type or "").lower() or body[:5] == b"%PDF-":
        text = pdf_to_text(body)
    elif any(t in (content_type or "html").lower() for t in _TEXT_TYPES):
        html = decode_page(body, encoding)
        text = html_to_text(html, select)
        page_date = page_date_in_html(html) if text else None
    else:
        raise Unreadable(f"not a web page ({content_type})")
    if not text:
        if select:
            raise Unreadable(f"selector {select!r} matched nothing: has the page changed?")
        raise Unreadable("the page has no readable text")
    return observe(text, kind, ignore, people, page_date=page_date, today=today, subject=subject)


def pdf_to_text(body: bytes) -> str:
    """The text of a PDF, one line per line of the page (pypdf); "" if it has none.

    Raises :class:`Unreadable` when the PDF cannot be opened at all.
    """
    from pypdf import PdfReader  # imported on use: most pages are HTML
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(body))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise Unreadable(f"the PDF cannot be read: {error}") from error
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for page in pages for line in page.split("\n"))
    return "\n".join(line for line in lines if line)


def observe(
    text: str,
    kind: str,
    ignore: Iterable[re.Pattern[str]],
    people: PeopleIndex,
    *,
    page_date: dt.date | None = None,
    today: dt.date | None = None,
    subject: str | None = None,
) -> Observation:
    """The watched ``text`` without noise, and the facts the ``kind`` reader
    finds in it. Raises :class:`Unreadable` when nothing is left or the
    reader fails (a failed check, not a page without facts).

    The page's date is resolved here, once, for every reader: ``page_date``
    (the HTML's metadata), else the date the text states near its top, else
    None (the readers then fall back on ``today`` or leave dates out).
    """
    extractor = KINDS[kind]
    cleaned = remove_noise(text, (*extractor.noise, *ignore))
    if not cleaned:
        raise Unreadable("nothing is left of the page once noise is removed")
    page_date = page_date or page_date_in_text(cleaned)
    try:
        facts = extractor.read(cleaned, people, page_date, today, subject)
    except Exception as error:
        log.exception("the %s reader failed on a page", kind)
        raise Unreadable(f"the {kind} reader failed: {error.__class__.__name__}") from error
    return Observation(cleaned, content_hash(cleaned), facts, extractor.listing)

"""Reading a fetched answer: from the bytes the spider got to an Observation.

This is the one entry point from "what the server sent" to "what the page
says"; it runs outside Scrapy's reactor (casewatch.spiders.crawl). A page
that answers but cannot be read is :class:`Unreadable`, and the recorder
counts it as a failed check, never as an empty page (SPEC §3).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from casewatch.case.facts import Facts
from casewatch.case.kinds import KINDS
from casewatch.case.people import PeopleIndex
from casewatch.case.text import content_hash, html_to_text, remove_noise

log = logging.getLogger(__name__)

# Content types read as HTML; no Content-Type at all is read as HTML too.
_TEXT_TYPES = ("html", "xml", "text/")


class Unreadable(ValueError):
    """The page answered but yields no text: empty, not a web page, markup
    the parser refuses, a ``select`` that matches nothing, a reader error."""


@dataclass(frozen=True)
class Observation:
    """A source's watched text after noise removal, and what it says."""

    text: str
    hash: str
    facts: Facts
    listing: bool = False  # the source lists people: leaving it is news


def read_page(
    body: bytes,
    content_type: str | None,
    encoding: str | None,
    select: str | None,
    kind: str,
    ignore: Iterable[re.Pattern[str]],
    people: PeopleIndex,
) -> Observation:
    """What the page ``body`` says, read as a ``kind`` page.

    ``encoding`` is the one Scrapy detected (None for non-text answers);
    ``select`` is the source's CSS selector, ``ignore`` its noise patterns.
    Raises :class:`Unreadable` when no watched text can be had.
    """
    if not any(t in (content_type or "html").lower() for t in _TEXT_TYPES):
        raise Unreadable(f"not a web page ({content_type})")
    html = body.decode(encoding or "utf-8", errors="replace")
    text = html_to_text(html, select)
    if not text:
        if select:
            raise Unreadable(f"selector {select!r} matched nothing: has the page changed?")
        raise Unreadable("the page has no readable text")
    return observe(text, kind, ignore, people)


def observe(
    text: str, kind: str, ignore: Iterable[re.Pattern[str]], people: PeopleIndex
) -> Observation:
    """The watched ``text`` without noise, and the facts the ``kind`` reader
    finds in it. Raises :class:`Unreadable` when nothing is left or the
    reader fails (a failed check, not a page without facts)."""
    extractor = KINDS[kind]
    cleaned = remove_noise(text, (*extractor.noise, *ignore))
    if not cleaned:
        raise Unreadable("nothing is left of the page once noise is removed")
    try:
        facts = extractor.read(cleaned, people)
    except Exception as error:
        log.exception("the %s reader failed on a page", kind)
        raise Unreadable(f"the {kind} reader failed: {error.__class__.__name__}") from error
    return Observation(cleaned, content_hash(cleaned), facts, extractor.listing)

"""The contract every source kind fulfils."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from casewatch.case.facts import Facts
from casewatch.case.noise import COMMON_NOISE
from casewatch.case.people import PeopleIndex


class Kind:
    """Reads one kind of page. Subclasses set ``name``, implement ``read`` and
    may extend ``noise``.

    ``read`` is a pure function over the watched text; a page that breaks a
    reader is a failed check (:func:`casewatch.case.reading.observe`), never a
    page without facts.
    """

    name: ClassVar[str]
    # Built-in noise for this kind: removed before comparing, like ``ignore``.
    noise: ClassVar[tuple[re.Pattern[str], ...]] = COMMON_NOISE
    # On a list of prisoners, dropping off the list is news; on other pages
    # a person simply not being mentioned this time says nothing.
    listing: ClassVar[bool] = False

    def read(
        self,
        text: str,
        people: PeopleIndex,
        page_date: dt.date | None = None,
        today: dt.date | None = None,
        subject: str | None = None,
    ) -> Facts:
        """The facts of ``text``. ``page_date`` is the page's own date, as
        :func:`casewatch.case.reading.observe` resolved it (metadata, else the
        text's date line), None if the page has none; ``today``
        is the day of the check in the configured time zone, which dates what
        the page leaves undated; ``subject`` is the source's one configured
        person, if it has exactly one."""
        raise NotImplementedError

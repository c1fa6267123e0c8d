"""What reading a page gives: an :class:`Observation`, or :class:`Unreadable`.

Kept apart from the readers (``casewatch.case.reading``) so that the decision
and the recorder can name them without loading the readers: a run whose
pages all answer "304 not modified" reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from casewatch.case.facts import Facts


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

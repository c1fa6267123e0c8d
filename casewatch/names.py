"""What a user meant by a name typed on the command line or in a filter:
``run --source``, ``history --source`` and ``--person`` (and the API's
``?source=`` and ``?person=``).

A source is named in any letter case. A person is named by any alias or
spelling the case reader knows (:meth:`PeopleIndex.resolve`), and also by a
part of a name, such as the given name alone ("Maryia") or the start of a
word ("Kalesn"), when only one watched person fits. Anything else is a
:class:`UsageError` that names the candidates: the people a part fits, or
the names closest in spelling (:func:`difflib.get_close_matches`), or,
failing those, the names there are.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from unidecode import unidecode

from casewatch.config import Config
from casewatch.errors import UsageError

if TYPE_CHECKING:  # the name rules load only when a name is looked up
    from casewatch.case.people import PeopleIndex

MIN_PART = 3  # letters a part of a name needs to count
LISTED = 8  # names listed when nothing is close


def source_name(config: Config, typed: str) -> str:
    """The configured source ``typed`` names, in any letter case; UsageError
    naming the closest names (or those containing ``typed``) when none does."""
    names = [s.name for s in config.settings.sources]
    wanted = typed.strip().casefold()
    match = next((n for n in names if n.casefold() == wanted), None)
    if match is not None:
        return match
    containing = [n for n in names if len(wanted) >= MIN_PART and wanted in n.casefold()]
    raise UsageError(
        f"no source named {typed!r} in {config.path}"
        + _hint(typed, names, containing, "sources", unknown="no [[sources]] configured")
    )


def person_name(config: Config, people: PeopleIndex, typed: str) -> str:
    """The watched person ``typed`` names: any alias or spelling, or a part
    of one that fits only them; UsageError naming the candidates otherwise."""
    found = people.resolve(typed)
    if found is not None:
        return found
    spellings = {p.name: [p.name, *p.aliases] for p in config.settings.people}
    fits = [name for name, spelt in spellings.items() if _part_of(typed, spelt)]
    if len(fits) == 1:
        return fits[0]
    if fits:
        listed = ", ".join(map(repr, fits))
        raise UsageError(f"person {typed!r} could be any of {listed}: say which")
    # Close to a whole spelling, or to one word of one ("Maryja", "Kolesnikov").
    owner = {
        part: name
        for name, spelt in spellings.items()
        for spelling in spelt
        for part in (spelling, *spelling.split())
        if len(part) >= MIN_PART
    }
    canonical = list(dict.fromkeys(owner[s] for s in _close(typed, list(owner))))
    raise UsageError(
        f"person {typed!r} matches no watched person"
        + _hint(typed, list(spellings), canonical, "people", unknown="no [[people]] configured")
    )


def _fold(text: str) -> str:
    """Letter case and script aside: "Калеснікава" and "kalesnikava" alike."""
    return unidecode(text).casefold()


def _part_of(typed: str, spellings: Iterable[str]) -> bool:
    """Whether ``typed`` is a whole word of a spelling ("Maryia"), the start
    of one ("Kalesn"), or a run of whole words ("Maria Kolesnikova")."""
    wanted = _fold(typed).split()
    if not wanted or sum(map(len, wanted)) < MIN_PART:
        return False
    for spelling in spellings:
        words = _fold(spelling).split()
        for start in range(len(words) - len(wanted) + 1):
            window = words[start : start + len(wanted)]
            if window[:-1] == wanted[:-1] and window[-1].startswith(wanted[-1]):
                return True
    return False


def _close(typed: str, names: list[str]) -> list[str]:
    """The names closest to ``typed`` in spelling, whatever the letter case
    and script."""
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(_fold(name), name)
    close = difflib.get_close_matches(_fold(typed), list(folded), n=3, cutoff=0.6)
    return [folded[c] for c in close]


def _hint(typed: str, names: list[str], likely: list[str], what: str, *, unknown: str) -> str:
    """ " (did you mean …?)" or " (the sources are …)"."""
    if not names:
        return f" ({unknown})"
    suggested = list(dict.fromkeys([*likely, *_close(typed, names)]))
    if suggested:
        return f" (did you mean {' or '.join(map(repr, suggested[:3]))}?)"
    listed = ", ".join(map(repr, names[:LISTED]))
    more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
    return f" (the {what} are {listed}{more})"

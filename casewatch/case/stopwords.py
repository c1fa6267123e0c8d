"""Capitalised words that stand before names without being given names.

"President Lukashenka", "lawyer Labkovich", "Палітвязень Бяляцкі": a word
like these next to a surname says nothing about whose surname it is, while
any other capitalised word there is taken for someone's given name.
"""

from __future__ import annotations

from casewatch.case.phonetic import fold

# English, compared whole (folded to lower-case ASCII).
_WORDS = frozenset(
    """
    a an and as at by for from in of on or the to with after before since when while
    if but so that this these those who whom whose which where then yesterday today
    tomorrow now also mr mrs ms miss dr dear sir madam president ambassador
    prosecutor general judge lawyer attorney activist defender prisoner chair
    chairman chairperson chairwoman deputy vice head coordinator volunteer
    journalist blogger musician leader opposition candidate politician member
    founder director editor belarusian belarus minsk russian viasna amnesty
    international urgent action free release political conscience human rights court
    supreme regional name names update further information january february march
    april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday
    """.split()  # noqa: SIM905
)

# Russian and Belarusian titles, matched as folded prefixes to cover declension.
_PREFIXES = (
    "politzakliuch",  # политзаключенный
    "palitviazn",  # палітвязень
    "pravazashchit",
    "pravozashchit",
    "pravaabaron",
    "advokat",
    "zhurnalist",
    "aktivist",
    "lider",
    "kandidat",
    "kaardynatar",
    "koordinator",
    "predsedatel",
    "starshyn",
    "namesnik",
    "zamestitel",
    "gospod",
    "spadar",
    "prezident",
    "prezydent",
    "svobod",  # "Свободу Колесниковой!"
    "volia",
    "belorus",
    "belarus",
    "sud",
    "muzykant",
)


def is_title_word(word: str) -> bool:
    folded = fold(word)
    return folded in _WORDS or folded.startswith(_PREFIXES)

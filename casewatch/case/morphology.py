# ruff: noqa: RUF001 -- Cyrillic letters are the data here
"""Russian (and Ukrainian) morphology for name words, via pymorphy3.

Declined Russian names change their stems in ways that phonetic keys cannot
undo: fleeting vowels (Северинец → Северинца, Павел → Павла), and masculine
genitives that look feminine (Игоря Жильникова is Zhylnikau, not a woman).
pymorphy3's dictionaries give each form's lemma and gender. Belarusian has no
pymorphy3 dictionary; the phonetic keys and the given-name table cover it.

The analysers are loaded once per process, on first use (about 0.1-0.2 s);
:func:`load_seconds` reports how long that took.
"""

from __future__ import annotations

import re
import time
from functools import cache, lru_cache
from typing import Any

_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_NAME_TAGS = frozenset(("Surn", "Name", "Patr"))
_MAX_PARSES = 4
_LOAD: dict[str, float] = {}


@cache
def _analyser() -> Any:
    """The Russian analyser (pymorphy3 + pymorphy3-dicts-ru), loaded once."""
    start = time.perf_counter()
    import pymorphy3

    analyser = pymorphy3.MorphAnalyzer(lang="ru")
    _LOAD["ru"] = time.perf_counter() - start
    return analyser


def load_seconds() -> float:
    """Seconds spent loading the analyser in this process (loads it if needed)."""
    _analyser()
    return _LOAD["ru"]


@lru_cache(maxsize=65536)
def name_lemmas(word: str) -> tuple[str, ...]:
    """Dictionary forms of a Russian name word: "Северинца" → ("северинец",).

    Only readings of a person's word (surname, given name, patronymic, or an
    animate masculine noun, which covers surnames the dictionary lacks) count;
    an empty tuple for Latin words or when nothing fits.
    """
    if not _CYRILLIC.search(word):
        return ()
    lemmas: list[str] = []
    for parse in _analyser().parse(word)[:_MAX_PARSES]:
        tag = parse.tag
        if (_NAME_TAGS & tag.grammemes or {"anim", "masc"} <= tag.grammemes) and (
            parse.normal_form not in lemmas
        ):
            lemmas.append(parse.normal_form)
    return tuple(lemmas)


@lru_cache(maxsize=65536)
def may_be_masculine(word: str) -> bool:
    """A Russian reading of ``word`` is a masculine name ("Жильникова", genitive)."""
    if not _CYRILLIC.search(word):
        return False
    return any(
        "masc" in p.tag.grammemes and _NAME_TAGS & p.tag.grammemes
        for p in _analyser().parse(word)[:_MAX_PARSES]
    )

# ruff: noqa: RUF002, RUF003 -- Cyrillic letters and typographic quotes are the data here
"""Phonetic keys for names written in Latin or Cyrillic, in any transliteration.

The key of a word is meant to be equal for the usual spellings of one name
(Kalesnikava, Kolesnikova, Калеснікавай, Колесниковой -> ``kalesnikav``) and
different for different names. It is built in four steps:

1. fold: Łacinka diacritics spelled out, then unidecode, lower case, letters only;
2. spell: transliteration variants mapped to one letter (kh/h/g, ts/c, w/v ...),
   Belarusian/Russian vowel alternations reduced (akanne a/o, я/е);
3. squeeze: doubled letters collapsed;
4. stem: one case ending stripped (Бяляцкага, Беляцкого -> ``beleck``).

``ch``, ``sh`` and ``zh`` keep their own symbols (C, S, Z): spellings that drop
the háček (Stefanovic) are one edit away, handled by :func:`close`, while
Kalashnikov stays two edits from Kalesnikava.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

# Łacinka letters whose unidecode loses a distinction that names depend on.
_LACINKA = str.maketrans({"š": "sh", "č": "ch", "ž": "zh", "Š": "Sh", "Č": "Ch", "Ž": "Zh"})
_NOT_LETTER = re.compile(r"[^a-z]+")
# Persian and Azerbaijani final -eh/-e/-a are one sound: Mehralizadeh, Mehralizade.
_FINAL_EH = re.compile(r"(?<=[^aeiou])eh$")

# Longest first: the alternation takes the first that matches at a position.
_SPELLINGS = {
    "shch": "S",
    "sch": "S",
    "sts": "st",  # Belarusian сц = Russian ст (Сцяфановіч, Стефанович)
    "tch": "C",  # French/English -vitch
    "kh": "h",
    "ch": "C",
    "cz": "C",
    "sh": "S",
    "sz": "S",
    "zh": "Z",
    "ts": "c",
    "tz": "c",
    "dz": "d",  # Belarusian дз = Russian д (Uladzimir, Vladimir)
    "ph": "f",
    "x": "ks",
    "w": "v",
    "q": "k",
    "g": "h",  # Belarusian г is h (Homel, Siarhei); Russian г -> g
    "y": "i",
    "j": "i",
    "o": "a",  # akanne: Kalesnikava / Kolesnikova
}
_SPELLING = re.compile("|".join(sorted(_SPELLINGS, key=len, reverse=True)))
_VOWELS = "aeiu"
# Soft vowels after a consonant: Бяляцкі/Беляцкий, Kaliesnikava, Сяргей/Сергей.
_PALATAL = re.compile(r"(?<=[^aeiu])i([aeu])")
_PALATAL_VOWEL = {"a": "e", "e": "e", "u": "u"}
# ў and в after a vowel: Tsikhanouski / Tikhanovski, Krautsou / Kravtsov.
_U_AS_V = re.compile(r"(?<=[ae])u(?![aeiu])|^u(?=[^aeiu])")
_DOUBLE = re.compile(r"(.)\1+")

# Case endings of Russian and Belarusian surnames and given names, as spelled
# by the steps above (-ого/-ага -> aha, -ая/-ай/-ой -> aia/ai, ...).
_ENDINGS = sorted(
    "aha eha ama amu emu imi ami aia uiu aiu ai ei im am em ie ia a e i u".split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
_MIN_STEM = 3
# Endings that only a feminine adjectival surname takes (-ая, -ай, -ой, -ую).
FEMININE_ENDINGS = frozenset(("aia", "ai", "uiu", "aiu"))
MASCULINE_ENDINGS = frozenset(("i", "aha", "amu", "im", "am"))

# Letters that transliterations swap; an edit between them is "soft".
_CLASSES = ("cCt", "sS", "zZ", "aei", "uv", "hk")
_CLASS_OF = {ch: cls[0] for cls in _CLASSES for ch in cls}
_SOFT_INDELS = frozenset("aeiuvh")


def fold(word: str) -> str:
    folded = _NOT_LETTER.sub("", unidecode(word.translate(_LACINKA)).lower())
    return _FINAL_EH.sub("e", folded)


def spell(folded: str) -> str:
    key = _SPELLING.sub(lambda m: _SPELLINGS[m.group()], folded)
    key = _DOUBLE.sub(r"\1", key)
    key = _PALATAL.sub(lambda m: _PALATAL_VOWEL[m.group(1)], key)
    key = _U_AS_V.sub("v", key)
    return _DOUBLE.sub(r"\1", key)


@lru_cache(maxsize=65536)
def split_key(word: str) -> tuple[str, str]:
    """``(stem, ending)`` of ``word``'s phonetic key."""
    key = spell(fold(word))
    for ending in _ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return key[: -len(ending)], ending
    return key, ""


def key(word: str) -> str:
    return split_key(word)[0]


def bucket(key: str) -> str:
    """Keys that may be :func:`close` share a bucket (their first letter's class)."""
    return _CLASS_OF.get(key[0], key[0]) if key else ""


def allowed_edits(key: str) -> int:
    """How many soft edits a key of this length tolerates: short keys none."""
    return 0 if len(key) < 5 else 1 if len(key) < 12 else 2


def close(a: str, b: str, edits: int) -> bool:
    """At most ``edits`` edits between the keys, all of them plausible swaps.

    A plausible edit swaps letters of one class (c/ch/t, s/sh, a/e/i ...) or
    adds/drops a vowel, v or h; anything else (Stepanovich vs Stefanovich)
    is a different name.
    """
    if a == b:
        return True
    if abs(len(a) - len(b)) > edits or Levenshtein.distance(a, b) > edits:
        return False
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace":
            x, y = a[op.src_pos], b[op.dest_pos]
            if _CLASS_OF.get(x, x) != _CLASS_OF.get(y, y):
                return False
        else:
            letter = a[op.src_pos] if op.tag == "delete" else b[op.dest_pos]
            if letter not in _SOFT_INDELS:
                return False
    return True

# ruff: noqa: RUF003 -- Cyrillic letters are the data here
"""Whole words and phrases in any case, found quickly in long texts.

A case-insensitive alternation of words (``\\b(?:he|she|...)\\b``) is tried at
every position of the text, each word compared letter by letter in any case:
about 90 ns per character, and the readers ask it of every sentence of a
page. The same words in lower case, grouped by their first letter, searched
in the text lowered, let the regular-expression engine skip to the positions
that start with one of those letters: about five times faster, same answers.

The answers are the same because lowering a text that holds none of a few
odd letters keeps its length and its word characters, and turns each
character into the letter ``re.IGNORECASE`` compares it as
(:func:`lowers_simply`); a text holding one of them is searched with the
case-insensitive pattern itself. tests/test_quick_searches.py checks that over every
code point, and compares both searches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# The letters whose lower case is two characters (İ), or which re.IGNORECASE
# equates with a letter of another lower case (ı with i, ſ with s, the old
# Cyrillic forms ᲀ…ᲈ with в, д, о, с, т, ъ, ѣ, ꙋ).
_WORD_CHARACTER = r"\w"
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")


class Words:
    """The words ``alternatives`` as whole words in any case: what
    :attr:`pattern` (``\\b(?:a|b|...)\\b``, case-insensitive) finds. Each is a
    word or phrase in lower case, or a regular-expression fragment starting
    with a lower-case letter and without a ``|`` outside brackets. Raises
    ValueError for one that does not start with a lower-case letter."""

    def __init__(self, *alternatives: str) -> None:
        if not all(a[:1].isalpha() and a[:1].islower() for a in alternatives):
            raise ValueError("each alternative starts with a lower-case letter")
        self.pattern = re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.IGNORECASE)
        self._lowered = re.compile(f"(?:{by_first_letter(alternatives, _WORD_CHARACTER)})" + r"\b")

    def search(self, text: str) -> bool:
        """Whether ``text`` holds one of the words."""
        if lowers_simply(text):
            return self._lowered.search(text.lower()) is not None
        return self.pattern.search(text) is not None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each match of :attr:`pattern` in ``text``, in order."""
        if lowers_simply(text):
            return (match.span() for match in self._lowered.finditer(text.lower()))
        return (match.span() for match in self.pattern.finditer(text))


def by_first_letter(alternatives: Iterable[str], not_after: str) -> str:
    """``(?<!not_after)(?:a|b|...)`` written as an alternation grouped by first
    letter, ``a(?<!{not_after}.)(?:...)|b(?<!...)(?:...)``: the same matches
    (at one position only the alternatives of its letter can match, in their
    order), but the engine skips to the positions holding one of the first
    letters instead of trying the alternation at each. Each alternative starts
    with a letter (the first character is taken as it is)."""
    by_letter: dict[str, list[str]] = {}
    for alternative in alternatives:
        by_letter.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(
        rf"{first}(?<!{not_after}.)(?:{'|'.join(rests)})" for first, rests in by_letter.items()
    )


def lowers_simply(text: str) -> bool:
    """Whether ``text.lower()`` has the length of ``text``, the same word
    characters, and each letter as ``re.IGNORECASE`` compares it: then a
    lower-case word is in the lowered text where the case-insensitive
    pattern would find it."""
    return text.isascii() or _ODD_CASE.search(text) is None  # isascii: a flag, no scan

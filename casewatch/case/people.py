# ruff: noqa: RUF001 -- Cyrillic letters and typographic quotes are the data here
"""Finding watched people in page text, under any of their spellings.

A mention is anchored on the surname, compared by phonetic key
(:mod:`casewatch.case.phonetic`), so that Latin and Cyrillic spellings,
transliteration variants and declined forms all match. The words next to it
then decide whose surname it is:

- a given name (or initial) of a watched person with that surname, before or
  after it, possibly across a patronymic, confirms that person;
- a capitalised word there that is not a title, not a patronymic and not one of
  their given names is someone else's given name ("Nina Labkovich" is not
  Uladzimir Labkovich): no mention;
- a bare surname belongs to its only watched bearer. When several watched
  people share it (Viktor and Eduard Babaryka), feminine/masculine endings
  separate Tsikhanouskaya from Tsikhanousky; otherwise it refers to the one of
  them last named in full earlier in the same text, and without one it is
  dropped: casewatch never guesses between two people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from casewatch.case.phonetic import (
    FEMININE_ENDINGS,
    MASCULINE_ENDINGS,
    allowed_edits,
    bucket,
    close,
    fold,
    split_key,
)
from casewatch.case.stopwords import is_title_word


class PersonSpec(Protocol):
    """What the config says of a person: ``[[people]]`` name and aliases."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Person:
    """A plain :class:`PersonSpec`, for callers without a config object."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    person: str  # canonical name
    start: int
    end: int


@dataclass(frozen=True)
class _Spelling:
    """One way of writing a person's name, reduced to phonetic keys."""

    person: str
    given: frozenset[str]
    surname: str
    gender: str | None


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int

    @property
    def is_initial(self) -> bool:
        return len(self.text) == 1


_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_PATRONYMIC = re.compile(r"(?:ovich|evich|avich|ovna|evna|auna|ichna)$")
# What may separate the words of one name: blanks, or the dot of an initial.
_NAME_GAP = re.compile(r"[^\S\n]{1,3}")
_INITIAL_GAP = re.compile(r"\.[^\S\n]{0,3}")
_BEFORE = re.compile(r"([^\W\d_]+)(\.?[^\S\n]{0,3})$")
_AFTER = re.compile(r"(\.?[^\S\n]{0,3})([^\W\d_]+)")
_CACHE_LIMIT = 100_000


def _gender(stem: str, ending: str) -> str | None:
    if ending in FEMININE_ENDINGS:
        return "f"
    if ending in MASCULINE_ENDINGS:
        return "m"
    if stem.endswith(("v", "n")):  # -ov/-ev/-in surnames: Kolesnikov, Kolesnikova
        return {"a": "f", "": "m"}.get(ending)
    return None


def _spelling(person: str, spelling: str) -> _Spelling | None:
    if "," in spelling:  # "Kalesnikava, Maryia"
        surname, _, given = spelling.partition(",")
        words = [*_WORD.findall(given), *_WORD.findall(surname)]
    else:
        words = _WORD.findall(spelling)
    if not words:
        return None
    stem, ending = split_key(words[-1])
    given = frozenset(split_key(w)[0] for w in words[:-1] if not _PATRONYMIC.search(fold(w)))
    return _Spelling(person, given, stem, _gender(stem, ending))


def _is_patronymic(word: str) -> bool:
    return len(word) > 5 and bool(_PATRONYMIC.search(fold(word)))


def _is_name_like(word: str) -> bool:
    """Capitalised like a name: all-capital headings prove nothing."""
    return word[0].isupper() and not word.isupper() and not is_title_word(word)


class PeopleIndex:
    """Matches the configured people in text. Built once per config."""

    def __init__(self, people: Iterable[PersonSpec]) -> None:
        self._by_surname: dict[str, list[_Spelling]] = defaultdict(list)
        self._buckets: dict[str, set[str]] = defaultdict(set)
        self._exact: dict[str, str] = {}
        self._names: list[str] = []
        for person in people:
            self._names.append(person.name)
            for text in (person.name, *person.aliases):
                self._exact[text.casefold()] = person.name
                spelling = _spelling(person.name, text)
                if spelling and spelling not in self._by_surname[spelling.surname]:
                    self._by_surname[spelling.surname].append(spelling)
                    self._buckets[bucket(spelling.surname)].add(spelling.surname)
        self._surnames_of: dict[str, tuple[str, ...]] = {}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._names)

    def find(self, text: str) -> list[Mention]:
        hits = [w for w in set(_WORD.findall(text)) if self._surnames(w)]
        if not hits:
            return []
        alternation = "|".join(map(re.escape, sorted(hits, key=len, reverse=True)))
        pattern = re.compile(rf"(?<![\w'’ʼ])(?:{alternation})(?![\w'’ʼ])")
        mentions: list[Mention] = []
        last_named: dict[str, str] = {}  # surname key -> person last named in full
        for match in pattern.finditer(text):
            word = _Word(match.group(), match.start(), match.end())
            mention = self._mention(text, word, last_named)
            if mention:
                mentions.append(mention)
        return mentions

    def resolve(self, query: str) -> str | None:
        """The canonical name for ``query`` (any alias or spelling), if watched."""
        exact = self._exact.get(query.strip().casefold())
        if exact:
            return exact
        found = {m.person for m in self.find(query)}
        return found.pop() if len(found) == 1 else None

    def _surnames(self, word: str) -> tuple[str, ...]:
        """Watched surname keys that ``word`` may be a spelling of."""
        stem = split_key(_POSSESSIVE.sub("", word))[0]
        found = self._surnames_of.get(stem)
        if found is None:
            if len(self._surnames_of) > _CACHE_LIMIT:
                self._surnames_of.clear()
            edits = allowed_edits(stem)
            found = tuple(
                key
                for key in self._buckets.get(bucket(stem), ())
                if close(stem, key, min(edits, allowed_edits(key)))
            )
            self._surnames_of[stem] = found
        return found

    def _mention(self, text: str, word: _Word, last_named: dict[str, str]) -> Mention | None:
        surface = _POSSESSIVE.sub("", word.text)
        gender = _gender(*split_key(surface))
        spellings = [
            s
            for key in self._surnames(word.text)
            for s in self._by_surname[key]
            if gender is None or s.gender in (None, gender)
        ]
        if not spellings:
            return None
        end = word.start + len(surface)
        before = _words_before(text, word.start)
        after = _words_after(text, end)
        for near in (before, after):
            named = _named_by_given(spellings, near)
            if named:
                person, other = named
                for s in spellings:
                    last_named[s.surname] = person
                return Mention(person, min(word.start, other.start), max(end, other.end))
        if any(_is_name_like(w.text) for w in (*before[:1], *after[:1])):
            return None  # someone else's given name
        people = {s.person for s in spellings}
        if len(people) > 1:
            people &= {last_named.get(s.surname) for s in spellings}
        return Mention(people.pop(), word.start, end) if len(people) == 1 else None


def _named_by_given(spellings: list[_Spelling], near: list[_Word]) -> tuple[str, _Word] | None:
    """The one person whose given name (or initial) is among ``near``."""
    for word in near:
        stem = split_key(word.text)[0]
        if word.is_initial:
            people = {
                s.person for s in spellings if any(bucket(g) == bucket(stem) for g in s.given)
            }
        else:
            edits = allowed_edits(stem)
            people = {s.person for s in spellings if any(close(stem, g, edits) for g in s.given)}
        if len(people) == 1:
            return people.pop(), word
        if people or not _is_patronymic(word.text):
            return None
    return None


def _words_before(text: str, start: int) -> list[_Word]:
    """Up to two words of the same name right before ``start``, nearest first."""
    words: list[_Word] = []
    pos = start
    while len(words) < 2:
        match = _BEFORE.search(text, max(0, pos - 40), pos)
        if not match or not _joins(match.group(1), match.group(2)):
            break
        words.append(_Word(match.group(1), match.start(1), match.end(1)))
        pos = match.start(1)
    return words


def _words_after(text: str, end: int) -> list[_Word]:
    """Up to two words of the same name right after ``end``, nearest first."""
    words: list[_Word] = []
    pos, previous = end, ""
    while len(words) < 2:
        match = _AFTER.match(text, pos)
        if not match or not _joins(previous, match.group(1)):
            break
        words.append(_Word(match.group(2), match.start(2), match.end(2)))
        pos, previous = match.end(2), match.group(2)
    return words


def _joins(word: str, gap: str) -> bool:
    """``gap`` after ``word`` may separate two words of one name."""
    if _NAME_GAP.fullmatch(gap):
        return True
    return len(word) == 1 and bool(_INITIAL_GAP.fullmatch(gap))

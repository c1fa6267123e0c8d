# ruff: noqa: RUF001, RUF002, RUF003 -- Cyrillic letters and typographic quotes are the data here
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
  dropped: casewatch never guesses between two people;
- two given names before one surname name two people ("Stanislau and Illia
  Kostseu"), and a relative named by a given name right after a watched
  person ("the wife of Ihar Losik, Darya"; "Жонка Ігара Лосіка Дар'я") is the
  watched person of that given name and surname, if there is one.

Given names are compared more loosely than surnames (the surname already
matched), through a table of short and cross-language forms (Алесь is
Аляксандр, Зміцер is Дзмітры), and Russian forms are also looked up by their
dictionary lemma (:mod:`casewatch.case.morphology`): "Павла Северинца" is
Павел Северинец, "Игоря Жильникова" a man.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from casewatch.case.given_names import equivalent_keys
from casewatch.case.morphology import may_be_masculine, name_lemmas
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
from casewatch.case.words import by_first_letter


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
# "Stanislau and Illia Kostseu": the first given name, before the second.
_SHARED_SURNAME = re.compile(r"([^\W\d_]+)[^\S\n]*,?[^\S\n]+(?:and|и|і|та|&)[^\S\n]+$", re.I)
# Relatives: "Ihar Losik's wife, Darya"; "the wife of Ihar Losik, Darya";
# "жонка Ігара Лосіка Дар'я".
KIN = (
    r"sister|brother|mother|father|wife|husband|son|daughter|lawyer|attorney|relatives?"
    r"|family|colleagues?|partner|friends?|parents?|children|сестр\w*|брат\w*|мать|матер\w*"
    r"|отец|отц\w*|жен\w*|муж\w*|сын\w*|доч\w*|адвокат\w*|родствен\w*|родител\w*|семь\w*"
    r"|коллег\w*|сястр\w*|маці|бацьк\w*|жонк\w*|мужа|адвакат\w*|сваяк\w*|сям['’]\w*|калег\w*"
)
_RELATIVE_AFTER = re.compile(
    rf"['’]s[^\S\n]+(?:{KIN})[^\S\n]*,?[^\S\n]*([^\W\d_]+(?:['’ʼ][^\W\d_]+)?)", re.I
)
_RELATIVE_NEXT = re.compile(r"[^\S\n]*,?[^\S\n]*([^\W\d_]+(?:['’ʼ][^\W\d_]+)?)")
_KIN_BEFORE = re.compile(rf"\b(?:{KIN})[^\S\n]+(?:of[^\S\n]+)?(?:the[^\S\n]+)?$", re.I)


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
    given = frozenset(
        key
        for w in words[:-1]
        if not _PATRONYMIC.search(fold(w))
        for key in equivalent_keys(split_key(w)[0])
    )
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
        hits = [w for w in words_of(text) if self._surnames(w)]
        if not hits:
            return []
        longest_first = (re.escape(hit) for hit in sorted(hits, key=len, reverse=True))
        alternation = by_first_letter(longest_first, r"[\w'’ʼ]")
        pattern = re.compile(rf"(?:{alternation})(?![\w'’ʼ])")
        mentions: list[Mention] = []
        last_named: dict[str, str] = {}  # surname key -> person last named in full
        for match in pattern.finditer(text):
            word = _Word(match.group(), match.start(), match.end())
            mentions.extend(self._mention(text, word, last_named))
        return sorted(set(mentions), key=lambda m: (m.start, m.end))

    def resolve(self, query: str) -> str | None:
        """The canonical name for ``query`` (any alias or spelling), if watched."""
        exact = self._exact.get(query.strip().casefold())
        if exact:
            return exact
        found = {m.person for m in self.find(query)}
        return found.pop() if len(found) == 1 else None

    def _surnames(self, word: str) -> tuple[str, ...]:
        """Watched surname keys that ``word`` (or its Russian lemma) may spell."""
        word = _POSSESSIVE.sub("", word)
        found = self._surnames_by_key(split_key(word)[0])
        if found or len(word) < 4:
            return found
        keys = {split_key(lemma)[0] for lemma in name_lemmas(word)}
        return tuple(dict.fromkeys(k for key in keys for k in self._surnames_by_key(key)))

    def _surnames_by_key(self, stem: str) -> tuple[str, ...]:
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

    def _mention(self, text: str, word: _Word, last_named: dict[str, str]) -> list[Mention]:
        surface = _POSSESSIVE.sub("", word.text)
        spellings = [s for key in self._surnames(word.text) for s in self._by_surname[key]]
        if not spellings:
            return []
        end = word.start + len(surface)
        before = _words_before(text, word.start)
        after = _words_after(text, end)
        for near in (before, after):
            named = _named_by_given(spellings, near)
            if named:
                person, other = named
                for s in spellings:
                    last_named[s.surname] = person
                found = [Mention(person, min(word.start, other.start), max(end, other.end))]
                if near is before:
                    found += _shared_surname(text, spellings, person, other)
                return found + _relative(text, spellings, person, found[0])
        if before and _is_name_like(before[0].text):  # someone else's given name
            return _shared_surname(text, spellings, None, before[0])
        if after and _is_name_like(after[0].text):
            return []
        # A bare surname: its ending tells a man from a woman, unless a
        # Russian reading of it is masculine (genitive "Жильникова").
        gender = _gender(*split_key(surface))
        if gender == "f" and may_be_masculine(surface):
            gender = None
        people = {s.person for s in spellings if gender is None or s.gender in (None, gender)}
        if len(people) > 1:
            people &= {last_named.get(s.surname) for s in spellings}
        return [Mention(people.pop(), word.start, end)] if len(people) == 1 else []


def _given_of(spellings: list[_Spelling], word: _Word) -> set[str]:
    """The people among ``spellings`` whose given name (or initial) ``word`` is."""
    stem = split_key(word.text)[0]
    if word.is_initial:
        return {s.person for s in spellings if any(bucket(g) == bucket(stem) for g in s.given)}
    stems = {stem, *(split_key(lemma)[0] for lemma in name_lemmas(word.text))}
    return {
        s.person
        for s in spellings
        if any(close(k, g, _given_edits(k)) for k in stems for g in s.given)
    }


def _given_edits(key: str) -> int:
    """Given names are compared once the surname matched: a fleeting vowel or a
    soft ending may differ (Павла/Павал)."""
    return 0 if len(key) < 4 else 1 if len(key) < 8 else 2


def _named_by_given(spellings: list[_Spelling], near: list[_Word]) -> tuple[str, _Word] | None:
    """The one person whose given name (or initial) is among ``near``."""
    for word in near:
        people = _given_of(spellings, word)
        if len(people) == 1:
            return people.pop(), word
        if people or not _is_patronymic(word.text):
            return None
    return None


def _shared_surname(
    text: str, spellings: list[_Spelling], person: str | None, given: _Word
) -> list[Mention]:
    """ "Stanislau and Illia Kostseu": the other given name names its own person."""
    match = _SHARED_SURNAME.search(text, max(0, given.start - 40), given.start)
    if not match:
        return []
    first = _Word(match.group(1), match.start(1), match.end(1))
    others = _given_of(spellings, first) - {person}
    return [Mention(others.pop(), first.start, first.end)] if len(others) == 1 else []


def _relative(
    text: str, spellings: list[_Spelling], person: str, mention: Mention
) -> list[Mention]:
    """A relative named by a given name right after a watched person: the
    watched bearer of that given name and the same surname."""
    match = _RELATIVE_AFTER.match(text, mention.end)
    if not match and _KIN_BEFORE.search(text, max(0, mention.start - 30), mention.start):
        match = _RELATIVE_NEXT.match(text, mention.end)
    if not match or not match.group(1)[0].isupper():
        return []
    word = _Word(match.group(1), match.start(1), match.end(1))
    others = _given_of(spellings, word) - {person}
    return [Mention(others.pop(), word.start, word.end)] if len(others) == 1 else []


def words_of(text: str) -> set[str]:
    """The distinct words of ``text`` (what :data:`_WORD` finds), read from its
    distinct blank-separated tokens: a token of letters only is one word, the
    others are searched. A word never holds a blank, so it is the same set,
    found three times quicker on long prose."""
    tokens = set(text.split())
    found = {token for token in tokens if token.isalpha()}
    found.update(_WORD.findall(" ".join(token for token in tokens if not token.isalpha())))
    return found


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

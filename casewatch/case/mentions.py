# ruff: noqa: RUF001 -- Cyrillic letters and typographic quotes are the data here
"""Who a page talks about, and what it says of each of them.

The text is cut into sentences; a person's status is read from the sentences
that name them. A sentence that names nobody but uses a pronoun ("She was
detained") continues the last sentence that named exactly one watched person,
across paragraphs: enough coreference for the usual news and appeal prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from casewatch.case.facts import PersonFacts
from casewatch.case.people import Mention, PeopleIndex
from casewatch.case.status import classify

_SENTENCE_END = re.compile(r"[.!?…]+[\"”»)]?\s+")
# A dot after these does not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b[^\W\d_]|\b(?:Mr|Mrs|Ms|Dr|St|Vul|No|Art|art|vs|ул|ст|г|им|вул|арт))$"
)
_PRONOUN = re.compile(
    r"\b(?:he|she|his|her|him|он|она|его|её|ее|ей|ему|ён|яна|яго|яе|ёй|яму)\b",
    re.IGNORECASE,
)


# "Kalesnikava's sister was released", "сестра Марии Колесниковой задержана":
# the sentence is about someone else, and says nothing of the person's status.
_KIN = (
    r"sister|brother|mother|father|wife|husband|son|daughter|lawyer|attorney|relatives?"
    r"|family|colleagues?|partner|friends?|parents?|children|сестр\w*|брат\w*|мать|матер\w*"
    r"|отец|отц\w*|жен\w*|муж\w*|сын\w*|доч\w*|адвокат\w*|родствен\w*|родител\w*|семь\w*"
    r"|коллег\w*|сястр\w*|маці|бацьк\w*|жонк\w*|адвакат\w*|сваяк\w*|сям['’]\w*|калег\w*"
)
_KIN_AFTER = re.compile(rf"^['’]s\s+(?:\w+\s+)?(?:{_KIN})\b", re.IGNORECASE)
# "the lawyer of X"; "сестра Марии Колесниковой" (a genitive name). Not "her
# husband Uladzimir Labkovich": there the name is the relative himself.
_KIN_OF = re.compile(rf"\b(?:{_KIN})\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_KIN_BEFORE = re.compile(rf"\b(?:{_KIN})\s+$", re.IGNORECASE)
_GENITIVE = re.compile(r"(?:ой|ого|ага|ай|ича|іча|ля|еля)$", re.IGNORECASE)


def _about_someone_else(text: str, mention: Mention) -> bool:
    before = text[max(0, mention.start - 30) : mention.start]
    genitive = _KIN_BEFORE.search(before) and _GENITIVE.search(text[mention.start : mention.end])
    return bool(
        _KIN_AFTER.match(text[mention.end : mention.end + 40]) or _KIN_OF.search(before) or genitive
    )


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences of ``text``; a line break always ends one."""
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            if _ABBREVIATION.search(line, 0, match.start()):
                continue
            yield Sentence(line[start : match.end()].strip(), offset + start, offset + match.end())
            start = match.end()
        if line[start:].strip():
            yield Sentence(line[start:].strip(), offset + start, offset + len(line))
        offset += len(line) + 1


def snippets_by_person(text: str, mentions: list[Mention]) -> dict[str, list[str]]:
    """The sentences about each mentioned person, in order of first mention."""
    about: dict[str, list[str]] = {m.person: [] for m in mentions}
    subject: str | None = None
    pending = iter(mentions)  # both in text order: one pass over each
    mention = next(pending, None)
    for sentence in sentences(text):
        named: set[str] = set()
        kin: set[str] = set()  # named only as someone's relative or lawyer
        while mention and mention.start < sentence.end:
            (kin if _about_someone_else(text, mention) else named).add(mention.person)
            mention = next(pending, None)
        if named or kin:
            subject = next(iter(named)) if len(named) == 1 and not kin else None
        elif subject and _PRONOUN.search(sentence.text):
            named = {subject}
        for person in named:
            about[person].append(sentence.text)
    return about


def people_facts(text: str, people: PeopleIndex) -> tuple[PersonFacts, ...]:
    """Every watched person the text names, with the status it states."""
    about = snippets_by_person(text, people.find(text))
    return tuple(PersonFacts(person, *classify(snippets)) for person, snippets in about.items())

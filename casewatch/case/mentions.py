# ruff: noqa: RUF001, RUF002, RUF003 -- Cyrillic letters and typographic quotes are the data here
"""Who a page talks about, and what it says of each of them.

The text is cut into sentences, and sentences into clauses. Each statement of
a status (:func:`casewatch.case.status.find_statements`) goes to the people
named in its clause; a clause that names people without a statement of its
own takes the statement of the clause before it, or else after it ("A and B
were sentenced to nine years, and C to seven"). A sentence that names nobody
but points back ("She was detained", "the political prisoner is serving his
term") continues the last sentence that named exactly one watched person; a
list after "They are"/"Among them" takes the statement of the sentence
before it.

Terms go to each person separately: the first term after their name in the
sentence ("sentenced A to 4.5 years, B – to 3 years"), one term each from a
list in the order of the names ("A and B were sentenced to 20 and 10 years",
"respectively"), else the term before the name, else that of a verbless
sentence just before ("18 years of colony. Such a sentence was handed to X").

Each statement is dated: by the date in its clause, else the latest date
earlier in the sentence (or, for a sentence that points back, in the one
before it), else the page's date (when the page gives none, the latest moment
it names: a page is at least as new as what it reports). The backstory ("had
been released") is dated by its own clause, else older than anything dated.
The newest statement wins; on the same date the news before the backstory,
then the one furthest along the case; then the first told (news comes first).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from casewatch.case.dates import Anchor, find_anchors
from casewatch.case.facts import PersonFacts, Status
from casewatch.case.people import KIN, Mention, PeopleIndex
from casewatch.case.status import (
    VERDICT_ANNOUNCED,
    Found,
    describe_regime,
    describe_sentence,
    find_statements,
)
from casewatch.case.terms import Term, describe_months, find_terms
from casewatch.case.words import Words, lowers_simply

_SENTENCE_END = re.compile(r"[.!?…]+[\"”»)]?\s+")
# A dot after these (or after one letter) does not end a sentence.
_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Vul", "No", "Art", "art", "vs", "ул", "ст", "г", "им", "вул",
    "арт", "ч", "п", "р",
)  # fmt: skip
_ABBREVIATION = re.compile(rf"(?:\b[^\W\d_]|\b(?:{'|'.join(_ABBREVIATIONS)}))$")
# A match ends where the dot is, so it starts at most this far before it: the
# search looks no further back (from the start of the line, a long paragraph
# took quadratic time: 18 s for 4,000 sentences on one line).
_ABBREVIATION_REACH = max(map(len, _ABBREVIATIONS))
# "By one month.", "На один месяц", "Да двух гадоў": a fragment of a few words
# that says by how much (or to what) the sentence before changed a term.
_TERM_FRAGMENT = re.compile(
    r"(?:(?:only|just|всего|лишь|только|усяго|толькі)\s+)?(?:by|to|на|до|да)\s+"
    r"(?:[^\s.!?]+\s+){0,2}[^\s.!?]+(?:[.!?…]+(?:\s|$)|\s*$)",
    re.IGNORECASE,
)
_UNIT = re.compile(r"year|month|год|лет|гад|меся", re.IGNORECASE)
# What points back to the person last named: pronouns, and the titles a story
# uses for its protagonist ("the political prisoner", "политика").
_POINTS_BACK = Words(
    "he", "she", "his", "her", "him", "он", "она", "его", "её", "ее", "ей", "ему", "ён", "яна",
    "яго", "яе", "ёй", "яму", "the (?:political )?prisoner", "the activist", "the journalist",
    "the blogger", "the convict", r"политзаключенн\w+", "политика", r"палітвязн\w+", "палітыка",
)  # fmt: skip
_VERDICT = re.compile(
    rf"\b{VERDICT_ANNOUNCED}|\b(?:приговор|прысуд|verdict|sentence)\s*[:—–]", re.IGNORECASE
)
_VERDICT_WORDS = ("приговор", "прысуд", "verdict", "sentence")
# Every match of _VERDICT holds one of these (lower case): a verb that
# announces, or the colon or dash after the word.
_VERDICT_NEEDS = (
    *("announced", "pronounced", "read out", "delivered", "огласи", "оглашен", "абвясці"),
    *("абвешчан", "агучы", ":", "—", "–"),
)
# "they" after a sentence that named several people: all of them.
_THEY = Words("they", "them", "their", "они", "их", "им", "яны", "іх", "ім")
# A list of the people a sentence before spoke of: "They are A, B", "Среди них".
_GROUP = re.compile(
    r"^\W*(?:they (?:are|were|include)|these (?:are|were)|among them (?:are|were)?|their names"
    r"|среди них|сярод іх|это|гэта|им(?:и)? стали|імі сталі)\b",
    re.IGNORECASE,
)
# Where one clause of a sentence ends and the next begins.
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|however|а|но|але|и|і|однако|тады як)\s+"
    r"|\s+(?:but|while|whereas|в то время как|тады як)\s+",
    re.IGNORECASE,
)
# Organisations and other things a person's name only qualifies: "Navalny's
# HQ", "штаба Навального". The person is named, but not as the subject.
_OWNED = (
    r"HQ|headquarters|team|foundation|campaign|office|штаб\w*|фонд\w*|команд\w*|офис\w*"
    r"|кампани\w*|партии|партыі"
)
_KIN_AFTER = re.compile(rf"^['’]s\s+(?:\w+\s+)?(?:{KIN}|{_OWNED})\b", re.IGNORECASE)
# "the lawyer of X"; "сестра Марии Колесниковой" (a genitive name). Not "her
# husband Uladzimir Labkovich": there the name is the relative himself.
_KIN_OF = re.compile(rf"\b(?:{KIN})\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_KIN_BEFORE = re.compile(rf"\b(?:{KIN}|{_OWNED})\s+$", re.IGNORECASE)
_GENITIVE = re.compile(r"(?:а|я|ой|ого|ага|ай|ича|іча|ля|еля)$", re.IGNORECASE)
# A relative as the subject between a name and a statement: "X released, husband still in custody".
_KIN_SUBJECT = re.compile(
    rf"[,;:]\s*(?:(?:his|her|their|the|а|і|и|и\s+его|и\s+её)\s+)?(?:{KIN})\b\W+(?:\w+\W+){{0,2}}$",
    re.IGNORECASE,
)
# "A was released; B was not": a clause that only negates takes nothing from the others.
_ONLY_NEGATES = re.compile(r"\b(?:not|never|не|ня|нет|няма)\b", re.IGNORECASE)
_UNDATED = (9999, 0, 0)
_BEFORE_ALL = (0, 0, 0)  # the backstory without a date of its own
_SUBJECT_REACH = 3  # a name opening a sentence is its subject ...
_POSSESSIVE_AFTER = re.compile(
    r"['’]s\b"
)  # ... unless it is a possessive  # no date and no page date: the page's news, newest of all


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Said:
    """A statement given to one person."""

    status: Status
    rank: int
    detail: str
    when: tuple[int, int, int]
    order: int  # where it is told: the first told wins a tie
    stated_on: dt.date | None
    term: Term | None  # the person's own term (one value), where the statement gives one
    backstory: bool = False  # told in the pluperfect: before the news of the same date


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences of ``text``; a line break always ends one. A headline's
    fragment that only says by how much ("... cut his term. By one month")
    stays with the sentence before it."""
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            dot = match.start()
            if _ABBREVIATION.search(line, max(0, dot - _ABBREVIATION_REACH), dot) or (
                (fragment := _TERM_FRAGMENT.match(line, match.end()))
                and _UNIT.search(fragment.group(0))
            ):
                continue
            yield Sentence(line[start : match.end()].strip(), offset + start, offset + match.end())
            start = match.end()
        if line[start:].strip():
            yield Sentence(line[start:].strip(), offset + start, offset + len(line))
        offset += len(line) + 1


def _about_someone_else(text: str, mention: Mention) -> bool:
    """The name qualifies someone or something else: "X's sister", "the
    lawyer of X", "сестра Марии Колесниковой", "штаба Навального"."""
    before = text[max(0, mention.start - 30) : mention.start]
    name = text[mention.start : mention.end]
    genitive = _KIN_BEFORE.search(before) and _GENITIVE.search(name)
    return bool(
        _KIN_AFTER.match(text[mention.end : mention.end + 40]) or _KIN_OF.search(before) or genitive
    )


def _clauses(sentence: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    return spans


def _clause_of(spans: list[tuple[int, int]], position: int) -> int:
    """The clause ``position`` falls in (the last for one past the end);
    a binary search: a sentence may have thousands of clauses."""
    return min(bisect_right(spans, position, key=lambda span: span[1]), len(spans) - 1)


def _nearest(by_clause: dict[int, list[Found]], numbers: list[int], clause: int) -> list[Found]:
    """The statements of ``clause``, else of the nearest clause before it
    that has some, else of the nearest after it; [] if none has any.
    ``numbers`` are the keys of ``by_clause``, sorted."""
    if clause in by_clause:
        return by_clause[clause]
    at = bisect_left(numbers, clause)
    if at > 0:
        return by_clause[numbers[at - 1]]
    return by_clause[numbers[at]] if numbers else []


def _one(term: Term, number: int = 0) -> Term:
    """The ``number``-th person's share of a (list) term."""
    return Term(term.start, term.end, (term.months[number],), term.change)


def _term_for(terms: list[Term], names: list[int], at: int) -> Term | None:
    """The term of the person named at ``at`` among the names at ``names``."""
    after = next((t for t in terms if t.start >= at), None)
    if after is not None and after.change:
        # "cut by a year: now 10 years instead of 11": the new term told
        # outright, before anyone else is named, is the one in force.
        told = next((t for t in terms if t.start > after.end and not t.change), None)
        if told and len(told.months) == 1 and not any(at < n < told.start for n in names):
            return told
    if after is not None:
        if len(after.months) == 1:
            return after
        # "A and B ... to 20 and 10 years": one each, in the order of the names
        # named since the term before the list.
        since = max((t.end for t in terms if t.end <= after.start and t is not after), default=0)
        group = [n for n in names if since <= n < after.start]
        if len(group) == len(after.months) and at in group:
            return _one(after, group.index(at))
        return None
    before = [t for t in terms if t.end <= at and len(t.months) == 1]
    return before[-1] if before else None


def _term_of_group(terms: list[Term], number: int, size: int) -> Term | None:
    """The term of the ``number``-th of ``size`` people a sentence speaks of as "they"."""
    if not terms:
        return None
    months = terms[0].months
    if len(months) == size:
        return _one(terms[0], number)
    return terms[0] if len(months) == 1 else None


def describe_term(term: Term) -> str:
    """ "7 years", or for a change with nothing to apply it to, "sentence
    reduced by 1 month" / "sentence extended by 2 years"."""
    told = describe_months(term.months[0])
    if not term.change:
        return told
    return f"sentence {'reduced' if term.change < 0 else 'extended'} by {told}"


class _Reader:
    """One pass over the sentences of a text, collecting what is said of whom."""

    def __init__(
        self,
        text: str,
        mentions: list[Mention],
        page_date: dt.date | None,
        today: dt.date | None = None,
    ) -> None:
        self.text = text
        self.mentions = mentions
        self.page_date = page_date
        self.anchors = find_anchors(text, page_date)
        self.starts = [a.start for a in self.anchors]
        # Without a page date, a page is at least as new as the latest past
        # moment it names (a deadline to come says nothing of when it was written).
        self.now = (today.year, today.month, today.day) if today else _UNDATED
        if page_date:
            self.page_key = (page_date.year, page_date.month, page_date.day)
        else:
            past = (a.key for a in self.anchors if a.key <= self.now)
            self.page_key = max(past, default=_UNDATED)
        self.said: dict[str, list[_Said]] = {m.person: [] for m in mentions}
        # The page's own person: the first it names (in its headline or lede).
        self.own = mentions[0].person if mentions else None

    @staticmethod
    def _verdict_for_nobody(sentence: str) -> bool:
        """A sentence naming no one that announces a verdict with its term."""
        lowered = sentence.lower()
        if not any(word in lowered for word in _VERDICT_WORDS):
            return False  # every verdict names itself: a quick test for most sentences
        if lowers_simply(sentence) and not any(word in lowered for word in _VERDICT_NEEDS):
            return (
                False  # nor does a sentence without the verb or the colon (quicker than the search)
            )
        return bool(_VERDICT.search(sentence) and find_terms(sentence))

    def read(self) -> dict[str, list[_Said]]:
        subject: str | None = None
        group: list[str] = []  # the people of the last sentence that named several
        # The sentence before, if it named nobody: its statements may carry over
        # (a verbless headline, "At least 14 are under the sentence of death.").
        # Statements are only searched in sentences about someone: linear, and
        # fast on long pages that name people rarely.
        previous: Sentence | None = None
        previous_named = True
        pending = iter(self.mentions)
        mention = next(pending, None)
        for sentence in sentences(self.text):
            named: list[Mention] = []
            kin = False
            while mention and mention.start < sentence.end:
                if _about_someone_else(self.text, mention):
                    kin = True
                else:
                    named.append(mention)
                mention = next(pending, None)
            points_back = False
            if named or kin:
                people = list(dict.fromkeys(m.person for m in named))
                subject = people[0] if len(people) == 1 and not kin else None
                first = named[0] if named else None
                if (
                    len(people) > 1
                    and first.start - sentence.start < _SUBJECT_REACH
                    and not _POSSESSIVE_AFTER.match(self.text, first.end)
                ):
                    subject = people[0]  # the sentence opens with them: its subject
                group = people if len(people) > 1 else []
            elif subject and _POINTS_BACK.search(sentence.text):
                named = [Mention(subject, sentence.start, sentence.start)]
                points_back = True
            elif subject and subject == self.own and self._verdict_for_nobody(sentence.text):
                # "The judge announced the verdict: 3 years" a paragraph after
                # the page's own person was last named: their verdict.
                named = [Mention(subject, sentence.start, sentence.start)]
                points_back = True
            elif (group or subject) and _THEY.search(sentence.text):
                people = group or [subject]
                named = [Mention(person, sentence.start, sentence.start) for person in people]
                points_back = True
            if named:
                carried = None
                if previous is not None and not previous_named:
                    said = find_statements(previous.text, backstory=True)
                    carried = (previous, said, find_terms(previous.text)) if said else None
                statements = find_statements(sentence.text, backstory=True)
                terms = find_terms(sentence.text)
                self._attribute(sentence, named, statements, terms, carried, points_back, previous)
            previous, previous_named = sentence, bool(named or kin)
        return self.said

    def _attribute(
        self,
        sentence: Sentence,
        named: list[Mention],
        statements: list[Found],
        terms: list[Term],
        carried: tuple[Sentence, list[Found], list[Term]] | None,
        points_back: bool,
        previous: Sentence | None,
    ) -> None:
        spans = _clauses(sentence.text)
        by_clause: dict[int, list[Found]] = {}
        for statement in statements:
            by_clause.setdefault(_clause_of(spans, statement.start), []).append(statement)
        names = [max(0, m.start - sentence.start) for m in named]
        # Each clause searched once, however many names it holds: a page may
        # be one sentence of thousands of names and clauses (reading stays linear).
        negates: dict[int, bool] = {}
        with_statements = sorted(by_clause)
        for number, (mention, at) in enumerate(zip(named, names, strict=True)):
            clause = _clause_of(spans, at)
            if clause not in negates:
                negates[clause] = bool(_ONLY_NEGATES.search(sentence.text, *spans[clause]))
            negated = negates[clause]
            own = statements if points_back else _nearest(by_clause, with_statements, clause)
            if negated and not by_clause.get(clause) and not points_back:
                own = []
            source, source_terms, source_names = sentence, terms, names
            if not own and carried and _GROUP.match(sentence.text):
                source, own, source_terms, source_names = carried[0], carried[1], carried[2], []
            if points_back and len(named) > 1:  # "they were sentenced to 20 and 10 years"
                term = _term_of_group(terms, number, len(named))
            else:
                term = _term_for(source_terms, source_names, at if source is sentence else -1)
            if term is None and carried and not terms:
                term = _term_for(carried[2], [], -1)
            for statement in own:
                if not points_back and _KIN_SUBJECT.search(sentence.text, at, statement.start):
                    continue
                self._give(mention.person, source, spans, statement, term, points_back, previous)

    def _give(
        self,
        person: str,
        sentence: Sentence,
        spans: list[tuple[int, int]],
        statement: Found,
        term: Term | None,
        points_back: bool,
        previous: Sentence | None,
    ) -> None:
        rule = statement.rule
        clause_start, clause_end = spans[_clause_of(spans, statement.start)]
        clause = sentence.text[clause_start:clause_end]
        if rule.status == "sentenced" and term:
            detail = ", ".join(filter(None, (describe_term(term), describe_regime(clause))))
        elif rule.status == "sentenced":
            detail = describe_sentence(clause) or rule.detail(clause)
        else:
            detail = rule.detail(clause)
        when = self._when(sentence, clause_start, clause_end, statement, points_back, previous)
        dated = when not in (_UNDATED, _BEFORE_ALL)
        stated_on = dt.date(when[0], when[1] or 1, when[2] or 1) if dated else None
        self.said[person].append(
            _Said(
                rule.status,
                rule.rank,
                detail,
                when,
                sentence.start + statement.start,
                stated_on,
                term,
                statement.backstory,
            )
        )

    def _when(
        self,
        sentence: Sentence,
        clause_start: int,
        clause_end: int,
        statement: Found,
        points_back: bool,
        previous: Sentence | None,
    ) -> tuple[int, int, int]:
        """The date of a statement (see the module notes), never after the page's."""
        at = sentence.start + statement.start
        lo, hi = sentence.start + clause_start, sentence.start + clause_end
        inside = self._anchors(lo, hi)
        if statement.backstory and not inside:
            return _BEFORE_ALL  # "had been released": older than anything dated
        if inside:
            found: Anchor | None = min(inside, key=lambda a: abs(a.start - at))
        else:
            found = next(reversed(self._anchors(sentence.start, at)), None)
            if found is None and points_back and previous is not None:
                found = next(reversed(self._anchors(previous.start, previous.end)), None)
        # A date still to come (an action deadline, a planned release) is not
        # when the statement was made.
        if found is None or found.key > self.now:
            return self.page_key
        return min(found.key, self.page_key)

    def _anchors(self, start: int, end: int) -> list[Anchor]:
        return self.anchors[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


def _verdict(said: list[_Said]) -> _Said:
    """The newest statement; on one date the news before the backstory, then
    the furthest along; then the first told."""
    best = max(said, key=lambda s: (s.when, not s.backstory, s.rank, -s.order))
    if not best.detail:
        # "charged with treason" names no article; another sentence may.
        same = [s for s in said if s.status == best.status and s.detail and s.when == best.when]
        if same:
            detailed = min(same, key=lambda s: s.order)
            best = replace(best, detail=detailed.detail, term=detailed.term)
    if best.status != "sentenced":
        return best
    if best.term:
        return _in_force(best, said)
    # A statement without a term ("is serving his sentence") keeps the
    # term another statement of the page gave the same person.
    termed = [s for s in said if s.status == "sentenced" and s.term]
    if not termed:
        return best
    other = _in_force(max(termed, key=lambda s: (s.when, -s.order)), said)
    told = describe_term(other.term)  # type: ignore[arg-type]
    detail = other.detail if best.detail in ("", "release due") else best.detail
    if told not in detail:
        detail = f"{told}, {detail}" if detail else other.detail
    return replace(best, detail=detail, term=other.term)


def _in_force(statement: _Said, said: list[_Said]) -> _Said:
    """``statement`` with a change of term ("cut by one month") applied to
    the term told before it (by date, then on the page); as it is when no
    term comes before it or the change is of a life term."""
    term = statement.term
    if term is None or not term.change:
        return statement
    before = [
        s
        for s in said
        if s.status == "sentenced"
        and s.term
        and not s.term.change
        and s.term.months[0] is not None
        and (s.when, s.order) < (statement.when, statement.order)
    ]
    if not before:
        return statement
    base = max(before, key=lambda s: (s.when, s.order)).term
    months = max(0, base.months[0] + term.change * term.months[0])  # type: ignore[union-attr,operator]
    now = Term(term.start, term.end, (months,))
    detail = statement.detail.replace(describe_term(term), describe_term(now), 1)
    return replace(statement, detail=detail, term=now)


def people_facts(
    text: str,
    people: PeopleIndex,
    page_date: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[PersonFacts, ...]:
    """Every watched person the text names, with the status it states and the
    date it was stated on (the statement's own date, else ``page_date``).
    ``today`` (the day of the check) bounds the page's date when the page
    gives none."""
    said = _Reader(text, people.find(text), page_date, today).read()
    facts = []
    for person, statements in said.items():
        if not statements:
            facts.append(PersonFacts(person))
            continue
        best = _verdict(statements)
        facts.append(PersonFacts(person, best.status, best.detail, _iso(best.stated_on)))
    return tuple(facts)


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None

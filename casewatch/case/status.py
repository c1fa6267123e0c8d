# ruff: noqa: RUF001 -- Cyrillic letters and typographic quotes are the data here
"""Where a person stands in their case, read from the sentences about them.

Each rule below is a phrase (English, Russian, Belarusian) that states a
status. Among all the rules that match what a page says of one person, the
one with the highest rank wins: ranks follow the course of a case, so that
"detained ... and later released" reads as released and "sentenced to death
... upheld ... at risk of execution" as death_sentence. A release outranks a
death sentence (pardons), a new arrest outranks a release.

Phrases that only a demand, a fear or a possibility would use ("must be
released", "is feared to have been executed", "if convicted") are read as
facts only when no modal word stands shortly before them; "had been released"
tells the backstory, not news. A negated phrase ("was not pardoned", "ещё не
расстрелян") states nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from casewatch.case.facts import Status


@dataclass(frozen=True)
class Rule:
    status: Status
    rank: int
    pattern: re.Pattern[str]
    guarded: bool  # skip the match after a modal word
    detail: Callable[[str], str]


_NUMBER_WORDS = {
    word: str(n)
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve "  # noqa: SIM905
        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_TERM = re.compile(
    r"(?<![\d.])(?P<n>\d{1,2}(?:[.,]5)?|" + "|".join(_NUMBER_WORDS) + r")(?:[- ]and[- ]a[- ]half)?"
    r"[- ]?(?P<unit>years?|months?|год(?:а|у|ам|ах)?|лет(?:н\w+)?|гады|гадоў|гадов\w+|месяц\w*)\b"
    r"|(?P<life>life|пожизненн\w*|пажыццёв\w*)",
    re.IGNORECASE,
)
# Where the term is served; first match wins.
_REGIMES = (
    ("penal colony", r"colony|колони|калоні"),
    ("prison", r"prison|jail|тюрьм|турм"),
    (
        "restricted freedom",
        r"restrict\w* (?:of )?freedom|ограничени\w+ свобод|абмежаванн\w+ волі|хими|хімі",
    ),
    ("house arrest", r"house arrest|home confinement|домашн\w+ арест|хатн\w+ арышт"),
)
_COMPILED_REGIMES = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in _REGIMES)


def describe_sentence(text: str) -> str:
    """'11 years, penal colony' from a sentence stating a prison term."""
    parts = []
    term = _TERM.search(text)
    if term and term.group("life"):
        parts.append("life imprisonment")
    elif term:
        number = _NUMBER_WORDS.get(term.group("n").lower(), term.group("n"))
        unit = "month" if term.group("unit").lower().startswith(("mon", "меся")) else "year"
        parts.append(f"{number} {unit}{'' if number == '1' else 's'}")
    regime = next((name for name, p in _COMPILED_REGIMES if p.search(text)), None)
    if regime:
        parts.append(regime)
    return ", ".join(parts)


def _flags(*pairs: tuple[str, str]) -> Callable[[str], str]:
    """A detail made of the labels whose pattern occurs in the sentence."""
    compiled = [(label, re.compile(p, re.IGNORECASE)) for label, p in pairs]

    def detail(text: str) -> str:
        return " and ".join(label for label, p in compiled if p.search(text))

    return detail


def _article(text: str) -> str:
    match = re.search(
        r"\b(?:article|art\.|стать\w*|артыкул\w*|ст\.)\s*(\d{3}(?:\.\d)?)", text, re.I
    )
    return f"Article {match.group(1)}" if match else ""


def _nothing(text: str) -> str:
    return ""


_released = _flags(
    ("pardoned", r"pardon|помилова|памілава"),
    ("deported", r"deport|expell|депортир|выслан|дэпартава|высланы"),
)
_death = _flags(
    (
        "at risk of execution",
        r"risk of (?:imminent )?execution|угроз\w* (?:казни|расстрела)"
        r"|пагроз\w* (?:расстрэлу|пакарання)",
    ),
)
_death_detail = lambda text: _death(text) or "sentenced to death"  # noqa: E731

# (status, rank, guarded, detail, pattern); patterns are case-insensitive.
_TABLE: tuple[tuple[Status, int, bool, Callable[[str], str], str], ...] = (
    (
        "detained",
        10,
        False,
        _nothing,
        r"\b(?:detained|arrested|abducted|taken into custody|in (?:pre-?trial )?detention"
        r"|in custody|behind bars|detention of|задержан\w*|задержали|арестован\w*"
        r"|арестовали|под стражей|под арестом|в сизо|за решёткой|за решеткой|похищен\w*"
        r"|затрыман\w*|затрымалі|арыштаван\w*|арыштавалі|пад вартай|у сізо|за кратамі"
        r"|remains? (?:in prison|imprisoned|in jail|in custody|in detention)"
        r"|оста[её]тся (?:в заключении|под стражей|в тюрьме)"
        r"|застаецца (?:у зняволенні|пад вартай))",
    ),
    (
        "charged",
        20,
        True,
        _article,
        r"\b(?:charged|indicted|accused of|fac(?:e|es|ed|ing) (?:\w+ ){0,3}charges?"
        r"|criminal (?:case|charges?) (?:\w+ ){0,3}against|prosecution of|prosecuted"
        r"|обвин\w*|предъявлен\w* обвинени\w*|уголовн\w+ дел\w*|подозреваем\w*"
        r"|абвінавач\w*|крымінальн\w+ справ\w*|падазрона\w*)",
    ),
    (
        "on_trial",
        30,
        False,
        _nothing,
        r"\b(?:on trial|stand(?:s|ing)? trial|went to trial|trial (?:of (?:\w+ ){1,3})?"
        r"(?:began|begins|started|starts|opened|opens|continues|resumed|is under ?way)"
        r"|суд (?:над|начался|начнется)|начался суд|судебн\w+ процесс\w*"
        r"|суд (?:пачаўся|пачнецца)|пачаўся суд|судов\w+ працэс\w*)",
    ),
    (
        "sentenced",
        40,
        True,
        describe_sentence,
        r"\b(?:sentenced|convicted|jailed|imprisoned for|(?:got|received|given) (?:a )?"
        r"\S+[- ](?:years?|year prison)|\S+-year (?:prison )?(?:sentence|term)"
        r"|приговори\w*|приговор[её]н\w*|осужд[её]н\w*|получил\w* \S+ (?:год|года|лет)\b"
        r"|прысудзі\w*|прысуджан\w*|асуджан\w*|атрымал?[аі]? \S+ (?:год|гады|гадоў)\b"
        r"|serving (?:a |an |his |her )?\S+[- ](?:years?|month)|transferred to (?:a |the )?"
        r"penal colony|отбывае\w*|адбывае\w*|этапирова\w*|этапава\w*)",
    ),
    (
        "death_sentence",
        50,
        True,
        _death_detail,
        r"\b(?:sentenced (?:\w+ ){0,3}to death|death sentence|death row|condemned to death"
        r"|(?:risk|danger) of (?:imminent )?execution|смертн\w+ казн\w*|к расстрелу"
        r"|смертн\w+ приговор\w*|высш\w+ мер\w+ наказания|смертник\w*"
        r"|смяротн\w+ пакаранн\w*|да расстрэлу|смяротн\w+ прысуд\w*)",
    ),
    (
        "sentenced",
        55,
        False,
        describe_sentence,
        r"\b(?:commuted|заменили|заменен\w*|заменён\w*|замянілі|заменены)\b",
    ),
    (
        "released",
        60,
        True,
        _released,
        r"\b(?:(?:was|were|has been|have been|got|is now|are now)(?: \w+)? "
        r"(?:released|freed|pardoned)|(?:released|freed) (?:on|from|in)|and (?:later )?released"
        r"|walked free|pardoned|acquitted|(?:is|are) (?:now )?free\b|оправдан\w*|апраўдан\w*"
        r"|освобожд[её]н(?:а|ы|о)?|освободили|вышл[аи] на свободу|вышел на свободу"
        r"|помилован(?:а|ы)?|помиловал\w*|вызвален(?:а|ы|ая)?|вызвалілі"
        r"|выйш(?:аў|ла|лі) на волю|памілаван(?:а|ы|ая)?|памілаваў)\b",
    ),
    (
        "detained",
        70,
        False,
        _nothing,
        r"\b(?:re-?arrested|(?:detained|arrested) again|(?:повторно|снова) "
        r"(?:задержан\w*|арестован\w*)|(?:паўторна|зноў) (?:затрыман\w*|арыштаван\w*))",
    ),
    (
        "executed",
        80,
        True,
        _nothing,
        r"\b(?:(?:was|were|has been|have been) executed|executed on"
        r"|execution (?:was|has been) carried out|расстрелян\w*"
        r"|приговор (?:был )?приведен в исполнение|расстраля\w*"
        r"|прысуд (?:быў )?выкана\w*|прывялі прысуд у выкананне)",
    ),
)

# Bare words that table cells and labelled fields use for a status.
_FIELD_TABLE: tuple[tuple[Status, int, bool, Callable[[str], str], str], ...] = (
    (
        "released",
        60,
        False,
        _released,
        r"^(?:released|freed|free|at liberty|освобожден\w*|освобождён\w*|на свободе"
        r"|вызвален\w*|на волі)\b",
    ),
    ("on_trial", 30, False, _nothing, r"^(?:trial|on trial|суд|судебный процесс)\b"),
    ("executed", 80, False, _nothing, r"^(?:executed|расстрелян\w*|расстраляны)"),
    ("charged", 20, False, _article, r"^(?:charged|suspect|обвиняем\w*|абвінавачван\w*)"),
    (
        "sentenced",
        40,
        False,
        describe_sentence,
        r"^(?:\d+(?:[.,]5)? (?:years?|months?|год\w*|лет|гад\w*|месяц\w*)|life"
        r"|пожизненн\w*|пажыццёв\w*|sentenced|convicted|осужд\w*|асуджан\w*)",
    ),
)

_MODAL = re.compile(
    r"\b(?:be|should|must|shall|will|would|could|may|might|can|cannot|if|had|urge\w*"
    r"|call\w* for|demand\w*|fear\w*|believed|possibly|probably|allegedly|rumou?r\w*"
    r"|быть|быць|должн\w*|павінн\w*|требу\w*|патрабу\w*|может|можа|могут|если|калі"
    r"|возможно|магчыма|опасаются|баяцца)\W+(?:\w+\W+){0,4}$",
    re.IGNORECASE,
)
# A negated phrase states the opposite of its status, or nothing: "was not
# released", "не помиловал", "ещё не расстрелян", "has never been charged".
_NEGATION = re.compile(
    r"(?:\bnot|n['’]t|\bnever|\bno longer|\byet to be|\bне|\bни|\bнет|\bняма)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|never)\b|n['’]t\b", re.IGNORECASE)  # "was not released"
_MODAL_REACH = 60


def _compile(
    table: Iterable[tuple[Status, int, bool, Callable[[str], str], str]],
) -> tuple[Rule, ...]:
    return tuple(
        Rule(status, rank, re.compile(pattern, re.IGNORECASE), guarded, detail)
        for status, rank, guarded, detail, pattern in table
    )


SENTENCE_RULES = _compile(_TABLE)
# How far along a case each status is, by its first rule ("unknown" least).
RANK: dict[Status, int] = {"unknown": 0}
for _rule in SENTENCE_RULES:
    RANK.setdefault(_rule.status, _rule.rank)
FIELD_RULES = SENTENCE_RULES + _compile(_FIELD_TABLE)


def classify(
    snippets: Iterable[str], rules: tuple[Rule, ...] = SENTENCE_RULES
) -> tuple[Status, str]:
    """(status, status_detail) stated by ``snippets``; ("unknown", "") if none.

    When the statements carry different years ("released in 2019 ... arrested
    on 5 March 2026"), the latest one is the news (within a year, the last
    told); otherwise the furthest along the course of a case wins.
    """
    snippets = list(snippets)
    dated = [d for snippet in snippets for d in _dated(snippet, rules)]
    if len({year for year, _, _ in dated}) > 1:
        # The latest year; within it, the last told (the text runs forward).
        _, (_, rule, clause) = max(enumerate(dated), key=lambda item: (item[1][0], item[0]))
        return rule.status, rule.detail(clause)
    best: Rule | None = None
    for rule in rules:
        if best and rule.rank <= best.rank:
            continue
        if any(_states(snippet, rule) for snippet in snippets):
            best = rule
    if best is None:
        return "unknown", ""
    # The detail of the first sentence that gives one (an article, a term).
    details = (best.detail(s) for s in snippets if _states(s, best))
    return best.status, next((d for d in details if d), "")


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Clauses of one sentence may tell different moments: "released in 2019, re-arrested in 2020".
_CLAUSE = re.compile(r"[;,]\s+|\s+(?:and|but|then|later|и|а|але|і)\s+", re.IGNORECASE)


def _dated(snippet: str, rules: tuple[Rule, ...]) -> Iterable[tuple[int, Rule, str]]:
    """(year, rule, clause) for each clause stating a status with a year; a
    clause without one goes on from the clause before it ("... in 2020 and
    sentenced to 11 years")."""
    year: int | None = None
    for clause in _CLAUSE.split(snippet):
        years = [int(y) for y in _YEAR.findall(clause)]
        year = max(years) if years else year
        stated = [rule for rule in rules if _states(clause, rule)]
        if year is not None and stated:
            yield year, max(stated, key=lambda r: r.rank), clause


def most_advanced(results: Iterable[tuple[Status, str]]) -> tuple[Status, str]:
    """The furthest along of several (status, detail) readings."""
    return max(results, key=lambda result: RANK[result[0]], default=("unknown", ""))


def classify_field(value: str) -> tuple[Status, str]:
    """Like :func:`classify`, also reading bare status words of cells and fields."""
    return classify([value.strip()], FIELD_RULES)


def _states(snippet: str, rule: Rule) -> bool:
    """``snippet`` states the rule's status as a fact: not negated, and (for
    guarded rules) not a demand, a fear or a maybe."""
    for match in rule.pattern.finditer(snippet):
        before = snippet[max(0, match.start() - _MODAL_REACH) : match.start()]
        if _NEGATION.search(before) or _NEGATED.search(match.group(0)):
            continue
        if not rule.guarded or not _MODAL.search(before):
            return True
    return False

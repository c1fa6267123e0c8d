# ruff: noqa: RUF001, RUF003 -- Cyrillic letters and typographic quotes are the data here
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
tells the backstory, not news: it is flagged as such (dated by its own date,
else older than anything dated, see :mod:`casewatch.case.mentions`), or left
out where only the news counts (:func:`classify`). A negated phrase ("was not pardoned", "ещё не
расстрелян") states nothing. A release still to come ("will be released on
22 August", "выйдзе на волю", "term ends 19 October") means the person is
still held: it reads as sentenced.

:func:`find_statements` gives each statement with its place in the text, so
that :mod:`casewatch.case.mentions` can give it to the right person and date it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from casewatch.case.facts import Status
from casewatch.case.terms import Term, describe_months, find_terms


@dataclass(frozen=True)
class Rule:
    status: Status
    rank: int
    pattern: re.Pattern[str]
    guarded: bool  # skip the match after a modal word
    detail: Callable[[str], str]
    needs: tuple[str, ...] = ()  # words every match holds one of (lower case); () for none


# Where the term is served; first match wins.
_REGIMES = (
    ("penal colony", r"colony|колони|калоні|калёні"),
    ("prison", r"(?<!tion )prison(?! regime)|jail|тюрьм|турм|(?<!\w)тюремн\w* заключени"),
    (
        "restricted freedom",
        r"restrict\w* (?:of )?freedom|ограничени\w+ свобод|абмежаванн\w+ волі|хими|хімі",
    ),
    ("house arrest", r"house arrest|home confinement|домашн\w+ арест|хатн\w+ арышт"),
)
_COMPILED_REGIMES = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in _REGIMES)


def describe_sentence(text: str, term: Term | None = None) -> str:
    """'11 years, penal colony' from a sentence stating a prison term: its
    first term (or ``term``) and where it is served."""
    terms = [term] if term else [t for t in find_terms(text) if not t.change][:1]
    parts = [describe_months(terms[0].months[0])] if terms and len(terms[0].months) == 1 else []
    return ", ".join([*parts, describe_regime(text)] if describe_regime(text) else parts)


def describe_regime(text: str) -> str:
    """Where a term is served ("penal colony", "prison", ...), or ""."""
    return next((name for name, p in _COMPILED_REGIMES if p.search(text)), "")


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

# A change of a term: the verbs (past forms: "сократить" is a demand) and what
# they change: a sentence or a term, never pre-trial detention ("продлили срок
# ареста", "extended the term of his detention").
_CHANGE_VERBS = (
    r"cut|reduced|shortened|lowered|decreased|mitigated|extended|increased|lengthened"
    r"|сократил[аи]?|смягчил[аи]?|снизил[аи]?|уменьшил[аи]?|скостил[аи]?|продлил[аи]?"
    r"|увеличил[аи]?|ужесточил[аи]?|скараціў|скарацілі|скараціла|змякчыў|змякчылі"
    r"|знізіў|знізілі|паменшыў|паменшылі|павялічыў|павялічылі|падоўжыў|падоўжылі"
)
_CHANGE_PARTICIPLES = (
    r"cut|reduced|shortened|lowered|decreased|mitigated|extended|increased|lengthened"
    r"|сокращ[её]н\w*|смягч[её]н\w*|снижен\w*|уменьшен\w*|продл[её]н\w*|увеличен\w*"
    r"|ужесточ[её]н\w*|скарочан\w*|змякчан\w*|зніжан\w*|паменшан\w*|павялічан\w*"
    r"|падоўжан\w*"
)
_SENTENCE_WORDS = (
    r"(?:prison )?(?:sentence|term)(?! of (?:[\w'’-]+ ){0,3}(?:detention|custody|arrest))"
    r"|срок\w*(?! (?:ареста|содержани\w*|задержани\w*|под стражей|домашн\w*))|приговор\w*"
    r"|наказани\w*|тэрмін\w*(?! (?:арышту|утрымання|затрымання|пад вартай|хатняга))"
    r"|прысуд\w*|пакаранн\w*"
)

# A verdict announced, which says the sentence but often not to whom: "the
# judge announced the verdict: 3 years", "суд огласил приговор".
VERDICT_ANNOUNCED = (
    r"(?:announced|pronounced|read out|delivered|огласил\w*|оглашен\w*|огласи\w*"
    r"|абвясціў|абвясціла|абвясцілі|абвешчан\w*|агучы\w*) (?:\w+ ){0,2}"
    r"(?:приговор|прысуд|verdict|sentence)\w*"
)

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
        r"|(?:has|have) been (?:\w+ )?(?:under arrest|in custody|in detention|held)"
        r"|(?:extended|продлил\w*|продл[её]н\w*|падоўжы\w*|падоўжан\w*) (?:[\w'’-]+ ){0,5}?"
        r"(?:detention|custody|арест\w*|содержани\w* под стражей|арышт\w*|утрыманн\w* пад вартай)"
        r"|оста[её]тся (?:в заключении|под стражей|в тюрьме)"
        r"|застаецца (?:у зняволенні|пад вартай))",
    ),
    (
        "charged",
        20,
        True,
        _article,
        r"\b(?:charged|indicted|accused of|fac(?:e|es|ed|ing) (?:\w+ ){0,3}charges?"
        # the maximum a charge carries: "faces up to 12 years", "грозит до 12 лет"
        r"|fac(?:e|es|ed|ing) (?:up to |a (?:possible |maximum )?(?:sentence|term) of (?:up to )?)?"
        r"\S+[- ]years?|(?:грозит|грозило|пагражае) (?:\w+ ){0,2}?(?:до |да )?\S+ "
        r"(?:лет|года|годам|гадоў|гады|год)\b"
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
        r"|суд (?:пачаўся|пачнецца)|пачаўся суд|судов\w+ працэс\w*"
        r"|(?:начал\w*|приступил\w*) (?:рассматривать|рассмотрение) (?:\w+ ){0,2}уголовн\w+ дел"
        r"|пачаў (?:разглядаць|разгляд) (?:\w+ ){0,2}крымінальн\w+ справ"
        r"|(?:began|started) (?:hearing|considering|the consideration of) (?:the |his |her )?"
        r"(?:criminal )?case)",
    ),
    (
        "sentenced",
        40,
        True,
        describe_sentence,
        r"\b(?:sentenced|convicted|jailed|imprisoned for|(?:got|received|given) (?:a )?"
        r"(?<!\S)\S+[- ](?:years?|year prison)|(?<!\S)\S+-year (?:prison )?(?:sentence|term)"
        r"|upheld (?:the |his |her |their )?(?:conviction|sentence|verdict|prison term)"
        r"|(?:prisoner|inmate|вязень|вязьня|вязня|узнік\w*|заключенн\w+|осужденн\w+) "
        r"(?:of )?(?:the )?"
        r"(?:\w+ )?(?:colony|калоні\w*|калёні\w*|колони\w*)"
        r"|(?:приговор|прысуд)\w*,? (?:\w+ ){0,2}(?:вынесен\w*|вынесены)"
        r"|вынес\w* (?:\w+ ){0,3}(?:приговор|прысуд)\w*"
        rf"|{VERDICT_ANNOUNCED}"
        r"|(?:conviction|prison sentence|verdict) (?:was |were )?upheld"
        r"|under (?:a |the )?(?:prison )?sentence of (?!death)"
        r"|приговори\w*|приговор[её]н\w*|осужд[её]н\w*|осудил\w* (?:[\w-]+ ){0,4}(?:на|к) "
        r"|получил\w* \S+ (?:год|года|лет)\b"
        r"|(?:дали|дал|присудил\w*|назначил\w*) (?:\w+ ){0,2}\S+ (?:год|года|лет)\b"
        r"|прысудзі\w*|прысуджан\w*|асуджан\w*|асудзі\w* (?:[\w-]+ ){0,4}(?:да|на) "
        r"|прыгавары\w*|прыгавораны?\w*"
        r"|атрымал?[аі]? \S+ (?:год|гады|гадоў)\b|(?:далі|даў|прызначы\w*) (?:\w+ ){0,2}\S+ "
        r"(?:год|гады|гадоў)\b"
        r"|(?:пазбаўлен\w* волі|лишени\w* свободы|imprisonment) (?:\w+ ){0,3}"
        r"(?:на тэрмін|тэрмінам на|сроком на|на срок|for a term of)"
        r"|(?<!\w)по (?:\d+|[^\W\d_]+) (?:лет|года|годам|гадоў|гады)\b"
        # a term with where it is served states a sentence, verb or not:
        # "X — 10 years of colony", "Y – 14 лет лишения свободы", "по 15 лет усиленного режима"
        r"|(?<!\w)(?:\d+(?:[.,]5)?|[^\W\d_]+)[- ](?:years?|год(?:а|у|ам)?|лет|гады|гадоў|гадам)"
        r"(?: (?:\w+ ){0,2}?)(?:of |in )?(?:a |an )?(?:\w+-security |\w+-regime |strict-regime )?"
        r"(?:colony|prison\b|imprisonment|колони\w*|лишени\w* свободы|тюрьм\w*|калоні\w*"
        r"|пазбаўлен\w* волі|зняволен\w*|турм\w*|усиленн\w+|строг\w+ режим\w*|особ\w+ режим\w*"
        r"|общ\w+ режим\w*|узмоцнен\w+|хатн\w+ хімі\w*|хими\w*|restricted freedom|срока\b"
        r"|ограничени\w* свободы|абмежаван\w* волі)"
        r"|serving (?:a |an |his |her )?\S+[- ](?:years?|month)|transferred to (?:a |the )?"
        r"penal colony|отбывае\w*|адбывае\w*|этапирова\w*|этапава\w*)",
    ),
    (
        # A release still to come: held until then.
        "sentenced",
        41,
        False,
        lambda text: "release due",
        r"\b(?:will be (?:released|freed)|(?:is|are) (?:due|set|expected) to be (?:released|freed)"
        r"|(?:term|sentence) (?:\w+ ){0,3}(?:ends|expires|will end)"
        r"|выйдет|выйдут|выйдзе|выйдуць|освободится|вызваліцца"
        r"|(?:срок|тэрмін) (?:\w+ ){0,3}(?:заканчива\w+|истека\w+|заканчва\w+|сканчва\w+))",
    ),
    (
        "death_sentence",
        50,
        True,
        _death_detail,
        r"\b(?:sentenced (?:[\w-]+ ){0,6}to death|death sentence|death row|condemned to death"
        r"|(?:risk|danger) of (?:imminent )?execution|смертн\w+ казн\w*|к расстрелу"
        r"|смертн\w+ приговор\w*|высш\w+ мер\w+ наказания|смертник\w*"
        r"|(?:inflicted|imposed|handed down|passed|gave) (?:\w+ ){0,2}death (?:penalty|sentence)"
        r"|(?:under|upheld) (?:a |the |his |her |their )?(?:sentences? of death|death sentences?)"
        r"|execution (?:of (?:[\w-]+ ){1,4})?(?:was|has been|had been) ['‘’\"“]?(?:\w+ )?"
        r"(?:postponed|stayed|halted|suspended)"
        r"|смяротн\w+ пакаранн\w*|да расстрэлу|смяротн\w+ прысуд\w*)",
    ),
    (
        "sentenced",
        55,
        True,
        describe_sentence,
        # A term changed on appeal, by a pardon or for a new offence: news
        # after the sentence, whose term (or change of it) the detail gives.
        r"\b(?:commuted|заменили|заменен\w*|заменён\w*|замянілі|заменены"
        rf"|(?:{_CHANGE_VERBS}) (?:[\w'’-]+ ){{0,5}}?(?:{_SENTENCE_WORDS})"
        rf"|(?:{_SENTENCE_WORDS}) (?:[\w'’-]+ ){{0,4}}?(?:{_CHANGE_PARTICIPLES})"
        r"|added (?:[\w-]+ ){0,3}(?:years?|months?) to (?:\w+ )?(?:sentence|term|prison term))\b",
    ),
    (
        "released",
        60,
        True,
        _released,
        r"\b(?:(?:was|were|(?:has|have)(?: \w+ly)? been|got|is now|are now)(?: \w+)? "
        r"(?:released|freed|pardoned)|(?:released|freed) (?:on|from|in)|and (?:later )?released"
        r"|walked free|pardoned|acquitted|(?:is|are) (?:now )?free\b|оправдан\w*|апраўдан\w*"
        r"|освобожд[её]н(?:а|ы|о)?|освободили|вышл[аи] на свободу|вышел на свободу"
        r"|помилован(?:а|ы)?|помиловал\w*|вызвален(?:а|ы|ая)?|вызвалілі"
        r"|выйш(?:аў|ла|лі) на волю|памілаван(?:а|ы|ая)?|памілаваў"
        r"|на (?:свободу|волю) (?:\w+ )?(?:вышл[аи]|вышел|выйш(?:аў|ла|лі))"
        r"|(?:his|her|their) release from (?:prison|jail|custody|detention)"
        r"(?!,? (?:which|that) (?:is|was) (?:to|due|expected|scheduled))"
        r"|(?:released|freed) (?:him|her|them)\b|помиловани[ея]|памілаванн[ея]|pardon of"
        # a headline's bare participle: "X released, Y still in custody"
        r"|(?<=\w )(?:released|freed)(?=\s*(?:[,.;:!]|$)|\s+(?:from|after|early|ahead)\b))\b",
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
        r"\b(?:(?:was|were|(?:has|have)(?: \w+ly)? been)(?: \w+ly)? executed|executed on"
        r"|the executed (?:person|man|prisoner|convict) (?:was|is)|(?:reported|reportedly)"
        r" executed|reported execution of|most likely (?:been )?executed"
        r"|execution (?:was|has been) carried out|расстрелян\w*"
        r"|приговор\w* (?:[\w-]+ ){0,3}(?:был )?привед[её]н\w* в исполнение|расстраля\w*"
        r"|прысуд\w* (?:[\w-]+ ){0,3}(?:быў )?выкана\w*|прывялі прысуд у выкананне)",
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

# What makes a status a demand, a fear or a maybe. "urge" is the verb (and "urgently"),
# not "Urgent": "Urgent Action: X sentenced to death" (an Amnesty title) is a fact.
_MODAL = re.compile(
    r"\b(?:be|should|must|shall|will|would|could|may|might|can|cannot|if|urg(?:e[sd]?|ing|ently)"
    r"|call\w* for|demand\w*|fear\w*|believed|possibly|probably|allegedly|rumou?r\w*"
    r"|быть|быць|должн\w*|павінн\w*|требу\w*|патрабу\w*|может|можа|могут|если|калі"
    r"|возможно|магчыма|опасаются|баяцца|asked for|request\w*|просил\w*|запросил\w*"
    r"|faces?|facing|up to|грозит|грозило|пагражае|spent|провел\w*|провёл\w*|отбыл\w*|адбыў"
    r"|назначить|прызначыць|признать|прызнаць|приговорить|прыгаварыць"
    r"|прасіў|прасіла|папрасіў|запатрабаваў)\W+(?:\w+\W+){0,4}$",
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
# "had been released": the backstory, told before the page's news (not "had
# her sentence cut", where "had" is not the tense).
_PLUPERFECT = re.compile(r"\bhad(?!\W+(?:his|her|their)\W+$)\W+(?:\w+\W+){0,4}$", re.I)


# What each sentence rule (by rank) cannot match without: every match of it
# holds one of these (lower case). A sentence without any is not searched
# with the rule: the rules are long alternations, tried at every word, and
# most sentences hold the words of one or two rules at most.
_NEEDS: dict[int, tuple[str, ...]] = {
    10: (
        "detain", "arrest", "abduct", "custody", "detention", "bars", "remain", "held",
        "задерж", "арест", "страж", "сизо", "решётк", "решетк", "похищ", "заключ", "тюрьм",
        "затрым", "арышт", "вартай", "сізо", "кратамі", "зняволен",
    ),
    20: (
        "charge", "indict", "accus", "prosecut", "criminal", "обвин", "уголовн", "подозрева",
        "абвінавач", "крымінальн", "падазрона", "fac", "грози", "пагража",
    ),
    30: ("trial", "case", "суд", "уголовн", "крымінальн"),
    40: (
        "sentenc", "convict", "jail", "impris", "year", "month", "upheld", "colony", "verdict",
        "колони", "калоні", "калёні", "приговор", "прысуд", "осужд", "осуди", "получил", "год",
        "лет", "гад", "асудж", "асудз", "прыгавар", "прыгавор", "пазбаўлен", "лишени",
        "отбыва", "адбыва", "этап",
    ),
    41: ("releas", "freed", "term", "sentenc", "выйд", "освобод", "вызвал", "срок", "тэрмін"),
    50: ("death", "execut", "смертн", "расстрел", "высш", "смяротн", "расстрэл"),
    55: (
        "commut", "замен", "замян", "sentenc", "term", "срок", "приговор", "наказани", "тэрмін",
        "прысуд", "пакаранн",
    ),
    60: (
        "releas", "free", "pardon", "acquit", "оправдан", "апраўдан", "освобожд", "освобод",
        "свобод", "помилов", "вызвал", "волю", "памілав",
    ),
    70: ("arrest", "detain", "задерж", "арест", "затрым", "арышт"),
    80: ("execut", "расстрел", "расстраля", "приговор", "прысуд"),
}  # fmt: skip


def _compile(
    table: Iterable[tuple[Status, int, bool, Callable[[str], str], str]],
    needs: dict[int, tuple[str, ...]] | None = None,
) -> tuple[Rule, ...]:
    return tuple(
        Rule(
            status,
            rank,
            re.compile(pattern, re.IGNORECASE),
            guarded,
            detail,
            needs[rank] if needs else (),
        )
        for status, rank, guarded, detail, pattern in table
    )


SENTENCE_RULES = _compile(_TABLE, _NEEDS)
# How far along a case each status is, by its first rule ("unknown" least).
RANK: dict[Status, int] = {"unknown": 0}
for _rule in SENTENCE_RULES:
    RANK.setdefault(_rule.status, _rule.rank)
FIELD_RULES = SENTENCE_RULES + _compile(_FIELD_TABLE)


@dataclass(frozen=True)
class Found:
    """A statement of ``rule.status`` at ``start:end`` of the text searched."""

    rule: Rule
    start: int
    end: int
    backstory: bool = False  # told in the pluperfect ("had been sentenced")


def find_statements(
    text: str, rules: tuple[Rule, ...] = SENTENCE_RULES, *, backstory: bool = False
) -> list[Found]:
    """Every statement of a status in ``text``, in order: facts only (not
    negated, and for guarded rules not a demand, a fear or a maybe). Where
    two rules match the same words, the one further along the case keeps them.
    Statements in the pluperfect ("had been released") are the backstory:
    left out, unless ``backstory`` asks for them (flagged)."""
    lowered = text.lower()
    found = [
        Found(rule, match.start(), match.end(), reading == "backstory")
        for rule in rules
        if not rule.needs or _holds_any(lowered, rule.needs)
        for match in rule.pattern.finditer(text)
        if (reading := _reading(text, match, rule)) == "fact"
        or (backstory and reading == "backstory")
    ]
    found.sort(key=lambda f: (f.start, -f.rule.rank))
    kept: list[Found] = []
    for statement in found:
        clash = next((k for k in kept if k.start < statement.end and statement.start < k.end), None)
        if clash is None:
            kept.append(statement)
        elif statement.rule.rank > clash.rule.rank:
            kept[kept.index(clash)] = statement
    return kept


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``words`` (a loop: quicker than any())."""
    for word in words:  # noqa: SIM110 -- a loop is twice as quick as any() over a generator
        if word in text:
            return True
    return False


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
    stated = [(f.rule, snippet) for snippet in snippets for f in find_statements(snippet, rules)]
    for rule, _ in stated:
        if best is None or rule.rank > best.rank:
            best = rule
    if best is None:
        return "unknown", ""
    # The detail of the first sentence that gives one (an article, a term).
    details = (best.detail(s) for rule, s in stated if rule.status == best.status)
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
        stated = [f.rule for f in find_statements(clause, rules)]
        if year is not None and stated:
            yield year, max(stated, key=lambda r: r.rank), clause


def most_advanced(results: Iterable[tuple[Status, str]]) -> tuple[Status, str]:
    """The furthest along of several (status, detail) readings."""
    return max(results, key=lambda result: RANK[result[0]], default=("unknown", ""))


def classify_field(value: str) -> tuple[Status, str]:
    """Like :func:`classify`, also reading bare status words of cells and fields."""
    return classify([value.strip()], FIELD_RULES)


def _reading(text: str, match: re.Match[str], rule: Rule) -> str | None:
    """ "fact" when the match states the rule's status as a fact: not negated,
    and (for guarded rules) not a demand, a fear or a maybe; "backstory" when
    it does so in the pluperfect; None when it states nothing."""
    before = text[max(0, match.start() - _MODAL_REACH) : match.start()]
    if _NEGATION.search(before) or _NEGATED.search(match.group(0)):
        return None
    if not rule.guarded:
        return "fact"
    if _MODAL.search(before):
        return None
    return "backstory" if _PLUPERFECT.search(before) else "fact"

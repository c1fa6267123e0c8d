# ruff: noqa: RUF001, RUF003 -- Cyrillic letters are the data here
"""Prison terms as pages write them, in English, Russian and Belarusian.

"11 years", "4.5 years", "four and a half years", "14 years and 9 months",
"a year", "к четырем годам", "на 2 гады", "дзевяці гадоў", "да года",
"полтора года", "10-year sentence"; and lists that give several people their
terms at once ("sentenced to 20 and 10 years", "по 16 и 15 лет").

A change of a term is read as such: "cut by one month", "сократил срок на
год", "павялічыў тэрмін на два гады" state by how much (a relative term,
added to the term stated before it in the same text: "cut his 7-year
sentence by one month" is 6 years and 11 months); "reduced to eight years",
"commuted to 15 years", "смягчил до пяти лет" state the new term itself.

Not terms: ages ("36-year-old", "aged 19", "в возрасте 30 лет"), ranges and
maxima ("6 to 8 years", "between six and eight years", "up to 12 years",
"до 12 лет"), time already served ("spent four years", "imprisoned for four
years", "после двух лет"), and a move to prison regime for part of a term
("три года тюремного режима"), which changes where, not how long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casewatch.text import plural

_WORDS: dict[int, str] = {
    1: "one a an один одного одному одним адзін аднаго аднаму",
    2: "two два двух двум двумя дзве дзвюх двух дзвюм двума",
    3: "three три трех трёх трем трём тремя тры трох тром",
    4: "four четыре четырех четырёх четырем четырём чатыры чатырох чатыром",
    5: "five пять пяти пяць пяці",
    6: "six шесть шести шэсць шасці",
    7: "seven семь семи сем сямі",
    8: "eight восемь восьми восем васьмі",
    9: "nine девять девяти дзевяць дзевяці",
    10: "ten десять десяти дзесяць дзесяці",
    11: "eleven одиннадцать одиннадцати адзінаццаць адзінаццаці",
    12: "twelve двенадцать двенадцати дванаццаць дванаццаці",
    13: "thirteen тринадцать тринадцати трынаццаць трынаццаці",
    14: "fourteen четырнадцать четырнадцати чатырнаццаць чатырнаццаці",
    15: "fifteen пятнадцать пятнадцати пятнаццаць пятнаццаці",
    16: "sixteen шестнадцать шестнадцати шаснаццаць шаснаццаці",
    17: "seventeen семнадцать семнадцати семнаццаць семнаццаці",
    18: "eighteen восемнадцать восемнадцати васямнаццаць васямнаццаці",
    19: "nineteen девятнадцать девятнадцати дзевятнаццаць дзевятнаццаці",
    20: "twenty двадцать двадцати дваццаць дваццаці",
}
NUMBER_WORDS: dict[str, int] = {word: n for n, words in _WORDS.items() for word in words.split()}
# Any word may stand where a number word does; _months() checks it is one. (An
# alternation of every number word would be tried at every position: slow.)
_NOT_NUMBERS = r"(?:да|до|на|к|по|за|в|у|з|с|of|to|in|for|the|полтора|паўтара)\b"
_NUM = rf"(?:\d{{1,2}}(?:[.,]5)?|(?!{_NOT_NUMBERS})[^\W\d_]+)"
_HALF = r"(?:[-\s]+and[-\s]+a[-\s]+half|\s*½|\s+с\s+половиной|\s+з\s+паловай)"
_YEARS = r"(?:years?|год(?:а|у|ам|ами|ах)?|лет|гады|гадоў|гадам|гадамі|года)"
_MONTHS = r"(?:months?|месяц(?:а|ев|у|ам|ами)?|месяц(?:ы|аў|ам))"
_UNIT = rf"(?P<unit>{_YEARS}|{_MONTHS})"
_ONE = rf"(?P<n>{_NUM})(?P<half>{_HALF})?[-\s]?{_UNIT}(?![\w-]*(?:\s+old|-old))"
_MORE_MONTHS = rf"(?:,?\s+(?:and\s+|и\s+|і\s+)?(?P<m>{_NUM})[-\s]{_MONTHS})?"
_LIST = (
    rf"(?P<list>{_NUM}(?:\s*,\s*{_NUM})*\s+(?:and|и|і)\s+{_NUM})"
    rf"[-\s](?P<list_unit>{_YEARS}|{_MONTHS})"
)
_TERM = re.compile(
    rf"(?<![\w.,])(?:{_LIST}|{_ONE}{_MORE_MONTHS}"
    rf"|(?P<adj>{_NUM})-?(?:летн\w*|гадов\w*)(?=\s+(?:срок|приговор|тэрмін|прысуд|заключ|пакаран))"
    r"|(?P<one_year>(?<=к\s)году|(?<=да\s)года|(?<=на\s)год)"
    r"|(?P<and_half>полтора\s+года|паўтара\s+года|a\s+year\s+and\s+a\s+half)"
    r"|(?P<life>life(?:\s+imprisonment|\s+sentence|\s+in\s+prison)|пожизненн\w*|пажыццёв\w*))"
    r"(?!\w)",
    re.IGNORECASE,
)
# Words right before a number that make it an age, a range, a maximum or time served.
_NOT_A_TERM_BEFORE = re.compile(
    r"(?:\baged?|\bage\s+of|возрасте|узросце|\bup\s+to|\bupto|\bbetween|\bfrom|\bот|\bад"
    r"|(?<![\w])до|\bmaximum\s+of|\bspent|\bafter|\bfor\s+the\s+past|\bover\s+the\s+past"
    r"|(?:imprisoned|held|detained|jailed\s+for\s+the\s+past)\s+for"
    r"|провел\w*|провёл\w*|отбыл\w*|адбыў|адбыла|правёў|правяла|после|пасля"
    # A range's low end is a small number: "2021 to 11 years" is a date and a term.
    r"|(?<![\d.,])\d{1,2}(?:[.,]5)?[-\s]*(?:to|-|–|—|до|да|or|или|ці))\s*$",
    re.IGNORECASE,
)
_NOT_A_TERM_AFTER = re.compile(
    r"^(?:\s*(?:to|-|–|—|до|да|or|или|ці)\s*\d|[-\s]+old\b|\s+of\s+age"
    r"|\s+(?:тюремн\w+|турэмн\w+)\s+(?:режим|рэжым)|\s+of\s+prison\s+regime"
    r"|\s+(?:ago|назад|таму)\b)",
    re.IGNORECASE,
)


# Verbs that shorten or lengthen a term, in any form (a demand to shorten one
# is no statement, so its term is never given to anyone either).
_SHORTEN = (
    r"cut|reduc\w*|shorten\w*|lower\w*|decreas\w*|mitigat\w*|soften\w*"
    r"|сократ\w*|сокращ\w*|смягч\w*|сниз\w*|сниж\w*|уменьш\w*|скост\w*"
    r"|скарац\w*|скароч\w*|змякч\w*|зніз\w*|зніж\w*|паменш\w*"
)
_LENGTHEN = (
    r"extend\w*|increas\w*|lengthen\w*|продл\w*|увелич\w*|ужесточ\w*"
    r"|павяліч\w*|падоўж\w*"
)
_CHANGED = rf"\b(?:(?P<shorten>{_SHORTEN})|(?P<lengthen>{_LENGTHEN})|commut\w*|замен\w*|замян\w*)\b"
# "cut his sentence by one month", "сократил срок на год" (the gap may cross a
# headline's full stop: "сократил ему 7 лет срока. На один месяц").
_GAP = r"[^;.!?\n]{0,50}?(?:[.!?…]\s+(?:\w+\s+)?)?"
_CHANGED_BY = re.compile(rf"{_CHANGED}{_GAP}(?:\bby|(?<!\w)на)\s+$", re.IGNORECASE)
_ADDED = re.compile(
    r"\b(?:added|добавил\w*|добавлен\w*|дадаў|дадалі|дададзен\w*)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# "reduced to eight years", "commuted to 15 years", "смягчил до пяти лет".
_CHANGED_TO = re.compile(
    rf"{_CHANGED}[^;.\n]{{0,50}}?(?:\bto|(?<!\w)до|(?<!\w)да|(?<!\w)на)\s+$", re.IGNORECASE
)


@dataclass(frozen=True)
class Term:
    """A stated prison term; ``months`` holds one value, or one per person of
    a list ("20 and 10 years"); None for life imprisonment. ``change`` is 0
    for a term, -1 for a cut by ``months`` and +1 for an extension by them."""

    start: int
    end: int
    months: tuple[int | None, ...]
    change: int = 0


def _value(number: str) -> float:
    number = number.lower().replace(",", ".")
    number = re.sub(r"\s+", " ", number)
    return float(number) if number[0].isdigit() else float(NUMBER_WORDS[number])


def _months(match: re.Match[str]) -> tuple[int | None, ...]:
    if match.group("life"):
        return (None,)
    if match.group("adj"):
        return (round(_value(match.group("adj")) * 12),)
    if match.group("one_year"):
        return (12,)
    if match.group("and_half"):
        return (18,)
    unit = (match.group("unit") or match.group("list_unit")).lower()
    per = 1 if unit.startswith(("mon", "меся")) else 12
    if match.group("list"):
        numbers = re.split(r"\s*,\s*|\s+(?:and|и|і)\s+", match.group("list"), flags=re.I)
        return tuple(round(_value(n) * per) for n in numbers)
    value = _value(match.group("n")) + (0.5 if match.group("half") else 0)
    extra = round(_value(match.group("m"))) if match.group("m") else 0
    return (round(value * per) + extra,)


# A term needs one of these words: sentences without them are not searched.
_UNIT_HINT = re.compile(
    r"year|month|life|год|лет|гад|меся|пожизн|пажыцц|полтора|паўтара", re.IGNORECASE
)


def find_terms(text: str) -> list[Term]:
    """Every prison term ``text`` states, in order (see the module notes)."""
    terms: list[Term] = []
    if not _UNIT_HINT.search(text):
        return terms
    for match in _TERM.finditer(text):
        try:
            months = _months(match)
        except KeyError:  # a word that is not a number word
            continue
        before = text[max(0, match.start() - 30) : match.start()]
        after = text[match.end() : match.end() + 30]
        change = _change(text[max(0, match.start() - 80) : match.start()])
        if change is None:
            if _NOT_A_TERM_BEFORE.search(before) or _NOT_A_TERM_AFTER.match(after):
                continue
            change = 0
        terms.append(Term(match.start(), match.end(), months, change))
    return _apply_changes(terms)


def _change(before: str) -> int | None:
    """How the words ``before`` a term relate it to the term in force: -1 or
    +1 (a cut or an extension by it), 0 (the new term itself), None (no
    change is stated: an ordinary term, or none)."""
    by = _CHANGED_BY.search(before)
    if by and (by.group("shorten") or by.group("lengthen")):
        return -1 if by.group("shorten") else 1
    if _ADDED.search(before):
        return 1
    if _CHANGED_TO.search(before):
        return 0
    return None


def _apply_changes(terms: list[Term]) -> list[Term]:
    """A cut or an extension after a single term in the same text changes
    that term: "the 7-year sentence, cut by one month" is one term of 83
    months. One with no term before it stays relative (see :class:`Term`)."""
    out: list[Term] = []
    for term in terms:
        base = out[-1] if out else None
        if (
            term.change
            and base is not None
            and not base.change
            and len(base.months) == 1
            and base.months[0] is not None
            and len(term.months) == 1
            and term.months[0] is not None
        ):
            months = max(0, base.months[0] + term.change * term.months[0])
            out[-1] = Term(base.start, term.end, (months,))
        else:
            out.append(term)
    return out


def describe_months(months: int | None) -> str:
    """ "7 years and 6 months", "11 years", "18 months", "life imprisonment"."""
    if months is None:
        return "life imprisonment"
    years, rest = divmod(months, 12)
    if years and rest == 6 and years > 0:
        return f"{years}.5 years"
    parts = []
    if years:
        parts.append(plural(years, "year"))
    if rest:
        parts.append(plural(rest, "month"))
    return " and ".join(parts)

# ruff: noqa: RUF001 -- Cyrillic letters are the data here
"""Prison terms as pages write them, in English, Russian and Belarusian.

"11 years", "4.5 years", "four and a half years", "14 years and 9 months",
"a year", "к четырем годам", "на 2 гады", "дзевяці гадоў", "да года",
"полтора года", "10-year sentence"; and lists that give several people their
terms at once ("sentenced to 20 and 10 years", "по 16 и 15 лет").

Not terms: ages ("36-year-old", "aged 19", "в возрасте 30 лет"), ranges and
maxima ("6 to 8 years", "between six and eight years", "up to 12 years",
"до 12 лет"), time already served ("spent four years", "imprisoned for four
years", "после двух лет"), and a move to prison regime for part of a term
("три года тюремного режима"), which changes where, not how long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    rf"|(?P<adj>{_NUM})-(?:летн\w*|гадов\w*)(?=\s+(?:срок|приговор|тэрмін|прысуд|заключ|пакаран))"
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
    r"|\d[-\s]*(?:to|-|–|—|до|да|or|или|ці))\s*$",
    re.IGNORECASE,
)
_NOT_A_TERM_AFTER = re.compile(
    r"^(?:\s*(?:to|-|–|—|до|да|or|или|ці)\s*\d|[-\s]+old\b|\s+of\s+age"
    r"|\s+(?:тюремн\w+|турэмн\w+)\s+(?:режим|рэжым)|\s+of\s+prison\s+regime"
    r"|\s+(?:ago|назад|таму)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Term:
    """A stated prison term; ``months`` holds one value, or one per person of
    a list ("20 and 10 years"); None for life imprisonment."""

    start: int
    end: int
    months: tuple[int | None, ...]


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
        if _NOT_A_TERM_BEFORE.search(before) or _NOT_A_TERM_AFTER.match(after):
            continue
        terms.append(Term(match.start(), match.end(), months))
    return terms


def describe_months(months: int | None) -> str:
    """ "7 years and 6 months", "11 years", "18 months", "life imprisonment"."""
    if months is None:
        return "life imprisonment"
    years, rest = divmod(months, 12)
    if years and rest == 6 and years > 0:
        return f"{years}.5 years"
    parts = []
    if years:
        parts.append(f"{years} year{'' if years == 1 else 's'}")
    if rest:
        parts.append(f"{rest} month{'' if rest == 1 else 's'}")
    return " and ".join(parts)

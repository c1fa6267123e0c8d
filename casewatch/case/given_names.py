# ruff: noqa: RUF001 -- Cyrillic letters are the data here
"""Given names that are one name in Belarusian, Russian, Ukrainian and Latin.

Phonetic keys already equate most spellings of one given name (Siarhei,
Сергей, Сяргей). These are the forms they cannot: short forms used as the
name (Алесь for Аляксандр, Зміцер for Дзмітры), and pairs whose letters
differ too much (Мікалай and Николай, Вольга and Ольга).
"""

from __future__ import annotations

from functools import cache

from casewatch.case.phonetic import split_key

_GROUPS = (
    "Аляксандр Александр Олександр Алесь Алеся Алесю Алесем Aliaksandr Aleksandr Alexander"
    " Oleksandr Ales Alies Aleś",
    "Дзмітры Дмитрий Дмитро Зміцер Зьміцер Змітра Зьмітра Змітрам Зьмітрам Змитрок Змітрок"
    " Dzmitry Dmitry Dmitri Zmitser Zmicier Zmitsier",
    "Мікалай Николай Микола Мікола Mikalai Nikolai Nikolay Mykola Mikola",
    "Вольга Ольга Volha Olga Olha",
    "Яўген Евгений Євген Yauhen Yevgeny Evgeny Yevhen",
    "Ягор Егор Єгор Yahor Yegor Egor",
    "Юрый Юрий Юрій Yury Yuri Yuriy Yurii",
    "Алег Олег Oleh Aleh Oleg",
    "Аляксей Алексей Олексій Aliaksei Aleksei Alexei Alexey Oleksiy",
    "Міхаіл Михаил Михайло Міхась Mikhail Mikhal Mykhailo",
    "Уладзімір Владимир Володимир Uladzimir Vladimir Volodymyr",
    "Пётр Петр Пятро Петро Piotr Pyotr Petro Piatro",
    "Іван Иван Ян Ivan",
    "Ганна Анна Hanna Anna",
    "Кацярына Екатерина Katsiaryna Yekaterina Ekaterina Kateryna",
)


@cache
def _index() -> dict[str, frozenset[str]]:
    index: dict[str, frozenset[str]] = {}
    for group in _GROUPS:
        keys = frozenset(split_key(name)[0] for name in group.split())
        for key in keys:
            index[key] = index.get(key, frozenset()) | keys
    return index


def equivalent_keys(key: str) -> frozenset[str]:
    """``key`` and the keys of every other form of the same given name."""
    return _index().get(key, frozenset()) | {key}

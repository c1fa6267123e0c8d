# ruff: noqa: RUF001 -- Cyrillic letters and typographic quotes are the data here
"""Names as real pages write them: declined, shortened, shared, through relatives.

Every name and sentence here is invented for the test.
"""

from __future__ import annotations

import pytest

from casewatch.case.people import PeopleIndex, Person

PEOPLE = (
    Person("Stanislau Mazheika", ("Станислав Мажейко",)),
    Person("Illia Mazheika", ("Илья Мажейко",)),
    Person("Paval Sierabrynets", ("Павал Серабрынец",)),
    Person("Aliaksandr Kaptsiuk", ("Александр Копцюк",)),
    Person("Zmitser Harbatsevich", ("Дмитрий Горбацевич",)),
    Person("Mikalai Dziamidau", ("Николай Демидов",)),
    Person("Ihar Zhylnikau", ("Игорь Жильников",)),
    Person("Ihar Pazniak", ("Игорь Позняк",)),
    Person("Darya Pazniak", ("Дарья Позняк",)),
    Person("Viktar Pazniak", ("Виктор Позняк",)),
    Person("Farid Rahimizada", ("Фарид Рахимизаде",)),
    Person("Yauhen Bereznoi", ("Евгений Бережной",)),
)
INDEX = PeopleIndex(PEOPLE)

# (text, the people it names)
CASES = [
    # one surname, two given names
    (
        "The brothers Stanislau and Illia Mazheika were arrested.",
        {"Stanislau Mazheika", "Illia Mazheika"},
    ),
    ("Братья Станислав и Илья Мажейко задержаны.", {"Stanislau Mazheika", "Illia Mazheika"}),
    ("Браты Станіслаў і Ілля Мажэйка затрыманыя.", {"Stanislau Mazheika", "Illia Mazheika"}),
    ("Illia Mazheika was arrested.", {"Illia Mazheika"}),
    # Russian declension with fleeting vowels, against a Belarusian alias
    ("Суд оставил Павла Серабрынца под стражей.", {"Paval Sierabrynets"}),
    ("Павлу Серабрынцу продлили арест.", {"Paval Sierabrynets"}),
    ("Павел Серабрынец остается в колонии.", {"Paval Sierabrynets"}),
    # short forms used as the given name
    ("Палітвязень Алесь Капцюк напісаў ліст.", {"Aliaksandr Kaptsiuk"}),
    ("Лісты Алесю Капцюку не даходзяць.", {"Aliaksandr Kaptsiuk"}),
    ("Сустрэча са Зьмітром Гарбацэвічам адбылася ў турме.", {"Zmitser Harbatsevich"}),
    ("Зміцер Гарбацэвіч вызвалены.", {"Zmitser Harbatsevich"}),
    ("Мікалай Дзямідаў застаецца за кратамі.", {"Mikalai Dziamidau"}),
    ("Николая Демидова перевели в другую колонию.", {"Mikalai Dziamidau"}),
    # masculine genitive that looks feminine
    ("Адвокат Игоря Жильникова подал жалобу.", {"Ihar Zhylnikau"}),
    ("Суд над Жильниковым начался.", {"Ihar Zhylnikau"}),
    # adjectival surname
    ("Евгения Бережного задержали.", {"Yauhen Bereznoi"}),
    ("Бережной остается под стражей.", {"Yauhen Bereznoi"}),
    # Persian/Azerbaijani -eh
    ("Farid Rahimizadeh was detained.", {"Farid Rahimizada"}),
    ("Farid Rahımızadeh was detained.", {"Farid Rahimizada"}),
    # relatives named by a given name after the watched person
    ("Ihar Pazniak's wife, Darya, was detained.", {"Ihar Pazniak", "Darya Pazniak"}),
    ("Жонка Ігара Пазняка Дар’я асуджаная.", {"Ihar Pazniak", "Darya Pazniak"}),
    ("Жена Игоря Позняка Дарья задержана.", {"Ihar Pazniak", "Darya Pazniak"}),
    # namesakes and relatives who are not watched stay apart
    ("Viktar Pazniak was released.", {"Viktar Pazniak"}),
    ("His mother, Tatsiana Pazniak, was questioned.", set()),
    ("Ihar Pazniak's lawyer, Hanna Sidorava, spoke.", {"Ihar Pazniak"}),
    ("Stanislau and Anatol Mazheika met.", {"Stanislau Mazheika"}),
    ("Anton Sierabrynets is a namesake.", set()),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_people_named(text: str, expected: set[str]) -> None:
    assert {m.person for m in INDEX.find(text)} == expected

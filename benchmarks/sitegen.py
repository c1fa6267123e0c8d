"""Generated case pages for the benchmarks: sizes, names and statuses like the
real ones, written from invented words (no third-party text).

Each page is about one invented person, states a status and a date, and is
padded with generated prose, a menu and a footer to a size drawn between the
bounds given. A page's content is a pure function of (seed, index, version):
bumping the version rewrites its news sentence, the way a case page changes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

# Invented people (name, Cyrillic spelling): the config watches them all.
PEOPLE = [
    ("Aliaksandra Vuialchyk", "Александра Вуяльчик"),
    ("Dzianis Harbuzau", "Денис Гарбузов"),
    ("Hanna Mialeshka", "Анна Мялешко"),
    ("Ihar Krasnaborau", "Игорь Красноборов"),
    ("Katsiaryna Pazniak", "Екатерина Позняк"),
    ("Leanid Tsiareshka", "Леонид Терешко"),
    ("Maksim Vasilyeu", "Максим Васильев"),
    ("Nastassia Kruhlova", "Анастасия Круглова"),
    ("Paval Dziamidau", "Павел Демидов"),
    ("Raman Sakalouski", "Роман Соколовский"),
    ("Sviatlana Hrabouskaya", "Светлана Грабовская"),
    ("Uladzislau Pinchuk", "Владислав Пинчук"),
    ("Volha Strelchanka", "Ольга Стрельченко"),
    ("Yauhen Mazurkevich", "Евгений Мазуркевич"),
    ("Zmitser Kavaliou", "Дмитрий Ковалёв"),
    ("Aksana Baranouskaya", "Оксана Барановская"),
    ("Barys Latushka", "Борис Латушко"),
    ("Darya Karatkevich", "Дарья Короткевич"),
    ("Eduard Palchys", "Эдуард Пальчис"),
    ("Iryna Sidarenka", "Ирина Сидоренко"),
]

_ENGLISH = (
    "the court hearing appeal lawyer family letters colony prison regional city district "
    "week month year visit parcel health medical report campaign supporters statement "
    "authorities prosecutor judge verdict charges article criminal code protest rally "
    "organisation members volunteers network rights defenders journalist editor trial "
    "closed doors relatives allowed denied transferred cell punishment isolation days "
    "without correspondence solidarity petition signatures embassy diplomats observers "
    "according to information received from sources close said that there is no news "
    "about condition since last spring when was seen in good spirits despite pressure"
)
_RUSSIAN = (
    "суд заседание апелляция адвокат семья письма колония тюрьма область город неделя "
    "месяц год свидание передача здоровье кампания сторонники заявление власти прокурор "
    "судья приговор обвинение статья уголовный кодекс протест организация правозащитник "
    "журналист процесс закрытый родственники разрешено отказано переведён камера "
    "наказание изолятор дней без переписки солидарность петиция подписи посольство"
)
_WORDS, _WORDS_RU = _ENGLISH.split(), _RUSSIAN.split()
_STATUSES = [
    "was detained on {date}",
    "was charged under article {n} of the criminal code on {date}",
    "went on trial on {date}",
    "was sentenced to {n} years in a penal colony on {date}",
    "was released on {date} after serving the sentence",
]
_STATUSES_RU = [
    "был задержан {date}",
    "был осуждён на {n} лет колонии {date}",
    "был освобождён {date}",
]
_MENU = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
_FOOTER = "<footer><p>Generated page for casewatch benchmarks. Contact: bench@example.org</p>"


@dataclass(frozen=True)
class Page:
    body: bytes
    etag: str
    last_modified: dt.datetime


def person_of(index: int) -> tuple[str, str]:
    return PEOPLE[index % len(PEOPLE)]


def generate(
    seed: int, index: int, version: int, size: tuple[int, int], changed_at: dt.datetime
) -> Page:
    """Page ``index`` at ``version``: ``size`` is (min, max) bytes of HTML."""
    shape = random.Random(f"{seed}/{index}")  # size, language: fixed per page
    target = shape.randint(*size)
    russian = shape.random() < 0.25
    name, cyrillic = person_of(index)
    news = random.Random(f"{seed}/{index}/{version}")  # what the page says now
    day = dt.date(2026, 1, 1) + dt.timedelta(days=news.randint(0, 300))
    templates, words, who = (
        (_STATUSES_RU, _WORDS_RU, cyrillic) if russian else (_STATUSES, _WORDS, name)
    )
    status = news.choice(templates).format(date=f"{day:%d.%m.%Y}", n=news.randint(2, 15))
    head = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{who}</title></head>"
        f"<body><nav><ul>{_MENU}</ul></nav><main><h1>{who}</h1>"
        f"<p class='status'>{who} {status}.</p><p>Update {version}: case file {index}.</p>"
    )
    parts = [head]
    length = len(head.encode()) + len(_FOOTER) + 20
    while length < target:
        paragraph = "<p>" + " ".join(shape.choices(words, k=60)) + ".</p>"
        parts.append(paragraph)
        length += len(paragraph.encode())
    parts.append(f"</main>{_FOOTER}</body></html>")
    body = "".join(parts).encode()
    return Page(body, f'"p{index}-v{version}"', changed_at)

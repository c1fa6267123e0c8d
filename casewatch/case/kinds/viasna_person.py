"""``viasna_person``: one political prisoner's page, with labelled fields.

Fields come as "Label: value", as table rows "Label | value" or as a label
line followed by its value (definition lists). The status follows from the
fields: a past release date, else the sentence, the trial, the charges, the
detention; the prose decides only when the fields say nothing.

The fields describe the page's own person: the source's one configured person
(``subject``), else the one watched person its heading names; never simply the
first watched name in the prose, which may be a cellmate or a lawyer. "Today"
(is a release date past?) is the day of the check in the configured time zone,
given by the caller.
"""

from __future__ import annotations

import datetime as dt
import re

from casewatch.case.dates import parse_date
from casewatch.case.deadlines import APPEAL, HEARING, find_deadlines
from casewatch.case.facts import Deadline, Facts, PersonFacts, Status
from casewatch.case.kinds.base import Kind
from casewatch.case.mentions import people_facts
from casewatch.case.people import PeopleIndex
from casewatch.case.status import classify_field, describe_sentence, most_advanced

_LABELS = {
    "detained": r"date of (?:detention|arrest)|detained|arrested|дата (?:задержания|ареста)"
    r"|задержан[аы]?|дата (?:затрымання|арышту)|затрыман[аы]?",
    "charges": r"charges?|articles?|стать[яи]|обвинение|артыкул[ыа]?|абвінавачванне",
    "sentence": r"sentence|verdict|приговор|прысуд",
    "prison": r"prison|place of (?:detention|imprisonment)|место (?:отбывания|содержания)"
    r"(?: наказания)?|месца (?:адбывання|ўтрымання)(?: пакарання)?",
    "released": r"(?:date of )?release(?: date)?|released|дата освобождения|освобожден[аы]?"
    r"|дата вызвалення|вызвален[аы]?",
    "trial": r"trial(?: date)?|date of trial|court hearing|дата суда|судебное заседание"
    r"|дата суду|судовае пасяджэнне|суд",
    "appeal": r"appeal(?: hearing)?|апелляция|апеляцыя",
    "status": r"status|статус",
}
_FIELD = re.compile(
    r"^(?P<label>" + "|".join(f"(?P<{key}>{p})" for key, p in _LABELS.items()) + r")"
    r"\s*(?:[:|]\s*(?P<value>.*))?$",
    re.IGNORECASE | re.MULTILINE,
)


def read_fields(text: str) -> dict[str, str]:
    """The labelled fields of ``text``, first occurrence of each."""
    fields: dict[str, str] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = _FIELD.match(line.strip())
        if not match:
            continue
        key = next(k for k in _LABELS if match.group(k))
        value = (match.group("value") or "").strip(" |")
        if not value and number + 1 < len(lines):
            value = lines[number + 1].strip()
        fields.setdefault(key, value)
    return fields


def status_from_fields(fields: dict[str, str], today: dt.date) -> tuple[Status, str]:
    detained = parse_date(fields.get("detained", ""))
    released = parse_date(fields.get("released", ""))
    readings: list[tuple[Status, str]] = []
    if released and released <= today and not (detained and detained > released):
        readings.append(("released", classify_field(fields["released"])[1]))
    if fields.get("sentence"):
        value = fields["sentence"]
        readings.append(
            most_advanced([classify_field(value), ("sentenced", describe_sentence(value))])
        )
    trial = parse_date(fields.get("trial", ""))
    if trial and trial <= today:
        readings.append(("on_trial", ""))
    if fields.get("charges"):
        readings.append(("charged", classify_field("charged " + fields["charges"])[1]))
    if fields.get("detained"):
        readings.append(("detained", ""))
    if fields.get("status"):
        readings.append(classify_field(fields["status"]))
    return most_advanced(readings)


def own_person(text: str, people: PeopleIndex, subject: str | None) -> str | None:
    """The person the page is about: ``subject``, else the one its heading names."""
    if subject:
        return subject
    heading = next((line for line in text.splitlines() if line.strip()), "")
    named = {m.person for m in people.find(heading)}
    return named.pop() if len(named) == 1 else None


class ViasnaPerson(Kind):
    name = "viasna_person"

    def read(
        self,
        text: str,
        people: PeopleIndex,
        page_date: dt.date | None = None,
        today: dt.date | None = None,
        subject: str | None = None,
    ) -> Facts:
        fields = read_fields(text)
        about = {p.person: p for p in people_facts(text, people, page_date, today)}
        person = own_person(text, people, subject)
        status, detail = status_from_fields(fields, today or dt.date.max)
        if person and status != "unknown":
            about[person] = PersonFacts(person, status, detail, _iso(page_date))
        deadlines = {
            (d.label, d.date): d
            for d in find_deadlines(text, person, page_date=page_date, today=today)
        }
        for key, label in (("trial", HEARING), ("appeal", APPEAL)):
            date = parse_date(fields.get(key, ""))
            if date:
                deadlines.setdefault((label, date), Deadline(label, date, person))
        return Facts(
            people=tuple(about.values()),
            deadlines=tuple(deadlines.values()),
            extra={"fields": fields} if fields else {},
        )


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None

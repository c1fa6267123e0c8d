"""What a page says about a case, as plain data.

Facts are produced by the per-kind extractors (``casewatch.case.kinds``) from
the watched text of one snapshot, stored as JSON beside it, and compared with
the facts of the previous snapshot to raise case events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

Status = Literal[
    "detained",
    "charged",
    "on_trial",
    "sentenced",
    "death_sentence",
    "executed",
    "released",
    "unknown",
]
STATUSES: tuple[str, ...] = get_args(Status)
# How a status reads in an alert or a table.
STATUS_LABELS: dict[str, str] = {
    "detained": "detained",
    "charged": "charged",
    "on_trial": "on trial",
    "sentenced": "sentenced",
    "death_sentence": "sentenced to death",
    "executed": "executed",
    "released": "released",
    "unknown": "unknown",
}


def describe_status(status: str, detail: str = "") -> str:
    """ "sentenced (11 years, penal colony)", or the status alone."""
    label = STATUS_LABELS.get(status, status.replace("_", " "))
    return f"{label} ({detail})" if detail and detail != label else label


@dataclass(frozen=True)
class PersonFacts:
    """A watched person named on the page, with what the page says of them."""

    person: str  # canonical name, as in the config's [[people]] name
    status: Status = "unknown"
    status_detail: str = ""  # e.g. "11 years, penal colony"
    # ISO date of the statement the status comes from (its own date, else the
    # page's); None when neither is known. Orders statuses across sources.
    stated_on: str | None = None


@dataclass(frozen=True)
class Deadline:
    """A date by which something happens: an action deadline, hearing, appeal."""

    label: str  # "action deadline", "hearing", "appeal", ...
    date: dt.date
    person: str | None = None


@dataclass(frozen=True)
class Facts:
    people: tuple[PersonFacts, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    ua_number: str | None = None  # normalised, e.g. "147.20"
    ai_index: str | None = None  # e.g. "EUR 49/1845/2020"
    signatures: int | None = None
    signature_goal: int | None = None
    # Kind-specific extras that no event depends on (targets, languages, ...).
    extra: dict[str, Any] = field(default_factory=dict)

    def person(self, name: str) -> PersonFacts | None:
        return next((p for p in self.people if p.person == name), None)

    @property
    def sole_person(self) -> str | None:
        """The one watched person the page names, if it names just one."""
        return self.people[0].person if len(self.people) == 1 else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["deadlines"] = [{**d, "date": d["date"].isoformat()} for d in data["deadlines"]]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Facts:
        if not data:
            return cls()
        return cls(
            people=tuple(PersonFacts(**p) for p in data.get("people", ())),
            deadlines=tuple(
                Deadline(
                    label=d["label"],
                    date=dt.date.fromisoformat(d["date"]),
                    person=d.get("person"),
                )
                for d in data.get("deadlines", ())
            ),
            ua_number=data.get("ua_number"),
            ai_index=data.get("ai_index"),
            signatures=data.get("signatures"),
            signature_goal=data.get("signature_goal"),
            extra=dict(data.get("extra") or {}),
        )

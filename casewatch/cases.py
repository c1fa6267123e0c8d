"""The current state of every watched person (``casewatch cases``).

Each source's current snapshot says what it knows of a person now; the
newest such statement wins, dated by the event that recorded it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from sqlalchemy.orm import Session

from casewatch.case.facts import Facts
from casewatch.config import Config
from casewatch.db import queries, store
from casewatch.db.models import Source


def case_overview(session: Session, config: Config) -> list[dict[str, Any]]:
    settings = config.settings
    today = dt.datetime.now(zoneinfo.ZoneInfo(settings.alerts.timezone)).date()
    watched = {s.name: s for s in settings.sources}
    sources = {s.id: s for s in session.query(Source) if s.name in watched}
    current = {
        sources[sid]: Facts.from_json(snap.facts)
        for sid, snap in store.latest_snapshots(session).items()
        if sid in sources  # a removed page's last word still stands
    }
    status_events = queries.status_events(session)
    cases = []
    for person in settings.people:
        case: dict[str, Any] = {
            "person": person.name,
            "status": "unknown",
            "status_detail": "",
            "status_since": None,
            "status_source": None,
            "deadlines": [],
            "sources": [],
            "last_event_at": _iso(queries.last_event_at(session, person.name)),
        }
        best: dt.datetime | None = None
        for source, facts in current.items():
            said = facts.person(person.name)
            configured = person.name in watched[source.name].people
            if said is None and not configured:
                continue
            case["sources"].append(source.name)
            case["deadlines"] += [
                {"date": d.date.isoformat(), "label": d.label, "source": source.name}
                for d in facts.deadlines
                if d.person in (None, person.name) and d.date >= today
            ]
            if said is None or said.status == "unknown":
                continue
            since = status_events.get((person.name, source.id))
            if best is None or (since is not None and since > best):
                best = since
                case.update(
                    status=said.status,
                    status_detail=said.status_detail,
                    status_since=_iso(since),
                    status_source=source.name,
                )
        case["deadlines"].sort(key=lambda d: d["date"])
        case["sources"].sort()
        cases.append(case)
    return cases


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None

"""Every configured source with its state: the ``/sources`` page and ``/api/sources``.

The objects carry the fields SPEC §2 gives ``sources --json`` (name, url, kind,
last_checked_at, outcome, next_due_at, failures, says), and the validators of
the next conditional GET.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casewatch.case.facts import Facts
from casewatch.config import Config
from casewatch.db import store
from casewatch.db.models import Check


def source_objects(session: Session, config: Config, now: dt.datetime) -> list[dict[str, Any]]:
    """One object per source in the config, in config order; a source never
    checked is due ``now``. Errors are masked with the config's redactor."""
    settings = config.settings
    rows = store.sources_by_name(session)
    newest = select(func.max(Check.id)).group_by(Check.source_id)
    checks = {c.source_id: c for c in session.scalars(select(Check).where(Check.id.in_(newest)))}
    said = store.current_facts(session)
    objects = []
    for source in settings.sources:
        row = rows.get(source.name)
        check = checks.get(row.id) if row else None
        last = row.last_checked_at if row else None
        facts = said.get(row.id) if row else None
        objects.append(
            {
                "name": source.name,
                "url": source.url,
                "kind": source.kind,
                "interval_seconds": int(settings.interval(source).total_seconds()),
                "last_checked_at": _iso(last),
                "outcome": check.outcome if check else None,
                "http_status": check.http_status if check else None,
                "error": config.redact(check.error) if check and check.error else None,
                "next_due_at": _iso(last + settings.interval(source) if last else now),
                "failures": row.consecutive_failures if row else 0,
                "failing": bool(row and row.failing),
                "removed": bool(row and row.removed),
                "validators": {
                    "etag": row.etag if row else None,
                    "last_modified": row.last_modified if row else None,
                },
                "says": _says(Facts.from_json(facts)) if facts is not None else None,
            }
        )
    return objects


def _says(facts: Facts) -> dict[str, Any]:
    return {
        "people": [
            {
                "person": p.person,
                "status": p.status,
                "status_detail": p.status_detail,
                "stated_on": None,  # the readers do not date statements yet
            }
            for p in facts.people
        ],
        "deadlines": [{"date": d.date.isoformat(), "label": d.label} for d in facts.deadlines],
        "ua_number": facts.ua_number,
        "signatures": facts.signatures,
        "signature_goal": facts.signature_goal,
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None

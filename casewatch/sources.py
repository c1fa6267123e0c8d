"""Every configured source with its state: ``casewatch sources --json``,
``/api/sources`` and the dashboard's ``/sources`` page (SPEC §2, §6), from
this one serialiser so that they cannot drift apart.

Each object holds the source's last check and outcome, when it is next due
(:func:`casewatch.due.next_due_at`, the rule ``run`` follows), its failures,
whether its page is removed, the validators of the next conditional GET,
and what its page says now (the facts on its state row, read for today's
people; a snapshot's own facts are what it said when first stored).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from casewatch.config import Config
from casewatch.db import queries
from casewatch.due import next_due_at

if TYPE_CHECKING:
    from casewatch.db.queries import Reader


def source_objects(session: Reader, config: Config) -> list[dict[str, Any]]:
    """One object per configured source, in config order. Times are ISO 8601
    in UTC; ``last_checked_at`` and ``next_due_at`` are null for a source
    never checked (it is due at the next run). Errors are masked with the
    config's redactor."""
    settings = config.settings
    rows = queries.source_states(session)
    checks = queries.last_checks(session)
    said = queries.current_facts(session)
    objects = []
    for source in settings.sources:
        row = rows.get(source.name)
        check = checks.get(row.id) if row else None
        # Null until a page was read (a first check that failed read nothing).
        facts = said.get(row.id) if row and row.snapshot_id is not None else None
        objects.append(
            {
                "name": source.name,
                "url": source.masked_url,
                "kind": source.kind,
                "interval_seconds": int(settings.interval(source).total_seconds()),
                "last_checked_at": _iso(row.last_checked_at if row else None),
                "outcome": check.outcome if check else None,
                "http_status": check.http_status if check else None,
                "error": config.redact(check.error) if check and check.error else None,
                "next_due_at": _iso(next_due_at(settings, source, row)),
                "failures": row.consecutive_failures if row else 0,
                "failing": bool(row and row.failing),
                "removed": bool(row and row.removed),
                "validators": {
                    "etag": row.etag if row else None,
                    "last_modified": row.last_modified if row else None,
                },
                "says": says(facts) if facts is not None else None,
            }
        )
    return objects


def says(facts: dict[str, Any] | None) -> dict[str, Any]:
    """What stored facts state, in the shape of SPEC §2; read straight from
    the stored JSON so that nothing the reader found is lost."""
    facts = facts or {}
    return {
        "people": [
            {
                "person": p.get("person"),
                "status": p.get("status"),
                "status_detail": p.get("status_detail") or "",
                "stated_on": p.get("stated_on"),
            }
            for p in facts.get("people") or ()
        ],
        "deadlines": [
            {"date": d.get("date"), "label": d.get("label"), "person": d.get("person")}
            for d in facts.get("deadlines") or ()
        ],
        "ua_number": facts.get("ua_number"),
        "signatures": facts.get("signatures"),
        "signature_goal": facts.get("signature_goal"),
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None

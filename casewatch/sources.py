"""Every configured source as ``casewatch sources`` shows it (SPEC §2): its
last check and outcome, when it is next due, its failures, and what its page
says now (the facts of its latest snapshot, as read)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from casewatch.config import Config
from casewatch.db import queries, store
from casewatch.due import next_due_at


def source_objects(session: Session, config: Config) -> list[dict[str, Any]]:
    """One object per configured source, in config order; times are ISO 8601
    in UTC, null where the source has never been checked."""
    settings = config.settings
    rows = store.sources_by_name(session)
    checks = queries.last_checks(session)
    snapshots = store.latest_snapshots(session)
    objects = []
    for source in settings.sources:
        row = rows.get(source.name)
        check = checks.get(row.id) if row else None
        snapshot = snapshots.get(row.id) if row else None
        due = next_due_at(settings, source, row)
        objects.append(
            {
                "name": source.name,
                "url": source.url,
                "kind": source.kind,
                "last_checked_at": _iso(row.last_checked_at if row else None),
                "outcome": check.outcome if check else None,
                "http_status": check.http_status if check else None,
                "error": config.redact(check.error) if check and check.error else None,
                "next_due_at": _iso(due),
                "failures": row.consecutive_failures if row else 0,
                "says": says(snapshot.facts) if snapshot else None,
            }
        )
    return objects


def says(facts: dict[str, Any] | None) -> dict[str, Any]:
    """What a snapshot's facts state, in the shape of SPEC §2; read straight
    from the stored JSON so that nothing the reader found is lost."""
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


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None

"""``casewatch history``, ``diff`` and ``cases``: reading the record."""

from __future__ import annotations

import argparse
import datetime as dt
import zoneinfo
from typing import Any

from casewatch.cases import case_overview
from casewatch.cli.common import open_app
from casewatch.cli.output import print_csv, print_json, print_table
from casewatch.db import queries
from casewatch.db.models import Event
from casewatch.errors import UsageError

HISTORY_FIELDS = ("id", "occurred_at", "kind", "person", "source", "url", "summary", "details")


def cmd_history(args: argparse.Namespace) -> int:
    app = open_app(args)
    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    people = []
    for query in args.person:
        name = app.people.resolve(query)
        if name is None:
            raise UsageError(f"--person {query!r} matches no watched person")
        people.append(name)
    unknown = sorted(set(args.source) - {s.name for s in app.config.settings.sources})
    if unknown:
        raise UsageError(f"no source named {', '.join(map(repr, unknown))} in {app.config.path}")
    where = queries.HistoryFilter(
        people=people,
        sources=args.source,
        kinds=args.kind,
        since=parse_moment(args.since, tz, end_of_day=False),
        until=parse_moment(args.until, tz, end_of_day=True),
    )
    with app.sessions() as session:
        rows = [event_row(e) for e in queries.history(session, where)]
    if args.format == "json":
        print_json(rows)
    elif args.format == "csv":
        print_csv(rows, HISTORY_FIELDS)
    else:
        print_table(
            [
                (
                    r["id"],
                    _local(r["occurred_at"], tz),
                    r["kind"],
                    r["person"],
                    r["source"],
                    r["summary"],
                )
                for r in rows
            ],
            ("id", "when", "kind", "person", "source", "summary"),
            empty="no events",
        )
    return 0


def event_row(event: Event) -> dict[str, Any]:
    details = dict(event.details)
    url = details.pop("url", None) or (event.source.url if event.source else None)
    return {
        "id": event.id,
        "occurred_at": event.occurred_at.isoformat(),
        "kind": event.kind,
        "person": event.person,
        "source": event.source.name if event.source else None,
        "url": url,
        "summary": event.summary,
        "details": details,
    }


def parse_moment(text: str | None, tz: dt.tzinfo, *, end_of_day: bool) -> dt.datetime | None:
    """An ISO date (the day in the configured zone) or an offset date-time."""
    if text is None:
        return None
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min, tz)
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not an ISO 8601 date or date-time") from None
    if moment.tzinfo is None:
        raise UsageError(f"{text!r} has no UTC offset (e.g. 2026-11-26T10:00+03:00)")
    return moment


def _local(iso: str, tz: dt.tzinfo) -> str:
    return dt.datetime.fromisoformat(iso).astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _when(moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M} ({tz.key})"


def cmd_diff(args: argparse.Namespace) -> int:
    app = open_app(args)
    with app.sessions() as session:
        event = queries.event(session, args.event_id)
        if event is None:
            raise UsageError(f"no event {args.event_id}")
        source = event.source.name if event.source else "-"
        tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
        print(f"event {event.id} · {event.kind} · {source} · {_when(event.occurred_at, tz)}")
        print(event.summary)
        if event.diff is None:
            print("(this event has no stored diff)")
            return 0
        for title, snapshot in (
            ("before", event.diff.old_snapshot),
            ("after", event.diff.new_snapshot),
        ):
            print(f"\n=== {title} (snapshot {snapshot.id}, {_when(snapshot.created_at, tz)})")
            print(snapshot.text)
        print("\n=== diff")
        print(event.diff.unified)
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    app = open_app(args)
    with app.sessions() as session:
        cases = case_overview(session, app.config)
    if args.json:
        print_json(cases)
        return 0
    print_table(
        [
            (
                c["person"],
                c["status"] + (f" ({c['status_detail']})" if c["status_detail"] else ""),
                (c["status_since"] or "")[:10],
                c["status_source"],
                next((f"{d['date']} {d['label']}" for d in c["deadlines"]), ""),
            )
            for c in cases
        ],
        ("person", "status", "since", "source", "next deadline"),
        empty="no people configured",
    )
    return 0

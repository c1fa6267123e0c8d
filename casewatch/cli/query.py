"""``casewatch history``, ``diff`` and ``cases``: reading the record."""

from __future__ import annotations

import argparse
import datetime as dt
import zoneinfo

from casewatch import views
from casewatch.cli.common import open_app
from casewatch.cli.output import print_csv, print_json, print_table
from casewatch.db import queries
from casewatch.errors import UsageError


def cmd_history(args: argparse.Namespace) -> int:
    app = open_app(args)
    tz = zoneinfo.ZoneInfo(app.config.settings.alerts.timezone)
    asked = views.HistoryQuery(args.person, args.source, args.kind, args.since, args.until)
    where = views.history_filter(app.config, app.people, asked)
    with app.sessions() as session:
        rows = views.history_objects(session, where)
    if args.format == "json":
        print_json(rows)
    elif args.format == "csv":
        print_csv(rows, views.HISTORY_FIELDS)
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
        cases = views.case_objects(session, app.config)
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
